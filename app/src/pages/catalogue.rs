//! C1: the minimal catalogue — categories and items that count and time plans cover.

use super::forms::{Submitted, money};
use super::layout::{SettingsTabs, Signed};
use crate::api::{SaveCategory, SaveItem, load_catalogue};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::access::Section;
use domain::catalogue::{CODE_MAX_CHARS, CategoryForm, Item, ItemForm, NAME_MAX_CHARS};
use leptos::prelude::*;

#[component]
pub fn CataloguePage() -> impl IntoView {
    let i18n = use_i18n();
    let save_category = ServerAction::<SaveCategory>::new();
    let save_item = ServerAction::<SaveItem>::new();
    let catalogue = Resource::new(
        move || (save_category.version().get(), save_item.version().get()),
        |_| load_catalogue(),
    );
    let editing = RwSignal::new(None::<Item>);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save_item.value().get() {
            editing.set(None);
        }
    });
    let on_category = move |ev: leptos::ev::SubmitEvent| {
        if let Some(f) = Submitted::of(&ev) {
            save_category.dispatch(SaveCategory {
                form: CategoryForm {
                    code: f.text("code"),
                    name: f.text("name"),
                },
            });
        }
    };
    let body = move || {
        Suspend::new(async move {
            let c = match catalogue.await {
                Ok(c) => c,
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            let categories = c.categories.clone();
            let name_of = move |id: Option<i64>| {
                id.and_then(|id| categories.iter().find(|x| x.id == id))
                    .map(|x| x.name.clone())
                    .unwrap_or_default()
            };
            let category_options = StoredValue::new(c.categories.clone());
            let on_item = move |ev: leptos::ev::SubmitEvent| {
                let Some(f) = Submitted::of(&ev) else { return };
                let id = editing.get_untracked().map(|i| i.id).unwrap_or(0);
                save_item.dispatch(SaveItem {
                    id,
                    form: ItemForm {
                        code: f.text("code"),
                        name: f.text("name"),
                        price: f.text("price"),
                        category_id: f.id("category_id"),
                    },
                });
            };
            view! {
                <h2>{t!(i18n, categories)}</h2>
                <table class="list" id="categories">
                    <thead><tr><th>{t!(i18n, field_category_code)}</th><th>{t!(i18n, field_category_name)}</th></tr></thead>
                    <tbody>{c.categories.iter().map(|x| view! { <tr><td>{x.code.clone()}</td><td>{x.name.clone()}</td></tr> }).collect_view()}</tbody>
                </table>
                <form class="form inline" id="category-form" novalidate on:submit=on_category>
                    <label>{t!(i18n, field_category_code)}<input name="code" maxlength=CODE_MAX_CHARS /></label>
                    <label>{t!(i18n, field_category_name)}<input name="name" maxlength=NAME_MAX_CHARS /></label>
                    <ErrorNote error=action_error(save_category.value()) />
                    <button type="submit" disabled=save_category.pending()>{t!(i18n, categories_add)}</button>
                </form>
                <h2>{t!(i18n, items)}</h2>
                <table class="list" id="items">
                    <thead><tr><th>{t!(i18n, field_item_code)}</th><th>{t!(i18n, field_item_name)}</th><th>{t!(i18n, field_price)}</th><th>{t!(i18n, field_category_name)}</th><th>{t!(i18n, actions)}</th></tr></thead>
                    <tbody>
                        {c.items.iter().map(|item| {
                            let shown = item.clone();
                            view! {
                                <tr>
                                    <td>{item.code.clone()}</td><td>{item.name.clone()}</td>
                                    <td class="num">{money(item.price_fen, "")}</td><td>{name_of(item.category_id)}</td>
                                    <td><button class="link" on:click=move |_| editing.set(Some(shown.clone()))>{t!(i18n, edit)}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {move || {
                    let item = editing.get();
                    let (code, name, price, category) = item
                        .as_ref()
                        .map(|i| (i.code.clone(), i.name.clone(), money(i.price_fen, ""), i.category_id.unwrap_or(0)))
                        .unwrap_or_default();
                    let options = category_options.get_value().into_iter()
                        .map(|x| view! { <option value=x.id selected=x.id == category>{x.name.clone()}</option> })
                        .collect_view();
                    view! {
                        <section class="card">
                            <h2>{if item.is_some() { t!(i18n, items_edit).into_any() } else { t!(i18n, items_add).into_any() }}</h2>
                            <form class="form" id="item-form" novalidate on:submit=on_item>
                                <label>{t!(i18n, field_item_code)}<input name="code" value=code maxlength=CODE_MAX_CHARS /></label>
                                <label>{t!(i18n, field_item_name)}<input name="name" value=name maxlength=NAME_MAX_CHARS /></label>
                                <label>{t!(i18n, field_price)}<input name="price" inputmode="decimal" value=price maxlength=24 /></label>
                                <label>{t!(i18n, field_category_name)}<select name="category_id"><option value="0">"—"</option>{options}</select></label>
                                <ErrorNote error=action_error(save_item.value()) />
                                <div class="buttons">
                                    <button type="submit" class="primary" disabled=save_item.pending()>{t!(i18n, save)}</button>
                                    {item.is_some().then(|| view! { <button type="button" on:click=move |_| editing.set(None)>{t!(i18n, cancel)}</button> })}
                                </div>
                            </form>
                        </section>
                    }
                }}
            }
            .into_any()
        })
    };
    view! {
        <Signed section=Section::Settings>
            <SettingsTabs />
            <h1>{t!(i18n, nav_catalogue)}</h1>
            <p class="muted">{t!(i18n, catalogue_intro)}</p>
            <Transition fallback=|| ()>{body}</Transition>
        </Signed>
    }
}
