//! The head-office dashboard (R3) and what every report page shares: the
//! report tabs and the filter (store, period). A branch sees its own store only;
//! the server functions refuse another store whatever the address says.

use super::Label;
use super::forms::money;
use super::layout::Signed;
use crate::api::{Dashboard, ReportFrame, StoreFigures, report_dashboard};
use crate::error::{AppError, ErrorNote};
use crate::i18n::*;
use domain::access::Permission;
use domain::access::Section;
use domain::report::DayFigures;
use leptos::prelude::*;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

/// A query parameter of the page's address, empty when missing.
pub fn query_text(name: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        query
            .try_with(|q| q.get(name))
            .flatten()
            .unwrap_or_default()
    }
}

/// The `store` parameter: a store's id, or none for every store in scope.
pub fn query_store() -> impl Fn() -> Option<i64> + Copy + Send + Sync + 'static {
    let text = query_text("store");
    move || text().parse::<i64>().ok().filter(|id| *id > 0)
}

pub fn query_page() -> impl Fn() -> u32 + Copy + Send + Sync + 'static {
    let text = query_text("page");
    move || text().parse::<u32>().unwrap_or(0)
}

/// The reports, as tabs above each of them.
#[component]
pub fn ReportTabs() -> impl IntoView {
    let i18n = use_i18n();
    let store = query_store();
    let tab = move |path: &'static str, label: fn(Locale) -> String| {
        let href = move || match store() {
            Some(id) => format!("{path}?store={id}"),
            None => path.to_owned(),
        };
        view! { <A href=href>{move || label(i18n.get_locale())}</A> }
    };
    view! {
        <nav class="tabs no-print" id="report-tabs" aria-label=move || t_string!(i18n, nav_reports)>
            {tab("/reports", |l| td_string!(l, report_dashboard).to_owned())}
            {tab("/reports/liability", |l| td_string!(l, report_liability).to_owned())}
            {tab("/reports/clearing", |l| td_string!(l, report_clearing).to_owned())}
            {tab("/reports/sales", |l| td_string!(l, report_sales).to_owned())}
            {tab("/reports/recharges", |l| td_string!(l, report_recharges).to_owned())}
            {super::members::can(Permission::ViewAudit).then(|| view! {
                {tab("/reports/audit", |l| td_string!(l, nav_audit).to_owned())}
                {tab("/reports/security", |l| td_string!(l, nav_security_log).to_owned())}
            })}
        </nav>
    }
}

/// A report's page: its heading, the report tabs, and the report (`children`,
/// which reads the page's resource) once loaded.
#[component]
pub fn ReportPage(title: Label, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let children = StoredValue::new(children);
    view! {
        <Signed section=Section::Reports>
            <h1>{move || title(i18n.get_locale())}</h1>
            <ReportTabs />
            <Transition fallback=|| ()>{move || children.with_value(|c| c())}</Transition>
        </Signed>
    }
}

/// What a report shows when its server function refused.
pub fn refused(e: AppError) -> AnyView {
    view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any()
}

/// What a filter form asks for besides the store.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Dates {
    None,
    /// One day ("as of").
    AsOf,
    /// First and last day.
    Period,
}

/// The filter: the store (the head office only; a branch has its own) and the
/// dates, sent as the page's address (`GET`), so a filtered report can be
/// bookmarked, printed and exported with the same filter.
#[component]
pub fn ReportFilter(
    frame: ReportFrame,
    action: &'static str,
    dates: Dates,
    #[prop(optional, into)] first: String,
    #[prop(optional, into)] last: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let store_select = (!frame.stores.is_empty()).then(|| {
        let chosen = frame.store_id;
        view! {
            <label>{t!(i18n, store)}
                <select name="store">
                    <option value="" selected=chosen.is_none()>{t!(i18n, all_stores)}</option>
                    {frame.stores.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=chosen == Some(id)>{name}</option>
                    }).collect_view()}
                </select>
            </label>
        }
    });
    let dates = match dates {
        Dates::None => ().into_any(),
        Dates::AsOf => view! {
            <label>{t!(i18n, report_as_of)}
                <input type="date" name="as_of" value=last max=frame.today.clone() required />
            </label>
        }
        .into_any(),
        Dates::Period => view! {
            <label>{t!(i18n, field_first_day)}
                <input type="date" name="first" value=first required />
            </label>
            <label>{t!(i18n, field_last_day)}
                <input type="date" name="last" value=last required />
            </label>
        }
        .into_any(),
    };
    view! {
        <Form method="GET" action=action attr:class="toolbar no-print" attr:id="report-filter">
            {store_select}
            {dates}
            <button type="submit">{t!(i18n, report_show)}</button>
        </Form>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let store = query_store();
    let board = Resource::new(store, report_dashboard);
    let body = move || {
        Suspend::new(async move {
            match board.await {
                Ok(d) => view! { <DashboardBody d /> }.into_any(),
                Err(e) => refused(e),
            }
        })
    };
    view! { <ReportPage title=|l| td_string!(l, report_dashboard)>{body}</ReportPage> }
}

