//! The member's own pages (U1): sign-in by card number or phone and the card's
//! PIN, the member's PIN change and loss report. A PIN try here is counted on
//! the same columns as at the till (`cards.pin_failures`, `pin_locked_until_ms`)
//! by the same rule (`domain::ledger::pin_failure`), in one transaction that
//! locks the card first: five wrong PINs at the till and here together lock it.

use crate::security_log::{self, Event, Kind};
use crate::tx::Tx;
use crate::{Db, DbError, UnixMs, now_ms, on_tx, secrets, tx_rows_affected};
use domain::card::Pin;
use domain::ledger::pin_failure;
use domain::portal::{self, SignInRefusal};
use sha2::{Digest, Sha256};

#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    #[error("refused: {0:?}")]
    Refused(SignInRefusal),
    /// A loss report for a card that is not active (already frozen, returned).
    #[error("the card is not active")]
    NotActive,
    #[error("no such card of this member")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for PortalError {
    fn from(e: sqlx::Error) -> Self {
        PortalError::Db(e.into())
    }
}

/// A member signed in: who, with which card, and a stamp of the card's PIN
/// (a changed or reset PIN ends the session).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub member_id: i64,
    pub card_id: i64,
    pub pin_stamp: u64,
}

/// A stamp of a PIN hash: equal while the PIN is unchanged (not a secret).
pub fn pin_stamp(pin_hash: &str) -> u64 {
    let digest = Sha256::digest(pin_hash.as_bytes());
    u64::from_be_bytes(digest[..8].try_into().unwrap_or_default())
}

/// A card that can sign in, locked for this transaction.
#[derive(sqlx::FromRow)]
struct PinCard {
    id: i64,
    card_no: String,
    member_id: i64,
    issued_store_id: i64,
    pin_hash: String,
    pin_failures: i64,
    pin_locked_until_ms: Option<i64>,
}

/// The PIN rule's settings: (max failures, lock minutes).
async fn pin_rule(tx: &mut Tx) -> Result<(u32, u32), DbError> {
    let (max, minutes): (i64, i64) = on_tx!(tx, t => {
        sqlx::query_as("SELECT pin_max_failures, pin_lock_minutes FROM settings WHERE id = 1")
            .fetch_one(&mut **t)
            .await
    })?;
    Ok((max.max(1) as u32, minutes.max(1) as u32))
}

fn event<'a>(kind: Kind, store_id: Option<i64>, ip: &'a str, detail: &'a str) -> Event<'a> {
    Event {
        kind,
        staff_id: None,
        username: "",
        store_id,
        ip,
        detail,
    }
}

/// Counts one sign-in attempt from `ip` (one UPSERT, so concurrent attempts all
/// count); the minutes to wait when the address is over its limit.
pub async fn count_address(db: &Db, ip: &str) -> Result<Option<i64>, DbError> {
    let now = now_ms();
    let window_start = now - portal::ADDRESS_WINDOW_MS;
    let sql = "INSERT INTO sign_in_addresses (ip, window_start_ms, attempts) VALUES ($1, $2, 1)
               ON CONFLICT (ip) DO UPDATE SET
                 attempts = CASE WHEN sign_in_addresses.window_start_ms < $3 THEN 1
                                 ELSE sign_in_addresses.attempts + 1 END,
                 window_start_ms = CASE WHEN sign_in_addresses.window_start_ms < $3 THEN $2
                                        ELSE sign_in_addresses.window_start_ms END
               RETURNING window_start_ms, attempts";
    let (start, attempts): (i64, i64) = crate::on_pool!(db, pool => {
        sqlx::query_as(sql).bind(ip).bind(now).bind(window_start).fetch_one(pool).await
    })?;
    Ok(portal::address_wait(start, attempts, now))
}

