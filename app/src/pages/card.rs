//! A card's page (C2-C7, V1, V4-V6): what is on it, every action the caller's
//! role allows, and its history with refunds and slips.

use super::card_actions::{CardActions, LastSlip};
use super::forms::{LastForm, RequestId, Submitted, delta, money, renew_after};
use super::layout::{Signed, current_me};
use crate::api::{
    ActOnCard, CardPage as CardData, ReverseTransaction, SetCardDailyLimit, SetCardPin,
    load_card_page,
};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use crate::text::{card_kind_label, card_state_label, tx_kind_label};
use domain::access::{Permission, Section};
use domain::card::{CardKind, CardStatus};
use domain::slip::{Slip, TxKind};
use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

pub(super) fn can(permission: Permission) -> bool {
    current_me().is_some_and(|me| me.staff.role.can(permission))
}

/// The actions of this page, shared by its parts.
#[derive(Clone, Copy)]
pub struct Actions {
    pub act: ServerAction<ActOnCard>,
    pub reverse: ServerAction<ReverseTransaction>,
    pub pin: ServerAction<SetCardPin>,
    pub limit: ServerAction<SetCardDailyLimit>,
    pub request: RequestId,
    pub last_form: LastForm,
}

#[component]
pub fn CardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let id = super::members::id_param();
    let actions = Actions {
        act: ServerAction::new(),
        reverse: ServerAction::new(),
        pin: ServerAction::new(),
        limit: ServerAction::new(),
        request: RequestId::new(),
        last_form: LastForm::new(),
    };
    actions.last_form.clear_after(actions.act);
    actions.last_form.clear_after(actions.pin);
    actions.last_form.clear_after(actions.limit);
    renew_after(actions.act, actions.request);
    renew_after(actions.reverse, actions.request);
    renew_after(actions.pin, actions.request);
    let data = Resource::new(
        move || {
            (
                id(),
                super::runs(actions.act.version()),
                super::runs(actions.reverse.version()),
                super::runs(actions.pin.version()),
                super::runs(actions.limit.version()),
            )
        },
        |(id, ..)| load_card_page(id),
    );
    // The slip of the last operation done here (or the one that led here).
    let last = RwSignal::new(None::<Slip>);
    Effect::new(move |_| {
        if let Some(Ok(slip)) = actions.act.value().get() {
            last.set(Some(slip));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(slip)) = actions.reverse.value().get() {
            last.set(Some(slip));
        }
    });
    let arrived_with =
        Signal::derive(move || query.with(|q| q.get("slip").and_then(|s| s.parse::<i64>().ok())));
    let body = move || {
        Suspend::new(async move {
            match data.await {
                Err(e) => view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
                Ok(page) => view! { <CardView page actions /> }.into_any(),
            }
        })
    };
    view! {
        <Signed section=Section::Cards>
            <LastSlip last arrived_with />
            <div id="card-errors">
                <ErrorNote error=action_error(actions.act.value()) />
                <ErrorNote error=action_error(actions.reverse.value()) />
                <ErrorNote error=action_error(actions.pin.value()) />
                <ErrorNote error=action_error(actions.limit.value()) />
            </div>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>{body}</Transition>
        </Signed>
    }
}

#[component]
fn CardView(page: CardData, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let card = page.card.clone();
    let symbol = page.currency_symbol.clone();
    let names = crate::api::Names {
        gifts: page.gift_names.clone(),
        ..Default::default()
    };
    let offers: Vec<String> = page
        .recharge_offers
        .iter()
        .map(|p| {
            let offer = super::promotions::offer_text(i18n, p, &names, &symbol);
            format!("{} {offer}", p.name)
        })
        .collect();
    let (kind, status) = (card.kind, card.status);
    let paused = card.paused_since.is_some();
    let fact = move |label: fn(Locale) -> &'static str, value: String, id: &'static str| {
        (!value.is_empty())
            .then(|| view! { <dt>{move || label(i18n.get_locale())}</dt><dd id=id>{value}</dd> })
    };
    let l = i18n.get_locale_untracked();
    let pin_state = if card.pin_locked {
        td_string!(l, pin_state_locked)
    } else if card.pin_set {
        td_string!(l, pin_state_set)
    } else {
        td_string!(l, pin_state_none)
    };
    let member_name = card.member_name.clone().unwrap_or_default();
    let member = card.member_id.map(|mid| {
        view! { <dt>{t!(i18n, member)}</dt><dd><A href=format!("/members/{mid}")>{member_name}</A></dd> }
    });
    let stored = kind == CardKind::StoredValue;
    view! {
        <h1>
            {t!(i18n, card)} " " <span id="card-no">{card.card_no.clone()}</span> " "
            <span class="badge" id="card-status" class:alert=status != CardStatus::Active || paused>{move || card_state_label(i18n.get_locale(), status, paused)}</span>
        </h1>
        {can(Permission::ViewAudit).then(|| view! {
            <p><A href=format!("/reports/audit?what=cards&which={}", card.card_no) attr:id="card-changes">{t!(i18n, audit_history)}</A></p>
        })}
        <dl class="facts" id="card-facts">
            <dt>{t!(i18n, field_plan)}</dt><dd>{card.plan_name.clone()} " · " {move || card_kind_label(i18n.get_locale(), kind)}</dd>
            {member}
            {stored.then(|| view! {
                <dt>{t!(i18n, balance)}</dt><dd id="balance" class="big">{money(card.principal_fen + card.bonus_fen, &symbol)}</dd>
                <dt>{t!(i18n, principal)}</dt><dd id="principal">{money(card.principal_fen, &symbol)}</dd>
                <dt>{t!(i18n, bonus)}</dt><dd id="bonus">{money(card.bonus_fen, &symbol)}</dd>
            })}
            {(kind == CardKind::Count).then(|| view! { <dt>{t!(i18n, visits_left)}</dt><dd id="visits-left" class="big">{card.visits_left}</dd> })}
            {fact(|l| td_string!(l, field_valid_until), card.valid_until.map(|d| d.to_string()).unwrap_or_default(), "valid-until")}
            {fact(|l| td_string!(l, paused_since), card.paused_since.map(|d| d.to_string()).unwrap_or_default(), "paused-since")}
            {fact(|l| td_string!(l, field_daily_limit), card.daily_limit_fen.map(|f| money(f, &symbol)).unwrap_or_default(), "daily-limit")}
            {fact(|l| td_string!(l, spent_today), if card.daily_limit_fen.is_some() { money(card.spent_today_fen, &symbol) } else { String::new() }, "spent-today")}
            {fact(|l| td_string!(l, field_pin), pin_state.to_owned(), "pin-state")}
            {fact(|l| td_string!(l, field_card_uid), card.uid.clone().unwrap_or_default(), "card-uid")}
            {fact(|l| td_string!(l, field_deposit), if card.deposit_fen > 0 { money(card.deposit_fen, &symbol) } else { String::new() }, "deposit")}
            {fact(|l| td_string!(l, accepted_at), card.accepted_store_names.join("、"), "accepted-at")}
            {fact(|l| td_string!(l, field_covered_items), card.covers.join("、"), "covers")}
            {card.replaced_by_no.clone().zip(card.replaced_by_id).map(|(no, id)| view! {
                <dt>{t!(i18n, replaced_by)}</dt><dd id="replaced-by"><A href=format!("/cards/{id}")>{no}</A></dd>
            })}
        </dl>
        <CardActions card=card.clone() actions symbol=symbol.clone() returns=(page.return_before_fee_fen, page.return_fee_fen) offers=offers />
        <h2>{t!(i18n, history)}</h2>
        <History history=page.history symbol card_id=card.id actions />
    }
}