fn sum_of<'a>(figures: impl Iterator<Item = &'a DayFigures>) -> DayFigures {
    figures.fold(DayFigures::default(), |a, b| a + *b)
}

#[component]
fn DashboardBody(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let symbol = d.frame.currency_symbol.clone();
    let (first, last) = (
        d.days.first().cloned().unwrap_or_default(),
        d.days.last().cloned().unwrap_or_default(),
    );
    let today = sum_of(d.stores.iter().map(|s| &s.today));
    let month = sum_of(d.stores.iter().flat_map(|s| s.trend.iter()));
    let liability = d
        .stores
        .iter()
        .fold(domain::report::Liability::default(), |a, s| a + s.liability);
    let tile = |id: &'static str, label: String, value: String| {
        view! { <div class="tile" id=id><span class="muted small">{label}</span><strong class="money">{value}</strong></div> }
    };
    let l = i18n.get_locale_untracked();
    let tiles = view! {
        <div class="tiles">
            {tile("today-sales", td_string!(l, report_today_sales).to_owned(), money(today.sales_fen, &symbol))}
            {tile("today-recharges", td_string!(l, report_today_recharges).to_owned(), money(today.recharges_fen, &symbol))}
            {tile("today-members", td_string!(l, report_today_members).to_owned(), today.new_members.to_string())}
            {tile("today-visits", td_string!(l, report_today_visits).to_owned(), today.visits.to_string())}
            {tile("liability-now", td_string!(l, report_liability_now).to_owned(), money(liability.total_fen(), &symbol))}
        </div>
    };
    let daily: Vec<DayFigures> = (0..d.days.len())
        .map(|i| sum_of(d.stores.iter().filter_map(|s| s.trend.get(i))))
        .collect();
    view! {
        <ReportFilter frame=d.frame.clone() action="/reports" dates=Dates::None />
        {tiles}
        <section class="card">
            <h2>{t!(i18n, report_trend)} <span class="muted small">{format!(" {first} – {last}")}</span></h2>
            <TrendChart days=d.days.clone() daily symbol=symbol.clone() />
        </section>
        <section class="card">
            <h2>{t!(i18n, report_by_store)} <span class="muted small">{format!(" {first} – {last}")}</span></h2>
            <StoreBars stores=d.stores.clone() first=first.clone() last=last.clone() symbol=symbol.clone() />
        </section>
        <p class="muted small" id="trend-totals">
            {move || td_string!(i18n.get_locale(), report_period_totals,
                sales = money(month.sales_fen, &symbol), refunds = money(month.refunds_fen, &symbol),
                recharges = money(month.recharges_fen, &symbol), members = month.new_members,
                visits = month.visits).to_string()}
        </p>
    }
}