/// The cards a key names that can sign in (a PIN set, a member, not returned or
/// replaced): the card with that number or UID, or every such card of the
/// member with that phone. Locked in id order.
async fn lock_cards(tx: &mut Tx, key: &str) -> Result<Vec<PinCard>, DbError> {
    let sql = "UPDATE cards SET version = version + 1
               WHERE pin_hash IS NOT NULL AND member_id IS NOT NULL AND status IN ('active', 'frozen')
                 AND (card_no = $1 OR uid = $1 OR member_id IN (SELECT id FROM members WHERE phone = $1))
               RETURNING id, card_no, member_id, issued_store_id, pin_hash, pin_failures, pin_locked_until_ms";
    let mut cards: Vec<PinCard> =
        on_tx!(tx, t => sqlx::query_as(sql).bind(key).fetch_all(&mut **t).await)?;
    cards.sort_by_key(|c| c.id);
    Ok(cards)
}

/// Signs a member in with a card number, UID or phone and the card's PIN.
/// A phone tries the PIN against each of the member's cards; only when none
/// matches is a failure counted, on each card tried. An unknown key counts its
/// failures in `member_sign_in_misses`, by the same rule, so that it reads
/// exactly like a wrong PIN. Every attempt is in the security log.
pub async fn sign_in(db: &Db, key: &str, pin: &Pin, ip: &str) -> Result<SignedIn, PortalError> {
    let mut tx = db.begin().await?;
    let cards = lock_cards(&mut tx, key).await?;
    let (max, minutes) = pin_rule(&mut tx).await?;
    let now = now_ms();
    if cards.is_empty() {
        return unknown_key(tx, key, pin, ip, (max, minutes), now).await;
    }
    let open: Vec<&PinCard> = cards
        .iter()
        .filter(|c| c.pin_locked_until_ms.is_none_or(|until| until <= now))
        .collect();
    if open.is_empty() {
        let until = cards
            .iter()
            .filter_map(|c| c.pin_locked_until_ms)
            .max()
            .unwrap_or(now);
        let first = &cards[0];
        let detail = format!("{key}: locked");
        on_tx!(&mut tx, t => security_log::write(&mut **t, &event(Kind::MemberSignInLocked, Some(first.issued_store_id), ip, &detail)).await)?;
        tx.commit().await?;
        return Err(PortalError::Refused(SignInRefusal::Locked {
            minutes: (until - now + 59_999) / 60_000,
        }));
    }
    for card in &open {
        if secrets::verify_pin(pin.digits().to_owned(), card.pin_hash.clone()).await {
            tx_rows_affected!(&mut tx, t => {
                sqlx::query("UPDATE cards SET pin_failures = 0, pin_locked_until_ms = NULL WHERE id = $1")
                    .bind(card.id)
                    .execute(&mut **t)
                    .await
            })?;
            on_tx!(&mut tx, t => security_log::write(&mut **t, &event(Kind::MemberSignedIn, Some(card.issued_store_id), ip, &card.card_no)).await)?;
            tx.commit().await?;
            return Ok(SignedIn {
                member_id: card.member_id,
                card_id: card.id,
                pin_stamp: pin_stamp(&card.pin_hash),
            });
        }
    }
    let mut refusal = SignInRefusal::Wrong { tries_left: max };
    for card in &open {
        let this = count_wrong(&mut tx, card, (max, minutes), now, ip, "").await?;
        refusal = worse(refusal, this);
    }
    tx.commit().await?;
    Err(PortalError::Refused(refusal))
}

/// Counts a wrong PIN on a card, on the till's columns by the till's rule, and
/// logs it: the refusal it makes (tries left, or locked now).
async fn count_wrong(
    tx: &mut Tx,
    card: &PinCard,
    (max, minutes): (u32, u32),
    now: UnixMs,
    ip: &str,
    during: &str,
) -> Result<SignInRefusal, DbError> {
    let before = if card.pin_locked_until_ms.is_some() {
        0
    } else {
        card.pin_failures.max(0) as u32
    };
    let (failures, locked_until) = pin_failure(before, max, minutes, now);
    crate::ledger::write_pin_failures(tx, card.id, failures, locked_until).await?;
    let (kind, refusal) = match locked_until {
        Some(_) => (
            Kind::MemberSignInLocked,
            SignInRefusal::Locked {
                minutes: minutes as i64,
            },
        ),
        None => (
            Kind::MemberSignInFailed,
            SignInRefusal::Wrong {
                tries_left: max - failures,
            },
        ),
    };
    let detail = format!("{}: wrong PIN{during}", card.card_no);
    on_tx!(tx, t => security_log::write(&mut **t, &event(kind, Some(card.issued_store_id), ip, &detail)).await)?;
    Ok(refusal)
}

