//! A card's life (C4-C7): loss report and unfreeze, replacement, exchange,
//! repair, return, renewal, pause and resume.

use super::issue::{card_insert_error, plan_row_in};
use super::{Bucket, CARD_COLUMNS, CardRow, LedgerError, NewTx, Op};
use crate::{Db, on_tx, tx_rows_affected};
use domain::card::{CardKind, CardStatus, TimeSpan};
use domain::day::Day;
use domain::ledger::{self, Refusal, ReturnBasis};
use domain::money::Money;
use domain::settings::Settings;
use domain::slip::{PaymentMethod, Slip, TxKind};

/// A status change with no value moving: freeze (loss report) or unfreeze.
pub async fn set_frozen(
    db: &Db,
    op: &Op<'_>,
    card_id: i64,
    frozen: bool,
) -> Result<Slip, LedgerError> {
    let kind = if frozen {
        TxKind::Freeze
    } else {
        TxKind::Unfreeze
    };
    card_op!(db, op, card_id, kind, |tx, card, ctx| {
        let (from, to) = match (card.status(), frozen) {
            (CardStatus::Active, true) => ("active", "frozen"),
            (CardStatus::Frozen, false) => ("frozen", "active"),
            (CardStatus::Frozen, true) => return Err(Refusal::AlreadyFrozen.into()),
            (CardStatus::Active, false) => return Err(Refusal::NotFrozen.into()),
            (CardStatus::Returned, _) => return Err(Refusal::CardReturned.into()),
            (CardStatus::Replaced, _) => return Err(Refusal::CardNumberRetired.into()),
        };
        let changed = tx_rows_affected!(&mut tx, t => {
            sqlx::query("UPDATE cards SET status = $1 WHERE id = $2 AND status = $3")
                .bind(to)
                .bind(card_id)
                .bind(from)
                .execute(&mut **t)
                .await
        })?;
        if changed != 1 {
            return Err(Refusal::AlreadyFrozen.into());
        }
        Ok(NewTx::new(kind, card_id))
    })
}

/// Can value still be moved off this card? Active or frozen (a lost card is
/// replaced or returned while frozen).
fn holds_value(status: CardStatus) -> Result<(), Refusal> {
    match status {
        CardStatus::Active | CardStatus::Frozen => Ok(()),
        CardStatus::Returned => Err(Refusal::CardReturned),
        CardStatus::Replaced => Err(Refusal::CardNumberRetired),
    }
}

