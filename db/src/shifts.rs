//! Cashier shifts (H1). Every sale and card operation records the cashier's open
//! shift; closing counts the drawer against the float plus the cash taken less
//! the cash paid out, and the report shows each payment method.

use crate::staff::Caller;
use crate::tx::Tx;
use crate::{Db, DbError, UnixMs, is_unique_violation, now_ms, on_reader, on_tx};
use domain::money::Money;
use domain::pay_method::MethodNames;
use domain::shift::{MethodTotals, ShiftSummary};

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
    open_at(db, cashier, float, None).await
}

/// [`open`] at a registered till (S5), which the shift and its sales record.
pub async fn open_at(
    db: &Db,
    cashier: &Caller,
    float: Money,
    till_id: Option<i64>,
) -> Result<Shift, ShiftError> {
    let sql = format!(
        "INSERT INTO shifts (store_id, staff_id, opened_at_ms, float_fen, till_id) VALUES ($1, $2, $3, $4, $5)
         RETURNING {COLUMNS}"
    );
    let mut tx = db.begin().await?;
    let shift = on_tx!(&mut tx, t => {
        sqlx::query_as(&sql)
            .bind(cashier.store_id)
            .bind(cashier.staff_id)
            .bind(now_ms())
            .bind(float.fen())
            .bind(till_id)
            .fetch_one(&mut **t)
            .await
    })?;
    if let Some(till) = till_id {
        crate::tx_rows_affected!(&mut tx, t => {
            sqlx::query("UPDATE tills SET last_used_at_ms = $1 WHERE id = $2")
                .bind(now_ms())
                .bind(till)
                .execute(&mut **t)
                .await
        })?;
    }
    tx.commit().await?;
    Ok(shift)
}

/// The cashier's open shift, if any.
pub async fn open_shift_of(db: &Db, staff_id: i64) -> Result<Option<Shift>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM shifts WHERE staff_id = $1 AND closed_at_ms IS NULL");
    Ok(on_reader!(db, pool => sqlx::query_as(&sql).bind(staff_id).fetch_optional(pool).await)?)
}

/// The cashier's most recently closed shift, for the report and reprints.
pub async fn last_closed_of(db: &Db, staff_id: i64) -> Result<Option<Shift>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM shifts WHERE staff_id = $1 AND closed_at_ms IS NOT NULL
         ORDER BY closed_at_ms DESC, id DESC LIMIT 1"
    );
    Ok(on_reader!(db, pool => sqlx::query_as(&sql).bind(staff_id).fetch_optional(pool).await)?)
}

/// Closes the cashier's open shift with the counted cash; the expected cash is
/// computed from what the shift took and paid out, in the same transaction that
/// closes it (a sale still writing holds the shift until it commits). Closing
/// twice is refused.
pub async fn close(db: &Db, cashier: &Caller, counted: Money) -> Result<Shift, ShiftError> {
    let mut tx = db.begin().await?;
    let sql = format!(
        "UPDATE shifts SET closed_at_ms = $1 WHERE staff_id = $2 AND closed_at_ms IS NULL RETURNING {COLUMNS}"
    );
    let open: Option<Shift> = on_tx!(&mut tx, t => {
        sqlx::query_as(&sql).bind(now_ms()).bind(cashier.staff_id).fetch_optional(&mut **t).await
    })?;
    let open = open.ok_or(ShiftError::NoneOpen)?;
    let summary = summary_in(&mut tx, open.id).await?;
    let expected = summary
        .expected_cash(Money::from_fen(open.float_fen))
        .ok_or(ShiftError::NoneOpen)?;
    let sql = format!(
        "UPDATE shifts SET expected_cash_fen = $1, counted_cash_fen = $2 WHERE id = $3 RETURNING {COLUMNS}"
    );
    let closed: Shift = on_tx!(&mut tx, t => {
        sqlx::query_as(&sql).bind(expected.fen()).bind(counted.fen()).bind(open.id).fetch_one(&mut **t).await
    })?;
    tx.commit().await?;
    Ok(closed)
}

