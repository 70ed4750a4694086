//! What promotions gave a recharge: the promotion its bonus came from, and a
//! gift from the store's stock, which a reversal taking the recharge below the
//! gift's minimum puts back.

use crate::tx::Tx;
use crate::{DbError, on_tx, tx_rows_affected};

/// What a recharge's promotions gave, written with the recharge.
pub(crate) enum OfferStep {
    Gave {
        bonus_promotion_id: Option<i64>,
        /// (promotion, gift, the least the recharge had to be)
        gift: Option<(i64, i64, i64)>,
        store_id: i64,
    },
    /// A reversal of `recharge_tx_id` keeping `kept_fen` of what was paid in.
    Reversed { recharge_tx_id: i64, kept_fen: i64 },
}

/// Writes `step` for the card transaction `tx_id` (after its points: the lock
/// order is cards, the member, then gift stock).
pub(crate) async fn record(tx: &mut Tx, tx_id: i64, step: OfferStep) -> Result<(), DbError> {
    match step {
        OfferStep::Gave {
            bonus_promotion_id,
            gift,
            store_id,
        } => {
            // One unit from the store's stock, if it has one (the guard is in
            // the UPDATE); without stock the recharge goes through with no gift.
            let given = match gift {
                Some((_, gift_id, _)) => {
                    tx_rows_affected!(&mut *tx, t => {
                        sqlx::query(
                            "UPDATE gift_stock SET quantity = quantity - 1
                             WHERE gift_id = $1 AND store_id = $2 AND quantity >= 1
                               AND EXISTS (SELECT 1 FROM gifts g WHERE g.id = $1 AND g.active = 1)",
                        )
                        .bind(gift_id)
                        .bind(store_id)
                        .execute(&mut **t)
                        .await
                    })? == 1
                }
                None => false,
            };
            let gift = gift.filter(|_| given);
            if bonus_promotion_id.is_none() && gift.is_none() {
                return Ok(());
            }
            tx_rows_affected!(&mut *tx, t => {
                sqlx::query(
                    "INSERT INTO recharge_offers (card_tx_id, bonus_promotion_id, gift_promotion_id, gift_id, store_id, gift_min_fen)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(tx_id)
                .bind(bonus_promotion_id)
                .bind(gift.map(|g| g.0))
                .bind(gift.map(|g| g.1))
                .bind(store_id)
                .bind(gift.map(|g| g.2))
                .execute(&mut **t)
                .await
            })?;
        }
        OfferStep::Reversed {
            recharge_tx_id,
            kept_fen,
        } => {
            let gift: Option<(i64, i64)> = on_tx!(&mut *tx, t => {
                sqlx::query_as(
                    "UPDATE recharge_offers SET gift_back_tx_id = $1
                     WHERE card_tx_id = $2 AND gift_id IS NOT NULL AND gift_back_tx_id IS NULL AND gift_min_fen > $3
                     RETURNING gift_id, store_id",
                )
                .bind(tx_id)
                .bind(recharge_tx_id)
                .bind(kept_fen)
                .fetch_optional(&mut **t)
                .await
            })?;
            if let Some((gift_id, store_id)) = gift {
                tx_rows_affected!(&mut *tx, t => {
                    sqlx::query("UPDATE gift_stock SET quantity = quantity + 1 WHERE gift_id = $1 AND store_id = $2")
                        .bind(gift_id)
                        .bind(store_id)
                        .execute(&mut **t)
                        .await
                })?;
            }
        }
    }
    Ok(())
}
