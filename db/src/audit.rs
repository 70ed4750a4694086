//! The audit log (O1). Rows are written by the database's triggers (migration
//! 0018) in the transaction of the change itself; this module says who is acting
//! and reads the log. Neither this module nor any other can change or delete a
//! row: the triggers refuse it.
//!
//! Who is acting is kept per request: the server runs each request inside
//! [`request_scope`], the permission guard names the signed-in person with
//! [`act_as`], and [`crate::Db::begin`] hands that person to the database for the
//! transaction (SQLite: the `audit_actor` row, cleared again before the commit;
//! Postgres: `set_config(.., true)`). A write outside a request (the daily backup,
//! the command line) is recorded with nobody: the system.

use crate::tx::Tx;
use crate::{Db, DbError, UnixMs, on_reader};
use domain::access::Scope;
use std::future::Future;
use std::sync::{Arc, Mutex};

/// The person a change is recorded against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// `None` for a member acting on their own card from their phone.
    pub staff_id: Option<i64>,
    /// The staff member's user name, or "member 000123".
    pub username: String,
    /// The store they are working at.
    pub store_id: Option<i64>,
}

tokio::task_local! {
    static ACTING: Arc<Mutex<Option<Actor>>>;
}

/// Runs one request; [`act_as`] inside it names who is acting until it ends.
pub async fn request_scope<F: Future>(request: F) -> F::Output {
    ACTING.scope(Arc::default(), request).await
}

/// Runs `work` as `actor` (the command line, tests).
pub async fn acting<F: Future>(actor: Actor, work: F) -> F::Output {
    ACTING.scope(Arc::new(Mutex::new(Some(actor))), work).await
}

/// Names who is acting for the rest of the request; nothing outside a request.
pub fn act_as(actor: Actor) {
    let _ = ACTING.try_with(|slot| {
        if let Ok(mut slot) = slot.lock() {
            *slot = Some(actor);
        }
    });
}

pub(crate) fn current() -> Option<Actor> {
    ACTING
        .try_with(|slot| slot.lock().ok().and_then(|slot| slot.clone()))
        .ok()
        .flatten()
}

/// The first statement of a transaction: who is acting, for the triggers.
pub(crate) async fn begin(tx: &mut Tx) -> Result<(), sqlx::Error> {
    let Some(actor) = current() else {
        return Ok(());
    };
    match tx {
        Tx::Sqlite(t) => {
            sqlx::query(
                "UPDATE audit_actor SET staff_id = $1, username = $2, store_id = $3 WHERE id = 1",
            )
            .bind(actor.staff_id)
            .bind(&actor.username)
            .bind(actor.store_id)
            .execute(&mut **t)
            .await?;
        }
        Tx::Postgres(t) => {
            sqlx::query(
                "SELECT set_config('audit.staff_id', $1, true), set_config('audit.username', $2, true),
                        set_config('audit.store_id', $3, true)",
            )
            .bind(actor.staff_id.map(|id| id.to_string()).unwrap_or_default())
            .bind(&actor.username)
            .bind(actor.store_id.map(|id| id.to_string()).unwrap_or_default())
            .execute(&mut **t)
            .await?;
        }
    }
    Ok(())
}

/// The last statement before a commit: on SQLite nobody is acting between
/// transactions (Postgres forgets by itself).
pub(crate) async fn end(tx: &mut Tx) -> Result<(), sqlx::Error> {
    if current().is_none() {
        return Ok(());
    }
    if let Tx::Sqlite(t) = tx {
        sqlx::query(
            "UPDATE audit_actor SET staff_id = NULL, username = NULL, store_id = NULL WHERE id = 1",
        )
        .execute(&mut **t)
        .await?;
    }
    Ok(())
}

/// Like [`crate::on_pool!`] for one statement that changes audited data: it runs
/// in its own transaction, so the change is recorded against whoever is acting.
/// Gives `Result<_, sqlx::Error>`, as `on_pool!` does.
#[macro_export]
macro_rules! audited {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db.begin_sqlx().await {
            Err(e) => Err(e),
            Ok(mut tx) => {
                let out = match &mut tx {
                    $crate::tx::Tx::Sqlite(t) => {
                        let $pool = &mut **t;
                        $body
                    }
                    $crate::tx::Tx::Postgres(t) => {
                        let $pool = &mut **t;
                        $body
                    }
                };
                match out {
                    Ok(value) => tx.commit_sqlx().await.map(|()| value),
                    Err(e) => Err(e),
                }
            }
        }
    };
}

/// [`audited!`] for `.execute(..)`: the number of rows changed.
#[macro_export]
macro_rules! audited_rows {
    ($db:expr, $pool:ident => $body:expr) => {
        $crate::audited!($db, $pool => $body.map(|done| done.rows_affected()))
    };
}

