//! Writing a card transaction: the transaction, its entries, and what it does
//! to the member's points, in the operation's database transaction.

use super::{Bucket, Context, LedgerError, Op};
use crate::on_tx;
use crate::tx::Tx;
use crate::tx_rows_affected;
use domain::points::PointsKind;
use domain::slip::TxKind;

/// A transaction about to be written.
pub(crate) struct NewTx<'a> {
    pub kind: TxKind,
    pub card_id: i64,
    pub amount_fen: i64,
    pub visits: i64,
    pub money_in_fen: i64,
    pub fee_fen: i64,
    pub payment_method: String,
    pub reverses_id: Option<i64>,
    pub other_card_id: Option<i64>,
    pub detail: &'a str,
    /// (card, bucket, delta); zero deltas are left out.
    pub entries: Vec<(i64, Bucket, i64)>,
    /// The member's points this transaction earns or takes back.
    pub points: Option<PointsStep>,
    /// What a recharge's promotions gave, or a reversal takes back.
    pub offer: Option<crate::promotions::gift::OfferStep>,
}

/// What a card transaction does to its member's points (`crate::points`).
pub(crate) enum PointsStep {
    /// A recharge earns on the money paid in, at the recharge rate.
    Earn { member_id: i64, base_fen: i64 },
    /// Points turned into money on the card (guarded: never below zero).
    Spend { member_id: i64, points: i64 },
    /// A reversal takes back its share of what the recharge earned:
    /// (the recharge's principal, reversed before, reversed now).
    TakeBack {
        earning: crate::points::Earning,
        share: (i64, i64, i64),
    },
}

impl<'a> NewTx<'a> {
    pub fn new(kind: TxKind, card_id: i64) -> Self {
        NewTx {
            kind,
            card_id,
            amount_fen: 0,
            visits: 0,
            money_in_fen: 0,
            fee_fen: 0,
            payment_method: String::new(),
            reverses_id: None,
            other_card_id: None,
            detail: "",
            entries: Vec::new(),
            points: None,
            offer: None,
        }
    }
}

/// Writes the transaction and its entries; the balances after are read from the
/// card row, which this transaction has already changed.
pub(crate) async fn record(
    tx: &mut Tx,
    op: &Op<'_>,
    ctx: &Context,
    new: NewTx<'_>,
) -> Result<i64, LedgerError> {
    // A replacement's "after" is the new card's: that is where the value now is.
    let holder = if new.kind == TxKind::Replace {
        new.other_card_id.unwrap_or(new.card_id)
    } else {
        new.card_id
    };
    let entries: Vec<_> = new.entries.iter().filter(|e| e.2 != 0).collect();
    // The balances after come from the card row in the same statement. On
    // Postgres the entries go in the same statement too (each statement is a
    // round trip); SQLite has no INSERT in WITH, and no round trips.
    let insert = "INSERT INTO ledger_transactions (request_id, kind, card_id, store_id, staff_id, shift_id, at_ms, day,
                 reason, reverses_id, payment_method, money_in_fen, fee_fen, amount_fen, visits,
                 principal_after_fen, bonus_after_fen, visits_after, valid_until_after_day, other_card_id, detail)
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                 c.principal_fen, c.bonus_fen, c.visits_left, c.valid_until_day, $16, $17
             FROM cards c WHERE c.id = $18
             RETURNING id";
    let values = |first: usize| -> String {
        (0..entries.len())
            .map(|n| {
                let at = first + 3 * n;
                format!("(${at}, ${}, ${})", at + 1, at + 2)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let together = matches!(tx, Tx::Postgres(_)) && !entries.is_empty();
    let sql = if together {
        format!(
            "WITH t AS ({insert}),
                  e AS (INSERT INTO ledger_entries (transaction_id, card_id, bucket, delta)
                        SELECT t.id, v.card_id, v.bucket, v.delta FROM t, (VALUES {}) AS v (card_id, bucket, delta))
             SELECT id FROM t",
            values(19)
        )
    } else {
        insert.to_owned()
    };
    let id: i64 = on_tx!(&mut *tx, t => {
        let mut query = sqlx::query_scalar(&sql)
            .bind(op.request_id)
            .bind(new.kind.code())
            .bind(new.card_id)
            .bind(op.caller.store_id)
            .bind(op.caller.staff_id)
            .bind(ctx.shift_id)
            .bind(ctx.now_ms)
            .bind(ctx.today.0 as i64)
            .bind(op.reason)
            .bind(new.reverses_id)
            .bind(&new.payment_method)
            .bind(new.money_in_fen)
            .bind(new.fee_fen)
            .bind(new.amount_fen)
            .bind(new.visits)
            .bind(new.other_card_id)
            .bind(new.detail)
            .bind(holder);
        if together {
            for (card_id, bucket, delta) in &entries {
                query = query.bind(*card_id).bind(bucket.code()).bind(*delta);
            }
        }
        query.fetch_one(&mut **t).await
    })?;
    if !together && !entries.is_empty() {
        // One statement for all of them.
        let rows: Vec<String> = (0..entries.len())
            .map(|n| format!("($1, ${}, ${}, ${})", 3 * n + 2, 3 * n + 3, 3 * n + 4))
            .collect();
        let sql = format!(
            "INSERT INTO ledger_entries (transaction_id, card_id, bucket, delta) VALUES {}",
            rows.join(", ")
        );
        tx_rows_affected!(&mut *tx, t => {
            let mut insert = sqlx::query(&sql).bind(id);
            for (card_id, bucket, delta) in &entries {
                insert = insert.bind(*card_id).bind(bucket.code()).bind(*delta);
            }
            insert.execute(&mut **t).await
        })?;
    }
    match new.points {
        Some(PointsStep::Earn {
            member_id,
            base_fen,
        }) => {
            let loyalty = crate::points::settings::loyalty_in(tx).await?;
            let mut mv = crate::points::Move::new(
                PointsKind::Recharge,
                member_id,
                format!("{}:points", op.request_id),
                ctx.now_ms,
            );
            mv.base_fen = base_fen;
            mv.rate_pct = loyalty.recharge_rate_pct;
            mv.card_tx_id = Some(id);
            crate::points::earn(tx, op, ctx.now_ms, ctx.today, &loyalty, mv).await?;
        }
        Some(PointsStep::Spend { member_id, points }) => {
            let mut mv = crate::points::Move::new(
                PointsKind::ToMoney,
                member_id,
                format!("{}:points", op.request_id),
                ctx.now_ms,
            );
            mv.points = -points;
            mv.guard = true;
            mv.card_tx_id = Some(id);
            crate::points::apply(tx, op, ctx.now_ms, ctx.today, &mv).await?;
        }
        Some(PointsStep::TakeBack { earning, share }) => {
            crate::points::take_back(
                tx,
                op,
                ctx.now_ms,
                ctx.today,
                PointsKind::RechargeReversal,
                &earning,
                share,
                (None, Some(id)),
            )
            .await?;
        }
        None => {}
    }
    if let Some(step) = new.offer {
        crate::promotions::gift::record(tx, id, step).await?;
    }
    Ok(id)
}
