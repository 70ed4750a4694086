//! The ledger engine: every movement of money, visits, validity or points.
//!
//! Each operation is one database transaction that
//! 1. locks the card row (its first statement is a write, so SQLite takes the
//!    write lock and Postgres the row lock before anything is read),
//! 2. looks its request id up again (a concurrent duplicate waited on the lock),
//! 3. asks `domain::ledger` whether the rules allow it,
//! 4. changes the cached columns with the guard in the `UPDATE`'s `WHERE`,
//! 5. writes the transaction and its entries; the request id is unique, so a
//!    duplicate that slipped through fails and is answered with the first result.

/// Runs one operation `kind` on `card_id`: the card is locked; an earlier attempt
/// with the same request id answers with its slip; otherwise the body checks the
/// rules and changes the card, and gives the transaction to record, all in one
/// database transaction. A concurrent duplicate is answered with the first slip.
macro_rules! card_op {
    ($db:expr, $op:expr, $card_id:expr, $kind:expr, |$tx:ident, $card:ident, $ctx:ident| $body:block) => {{
        let done: Result<i64, $crate::ledger::LedgerError> = async {
            #[allow(unused_mut)]
            let (mut $tx, $card, $ctx) =
                match $crate::ledger::begin_on($db, $op, $card_id, $kind).await? {
                    $crate::ledger::Begun::Done(id) => return Ok(id),
                    $crate::ledger::Begun::Go(begun) => *begun,
                };
            let new: Result<$crate::ledger::NewTx, $crate::ledger::LedgerError> = $body;
            let new = new?;
            let id = $crate::ledger::record(&mut $tx, $op, &$ctx, new).await?;
            $tx.commit().await?;
            Ok(id)
        }
        .await;
        $crate::ledger::finish($db, $op, $kind, Some($card_id), done).await
    }};
}

mod issue;
mod lifecycle;
mod pin;
mod record;
mod repeat;
mod reverse;
mod slip;
mod value;

pub use issue::*;
pub use lifecycle::*;
pub use pin::*;
pub(crate) use record::{NewTx, PointsStep, record};
pub(crate) use repeat::{Earlier, finish, replay};
pub use reverse::*;
pub use slip::*;
pub use value::*;

use crate::clock;
use crate::staff::Caller;
use crate::tx::Tx;
use crate::{Db, DbError, UnixMs, now_ms, on_tx};
use domain::card::{CardKind, CardStatus};
use domain::day::Day;
use domain::ledger::{CardState, Refusal};
use domain::settings::Settings;
use domain::slip::TxKind;

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("invalid: {0}")]
    Invalid(domain::FieldError),
    #[error("no such card or transaction")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<Refusal> for LedgerError {
    fn from(r: Refusal) -> Self {
        LedgerError::Refused(r)
    }
}

impl From<sqlx::Error> for LedgerError {
    fn from(e: sqlx::Error) -> Self {
        LedgerError::Db(e.into())
    }
}

/// Who asks, with which request id, and the reason people will read.
#[derive(Clone, Copy, Debug)]
pub struct Op<'a> {
    pub caller: &'a Caller,
    pub request_id: &'a str,
    pub reason: &'a str,
}

pub(crate) const CARD_COLUMNS: &str = "id, card_no, uid, member_id, plan_id, kind, status, principal_fen, bonus_fen, \
     visits_left, points, valid_until_day, paused_since_day, daily_limit_fen, spent_day, spent_on_day_fen, \
     pin_hash, pin_failures, pin_locked_until_ms, deposit_fen, price_paid_fen, visits_bought, days_bought, \
     checked_in_day, check_ins_on_day";

#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct CardRow {
    pub id: i64,
    pub card_no: String,
    pub uid: Option<String>,
    pub member_id: Option<i64>,
    pub plan_id: i64,
    pub kind: String,
    pub status: String,
    pub principal_fen: i64,
    pub bonus_fen: i64,
    pub visits_left: i64,
    pub points: i64,
    pub valid_until_day: Option<i64>,
    pub paused_since_day: Option<i64>,
    pub daily_limit_fen: Option<i64>,
    pub spent_day: Option<i64>,
    pub spent_on_day_fen: i64,
    pub pin_hash: Option<String>,
    pub pin_failures: i64,
    pub pin_locked_until_ms: Option<i64>,
    pub deposit_fen: i64,
    pub price_paid_fen: i64,
    pub visits_bought: i64,
    pub days_bought: i64,
    pub checked_in_day: Option<i64>,
    pub check_ins_on_day: i64,
    /// The stores that accept the card's plan, "1,3" (only from [`lock_card`]).
    #[sqlx(default)]
    pub accepted_stores: Option<String>,
}

