//! Gifts for points (P3): the catalogue with stock per store, redemptions that
//! take the points and one unit in one transaction, and their reversal.

use crate::ledger::{LedgerError, Op};
use crate::points::{Move, apply};
use crate::{
    Db, DbError, is_unique_violation, now_ms, on_pool, on_reader, on_tx, tx_rows_affected,
};
use domain::gift::{GIFTS_MAX, Gift, GiftInput, Redemption};
use domain::ledger::Refusal;
use domain::points::PointsKind;

#[derive(Debug, thiserror::Error)]
pub enum GiftError {
    #[error("name taken")]
    NameTaken,
    #[error("too many")]
    TooMany,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for GiftError {
    fn from(e: sqlx::Error) -> Self {
        if is_unique_violation(&e, "name") {
            GiftError::NameTaken
        } else {
            GiftError::Db(e.into())
        }
    }
}

/// Every gift with its stock per store, by name.
pub async fn list(db: &Db) -> Result<Vec<Gift>, DbError> {
    let rows: Vec<(i64, String, i64, bool)> = on_reader!(db, pool => {
        sqlx::query_as("SELECT id, name, points_price, active = 1 FROM gifts ORDER BY name LIMIT 500")
            .fetch_all(pool)
            .await
    })?;
    let stock: Vec<(i64, i64, i64)> = on_reader!(db, pool => {
        sqlx::query_as("SELECT gift_id, store_id, quantity FROM gift_stock ORDER BY gift_id, store_id")
            .fetch_all(pool)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|(id, name, points_price, active)| Gift {
            id,
            name,
            points_price,
            active,
            stock: stock
                .iter()
                .filter(|s| s.0 == id)
                .map(|s| (s.1, s.2))
                .collect(),
        })
        .collect())
}

/// Adds a gift (`id` 0) or changes one.
pub async fn save(db: &Db, id: i64, g: &GiftInput) -> Result<i64, GiftError> {
    if id == 0 && list(db).await?.len() >= GIFTS_MAX {
        return Err(GiftError::TooMany);
    }
    let saved: Option<i64> = crate::audited!(db, pool => {
        if id == 0 {
            sqlx::query_scalar(
                "INSERT INTO gifts (name, points_price, active, created_at_ms) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(&g.name).bind(g.points_price).bind(i64::from(g.active)).bind(now_ms())
            .fetch_optional(pool).await
        } else {
            sqlx::query_scalar("UPDATE gifts SET name = $1, points_price = $2, active = $3 WHERE id = $4 RETURNING id")
                .bind(&g.name).bind(g.points_price).bind(i64::from(g.active)).bind(id)
                .fetch_optional(pool).await
        }
    })?;
    saved.ok_or(GiftError::NotFound)
}

/// Sets a gift's stock at a store.
pub async fn set_stock(
    db: &Db,
    gift_id: i64,
    store_id: i64,
    quantity: i64,
) -> Result<(), GiftError> {
    let done = crate::audited_rows!(db, pool => {
        sqlx::query(
            "INSERT INTO gift_stock (gift_id, store_id, quantity)
             SELECT g.id, s.id, $3 FROM gifts g, stores s WHERE g.id = $1 AND s.id = $2
             ON CONFLICT (gift_id, store_id) DO UPDATE SET quantity = excluded.quantity",
        )
        .bind(gift_id)
        .bind(store_id)
        .bind(quantity)
        .execute(pool)
        .await
    })?;
    if done == 0 {
        return Err(GiftError::NotFound);
    }
    Ok(())
}

/// Redeems one unit of a gift at the caller's store for the member: the points
/// and the unit in one transaction, both guarded. The same request id again
/// gives the first redemption.
pub async fn redeem(
    db: &Db,
    op: &Op<'_>,
    member_id: i64,
    gift_id: i64,
) -> Result<i64, LedgerError> {
    match redeem_once(db, op, member_id, gift_id).await {
        Err(LedgerError::Db(DbError::Sqlx(e))) if is_unique_violation(&e, "request_id") => {
            earlier(db, op)
                .await?
                .ok_or(LedgerError::Db(DbError::Sqlx(e)))
        }
        done => done,
    }
}

async fn earlier(db: &Db, op: &Op<'_>) -> Result<Option<i64>, LedgerError> {
    let found: Option<(i64, i64)> = on_pool!(db, pool => {
        sqlx::query_as("SELECT id, staff_id FROM gift_redemptions WHERE request_id = $1")
            .bind(op.request_id)
            .fetch_optional(pool)
            .await
    })?;
    match found {
        Some((_, staff)) if staff != op.caller.staff_id => Err(Refusal::RequestReused.into()),
        found => Ok(found.map(|f| f.0)),
    }
}

async fn redeem_once(
    db: &Db,
    op: &Op<'_>,
    member_id: i64,
    gift_id: i64,
) -> Result<i64, LedgerError> {
    let mut tx = db.begin().await?;
    let price: Option<i64> = on_tx!(&mut tx, t => {
        sqlx::query_scalar("SELECT points_price FROM gifts WHERE id = $1 AND active = 1")
            .bind(gift_id)
            .fetch_optional(&mut **t)
            .await
    })?;
    let price = price.ok_or(LedgerError::NotFound)?;
    let ctx = crate::ledger::context(&mut tx, op).await?;
    // The points first (the member row locked by its guarded write), then the
    // unit of stock (guarded too): lock order member, then stock.
    let mut mv = Move::new(
        PointsKind::Gift,
        member_id,
        format!("{}:points", op.request_id),
        ctx.now_ms,
    );
    mv.points = -price;
    mv.guard = true;
    let moved = apply(&mut tx, op, ctx.now_ms, ctx.today, &mv).await?;
    let taken = tx_rows_affected!(&mut tx, t => {
        sqlx::query(
            "UPDATE gift_stock SET quantity = quantity - 1 WHERE gift_id = $1 AND store_id = $2 AND quantity >= 1",
        )
        .bind(gift_id)
        .bind(op.caller.store_id)
        .execute(&mut **t)
        .await
    })?;
    if taken != 1 {
        return Err(Refusal::OutOfStock.into());
    }
    let id: i64 = on_tx!(&mut tx, t => {
        sqlx::query_scalar(
            "INSERT INTO gift_redemptions (request_id, gift_id, member_id, store_id, staff_id, at_ms, points, points_tx_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(op.request_id)
        .bind(gift_id)
        .bind(member_id)
        .bind(op.caller.store_id)
        .bind(op.caller.staff_id)
        .bind(ctx.now_ms)
        .bind(price)
        .bind(moved.id)
        .fetch_one(&mut **t)
        .await
    })?;
    tx.commit().await?;
    Ok(id)
}

/// Reverses a redemption once (a manager, at a store in scope): the points
/// come back to the member and the unit to the store's stock.
pub async fn reverse(db: &Db, op: &Op<'_>, redemption_id: i64) -> Result<(), LedgerError> {
    let mut tx = db.begin().await?;
    let now = now_ms();
    // The guard: only a redemption not reversed yet, in the caller's scope.
    let row: Option<(i64, i64, i64, i64, i64)> = on_tx!(&mut tx, t => {
        sqlx::query_as(
            "UPDATE gift_redemptions SET reversed_at_ms = $1 WHERE id = $2 AND reversed_at_ms IS NULL
             RETURNING gift_id, member_id, store_id, points, points_tx_id",
        )
        .bind(now)
        .bind(redemption_id)
        .fetch_optional(&mut **t)
        .await
    })?;
    let Some((gift_id, member_id, store_id, points, points_tx_id)) = row else {
        let exists: Option<i64> = on_tx!(&mut tx, t => {
            sqlx::query_scalar("SELECT store_id FROM gift_redemptions WHERE id = $1").bind(redemption_id).fetch_optional(&mut **t).await
        })?;
        return Err(match exists {
            Some(store) if op.caller.scope.covers(store) => Refusal::AlreadyReversed.into(),
            _ => LedgerError::NotFound,
        });
    };
    if !op.caller.scope.covers(store_id) {
        return Err(LedgerError::NotFound);
    }
    let ctx = crate::ledger::context(&mut tx, op).await?;
    let mut mv = Move::new(
        PointsKind::GiftReversal,
        member_id,
        format!("gift-reversal:{redemption_id}"),
        ctx.now_ms,
    );
    mv.points = points;
    mv.reverses_id = Some(points_tx_id);
    let moved = apply(&mut tx, op, ctx.now_ms, ctx.today, &mv).await?;
    tx_rows_affected!(&mut tx, t => {
        sqlx::query("UPDATE gift_redemptions SET reversal_points_tx_id = $1 WHERE id = $2")
            .bind(moved.id)
            .bind(redemption_id)
            .execute(&mut **t)
            .await
    })?;
    tx_rows_affected!(&mut tx, t => {
        sqlx::query("UPDATE gift_stock SET quantity = quantity + 1 WHERE gift_id = $1 AND store_id = $2")
            .bind(gift_id)
            .bind(store_id)
            .execute(&mut **t)
            .await
    })?;
    tx.commit().await?;
    Ok(())
}

/// A member's redemptions, newest first.
pub async fn of_member(
    db: &Db,
    member_id: i64,
    time_zone: &str,
) -> Result<Vec<Redemption>, DbError> {
    let rows: Vec<(i64, i64, String, String, String, i64, bool)> = on_reader!(db, pool => {
        sqlx::query_as(
            "SELECT r.id, r.at_ms, g.name, s.name, sf.name, r.points, r.reversed_at_ms IS NOT NULL
             FROM gift_redemptions r JOIN gifts g ON g.id = r.gift_id JOIN stores s ON s.id = r.store_id
             JOIN staff sf ON sf.id = r.staff_id WHERE r.member_id = $1 ORDER BY r.id DESC LIMIT 200",
        )
        .bind(member_id)
        .fetch_all(pool)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|r| Redemption {
            id: r.0,
            at_local: crate::clock::local_minute(r.1, time_zone),
            gift_name: r.2,
            store_name: r.3,
            staff_name: r.4,
            points: r.5,
            reversed: r.6,
        })
        .collect())
}
