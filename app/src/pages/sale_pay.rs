//! The payment side of the till: amounts per method (a split is just several),
//! cash given and change, the PIN pad for the member card, and the pay button,
//! which sends one request id per attempt and disables itself while it waits.

use super::basket::Totals;
use super::forms::{RequestId, money, renew_after};
use super::layout::current_me;
use super::receipt::RecentList;
use super::sale::{Sale, focus};
use crate::api::{SaleForm, Sell, recent_sales};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::money::Money;
use domain::pay_method::PayMethod;
use domain::sale::{PayBy, Receipt};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

fn fen_of(raw: &str) -> Option<i64> {
    if raw.trim().is_empty() {
        return Some(0);
    }
    Money::parse(raw, domain::Field::Payments)
        .ok()
        .map(Money::fen)
}

#[component]
pub fn PaymentPanel(sale: Sale) -> impl IntoView {
    let i18n = use_i18n();
    // The methods the shop has switched on, each with its amount as typed.
    let methods: Vec<PayMethod> = current_me().map(|me| me.pay_methods).unwrap_or_default();
    let ways: Vec<(PayBy, RwSignal<String>)> = methods
        .iter()
        .filter_map(|m| PayBy::from_code(&m.code))
        .map(|by| (by, RwSignal::new(String::new())))
        .collect();
    let ways = StoredValue::new(ways);
    let all = move || ways.with_value(|w| w.iter().map(|(by, _)| *by).collect::<Vec<_>>());
    let unused = RwSignal::new(String::new());
    let amount_of = move |by: PayBy| {
        ways.with_value(|w| w.iter().find(|(b, _)| *b == by).map(|(_, a)| *a))
            .unwrap_or(unused)
    };
    let touched = RwSignal::new(false);
    let cash_given = RwSignal::new(String::new());
    let pin = RwSignal::new(String::new());
    let sell = ServerAction::<Sell>::new();
    let request = RequestId::new();
    renew_after(sell, request);
    let done = RwSignal::new(None::<Receipt>);
    let total = move || {
        sale.quote
            .get()
            .and_then(Result::ok)
            .map(|q| q.priced.total_fen)
    };
    // Until the cashier types an amount, the whole total sits on the member's
    // card when it can pay it, else on cash.
    Effect::new(move |_| {
        let Some(total) = total() else { return };
        if touched.get_untracked() {
            return;
        }
        let card_can_pay = sale.member.with(|m| {
            m.as_ref().is_some_and(|m| {
                m.cards.iter().any(|c| {
                    Some(c.id) == sale.card_id.get() && c.principal_fen + c.bonus_fen >= total
                })
            })
        });
        let first = if card_can_pay {
            PayBy::MemberCard
        } else {
            PayBy::Cash
        };
        for by in all() {
            amount_of(by).set(if by == first {
                Money::from_fen(total).plain()
            } else {
                String::new()
            });
        }
    });
    Effect::new(move |_| {
        sale.customer.track();
        for by in all() {
            amount_of(by).set(String::new());
        }
        touched.set(false);
        cash_given.set(String::new());
        pin.set(String::new());
        done.set(None);
    });
    let recent = use_context::<RecentList>();
    Effect::new(move |_| {
        if let Some(Ok(receipt)) = sell.value().get() {
            done.set(Some(receipt));
            sale.paid.set(true);
            pin.set(String::new());
            focus("next-customer");
            // The member's balances and the reprint list, as they now are.
            sale.refresh_member();
            spawn_local(async move {
                if let (Some(RecentList(list)), Ok(sales)) = (recent, recent_sales().await) {
                    list.set(sales);
                }
            });
        }
    });
    let paid = move || -> Option<i64> {
        all()
            .into_iter()
            .map(|by| fen_of(&amount_of(by).get()))
            .sum()
    };
    let remaining = move || Some(total()? - paid()?);
    let card_part = move || fen_of(&amount_of(PayBy::MemberCard).get()).unwrap_or(0);
    let change = move || {
        let cash = fen_of(&amount_of(PayBy::Cash).get())?;
        let given = fen_of(&cash_given.get())?;
        (given > 0 && given >= cash).then_some(given - cash)
    };
    let ready =
        move || remaining() == Some(0) && !sale.lines.with(Vec::is_empty) && done.get().is_none();
    let pay = move || {
        if !ready() || sell.pending().get_untracked() {
            return;
        }
        let payments = all()
            .into_iter()
            .filter_map(|by| {
                let a = amount_of(by).get_untracked();
                (fen_of(&a).unwrap_or(0) > 0).then(|| (by.code(), a))
            })
            .collect();
        sell.dispatch(Sell {
            form: SaleForm {
                request_id: request.current(),
                member_id: sale.member.with_untracked(|m| m.as_ref().map(|m| m.id)),
                card_id: sale.card_id.get_untracked(),
                lines: sale
                    .lines
                    .with_untracked(|l| l.iter().map(|l| (l.item.id, l.quantity)).collect()),
                payments,
                cash_given: cash_given.get_untracked(),
                pin: pin.get_untracked(),
                covers: sale.covers(),
            },
        });
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| match ev.key().as_str() {
        "F9" => {
            ev.prevent_default();
            pay();
        }
        "Escape" if done.get_untracked().is_some() => {
            ev.prevent_default();
            sale.next_customer();
            focus("member-search");
        }
        _ => {}
    });
    on_cleanup(move || keys.remove());
    // Typing one amount puts the rest on the balancing method — the member's
    // card when one is chosen, else cash — so that the split adds up without a
    // click. Typing in the balancing field itself changes nothing else.
    let rebalance = move |typed: PayBy| {
        let Some(total) = total() else { return };
        let balancing = if sale.card_id.get_untracked().is_some() {
            PayBy::MemberCard
        } else {
            PayBy::Cash
        };
        if typed == balancing {
            return;
        }
        let others: Option<i64> = all()
            .into_iter()
            .filter(|b| *b != balancing)
            .map(|b| fen_of(&amount_of(b).get_untracked()))
            .sum();
        if let Some(others) = others {
            let rest = (total - others).max(0);
            amount_of(balancing).set(if rest > 0 {
                Money::from_fen(rest).plain()
            } else {
                String::new()
            });
        }
    };
    let rows = methods.into_iter().filter_map(|m| {
        let by = PayBy::from_code(&m.code)?;
        let amount = amount_of(by);
        // Cash is first, and F8 lands there.
        let id = if by == PayBy::Cash { "pay-first".to_owned() } else { format!("pay-{}", by.code()) };
        let fill = move |_| {
            touched.set(true);
            let others: i64 = all().into_iter().filter(|b| *b != by).filter_map(|b| fen_of(&amount_of(b).get_untracked())).sum();
            if let Some(total) = total() {
                amount.set(Money::from_fen((total - others).max(0)).plain());
            }
        };
        let names = m.names.clone();
        let code = m.code.clone();
        Some(view! {
            <label class="pay-row">
                <span>{move || crate::text::method_name(i18n.get_locale(), &code, &names)}</span>
                <input id=id inputmode="decimal" autocomplete="off" maxlength=domain::money::AMOUNT_MAX_CHARS
                    prop:value=move || amount.get()
                    on:input=move |ev| { touched.set(true); amount.set(event_target_value(&ev)); rebalance(by); } />
                <button type="button" class="link" tabindex="-1" on:click=fill>{t!(i18n, sale_rest)}</button>
            </label>
        })
    }).collect_view();
    let pin_pad = move || {
        (card_part() > 0).then(|| {
            let press = move |d: &'static str| pin.update(|p| if p.len() < 6 { p.push_str(d) });
            let digits = ["1", "2", "3", "4", "5", "6", "7", "8", "9"].map(|d| view! { <button type="button" tabindex="-1" on:click=move |_| press(d)>{d}</button> });
            view! {
                <div class="pin-pad" id="pin-pad">
                    <label>{t!(i18n, sale_pin)}
                        <input id="pin" type="password" inputmode="numeric" autocomplete="off" maxlength="6"
                            prop:value=move || pin.get()
                            on:input=move |ev| pin.set(event_target_value(&ev).chars().filter(char::is_ascii_digit).take(6).collect())
                            on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); pay(); } />
                    </label>
                    <div class="keys">
                        {digits}
                        <button type="button" tabindex="-1" on:click=move |_| pin.set(String::new())>{t!(i18n, pin_clear)}</button>
                        <button type="button" tabindex="-1" on:click=move |_| press("0")>"0"</button>
                        <button type="button" tabindex="-1" on:click=move |_| pin.update(|p| { p.pop(); })>"⌫"</button>
                    </div>
                </div>
            }
        })
    };
    let symbol = sale.symbol;
    let status = move || {
        let s = symbol.get_value();
        match remaining() {
            Some(r) if r > 0 => view! { <p class="due" id="still-to-pay">{t!(i18n, sale_still_to_pay, amount = money(r, &s))}</p> }.into_any(),
            Some(r) if r < 0 => view! { <p class="due error" id="still-to-pay">{t!(i18n, sale_over_paid, amount = money(-r, &s))}</p> }.into_any(),
            _ => ().into_any(),
        }
    };
    let finished = move || {
        done.get().map(|r| {
            let s = symbol.get_value();
            view! {
                <div class="done" id="sale-done">
                    <h3>{t!(i18n, sale_done)}</h3>
                    <dl class="facts">
                        <dt>{t!(i18n, sale_total)}</dt><dd class="money">{money(r.priced.total_fen, &s)}</dd>
                        <dt>{t!(i18n, sale_change)}</dt><dd class="money big" id="sale-change">{money(r.change_fen, &s)}</dd>
                        {r.card_balance_after_fen.map(|b| view! { <dt>{t!(i18n, sale_card_balance)}</dt><dd class="money" id="card-balance-after">{money(b, &s)}</dd> })}
                        {r.points.clone().map(|p| view! {
                            <dt>{t!(i18n, receipt_points_earned)}</dt><dd id="points-earned-now">{format!("{:+} → {}", p.earned, p.balance_after)}</dd>
                            {p.promotion.map(|(pr, factor)| {
                                let factor = domain::points::rate_text(factor);
                                view! { <dt>{t!(i18n, nav_promotions)}</dt><dd class="promotion" id="points-promotion">{t!(i18n, points_promotion, name = pr.name.clone(), factor = factor.clone())}</dd> }
                            })}
                            {p.new_level.map(|l| view! { <dt>{t!(i18n, receipt_new_level)}</dt><dd class="badge" id="new-level">{l}</dd> })}
                        })}
                    </dl>
                    <ul class="plain" id="visits-after">
                        {r.priced.lines.iter().filter_map(|l| l.cover.as_ref()).filter_map(|c| c.visits_left_after.map(|n| (c.card_no.clone(), n))).map(|(card, n)| {
                            view! { <li>{t!(i18n, sale_visits_after, card = card.clone(), n = n)}</li> }
                        }).collect_view()}
                    </ul>
                    <p class="buttons">
                        <A href=format!("/receipts/{}", r.sale_id) attr:id="print-receipt" attr:class="button">{t!(i18n, sale_print)}</A>
                        <button type="button" class="primary" id="next-customer" on:click=move |_| { sale.next_customer(); focus("member-search"); }>{t!(i18n, sale_next)}</button>
                    </p>
                </div>
            }
        })
    };
    view! {
        <aside class="card sale-pay" id="sale-pay">
            <h2>{t!(i18n, sale_pay)}" (F8)"</h2>
            <Totals sale />
            // Once paid, the "paid" panel takes the place of the payment fields.
            <div class="pay-fields" class:hidden=move || done.with(Option::is_some)>
                {rows}
                <label class="pay-row">
                    <span>{t!(i18n, field_cash_given)}</span>
                    <input id="cash-given" inputmode="decimal" autocomplete="off" maxlength=domain::money::AMOUNT_MAX_CHARS
                        prop:value=move || cash_given.get() on:input=move |ev| cash_given.set(event_target_value(&ev)) />
                </label>
                {move || change().map(|c| view! { <p>{t!(i18n, sale_change)}" "<strong class="money" id="change">{money(c, &symbol.get_value())}</strong></p> })}
                {status}
                <ErrorNote error=action_error(sell.value()) />
                {pin_pad}
                <button type="button" class="primary big" id="pay" disabled=move || !ready() || sell.pending().get() on:click=move |_| pay()>
                    {t!(i18n, sale_pay)}" (F9)"
                </button>
            </div>
            {finished}
            <p class="muted small">{t!(i18n, sale_keys)}</p>
        </aside>
    }
}
