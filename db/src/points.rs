//! The points ledger (P1, P2): a member's points move only here, as money moves
//! on cards. One movement is a `points_transactions` row (unique request id,
//! `reverses_id` naming what it takes back) with immutable `points_entries`
//! (bucket `points`: the balance; `earned`: what counts for a level), and the
//! member's cached columns changed in the same statement that guards them, in
//! the caller's database transaction. Rules are in `domain::points`.

use crate::ledger::{LedgerError, Op};
use crate::tx::Tx;
use crate::{DbError, UnixMs, on_tx, tx_rows_affected};
use domain::day::Day;
use domain::ledger::Refusal;
use domain::points::{self, LevelCause, Loyalty, PointsKind, Rung};

pub mod account;
pub mod settings;
mod take_back;

pub use account::*;
pub use settings::{loyalty, save_loyalty};
pub(crate) use take_back::{Earning, earned_by_recharge, earned_by_sale, take_back};

/// One movement about to be written.
pub(crate) struct Move {
    pub kind: PointsKind,
    pub member_id: i64,
    pub request_id: String,
    /// Change to the balance.
    pub points: i64,
    /// Change to the points earned.
    pub earned: i64,
    pub sale_id: Option<i64>,
    pub card_tx_id: Option<i64>,
    pub reverses_id: Option<i64>,
    pub base_fen: i64,
    pub rate_pct: u32,
    /// When its earned points count for a level.
    pub earned_at_ms: UnixMs,
    /// Refuse rather than let the balance fall below zero (spending); a
    /// take-back may.
    pub guard: bool,
}

impl Move {
    pub fn new(kind: PointsKind, member_id: i64, request_id: String, now_ms: UnixMs) -> Move {
        Move {
            kind,
            member_id,
            request_id,
            points: 0,
            earned: 0,
            sale_id: None,
            card_tx_id: None,
            reverses_id: None,
            base_fen: 0,
            rate_pct: 0,
            earned_at_ms: now_ms,
            guard: false,
        }
    }
}

/// What a movement left.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Moved {
    pub id: i64,
    /// The change to the balance.
    pub points: i64,
    pub earned_after: i64,
    pub level_id: Option<i64>,
}

/// Writes one movement: the member's columns (locked by this write), the
/// transaction, its entries.
pub(crate) async fn apply(
    tx: &mut Tx,
    op: &Op<'_>,
    now_ms: UnixMs,
    today: Day,
    mv: &Move,
) -> Result<Moved, LedgerError> {
    let after: Option<(i64, i64, Option<i64>)> = on_tx!(tx, t => {
        sqlx::query_as(
            "UPDATE members SET points = points + $1, points_earned = points_earned + $2,
                 points_version = points_version + 1
             WHERE id = $3 AND (NOT $4 OR points + $1 >= 0)
             RETURNING points, points_earned, level_id",
        )
        .bind(mv.points)
        .bind(mv.earned)
        .bind(mv.member_id)
        .bind(mv.guard)
        .fetch_optional(&mut **t)
        .await
    })?;
    let Some((points_after, earned_after, level_id)) = after else {
        return Err(if mv.guard {
            Refusal::NotEnoughPoints.into()
        } else {
            LedgerError::NotFound
        });
    };
    let id: i64 = on_tx!(tx, t => {
        sqlx::query_scalar(
            "INSERT INTO points_transactions (request_id, kind, member_id, store_id, staff_id, at_ms, day, reason,
                 reverses_id, sale_id, card_tx_id, base_fen, rate_pct, earned_at_ms, points, earned,
                 points_after, earned_after)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
             RETURNING id",
        )
        .bind(&mv.request_id)
        .bind(mv.kind.code())
        .bind(mv.member_id)
        .bind(op.caller.store_id)
        .bind(op.caller.staff_id)
        .bind(now_ms)
        .bind(today.0 as i64)
        .bind(op.reason)
        .bind(mv.reverses_id)
        .bind(mv.sale_id)
        .bind(mv.card_tx_id)
        .bind(mv.base_fen)
        .bind(mv.rate_pct as i64)
        .bind(mv.earned_at_ms)
        .bind(mv.points)
        .bind(mv.earned)
        .bind(points_after)
        .bind(earned_after)
        .fetch_one(&mut **t)
        .await
    })?;
    tx_rows_affected!(tx, t => {
        sqlx::query(
            "INSERT INTO points_entries (transaction_id, member_id, bucket, delta)
             VALUES ($1, $2, 'points', $3), ($1, $2, 'earned', $4)",
        )
        .bind(id)
        .bind(mv.member_id)
        .bind(mv.points)
        .bind(mv.earned)
        .execute(&mut **t)
        .await
    })?;
    Ok(Moved {
        id,
        points: mv.points,
        earned_after,
        level_id,
    })
}