/// One change, as the audit pages show it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Change {
    pub id: i64,
    pub at_ms: UnixMs,
    pub staff_id: Option<i64>,
    pub username: String,
    pub store_id: Option<i64>,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

/// What the audit and security pages search by; every part optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// A staff member's user name (exact, any case).
    pub username: Option<String>,
    pub store_id: Option<i64>,
    /// `members`, `cards` ... (audit log only).
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    pub from_ms: Option<UnixMs>,
    /// Exclusive.
    pub until_ms: Option<UnixMs>,
    /// Rows older than this id (the next page); `None`: the newest.
    pub before_id: Option<i64>,
}

/// The largest page the log pages and exports ask for at once.
pub const PAGE_LIMIT: u32 = 1000;

/// The newest changes matching `filter` within `scope`, at most `limit` (≤ 1000).
/// Branch staff see changes made at their store.
pub async fn changes(
    db: &Db,
    scope: Scope,
    filter: &Filter,
    limit: u32,
) -> Result<Vec<Change>, DbError> {
    let sql = "SELECT id, at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json
               FROM audit_log
               WHERE ($1 IS NULL OR store_id = $1) AND ($2 IS NULL OR store_id = $2)
                 AND ($3 IS NULL OR lower(username) = lower($3))
                 AND ($4 IS NULL OR entity = $4) AND ($5 IS NULL OR entity_id = $5)
                 AND ($6 IS NULL OR at_ms >= $6) AND ($7 IS NULL OR at_ms < $7)
                 AND ($8 IS NULL OR id < $8)
               ORDER BY id DESC LIMIT $9";
    Ok(on_reader!(db, pool => {
        sqlx::query_as(sql)
            .bind(scope.only_store())
            .bind(filter.store_id)
            .bind(filter.username.as_deref())
            .bind(filter.entity.as_deref())
            .bind(filter.entity_id)
            .bind(filter.from_ms)
            .bind(filter.until_ms)
            .bind(filter.before_id)
            .bind(i64::from(limit.clamp(1, PAGE_LIMIT)))
            .fetch_all(pool)
            .await
    })?)
}

/// One security-log event, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SecurityEvent {
    pub id: i64,
    pub at_ms: UnixMs,
    pub event: String,
    pub staff_id: Option<i64>,
    pub username: String,
    pub store_id: Option<i64>,
    pub ip: String,
    pub detail: String,
}

/// The newest security events matching `filter` (its entity parts are ignored).
pub async fn security_events(
    db: &Db,
    scope: Scope,
    filter: &Filter,
    limit: u32,
) -> Result<Vec<SecurityEvent>, DbError> {
    let sql = "SELECT id, at_ms, event, staff_id, username, store_id, ip, detail FROM security_log
               WHERE ($1 IS NULL OR store_id = $1) AND ($2 IS NULL OR store_id = $2)
                 AND ($3 IS NULL OR lower(username) = lower($3))
                 AND ($4 IS NULL OR at_ms >= $4) AND ($5 IS NULL OR at_ms < $5)
                 AND ($6 IS NULL OR id < $6)
               ORDER BY id DESC LIMIT $7";
    Ok(on_reader!(db, pool => {
        sqlx::query_as(sql)
            .bind(scope.only_store())
            .bind(filter.store_id)
            .bind(filter.username.as_deref())
            .bind(filter.from_ms)
            .bind(filter.until_ms)
            .bind(filter.before_id)
            .bind(i64::from(limit.clamp(1, PAGE_LIMIT)))
            .fetch_all(pool)
            .await
    })?)
}

/// The id of the member (by number or phone) or card (by number) a person typed
/// on the audit page; a number for anything else is its id.
pub async fn entity_id_of(db: &Db, entity: &str, typed: &str) -> Result<Option<i64>, DbError> {
    let typed = typed.trim();
    let sql = match entity {
        "members" => "SELECT id FROM members WHERE member_no = $1 OR phone = $1 LIMIT 1",
        "cards" => "SELECT id FROM cards WHERE card_no = $1 LIMIT 1",
        _ => return Ok(typed.parse::<i64>().ok()),
    };
    let found: Option<i64> =
        on_reader!(db, pool => sqlx::query_scalar(sql).bind(typed).fetch_optional(pool).await)?;
    Ok(found)
}

/// Level and plan names by id, for showing changes in the shop's words.
pub async fn names(db: &Db) -> Result<(Vec<(i64, String)>, Vec<(i64, String)>), DbError> {
    let levels = on_reader!(db, pool => sqlx::query_as("SELECT id, name FROM levels").fetch_all(pool).await)?;
    let plans =
        on_reader!(db, pool => sqlx::query_as("SELECT id, name FROM plans").fetch_all(pool).await)?;
    Ok((levels, plans))
}
