//! CSV downloads of the reports (R4): `GET /reports/export/<report>.csv` with
//! the report page's own filter in the query. The session, `ViewReports` and
//! the store scope are checked exactly as for the report's server function.
//! UTF-8 with a byte-order mark, so that Excel opens Chinese text correctly;
//! the detail reports stream a chunk of rows at a time (never the whole report
//! in memory), in the screen's order, every page.

use crate::api::report_ask::{Ask, ask_for, member_text};
use crate::error::AppError;
use crate::guard::{ServerState, require_of};
use crate::i18n::Locale;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use db::reports::Start;
use domain::access::Permission;
use domain::money::Money;
use domain::report::Period;
use leptos_i18n::td_string;
use serde::Deserialize;
use std::net::SocketAddr;
use tower_sessions::Session;

/// Rows read from the database per chunk of an export.
const CHUNK_ROWS: i64 = 500;

#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    pub store: Option<String>,
    #[serde(default)]
    pub first: String,
    #[serde(default)]
    pub last: String,
    #[serde(default)]
    pub as_of: String,
    /// The page's language for the column headings.
    #[serde(default)]
    pub lang: String,
    /// The log downloads' search (O1).
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub which: String,
}

fn locale_of(lang: &str) -> Locale {
    match lang {
        "en" => Locale::en,
        "zh-TW" => Locale::zh_TW,
        _ => Locale::zh_CN,
    }
}

fn refusal(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, e.to_string()).into_response()
}

/// `GET /reports/export/{report}`: `sales.csv`, `recharges.csv`,
/// `liability.csv` or `clearing.csv`.
pub async fn handler(
    State(state): State<ServerState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    session: Session,
    Path(report): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Response {
    match export(&state, &session, &addr.ip().to_string(), &report, q).await {
        Ok(r) => r,
        Err(e) => refusal(e),
    }
}

async fn export(
    state: &ServerState,
    session: &Session,
    ip: &str,
    report: &str,
    q: ExportQuery,
) -> Result<Response, AppError> {
    if report == "audit.csv" || report == "security.csv" {
        return log_export(state, session, ip, report, q).await;
    }
    let caller = require_of(state, session, ip, Permission::ViewReports).await?;
    let store = match q.store.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(s.parse::<i64>().map_err(|_| AppError::NotFound)?),
    };
    let ask = ask_for(state.db.clone(), &caller, store).await?;
    let locale = locale_of(&q.lang);
    let day = file_day(&q).unwrap_or_else(|| ask.today.to_string());
    let body = match report {
        "sales.csv" => {
            let period = ask.period(&q.first, &q.last)?;
            detail(ask, period, locale, Detail::Sales)
        }
        "recharges.csv" => {
            let period = ask.period(&q.first, &q.last)?;
            detail(ask, period, locale, Detail::Recharges)
        }
        "liability.csv" => Body::from(liability(&ask, &q.as_of, locale).await?),
        "members.csv" => crate::export_members::members(ask, locale)
            .await
            .map_err(crate::guard::internal)?,
        "cards.csv" => crate::export_members::cards(ask, locale),
        "clearing.csv" => {
            let period = ask.period(&q.first, &q.last)?;
            Body::from(clearing(&ask, period, locale).await?)
        }
        _ => return Err(AppError::NotFound),
    };
    let name = report.trim_end_matches(".csv");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}-{day}.csv\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

/// The audit or security log, searched as on its page (O1).
async fn log_export(
    state: &ServerState,
    session: &Session,
    ip: &str,
    log: &str,
    q: ExportQuery,
) -> Result<Response, AppError> {
    let search = crate::api::audit::LogQuery {
        store: q.store.as_deref().and_then(|s| s.trim().parse().ok()),
        person: q.person.clone(),
        what: q.what.clone(),
        which: q.which.clone(),
        first: q.first.clone(),
        last: q.last.clone(),
        before: None,
    };
    let body =
        crate::audit_view::export(state, session, ip, log, search, locale_of(&q.lang)).await?;
    let day = db::clock::business_day(
        db::now_ms(),
        &crate::guard::company(&state.db).await?.time_zone,
    );
    let name = log.trim_end_matches(".csv");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}-{day}.csv\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

