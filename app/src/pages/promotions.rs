//! P5: promotions — a discount on items or categories, a points multiplier,
//! recharge bonus tiers or a gift on recharge; each from a first to a last day,
//! in some stores or all, on some weekdays, optionally only in the member's
//! birthday week or month. Never edited (receipts name them): switched off.
//! The rule by which they meet the level discount is chosen here too.

use super::forms::{SavedNote, Submitted, money};
use super::layout::{SettingsTabs, Signed};
use crate::api::{
    AddPromotion, Names, PromotionsPage as PageData, SavePromotionRule, SetPromotionActive,
    load_promotions,
};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::access::Section;
use domain::promotion::{BirthdayOnly, Offer, Promotion, PromotionForm, Target};
use leptos::prelude::*;

const WEEKDAYS: [usize; 7] = [0, 1, 2, 3, 4, 5, 6];

fn weekday_name(i18n: leptos_i18n::I18nContext<Locale>, n: usize) -> String {
    let names = [
        t_string!(i18n, weekday_mon),
        t_string!(i18n, weekday_tue),
        t_string!(i18n, weekday_wed),
        t_string!(i18n, weekday_thu),
        t_string!(i18n, weekday_fri),
        t_string!(i18n, weekday_sat),
        t_string!(i18n, weekday_sun),
    ];
    names[n % 7].to_string()
}

/// What a promotion gives, as the owner (or a cashier) reads it.
pub fn offer_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    p: &Promotion,
    names: &Names,
    symbol: &str,
) -> String {
    let name_in = |list: &[(i64, String)], id: i64| {
        list.iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| format!("#{id}"))
    };
    match &p.offer {
        Offer::Discount { target, rate_bp } => {
            let target = match target {
                Target::Everything => t_string!(i18n, promotion_all_items).to_string(),
                Target::Category(id) => name_in(&names.categories, *id),
                Target::Item(id) => name_in(&names.items, *id),
            };
            let style = super::levels::style_of(i18n.get_locale());
            format!("{target} {}", domain::level::rate_text(*rate_bp, style))
        }
        Offer::Points { factor_pct } => {
            let factor = domain::points::rate_text(*factor_pct);
            t_string!(i18n, promotion_points_text, factor = factor).to_string()
        }
        Offer::RechargeBonus { tiers } => tiers
            .iter()
            .map(|t| {
                let (pay, bonus) = (money(t.pay_fen, symbol), money(t.bonus_fen, symbol));
                t_string!(i18n, promotion_tier_text, pay = pay, bonus = bonus).to_string()
            })
            .collect::<Vec<_>>()
            .join("，"),
        Offer::RechargeGift { min_fen, gift_id } => {
            let (min, gift) = (money(*min_fen, symbol), name_in(&names.gifts, *gift_id));
            t_string!(i18n, promotion_gift_text, min = min, gift = gift).to_string()
        }
    }
}

/// When it runs: its days, weekdays and birthday condition.
fn when_text(i18n: leptos_i18n::I18nContext<Locale>, p: &Promotion) -> String {
    let mut parts = vec![format!("{} – {}", p.first_day, p.last_day)];
    if p.weekdays != domain::promotion::EVERY_DAY {
        let days: Vec<String> = WEEKDAYS
            .iter()
            .filter(|n| p.weekdays & (1 << **n) != 0)
            .map(|n| weekday_name(i18n, *n))
            .collect();
        parts.push(days.join("、"));
    }
    match p.birthday {
        BirthdayOnly::No => {}
        BirthdayOnly::Week => parts.push(t_string!(i18n, promotion_birthday_week).to_string()),
        BirthdayOnly::Month => parts.push(t_string!(i18n, promotion_birthday_month).to_string()),
    }
    parts.join(" · ")
}

