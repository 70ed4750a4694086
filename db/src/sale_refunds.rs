//! Refunds of sales (V6): whole or by lines, in one database transaction under
//! one request id. The sale row is locked first (a write), so two refunds of
//! one sale run one after the other; the guards are in the `UPDATE`s (never
//! more units than sold, never more money than the sale). Each payment goes
//! back the way it came (`domain::sale::refund::split_payments`): the member
//! card's part as a card refund naming the sale's card transaction, in its
//! original principal/bonus split; cash out of the refunding cashier's shift;
//! the other methods recorded for the shift report. Visits a count card paid
//! come back to it; the points the sale earned come off in proportion.

use crate::ledger::{self, Bucket, NewTx, Op};
use crate::sales::SaleError;
use crate::tx::Tx;
use crate::{Db, DbError, is_unique_violation, on_pool, on_tx, tx_rows_affected};
use domain::ledger::Refusal;
use domain::points::PointsKind;
use domain::sale::refund::{RefundLine, running_share, split_payments};
use domain::sale::{PayBy, Payment};
use domain::slip::TxKind;
use domain::{Field, FieldError, Problem};

mod shown;
pub use shown::of_sale;

#[derive(sqlx::FromRow)]
struct SaleRow {
    store_id: i64,
    day: i64,
    card_id: Option<i64>,
    card_tx_id: Option<i64>,
    total_fen: i64,
    refunded_fen: i64,
}

#[derive(Clone, sqlx::FromRow)]
struct LineRow {
    line_no: i64,
    quantity: i64,
    refunded_quantity: i64,
    total_fen: i64,
    card_id: Option<i64>,
    card_tx_id: Option<i64>,
    visits: i64,
}

/// Refunds `lines` of sale `sale_id`; gives the refund's id. The same request
/// id again gives the first refund's id and refunds nothing more.
pub async fn refund(
    db: &Db,
    op: &Op<'_>,
    sale_id: i64,
    lines: &[RefundLine],
) -> Result<i64, SaleError> {
    if lines.is_empty() {
        return Err(FieldError::new(Field::SaleLines, Problem::Required).into());
    }
    if lines.len() > domain::sale::LINES_MAX {
        let max = domain::sale::LINES_MAX as u32;
        return Err(FieldError::new(Field::SaleLines, Problem::TooMany { max }).into());
    }
    match refund_once(db, op, sale_id, lines).await {
        Err(SaleError::Db(DbError::Sqlx(e))) if is_unique_violation(&e, "request_id") => {
            let found: Option<(i64, i64, i64)> = on_pool!(db, pool => {
                sqlx::query_as("SELECT id, staff_id, sale_id FROM sale_refunds WHERE request_id = $1")
                    .bind(op.request_id)
                    .fetch_optional(pool)
                    .await
            })?;
            match found {
                Some(found) => same_refund(op, sale_id, found),
                None => Err(SaleError::Db(DbError::Sqlx(e))),
            }
        }
        done => done,
    }
}

/// The earlier refund under this request id, if the same person made it of the
/// same sale; anyone else is refused and learns nothing of it.
fn same_refund(
    op: &Op<'_>,
    sale_id: i64,
    (id, staff_id, of): (i64, i64, i64),
) -> Result<i64, SaleError> {
    if staff_id != op.caller.staff_id || of != sale_id {
        return Err(Refusal::RequestReused.into());
    }
    Ok(id)
}