/// A replacement card (C4): a new number takes over principal, bonus, visits,
/// validity and points in one transaction; the old number is blocked forever.
pub async fn replace(
    db: &Db,
    op: &Op<'_>,
    card_id: i64,
    new_no: &str,
    new_uid: Option<&str>,
    payment: PaymentMethod,
    fee: Option<Money>,
) -> Result<Slip, LedgerError> {
    card_op!(db, op, card_id, TxKind::Replace, |tx, old, ctx| {
        holds_value(old.status())?;
        let new_id: Option<i64> = on_tx!(&mut tx, t => {
            sqlx::query_scalar(
                "INSERT INTO cards (card_no, uid, member_id, plan_id, kind, status, principal_fen, bonus_fen,
                     visits_left, points, valid_until_day, paused_since_day, daily_limit_fen, spent_day,
                     spent_on_day_fen, pin_hash, deposit_fen, price_paid_fen, visits_bought, days_bought,
                     issued_store_id, issued_at_ms, checked_in_day, check_ins_on_day)
                 SELECT $1, $2, member_id, plan_id, kind, 'active', principal_fen, bonus_fen, visits_left,
                     points, valid_until_day, paused_since_day, daily_limit_fen, spent_day, spent_on_day_fen,
                     pin_hash, deposit_fen, price_paid_fen, visits_bought, days_bought, $3, $4,
                     checked_in_day, check_ins_on_day
                 FROM cards WHERE id = $5
                   AND NOT EXISTS (SELECT 1 FROM retired_card_numbers WHERE card_no = $1)
                 RETURNING id",
            )
            .bind(new_no)
            .bind(new_uid)
            .bind(op.caller.store_id)
            .bind(ctx.now_ms)
            .bind(card_id)
            .fetch_optional(&mut **t)
            .await
        })
        .map_err(card_insert_error)?;
        let new_id = new_id.ok_or(Refusal::CardNumberTaken)?;
        let changed = tx_rows_affected!(&mut tx, t => {
            sqlx::query(
                "UPDATE cards SET status = 'replaced', replaced_by_id = $1, principal_fen = 0, bonus_fen = 0,
                     visits_left = 0, points = 0
                 WHERE id = $2 AND status IN ('active', 'frozen')",
            )
            .bind(new_id)
            .bind(card_id)
            .execute(&mut **t)
            .await
        })?;
        if changed != 1 {
            return Err(Refusal::CardNumberRetired.into());
        }
        let fee = fee.map(Money::fen).unwrap_or(ctx.settings.replace_fee_fen);
        let mut new = NewTx::new(TxKind::Replace, card_id);
        new.other_card_id = Some(new_id);
        new.fee_fen = fee;
        new.money_in_fen = fee;
        new.payment_method = payment.code();
        let valid_until = old.valid_until_day.unwrap_or(0);
        new.entries = vec![
            (card_id, Bucket::Principal, -old.principal_fen),
            (card_id, Bucket::Bonus, -old.bonus_fen),
            (card_id, Bucket::Visits, -old.visits_left),
            (card_id, Bucket::Points, -old.points),
            (new_id, Bucket::Principal, old.principal_fen),
            (new_id, Bucket::Bonus, old.bonus_fen),
            (new_id, Bucket::Visits, old.visits_left),
            (new_id, Bucket::Points, old.points),
            (new_id, Bucket::ValidUntil, valid_until),
        ];
        Ok(new)
    })
}

/// Exchange (C4): the same account gets a new number; the old number is blocked.
pub async fn exchange(
    db: &Db,
    op: &Op<'_>,
    card_id: i64,
    new_no: &str,
    payment: PaymentMethod,
    fee: Option<Money>,
) -> Result<Slip, LedgerError> {
    card_op!(db, op, card_id, TxKind::Exchange, |tx, card, ctx| {
        if card.status() != CardStatus::Active {
            holds_value(card.status())?;
            return Err(Refusal::CardFrozen.into());
        }
        tx_rows_affected!(&mut tx, t => {
            sqlx::query("INSERT INTO retired_card_numbers (card_no, card_id, retired_at_ms) VALUES ($1, $2, $3)")
                .bind(&card.card_no)
                .bind(card_id)
                .bind(ctx.now_ms)
                .execute(&mut **t)
                .await
        })?;
        let taken: Option<i64> = on_tx!(&mut tx, t => {
            sqlx::query_scalar("SELECT card_id FROM retired_card_numbers WHERE card_no = $1")
                .bind(new_no)
                .fetch_optional(&mut **t)
                .await
        })?;
        if taken.is_some() {
            return Err(Refusal::CardNumberTaken.into());
        }
        tx_rows_affected!(&mut tx, t => {
            sqlx::query("UPDATE cards SET card_no = $1 WHERE id = $2")
                .bind(new_no)
                .bind(card_id)
                .execute(&mut **t)
                .await
        })
        .map_err(card_insert_error)?;
        let fee = fee.map(Money::fen).unwrap_or(ctx.settings.exchange_fee_fen);
        let mut new = NewTx::new(TxKind::Exchange, card_id);
        new.fee_fen = fee;
        new.money_in_fen = fee;
        new.payment_method = payment.code();
        new.detail = &card.card_no;
        Ok(new)
    })
}

/// Repair (C4): the chip was rewritten; the card answers to a new reader UID.
pub async fn repair(
    db: &Db,
    op: &Op<'_>,
    card_id: i64,
    new_uid: Option<&str>,
) -> Result<Slip, LedgerError> {
    card_op!(db, op, card_id, TxKind::Repair, |tx, card, ctx| {
        holds_value(card.status())?;
        tx_rows_affected!(&mut tx, t => {
            sqlx::query("UPDATE cards SET uid = $1 WHERE id = $2")
                .bind(new_uid)
                .bind(card_id)
                .execute(&mut **t)
                .await
        })
        .map_err(card_insert_error)?;
        let mut new = NewTx::new(TxKind::Repair, card_id);
        new.detail = new_uid.unwrap_or("");
        Ok(new)
    })
}