/// Holds the shift open until the caller's transaction commits, so that
/// closing it (which locks the row) counts what this transaction writes: a
/// shared row lock on Postgres; SQLite has one writer at a time. False: the
/// shift is closed.
pub(crate) async fn hold_open(tx: &mut Tx, shift_id: i64) -> Result<bool, DbError> {
    if let Tx::Postgres(t) = tx {
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM shifts WHERE id = $1 AND closed_at_ms IS NULL FOR SHARE",
        )
        .bind(shift_id)
        .fetch_optional(&mut **t)
        .await?;
        return Ok(open.is_some());
    }
    Ok(true)
}

/// What a shift took and paid out, per payment method, and what it did.
pub async fn summary(db: &Db, shift_id: i64) -> Result<ShiftSummary, DbError> {
    let mut tx = db.begin().await?;
    let summary = summary_in(&mut tx, shift_id).await?;
    drop(tx); // read only
    Ok(summary)
}

async fn summary_in(tx: &mut Tx, shift_id: i64) -> Result<ShiftSummary, DbError> {
    let sales: Vec<(String, i64, i64)> = on_tx!(&mut *tx, t => {
        sqlx::query_as(
            "SELECT p.method, CAST(SUM(p.amount_fen) AS BIGINT), COUNT(*) FROM sale_payments p
             JOIN sales s ON s.id = p.sale_id WHERE s.shift_id = $1 GROUP BY p.method",
        )
        .bind(shift_id)
        .fetch_all(&mut **t)
        .await
    })?;
    let totals: (i64, Option<i64>) = on_tx!(&mut *tx, t => {
        sqlx::query_as("SELECT COUNT(*), CAST(SUM(total_fen) AS BIGINT) FROM sales WHERE shift_id = $1")
            .bind(shift_id).fetch_one(&mut **t).await
    })?;
    // Card operations: money in (> 0) and out (< 0) by method, and counts by kind.
    let card: Vec<(String, String, i64, i64, i64)> = on_tx!(&mut *tx, t => {
        sqlx::query_as(
            "SELECT kind, payment_method, COUNT(*), CAST(SUM(money_in_fen) AS BIGINT),
                 CAST(SUM(amount_fen) AS BIGINT)
             FROM ledger_transactions t WHERE shift_id = $1
                 -- A sale's card part given back is counted with its sale refund.
                 AND NOT (kind = 'refund' AND (EXISTS (SELECT 1 FROM sales s WHERE s.card_tx_id = t.reverses_id)
                     OR EXISTS (SELECT 1 FROM sale_lines l WHERE l.card_tx_id = t.reverses_id)))
             GROUP BY kind, payment_method",
        )
        .bind(shift_id)
        .fetch_all(&mut **t)
        .await
    })?;
    // Sale refunds: what went back by each method (the member card's part
    // went back onto the card, not out of the drawer).
    let refunded: Vec<(String, i64)> = on_tx!(&mut *tx, t => {
        sqlx::query_as(
            "SELECT p.method, CAST(SUM(p.amount_fen) AS BIGINT) FROM sale_refund_payments p
             JOIN sale_refunds r ON r.id = p.refund_id WHERE r.shift_id = $1 GROUP BY p.method",
        )
        .bind(shift_id)
        .fetch_all(&mut **t)
        .await
    })?;
    let sale_refunds: (i64, Option<i64>) = on_tx!(&mut *tx, t => {
        sqlx::query_as("SELECT COUNT(*), CAST(SUM(total_fen) AS BIGINT) FROM sale_refunds WHERE shift_id = $1")
            .bind(shift_id).fetch_one(&mut **t).await
    })?;
    let visits: Option<i64> = on_tx!(&mut *tx, t => {
        sqlx::query_scalar(
            "SELECT CAST(SUM(CASE WHEN kind = 'check_in' THEN 1 ELSE visits END) AS BIGINT)
             FROM ledger_transactions WHERE shift_id = $1 AND kind IN ('visit_use', 'check_in')",
        )
        .bind(shift_id)
        .fetch_one(&mut **t)
        .await
    })?;
    let mut s = ShiftSummary {
        sales: totals.0,
        sales_total_fen: totals.1.unwrap_or(0),
        visits: visits.unwrap_or(0),
        refunds: sale_refunds.0,
        refunds_fen: sale_refunds.1.unwrap_or(0),
        ..Default::default()
    };
    let mut method = |code: &str| -> usize {
        match s.methods.iter().position(|m| m.method == code) {
            Some(n) => n,
            None => {
                s.methods.push(MethodTotals {
                    method: code.to_owned(),
                    ..Default::default()
                });
                s.methods.len() - 1
            }
        }
    };
    let mut rows = Vec::new();
    for (code, amount, _) in &sales {
        rows.push((method(code), *amount, 0, 0));
    }
    for (_, code, _, money_in, _) in &card {
        if *money_in != 0 && !code.is_empty() {
            rows.push((method(code), 0, (*money_in).max(0), (-*money_in).max(0)));
        }
    }
    for (code, amount) in &refunded {
        if code != "member_card" {
            rows.push((method(code), 0, 0, *amount));
        }
    }
    for (n, sales_fen, money_in, out) in rows {
        let m = &mut s.methods[n];
        m.sales_fen += sales_fen;
        m.card_money_in_fen += money_in;
        m.paid_out_fen += out;
    }
    for (kind, _, count, _, amount) in card {
        match kind.as_str() {
            "recharge" => {
                s.recharges += count;
                s.recharges_fen += amount;
            }
            "refund" | "reversal" | "return" => {
                s.refunds += count;
                s.refunds_fen += amount;
            }
            _ => {}
        }
    }
    // Each method's names and whether it is counted in the drawer, in the
    // till's order.
    let known: Vec<(String, String, String, String, bool)> = on_tx!(&mut *tx, t => {
        sqlx::query_as(
            "SELECT code, name_zh_cn, name_zh_tw, name_en, into_drawer FROM payment_methods ORDER BY id",
        )
        .fetch_all(&mut **t)
        .await
    })?;
    for m in &mut s.methods {
        if let Some((_, zh_cn, zh_tw, en, into_drawer)) = known.iter().find(|k| k.0 == m.method) {
            m.names = MethodNames {
                zh_cn: zh_cn.clone(),
                zh_tw: zh_tw.clone(),
                en: en.clone(),
            };
            m.into_drawer = *into_drawer;
        }
    }
    s.methods.sort_by_key(|m| {
        known
            .iter()
            .position(|k| k.0 == m.method)
            .unwrap_or(usize::MAX)
    });
    Ok(s)
}

