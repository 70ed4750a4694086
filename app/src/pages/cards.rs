//! Cards: find one by number or reader UID, and issue a numbered batch of
//! anonymous stored-value cards (C2).

use super::card::can;
use super::forms::{PaymentSelect, RequestId, Submitted, money, renew_after, suggest_on_change};
use super::layout::Signed;
use crate::api::{FindCard, IssueBatch, list_plans};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::access::{Permission, Section};
use domain::card::{BATCH_MAX_CARDS, CARD_NUMBER_MAX_CHARS, CardKind};
use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_router::hooks::use_navigate;

#[component]
pub fn CardsPage() -> impl IntoView {
    let i18n = use_i18n();
    let find = ServerAction::<FindCard>::new();
    let batch = ServerAction::<IssueBatch>::new();
    let request = RequestId::new();
    renew_after(batch, request);
    let plans = Resource::new(|| (), |_| list_plans());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = find.value().get() {
            navigate(&format!("/cards/{id}"), Default::default());
        }
    });
    let on_find = move |ev: leptos::ev::SubmitEvent| {
        if let Some(f) = Submitted::of(&ev) {
            find.dispatch(FindCard {
                number: f.text("number"),
            });
        }
    };
    let on_batch = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        if !super::confirm(t_string!(i18n, confirm_batch)) {
            return;
        }
        batch.dispatch(IssueBatch {
            request_id: request.current(),
            plan_id: f.id("plan_id"),
            first_no: f.text("first_no"),
            count: f.text("count"),
            payment: f.text("payment"),
        });
    };
    let plan_options = move || {
        Suspend::new(async move {
            plans
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|p| p.active && p.kind == CardKind::StoredValue)
                .map(|p| view! { <option value=p.id>{p.name.clone()} " · " {money(p.price_fen, "")}</option> })
                .collect_view()
        })
    };
    let issued = move || {
        batch.value().get().and_then(Result::ok).map(|numbers| {
            let (first, last, n) = (numbers.first().cloned().unwrap_or_default(), numbers.last().cloned().unwrap_or_default(), numbers.len());
            view! { <p class="ok" role="status" id="batch-done">{move || td_string!(i18n.get_locale(), batch_done, count = n, first = first.clone(), last = last.clone()).to_string()}</p> }
        })
    };
    view! {
        <Signed section=Section::Cards>
            <h1>{t!(i18n, cards_title)}</h1>
            <section class="card">
                <form class="search" id="find-card-form" novalidate on:submit=on_find>
                    <input name="number" autofocus maxlength=CARD_NUMBER_MAX_CHARS autocomplete="off"
                        placeholder=move || t_string!(i18n, find_card_hint) aria-label=move || t_string!(i18n, field_card_number) />
                    <button type="submit" class="primary" disabled=find.pending()>{t!(i18n, open_card)}</button>
                </form>
                <ErrorNote error=action_error(find.value()) />
            </section>
            {can(Permission::ManageCards).then(|| view! {
                <section class="card">
                    <h2>{t!(i18n, batch_issue)}</h2>
                    <form class="form" id="batch-form" novalidate on:submit=on_batch>
                        <label>{t!(i18n, field_plan)}<select name="plan_id" on:change=move |ev| suggest_on_change(ev, "batch-first-no")><Suspense fallback=|| ()>{plan_options}</Suspense></select></label>
                        <label>{t!(i18n, first_card_number)}<input id="batch-first-no" name="first_no" maxlength=CARD_NUMBER_MAX_CHARS placeholder="GC0001" /></label>
                        <label>{t!(i18n, field_batch_count)}<input name="count" inputmode="numeric" maxlength=4 /><small class="muted">{move || td_string!(i18n.get_locale(), batch_max, max = BATCH_MAX_CARDS).to_string()}</small></label>
                        <PaymentSelect />
                        <ErrorNote error=action_error(batch.value()) />
                        {issued}
                        <button type="submit" class="primary" disabled=batch.pending()>{t!(i18n, batch_issue)}</button>
                    </form>
                </section>
            })}
        </Signed>
    }
}