/// The level ladder.
pub(crate) async fn ladder(tx: &mut Tx) -> Result<Vec<Rung>, DbError> {
    let rows: Vec<(i64, i64, Option<i64>)> = on_tx!(tx, t => {
        sqlx::query_as("SELECT id, rank, upgrade_points FROM levels ORDER BY rank LIMIT 100")
            .fetch_all(&mut **t)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|(id, rank, upgrade_points)| Rung {
            id,
            rank,
            upgrade_points,
        })
        .collect())
}

/// The earned points that count for a level now: all of them, or those of
/// the last `window_months` (a take-back counts when what it took back did).
pub(crate) async fn earned_for_level(
    tx: &mut Tx,
    member_id: i64,
    earned_after: i64,
    loyalty: &Loyalty,
    now_ms: UnixMs,
    today: Day,
) -> Result<i64, DbError> {
    if loyalty.window_months == 0 {
        return Ok(earned_after);
    }
    let days = today
        .minus_months(loyalty.window_months)
        .days_until(today)
        .max(0) as i64;
    let since_ms = now_ms - days * 86_400_000;
    let sum: Option<i64> = on_tx!(tx, t => {
        sqlx::query_scalar(
            "SELECT CAST(SUM(earned) AS BIGINT) FROM points_transactions WHERE member_id = $1 AND earned_at_ms >= $2",
        )
        .bind(member_id)
        .bind(since_ms)
        .fetch_one(&mut **t)
        .await
    })?;
    Ok(sum.unwrap_or(0).max(0))
}

/// Moves the member up when the earned points reach a higher level, in the
/// transaction that earned them. Returns the new level.
pub(crate) async fn climb(
    tx: &mut Tx,
    op: &Op<'_>,
    now_ms: UnixMs,
    moved: &Moved,
    member_id: i64,
    counted: i64,
) -> Result<Option<i64>, DbError> {
    let ladder = ladder(tx).await?;
    let current = moved
        .level_id
        .and_then(|id| ladder.iter().find(|r| r.id == id))
        .map(|r| r.rank);
    let Some(to) = points::climb(current, &ladder, counted) else {
        return Ok(None);
    };
    change_level(
        tx,
        op,
        now_ms,
        member_id,
        moved.level_id,
        Some(to),
        LevelCause::Points,
        counted,
        Some(moved.id),
    )
    .await?;
    Ok(Some(to))
}

/// Sets the member's level and notes the change (`level_changes`).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn change_level(
    tx: &mut Tx,
    op: &Op<'_>,
    now_ms: UnixMs,
    member_id: i64,
    from: Option<i64>,
    to: Option<i64>,
    cause: LevelCause,
    earned: i64,
    points_tx_id: Option<i64>,
) -> Result<(), DbError> {
    tx_rows_affected!(&mut *tx, t => {
        sqlx::query("UPDATE members SET level_id = $1 WHERE id = $2")
            .bind(to)
            .bind(member_id)
            .execute(&mut **t)
            .await
    })?;
    tx_rows_affected!(tx, t => {
        sqlx::query(
            "INSERT INTO level_changes (member_id, from_level_id, to_level_id, cause, reason, earned, points_tx_id,
                 store_id, staff_id, at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(member_id)
        .bind(from)
        .bind(to)
        .bind(cause.code())
        .bind(op.reason)
        .bind(earned)
        .bind(points_tx_id)
        .bind(op.caller.store_id)
        .bind(op.caller.staff_id)
        .bind(now_ms)
        .execute(&mut **t)
        .await
    })?;
    Ok(())
}

/// Earns points for a member and climbs: the sale's or recharge's part.
/// Nothing is written when the rate gives no whole point.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn earn(
    tx: &mut Tx,
    op: &Op<'_>,
    now_ms: UnixMs,
    today: Day,
    loyalty: &Loyalty,
    mut mv: Move,
) -> Result<Option<Moved>, LedgerError> {
    let points = points::earned(mv.base_fen, mv.rate_pct);
    if points <= 0 {
        return Ok(None);
    }
    mv.points = points;
    mv.earned = points;
    let moved = apply(tx, op, now_ms, today, &mv).await?;
    let counted =
        earned_for_level(tx, mv.member_id, moved.earned_after, loyalty, now_ms, today).await?;
    climb(tx, op, now_ms, &moved, mv.member_id, counted).await?;
    Ok(Some(moved))
}

/// The points rate for a member: the level's, or the shop's without one.
pub(crate) async fn rate_for(
    tx: &mut Tx,
    member_id: i64,
    loyalty: &Loyalty,
) -> Result<u32, DbError> {
    let rate: Option<(Option<i64>,)> = on_tx!(tx, t => {
        sqlx::query_as(
            "SELECT l.points_rate_pct FROM members m LEFT JOIN levels l ON l.id = m.level_id WHERE m.id = $1",
        )
        .bind(member_id)
        .fetch_optional(&mut **t)
        .await
    })?;
    Ok(match rate {
        Some((Some(r),)) => r.clamp(0, points::RATE_MAX_PCT as i64) as u32,
        _ => loyalty.points_rate_pct,
    })
}
