//! The actions of a card page, each behind its permission, and the note that
//! shows the last operation's slip.

use super::card::{Actions, can};
use super::forms::{PaymentSelect, Submitted};
use crate::api::{ActOnCard, CardAction, SetCardDailyLimit, SetCardPin};
use crate::i18n::*;
use crate::text::tx_kind_label;
use domain::access::Permission;
use domain::card::{CARD_NUMBER_MAX_CHARS, CARD_UID_MAX_CHARS, CardKind, CardStatus};
use domain::slip::{CardView, REASON_MAX_CHARS, Slip};
use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_router::components::A;

/// "Done: recharge. Print the slip" after an operation.
#[component]
pub fn LastSlip(last: RwSignal<Option<Slip>>, arrived_with: Signal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (id, kind, promotion, gift) = match (last.get(), arrived_with.get()) {
            (Some(slip), _) => {
                let gift = slip.gift.map(|g| (g, slip.reverses_id.is_some()));
                (slip.transaction_id, Some(slip.kind), slip.promotion, gift)
            }
            // Only issuing a card arrives here with a slip.
            (None, Some(id)) => (id, Some(domain::slip::TxKind::Issue), None, None),
            (None, None) => return None,
        };
        let promotion = promotion.map(|name| {
            let text = move || {
                td_string!(i18n.get_locale(), promotion_applied, name = name.clone()).to_string()
            };
            view! { <span class="promotion" id="last-slip-promotion">{text}</span> " · " }
        });
        let gift = gift.map(|(gift, back)| {
            let text = move || {
                let (l, gift) = (i18n.get_locale(), gift.clone());
                if back {
                    td_string!(l, slip_gift_back, gift = gift).to_string()
                } else {
                    td_string!(l, slip_gift, gift = gift).to_string()
                }
            };
            view! { <strong id="last-slip-gift">{text}</strong> " · " }
        });
        Some(view! {
            <p class="ok" role="status" id="last-slip">
                {t!(i18n, done)} " " {move || kind.map(|k| tx_kind_label(i18n.get_locale(), k)).unwrap_or_default()} " · "
                {promotion}{gift}
                <A href=format!("/slips/{id}") attr:id="print-slip">{t!(i18n, print_slip)}</A>
            </p>
        })
    }
}

