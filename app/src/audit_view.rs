//! Server side of the log pages (O1): the search checked (permission, scope,
//! limits), rows turned into the shop's words (money with its symbol, days,
//! level, plan and store names), and both logs as CSV downloads
//! (`/reports/export/audit.csv`, `security.csv`) with the page's search.

use crate::api::audit::{AUDITED_THINGS, AuditLine, FieldChange, LogQuery, SecurityLine, Shown};
use crate::api::report_ask::{Ask, ask_for};
use crate::error::AppError;
use crate::guard::{ServerState, internal, require, require_of, state};
use crate::i18n::Locale;
use db::audit::{Change, Filter};
use domain::access::Permission;
use domain::error::{Field, FieldError, Problem};
use domain::money::Money;
use serde_json::Value;
use std::collections::HashMap;

/// The longest user name or number a search may hold.
const TYPED_MAX_CHARS: u32 = 40;

fn typed(text: &str, field: Field) -> Result<Option<String>, AppError> {
    let text = text.trim();
    if text.chars().count() > TYPED_MAX_CHARS as usize {
        let problem = Problem::TooLong {
            max_chars: TYPED_MAX_CHARS,
        };
        return Err(AppError::Invalid(FieldError::new(field, problem)));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// The search of `q` for a caller already checked; `unknown_which` when the
/// member or card typed does not exist.
pub async fn search_for(
    db: db::Db,
    caller: &db::staff::Caller,
    q: &LogQuery,
) -> Result<(Ask, Filter, bool), AppError> {
    let ask = ask_for(db, caller, q.store).await?;
    let what = typed(&q.what, Field::Search)?;
    if what
        .as_deref()
        .is_some_and(|w| !AUDITED_THINGS.contains(&w))
    {
        return Err(AppError::Invalid(FieldError::new(
            Field::Search,
            Problem::NotAnOption,
        )));
    }
    let which = typed(&q.which, Field::Search)?;
    let entity_id = match (&what, &which) {
        (Some(what), Some(which)) => db::audit::entity_id_of(&ask.db, what, which)
            .await
            .map_err(internal)?,
        _ => None,
    };
    let unknown_which = which.is_some() && entity_id.is_none();
    let (from_ms, until_ms) = if q.first.trim().is_empty() && q.last.trim().is_empty() {
        (None, None)
    } else {
        let period = domain::report::Period::parse(&q.first, &q.last)?;
        let next = domain::day::Day(period.last.0 + 1);
        (
            Some(db::clock::day_start_ms(period.first, &ask.time_zone)),
            Some(db::clock::day_start_ms(next, &ask.time_zone)),
        )
    };
    let filter = Filter {
        username: typed(&q.person, Field::Username)?,
        store_id: ask.stores.one(),
        entity: what,
        entity_id,
        from_ms,
        until_ms,
        before_id: q.before.filter(|id| *id > 0),
    };
    Ok((ask, filter, unknown_which))
}

/// [`search_for`] for the signed-in caller, who needs `ViewAudit`.
pub async fn search(q: &LogQuery) -> Result<(Ask, Filter, bool), AppError> {
    let caller = require(Permission::ViewAudit).await?;
    search_for(state()?.db, &caller, q).await
}

struct Names {
    symbol: String,
    zone: String,
    stores: HashMap<i64, String>,
    levels: HashMap<i64, String>,
    plans: HashMap<i64, String>,
}

async fn names(ask: &Ask) -> Result<Names, AppError> {
    let (levels, plans) = db::audit::names(&ask.db).await.map_err(internal)?;
    Ok(Names {
        symbol: ask.frame.currency_symbol.clone(),
        zone: ask.time_zone.clone(),
        stores: ask.names.clone(),
        levels: levels.into_iter().collect(),
        plans: plans.into_iter().collect(),
    })
}

impl Names {
    fn shown(&self, field: &str, value: Option<&Value>) -> Shown {
        let named = |map: &HashMap<i64, String>, id: i64| {
            Shown::Text(map.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))
        };
        match value {
            None | Some(Value::Null) => Shown::Empty,
            Some(Value::Bool(true)) => Shown::Yes,
            Some(Value::Bool(false)) => Shown::No,
            Some(Value::Number(n)) => {
                let n = n.as_i64().unwrap_or_default();
                match field {
                    "active"
                    | "is_head_office"
                    | "into_drawer"
                    | "required"
                    | "birthday"
                    | "refund_bonus_on_return"
                    | "promotion_with_level" => {
                        if n == 0 {
                            Shown::No
                        } else {
                            Shown::Yes
                        }
                    }
                    "level_id" => named(&self.levels, n),
                    "plan_id" => named(&self.plans, n),
                    f if f.ends_with("store_id") => named(&self.stores, n),
                    f if f.ends_with("_fen") => {
                        Shown::Text(Money::from_fen(n).with_symbol(&self.symbol))
                    }
                    "check_ins_on_day" => Shown::Text(n.to_string()),
                    f if f.ends_with("_day") => Shown::Text(domain::day::Day(n as i32).to_string()),
                    f if f.ends_with("_at_ms") => {
                        Shown::Text(db::clock::local_second(n, &self.zone))
                    }
                    _ => Shown::Text(n.to_string()),
                }
            }
            Some(Value::String(s)) => Shown::Text(s.clone()),
            Some(other) => Shown::Text(other.to_string()),
        }
    }

    fn line(&self, c: Change) -> AuditLine {
        let parse = |t: &Option<String>| -> serde_json::Map<String, Value> {
            t.as_deref()
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or_default()
        };
        let (before, after) = (parse(&c.before_json), parse(&c.after_json));
        let mut fields: Vec<&String> = after.keys().chain(before.keys()).collect();
        fields.dedup();
        let mut seen = Vec::new();
        let changes = fields
            .into_iter()
            .filter(|f| {
                let new = !seen.contains(f);
                seen.push(*f);
                new
            })
            .map(|f| FieldChange {
                field: f.clone(),
                before: self.shown(f, before.get(f.as_str())),
                after: self.shown(f, after.get(f.as_str())),
            })
            // A new or deleted row: only the fields that hold something.
            .filter(|f| f.before != Shown::Empty || f.after != Shown::Empty)
            .collect();
        AuditLine {
            id: c.id,
            at: db::clock::local_second(c.at_ms, &self.zone),
            who: c.username,
            store: c
                .store_id
                .map(|id| self.stores.get(&id).cloned().unwrap_or_default())
                .unwrap_or_default(),
            what: c.entity,
            which: c.entity_id,
            action: c.action,
            changes,
        }
    }
}

pub async fn changes(ask: &Ask, filter: &Filter, limit: u32) -> Result<Vec<AuditLine>, AppError> {
    let names = names(ask).await?;
    let rows = db::audit::changes(&ask.db, domain::access::Scope::AllStores, filter, limit)
        .await
        .map_err(internal)?;
    Ok(rows.into_iter().map(|c| names.line(c)).collect())
}

pub async fn events(ask: &Ask, filter: &Filter, limit: u32) -> Result<Vec<SecurityLine>, AppError> {
    let rows = db::audit::security_events(&ask.db, domain::access::Scope::AllStores, filter, limit)
        .await
        .map_err(internal)?;
    Ok(rows
        .into_iter()
        .map(|e| SecurityLine {
            id: e.id,
            at: db::clock::local_second(e.at_ms, &ask.time_zone),
            event: e.event,
            who: e.username,
            store: e.store_id.map(|id| ask.name(id)).unwrap_or_default(),
            ip: e.ip,
            detail: e.detail,
        })
        .collect())
}

/// Rows per chunk of a download.
const CHUNK_ROWS: u32 = 500;

fn shown_text(l: Locale, s: &Shown) -> String {
    match s {
        Shown::Empty => String::new(),
        Shown::Text(t) => t.clone(),
        Shown::Yes => leptos_i18n::td_string!(l, yes).to_owned(),
        Shown::No => leptos_i18n::td_string!(l, no).to_owned(),
    }
}

/// `audit.csv` or `security.csv`: the whole search, newest first, in chunks.
pub async fn export(
    state: &ServerState,
    session: &tower_sessions::Session,
    ip: &str,
    log: &str,
    q: LogQuery,
    l: Locale,
) -> Result<axum::body::Body, AppError> {
    let caller = require_of(state, session, ip, Permission::ViewAudit).await?;
    let (ask, filter, unknown_which) = search_for(state.db.clone(), &caller, &q).await?;
    let ask = std::sync::Arc::new(ask);
    use crate::text::{
        audit_action_label, audit_field_label, audit_thing_label, security_event_label,
    };
    use leptos_i18n::td_string;
    let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let body = if log == "audit.csv" {
        let names = std::sync::Arc::new(names(&ask).await?);
        let headings = owned(&[
            td_string!(l, audit_when),
            td_string!(l, audit_who),
            td_string!(l, store),
            td_string!(l, audit_what),
            "#",
            td_string!(l, audit_action),
            td_string!(l, audit_changes),
        ]);
        crate::export::csv_body(headings, move |cursor| {
            let (ask, names, filter) = (ask.clone(), names.clone(), filter.clone());
            async move {
                if unknown_which {
                    return Ok((Vec::new(), None));
                }
                let page = Filter {
                    before_id: (cursor > 0).then_some(cursor),
                    ..filter
                };
                let rows = db::audit::changes(
                    &ask.db,
                    domain::access::Scope::AllStores,
                    &page,
                    CHUNK_ROWS,
                )
                .await?;
                let last = rows.last().map(|r| r.id);
                let mut out = Vec::new();
                for c in rows {
                    let line = names.line(c);
                    let changes: Vec<String> = line
                        .changes
                        .iter()
                        .map(|f| {
                            let label = audit_field_label(l, &f.field)
                                .map_or_else(|| f.field.clone(), str::to_owned);
                            format!(
                                "{label}: {} → {}",
                                shown_text(l, &f.before),
                                shown_text(l, &f.after)
                            )
                        })
                        .collect();
                    out.extend(crate::export::record(&[
                        line.at,
                        line.who,
                        line.store,
                        audit_thing_label(l, &line.what).map_or(line.what.clone(), str::to_owned),
                        line.which.to_string(),
                        audit_action_label(l, &line.action).to_owned(),
                        changes.join("; "),
                    ]));
                }
                Ok((out, last))
            }
        })
    } else {
        let headings = owned(&[
            td_string!(l, audit_when),
            td_string!(l, audit_event),
            td_string!(l, audit_who),
            td_string!(l, store),
            td_string!(l, audit_address),
            td_string!(l, audit_detail),
        ]);
        crate::export::csv_body(headings, move |cursor| {
            let (ask, filter) = (ask.clone(), filter.clone());
            async move {
                let page = Filter {
                    before_id: (cursor > 0).then_some(cursor),
                    ..filter
                };
                let rows = db::audit::security_events(
                    &ask.db,
                    domain::access::Scope::AllStores,
                    &page,
                    CHUNK_ROWS,
                )
                .await?;
                let last = rows.last().map(|r| r.id);
                let mut out = Vec::new();
                for e in rows {
                    out.extend(crate::export::record(&[
                        db::clock::local_second(e.at_ms, &ask.time_zone),
                        security_event_label(l, &e.event).map_or(e.event.clone(), str::to_owned),
                        e.username,
                        e.store_id.map(|id| ask.name(id)).unwrap_or_default(),
                        e.ip,
                        e.detail,
                    ]));
                }
                Ok((out, last))
            }
        })
    };
    Ok(body)
}