/// Return (C5): the member gets the principal (and bonus if the shop says so),
/// the deposit, less the return fee; the account closes and nothing moves after.
fn return_basis(card: &CardRow, s: &Settings, today: Day) -> ReturnBasis {
    ReturnBasis {
        kind: card.kind(),
        principal_fen: card.principal_fen,
        bonus_fen: card.bonus_fen,
        refund_bonus: s.refund_bonus_on_return,
        deposit_fen: card.deposit_fen,
        price_paid_fen: card.price_paid_fen,
        visits_left: card.visits_left,
        visits_bought: card.visits_bought,
        days_left: card
            .valid_until_day
            .map(|d| d - today.0 as i64 + 1)
            .unwrap_or(0),
        days_bought: card.days_bought,
    }
}

/// What returning the card would refund today before the fee, and the shop's
/// return fee: the confirmation tells the cashier the amount before they say yes.
pub async fn return_quote(db: &Db, card_id: i64) -> Result<(i64, i64), LedgerError> {
    let mut tx = db.begin().await?;
    let sql = format!("SELECT {CARD_COLUMNS} FROM cards WHERE id = $1");
    let card: Option<CardRow> =
        on_tx!(&mut tx, t => sqlx::query_as(&sql).bind(card_id).fetch_optional(&mut **t).await)?;
    let card = card.ok_or(LedgerError::NotFound)?;
    let (time_zone,): (String,) = on_tx!(&mut tx, t => {
        sqlx::query_as("SELECT time_zone FROM company WHERE id = 1").fetch_one(&mut **t).await
    })?;
    drop(tx); // read only: rolled back
    let settings = crate::settings::read(db).await?;
    let today = crate::clock::business_day(crate::now_ms(), &time_zone);
    let before_fee = ledger::return_refund(&return_basis(&card, &settings, today), 0);
    Ok((before_fee, settings.return_fee_fen))
}

pub async fn return_card(
    db: &Db,
    op: &Op<'_>,
    card_id: i64,
    payment: PaymentMethod,
    fee: Option<Money>,
) -> Result<Slip, LedgerError> {
    card_op!(db, op, card_id, TxKind::Return, |tx, card, ctx| {
        holds_value(card.status())?;
        let s = &ctx.settings;
        let fee = fee.map(Money::fen).unwrap_or(s.return_fee_fen);
        let refund = ledger::return_refund(&return_basis(&card, s, ctx.today), fee);
        let changed = tx_rows_affected!(&mut tx, t => {
            sqlx::query(
                "UPDATE cards SET status = 'returned', principal_fen = 0, bonus_fen = 0, visits_left = 0, points = 0
                 WHERE id = $1 AND status IN ('active', 'frozen')",
            )
            .bind(card_id)
            .execute(&mut **t)
            .await
        })?;
        if changed != 1 {
            return Err(Refusal::CardReturned.into());
        }
        let mut new = NewTx::new(TxKind::Return, card_id);
        new.amount_fen = refund;
        new.money_in_fen = -refund;
        new.fee_fen = fee;
        new.payment_method = payment.code();
        new.entries = vec![
            (card_id, Bucket::Principal, -card.principal_fen),
            (card_id, Bucket::Bonus, -card.bonus_fen),
            (card_id, Bucket::Visits, -card.visits_left),
            (card_id, Bucket::Points, -card.points),
        ];
        Ok(new)
    })
}