/// The refusal to show when several cards were tried: a lock over tries left,
/// fewer tries over more.
fn worse(a: SignInRefusal, b: SignInRefusal) -> SignInRefusal {
    use SignInRefusal::*;
    match (a, b) {
        (Locked { .. }, _) => a,
        (_, Locked { .. }) => b,
        (Wrong { tries_left: x }, Wrong { tries_left: y }) => Wrong {
            tries_left: x.min(y),
        },
        _ => a,
    }
}

/// A key that names no card that can sign in: costs a PIN check's time and
/// counts like one, under the key's digest.
async fn unknown_key(
    mut tx: Tx,
    key: &str,
    pin: &Pin,
    ip: &str,
    (max, minutes): (u32, u32),
    now: UnixMs,
) -> Result<SignedIn, PortalError> {
    let digest = format!("{:x}", Sha256::digest(key.as_bytes()));
    let row: (i64, Option<i64>) = on_tx!(&mut tx, t => {
        sqlx::query_as(
            "INSERT INTO member_sign_in_misses (key_digest, failures, seen_at_ms) VALUES ($1, 0, $2)
             ON CONFLICT (key_digest) DO UPDATE SET seen_at_ms = $2
             RETURNING failures, locked_until_ms",
        )
        .bind(&digest)
        .bind(now)
        .fetch_one(&mut **t)
        .await
    })?;
    let (failures, locked) = row;
    let detail = format!("{key}: no such card or phone");
    if let Some(until) = locked.filter(|until| *until > now) {
        on_tx!(&mut tx, t => security_log::write(&mut **t, &event(Kind::MemberSignInLocked, None, ip, &detail)).await)?;
        tx.commit().await?;
        return Err(PortalError::Refused(SignInRefusal::Locked {
            minutes: (until - now + 59_999) / 60_000,
        }));
    }
    // The same work as a real check, so that the answer takes as long.
    let decoy = secrets::hash_pin_decoy().await;
    let _ = secrets::verify_pin(pin.digits().to_owned(), decoy.to_owned()).await;
    let before = if locked.is_some() {
        0
    } else {
        failures.max(0) as u32
    };
    let (failures, locked_until) = pin_failure(before, max, minutes, now);
    tx_rows_affected!(&mut tx, t => {
        sqlx::query("UPDATE member_sign_in_misses SET failures = $1, locked_until_ms = $2 WHERE key_digest = $3")
            .bind(failures as i64)
            .bind(locked_until)
            .bind(&digest)
            .execute(&mut **t)
            .await
    })?;
    on_tx!(&mut tx, t => security_log::write(&mut **t, &event(Kind::MemberSignInFailed, None, ip, &detail)).await)?;
    tx.commit().await?;
    Err(PortalError::Refused(match locked_until {
        Some(_) => SignInRefusal::Locked {
            minutes: minutes as i64,
        },
        None => SignInRefusal::Wrong {
            tries_left: max - failures,
        },
    }))
}

/// Is a member session still good? The card it signed in with still belongs to
/// the member, is not returned or replaced, and its PIN is the same.
pub async fn session_holds(
    db: &Db,
    member_id: i64,
    card_id: i64,
    stamp: u64,
) -> Result<bool, DbError> {
    let row: Option<(Option<String>,)> = crate::on_reader!(db, pool => {
        sqlx::query_as(
            "SELECT pin_hash FROM cards WHERE id = $1 AND member_id = $2 AND status IN ('active', 'frozen')",
        )
        .bind(card_id)
        .bind(member_id)
        .fetch_optional(pool)
        .await
    })?;
    Ok(matches!(row, Some((Some(hash),)) if pin_stamp(&hash) == stamp))
}