/// The day in a download's file name: the period's last day or the "as of" day
/// asked for; none when neither was given (then today).
fn file_day(q: &ExportQuery) -> Option<String> {
    let day = if q.last.is_empty() { &q.as_of } else { &q.last };
    let day: String = day
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .take(10)
        .collect();
    (!day.is_empty()).then_some(day)
}

/// The first bytes of every export: the byte-order mark, then the headings.
fn start(headings: &[String]) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend(record(headings));
    out
}

pub(crate) fn record<S: AsRef<[u8]>>(fields: &[S]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(fields);
    w.into_inner().unwrap_or_default()
}

pub(crate) fn fen(f: i64) -> String {
    Money::from_fen(f).plain()
}

/// A download as a stream: the byte-order mark and the headings, then one chunk
/// after another from `next(after)` (its CSV and the last id it covered), from
/// id 0 until a chunk comes back empty.
pub(crate) fn csv_body<F, Fut>(headings: Vec<String>, next: F) -> Body
where
    F: Fn(i64) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(Vec<u8>, Option<i64>), db::DbError>> + Send + 'static,
{
    let first = Bytes::from(start(&headings));
    let rows = futures_util::stream::unfold((next, Some(0_i64)), |(next, after)| async move {
        let at = after?;
        match next(at).await {
            Err(e) => Some((Err(std::io::Error::other(e.to_string())), (next, None))),
            Ok((_, None)) => None,
            Ok((csv, last)) => Some((Ok(Bytes::from(csv)), (next, last))),
        }
    });
    let all = futures_util::StreamExt::chain(
        futures_util::stream::iter([Ok::<Bytes, std::io::Error>(first)]),
        rows,
    );
    Body::from_stream(futures_util::StreamExt::fuse(all))
}

#[derive(Clone, Copy)]
enum Detail {
    Sales,
    Recharges,
}

/// A detail report as a stream: headings, then one chunk of rows after
/// another, each read from where the last one ended.
fn detail(ask: Ask, period: Period, locale: Locale, which: Detail) -> Body {
    let l = locale;
    let headings: Vec<String> = match which {
        Detail::Sales => vec![
            td_string!(l, report_receipt),
            td_string!(l, report_time),
            td_string!(l, store),
            td_string!(l, report_staff),
            td_string!(l, report_member),
            td_string!(l, report_list_price),
            td_string!(l, report_discount),
            td_string!(l, report_sales),
            td_string!(l, report_refunds),
        ],
        Detail::Recharges => vec![
            td_string!(l, report_slip),
            td_string!(l, report_time),
            td_string!(l, report_kind),
            td_string!(l, store),
            td_string!(l, report_staff),
            td_string!(l, report_card),
            td_string!(l, report_member),
            td_string!(l, field_payment_method),
            td_string!(l, report_money_in),
            td_string!(l, report_principal),
            td_string!(l, report_bonus),
        ],
    }
    .into_iter()
    .map(str::to_owned)
    .collect();
    let first = Bytes::from(start(&headings));
    let from = Some(Start::After {
        day: i64::MAX,
        id: i64::MAX,
    });
    let rows = futures_util::stream::unfold((ask, from), move |(ask, from)| async move {
        let at = from?;
        match chunk(&ask, period, locale, which, at).await {
            Err(e) => Some((Err(std::io::Error::other(e.to_string())), (ask, None))),
            Ok((_, None)) => None,
            Ok((csv, next)) => Some((Ok(Bytes::from(csv)), (ask, next))),
        }
    });
    let all = futures_util::StreamExt::chain(
        futures_util::stream::iter([Ok::<Bytes, std::io::Error>(first)]),
        rows,
    );
    // Fused: the compression layer polls once more after the end.
    Body::from_stream(futures_util::StreamExt::fuse(all))
}

