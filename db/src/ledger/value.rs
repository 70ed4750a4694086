//! Value operations (V1, V4-V6): recharge, spend, visit use, check-in, and the
//! refund or reversal that undoes (part of) one of them.

use super::pin::{PinCheck, check_pin};
use super::{Bucket, LedgerError, NewTx, Op, PointsStep};
use crate::promotions::gift::OfferStep;
use crate::tx::Tx;
use crate::{Db, on_tx, tx_rows_affected};
use domain::card::{CardKind, Pin};
use domain::ledger::{self, Refusal, Split, VISITS_MAX};
use domain::money::Money;
use domain::promotion;
use domain::slip::{PaymentMethod, Slip, TxKind};
use domain::{Field, FieldError, Problem};

/// Money paid onto a stored-value card, with the plan's recharge bonus or, when
/// given, a fixed bonus.
pub async fn recharge(
    db: &Db,
    op: &Op<'_>,
    card_id: i64,
    amount: Money,
    payment: PaymentMethod,
    fixed_bonus: Option<Money>,
) -> Result<Slip, LedgerError> {
    card_op!(db, op, card_id, TxKind::Recharge, |tx, card, ctx| {
        let s = &ctx.settings;
        if amount.fen() < s.min_recharge_fen {
            return Err(Refusal::RechargeBelowMinimum {
                min_fen: s.min_recharge_fen,
            }
            .into());
        }
        if amount.fen() > s.max_recharge_fen {
            return Err(Refusal::RechargeAboveMaximum {
                max_fen: s.max_recharge_fen,
            }
            .into());
        }
        let state = card.state(card.accepted_store_ids());
        ledger::check_usable(&state, op.caller.store_id, ctx.today)?;
        if state.kind != CardKind::StoredValue {
            return Err(Refusal::NotForThisCard.into());
        }
        // A bonus typed by a manager stands alone; otherwise the plan's bonus
        // meets the promotions running (domain::promotion).
        let (bonus, offer) = match fixed_bonus {
            Some(b) => (b.fen(), None),
            None => {
                let rule: (i64, i64) = on_tx!(&mut tx, t => {
                    sqlx::query_as("SELECT recharge_every_fen, recharge_bonus_fen FROM plans WHERE id = $1")
                        .bind(card.plan_id)
                        .fetch_one(&mut **t)
                        .await
                })?;
                let plan_bonus = ledger::recharge_bonus(amount.fen(), rule.0, rule.1);
                let offers =
                    crate::promotions::running_in(&mut tx, op.caller.store_id, ctx.today, None)
                        .await?;
                let tier = promotion::best_recharge_bonus(&offers.running, amount.fen());
                let (bonus, bonus_promotion_id) = match tier {
                    Some((p, promo_bonus)) => {
                        let (b, counts) =
                            promotion::combine_bonus(plan_bonus, promo_bonus, offers.with_level);
                        (b, counts.then_some(p.id))
                    }
                    None => (plan_bonus, None),
                };
                let gift = promotion::recharge_gift(&offers.running, amount.fen())
                    .map(|(p, gift_id, min)| (p.id, gift_id, min));
                let step = OfferStep::Gave {
                    bonus_promotion_id,
                    gift,
                    store_id: op.caller.store_id,
                };
                (bonus, Some(step))
            }
        };
        tx_rows_affected!(&mut tx, t => {
            sqlx::query("UPDATE cards SET principal_fen = principal_fen + $1, bonus_fen = bonus_fen + $2 WHERE id = $3 AND status = 'active'")
                .bind(amount.fen())
                .bind(bonus)
                .bind(card_id)
                .execute(&mut **t)
                .await
        })?;
        let mut new = NewTx::new(TxKind::Recharge, card_id);
        new.amount_fen = amount.fen();
        new.money_in_fen = amount.fen();
        new.points = card.member_id.map(|member_id| PointsStep::Earn {
            member_id,
            base_fen: amount.fen(),
        });
        new.payment_method = payment.code();
        new.offer = offer;
        new.entries = vec![
            (card_id, Bucket::Principal, amount.fen()),
            (card_id, Bucket::Bonus, bonus),
        ];
        Ok(new)
    })
}

