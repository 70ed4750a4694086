//! Cashier shifts (H1). Till operations will belong to the open shift; until sales
//! and recharges exist, the cash a drawer should hold is its float.

use crate::staff::Caller;
use crate::{Db, DbError, UnixMs, is_unique_violation, now_ms, on_pool};
use domain::money::Money;
use domain::shift::expected_cash;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Shift {
    pub id: i64,
    pub store_id: i64,
    pub staff_id: i64,
    pub opened_at_ms: UnixMs,
    pub float_fen: i64,
    pub closed_at_ms: Option<UnixMs>,
    pub expected_cash_fen: Option<i64>,
    pub counted_cash_fen: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum ShiftError {
    #[error("a shift is already open")]
    AlreadyOpen,
    #[error("no open shift")]
    NoneOpen,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for ShiftError {
    fn from(e: sqlx::Error) -> Self {
        if is_unique_violation(&e, "shifts") || is_unique_violation(&e, "staff_id") {
            ShiftError::AlreadyOpen
        } else {
            ShiftError::Db(e.into())
        }
    }
}

const COLUMNS: &str = "id, store_id, staff_id, opened_at_ms, float_fen, closed_at_ms, expected_cash_fen, counted_cash_fen";

/// Opens a shift at the cashier's home store. A second open shift is refused by
/// the database's unique index, however many requests arrive at once.
pub async fn open(db: &Db, cashier: &Caller, float: Money) -> Result<Shift, ShiftError> {
    let sql = format!(
        "INSERT INTO shifts (store_id, staff_id, opened_at_ms, float_fen) VALUES ($1, $2, $3, $4)
         RETURNING {COLUMNS}"
    );
    let shift = on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(cashier.store_id)
            .bind(cashier.staff_id)
            .bind(now_ms())
            .bind(float.fen())
            .fetch_one(pool)
            .await
    })?;
    Ok(shift)
}

/// The cashier's open shift, if any.
pub async fn open_shift_of(db: &Db, staff_id: i64) -> Result<Option<Shift>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM shifts WHERE staff_id = $1 AND closed_at_ms IS NULL");
    Ok(on_pool!(db, pool => sqlx::query_as(&sql).bind(staff_id).fetch_optional(pool).await)?)
}

/// The cashier's most recently closed shift, for the report and reprints.
pub async fn last_closed_of(db: &Db, staff_id: i64) -> Result<Option<Shift>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM shifts WHERE staff_id = $1 AND closed_at_ms IS NOT NULL
         ORDER BY closed_at_ms DESC, id DESC LIMIT 1"
    );
    Ok(on_pool!(db, pool => sqlx::query_as(&sql).bind(staff_id).fetch_optional(pool).await)?)
}

/// Closes the cashier's open shift with the counted cash; the expected cash is
/// computed and stored with it. Closing twice is refused.
pub async fn close(db: &Db, cashier: &Caller, counted: Money) -> Result<Shift, ShiftError> {
    let open = open_shift_of(db, cashier.staff_id)
        .await?
        .ok_or(ShiftError::NoneOpen)?;
    let expected = expected_cash(Money::from_fen(open.float_fen), Money::ZERO, Money::ZERO)
        .ok_or(ShiftError::NoneOpen)?;
    let sql = format!(
        "UPDATE shifts SET closed_at_ms = $1, expected_cash_fen = $2, counted_cash_fen = $3
         WHERE id = $4 AND staff_id = $5 AND closed_at_ms IS NULL RETURNING {COLUMNS}"
    );
    let closed: Option<Shift> = on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(now_ms())
            .bind(expected.fen())
            .bind(counted.fen())
            .bind(open.id)
            .bind(cashier.staff_id)
            .fetch_optional(pool)
            .await
    })?;
    closed.ok_or(ShiftError::NoneOpen)
}