/// The member changes the PIN of one of their cards: the current PIN is checked
/// and counted as any PIN try. The new stamp on success.
pub async fn change_pin(
    db: &Db,
    member_id: i64,
    card_id: i64,
    current: &Pin,
    new_pin: &Pin,
    ip: &str,
) -> Result<u64, PortalError> {
    let hash = secrets::hash_pin(new_pin.digits().to_owned()).await?;
    let mut tx = db.begin().await?;
    let card: Option<PinCard> = on_tx!(&mut tx, t => {
        sqlx::query_as(
            "UPDATE cards SET version = version + 1
             WHERE id = $1 AND member_id = $2 AND pin_hash IS NOT NULL AND status IN ('active', 'frozen')
             RETURNING id, card_no, member_id, issued_store_id, pin_hash, pin_failures, pin_locked_until_ms",
        )
        .bind(card_id)
        .bind(member_id)
        .fetch_optional(&mut **t)
        .await
    })?;
    let card = card.ok_or(PortalError::NotFound)?;
    let (max, minutes) = pin_rule(&mut tx).await?;
    let now = now_ms();
    let store = Some(card.issued_store_id);
    if let Some(until) = card.pin_locked_until_ms.filter(|until| *until > now) {
        on_tx!(&mut tx, t => security_log::write(&mut **t, &event(Kind::MemberSignInLocked, store, ip, &card.card_no)).await)?;
        tx.commit().await?;
        return Err(PortalError::Refused(SignInRefusal::Locked {
            minutes: (until - now + 59_999) / 60_000,
        }));
    }
    if !secrets::verify_pin(current.digits().to_owned(), card.pin_hash.clone()).await {
        let refusal = count_wrong(&mut tx, &card, (max, minutes), now, ip, " (PIN change)").await?;
        tx.commit().await?;
        return Err(PortalError::Refused(refusal));
    }
    tx_rows_affected!(&mut tx, t => {
        sqlx::query("UPDATE cards SET pin_hash = $1, pin_failures = 0, pin_locked_until_ms = NULL WHERE id = $2")
            .bind(&hash)
            .bind(card.id)
            .execute(&mut **t)
            .await
    })?;
    on_tx!(&mut tx, t => security_log::write(&mut **t, &event(Kind::MemberPinChanged, store, ip, &card.card_no)).await)?;
    tx.commit().await?;
    Ok(pin_stamp(&hash))
}

/// The member reports one of their cards lost: it is frozen at once, for every
/// till (only the shop unfreezes it). No value moves.
pub async fn report_lost(
    db: &Db,
    member_id: i64,
    card_id: i64,
    ip: &str,
) -> Result<(), PortalError> {
    let mut tx = db.begin().await?;
    let card: Option<(String, i64, String)> = on_tx!(&mut tx, t => {
        sqlx::query_as(
            "UPDATE cards SET version = version + 1 WHERE id = $1 AND member_id = $2
             RETURNING card_no, issued_store_id, status",
        )
        .bind(card_id)
        .bind(member_id)
        .fetch_optional(&mut **t)
        .await
    })?;
    let (card_no, store, status) = card.ok_or(PortalError::NotFound)?;
    if status != "active" {
        return Err(PortalError::NotActive);
    }
    let frozen = tx_rows_affected!(&mut tx, t => {
        sqlx::query("UPDATE cards SET status = 'frozen' WHERE id = $1 AND status = 'active'")
            .bind(card_id)
            .execute(&mut **t)
            .await
    })?;
    if frozen != 1 {
        return Err(PortalError::NotActive);
    }
    on_tx!(&mut tx, t => security_log::write(&mut **t, &event(Kind::MemberReportedLoss, Some(store), ip, &card_no)).await)?;
    tx.commit().await?;
    Ok(())
}

/// A sign-out, for the security log.
pub async fn signed_out(db: &Db, card_id: i64, ip: &str) -> Result<(), DbError> {
    let card_no: Option<String> = crate::on_reader!(db, pool => {
        sqlx::query_scalar("SELECT card_no FROM cards WHERE id = $1").bind(card_id).fetch_optional(pool).await
    })?;
    security_log::record(
        db,
        &event(
            Kind::MemberSignedOut,
            None,
            ip,
            &card_no.unwrap_or_default(),
        ),
    )
    .await
}
