//! Writing a sale's lines and payments, and the points it earns.

use super::SaleError;
use crate::ledger::{self, Op};
use crate::tx::Tx;
use crate::{DbError, tx_rows_affected};
use domain::points::{self, PointsKind};
use domain::promotion::{self, Promotion};
use domain::sale::{Payment, PricedLine};

/// The sale's points (P2): on what the member paid in money, by the methods
/// the settings name, at the level's rate; the member climbs in the same
/// transaction.
pub(super) async fn earn_points(
    tx: &mut Tx,
    op: &Op<'_>,
    ctx: &ledger::Context,
    member_id: i64,
    (sale_id, payments, multiplier): (i64, &[Payment], Option<(&Promotion, u32)>),
) -> Result<(), SaleError> {
    let loyalty = crate::points::settings::loyalty_in(tx).await?;
    let codes: Vec<(String, i64)> = payments
        .iter()
        .map(|p| (p.by.code(), p.amount_fen))
        .collect();
    let base = points::earning_base(codes.iter().map(|(c, a)| (c.as_str(), *a)), loyalty.earn_on);
    let mut mv = crate::points::Move::new(
        PointsKind::Sale,
        member_id,
        format!("{}:points", op.request_id),
        ctx.now_ms,
    );
    mv.base_fen = base;
    let rate_pct = crate::points::rate_for(tx, member_id, &loyalty).await?;
    mv.rate_pct = rate_pct;
    if let Some((p, factor)) = multiplier
        && rate_pct > 0
        && base > 0
    {
        mv.rate_pct = promotion::multiplied(rate_pct, factor);
        tx_rows_affected!(&mut *tx, t => {
            sqlx::query("UPDATE sales SET points_promotion_id = $1, points_factor_pct = $2 WHERE id = $3")
                .bind(p.id)
                .bind(factor as i64)
                .bind(sale_id)
                .execute(&mut **t)
                .await
        })?;
    }
    mv.sale_id = Some(sale_id);
    crate::points::earn(tx, op, ctx.now_ms, ctx.today, &loyalty, mv).await?;
    Ok(())
}

pub(super) async fn lines(
    tx: &mut Tx,
    sale_id: i64,
    lines: &[PricedLine],
    line_txs: &[Option<i64>],
) -> Result<(), DbError> {
    // One statement for all lines (≤ 100 × 16 parameters).
    const PER_LINE: usize = 16;
    let rows: Vec<String> = (0..lines.len())
        .map(|n| {
            let params: Vec<String> = (0..PER_LINE)
                .map(|k| format!("${}", PER_LINE * n + k + 2))
                .collect();
            format!("($1, {})", params.join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO sale_lines (sale_id, line_no, item_id, code, name, unit, unit_price_fen, quantity,
             rate_bp, rate_source, list_fen, total_fen, card_id, card_tx_id, visits, visits_left_after, promotion_id)
         VALUES {}",
        rows.join(", ")
    );
    tx_rows_affected!(tx, t => {
        let mut q = sqlx::query(&sql).bind(sale_id);
        for (n, l) in lines.iter().enumerate() {
            q = q
                .bind(n as i64 + 1)
                .bind(l.item_id)
                .bind(&l.code)
                .bind(&l.name)
                .bind(&l.unit)
                .bind(l.unit_price_fen)
                .bind(l.quantity)
                .bind(l.rate_bp as i64)
                .bind(l.source.code())
                .bind(l.list_fen)
                .bind(l.total_fen)
                .bind(l.cover.as_ref().map(|c| c.card_id))
                .bind(line_txs.get(n).copied().flatten())
                .bind(l.cover.as_ref().map_or(0, |c| c.visits))
                .bind(l.cover.as_ref().and_then(|c| c.visits_left_after))
                .bind(l.promotion.as_ref().map(|p| p.id));
        }
        q.execute(&mut **t).await
    })?;
    Ok(())
}

pub(super) async fn payments(
    tx: &mut Tx,
    sale_id: i64,
    payments: &[Payment],
) -> Result<(), DbError> {
    for p in payments {
        tx_rows_affected!(&mut *tx, t => {
            sqlx::query("INSERT INTO sale_payments (sale_id, method, amount_fen) VALUES ($1, $2, $3)")
                .bind(sale_id).bind(p.by.code()).bind(p.amount_fen)
                .execute(&mut **t).await
        })?;
    }
    Ok(())
}
