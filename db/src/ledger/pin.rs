//! Card PINs (C3): checked inside the operation's transaction, counted when
//! wrong, locked after the shop's number of failures, reset by an admin.

use super::{CardRow, Context, LedgerError, Op, lock_card};
use crate::security_log::{self, Event, Kind};
use crate::tx::Tx;
use crate::{Db, on_tx, secrets, tx_rows_affected};
use domain::card::Pin;
use domain::ledger::{Refusal, pin_failure};

/// The outcome of a PIN check on a locked card.
pub(crate) enum PinCheck {
    Right,
    /// Wrong: the failure is written in this transaction; commit it, then refuse.
    Wrong(Refusal),
}

fn log<'a>(op: &'a Op<'_>, kind: Kind, card: &'a CardRow) -> Event<'a> {
    Event {
        kind,
        staff_id: Some(op.caller.staff_id),
        username: &op.caller.username,
        store_id: Some(op.caller.store_id),
        ip: "",
        detail: &card.card_no,
    }
}

pub(crate) async fn check_pin(
    tx: &mut Tx,
    op: &Op<'_>,
    ctx: &Context,
    card: &CardRow,
    pin: Option<&Pin>,
) -> Result<PinCheck, LedgerError> {
    let Some(hash) = card.pin_hash.clone() else {
        return Err(Refusal::NoPinSet.into());
    };
    if let Some(until) = card.pin_locked_until_ms
        && until > ctx.now_ms
    {
        on_tx!(tx, t => security_log::write(&mut **t, &log(op, Kind::PinWhileLocked, card)).await)?;
        let minutes = (until - ctx.now_ms + 59_999) / 60_000;
        return Ok(PinCheck::Wrong(Refusal::PinLocked { minutes }));
    }
    let Some(pin) = pin else {
        return Err(Refusal::PinRequired.into());
    };
    if secrets::verify_pin(pin.digits().to_owned(), hash).await {
        return Ok(PinCheck::Right);
    }
    let s = &ctx.settings;
    let before = if card.pin_locked_until_ms.is_some() {
        0
    } else {
        card.pin_failures.max(0) as u32
    };
    let (failures, locked_until) =
        pin_failure(before, s.pin_max_failures, s.pin_lock_minutes, ctx.now_ms);
    write_pin_failures(tx, card.id, failures, locked_until).await?;
    let kind = if locked_until.is_some() {
        Kind::PinLocked
    } else {
        Kind::WrongPin
    };
    on_tx!(tx, t => security_log::write(&mut **t, &log(op, kind, card)).await)?;
    Ok(PinCheck::Wrong(match locked_until {
        Some(_) => Refusal::PinLocked {
            minutes: s.pin_lock_minutes as i64,
        },
        None => Refusal::WrongPin {
            tries_left: s.pin_max_failures - failures,
        },
    }))
}

/// Writes a card's wrong-PIN count and lock (the till's and the member pages'
/// tries are one count).
pub(crate) async fn write_pin_failures(
    tx: &mut Tx,
    card_id: i64,
    failures: u32,
    locked_until: Option<i64>,
) -> Result<(), sqlx::Error> {
    tx_rows_affected!(tx, t => {
        sqlx::query("UPDATE cards SET pin_failures = $1, pin_locked_until_ms = $2 WHERE id = $3")
            .bind(failures as i64)
            .bind(locked_until)
            .bind(card_id)
            .execute(&mut **t)
            .await
    })?;
    Ok(())
}

/// Sets a card's PIN. The member changes it by typing the current one (counted
/// like any PIN try); with `reset`, an admin sets it without, lifting a lockout.
pub async fn set_pin(
    db: &Db,
    op: &Op<'_>,
    card_id: i64,
    current: Option<&Pin>,
    new_pin: &Pin,
    reset: bool,
) -> Result<(), LedgerError> {
    let hash = secrets::hash_pin(new_pin.digits().to_owned()).await?;
    let mut tx = db.begin().await?;
    let card = lock_card(&mut tx, card_id).await?;
    let ctx = super::context(&mut tx, op).await?;
    if card.pin_hash.is_some()
        && !reset
        && let PinCheck::Wrong(refusal) = check_pin(&mut tx, op, &ctx, &card, current).await?
    {
        tx.commit().await?;
        return Err(refusal.into());
    }
    tx_rows_affected!(&mut tx, t => {
        sqlx::query("UPDATE cards SET pin_hash = $1, pin_failures = 0, pin_locked_until_ms = NULL WHERE id = $2")
            .bind(&hash)
            .bind(card_id)
            .execute(&mut **t)
            .await
    })?;
    let kind = if reset { Kind::PinReset } else { Kind::PinSet };
    on_tx!(&mut tx, t => security_log::write(&mut **t, &log(op, kind, &card)).await)?;
    tx.commit().await?;
    Ok(())
}
