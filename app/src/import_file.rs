//! Members in from a CSV file (M3), server side: `POST /import/members?run=check`
//! (the dry run: every bad row with its reason, nothing written) and
//! `?run=write&whole=1|0` (all or nothing, or row by row), the file as the
//! request's body. UTF-8 with or without a byte-order mark, or GB18030/GBK as
//! Excel on a Chinese Windows saves it. The headings are the member export's
//! own, in any of the three languages. A write goes on in the background; the
//! page follows it with `import_progress`.

use crate::api::member_import::{ImportReport, ImportRun};
use crate::error::AppError;
use crate::guard::{ServerState, internal, require_of};
use crate::i18n::Locale;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Permission;
use domain::error::{Field, FieldError, Problem};
use domain::import::{
    BadRow, Column, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, ImportRow, Lookups, REQUIRED_COLUMNS,
};
use leptos_i18n::td_string;
use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{LazyLock, Mutex};
use tower_sessions::Session;

/// Bad rows sent back at most (the count says how many there are).
const BAD_ROWS_SHOWN: usize = 2_000;

#[derive(Debug, Deserialize)]
pub struct ImportAsk {
    #[serde(default)]
    pub run: String,
    #[serde(default)]
    pub whole: Option<u8>,
}

/// The file's text: UTF-8 (a byte-order mark dropped) or else GB18030.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// The column a heading names, in any language; custom fields by their name.
fn column_of(heading: &str, fields: &[domain::custom_field::CustomField]) -> Option<Column> {
    let heading = heading.trim();
    for l in [Locale::zh_CN, Locale::zh_TW, Locale::en] {
        let named = [
            (td_string!(l, field_member_number), Column::MemberNumber),
            (td_string!(l, field_member_name), Column::Name),
            (td_string!(l, field_phone), Column::Phone),
            (td_string!(l, field_gender), Column::Gender),
            (td_string!(l, field_birthday), Column::Birthday),
            (td_string!(l, field_id_number), Column::IdNumber),
            (td_string!(l, field_email), Column::Email),
            (td_string!(l, field_address), Column::Address),
            (td_string!(l, field_home_store), Column::HomeStore),
            (td_string!(l, field_level), Column::Level),
            (td_string!(l, field_valid_until), Column::ValidUntil),
            (td_string!(l, field_hobbies), Column::Hobbies),
            (td_string!(l, field_notes), Column::Notes),
            (td_string!(l, status), Column::Status),
            (td_string!(l, field_points), Column::Points),
            (td_string!(l, field_card_number), Column::CardNumber),
            (td_string!(l, field_plan), Column::Plan),
            (td_string!(l, report_principal), Column::Principal),
            (td_string!(l, report_bonus), Column::Bonus),
            (td_string!(l, field_visits), Column::Visits),
            (
                td_string!(l, import_card_valid_until),
                Column::CardValidUntil,
            ),
        ];
        if let Some((_, c)) = named
            .iter()
            .find(|(label, _)| label.eq_ignore_ascii_case(heading))
        {
            return Some(*c);
        }
    }
    fields
        .iter()
        .find(|f| f.name == heading)
        .map(|f| Column::Custom(f.id))
}

fn file_problem(problem: Problem) -> AppError {
    AppError::Invalid(FieldError::new(Field::ImportFile, problem))
}

/// The file read and checked against the shop: the report, and the rows to write.
async fn check(
    state: &ServerState,
    caller: &db::staff::Caller,
    bytes: &[u8],
) -> Result<(ImportReport, Vec<ImportRow>), AppError> {
    if bytes.len() > IMPORT_MAX_BYTES {
        return Err(file_problem(Problem::TooLong {
            max_chars: IMPORT_MAX_BYTES as u32,
        }));
    }
    let text = decode(bytes);
    let db = &state.db;
    let fields = db::members::fields(db).await.map_err(internal)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headings: Vec<String> = reader
        .headers()
        .map_err(|_| file_problem(Problem::BadCharacters))?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut report = ImportReport::default();
    let mut columns = Vec::with_capacity(headings.len());
    for heading in &headings {
        match column_of(heading, &fields) {
            Some(c) if !columns.contains(&c) => columns.push(c),
            _ if heading.trim().is_empty() => columns.push(Column::Custom(0)),
            _ => report.unknown_columns.push(heading.clone()),
        }
    }
    for c in REQUIRED_COLUMNS {
        if !columns.contains(&c) {
            report.missing_columns.push(c);
        }
    }
    if !report.unknown_columns.is_empty() || !report.missing_columns.is_empty() {
        return Ok((report, Vec::new()));
    }
    let look = lookups(state, caller, fields).await?;
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    for (n, record) in reader.records().enumerate() {
        if n >= IMPORT_MAX_ROWS {
            return Err(file_problem(Problem::TooMany {
                max: IMPORT_MAX_ROWS as u32,
            }));
        }
        // Line 1 is the headings.
        let line = n as u64 + 2;
        let values: Vec<String> = match record {
            Ok(r) => r.iter().map(str::to_owned).collect(),
            Err(_) => {
                bad.push(BadRow {
                    line,
                    problem: FieldError::new(Field::ImportFile, Problem::BadCharacters),
                });
                continue;
            }
        };
        if values.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        match domain::import::parse_row(line, &columns, &values, &look) {
            Ok(row) => rows.push(row),
            Err(problem) => bad.push(BadRow { line, problem }),
        }
    }
    report.rows = rows.len() + bad.len();
    let crossed = domain::import::cross_check(&rows);
    rows.retain(|r| !crossed.iter().any(|b| b.line == r.line));
    bad.extend(crossed);
    let held = db::import::held(db).await.map_err(internal)?;
    let sorted = domain::import::against_shop(rows, &held);
    bad.extend(sorted.bad);
    bad.sort_by_key(|b| b.line);
    report.to_write = sorted.to_write.len();
    report.already_there = sorted.already_there;
    report.bad_count = bad.len();
    bad.truncate(BAD_ROWS_SHOWN);
    report.bad = bad;
    Ok((report, sorted.to_write))
}