async fn refund_once(
    db: &Db,
    op: &Op<'_>,
    sale_id: i64,
    lines: &[RefundLine],
) -> Result<i64, SaleError> {
    let mut tx = db.begin().await?;
    let sale: Option<SaleRow> = on_tx!(&mut tx, t => {
        sqlx::query_as(
            "UPDATE sales SET refunded_fen = refunded_fen WHERE id = $1
             RETURNING store_id, day, card_id, card_tx_id, total_fen, refunded_fen",
        )
        .bind(sale_id)
        .fetch_optional(&mut **t)
        .await
    })?;
    // Another store's sale is not found (only its store and the head office).
    let sale = sale
        .filter(|s| op.caller.scope.covers(s.store_id))
        .ok_or(SaleError::NotFound)?;
    let earlier: Option<(i64, i64, i64)> = on_tx!(&mut tx, t => {
        sqlx::query_as("SELECT id, staff_id, sale_id FROM sale_refunds WHERE request_id = $1")
            .bind(op.request_id)
            .fetch_optional(&mut **t)
            .await
    })?;
    if let Some(found) = earlier {
        return same_refund(op, sale_id, found);
    }
    let ctx = ledger::context(&mut tx, op).await?;
    if ctx.earlier.is_some() {
        return Err(Refusal::RequestReused.into());
    }
    let shift_id = ctx.shift_id.ok_or(SaleError::NoOpenShift)?;
    if !crate::shifts::hold_open(&mut tx, shift_id).await? {
        return Err(SaleError::NoOpenShift);
    }
    let sold: Vec<LineRow> = on_tx!(&mut tx, t => {
        sqlx::query_as(
            "SELECT line_no, quantity, refunded_quantity, total_fen, card_id, card_tx_id, visits
             FROM sale_lines WHERE sale_id = $1 ORDER BY line_no",
        )
        .bind(sale_id)
        .fetch_all(&mut **t)
        .await
    })?;
    // (line, quantity now, amount, visits back)
    let mut taken: Vec<(LineRow, i64, i64, i64)> = Vec::new();
    for want in lines {
        let line = sold
            .iter()
            .find(|l| l.line_no == want.line_no as i64)
            .ok_or(FieldError::new(Field::SaleLines, Problem::NotAnOption))?;
        if want.quantity <= 0 || taken.iter().any(|t| t.0.line_no == line.line_no) {
            return Err(FieldError::new(Field::Quantity, Problem::NotAnOption).into());
        }
        let left = line.quantity - line.refunded_quantity;
        if want.quantity > left {
            return Err(Refusal::RefundMoreThanSold {
                line_no: want.line_no,
                left,
            }
            .into());
        }
        let (q, before) = (want.quantity, line.refunded_quantity);
        let amount = running_share(line.total_fen, line.quantity, before, q);
        let visits = running_share(line.visits, line.quantity, before, q);
        taken.push((line.clone(), q, amount, visits));
    }
    for (line, q, _, _) in &taken {
        let changed = tx_rows_affected!(&mut tx, t => {
            sqlx::query(
                "UPDATE sale_lines SET refunded_quantity = refunded_quantity + $1
                 WHERE sale_id = $2 AND line_no = $3 AND refunded_quantity + $1 <= quantity",
            )
            .bind(q)
            .bind(sale_id)
            .bind(line.line_no)
            .execute(&mut **t)
            .await
        })?;
        if changed != 1 {
            return Err(Refusal::RefundMoreThanSold {
                line_no: line.line_no as u32,
                left: 0,
            }
            .into());
        }
    }
    let refunding: i64 = taken.iter().map(|t| t.2).sum();
    let changed = tx_rows_affected!(&mut tx, t => {
        sqlx::query("UPDATE sales SET refunded_fen = refunded_fen + $1 WHERE id = $2 AND refunded_fen + $1 <= total_fen")
            .bind(refunding)
            .bind(sale_id)
            .execute(&mut **t)
            .await
    })?;
    if changed != 1 {
        return Err(Refusal::NothingLeftToReverse {
            left_fen: sale.total_fen - sale.refunded_fen,
            left_visits: 0,
        }
        .into());
    }
    let (paid, before) = payments(&mut tx, sale_id).await?;
    let back = split_payments(&paid, &before, sale.total_fen, sale.refunded_fen, refunding);

    // The cards this refund gives back to, locked in the order of their ids.
    let card_part = back
        .iter()
        .find(|p| p.by == PayBy::MemberCard)
        .map_or(0, |p| p.amount_fen);
    let mut cards: Vec<i64> = taken
        .iter()
        .filter(|t| t.3 > 0)
        .filter_map(|t| t.0.card_id)
        .collect();
    if card_part > 0 {
        cards.extend(sale.card_id);
    }
    cards.sort_unstable();
    cards.dedup();
    let mut locked = Vec::new();
    for id in cards {
        let card = ledger::lock_card(&mut tx, id).await?;
        ledger::refundable(&card)?;
        locked.push(card);
    }
    let card_rid = format!("{}:card", op.request_id);
    let mut card_tx_id = None;
    if let (true, Some(card_id), Some(original)) = (card_part > 0, sale.card_id, sale.card_tx_id) {
        let (moved, given_back, _, _) = ledger::moved(&mut tx, original).await?;
        let split = domain::ledger::split_refund(moved, given_back, card_part)?;
        ledger::give_back_money(&mut tx, card_id, sale.day, card_part, split).await?;
        let mut new = NewTx::new(TxKind::Refund, card_id);
        new.reverses_id = Some(original);
        new.amount_fen = card_part;
        new.entries = vec![
            (card_id, Bucket::Principal, split.principal_fen),
            (card_id, Bucket::Bonus, split.bonus_fen),
        ];
        let card_op = Op {
            request_id: &card_rid,
            ..*op
        };
        card_tx_id = Some(ledger::record(&mut tx, &card_op, &ctx, new).await?);
    }
    let mut visit_txs = Vec::new();
    for (line, _, _, visits) in &taken {
        let (Some(card_id), Some(original), true) = (line.card_id, line.card_tx_id, *visits > 0)
        else {
            visit_txs.push(None);
            continue;
        };
        let (_, _, moved_visits, visits_back) = ledger::moved(&mut tx, original).await?;
        ledger::give_back_visits(&mut tx, card_id, *visits, moved_visits - visits_back).await?;
        let mut new = NewTx::new(TxKind::Refund, card_id);
        new.reverses_id = Some(original);
        new.visits = *visits;
        new.entries = vec![(card_id, Bucket::Visits, *visits)];
        let rid = format!("{}:visits{}", op.request_id, line.line_no);
        let visit_op = Op {
            request_id: &rid,
            ..*op
        };
        visit_txs.push(Some(ledger::record(&mut tx, &visit_op, &ctx, new).await?));
    }
    let points = match crate::points::earned_by_sale(&mut tx, sale_id).await? {
        Some(earning) => crate::points::take_back(
            &mut tx,
            op,
            ctx.now_ms,
            ctx.today,
            PointsKind::SaleRefund,
            &earning,
            (sale.total_fen, sale.refunded_fen, refunding),
            (Some(sale_id), None),
        )
        .await?
        .map_or(0, |m| m.points),
        None => 0,
    };
    let refund_id: i64 = on_tx!(&mut tx, t => {
        sqlx::query_scalar(
            "INSERT INTO sale_refunds (request_id, sale_id, store_id, staff_id, shift_id, at_ms, day, reason, total_fen, points)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(op.request_id)
        .bind(sale_id)
        .bind(op.caller.store_id)
        .bind(op.caller.staff_id)
        .bind(shift_id)
        .bind(ctx.now_ms)
        .bind(ctx.today.0 as i64)
        .bind(op.reason)
        .bind(refunding)
        .bind(-points)
        .fetch_one(&mut **t)
        .await
    })?;
    for ((line, q, amount, visits), card_tx) in taken.iter().zip(visit_txs) {
        tx_rows_affected!(&mut tx, t => {
            sqlx::query(
                "INSERT INTO sale_refund_lines (refund_id, line_no, quantity, amount_fen, visits, card_tx_id)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(refund_id).bind(line.line_no).bind(q).bind(amount).bind(visits).bind(card_tx)
            .execute(&mut **t)
            .await
        })?;
    }
    for p in &back {
        let card_tx = (p.by == PayBy::MemberCard).then_some(card_tx_id).flatten();
        tx_rows_affected!(&mut tx, t => {
            sqlx::query("INSERT INTO sale_refund_payments (refund_id, method, amount_fen, card_tx_id) VALUES ($1, $2, $3, $4)")
                .bind(refund_id).bind(p.by.code()).bind(p.amount_fen).bind(card_tx)
                .execute(&mut **t)
                .await
        })?;
    }
    tx.commit().await?;
    Ok(refund_id)
}

/// The sale's payments, and what earlier refunds returned to each method.
async fn payments(tx: &mut Tx, sale_id: i64) -> Result<(Vec<Payment>, Vec<Payment>), DbError> {
    let paid: Vec<(String, i64)> = on_tx!(&mut *tx, t => {
        sqlx::query_as(
            "SELECT p.method, p.amount_fen FROM sale_payments p JOIN payment_methods m ON m.code = p.method
             WHERE p.sale_id = $1 ORDER BY m.id",
        )
        .bind(sale_id)
        .fetch_all(&mut **t)
        .await
    })?;
    let before: Vec<(String, i64)> = on_tx!(tx, t => {
        sqlx::query_as(
            "SELECT p.method, CAST(SUM(p.amount_fen) AS BIGINT) FROM sale_refund_payments p
             JOIN sale_refunds r ON r.id = p.refund_id WHERE r.sale_id = $1 GROUP BY p.method",
        )
        .bind(sale_id)
        .fetch_all(&mut **t)
        .await
    })?;
    let typed = |rows: Vec<(String, i64)>| {
        rows.into_iter()
            .filter_map(|(code, amount_fen)| {
                Some(Payment {
                    by: PayBy::from_code(&code)?,
                    amount_fen,
                })
            })
            .collect::<Vec<_>>()
    };
    Ok((typed(paid), typed(before)))
}