/// One chunk of a detail report as CSV records, from `at`, and where the next
/// chunk starts (none: this one was empty, the report is done).
async fn chunk(
    ask: &Ask,
    period: Period,
    locale: Locale,
    which: Detail,
    at: Start,
) -> Result<(Vec<u8>, Option<Start>), db::DbError> {
    let mut out = Vec::new();
    let last = match which {
        Detail::Sales => {
            let rows = db::reports::sales_rows(&ask.db, ask.stores, period, at, CHUNK_ROWS).await?;
            let last = rows.last().map(|r| (r.day, r.id));
            for r in rows {
                out.extend(record(&[
                    r.id.to_string(),
                    ask.minute(r.at_ms),
                    r.store_name,
                    r.staff_name,
                    member_text(r.member_no, r.member_name),
                    fen(r.list_fen),
                    fen(r.discount_fen),
                    fen(r.total_fen),
                    fen(r.refunded_fen),
                ]));
            }
            last
        }
        Detail::Recharges => {
            let rows =
                db::reports::recharge_rows(&ask.db, ask.stores, period, at, CHUNK_ROWS).await?;
            let last = rows.last().map(|r| (r.day, r.id));
            for r in rows {
                let kind = if r.kind == "reversal" {
                    td_string!(locale, report_reversal)
                } else {
                    td_string!(locale, report_recharge)
                };
                out.extend(record(&[
                    r.id.to_string(),
                    ask.minute(r.at_ms),
                    kind.to_owned(),
                    r.store_name,
                    r.staff_name,
                    r.card_no,
                    member_text(r.member_no, r.member_name),
                    r.payment_method,
                    fen(r.money_in_fen),
                    fen(r.principal_fen),
                    fen(r.bonus_fen),
                ]));
            }
            last
        }
    };
    Ok((out, last.map(|(day, id)| Start::After { day, id })))
}

async fn liability(ask: &Ask, as_of: &str, l: Locale) -> Result<Vec<u8>, AppError> {
    let day = ask.as_of(as_of)?;
    let rows = db::reports::liability(&ask.db, ask.stores, day)
        .await
        .map_err(crate::guard::internal)?;
    let mut out = start(&[
        td_string!(l, report_as_of).to_owned(),
        td_string!(l, report_issuing_store).to_owned(),
        td_string!(l, report_principal).to_owned(),
        td_string!(l, report_bonus).to_owned(),
        td_string!(l, report_total).to_owned(),
    ]);
    let mut sum = domain::report::Liability::default();
    for (id, v) in rows {
        sum = sum + v;
        out.extend(record(&[
            day.to_string(),
            ask.name(id),
            fen(v.principal_fen),
            fen(v.bonus_fen),
            fen(v.total_fen()),
        ]));
    }
    out.extend(record(&[
        day.to_string(),
        td_string!(l, report_total).to_owned(),
        fen(sum.principal_fen),
        fen(sum.bonus_fen),
        fen(sum.total_fen()),
    ]));
    Ok(out)
}

async fn clearing(ask: &Ask, period: Period, l: Locale) -> Result<Vec<u8>, AppError> {
    let flows = db::reports::clearing_flows(&ask.db, ask.stores, period)
        .await
        .map_err(crate::guard::internal)?;
    let mut out = start(&[
        td_string!(l, field_first_day).to_owned(),
        td_string!(l, field_last_day).to_owned(),
        td_string!(l, report_payer).to_owned(),
        td_string!(l, report_payee).to_owned(),
        td_string!(l, field_amount).to_owned(),
    ]);
    for s in domain::report::net_settlements(&flows) {
        out.extend(record(&[
            period.first.to_string(),
            period.last.to_string(),
            ask.name(s.payer_store_id),
            ask.name(s.payee_store_id),
            fen(s.amount_fen),
        ]));
    }
    Ok(out)
}