/// Renewal (C6): the validity runs one more plan span from the day after it ends
/// (or from today when it has ended). A time card's renewal costs its price.
pub async fn renew(
    db: &Db,
    op: &Op<'_>,
    card_id: i64,
    payment: PaymentMethod,
    fee: Option<Money>,
) -> Result<Slip, LedgerError> {
    card_op!(db, op, card_id, TxKind::Renew, |tx, card, ctx| {
        if card.status() != CardStatus::Active {
            holds_value(card.status())?;
            return Err(Refusal::CardFrozen.into());
        }
        let plan = plan_row_in(&mut tx, card.plan_id).await?;
        let (Some(until), Some(span)) = (
            card.valid_until_day,
            plan.validity.as_deref().and_then(TimeSpan::from_code),
        ) else {
            return Err(Refusal::NoValidity.into());
        };
        let from = ctx.today.max(domain::day::Day(until as i32).plus_days(1));
        let last = span.last_day(from).0 as i64;
        tx_rows_affected!(&mut tx, t => {
            sqlx::query("UPDATE cards SET valid_until_day = $1, days_bought = days_bought + $2 WHERE id = $3")
                .bind(last)
                .bind(last - until)
                .bind(card_id)
                .execute(&mut **t)
                .await
        })?;
        let fee = fee.map(Money::fen).unwrap_or(ctx.settings.renew_fee_fen);
        let price = if card.kind() == CardKind::Time {
            plan.price_fen
        } else {
            0
        };
        let mut new = NewTx::new(TxKind::Renew, card_id);
        new.amount_fen = price;
        new.fee_fen = fee;
        new.money_in_fen = price + fee;
        new.payment_method = payment.code();
        new.entries = vec![(card_id, Bucket::ValidUntil, last - until)];
        Ok(new)
    })
}

/// Pause (C6) a time card from today, or resume it: its end day moves by the
/// days it was paused.
pub async fn set_paused(
    db: &Db,
    op: &Op<'_>,
    card_id: i64,
    paused: bool,
) -> Result<Slip, LedgerError> {
    let kind = if paused {
        TxKind::Pause
    } else {
        TxKind::Resume
    };
    card_op!(db, op, card_id, kind, |tx, card, ctx| {
        if card.kind() != CardKind::Time {
            return Err(Refusal::NotForThisCard.into());
        }
        if card.status() != CardStatus::Active {
            holds_value(card.status())?;
            return Err(Refusal::CardFrozen.into());
        }
        let mut new = NewTx::new(kind, card_id);
        match (paused, card.paused_since_day, card.valid_until_day) {
            (true, Some(_), _) => return Err(Refusal::AlreadyPaused.into()),
            (false, None, _) => return Err(Refusal::NotPaused.into()),
            (_, _, None) => return Err(Refusal::NoValidity.into()),
            (true, None, Some(until)) => {
                if (ctx.today.0 as i64) > until {
                    return Err(Refusal::CardExpired {
                        last_day: domain::day::Day(until as i32),
                    }
                    .into());
                }
                tx_rows_affected!(&mut tx, t => {
                    sqlx::query("UPDATE cards SET paused_since_day = $1 WHERE id = $2 AND paused_since_day IS NULL")
                        .bind(ctx.today.0 as i64)
                        .bind(card_id)
                        .execute(&mut **t)
                        .await
                })?;
            }
            (false, Some(since), Some(_)) => {
                let days = (ctx.today.0 as i64 - since).max(0);
                tx_rows_affected!(&mut tx, t => {
                    sqlx::query("UPDATE cards SET paused_since_day = NULL, valid_until_day = valid_until_day + $1 WHERE id = $2")
                        .bind(days)
                        .bind(card_id)
                        .execute(&mut **t)
                        .await
                })?;
                new.entries = vec![(card_id, Bucket::ValidUntil, days)];
            }
        }
        Ok(new)
    })
}

/// A card's own daily spending limit (C7); `None` lifts it.
pub async fn set_daily_limit(
    db: &Db,
    card_id: i64,
    limit: Option<Money>,
) -> Result<(), LedgerError> {
    let changed = crate::audited_rows!(db, pool => {
        sqlx::query("UPDATE cards SET daily_limit_fen = $1 WHERE id = $2")
            .bind(limit.map(Money::fen))
            .bind(card_id)
            .execute(pool)
            .await
    })?;
    if changed == 1 {
        Ok(())
    } else {
        Err(LedgerError::NotFound)
    }
}
