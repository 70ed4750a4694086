//! The database's own limit for the work of one card payment, which `cargo xtask
//! bench` sets beside the till's figures: only the statements a charge cannot do
//! without (take the amount off the card with its guard, write the transaction
//! and its entry, commit), in one transaction on the same driver and pool. No
//! rules, no request-id check, no session, no HTTP.

use crate::{Db, DbError, now_ms, on_tx, tx_rows_affected};

/// Pays 0.01 from `card_id`: `false` when the guard refused it (no balance).
pub async fn bare_charge(
    db: &Db,
    card_id: i64,
    request_id: &str,
    store_id: i64,
    staff_id: i64,
) -> Result<bool, DbError> {
    // SQLite: take the write lock at BEGIN, as the ledger's first statement does.
    let mut tx = match db {
        Db::Sqlite(sqlite) => {
            crate::tx::Tx::Sqlite(sqlite.write.begin_with("BEGIN IMMEDIATE").await?)
        }
        Db::Postgres(_) => db.begin().await?,
    };
    let changed = tx_rows_affected!(&mut tx, t => {
        sqlx::query("UPDATE cards SET principal_fen = principal_fen - 1 WHERE id = $1 AND principal_fen >= 1")
            .bind(card_id)
            .execute(&mut **t)
            .await
    })?;
    if changed != 1 {
        return Ok(false);
    }
    let id: i64 = on_tx!(&mut tx, t => {
        sqlx::query_scalar(
            "INSERT INTO ledger_transactions (request_id, kind, card_id, store_id, staff_id, at_ms, day,
                 amount_fen, principal_after_fen, bonus_after_fen, visits_after, valid_until_after_day)
             SELECT $1, 'spend', c.id, $2, $3, $4, 0, 1, c.principal_fen, c.bonus_fen, c.visits_left, c.valid_until_day
             FROM cards c WHERE c.id = $5
             RETURNING id",
        )
        .bind(request_id)
        .bind(store_id)
        .bind(staff_id)
        .bind(now_ms())
        .bind(card_id)
        .fetch_one(&mut **t)
        .await
    })?;
    tx_rows_affected!(&mut tx, t => {
        sqlx::query("INSERT INTO ledger_entries (transaction_id, card_id, bucket, delta) VALUES ($1, $2, 'principal', -1)")
            .bind(id)
            .bind(card_id)
            .execute(&mut **t)
            .await
    })?;
    tx.commit().await?;
    Ok(true)
}