/// A quick deduction (V4): `amount` off a stored-value card, principal first.
/// The PIN is asked per the shop's setting when the card has one.
pub async fn spend(
    db: &Db,
    op: &Op<'_>,
    card_id: i64,
    amount: Money,
    pin: Option<&Pin>,
) -> Result<Slip, LedgerError> {
    if amount.fen() <= 0 {
        return Err(LedgerError::Invalid(FieldError::new(
            Field::Amount,
            Problem::Zero,
        )));
    }
    card_op!(db, op, card_id, TxKind::Spend, |tx, card, ctx| {
        let split = match charge(&mut tx, op, &ctx, &card, amount.fen(), pin).await? {
            Charged::Done(split) => split,
            Charged::WrongPin(refusal) => {
                // The failure is counted even though the spend is refused.
                tx.commit().await?;
                return Err(refusal.into());
            }
        };
        let mut new = NewTx::new(TxKind::Spend, card_id);
        new.amount_fen = amount.fen();
        new.entries = vec![
            (card_id, Bucket::Principal, -split.principal_fen),
            (card_id, Bucket::Bonus, -split.bonus_fen),
        ];
        Ok(new)
    })
}

/// What [`charge`] did.
pub(crate) enum Charged {
    Done(Split),
    /// The PIN was wrong or missing; the failure is written in the transaction,
    /// which the caller commits before refusing.
    WrongPin(Refusal),
}

/// Takes `amount_fen` off the locked stored-value `card` (principal first): the
/// card must be usable here today, within its daily limit and balance, and the
/// PIN right when the shop's setting asks for it. The guard is in the `UPDATE`.
pub(crate) async fn charge(
    tx: &mut Tx,
    op: &Op<'_>,
    ctx: &super::Context,
    card: &super::CardRow,
    amount_fen: i64,
    pin: Option<&Pin>,
) -> Result<Charged, LedgerError> {
    let state = card.state(card.accepted_store_ids());
    let split = ledger::check_spend(&state, op.caller.store_id, ctx.today, amount_fen)?;
    let pin_asked = ledger::pin_needed(
        card.pin_hash.is_some(),
        amount_fen,
        ctx.settings.pin_required_above_fen,
    );
    if pin_asked && let PinCheck::Wrong(refusal) = check_pin(tx, op, ctx, card, pin).await? {
        return Ok(Charged::WrongPin(refusal));
    }
    let changed = tx_rows_affected!(&mut *tx, t => {
        sqlx::query(
            "UPDATE cards SET principal_fen = principal_fen - $1, bonus_fen = bonus_fen - $2,
                 spent_on_day_fen = (CASE WHEN spent_day = $3 THEN spent_on_day_fen ELSE 0 END) + $4,
                 spent_day = $3,
                 pin_failures = CASE WHEN $5 THEN 0 ELSE pin_failures END
             WHERE id = $6 AND status = 'active' AND principal_fen >= $1 AND bonus_fen >= $2
               AND (daily_limit_fen IS NULL
                    OR (CASE WHEN spent_day = $3 THEN spent_on_day_fen ELSE 0 END) + $4 <= daily_limit_fen)",
        )
        .bind(split.principal_fen)
        .bind(split.bonus_fen)
        .bind(ctx.today.0 as i64)
        .bind(amount_fen)
        .bind(pin_asked)
        .bind(card.id)
        .execute(&mut **t)
        .await
    })?;
    if changed != 1 {
        // The rules and the guard disagree only if the row changed under us,
        // which the lock prevents; refuse rather than guess.
        return Err(Refusal::InsufficientBalance {
            balance_fen: state.balance_fen(),
        }
        .into());
    }
    Ok(Charged::Done(split))
}

/// Count-card use (V5): `visits` visits at once.
pub async fn use_visits(
    db: &Db,
    op: &Op<'_>,
    card_id: i64,
    visits: i64,
) -> Result<Slip, LedgerError> {
    if !(1..=VISITS_MAX).contains(&visits) {
        let range = Problem::OutOfRange {
            min: 1,
            max: VISITS_MAX as u32,
        };
        return Err(LedgerError::Invalid(FieldError::new(Field::Visits, range)));
    }
    card_op!(db, op, card_id, TxKind::VisitUse, |tx, card, ctx| {
        take_visits(&mut tx, op, &ctx, &card, visits).await?;
        let mut new = NewTx::new(TxKind::VisitUse, card_id);
        new.visits = visits;
        new.entries = vec![(card_id, Bucket::Visits, -visits)];
        Ok(new)
    })
}