/// Sales (bars) and recharges (a line) of each day, summed over the stores.
#[component]
fn TrendChart(days: Vec<String>, daily: Vec<DayFigures>, symbol: String) -> impl IntoView {
    let i18n = use_i18n();
    let (w, h, pad) = (720.0_f64, 220.0_f64, 28.0_f64);
    let top = daily
        .iter()
        .map(|f| f.sales_fen.max(f.recharges_fen))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let n = daily.len().max(1) as f64;
    let step = (w - 2.0 * pad) / n;
    let y = move |fen: i64| h - pad - (fen as f64 / top) * (h - 2.0 * pad);
    let bars = daily
        .iter()
        .zip(&days)
        .enumerate()
        .map(|(i, (f, day))| {
            let x = pad + i as f64 * step + step * 0.15;
            let top_y = y(f.sales_fen);
            let title = format!("{day}: {}", money(f.sales_fen, &symbol));
            view! {
                <rect class="bar" x=format!("{x:.1}") y=format!("{top_y:.1}") width=format!("{:.1}", step * 0.7)
                    height=format!("{:.1}", (h - pad - top_y).max(0.0))><title>{title}</title></rect>
            }
        })
        .collect_view();
    let line: String = daily
        .iter()
        .enumerate()
        .map(|(i, f)| {
            format!(
                "{:.1},{:.1}",
                pad + (i as f64 + 0.5) * step,
                y(f.recharges_fen)
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let label = |i: usize| {
        days.get(i)
            .map(|d| d.get(5..).unwrap_or(d).to_owned())
            .unwrap_or_default()
    };
    let (first_label, last_label) = (label(0), label(days.len().saturating_sub(1)));
    let peak = money(top as i64, &symbol);
    view! {
        <svg class="chart" id="trend-chart" viewBox=format!("0 0 {w} {h}") role="img"
            aria-label=move || t_string!(i18n, report_trend)>
            <line class="axis" x1=pad.to_string() y1=(h - pad).to_string() x2=(w - pad).to_string() y2=(h - pad).to_string() />
            <text class="tick" x=pad.to_string() y=(h - 8.0).to_string()>{first_label}</text>
            <text class="tick" x=(w - pad).to_string() y=(h - 8.0).to_string() text-anchor="end">{last_label}</text>
            <text class="tick" x=pad.to_string() y=(pad - 12.0).max(10.0).to_string()>{peak}</text>
            {bars}
            <polyline class="line" points=line />
        </svg>
        <p class="legend small">
            <span class="key bar-key"></span>{t!(i18n, report_sales)}
            <span class="key line-key"></span>{t!(i18n, report_recharges)}
        </p>
    }
}

/// Each store's sales over the trend's days as a bar; a store's row opens its
/// sales detail for the same days.
#[component]
fn StoreBars(
    stores: Vec<StoreFigures>,
    first: String,
    last: String,
    symbol: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let totals: Vec<(StoreFigures, DayFigures)> = stores
        .into_iter()
        .map(|s| {
            let sum = sum_of(s.trend.iter());
            (s, sum)
        })
        .collect();
    let top = totals
        .iter()
        .map(|(_, t)| t.sales_fen)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let rows = totals
        .into_iter()
        .map(|(s, t)| {
            let href = format!("/reports/sales?store={}&first={first}&last={last}", s.store_id);
            let width = (t.sales_fen as f64 / top * 100.0).max(0.0);
            let (name, label) = (s.store_name.clone(), s.store_name.clone());
            view! {
                <tr data-store=s.store_id.to_string()>
                    <td><A href=href.clone()>{name}</A></td>
                    <td class="bar-cell">
                        <A href=href attr:class="bar-link" attr:aria-label=label>
                            <svg class="hbar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                                <rect class="bar" x="0" y="1" width=format!("{width:.2}") height="8" />
                            </svg>
                        </A>
                    </td>
                    <td class="num money store-sales">{money(t.sales_fen, &symbol)}</td>
                    <td class="num money">{money(t.refunds_fen, &symbol)}</td>
                    <td class="num money">{money(t.recharges_fen, &symbol)}</td>
                    <td class="num">{t.new_members}</td>
                    <td class="num">{t.visits}</td>
                    <td class="num money">{money(s.liability.total_fen(), &symbol)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="scrolls-x">
            <table class="list" id="store-bars">
                <thead><tr>
                    <th>{t!(i18n, store)}</th>
                    <th class="bar-cell"></th>
                    <th>{t!(i18n, report_sales)}</th>
                    <th>{t!(i18n, report_refunds)}</th>
                    <th>{t!(i18n, report_recharges)}</th>
                    <th>{t!(i18n, report_new_members)}</th>
                    <th>{t!(i18n, report_visits)}</th>
                    <th>{t!(i18n, report_liability)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
