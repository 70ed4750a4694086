//! Refunds and reversals (V6): a new transaction naming the original, giving
//! back in the original's split, never more in total than the original moved.
//! A sale's parts are refunded with the sale (`crate::sale_refunds`), which
//! uses the same give-back steps.

use super::{Bucket, LedgerError, NewTx, Op, PointsStep};
use crate::tx::Tx;
use crate::{Db, on_pool, on_tx, tx_rows_affected};
use domain::card::CardStatus;
use domain::ledger::{self, Refusal, Split};
use domain::money::Money;
use domain::slip::{Slip, TxKind};

#[derive(sqlx::FromRow)]
struct Original {
    kind: String,
    card_id: i64,
    day: i64,
    payment_method: String,
}

/// A refund gives back to an active or frozen card; a returned card has been
/// paid out and a replaced one's value is on its successor.
pub(crate) fn refundable(card: &super::CardRow) -> Result<(), Refusal> {
    match card.status() {
        CardStatus::Active | CardStatus::Frozen => Ok(()),
        CardStatus::Returned => Err(Refusal::CardReturned),
        CardStatus::Replaced => Err(Refusal::CardNumberRetired),
    }
}

/// The sale whose card payment or visit use `tx_id` is, if any.
async fn sale_of(db: &Db, tx_id: i64) -> Result<Option<i64>, LedgerError> {
    Ok(on_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT id FROM sales WHERE card_tx_id = $1
             UNION SELECT sale_id FROM sale_lines WHERE card_tx_id = $1",
        )
        .bind(tx_id)
        .fetch_optional(pool)
        .await
    })?)
}

/// Gives `n` visits back to a count card (at most `left`, what the original
/// took less what was given back before).
pub(crate) async fn give_back_visits(
    tx: &mut Tx,
    card_id: i64,
    n: i64,
    left: i64,
) -> Result<(), LedgerError> {
    if n <= 0 || n > left {
        return Err(Refusal::NothingLeftToReverse {
            left_fen: 0,
            left_visits: left,
        }
        .into());
    }
    tx_rows_affected!(tx, t => {
        sqlx::query("UPDATE cards SET visits_left = visits_left + $1 WHERE id = $2")
            .bind(n)
            .bind(card_id)
            .execute(&mut **t)
            .await
    })?;
    Ok(())
}

/// Puts a refund's `split` back on the card; a refund of a spend made on
/// `original_day` frees that much of the day's limit.
pub(crate) async fn give_back_money(
    tx: &mut Tx,
    card_id: i64,
    original_day: i64,
    amount_fen: i64,
    split: Split,
) -> Result<(), LedgerError> {
    tx_rows_affected!(tx, t => {
        sqlx::query(
            "UPDATE cards SET principal_fen = principal_fen + $1, bonus_fen = bonus_fen + $2,
                 spent_on_day_fen = CASE WHEN spent_day = $3 AND spent_on_day_fen > $4 THEN spent_on_day_fen - $4
                                         WHEN spent_day = $3 THEN 0 ELSE spent_on_day_fen END
             WHERE id = $5",
        )
        .bind(split.principal_fen)
        .bind(split.bonus_fen)
        .bind(original_day)
        .bind(amount_fen)
        .bind(card_id)
        .execute(&mut **t)
        .await
    })?;
    Ok(())
}

/// What the original moved and what earlier refunds of it gave back, as positive
/// amounts: (original, already) for money, and for visits.
pub(crate) async fn moved(
    tx: &mut Tx,
    original_id: i64,
) -> Result<(Split, Split, i64, i64), LedgerError> {
    let sums: Vec<(String, bool, i64)> = on_tx!(tx, t => {
        sqlx::query_as(
            "SELECT e.bucket, t.id = $1 AS is_original, CAST(SUM(e.delta) AS BIGINT)
             FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
             WHERE t.id = $1 OR t.reverses_id = $1
             GROUP BY e.bucket, t.id = $1",
        )
        .bind(original_id)
        .fetch_all(&mut **t)
        .await
    })?;
    let (mut original, mut already, mut visits, mut visits_back) =
        (Split::default(), Split::default(), 0, 0);
    for (bucket, is_original, sum) in sums {
        let sum = sum.abs();
        match (bucket.as_str(), is_original) {
            ("principal", true) => original.principal_fen = sum,
            ("principal", false) => already.principal_fen = sum,
            ("bonus", true) => original.bonus_fen = sum,
            ("bonus", false) => already.bonus_fen = sum,
            ("visits", true) => visits = sum,
            ("visits", false) => visits_back = sum,
            _ => {}
        }
    }
    Ok((original, already, visits, visits_back))
}