#[derive(sqlx::FromRow)]
struct NamedShift {
    #[sqlx(flatten)]
    shift: Shift,
    cashier_name: String,
    store_name: String,
}

/// A shift with the names of its cashier and its store.
pub struct ListedShift {
    pub shift: Shift,
    pub cashier_name: String,
    pub store_name: String,
}

/// The shifts of one store, or of every store (None), with their cashiers' and
/// stores' names, newest first (at most `limit`, ≤ 100).
pub async fn of_stores(
    db: &Db,
    store_id: Option<i64>,
    limit: i64,
) -> Result<Vec<ListedShift>, DbError> {
    let columns = COLUMNS
        .split(", ")
        .map(|c| format!("sh.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {columns}, st.name AS cashier_name, so.name AS store_name
         FROM shifts sh JOIN staff st ON st.id = sh.staff_id JOIN stores so ON so.id = sh.store_id
         WHERE ($1 = 0 OR sh.store_id = $1) ORDER BY sh.opened_at_ms DESC, sh.id DESC LIMIT $2"
    );
    let rows: Vec<NamedShift> = on_reader!(db, pool => {
        sqlx::query_as(&sql).bind(store_id.unwrap_or(0)).bind(limit.clamp(1, 100)).fetch_all(pool).await
    })?;
    Ok(rows
        .into_iter()
        .map(|r| ListedShift {
            shift: r.shift,
            cashier_name: r.cashier_name,
            store_name: r.store_name,
        })
        .collect())
}

/// One shift by id.
pub async fn get(db: &Db, id: i64) -> Result<Option<Shift>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM shifts WHERE id = $1");
    Ok(on_reader!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?)
}
