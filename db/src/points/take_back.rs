//! Taking back points a sale or recharge earned (a refund, a reversal), and
//! the level after it.

use super::{Move, Moved, apply, change_level, earned_for_level, ladder, settings};
use crate::ledger::{LedgerError, Op};
use crate::tx::Tx;
use crate::{DbError, UnixMs, on_tx};
use domain::day::Day;
use domain::points::{self, LevelCause, PointsKind};

/// Points a sale or recharge earned, as a take-back needs them.
#[derive(Clone, Copy, Debug, sqlx::FromRow)]
pub(crate) struct Earning {
    pub id: i64,
    pub member_id: i64,
    pub points: i64,
    pub earned_at_ms: i64,
}

/// The points the sale `sale_id` earned, if any.
pub(crate) async fn earned_by_sale(tx: &mut Tx, sale_id: i64) -> Result<Option<Earning>, DbError> {
    Ok(on_tx!(tx, t => {
        sqlx::query_as(
            "SELECT id, member_id, points, earned_at_ms FROM points_transactions WHERE sale_id = $1 AND kind = 'sale'",
        )
        .bind(sale_id)
        .fetch_optional(&mut **t)
        .await
    })?)
}

/// The points the recharge `card_tx_id` earned, if any.
pub(crate) async fn earned_by_recharge(
    tx: &mut Tx,
    card_tx_id: i64,
) -> Result<Option<Earning>, DbError> {
    Ok(on_tx!(tx, t => {
        sqlx::query_as(
            "SELECT id, member_id, points, earned_at_ms FROM points_transactions
             WHERE card_tx_id = $1 AND kind = 'recharge'",
        )
        .bind(card_tx_id)
        .fetch_optional(&mut **t)
        .await
    })?)
}

/// Takes back the share of `earning` that a refund of `refunding_fen` (after
/// `refunded_before_fen`) of `total_fen` undoes: balance and earned points,
/// naming the earning; the balance may fall below zero. The level then follows
/// the setting (`domain::points::after_refund`).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn take_back(
    tx: &mut Tx,
    op: &Op<'_>,
    now_ms: UnixMs,
    today: Day,
    kind: PointsKind,
    earning: &Earning,
    (total_fen, refunded_before_fen, refunding_fen): (i64, i64, i64),
    link: (Option<i64>, Option<i64>),
) -> Result<Option<Moved>, LedgerError> {
    let points = points::taken_back(
        earning.points,
        total_fen,
        refunded_before_fen,
        refunding_fen,
    );
    if points <= 0 {
        return Ok(None);
    }
    let mut mv = Move::new(
        kind,
        earning.member_id,
        format!("{}:points", op.request_id),
        now_ms,
    );
    mv.points = -points;
    mv.earned = -points;
    mv.reverses_id = Some(earning.id);
    mv.earned_at_ms = earning.earned_at_ms;
    mv.base_fen = -refunding_fen;
    (mv.sale_id, mv.card_tx_id) = link;
    let moved = apply(tx, op, now_ms, today, &mv).await?;
    let loyalty = settings::loyalty_in(tx).await?;
    let counted = earned_for_level(
        tx,
        earning.member_id,
        moved.earned_after,
        &loyalty,
        now_ms,
        today,
    )
    .await?;
    let ladder = ladder(tx).await?;
    let current = moved
        .level_id
        .and_then(|id| ladder.iter().find(|r| r.id == id));
    if let Some(to) = points::after_refund(current, &ladder, counted, loyalty.after_refund) {
        change_level(
            tx,
            op,
            now_ms,
            earning.member_id,
            moved.level_id,
            to,
            LevelCause::Refund,
            counted,
            Some(moved.id),
        )
        .await?;
    }
    Ok(Some(moved))
}