/// Refunds (part of) a spend or a visit use, or reverses (part of) a recharge (V6):
/// a new transaction naming the original, giving back in the original's split,
/// never more in total than the original moved. `amount` for money, `visits`
/// for a visit use.
pub async fn reverse(
    db: &Db,
    op: &Op<'_>,
    original_id: i64,
    amount: Option<Money>,
    visits: Option<i64>,
) -> Result<Slip, LedgerError> {
    let original: Option<Original> = on_pool!(db, pool => {
        sqlx::query_as("SELECT kind, card_id, day, payment_method FROM ledger_transactions WHERE id = $1")
            .bind(original_id)
            .fetch_optional(pool)
            .await
    })?;
    let original = original.ok_or(LedgerError::NotFound)?;
    // A sale's card payment and the visits a sale took are refunded with the
    // sale (its receipt), so that the sale's points and payments follow.
    if let Some(sale_id) = sale_of(db, original_id).await? {
        return Err(Refusal::RefundAtTheSale { sale_id }.into());
    }
    let kind = match TxKind::from_code(&original.kind) {
        Some(TxKind::Spend | TxKind::Sale | TxKind::VisitUse) => TxKind::Refund,
        Some(TxKind::Recharge) => TxKind::Reversal,
        _ => return Err(Refusal::NotReversible.into()),
    };
    let card_id = original.card_id;
    card_op!(db, op, card_id, kind, |tx, card, ctx| {
        refundable(&card)?;
        let (moved_money, given_back, moved_visits, visits_back) =
            moved(&mut tx, original_id).await?;
        let mut new = NewTx::new(kind, card_id);
        new.reverses_id = Some(original_id);
        if original.kind == TxKind::VisitUse.code() {
            let n = visits.unwrap_or(0);
            give_back_visits(&mut tx, card_id, n, moved_visits - visits_back).await?;
            new.visits = n;
            new.entries = vec![(card_id, Bucket::Visits, n)];
        } else {
            let amount_fen = amount.map(Money::fen).unwrap_or(0);
            let split = ledger::split_refund(moved_money, given_back, amount_fen)?;
            new.amount_fen = amount_fen;
            if kind == TxKind::Refund {
                give_back_money(&mut tx, card_id, original.day, amount_fen, split).await?;
                new.entries = vec![
                    (card_id, Bucket::Principal, split.principal_fen),
                    (card_id, Bucket::Bonus, split.bonus_fen),
                ];
            } else {
                let changed = tx_rows_affected!(&mut tx, t => {
                    sqlx::query(
                        "UPDATE cards SET principal_fen = principal_fen - $1, bonus_fen = bonus_fen - $2
                         WHERE id = $3 AND principal_fen >= $1 AND bonus_fen >= $2",
                    )
                    .bind(split.principal_fen)
                    .bind(split.bonus_fen)
                    .bind(card_id)
                    .execute(&mut **t)
                    .await
                })?;
                if changed != 1 {
                    return Err(Refusal::AlreadySpent {
                        balance_fen: card.principal_fen + card.bonus_fen,
                    }
                    .into());
                }
                if let Some(earning) =
                    crate::points::earned_by_recharge(&mut tx, original_id).await?
                {
                    new.points = Some(PointsStep::TakeBack {
                        earning,
                        share: (
                            moved_money.principal_fen,
                            given_back.principal_fen,
                            split.principal_fen,
                        ),
                    });
                }
                new.offer = Some(crate::promotions::gift::OfferStep::Reversed {
                    recharge_tx_id: original_id,
                    kept_fen: moved_money.principal_fen
                        - given_back.principal_fen
                        - split.principal_fen,
                });
                // The member gets back what they paid, not the bonus they were given.
                new.money_in_fen = -split.principal_fen;
                new.payment_method = original.payment_method.clone();
                new.entries = vec![
                    (card_id, Bucket::Principal, -split.principal_fen),
                    (card_id, Bucket::Bonus, -split.bonus_fen),
                ];
            }
        }
        Ok(new)
    })
}