#[component]
fn History(history: Vec<Slip>, symbol: String, card_id: i64, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let refunding = RwSignal::new(None::<Slip>);
    let may_refund = can(Permission::RefundAndReverse);
    let rows = history
        .into_iter()
        .map(|s| {
            let kind = s.kind;
            let reversible = may_refund && s.card_id == card_id && matches!(kind, TxKind::Spend | TxKind::VisitUse | TxKind::Recharge);
            let shown = s.clone();
            let change = [delta(s.principal_delta_fen + s.bonus_delta_fen, &symbol), visits_delta(s.visits_delta)]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            view! {
                <tr data-kind=kind.code()>
                    <td>{s.at_local.clone()}</td>
                    <td>{move || tx_kind_label(i18n.get_locale(), kind)}</td>
                    <td class="num">{change}</td>
                    <td>{s.store_name.clone()} " · " {s.staff_name.clone()}</td>
                    <td>{s.reason.clone()}</td>
                    <td class="actions">
                        <A href=format!("/slips/{}", s.transaction_id)>{t!(i18n, slip)}</A>
                        {reversible.then(|| view! {
                            <button class="link" on:click=move |_| refunding.set(Some(shown.clone()))>
                                {move || if kind == TxKind::Recharge { t_string!(i18n, reverse) } else { t_string!(i18n, refund) }}
                            </button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="list" id="card-history">
            <thead><tr>
                <th>{t!(i18n, time)}</th><th>{t!(i18n, what)}</th><th>{t!(i18n, change)}</th>
                <th>{t!(i18n, where_who)}</th><th>{t!(i18n, field_reason)}</th><th>{t!(i18n, actions)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {move || refunding.get().map(|original| view! { <RefundForm original actions refunding /> })}
    }
}

fn visits_delta(n: i64) -> String {
    match n {
        0 => String::new(),
        n if n > 0 => format!("+{n}×"),
        n => format!("{n}×"),
    }
}

#[component]
fn RefundForm(
    original: Slip,
    actions: Actions,
    refunding: RwSignal<Option<Slip>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let visits = original.kind == TxKind::VisitUse;
    let id = original.transaction_id;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        if !super::confirm(t_string!(i18n, confirm_refund)) {
            return;
        }
        actions.reverse.dispatch(ReverseTransaction {
            request_id: actions.request.current(),
            original_id: id,
            amount: f.text("amount"),
            visits: f.text("visits"),
            reason: f.text("reason"),
        });
        refunding.set(None);
    };
    let full = if visits {
        (-original.visits_delta).to_string()
    } else {
        money(original.amount_fen, "")
    };
    view! {
        <section class="card" id="refund-form">
            <h2>{move || if original.kind == TxKind::Recharge { t_string!(i18n, reverse) } else { t_string!(i18n, refund) }} " · " {original.at_local.clone()}</h2>
            <form class="form" novalidate on:submit=on_submit>
                {if visits {
                    view! { <label>{t!(i18n, field_visits)}<input name="visits" inputmode="numeric" value=full.clone() maxlength=4 /></label> }.into_any()
                } else {
                    view! { <label>{t!(i18n, field_amount)}<input name="amount" inputmode="decimal" value=full.clone() maxlength=24 /></label> }.into_any()
                }}
                <label>{t!(i18n, field_reason)}<input name="reason" maxlength=domain::slip::REASON_MAX_CHARS /></label>
                <div class="buttons">
                    <button type="submit" class="primary">{t!(i18n, confirm)}</button>
                    <button type="button" on:click=move |_| refunding.set(None)>{t!(i18n, cancel)}</button>
                </div>
            </form>
        </section>
    }
}
