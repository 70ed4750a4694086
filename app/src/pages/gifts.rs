//! P3: the gift catalogue — a points price each, a stock per store, switched
//! off rather than deleted (redemptions keep their gift).

use super::forms::{SavedNote, Submitted};
use super::layout::{SettingsTabs, Signed};
use crate::api::{SaveGift, SetGiftStock, list_gifts, list_stores};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::access::Section;
use domain::gift::{GIFT_NAME_MAX_CHARS, Gift, GiftForm};
use leptos::prelude::*;

#[component]
pub fn GiftsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveGift>::new();
    let stock = ServerAction::<SetGiftStock>::new();
    let changed = RwSignal::new(0_usize);
    for ok in [
        Signal::derive(move || matches!(save.value().get(), Some(Ok(_)))),
        Signal::derive(move || matches!(stock.value().get(), Some(Ok(_)))),
    ] {
        Effect::new(move |_| {
            if ok.get() {
                changed.update(|n| *n += 1);
            }
        });
    }
    let gifts = Resource::new(move || changed.get(), |_| list_gifts());
    let stores = Resource::new(|| (), |_| list_stores());
    let editing = RwSignal::new(None::<Gift>);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            editing.set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = stock.value().get() {
            super::forms::clear_form("gift-stock-form");
        }
    });
    let on_gift = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        save.dispatch(SaveGift {
            id: editing.get_untracked().map_or(0, |g| g.id),
            form: GiftForm {
                name: f.text("name"),
                points_price: f.text("points_price"),
                inactive: f.checked("inactive").is_some(),
            },
        });
    };
    let on_stock = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        stock.dispatch(SetGiftStock {
            gift_id: f.id("gift_id"),
            store_id: f.id("store_id"),
            quantity: f.text("quantity"),
        });
    };
    let body = move || {
        Suspend::new(async move {
            let gifts = match gifts.await {
                Ok(g) => g,
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            let stores = stores.await.unwrap_or_default();
            let store_name = {
                let stores = stores.clone();
                move |id: i64| {
                    stores
                        .iter()
                        .find(|s| s.id == id)
                        .map(|s| s.name.clone())
                        .unwrap_or_default()
                }
            };
            let gift_options = gifts
                .iter()
                .map(|g| view! { <option value=g.id>{g.name.clone()}</option> })
                .collect_view();
            let store_options = stores
                .iter()
                .filter(|s| s.active)
                .map(|s| view! { <option value=s.id>{s.name.clone()}</option> })
                .collect_view();
            view! {
                <div class="scroll">
                <table class="list" id="gifts">
                    <thead><tr>
                        <th>{t!(i18n, field_gift_name)}</th><th>{t!(i18n, field_points_price)}</th>
                        <th>{t!(i18n, gift_stock)}</th><th>{t!(i18n, status)}</th><th><span class="sr-only">{t!(i18n, edit)}</span></th>
                    </tr></thead>
                    <tbody>
                        {gifts.iter().map(|g| {
                            let shown = g.clone();
                            let stock = g.stock.iter().map(|(store, n)| format!("{} {n}", store_name(*store))).collect::<Vec<_>>().join(" · ");
                            view! {
                                <tr>
                                    <td>{g.name.clone()}</td><td class="num">{g.points_price}</td><td>{stock}</td>
                                    <td>{if g.active { t!(i18n, gift_on).into_any() } else { t!(i18n, inactive).into_any() }}</td>
                                    <td><button class="link" on:click=move |_| editing.set(Some(shown.clone()))>{t!(i18n, edit)}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
                {move || {
                    let g = editing.get();
                    let (name, price, inactive) = g.as_ref().map(|g| (g.name.clone(), g.points_price.to_string(), !g.active)).unwrap_or_default();
                    view! {
                        <form class="form inline" id="gift-form" novalidate on:submit=on_gift>
                            <label>{t!(i18n, field_gift_name)}<input name="name" value=name maxlength=GIFT_NAME_MAX_CHARS /></label>
                            <label>{t!(i18n, field_points_price)}<input name="points_price" inputmode="numeric" value=price maxlength=domain::points::NUMBER_MAX_CHARS /></label>
                            <label class="check"><input type="checkbox" name="inactive" checked=inactive />{t!(i18n, gift_inactive)}</label>
                            <ErrorNote error=action_error(save.value()) />
                            <button type="submit" class="primary" disabled=save.pending()>{if g.is_some() { t!(i18n, save).into_any() } else { t!(i18n, gift_add).into_any() }}</button>
                        </form>
                    }
                }}
                <h2>{t!(i18n, gift_stock)}</h2>
                <form class="form inline" id="gift-stock-form" novalidate on:submit=on_stock>
                    <label>{t!(i18n, field_gift)}<select name="gift_id">{gift_options}</select></label>
                    <label>{t!(i18n, field_store_name)}<select name="store_id">{store_options}</select></label>
                    <label>{t!(i18n, field_stock)}<input name="quantity" inputmode="numeric" maxlength=domain::points::NUMBER_MAX_CHARS /></label>
                    <ErrorNote error=action_error(stock.value()) />
                    <button type="submit" disabled=stock.pending()>{t!(i18n, gift_set_stock)}</button>
                </form>
            }
            .into_any()
        })
    };
    view! {
        <Signed section=Section::Settings>
            <SettingsTabs />
            <h1>{t!(i18n, nav_gifts)}</h1>
            <p class="muted">{t!(i18n, gifts_intro)}</p>
            <SavedNote action=save form_id="gift-form" name_field="name" />
            <Transition fallback=|| ()>{body}</Transition>
        </Signed>
    }
}
