//! Member codes (C3): each card's key for the codes its member's phone shows,
//! and the till taking a code once. The rule (shape, steps, digits) is
//! `domain::member_code`; here the secret is made, kept and the used step
//! recorded with the guard in the `UPDATE`.

use crate::{Db, DbError, on_pool, on_reader, rows_affected};
use domain::member_code::{self, CodeCheck, MemberCode};

/// Why the till refused a member code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeRefusal {
    /// Too old (or never shown): the member shows a fresh one.
    Expired,
    /// Taken at a till already.
    Used,
    /// The card is frozen (reported lost), returned or replaced.
    CardNotActive,
}

#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    #[error("refused: {0:?}")]
    Refused(CodeRefusal),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for CodeError {
    fn from(e: sqlx::Error) -> Self {
        CodeError::Db(e.into())
    }
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .filter_map(|i| u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

/// The card's secret, made on first use (random, `SECRET_BYTES` long).
pub async fn secret(db: &Db, card_id: i64) -> Result<Vec<u8>, DbError> {
    let existing: Option<String> = on_reader!(db, pool => {
        sqlx::query_scalar("SELECT secret FROM member_code_keys WHERE card_id = $1")
            .bind(card_id)
            .fetch_optional(pool)
            .await
    })?;
    if let Some(hex) = existing {
        return Ok(from_hex(&hex));
    }
    let fresh: [u8; member_code::SECRET_BYTES] = rand::random();
    rows_affected!(db, pool => {
        sqlx::query("INSERT INTO member_code_keys (card_id, secret) VALUES ($1, $2) ON CONFLICT (card_id) DO NOTHING")
            .bind(card_id)
            .bind(to_hex(&fresh))
            .execute(pool)
            .await
    })?;
    // Two first views at once: both read the one that was kept.
    let kept: String = on_pool!(db, pool => {
        sqlx::query_scalar("SELECT secret FROM member_code_keys WHERE card_id = $1")
            .bind(card_id)
            .fetch_one(pool)
            .await
    })?;
    Ok(from_hex(&kept))
}

/// The code a card's phone shows now, and the seconds it has left.
pub async fn current(db: &Db, card_id: i64) -> Result<(String, u64), DbError> {
    let secret = secret(db, card_id).await?;
    Ok(member_code::code_at(&secret, card_id, unix_s()))
}

pub fn unix_s() -> u64 {
    (crate::now_ms() / 1000).max(0) as u64
}

/// The till takes a code: the card it names when the code is of this step or
/// the one before, not taken before, and the card is active. The step is
/// recorded by a guarded `UPDATE` (`last_used_step < step`), so of two tills
/// scanning one code at once only one gets it.
pub async fn take(db: &Db, code: &MemberCode, unix_s: u64) -> Result<i64, CodeError> {
    let row: Option<(String, i64, String)> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT k.secret, k.last_used_step, c.status FROM member_code_keys k
             JOIN cards c ON c.id = k.card_id WHERE k.card_id = $1",
        )
        .bind(code.card_id)
        .fetch_optional(pool)
        .await
    })?;
    // A card that never showed a code has no key: its codes are all wrong.
    let Some((secret, last_used, status)) = row else {
        return Err(CodeError::Refused(CodeRefusal::Expired));
    };
    let step = match member_code::check(
        &from_hex(&secret),
        &code.digits,
        unix_s,
        last_used.max(0) as u64,
    ) {
        CodeCheck::Fresh { step } => step,
        CodeCheck::Used => return Err(CodeError::Refused(CodeRefusal::Used)),
        CodeCheck::Expired => return Err(CodeError::Refused(CodeRefusal::Expired)),
    };
    if status != "active" {
        return Err(CodeError::Refused(CodeRefusal::CardNotActive));
    }
    let taken = rows_affected!(db, pool => {
        sqlx::query("UPDATE member_code_keys SET last_used_step = $1 WHERE card_id = $2 AND last_used_step < $1")
            .bind(step as i64)
            .bind(code.card_id)
            .execute(pool)
            .await
    })?;
    if taken != 1 {
        return Err(CodeError::Refused(CodeRefusal::Used));
    }
    Ok(code.card_id)
}