async fn lookups(
    state: &ServerState,
    caller: &db::staff::Caller,
    fields: Vec<domain::custom_field::CustomField>,
) -> Result<Lookups, AppError> {
    let db = &state.db;
    let stores = db::stores::list(db, caller.scope).await.map_err(internal)?;
    let levels = db::levels::levels(db).await.map_err(internal)?;
    let plans = db::plans::list(db).await.map_err(internal)?;
    let mut look = Lookups {
        default_store: caller.store_id,
        fields,
        ..Lookups::default()
    };
    for s in stores {
        look.stores.insert(s.code.to_lowercase(), s.id);
        look.stores.insert(s.name.to_lowercase(), s.id);
    }
    for l in levels {
        look.levels.insert(l.name.to_lowercase(), l.id);
    }
    for p in plans {
        look.plans.insert(p.name.to_lowercase(), (p.id, p.kind));
    }
    Ok(look)
}

/// Imports going on or done, by run: who started it and how far it is. A run
/// is followed on the server doing it.
static RUNS: LazyLock<Mutex<HashMap<u64, (i64, ImportRun)>>> = LazyLock::new(Mutex::default);

fn set_progress(run: u64, change: impl FnOnce(&mut ImportRun)) {
    if let Ok(mut runs) = RUNS.lock()
        && let Some((_, p)) = runs.get_mut(&run)
    {
        change(p);
    }
}

/// A run's progress, for the person who started it (none for another's, or
/// one this server does not know).
pub fn progress(staff_id: i64, run: u64) -> Option<ImportRun> {
    let runs = RUNS.lock().ok()?;
    runs.get(&run)
        .filter(|(who, _)| *who == staff_id)
        .map(|(_, p)| p.clone())
}

/// A refusal as the page reads it: the error itself, in JSON.
fn refusal(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, axum::Json(e)).into_response()
}

/// `POST /import/members`.
pub async fn handler(
    State(state): State<ServerState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    session: Session,
    Query(ask): Query<ImportAsk>,
    body: Bytes,
) -> Response {
    match import(&state, &session, &addr.ip().to_string(), ask, &body).await {
        Ok(report) => axum::Json(report).into_response(),
        Err(e) => refusal(e),
    }
}

async fn import(
    state: &ServerState,
    session: &Session,
    ip: &str,
    ask: ImportAsk,
    body: &[u8],
) -> Result<ImportReport, AppError> {
    let caller = require_of(state, session, ip, Permission::ManageSettings).await?;
    let writing = match ask.run.as_str() {
        "check" => false,
        "write" => true,
        _ => return Err(file_problem(Problem::NotAnOption)),
    };
    let (mut report, rows) = check(state, &caller, body).await?;
    let whole = ask.whole != Some(0);
    // All or nothing with a bad row writes nothing: the dry run says which.
    if !writing || report.to_write == 0 || (whole && report.bad_count > 0) {
        return Ok(report);
    }
    let run = db::now_ms() as u64 * 1000 + u64::from(rand_digits());
    let progress = ImportRun {
        total: rows.len(),
        ..ImportRun::default()
    };
    if let Ok(mut runs) = RUNS.lock() {
        runs.insert(run, (caller.staff_id, progress));
    }
    report.run = Some(run);
    let (db, actor) = (
        state.db.clone(),
        db::audit::Actor {
            staff_id: Some(caller.staff_id),
            username: caller.username.clone(),
            store_id: Some(caller.store_id),
        },
    );
    tokio::spawn(db::audit::acting(actor, async move {
        let done = |n: usize| set_progress(run, |p| p.done = n);
        let outcome = db::import::write(&db, &caller, &rows, whole, done).await;
        set_progress(run, |p| {
            p.finished = true;
            match outcome {
                Ok(w) => {
                    p.members = w.members;
                    p.cards = w.cards;
                    p.already_there = w.already_there;
                    p.bad = w.bad;
                }
                Err(db::import::ImportError::Row(bad)) => p.bad = vec![bad],
                Err(db::import::ImportError::Db(e)) => {
                    tracing::error!(%e, "member import failed");
                    p.failed = true;
                }
            }
        });
    }));
    Ok(report)
}

fn rand_digits() -> u16 {
    use std::hash::{BuildHasher, RandomState};
    (RandomState::new().hash_one(db::now_ms()) % 1000) as u16
}
