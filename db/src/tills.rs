//! Registered tills (S5). An admin adds a till and gets a one-time pairing
//! code; a signed-in cashier of that store types it on the till's PC and the
//! browser gets a random token in a cookie. Only SHA-256 hashes of codes and
//! tokens are stored (both are long random values, so a plain hash is enough);
//! a revoked till is refused at its next request.

use crate::staff::Caller;
use crate::{Db, DbError, UnixMs, is_unique_violation, now_ms, on_reader};
use domain::access::Scope;
use domain::till::{PAIRING_CODE_CHARS, PAIRING_MINUTES, pairing_code};
use sha2::{Digest, Sha256};

#[derive(Debug, thiserror::Error)]
pub enum TillError {
    #[error("no such till in scope")]
    NotFound,
    #[error("till name taken")]
    NameTaken,
    #[error("pairing code wrong or run out")]
    BadCode,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for TillError {
    fn from(e: sqlx::Error) -> Self {
        if is_unique_violation(&e, "name") || is_unique_violation(&e, "tills") {
            TillError::NameTaken
        } else {
            TillError::Db(e.into())
        }
    }
}

fn digest(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

/// A till as a request names it by its cookie.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Till {
    pub id: i64,
    pub store_id: i64,
    pub name: String,
}

/// A till as the settings page lists it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct TillRow {
    pub id: i64,
    pub store_id: i64,
    pub store_name: String,
    pub name: String,
    pub created_at_ms: UnixMs,
    pub paired_at_ms: Option<UnixMs>,
    /// A pairing code is waiting to be typed until then.
    pub pairing_until_ms: Option<UnixMs>,
    pub revoked_at_ms: Option<UnixMs>,
    pub last_used_at_ms: Option<UnixMs>,
}

fn fresh_code() -> String {
    let random: [u8; PAIRING_CODE_CHARS] = rand::random();
    pairing_code(&random)
}

/// Adds a till at a store in the admin's scope; its pairing code.
pub async fn add(
    db: &Db,
    admin: &Caller,
    store_id: i64,
    name: &str,
) -> Result<(i64, String), TillError> {
    if !admin.scope.covers(store_id) {
        return Err(TillError::NotFound);
    }
    let code = fresh_code();
    let now = now_ms();
    let id: Option<i64> = crate::audited!(db, pool => {
        sqlx::query_scalar(
            "INSERT INTO tills (store_id, name, created_at_ms, created_by, pairing_hash, pairing_until_ms)
             SELECT id, $2, $3, $4, $5, $6 FROM stores WHERE id = $1 AND active = TRUE RETURNING id",
        )
        .bind(store_id)
        .bind(name)
        .bind(now)
        .bind(admin.staff_id)
        .bind(digest(&code))
        .bind(now + PAIRING_MINUTES * 60_000)
        .fetch_optional(pool)
        .await
    })?;
    Ok((id.ok_or(TillError::NotFound)?, code))
}

/// A new pairing code for a till (a new PC): the browser it had is a till no more.
pub async fn new_code(db: &Db, scope: Scope, id: i64) -> Result<String, TillError> {
    let code = fresh_code();
    let changed = crate::audited_rows!(db, pool => {
        sqlx::query(
            "UPDATE tills SET pairing_hash = $1, pairing_until_ms = $2, token_hash = NULL, paired_at_ms = NULL
             WHERE id = $3 AND revoked_at_ms IS NULL AND ($4 IS NULL OR store_id = $4)",
        )
        .bind(digest(&code))
        .bind(now_ms() + PAIRING_MINUTES * 60_000)
        .bind(id)
        .bind(scope.only_store())
        .execute(pool)
        .await
    })?;
    if changed == 1 {
        Ok(code)
    } else {
        Err(TillError::NotFound)
    }
}

/// Makes the browser of `cashier` the till whose code was typed (`code` as
/// `domain::till::parse_pairing_code` gives it): the token for its cookie. The
/// code is used up; it works only within its half hour and at its own store.
pub async fn pair(db: &Db, cashier: &Caller, code: &str) -> Result<(Till, String), TillError> {
    let token = {
        let random: [u8; 32] = rand::random();
        random
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let now = now_ms();
    let till: Option<Till> = crate::audited!(db, pool => {
        sqlx::query_as(
            "UPDATE tills SET token_hash = $1, paired_at_ms = $2, pairing_hash = NULL, pairing_until_ms = NULL
             WHERE pairing_hash = $3 AND pairing_until_ms > $2 AND revoked_at_ms IS NULL AND store_id = $4
             RETURNING id, store_id, name",
        )
        .bind(digest(&token))
        .bind(now)
        .bind(digest(code))
        .bind(cashier.store_id)
        .fetch_optional(pool)
        .await
    })?;
    Ok((till.ok_or(TillError::BadCode)?, token))
}

/// The till a browser's token names, unless revoked.
pub async fn find(db: &Db, token: &str) -> Result<Option<Till>, DbError> {
    let sql =
        "SELECT id, store_id, name FROM tills WHERE token_hash = $1 AND revoked_at_ms IS NULL";
    Ok(on_reader!(db, pool => sqlx::query_as(sql).bind(digest(token)).fetch_optional(pool).await)?)
}

/// Revokes a till in scope: it is refused from its next request on.
pub async fn revoke(db: &Db, scope: Scope, id: i64) -> Result<(), TillError> {
    let changed = crate::audited_rows!(db, pool => {
        sqlx::query(
            "UPDATE tills SET revoked_at_ms = $1, token_hash = NULL, pairing_hash = NULL, pairing_until_ms = NULL
             WHERE id = $2 AND revoked_at_ms IS NULL AND ($3 IS NULL OR store_id = $3)",
        )
        .bind(now_ms())
        .bind(id)
        .bind(scope.only_store())
        .execute(pool)
        .await
    })?;
    if changed == 1 {
        Ok(())
    } else {
        Err(TillError::NotFound)
    }
}

/// The tills in scope, the working ones first.
pub async fn list(db: &Db, scope: Scope) -> Result<Vec<TillRow>, DbError> {
    let sql =
        "SELECT t.id, t.store_id, s.name AS store_name, t.name, t.created_at_ms, t.paired_at_ms,
                      t.pairing_until_ms, t.revoked_at_ms, t.last_used_at_ms
               FROM tills t JOIN stores s ON s.id = t.store_id
               WHERE ($1 IS NULL OR t.store_id = $1)
               ORDER BY t.revoked_at_ms IS NOT NULL, s.code, t.name LIMIT 500";
    Ok(on_reader!(db, pool => sqlx::query_as(sql).bind(scope.only_store()).fetch_all(pool).await)?)
}

/// Whether only registered tills may open shifts and sell.
pub async fn required(db: &Db) -> Result<bool, DbError> {
    let sql = "SELECT registered_tills_only FROM settings WHERE id = 1";
    Ok(on_reader!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await)?)
}

pub async fn set_required(db: &Db, on: bool) -> Result<(), DbError> {
    let sql = "UPDATE settings SET registered_tills_only = $1 WHERE id = 1";
    crate::audited_rows!(db, pool => sqlx::query(sql).bind(on).execute(pool).await)?;
    Ok(())
}