pub(crate) fn day_of(n: Option<i64>) -> Option<Day> {
    n.map(|d| Day(d as i32))
}

impl CardRow {
    /// The stores that accept the card's plan, read with the lock (empty: none).
    pub fn accepted_store_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .accepted_stores
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter_map(|id| id.trim().parse().ok())
            .collect();
        ids.sort_unstable();
        ids
    }

    pub fn kind(&self) -> CardKind {
        CardKind::from_code(&self.kind).unwrap_or(CardKind::StoredValue)
    }

    pub fn status(&self) -> CardStatus {
        CardStatus::from_code(&self.status).unwrap_or(CardStatus::Frozen)
    }

    pub fn state(&self, accepted_store_ids: Vec<i64>) -> CardState {
        CardState {
            kind: self.kind(),
            status: self.status(),
            principal_fen: self.principal_fen,
            bonus_fen: self.bonus_fen,
            visits_left: self.visits_left,
            valid_until: day_of(self.valid_until_day),
            paused_since: day_of(self.paused_since_day),
            accepted_store_ids,
            daily_limit_fen: self.daily_limit_fen,
            spent_day: day_of(self.spent_day),
            spent_on_day_fen: self.spent_on_day_fen,
            checked_in_day: day_of(self.checked_in_day),
            check_ins_on_day: self.check_ins_on_day,
        }
    }
}

/// What every operation needs besides the card: today in the company's time zone,
/// the caller's open shift, the settings.
pub(crate) struct Context {
    pub now_ms: UnixMs,
    pub today: Day,
    pub shift_id: Option<i64>,
    pub settings: Settings,
    /// The transaction this request id already made, if any.
    pub earlier: Option<Earlier>,
}

#[derive(sqlx::FromRow)]
struct ContextRow {
    time_zone: Option<String>,
    shift_id: Option<i64>,
    earlier_id: Option<i64>,
    earlier_kind: Option<String>,
    earlier_card_id: Option<i64>,
    earlier_staff_id: Option<i64>,
    #[sqlx(flatten)]
    settings: crate::settings::Row,
}

/// One round trip: the time zone, the caller's open shift, the settings, and the
/// transaction an earlier attempt with this request id made, if any.
pub(crate) async fn context(tx: &mut Tx, op: &Op<'_>) -> Result<Context, LedgerError> {
    let sql = format!(
        "SELECT (SELECT time_zone FROM company WHERE id = 1) AS time_zone,
             (SELECT id FROM shifts WHERE staff_id = $1 AND closed_at_ms IS NULL) AS shift_id,
             earlier.id AS earlier_id, earlier.kind AS earlier_kind, earlier.card_id AS earlier_card_id,
             earlier.staff_id AS earlier_staff_id,
             {} FROM settings LEFT JOIN ledger_transactions earlier ON earlier.request_id = $2
         WHERE settings.id = 1",
        crate::settings::COLUMNS
    );
    let row: ContextRow = on_tx!(tx, t => {
        sqlx::query_as(&sql).bind(op.caller.staff_id).bind(op.request_id).fetch_one(&mut **t).await
    })?;
    Ok(row.into())
}

