//! The till: the cashier's shift (H1). Opened with a float, closed by counting the
//! drawer; the report shows expected against counted cash and prints.

use super::confirm;
use super::layout::Signed;
use super::receipt::{RecentList, RecentSales};
use super::sale::SaleScreen;
use super::tills::PairThisBrowser;
use crate::api::{CloseShift, OpenShift, PairTill, ShiftView, TillState, my_till};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::access::Section;
use domain::money::{AMOUNT_MAX_CHARS, Money};
use domain::shift::CashCount;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_router::components::A;

#[component]
pub fn TillPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = ServerAction::<OpenShift>::new();
    let close = ServerAction::<CloseShift>::new();
    let pair = ServerAction::<PairTill>::new();
    let state = Resource::new(
        move || {
            (
                super::runs(open.version()),
                super::runs(close.version()),
                super::runs(pair.version()),
            )
        },
        |_| my_till(),
    );
    let shown = move || {
        Suspend::new(async move {
            match state.await {
                Ok(state) if state.needs_till => view! { <PairThisBrowser pair /> }.into_any(),
                Ok(state) => view! { <Till state open close /> }.into_any(),
                Err(e) => view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            }
        })
    };
    view! {
        <Signed section=Section::Till>
            <h1 class="till-title">{t!(i18n, nav_till)}</h1>
            <Transition>{shown}</Transition>
        </Signed>
    }
}

#[component]
fn Till(
    state: TillState,
    open: ServerAction<OpenShift>,
    close: ServerAction<CloseShift>,
) -> impl IntoView {
    let i18n = use_i18n();
    let symbol = state.currency_symbol.clone();
    // The latest sales, refreshed by the payment panel after each sale.
    let recent = RwSignal::new(state.recent_sales.clone());
    provide_context(RecentList(recent));
    let current = match state.open {
        Some(shift) => view! {
            <SaleScreen symbol=symbol.clone() plans=state.plans.clone() />
            <RecentSales sales=recent />
            <OpenShiftCard shift symbol=symbol.clone() close />
        }
        .into_any(),
        None => view! {
            <section class="card" id="open-shift">
                <p>{t!(i18n, shift_none)}</p>
                <ActionForm action=open attr:class="form inline" attr:novalidate=true>
                    <label>
                        {t!(i18n, field_float)}
                        <input name="float" inputmode="decimal" autocomplete="off" maxlength=AMOUNT_MAX_CHARS autofocus />
                        <small class="muted">{t!(i18n, shift_open_hint)}</small>
                    </label>
                    <ErrorNote error=action_error(open.value()) />
                    <button type="submit" class="primary" disabled=open.pending()>{t!(i18n, shift_open)}</button>
                </ActionForm>
            </section>
        }
        .into_any(),
    };
    let report = state
        .last_closed
        .map(|shift| view! { <ShiftReport shift symbol /> });
    // From the server's answer, not the session: the page hydrates the same.
    let all_shifts = state
        .may_see_all_shifts
        .then(|| view! { " · "<A href="/till/shifts">{t!(i18n, shift_all)}</A> });
    let till_name = state
        .till
        .map(|name| view! { <span id="till-name">{t!(i18n, tills_this)}{name}</span>" · " });
    view! {
        {current}
        {report}
        <p class="no-print small">
            {till_name}
            <A href="/till/readers">{t!(i18n, nav_readers)}</A>
            {all_shifts}
        </p>
    }
}

#[component]
fn OpenShiftCard(
    shift: ShiftView,
    symbol: String,
    close: ServerAction<CloseShift>,
) -> impl IntoView {
    let i18n = use_i18n();
    let counted = NodeRef::<Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = counted.get() else { return };
        if confirm(t_string!(i18n, confirm_close_shift)) {
            close.dispatch(CloseShift {
                counted_cash: input.value(),
            });
        }
    };
    view! {
        <section class="card" id="current-shift">
            <h2>{t!(i18n, shift_current)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, shift_opened_at)}</dt>
                <dd>{shift.opened_at.clone()}</dd>
                <dt>{t!(i18n, field_float)}</dt>
                <dd class="money">{shift.float.with_symbol(&symbol)}</dd>
            </dl>
            <form class="form inline" id="close-shift-form" on:submit=on_submit novalidate>
                <label>
                    {t!(i18n, field_counted_cash)}
                    <input node_ref=counted name="counted_cash" inputmode="decimal" autocomplete="off" maxlength=AMOUNT_MAX_CHARS />
                    <small class="muted">{t!(i18n, shift_close_hint)}</small>
                </label>
                <ErrorNote error=action_error(close.value()) />
                <button type="submit" class="primary" disabled=close.pending()>{t!(i18n, shift_close)}</button>
            </form>
        </section>
    }
}

