//! The reports behind the dashboard (R2): what the shop owes its card holders
//! (liability, as of any past day), who owes whom between stores (clearing),
//! and the sales and recharge details, a page at a time with the totals of all.

use super::forms::money;
use super::reports::{
    Dates, ReportFilter, ReportPage, query_page, query_store, query_text, refused,
};
use crate::api::{report_clearing, report_liability, report_recharges, report_sales};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// Previous and next links that keep the filter.
#[component]
fn Pager(base: String, page: u32, pages: u32) -> impl IntoView {
    let i18n = use_i18n();
    let link = move |p: u32| format!("{base}&page={p}");
    view! {
        <nav class="pager no-print">
            {(page > 0).then(|| view! { <A href=link(page - 1)>{t!(i18n, page_previous)}</A> })}
            <span>{format!("{} / {}", page + 1, pages)}</span>
            {(page + 1 < pages).then(|| view! { <A href=link(page + 1)>{t!(i18n, page_next)}</A> })}
        </nav>
    }
}

/// The language of a CSV download's headings (`lang=`).
pub(crate) fn lang_code(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "en",
        Locale::zh_TW => "zh-TW",
        _ => "zh-CN",
    }
}

/// A download of the report as CSV, with the filter on the screen.
#[component]
fn ExportLink(report: &'static str, query: String) -> impl IntoView {
    let i18n = use_i18n();
    let href = move || {
        let lang = lang_code(i18n.get_locale());
        format!("/reports/export/{report}.csv?{query}&lang={lang}")
    };
    view! {
        <a class="button no-print" id="export-csv" href=href rel="external" download="">
            {t!(i18n, report_export)}
        </a>
    }
}

fn store_param(store: Option<i64>) -> String {
    store.map(|id| id.to_string()).unwrap_or_default()
}

