//! The till's card desk: recharge the member's card (F6) and sell the member a
//! new card (F7) without leaving the till — the same operations, bonus rules
//! and PIN flow as on the card and member pages, each under its own request id.

use super::forms::{
    LastForm, PaymentSelect, RequestId, Submitted, money, renew_after, suggest_card_number,
    suggest_on_change,
};
use super::sale::{Sale, focus};
use crate::api::{ActOnCard, CardAction, IssueCard, IssueForm};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::card::{CARD_NUMBER_MAX_CHARS, CardKind};
use domain::plan::Plan;
use domain::slip::Slip;
use leptos::prelude::*;
use leptos_router::components::A;

/// "Done: recharge · print the slip".
fn done_note(slip: Slip, symbol: &str) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let kind = slip.kind;
    let after = money(slip.principal_after_fen + slip.bonus_after_fen, symbol);
    view! {
        <p class="ok" role="status">
            {t!(i18n, done)} " " {move || crate::text::tx_kind_label(i18n.get_locale(), kind)} " · "
            {slip.card_no.clone()} " · " {t!(i18n, balance_after)} " " {after} " · "
            <A href=format!("/slips/{}", slip.transaction_id)>{t!(i18n, print_slip)}</A>
        </p>
    }
}

#[component]
pub fn CardDesk(sale: Sale, plans: Vec<Plan>) -> impl IntoView {
    let i18n = use_i18n();
    let recharge = ServerAction::<ActOnCard>::new();
    let recharge_id = RequestId::new();
    renew_after(recharge, recharge_id);
    let issue = ServerAction::<IssueCard>::new();
    let issue_id = RequestId::new();
    renew_after(issue, issue_id);
    // A form empties once its operation is done (after a refusal it stays).
    let (recharge_form_done, sell_form_done) = (LastForm::new(), LastForm::new());
    recharge_form_done.clear_after(recharge);
    sell_form_done.clear_after(issue);
    let recharged = RwSignal::new(None::<Slip>);
    let sold = RwSignal::new(None::<Slip>);
    // A new customer starts with empty forms and no old result.
    Effect::new(move |_| {
        sale.customer.track();
        recharged.set(None);
        sold.set(None);
    });
    Effect::new(move |_| {
        if let Some(Ok(slip)) = recharge.value().get() {
            recharged.set(Some(slip));
            sale.refresh_member();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(slip)) = issue.value().get() {
            sold.set(Some(slip));
            sale.refresh_member();
        }
    });
    // F6 and F7 open the desk and put the cursor in its form (a field inside a
    // closed <details> cannot take the focus: it is focused once open).
    let open = RwSignal::new(false);
    let go_to = move |id: &'static str| {
        open.set(true);
        set_timeout(move || focus(id), std::time::Duration::ZERO);
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| match ev.key().as_str() {
        "F6" => {
            ev.prevent_default();
            go_to("recharge-amount");
        }
        "F7" => {
            ev.prevent_default();
            go_to("sell-card-plan");
        }
        _ => {}
    });
    on_cleanup(move || keys.remove());
    let on_recharge = move |ev: leptos::ev::SubmitEvent| {
        recharge_form_done.remember(&ev);
        let Some(f) = Submitted::of(&ev) else { return };
        let Some(card_id) = f.text("card_id").parse::<i64>().ok() else {
            return;
        };
        recharge.dispatch(ActOnCard {
            request_id: recharge_id.current(),
            card_id,
            action: CardAction::Recharge {
                amount: f.text("amount"),
                payment: f.text("payment"),
                bonus: String::new(),
            },
            reason: String::new(),
        });
    };
    let on_sell = move |ev: leptos::ev::SubmitEvent| {
        sell_form_done.remember(&ev);
        let Some(f) = Submitted::of(&ev) else { return };
        let Some(member_id) = sale.member.with_untracked(|m| m.as_ref().map(|m| m.id)) else {
            return;
        };
        issue.dispatch(IssueCard {
            request_id: issue_id.current(),
            form: IssueForm {
                plan_id: f.id("plan_id"),
                member_id,
                card_no: f.text("card_no"),
                uid: String::new(),
                pin: f.text("pin"),
                pin_again: f.text("pin_again"),
                payment: f.text("payment"),
                fee: String::new(),
            },
        });
    };
    let first_plan = plans.iter().find(|p| p.active).map(|p| p.id);
    Effect::new(move |_| {
        sale.customer.track();
        if let Some(id) = first_plan {
            suggest_card_number(id, "sell-card-no");
        }
    });
    let plan_options = plans
        .iter()
        .filter(|p| p.active)
        .map(|p| {
            let label = format!("{} · {}", p.name, money(p.price_fen, ""));
            view! { <option value=p.id>{label}</option> }
        })
        .collect_view();
    let symbol = sale.symbol;
    let stored_value_cards = move || {
        sale.member
            .get()
            .map(|m| m.cards)
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.kind == CardKind::StoredValue)
            .collect::<Vec<_>>()
    };
    let recharge_form = move || {
        let cards = stored_value_cards();
        (!cards.is_empty()).then(|| {
            let chosen = sale.card_id.get();
            let options = cards
                .into_iter()
                .map(|c| {
                    let label = format!("{} · {}", c.card_no, money(c.principal_fen + c.bonus_fen, &symbol.get_value()));
                    view! { <option value=c.id.to_string() selected=chosen == Some(c.id)>{label}</option> }
                })
                .collect_view();
            view! {
                <form class="form inline" id="till-recharge-form" novalidate on:submit=on_recharge>
                    <label>{t!(i18n, field_card_number)}<select name="card_id">{options}</select></label>
                    <label>{t!(i18n, field_amount)}
                        <input id="recharge-amount" name="amount" inputmode="decimal" autocomplete="off" maxlength=domain::money::AMOUNT_MAX_CHARS />
                    </label>
                    <PaymentSelect />
                    <button type="submit" disabled=recharge.pending()>{t!(i18n, tx_recharge)}" (F6)"</button>
                </form>
            }
        })
    };
    view! {
        <details class="card more till-desk" id="card-desk"
            prop:open=move || open.get() || recharged.get().is_some() || sold.get().is_some()
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>{t!(i18n, till_card_desk)}</summary>
            {recharge_form}
            <ErrorNote error=action_error(recharge.value()) />
            {move || recharged.get().map(|s| done_note(s, &symbol.get_value()))}
            <form class="form inline" id="till-sell-card-form" novalidate on:submit=on_sell>
                <label>{t!(i18n, field_plan)}<select id="sell-card-plan" name="plan_id" on:change=move |ev| suggest_on_change(ev, "sell-card-no")>{plan_options}</select></label>
                <label>{t!(i18n, field_card_number)}<input id="sell-card-no" name="card_no" maxlength=CARD_NUMBER_MAX_CHARS autocomplete="off" /></label>
                <label>{t!(i18n, field_pin)}<input name="pin" type="password" inputmode="numeric" maxlength=6 autocomplete="off" /></label>
                <label>{t!(i18n, pin_again)}<input name="pin_again" type="password" inputmode="numeric" maxlength=6 autocomplete="off" /></label>
                <PaymentSelect />
                <button type="submit" disabled=issue.pending()>{t!(i18n, issue_card)}" (F7)"</button>
            </form>
            <ErrorNote error=action_error(issue.value()) />
            {move || sold.get().map(|s| done_note(s, &symbol.get_value()))}
        </details>
    }
}