fn stores_text(i18n: leptos_i18n::I18nContext<Locale>, p: &Promotion, page: &PageData) -> String {
    if p.stores.is_empty() {
        return t_string!(i18n, all_stores).to_string();
    }
    p.stores
        .iter()
        .map(|id| {
            page.stores
                .iter()
                .find(|(i, _)| i == id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("、")
}

#[component]
pub fn PromotionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddPromotion>::new();
    let switch = ServerAction::<SetPromotionActive>::new();
    let rule = ServerAction::<SavePromotionRule>::new();
    let page = Resource::new(
        move || (super::runs(add.version()), super::runs(switch.version())),
        |_| load_promotions(),
    );
    let kind = RwSignal::new("discount".to_owned());
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        let stores = page
            .get_untracked()
            .and_then(Result::ok)
            .map(|p| p.stores)
            .unwrap_or_default()
            .into_iter()
            .filter(|(id, _)| f.checked(&format!("store_{id}")).is_some())
            .map(|(id, _)| id)
            .collect();
        let weekdays = WEEKDAYS
            .iter()
            .filter(|n| f.checked(&format!("weekday_{n}")).is_some())
            .map(|n| *n as u8)
            .collect();
        add.dispatch(AddPromotion {
            form: PromotionForm {
                name: f.text("name"),
                kind: f.text("kind"),
                first_day: f.text("first_day"),
                last_day: f.text("last_day"),
                stores,
                weekdays,
                birthday: f.text("birthday"),
                rate: f.text("rate"),
                style: super::levels::style_code(i18n.get_locale_untracked()),
                target: f.text("target"),
                factor: f.text("factor"),
                tiers: f.text("tiers"),
                gift_id: f.text("gift_id"),
                min: f.text("min"),
            },
        });
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            kind.set("discount".into());
        }
    });
    let on_rule = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        rule.dispatch(SavePromotionRule {
            with_level: f.text("with_level"),
        });
    };
    let body = move || {
        Suspend::new(async move {
            let page = match page.await {
                Ok(p) => p,
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            let today = domain::day::Day::parse(&page.today, domain::Field::FirstDay).ok();
            let rows = page
                .promotions
                .iter()
                .map(|p| {
                    let (id, active) = (p.id, p.active);
                    let status = match today {
                        _ if !active => t_string!(i18n, inactive),
                        Some(d) if d > p.last_day => t_string!(i18n, promotion_ended),
                        Some(d) if d < p.first_day => t_string!(i18n, promotion_upcoming),
                        _ => t_string!(i18n, promotion_running),
                    };
                    view! {
                        <tr>
                            <td>{p.name.clone()}</td>
                            <td>{offer_text(i18n, p, &page.names, &page.currency_symbol)}</td>
                            <td>{when_text(i18n, p)}</td>
                            <td>{stores_text(i18n, p, &page)}</td>
                            <td>{status}</td>
                            <td>
                                <button class="link" disabled=switch.pending()
                                    on:click=move |_| { switch.dispatch(SetPromotionActive { id, active: !active }); }>
                                    {if active { t!(i18n, promotion_switch_off).into_any() } else { t!(i18n, promotion_switch_on).into_any() }}
                                </button>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            let rule_now = page.with_level.clone();
            let form =
                view! { <PromotionFormView page=page.clone() kind=kind on_add=on_add add=add /> };
            view! {
                <form class="form inline" id="promotion-rule-form" novalidate on:submit=on_rule>
                    <label>{t!(i18n, field_promotion_with_level)}
                        <select name="with_level">
                            <option value="better" selected=rule_now == "better">{t!(i18n, promotion_rule_better)}</option>
                            <option value="both" selected=rule_now == "both">{t!(i18n, promotion_rule_both)}</option>
                        </select>
                    </label>
                    <ErrorNote error=action_error(rule.value()) />
                    <button type="submit" disabled=rule.pending()>{t!(i18n, save)}</button>
                    {move || matches!(rule.value().get(), Some(Ok(()))).then(|| view! { <p class="ok saved" role="status">{t!(i18n, saved)}</p> })}
                </form>
                <p class="muted">{t!(i18n, promotion_rule_help)}</p>
                <div class="scroll">
                <table class="list" id="promotions">
                    <thead><tr>
                        <th>{t!(i18n, field_promotion_name)}</th><th>{t!(i18n, promotion_column_offer)}</th>
                        <th>{t!(i18n, promotion_column_days)}</th><th>{t!(i18n, field_promotion_stores)}</th>
                        <th>{t!(i18n, status)}</th><th><span class="sr-only">{t!(i18n, promotion_switch_off)}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                </div>
                <h2>{t!(i18n, promotion_add)}</h2>
                {form}
            }
            .into_any()
        })
    };
    view! {
        <Signed section=Section::Settings>
            <SettingsTabs />
            <h1>{t!(i18n, nav_promotions)}</h1>
            <p class="muted">{t!(i18n, promotions_intro)}</p>
            <SavedNote action=add form_id="promotion-form" name_field="name" />
            <Transition fallback=|| ()>{body}</Transition>
        </Signed>
    }
}

/// The new-promotion form: the fields of the chosen kind only.
#[component]
fn PromotionFormView<F>(
    page: PageData,
    kind: RwSignal<String>,
    on_add: F,
    add: ServerAction<AddPromotion>,
) -> impl IntoView
where
    F: Fn(leptos::ev::SubmitEvent) + 'static,
{
    let i18n = use_i18n();
    let PageData {
        stores,
        names: Names {
            gifts,
            categories,
            items,
        },
        today,
        ..
    } = page;
    let targets = move || {
        let mut options =
            vec![view! { <option value="all">{t!(i18n, promotion_all_items)}</option> }.into_any()];
        for (id, name) in &categories {
            let label = format!("{} {name}", t_string!(i18n, promotion_category));
            options
                .push(view! { <option value=format!("category:{id}")>{label}</option> }.into_any());
        }
        for (id, name) in &items {
            let label = format!("{} {name}", t_string!(i18n, promotion_item));
            options.push(view! { <option value=format!("item:{id}")>{label}</option> }.into_any());
        }
        options
    };
    let gift_options = move || {
        gifts
            .iter()
            .map(|(id, name)| view! { <option value=*id>{name.clone()}</option> })
            .collect_view()
    };
    let store_boxes = stores
        .iter()
        .map(|(id, name)| view! { <label class="check"><input type="checkbox" name=format!("store_{id}") />{name.clone()}</label> })
        .collect_view();
    let weekday_boxes = WEEKDAYS
        .iter()
        .map(|n| view! { <label class="check"><input type="checkbox" name=format!("weekday_{n}") />{weekday_name(i18n, *n)}</label> })
        .collect_view();
    let is = move |k: &'static str| move || kind.get() == k;
    view! {
        <form class="form" id="promotion-form" novalidate on:submit=on_add>
            <label>{t!(i18n, field_promotion_name)}<input name="name" maxlength=domain::promotion::NAME_MAX_CHARS /></label>
            <label>{t!(i18n, field_promotion_kind)}
                <select name="kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="discount">{t!(i18n, promotion_kind_discount)}</option>
                    <option value="points">{t!(i18n, promotion_kind_points)}</option>
                    <option value="recharge_bonus">{t!(i18n, promotion_kind_recharge_bonus)}</option>
                    <option value="recharge_gift">{t!(i18n, promotion_kind_recharge_gift)}</option>
                </select>
            </label>
            <Show when=is("discount")>
                <label>{t!(i18n, field_promotion_target)}<select name="target">{targets()}</select></label>
                <label>{t!(i18n, field_discount_rate)}<input name="rate" inputmode="decimal" maxlength=8 /></label>
            </Show>
            <Show when=is("points")>
                <label>{t!(i18n, field_multiplier)}<input name="factor" inputmode="decimal" maxlength=8 /><small class="muted">{t!(i18n, promotion_factor_hint)}</small></label>
            </Show>
            <Show when=is("recharge_bonus")>
                <label>{t!(i18n, field_recharge_tiers)}<input name="tiers" maxlength=300 /><small class="muted">{t!(i18n, promotion_tiers_hint)}</small></label>
            </Show>
            <Show when=is("recharge_gift")>
                <label>{t!(i18n, field_gift)}<select name="gift_id">{gift_options()}</select></label>
                <label>{t!(i18n, field_gift_minimum)}<input name="min" inputmode="decimal" maxlength=24 /></label>
            </Show>
            <label>{t!(i18n, field_first_day)}<input name="first_day" type="date" value=today.clone() /></label>
            <label>{t!(i18n, field_last_day)}<input name="last_day" type="date" /></label>
            <fieldset class="checks"><legend>{t!(i18n, field_weekdays)}</legend><small class="muted">{t!(i18n, promotion_every_day_hint)}</small>{weekday_boxes}</fieldset>
            <Show when=move || kind.get() == "discount" || kind.get() == "points">
                <label>{t!(i18n, field_birthday_offer)}
                    <select name="birthday">
                        <option value="no">{t!(i18n, promotion_birthday_no)}</option>
                        <option value="week">{t!(i18n, promotion_birthday_week)}</option>
                        <option value="month">{t!(i18n, promotion_birthday_month)}</option>
                    </select>
                </label>
            </Show>
            <fieldset class="checks"><legend>{t!(i18n, field_promotion_stores)}</legend><small class="muted">{t!(i18n, promotion_all_stores_hint)}</small>{store_boxes}</fieldset>
            <ErrorNote error=action_error(add.value()) />
            <button type="submit" class="primary" disabled=add.pending()>{t!(i18n, promotion_add)}</button>
        </form>
    }
}