#[component]
pub fn LiabilityPage() -> impl IntoView {
    let i18n = use_i18n();
    let (as_of, store) = (query_text("as_of"), query_store());
    let report = Resource::new(move || (as_of(), store()), |(a, s)| report_liability(a, s));
    let body = move || {
        Suspend::new(async move {
            let r = match report.await {
                Ok(r) => r,
                Err(e) => return refused(e),
            };
            let symbol = r.frame.currency_symbol.clone();
            let rows = r
                .lines
                .into_iter()
                .map(|l| {
                    view! {
                        <tr>
                            <td>{l.store_name}</td>
                            <td class="num money">{l.principal.with_symbol(&symbol)}</td>
                            <td class="num money">{l.bonus.with_symbol(&symbol)}</td>
                            <td class="num money">{l.total.with_symbol(&symbol)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <ReportFilter frame=r.frame.clone() action="/reports/liability" dates=Dates::AsOf last=r.as_of.clone() />
                <ExportLink report="liability"
                    query=format!("store={}&as_of={}", store_param(r.frame.store_id), r.as_of) />
                <p class="muted">{move || td_string!(i18n.get_locale(), report_liability_intro).to_string()}</p>
                <h2 id="liability-as-of">{move || td_string!(i18n.get_locale(), report_liability_at, day = r.as_of.clone()).to_string()}</h2>
                <div class="scrolls-x">
                    <table class="list" id="liability">
                        <thead><tr>
                            <th>{t!(i18n, report_issuing_store)}</th>
                            <th>{t!(i18n, report_principal)}</th>
                            <th>{t!(i18n, report_bonus)}</th>
                            <th>{t!(i18n, report_total)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                        <tfoot><tr>
                            <th>{t!(i18n, report_total)}</th>
                            <th class="num money">{r.principal.with_symbol(&symbol)}</th>
                            <th class="num money">{r.bonus.with_symbol(&symbol)}</th>
                            <th class="num money" id="liability-total">{r.total.with_symbol(&symbol)}</th>
                        </tr></tfoot>
                    </table>
                </div>
            }
            .into_any()
        })
    };
    view! { <ReportPage title=|l| td_string!(l, report_liability)>{body}</ReportPage> }
}

#[component]
pub fn ClearingPage() -> impl IntoView {
    let i18n = use_i18n();
    let (first, last, store) = (query_text("first"), query_text("last"), query_store());
    let report = Resource::new(
        move || (first(), last(), store()),
        |(f, l, s)| report_clearing(f, l, s),
    );
    let body = move || {
        Suspend::new(async move {
            let r = match report.await {
                Ok(r) => r,
                Err(e) => return refused(e),
            };
            let symbol = r.frame.currency_symbol.clone();
            let none = r.settlements.is_empty().then(|| {
                view! { <p class="muted" id="clearing-none">{t!(i18n, report_clearing_none)}</p> }
            });
            let owes = r
                .settlements
                .into_iter()
                .map(|s| {
                    view! {
                        <tr>
                            <td>{s.payer}</td>
                            <td>{s.payee}</td>
                            <td class="num money">{s.amount.with_symbol(&symbol)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let owner_rows = r
                .owners
                .iter()
                .map(|s| {
                    view! {
                        <tr>
                            <td>{s.payer.clone()}</td>
                            <td>{s.payee.clone()}</td>
                            <td class="num money">{s.amount.with_symbol(&symbol)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let flows = r
                .flows
                .into_iter()
                .map(|f| {
                    let (paid_in, spent) = if f.principal.fen() >= 0 {
                        (f.principal.with_symbol(&symbol), String::new())
                    } else {
                        (String::new(), money(-f.principal.fen(), &symbol))
                    };
                    view! {
                        <tr>
                            <td>{f.home}</td>
                            <td>{f.at}</td>
                            <td class="num money">{paid_in}</td>
                            <td class="num money">{spent}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <ReportFilter frame=r.frame.clone() action="/reports/clearing" dates=Dates::Period
                    first=r.first.clone() last=r.last.clone() />
                <ExportLink report="clearing"
                    query=format!("store={}&first={}&last={}", store_param(r.frame.store_id), r.first, r.last) />
                <p class="muted">{move || td_string!(i18n.get_locale(), report_clearing_intro).to_string()}</p>
                <h2>{format!("{} – {}", r.first, r.last)}</h2>
                {none}
                <div class="scrolls-x">
                    <table class="list" id="clearing">
                        <thead><tr>
                            <th>{t!(i18n, report_payer)}</th>
                            <th>{t!(i18n, report_payee)}</th>
                            <th>{t!(i18n, field_amount)}</th>
                        </tr></thead>
                        <tbody>{owes}</tbody>
                    </table>
                </div>
                {(!r.owners.is_empty()).then(|| view! {
                    <h2>{t!(i18n, report_owner_settlement)}</h2>
                    <div class="scrolls-x">
                        <table class="list" id="owner-settlement">
                            <thead><tr>
                                <th>{t!(i18n, report_payer)}</th>
                                <th>{t!(i18n, report_payee)}</th>
                                <th>{t!(i18n, field_amount)}</th>
                            </tr></thead>
                            <tbody>{owner_rows}</tbody>
                        </table>
                    </div>
                })}
                <details class="card more">
                    <summary>{t!(i18n, report_clearing_flows)}</summary>
                    <table class="list" id="clearing-flows">
                        <thead><tr>
                            <th>{t!(i18n, report_issuing_store)}</th>
                            <th>{t!(i18n, report_used_at)}</th>
                            <th>{t!(i18n, report_paid_in)}</th>
                            <th>{t!(i18n, report_spent)}</th>
                        </tr></thead>
                        <tbody>{flows}</tbody>
                    </table>
                </details>
            }
            .into_any()
        })
    };
    view! { <ReportPage title=|l| td_string!(l, report_clearing)>{body}</ReportPage> }
}

#[component]
pub fn SalesReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let (first, last, store, page) = (
        query_text("first"),
        query_text("last"),
        query_store(),
        query_page(),
    );
    let report = Resource::new(
        move || (first(), last(), store(), page()),
        |(f, l, s, p)| report_sales(f, l, s, p),
    );
    let body = move || {
        Suspend::new(async move {
            let r = match report.await {
                Ok(r) => r,
                Err(e) => return refused(e),
            };
            let symbol = r.frame.currency_symbol.clone();
            let base = format!(
                "/reports/sales?store={}&first={}&last={}",
                store_param(r.frame.store_id),
                r.first,
                r.last
            );
            let rows = r
                .lines
                .into_iter()
                .map(|l| {
                    view! {
                        <tr>
                            <td><A href=format!("/receipts/{}", l.id)>{l.id}</A></td>
                            <td>{l.at}</td>
                            <td>{l.store_name}</td>
                            <td>{l.staff_name}</td>
                            <td>{l.member}</td>
                            <td class="num money">{l.list.with_symbol(&symbol)}</td>
                            <td class="num money">{l.discount.with_symbol(&symbol)}</td>
                            <td class="num money">{l.total.with_symbol(&symbol)}</td>
                            <td class="num money">{l.refunded.with_symbol(&symbol)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <ReportFilter frame=r.frame.clone() action="/reports/sales" dates=Dates::Period
                    first=r.first.clone() last=r.last.clone() />
                <ExportLink report="sales" query=base.trim_start_matches("/reports/sales?").to_owned() />
                <p class="muted" id="sales-count">{move || td_string!(i18n.get_locale(), report_rows, count = r.count).to_string()}</p>
                <div class="scrolls-x">
                    <table class="list" id="sales-detail">
                        <thead><tr>
                            <th>{t!(i18n, report_receipt)}</th>
                            <th>{t!(i18n, report_time)}</th>
                            <th>{t!(i18n, store)}</th>
                            <th>{t!(i18n, report_staff)}</th>
                            <th>{t!(i18n, report_member)}</th>
                            <th>{t!(i18n, report_list_price)}</th>
                            <th>{t!(i18n, report_discount)}</th>
                            <th>{t!(i18n, report_sales)}</th>
                            <th>{t!(i18n, report_refunds)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                        <tfoot><tr>
                            <th colspan="5">{t!(i18n, report_total)}</th>
                            <th class="num money">{r.list.with_symbol(&symbol)}</th>
                            <th class="num money">{r.discount.with_symbol(&symbol)}</th>
                            <th class="num money" id="sales-total">{r.total.with_symbol(&symbol)}</th>
                            <th class="num money">{r.refunded.with_symbol(&symbol)}</th>
                        </tr></tfoot>
                    </table>
                </div>
                <Pager base page=r.page pages=r.pages />
            }
            .into_any()
        })
    };
    view! { <ReportPage title=|l| td_string!(l, report_sales_detail)>{body}</ReportPage> }
}

#[component]
pub fn RechargesReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let (first, last, store, page) = (
        query_text("first"),
        query_text("last"),
        query_store(),
        query_page(),
    );
    let report = Resource::new(
        move || (first(), last(), store(), page()),
        |(f, l, s, p)| report_recharges(f, l, s, p),
    );
    let body = move || {
        Suspend::new(async move {
            let r = match report.await {
                Ok(r) => r,
                Err(e) => return refused(e),
            };
            let symbol = r.frame.currency_symbol.clone();
            let base = format!(
                "/reports/recharges?store={}&first={}&last={}",
                store_param(r.frame.store_id),
                r.first,
                r.last
            );
            let rows = r
                .lines
                .into_iter()
                .map(|l| {
                    let kind = move || {
                        let locale = i18n.get_locale();
                        if l.reversal {
                            td_string!(locale, report_reversal).to_owned()
                        } else {
                            td_string!(locale, report_recharge).to_owned()
                        }
                    };
                    view! {
                        <tr>
                            <td><A href=format!("/slips/{}", l.id)>{l.id}</A></td>
                            <td>{l.at}</td>
                            <td>{kind}</td>
                            <td>{l.store_name}</td>
                            <td>{l.staff_name}</td>
                            <td>{l.card_no}</td>
                            <td>{l.member}</td>
                            <td class="num money">{l.money_in.with_symbol(&symbol)}</td>
                            <td class="num money">{l.principal.with_symbol(&symbol)}</td>
                            <td class="num money">{l.bonus.with_symbol(&symbol)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <ReportFilter frame=r.frame.clone() action="/reports/recharges" dates=Dates::Period
                    first=r.first.clone() last=r.last.clone() />
                <ExportLink report="recharges" query=base.trim_start_matches("/reports/recharges?").to_owned() />
                <p class="muted" id="recharges-count">{move || td_string!(i18n.get_locale(), report_rows, count = r.count).to_string()}</p>
                <div class="scrolls-x">
                    <table class="list" id="recharges-detail">
                        <thead><tr>
                            <th>{t!(i18n, report_slip)}</th>
                            <th>{t!(i18n, report_time)}</th>
                            <th>{t!(i18n, report_kind)}</th>
                            <th>{t!(i18n, store)}</th>
                            <th>{t!(i18n, report_staff)}</th>
                            <th>{t!(i18n, report_card)}</th>
                            <th>{t!(i18n, report_member)}</th>
                            <th>{t!(i18n, report_money_in)}</th>
                            <th>{t!(i18n, report_principal)}</th>
                            <th>{t!(i18n, report_bonus)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                        <tfoot><tr>
                            <th colspan="7">{t!(i18n, report_total)}</th>
                            <th class="num money" id="recharges-total">{r.money_in.with_symbol(&symbol)}</th>
                            <th class="num money">{r.principal.with_symbol(&symbol)}</th>
                            <th class="num money">{r.bonus.with_symbol(&symbol)}</th>
                        </tr></tfoot>
                    </table>
                </div>
                <Pager base page=r.page pages=r.pages />
            }
            .into_any()
        })
    };
    view! { <ReportPage title=|l| td_string!(l, report_recharge_detail)>{body}</ReportPage> }
}