/// Takes `visits` off the locked count `card`, with the guard in the `UPDATE`.
pub(crate) async fn take_visits(
    tx: &mut Tx,
    op: &Op<'_>,
    ctx: &super::Context,
    card: &super::CardRow,
    visits: i64,
) -> Result<(), LedgerError> {
    let state = card.state(card.accepted_store_ids());
    ledger::check_visit_use(&state, op.caller.store_id, ctx.today, visits)?;
    let changed = tx_rows_affected!(&mut *tx, t => {
        sqlx::query("UPDATE cards SET visits_left = visits_left - $1 WHERE id = $2 AND status = 'active' AND visits_left >= $1")
            .bind(visits)
            .bind(card.id)
            .execute(&mut **t)
            .await
    })?;
    if changed != 1 {
        return Err(Refusal::VisitsExhausted {
            left: state.visits_left,
        }
        .into());
    }
    Ok(())
}

/// Time-card check-in (V5): allowed and recorded, or refused with the reason.
pub async fn check_in(db: &Db, op: &Op<'_>, card_id: i64) -> Result<Slip, LedgerError> {
    card_op!(db, op, card_id, TxKind::CheckIn, |tx, card, ctx| {
        checks_in(&mut tx, op, &ctx, &card).await?;
        Ok(NewTx::new(TxKind::CheckIn, card_id))
    })
}

/// Checks the locked time `card` in: usable here today, not paused, and within
/// the shop's check-ins per day, counted by the guard in the `UPDATE`.
pub(crate) async fn checks_in(
    tx: &mut Tx,
    op: &Op<'_>,
    ctx: &super::Context,
    card: &super::CardRow,
) -> Result<(), LedgerError> {
    let per_day = ctx.settings.check_ins_per_day;
    let state = card.state(card.accepted_store_ids());
    ledger::check_in(&state, op.caller.store_id, ctx.today, per_day)?;
    let changed = tx_rows_affected!(&mut *tx, t => {
        sqlx::query(
            "UPDATE cards SET check_ins_on_day = (CASE WHEN checked_in_day = $1 THEN check_ins_on_day ELSE 0 END) + 1,
                 checked_in_day = $1
             WHERE id = $2 AND status = 'active' AND paused_since_day IS NULL
               AND ($3 = 0 OR (CASE WHEN checked_in_day = $1 THEN check_ins_on_day ELSE 0 END) < $3)",
        )
        .bind(ctx.today.0 as i64)
        .bind(card.id)
        .bind(i64::from(per_day))
        .execute(&mut **t)
        .await
    })?;
    if changed != 1 {
        return Err(Refusal::AlreadyCheckedIn { per_day }.into());
    }
    Ok(())
}

/// Turns `points` of the card's member into money on this stored-value card
/// (P3), at the shop's rate, rounded down to the fen; it lands as bonus. The
/// points' guard (never below zero) is in the same transaction.
pub async fn points_to_money(
    db: &Db,
    op: &Op<'_>,
    card_id: i64,
    points: i64,
) -> Result<Slip, LedgerError> {
    card_op!(db, op, card_id, TxKind::PointsToMoney, |tx, card, ctx| {
        let member_id = card.member_id.ok_or(Refusal::NotForThisCard)?;
        let state = card.state(card.accepted_store_ids());
        ledger::check_usable(&state, op.caller.store_id, ctx.today)?;
        if state.kind != CardKind::StoredValue {
            return Err(Refusal::NotForThisCard.into());
        }
        let rate = crate::points::settings::loyalty_in(&mut tx)
            .await?
            .points_per_yuan;
        let fen = domain::gift::check_to_money(points, rate).map_err(LedgerError::Invalid)?;
        tx_rows_affected!(&mut tx, t => {
            sqlx::query("UPDATE cards SET bonus_fen = bonus_fen + $1 WHERE id = $2 AND status = 'active'")
                .bind(fen)
                .bind(card_id)
                .execute(&mut **t)
                .await
        })?;
        let mut new = NewTx::new(TxKind::PointsToMoney, card_id);
        new.amount_fen = fen;
        new.entries = vec![(card_id, Bucket::Bonus, fen)];
        new.points = Some(PointsStep::Spend { member_id, points });
        Ok(new)
    })
}
