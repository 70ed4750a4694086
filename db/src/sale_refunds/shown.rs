//! A sale's refunds as its receipt shows them.

use crate::{Db, DbError, on_reader};
use domain::sale::refund::SaleRefund;
use domain::sale::{PayBy, Payment};

type RefundRow = (i64, i64, String, String, i64, i64);

/// The refunds of a sale, oldest first, for its receipt.
pub async fn of_sale(db: &Db, sale_id: i64, time_zone: &str) -> Result<Vec<SaleRefund>, DbError> {
    let rows: Vec<RefundRow> = on_reader!(db, pool => {
        sqlx::query_as(
            "SELECT r.id, r.at_ms, sf.name, r.reason, r.total_fen, r.points FROM sale_refunds r
             JOIN staff sf ON sf.id = r.staff_id WHERE r.sale_id = $1 ORDER BY r.id LIMIT 200",
        )
        .bind(sale_id)
        .fetch_all(pool)
        .await
    })?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let lines: Vec<(i64, i64, i64, i64)> = on_reader!(db, pool => {
        sqlx::query_as(
            "SELECT l.refund_id, l.line_no, l.quantity, l.amount_fen FROM sale_refund_lines l
             JOIN sale_refunds r ON r.id = l.refund_id WHERE r.sale_id = $1 ORDER BY l.refund_id, l.line_no",
        )
        .bind(sale_id)
        .fetch_all(pool)
        .await
    })?;
    let paid: Vec<(i64, String, i64)> = on_reader!(db, pool => {
        sqlx::query_as(
            "SELECT p.refund_id, p.method, p.amount_fen FROM sale_refund_payments p
             JOIN sale_refunds r ON r.id = p.refund_id JOIN payment_methods m ON m.code = p.method
             WHERE r.sale_id = $1 ORDER BY p.refund_id, m.id",
        )
        .bind(sale_id)
        .fetch_all(pool)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(
            |(id, at_ms, staff_name, reason, total_fen, points)| SaleRefund {
                id,
                at_local: crate::clock::local_minute(at_ms, time_zone),
                staff_name,
                reason,
                total_fen,
                lines: lines
                    .iter()
                    .filter(|l| l.0 == id)
                    .map(|l| (l.1 as u32, l.2, l.3))
                    .collect(),
                payments: paid
                    .iter()
                    .filter(|p| p.0 == id)
                    .filter_map(|p| {
                        Some(Payment {
                            by: PayBy::from_code(&p.1)?,
                            amount_fen: p.2,
                        })
                    })
                    .collect(),
                points,
            },
        )
        .collect())
}
