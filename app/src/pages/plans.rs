//! C1: card plans a shop sells, and the custom member fields (M1).

use super::forms::{SavedNote, Submitted, money};
use super::layout::{SettingsTabs, Signed};
use crate::api::{
    AddMemberField, Catalogue, RemoveMemberField, SavePlan, SetPlanActive, list_plans, list_stores,
    load_catalogue, member_fields,
};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use crate::text::{card_kind_label, custom_kind_label};
use domain::access::Section;
use domain::card::{CardKind, TimeSpan};
use domain::member::{CustomFieldForm, CustomKind};
use domain::plan::{PLAN_NAME_MAX_CHARS, Plan, PlanForm, join_ids};
use leptos::prelude::*;
use leptos_i18n::td_string;

fn validity_label(locale: Locale, span: Option<TimeSpan>) -> String {
    match span {
        None => td_string!(locale, validity_none).to_string(),
        Some(TimeSpan::Month) => td_string!(locale, validity_month).to_string(),
        Some(TimeSpan::Season) => td_string!(locale, validity_season).to_string(),
        Some(TimeSpan::Year) => td_string!(locale, validity_year).to_string(),
        Some(TimeSpan::Days(n)) => td_string!(locale, validity_n_days, n = n).to_string(),
    }
}

#[component]
pub fn PlansPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SavePlan>::new();
    let set_active = ServerAction::<SetPlanActive>::new();
    let plans = Resource::new(
        move || {
            (
                super::runs(save.version()),
                super::runs(set_active.version()),
            )
        },
        |_| list_plans(),
    );
    let stores = Resource::new(|| (), |_| list_stores());
    let catalogue = Resource::new(|| (), |_| load_catalogue(String::new()));
    let editing = RwSignal::new(None::<Plan>);
    // A saved plan's form starts over, empty, and says what was saved.
    let fresh = RwSignal::new(0_usize);
    let saved = RwSignal::new(None::<String>);
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            editing.set(None);
            saved.set(Some(typed.get_untracked()));
            fresh.update(|n| *n += 1);
        }
    });
    let list = move || {
        Suspend::new(async move {
            let plans = match plans.await {
                Ok(p) => p,
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            view! {
                <table class="list" id="plans">
                    <thead><tr>
                        <th>{t!(i18n, field_plan_name)}</th><th>{t!(i18n, field_card_kind)}</th><th>{t!(i18n, field_price)}</th>
                        <th>{t!(i18n, on_card)}</th><th>{t!(i18n, field_validity)}</th><th>{t!(i18n, status)}</th><th>{t!(i18n, actions)}</th>
                    </tr></thead>
                    <tbody>
                        {plans.into_iter().map(|p| {
                            let (kind, span, active, id) = (p.kind, p.validity, p.active, p.id);
                            let on_card = match kind {
                                CardKind::StoredValue => format!("{} + {}", money(p.price_fen, ""), money(p.bonus_fen, "")),
                                CardKind::Count => p.visits.to_string(),
                                CardKind::Time => String::new(),
                            };
                            let shown = p.clone();
                            view! {
                                <tr class:inactive=!active>
                                    <td>{p.name.clone()}</td>
                                    <td>{move || card_kind_label(i18n.get_locale(), kind)}</td>
                                    <td class="num">{money(p.price_fen, "")}</td>
                                    <td class="num">{on_card}</td>
                                    <td>{move || validity_label(i18n.get_locale(), span)}</td>
                                    <td>{move || if active { t_string!(i18n, in_use) } else { t_string!(i18n, inactive) }}</td>
                                    <td class="actions">
                                        <button class="link" on:click=move |_| editing.set(Some(shown.clone()))>{t!(i18n, edit)}</button>
                                        <button class="link" on:click=move |_| { set_active.dispatch(SetPlanActive { id, active: !active }); }>
                                            {move || if active { t_string!(i18n, deactivate) } else { t_string!(i18n, activate) }}
                                        </button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        })
    };
    let form = move || {
        let plan = editing.get();
        fresh.track();
        Suspend::new(async move {
            let stores = stores.await.unwrap_or_default();
            let catalogue = catalogue.await.unwrap_or_default();
            view! { <PlanFormView plan stores catalogue save editing typed /> }
        })
    };
    view! {
        <Signed section=Section::Settings>
            <SettingsTabs />
            <h1>{t!(i18n, nav_plans)}</h1>
            <ErrorNote error=action_error(set_active.value()) />
            <Transition fallback=|| ()>{list}</Transition>
            {move || saved.get().map(|name| view! { <p class="ok" role="status" id="plan-saved">{t!(i18n, saved_named, name = name)}</p> })}
            <Transition fallback=|| ()>{form}</Transition>
        </Signed>
    }
}

#[component]
fn PlanFormView(
    plan: Option<Plan>,
    stores: Vec<domain::store::Store>,
    catalogue: Catalogue,
    save: ServerAction<SavePlan>,
    editing: RwSignal<Option<Plan>>,
    /// The name as sent, for the "saved" note.
    typed: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = plan.as_ref().map(|p| p.id).unwrap_or(0);
    let form = plan
        .as_ref()
        .map(PlanForm::from_plan)
        .unwrap_or_else(|| PlanForm {
            kind: "stored_value".into(),
            validity: "none".into(),
            ..PlanForm::default()
        });
    let kind = RwSignal::new(form.kind.clone());
    let chosen = RwSignal::new(
        plan.as_ref()
            .map(|p| p.store_ids.clone())
            .unwrap_or_default(),
    );
    let chosen_items = RwSignal::new(
        plan.as_ref()
            .map(|p| p.item_ids.clone())
            .unwrap_or_default(),
    );
    let chosen_categories = RwSignal::new(
        plan.as_ref()
            .map(|p| p.category_ids.clone())
            .unwrap_or_default(),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        typed.set(f.text("name").trim().to_owned());
        save.dispatch(SavePlan {
            id,
            form: PlanForm {
                name: f.text("name"),
                kind: if id == 0 {
                    f.text("kind")
                } else {
                    kind.get_untracked()
                },
                price: f.text("price"),
                bonus: f.text("bonus"),
                visits: f.text("visits"),
                visits_per_unit: f.text("visits_per_unit"),
                validity: f.text("validity"),
                validity_days: f.text("validity_days"),
                recharge_every: f.text("recharge_every"),
                recharge_bonus: f.text("recharge_bonus"),
                stores: join_ids(&chosen.get_untracked()),
                items: join_ids(&chosen_items.get_untracked()),
                categories: join_ids(&chosen_categories.get_untracked()),
                card_prefix: f.text("card_prefix"),
                next_card_no: f.text("next_card_no"),
            },
        });
    };
    let kinds = CardKind::ALL.map(|k| view! { <option value=k.code() selected=k.code() == form.kind>{move || card_kind_label(i18n.get_locale(), k)}</option> });
    let spans = ["none", "month", "season", "year", "days"].map(|code| {
        let span = if code == "days" {
            Some(TimeSpan::Days(30))
        } else {
            TimeSpan::from_code(code)
        };
        let label = move || {
            if code == "days" {
                t_string!(i18n, validity_days).to_string()
            } else {
                validity_label(i18n.get_locale(), span)
            }
        };
        view! { <option value=code selected=code == form.validity>{label}</option> }
    });
    let store_boxes = stores
        .into_iter()
        .filter(|s| s.active)
        .map(|s| check_box(chosen, s.id, s.name))
        .collect_view();
    let item_boxes = catalogue
        .items
        .into_iter()
        .filter(|i| i.active)
        .map(|i| check_box(chosen_items, i.id, i.name))
        .collect_view();
    let category_boxes = catalogue
        .categories
        .into_iter()
        .map(|c| check_box(chosen_categories, c.id, c.name))
        .collect_view();
    let is = move |k: &'static str| kind.get() == k;
    view! {
        <section class="card">
            <h2>{if id == 0 { t!(i18n, plans_add).into_any() } else { t!(i18n, plans_edit).into_any() }}</h2>
            <form class="form" id="plan-form" novalidate on:submit=on_submit>
                <label>{t!(i18n, field_plan_name)}<input name="name" value=form.name maxlength=PLAN_NAME_MAX_CHARS /></label>
                <label>{t!(i18n, field_card_kind)}<select name="kind" disabled=id != 0 on:change=move |ev| kind.set(event_target_value(&ev))>{kinds}</select></label>
                <label>{t!(i18n, field_price)}<input name="price" inputmode="decimal" value=form.price maxlength=24 /></label>
                <Show when=move || is("stored_value")>
                    <label>{t!(i18n, field_bonus)}<input name="bonus" inputmode="decimal" value=form.bonus.clone() maxlength=24 /></label>
                    <label>{t!(i18n, field_recharge_every)}<input name="recharge_every" inputmode="decimal" value=form.recharge_every.clone() maxlength=24 /></label>
                    <label>{t!(i18n, field_recharge_bonus)}<input name="recharge_bonus" inputmode="decimal" value=form.recharge_bonus.clone() maxlength=24 /></label>
                </Show>
                <Show when=move || is("count")>
                    <label>{t!(i18n, field_visits)}<input name="visits" inputmode="numeric" value=form.visits.clone() maxlength=4 /></label>
                    <label>{t!(i18n, field_visits_per_unit)}<input name="visits_per_unit" inputmode="numeric" value=form.visits_per_unit.clone() maxlength=4 placeholder="1" /></label>
                </Show>
                <label>{t!(i18n, field_card_prefix)}<input name="card_prefix" value=form.card_prefix.clone() maxlength=domain::plan::CARD_PREFIX_MAX_CHARS autocomplete="off" placeholder="K" /></label>
                <label>{t!(i18n, field_next_card_no)}<input name="next_card_no" inputmode="numeric" value=form.next_card_no.clone() maxlength=9 autocomplete="off" /></label>
                <label>{t!(i18n, field_validity)}<select name="validity">{spans}</select></label>
                <label>{t!(i18n, field_validity_days)}<input name="validity_days" inputmode="numeric" value=form.validity_days maxlength=4 /></label>
                <fieldset id="plan-covers" class:hidden=move || is("stored_value")><legend>{t!(i18n, field_covered_items)}</legend>
                    <small class="muted">{t!(i18n, covered_items_hint)}</small>
                    <div class="grid">{category_boxes}</div>
                    <div class="grid">{item_boxes}</div>
                </fieldset>
                <fieldset><legend>{t!(i18n, field_accepted_stores)}</legend><small class="muted">{t!(i18n, accepted_stores_hint)}</small>{store_boxes}</fieldset>
                <ErrorNote error=action_error(save.value()) />
                <div class="buttons">
                    <button type="submit" class="primary" disabled=save.pending()>{t!(i18n, save)}</button>
                    {(id != 0).then(|| view! { <button type="button" on:click=move |_| editing.set(None)>{t!(i18n, cancel)}</button> })}
                </div>
            </form>
        </section>
    }
}

/// A box that adds `id` to or removes it from `chosen`.
fn check_box(chosen: RwSignal<Vec<i64>>, id: i64, name: String) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&id))
                on:change=move |_| chosen.update(|c| if let Some(i) = c.iter().position(|x| *x == id) { c.remove(i); } else { c.push(id); }) />
            {name}
        </label>
    }
}

#[component]
pub fn MemberFieldsPage() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddMemberField>::new();
    let remove = ServerAction::<RemoveMemberField>::new();
    let fields = Resource::new(
        move || (super::runs(add.version()), super::runs(remove.version())),
        |_| member_fields(),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        add.dispatch(AddMemberField {
            form: CustomFieldForm {
                name: f.text("name"),
                kind: f.text("kind"),
                choices: f.text("choices"),
                required: f.checked("required"),
            },
        });
    };
    let list = move || {
        Suspend::new(async move {
            let fields = fields.await.unwrap_or_default();
            view! {
                <table class="list" id="member-fields">
                    <thead><tr><th>{t!(i18n, field_custom_field_name)}</th><th>{t!(i18n, field_custom_field_kind)}</th><th>{t!(i18n, field_choices)}</th><th>{t!(i18n, required)}</th><th>{t!(i18n, actions)}</th></tr></thead>
                    <tbody>
                        {fields.into_iter().map(|f| {
                            let (kind, id) = (f.kind, f.id);
                            view! {
                                <tr>
                                    <td>{f.name.clone()}</td>
                                    <td>{move || custom_kind_label(i18n.get_locale(), kind)}</td>
                                    <td>{f.choices.join("、")}</td>
                                    <td>{move || if f.required { t_string!(i18n, yes) } else { t_string!(i18n, no) }}</td>
                                    <td><button class="link" on:click=move |_| {
                                        if super::confirm(t_string!(i18n, confirm_remove_field)) { remove.dispatch(RemoveMemberField { id }); }
                                    }>{t!(i18n, remove)}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })
    };
    let kinds = move || {
        CustomKind::ALL.map(|k| view! { <option value=k.code()>{move || custom_kind_label(i18n.get_locale(), k)}</option> })
    };
    view! {
        <Signed section=Section::Settings>
            <SettingsTabs />
            <h1>{t!(i18n, nav_member_fields)}</h1>
            <p class="muted">{t!(i18n, member_fields_intro)}</p>
            <Transition fallback=|| ()>{list}</Transition>
            <section class="card">
                <h2>{t!(i18n, member_fields_add)}</h2>
                <form class="form" id="member-field-form" novalidate on:submit=on_submit>
                    <label>{t!(i18n, field_custom_field_name)}<input name="name" maxlength=domain::member::CUSTOM_FIELD_NAME_MAX_CHARS /></label>
                    <label>{t!(i18n, field_custom_field_kind)}<select name="kind">{kinds}</select></label>
                    <label>{t!(i18n, field_choices)}<textarea name="choices" maxlength=700></textarea><small class="muted">{t!(i18n, choices_hint)}</small></label>
                    <label class="check"><input type="checkbox" name="required" />{t!(i18n, required)}</label>
                    <ErrorNote error=action_error(add.value()) />
                    <SavedNote action=add form_id="member-field-form" name_field="name" />
                    <button type="submit" class="primary" disabled=add.pending()>{t!(i18n, save)}</button>
                </form>
                <ErrorNote error=action_error(remove.value()) />
            </section>
        </Signed>
    }
}