#[component]
pub fn CardActions(
    card: CardView,
    actions: Actions,
    symbol: String,
    /// Returning today refunds `.0` less the fee; `.1` is the shop's fee.
    returns: (i64, i64),
    /// The recharge promotions running here today, as the cashier reads them.
    offers: Vec<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let card_id = card.id;
    let act = move |action: CardAction, reason: String| {
        actions.act.dispatch(ActOnCard {
            request_id: actions.request.current(),
            card_id,
            action,
            reason,
        });
    };
    let submit = move |make: fn(&Submitted) -> CardAction,
                       confirm_key: Option<fn(Locale) -> &'static str>| {
        move |ev: leptos::ev::SubmitEvent| {
            actions.last_form.remember(&ev);
            let Some(f) = Submitted::of(&ev) else { return };
            if let Some(key) = confirm_key
                && !super::confirm(key(i18n.get_locale_untracked()))
            {
                return;
            }
            act(make(&f), f.text("reason"));
        }
    };
    // The confirmation says how much goes back to the member: the card's value
    // today less the fee (the shop's, or the one typed).
    let (before_fee, default_fee) = returns;
    let symbol = StoredValue::new(symbol);
    let return_card = move |ev: leptos::ev::SubmitEvent| {
        actions.last_form.remember(&ev);
        let Some(f) = Submitted::of(&ev) else { return };
        let typed = f.text("fee");
        let fee = if typed.trim().is_empty() {
            Some(default_fee)
        } else {
            domain::money::Money::parse(&typed, domain::Field::Fee)
                .ok()
                .map(domain::money::Money::fen)
        };
        // A fee that does not parse goes to the server, which says why.
        if let Some(fee) = fee {
            let amount = super::forms::money((before_fee - fee).max(0), &symbol.get_value());
            let question = td_string!(
                i18n.get_locale_untracked(),
                confirm_return_amount,
                amount = amount
            )
            .to_string();
            if !super::confirm(&question) {
                return;
            }
        }
        act(
            CardAction::Return {
                payment: f.text("payment"),
                fee: typed,
            },
            f.text("reason"),
        );
    };
    let pending = actions.act.pending();
    let (active, frozen) = (
        card.status == CardStatus::Active,
        card.status == CardStatus::Frozen,
    );
    let holds_value = active || frozen;
    let kind = card.kind;
    let reason = move || view! { <label>{t!(i18n, field_reason)}<input name="reason" maxlength=REASON_MAX_CHARS /></label> };
    let go = move |label: fn(Locale) -> &'static str| view! { <button type="submit" class="primary" disabled=pending>{move || label(i18n.get_locale())}</button> };
    view! {
        <div class="actions-grid" id="card-actions">
            {(active && kind == CardKind::StoredValue && can(Permission::Recharge)).then(|| view! {
                <section class="card"><h2>{t!(i18n, tx_recharge)}</h2>
                <form class="form" id="recharge-form" novalidate on:submit=submit(|f| CardAction::Recharge { amount: f.text("amount"), payment: f.text("payment"), bonus: f.text("bonus") }, None)>
                    {(!offers.is_empty()).then(|| view! { <p class="offers" id="recharge-offers">{t!(i18n, recharge_offers_today)}{offers.join("；")}</p> })}
                    <label>{t!(i18n, field_amount)}<input name="amount" inputmode="decimal" maxlength=24 autocomplete="off" /></label>
                    <PaymentSelect />
                    {can(Permission::ManageCards).then(|| view! { <label>{t!(i18n, fixed_bonus)}<input name="bonus" inputmode="decimal" maxlength=24 /></label> })}
                    {go(|l| td_string!(l, tx_recharge))}
                </form></section>
            })}
            {(active && kind == CardKind::StoredValue && can(Permission::ChargeCard)).then(|| view! {
                <section class="card"><h2>{t!(i18n, tx_spend)}</h2>
                <form class="form" id="spend-form" novalidate on:submit=submit(|f| CardAction::Spend { amount: f.text("amount"), pin: f.text("pin") }, None)>
                    <label>{t!(i18n, field_amount)}<input name="amount" inputmode="decimal" maxlength=24 autocomplete="off" /></label>
                    {card.pin_set.then(|| view! { <label>{t!(i18n, field_pin)}<input name="pin" type="password" inputmode="numeric" maxlength=6 autocomplete="off" /></label> })}
                    {reason()}
                    {go(|l| td_string!(l, tx_spend))}
                </form></section>
            })}
            {(active && kind == CardKind::Count && can(Permission::UseVisits)).then(|| view! {
                <section class="card"><h2>{t!(i18n, tx_visit_use)}</h2>
                <form class="form" id="visit-form" novalidate on:submit=submit(|f| CardAction::UseVisits { visits: f.text("visits") }, None)>
                    <label>{t!(i18n, field_visits)}<input name="visits" inputmode="numeric" value="1" maxlength=4 /></label>
                    {reason()}
                    {go(|l| td_string!(l, tx_visit_use))}
                </form></section>
            })}
            {(active && kind == CardKind::Time && can(Permission::UseVisits)).then(|| view! {
                <section class="card"><h2>{t!(i18n, tx_check_in)}</h2>
                <form class="form" id="check-in-form" novalidate on:submit=submit(|_| CardAction::CheckIn, None)>
                    {go(|l| td_string!(l, tx_check_in))}
                </form></section>
            })}
            {(active && can(Permission::ReportLoss)).then(|| view! {
                <section class="card"><h2>{t!(i18n, tx_freeze)}</h2>
                <form class="form" id="freeze-form" novalidate on:submit=submit(|_| CardAction::Freeze, Some(|l| td_string!(l, confirm_freeze)))>
                    <p class="muted">{t!(i18n, freeze_hint)}</p>
                    {reason()}
                    {go(|l| td_string!(l, tx_freeze))}
                </form></section>
            })}
            {(frozen && can(Permission::ManageCards)).then(|| view! {
                <section class="card"><h2>{t!(i18n, tx_unfreeze)}</h2>
                <form class="form" id="unfreeze-form" novalidate on:submit=submit(|_| CardAction::Unfreeze, Some(|l| td_string!(l, confirm_unfreeze)))>
                    {reason()}
                    {go(|l| td_string!(l, tx_unfreeze))}
                </form></section>
            })}
            {(frozen && can(Permission::ManageCards)).then(|| view! {
                <section class="card"><h2>{t!(i18n, tx_replace)}</h2><ReplaceForm actions card_id /></section>
            })}
            {(holds_value && can(Permission::ManageCards)).then(|| view! {
                <details class="card more"><summary>{t!(i18n, more_actions)}</summary>
                {active.then(|| view! { <h3>{t!(i18n, tx_replace)}</h3><ReplaceForm actions card_id /> })}
                {active.then(|| view! {
                    <form class="form" id="exchange-form" novalidate on:submit=submit(|f| CardAction::Exchange { new_no: f.text("new_no"), payment: f.text("payment"), fee: f.text("fee") }, Some(|l| td_string!(l, confirm_exchange)))>
                        <h3>{t!(i18n, tx_exchange)}</h3>
                        <label>{t!(i18n, new_card_number)}<input name="new_no" maxlength=CARD_NUMBER_MAX_CHARS autocomplete="off" /></label>
                        <PaymentSelect />
                        <label>{t!(i18n, fee_override)}<input name="fee" inputmode="decimal" maxlength=24 /></label>
                        {go(|l| td_string!(l, tx_exchange))}
                    </form>
                })}
                <form class="form" id="repair-form" novalidate on:submit=submit(|f| CardAction::Repair { new_uid: f.text("new_uid") }, None)>
                    <h3>{t!(i18n, tx_repair)}</h3>
                    <label>{t!(i18n, field_card_uid)}<input name="new_uid" maxlength=CARD_UID_MAX_CHARS autocomplete="off" /></label>
                    {go(|l| td_string!(l, tx_repair))}
                </form>
                {(active && card.valid_until.is_some()).then(|| view! {
                    <form class="form" id="renew-form" novalidate on:submit=submit(|f| CardAction::Renew { payment: f.text("payment"), fee: f.text("fee") }, None)>
                        <h3>{t!(i18n, tx_renew)}</h3>
                        <PaymentSelect />
                        <label>{t!(i18n, fee_override)}<input name="fee" inputmode="decimal" maxlength=24 /></label>
                        {go(|l| td_string!(l, tx_renew))}
                    </form>
                })}
                {(active && kind == CardKind::Time).then(|| {
                    let paused = card.paused_since.is_some();
                    view! {
                        <form class="form" id="pause-form" novalidate on:submit=submit(if paused { |_| CardAction::Resume } else { |_| CardAction::Pause }, None)>
                            <h3>{if paused { t!(i18n, tx_resume).into_any() } else { t!(i18n, tx_pause).into_any() }}</h3>
                            <p class="muted">{t!(i18n, pause_hint)}</p>
                            {go(if paused { |l| td_string!(l, tx_resume) } else { |l| td_string!(l, tx_pause) })}
                        </form>
                    }
                })}
                <DailyLimitForm card_id limit=actions.limit />
                <form class="form" id="return-form" novalidate on:submit=return_card>
                    <h3>{t!(i18n, tx_return)}</h3>
                    <p class="muted">{t!(i18n, return_hint)}</p>
                    <PaymentSelect />
                    <label>{t!(i18n, fee_override)}<input name="fee" inputmode="decimal" maxlength=24 /></label>
                    {reason()}
                    {go(|l| td_string!(l, tx_return))}
                </form>
                </details>
            })}
            {(holds_value && (can(Permission::ChargeCard) || can(Permission::ResetCardPin))).then(|| view! {
                <PinForms card_id pin_set=card.pin_set actions />
            })}
        </div>
    }
}