/// The closed shift's report, printable on its own.
#[component]
fn ShiftReport(shift: ShiftView, symbol: String) -> impl IntoView {
    let i18n = use_i18n();
    let symbol_for_table = symbol.clone();
    let money = move |m: Option<Money>| m.map(|m| m.with_symbol(&symbol)).unwrap_or_default();
    let (expected, counted) = (money(shift.expected_cash), money(shift.counted_cash));
    let symbol_for_count = money(Some(Money::ZERO)).replace("0.00", "");

    let count = move || {
        let locale = i18n.get_locale();
        match shift.count {
            Some(CashCount::Balanced) => td_string!(locale, cash_balanced).to_string(),
            Some(CashCount::Short(m)) => td_string!(
                locale,
                cash_short,
                amount = m.with_symbol(&symbol_for_count)
            )
            .to_string(),
            Some(CashCount::Over(m)) => {
                td_string!(locale, cash_over, amount = m.with_symbol(&symbol_for_count)).to_string()
            }
            None => String::new(),
        }
    };
    let balanced = matches!(shift.count, Some(CashCount::Balanced));
    view! {
        <section class="card report" id="shift-report">
            <h2>{t!(i18n, shift_report)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, store)}</dt>
                <dd>{shift.store_name.clone()}</dd>
                <dt>{t!(i18n, shift_cashier)}</dt>
                <dd>{shift.cashier_name.clone()}</dd>
                <dt>{t!(i18n, shift_opened_at)}</dt>
                <dd>{shift.opened_at.clone()}</dd>
                <dt>{t!(i18n, shift_closed_at)}</dt>
                <dd>{shift.closed_at.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, field_float)}</dt>
                <dd class="money">{money(Some(shift.float))}</dd>
                <dt>{t!(i18n, expected_cash)}</dt>
                <dd class="money">{expected}</dd>
                <dt>{t!(i18n, field_counted_cash)}</dt>
                <dd class="money">{counted}</dd>
                <dt>{t!(i18n, cash_difference)}</dt>
                <dd class="count" class:ok=balanced class:error=!balanced>{count}</dd>
            </dl>
            <p class="muted small">{t!(i18n, expected_cash_note)}</p>
            <MethodTable summary=shift.summary.clone() float=shift.float counted=shift.counted_cash symbol=symbol_for_table />
            <button type="button" on:click=|_| { let _ = window().print(); }>{t!(i18n, print)}</button>
        </section>
    }
}

/// The shift per payment method (expected against counted for cash) and what
/// it did: sales, recharges, refunds, visits.
#[component]
pub fn MethodTable(
    summary: domain::shift::ShiftSummary,
    float: Money,
    counted: Option<Money>,
    symbol: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let m = move |fen: i64| Money::from_fen(fen).with_symbol(&symbol);
    // Vouchers and the like that the shop keeps in the drawer are counted with
    // the cash: then the count sits on a "drawer" row of its own.
    let shared_drawer = summary
        .methods
        .iter()
        .any(|t| t.into_drawer && t.method != "cash");
    let rows = summary
        .methods
        .iter()
        .map(|t| {
            let cash = t.method == "cash";
            let expected = if cash {
                t.net_fen() + float.fen()
            } else {
                t.net_fen()
            };
            let counted = if cash && !shared_drawer {
                counted.map(|c| m(c.fen())).unwrap_or_default()
            } else {
                String::new()
            };
            let (method, names, in_drawer) = (t.method.clone(), t.names.clone(), t.into_drawer && !cash);
            view! {
                <tr>
                    <td>
                        {move || crate::text::method_name(i18n.get_locale(), &method, &names)}
                        {in_drawer.then(|| view! { <small class="muted">" · "{t!(i18n, method_into_drawer)}</small> })}
                    </td>
                    <td class="num">{m(t.sales_fen)}</td>
                    <td class="num">{m(t.card_money_in_fen)}</td>
                    <td class="num">{m(t.paid_out_fen)}</td>
                    <td class="num">{m(expected)}</td>
                    <td class="num">{counted}</td>
                </tr>
            }
        })
        .collect_view();
    let drawer = shared_drawer.then(|| {
        let expected = summary
            .expected_cash(float)
            .map(|e| m(e.fen()))
            .unwrap_or_default();
        view! {
            <tfoot><tr id="drawer-total">
                <th>{t!(i18n, shift_drawer)}</th><td></td><td></td><td></td>
                <td class="num">{expected}</td>
                <td class="num">{counted.map(|c| m(c.fen())).unwrap_or_default()}</td>
            </tr></tfoot>
        }
    });
    view! {
        <table class="list methods">
            <thead><tr>
                <th>{t!(i18n, field_payment_method)}</th><th>{t!(i18n, shift_sales)}</th><th>{t!(i18n, shift_card_money)}</th>
                <th>{t!(i18n, shift_paid_out)}</th><th>{t!(i18n, shift_expected)}</th><th>{t!(i18n, field_counted_cash)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
            {drawer}
        </table>
        <p class="small shift-counts">
            {t!(i18n, shift_counts, sales = summary.sales, recharges = summary.recharges, refunds = summary.refunds, visits = summary.visits)}
        </p>
    }
}