impl From<ContextRow> for Context {
    fn from(row: ContextRow) -> Context {
        let now = now_ms();
        Context {
            now_ms: now,
            today: clock::business_day(now, row.time_zone.as_deref().unwrap_or("UTC")),
            shift_id: row.shift_id,
            earlier: match (
                row.earlier_id,
                row.earlier_kind,
                row.earlier_card_id,
                row.earlier_staff_id,
            ) {
                (Some(id), Some(kind), Some(card_id), Some(staff_id)) => Some(Earlier {
                    id,
                    kind,
                    card_id,
                    staff_id,
                }),
                _ => None,
            },
            settings: row.settings.into(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct LockedRow {
    #[sqlx(flatten)]
    card: CardRow,
    #[sqlx(flatten)]
    context: ContextRow,
}

/// [`lock_card`] and [`context`] in one statement: the context's reads are
/// subqueries of the lock's `RETURNING`, so they are read under the card's lock
/// (a concurrent duplicate has committed by then). On SQLite every statement is
/// a hand-off to the connection's thread inside the one writer's transaction;
/// one fewer lets more payments through.
async fn lock_card_in_context(
    tx: &mut Tx,
    op: &Op<'_>,
    card_id: i64,
) -> Result<(CardRow, Context), LedgerError> {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let sql = SQL.get_or_init(|| {
        let earlier = |column: &str| {
            format!("(SELECT e.{column} FROM ledger_transactions e WHERE e.request_id = $3) AS earlier_{column}")
        };
        let settings: Vec<String> = crate::settings::COLUMNS
            .split(',')
            .map(str::trim)
            .map(|c| format!("(SELECT s.{c} FROM settings s WHERE s.id = 1) AS {c}"))
            .collect();
        format!(
            "UPDATE cards SET version = version + 1 WHERE id = $1 RETURNING {CARD_COLUMNS},
                 (SELECT string_agg(CAST(ps.store_id AS TEXT), ',') FROM plan_stores ps
                  WHERE ps.plan_id = cards.plan_id) AS accepted_stores,
                 (SELECT time_zone FROM company WHERE id = 1) AS time_zone,
                 (SELECT sh.id FROM shifts sh WHERE sh.staff_id = $2 AND sh.closed_at_ms IS NULL) AS shift_id,
                 {}, {}, {}, {}, {}",
            earlier("id"),
            earlier("kind"),
            earlier("card_id"),
            earlier("staff_id"),
            settings.join(", ")
        )
    });
    let row: Option<LockedRow> = on_tx!(tx, t => {
        sqlx::query_as(sql)
            .bind(card_id)
            .bind(op.caller.staff_id)
            .bind(op.request_id)
            .fetch_optional(&mut **t)
            .await
    })?;
    let row = row.ok_or(LedgerError::NotFound)?;
    Ok((row.card, row.context.into()))
}

/// The card locked and the context read, or the id of a concurrent duplicate
/// that already did this request.
pub(crate) enum Begun {
    Done(i64),
    Go(Box<(Tx, CardRow, Context)>),
}

pub(crate) async fn begin_on(
    db: &Db,
    op: &Op<'_>,
    card_id: i64,
    kind: TxKind,
) -> Result<Begun, LedgerError> {
    let mut tx = db.begin().await?;
    let (card, ctx) = lock_card_in_context(&mut tx, op, card_id).await?;
    if let Some(earlier) = &ctx.earlier {
        return Ok(Begun::Done(earlier.repeated_by(op, kind, Some(card_id))?));
    }
    Ok(Begun::Go(Box::new((tx, card, ctx))))
}

/// Locks the card for this transaction and reads it, with the stores that
/// accept its plan (one round trip: `string_agg` is in both databases).
pub(crate) async fn lock_card(tx: &mut Tx, card_id: i64) -> Result<CardRow, LedgerError> {
    let sql = format!(
        "UPDATE cards SET version = version + 1 WHERE id = $1 RETURNING {CARD_COLUMNS},
             (SELECT string_agg(CAST(ps.store_id AS TEXT), ',') FROM plan_stores ps
              WHERE ps.plan_id = cards.plan_id) AS accepted_stores"
    );
    let row: Option<CardRow> =
        on_tx!(tx, t => sqlx::query_as(&sql).bind(card_id).fetch_optional(&mut **t).await)?;
    row.ok_or(LedgerError::NotFound)
}

/// A ledger bucket an entry moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bucket {
    Principal,
    Bonus,
    Visits,
    Points,
    ValidUntil,
}

impl Bucket {
    fn code(self) -> &'static str {
        match self {
            Bucket::Principal => "principal",
            Bucket::Bonus => "bonus",
            Bucket::Visits => "visits",
            Bucket::Points => "points",
            Bucket::ValidUntil => "valid_until",
        }
    }
}