/// A new number takes over everything on the card (C4).
#[component]
fn ReplaceForm(actions: Actions, card_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        actions.last_form.remember(&ev);
        let Some(f) = Submitted::of(&ev) else { return };
        if !super::confirm(td_string!(i18n.get_locale_untracked(), confirm_replace)) {
            return;
        }
        let action = CardAction::Replace {
            new_no: f.text("new_no"),
            new_uid: f.text("new_uid"),
            payment: f.text("payment"),
            fee: f.text("fee"),
        };
        actions.act.dispatch(ActOnCard {
            request_id: actions.request.current(),
            card_id,
            action,
            reason: f.text("reason"),
        });
    };
    view! {
        <form class="form" id="replace-form" novalidate on:submit=on_submit>
            <p class="muted">{t!(i18n, replace_hint)}</p>
            <label>{t!(i18n, new_card_number)}<input name="new_no" maxlength=CARD_NUMBER_MAX_CHARS autocomplete="off" /></label>
            <label>{t!(i18n, field_card_uid)}<input name="new_uid" maxlength=CARD_UID_MAX_CHARS autocomplete="off" /></label>
            <PaymentSelect />
            <label>{t!(i18n, fee_override)}<input name="fee" inputmode="decimal" maxlength=24 /></label>
            <label>{t!(i18n, field_reason)}<input name="reason" maxlength=REASON_MAX_CHARS /></label>
            <button type="submit" class="primary" disabled=actions.act.pending()>{t!(i18n, tx_replace)}</button>
        </form>
    }
}

#[component]
fn DailyLimitForm(card_id: i64, limit: ServerAction<SetCardDailyLimit>) -> impl IntoView {
    let i18n = use_i18n();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        limit.dispatch(SetCardDailyLimit {
            card_id,
            limit: f.text("limit"),
        });
    };
    view! {
        <form class="form" id="daily-limit-form" novalidate on:submit=on_submit>
            <h3>{t!(i18n, field_daily_limit)}</h3>
            <label>{t!(i18n, daily_limit_hint)}<input name="limit" inputmode="decimal" maxlength=24 /></label>
            <button type="submit" disabled=limit.pending()>{t!(i18n, save)}</button>
        </form>
    }
}

/// The member changes the PIN (typing the current one); an admin resets it.
#[component]
fn PinForms(card_id: i64, pin_set: bool, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let send = move |f: &Submitted, reset: bool| {
        actions.pin.dispatch(SetCardPin {
            request_id: actions.request.current(),
            card_id,
            current: f.text("current"),
            new_pin: f.text("new_pin"),
            new_pin_again: f.text("new_pin_again"),
            reset,
        });
    };
    let change = move |ev: leptos::ev::SubmitEvent| {
        actions.last_form.remember(&ev);
        if let Some(f) = Submitted::of(&ev) {
            send(&f, false);
        }
    };
    let reset = move |ev: leptos::ev::SubmitEvent| {
        actions.last_form.remember(&ev);
        if let Some(f) = Submitted::of(&ev) {
            send(&f, true);
        }
    };
    let new_fields = move || {
        view! {
            <label>{t!(i18n, new_pin)}<input name="new_pin" type="password" inputmode="numeric" maxlength=6 autocomplete="off" /></label>
            <label>{t!(i18n, pin_again)}<input name="new_pin_again" type="password" inputmode="numeric" maxlength=6 autocomplete="off" /></label>
        }
    };
    view! {
        <details class="card more"><summary>{t!(i18n, field_pin)}</summary>
            {can(Permission::ChargeCard).then(|| view! {
                <form class="form" id="change-pin-form" novalidate on:submit=change>
                    <h3>{if pin_set { t!(i18n, change_pin).into_any() } else { t!(i18n, set_pin).into_any() }}</h3>
                    {pin_set.then(|| view! { <label>{t!(i18n, current_pin)}<input name="current" type="password" inputmode="numeric" maxlength=6 autocomplete="off" /></label> })}
                    {new_fields()}
                    <small class="muted">{t!(i18n, pin_rules)}</small>
                    <button type="submit" disabled=actions.pin.pending()>{t!(i18n, save)}</button>
                </form>
            })}
            {(pin_set && can(Permission::ResetCardPin)).then(|| view! {
                <form class="form" id="reset-pin-form" novalidate on:submit=reset>
                    <h3>{t!(i18n, reset_pin)}</h3>
                    {new_fields()}
                    <button type="submit" disabled=actions.pin.pending()>{t!(i18n, reset_pin)}</button>
                </form>
            })}
            <Show when=move || matches!(actions.pin.value().get(), Some(Ok(())))>
                <p class="ok" role="status">{t!(i18n, pin_saved)}</p>
            </Show>
        </details>
    }
}
