//! The security log (O1): sign-ins, failures, lockouts and refused permissions.

use crate::{Db, DbError, UnixMs, now_ms, on_pool, on_reader};
use domain::access::Scope;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    SetupCompleted,
    SignedIn,
    SignInFailed,
    /// The failure that locked the account.
    AccountLocked,
    /// A sign-in attempt while the account was locked.
    SignInWhileLocked,
    SignedOut,
    PasswordChanged,
    PasswordReset,
    PermissionRefused,
    /// A wrong card PIN; the detail names the card.
    WrongPin,
    /// The wrong PIN that locked a card's PIN.
    PinLocked,
    /// A PIN typed while the card's PIN was locked.
    PinWhileLocked,
    PinSet,
    PinReset,
    /// A member signed in to their own pages (the detail names the card).
    MemberSignedIn,
    /// A member sign-in refused: unknown card or phone, or a wrong PIN.
    MemberSignInFailed,
    /// A member sign-in on a locked PIN, or the wrong PIN that locked it.
    MemberSignInLocked,
    /// Too many sign-ins from one address.
    MemberSignInBusy,
    MemberSignedOut,
    MemberPinChanged,
    /// The member reported their card lost: it is frozen.
    MemberReportedLoss,
    /// A shift or sale asked from a browser that is no registered till (S5).
    TillRefused,
    /// A wrong, used or expired till pairing code.
    PairingRefused,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::SetupCompleted => "setup_completed",
            Kind::SignedIn => "signed_in",
            Kind::SignInFailed => "sign_in_failed",
            Kind::AccountLocked => "account_locked",
            Kind::SignInWhileLocked => "sign_in_while_locked",
            Kind::SignedOut => "signed_out",
            Kind::PasswordChanged => "password_changed",
            Kind::PasswordReset => "password_reset",
            Kind::PermissionRefused => "permission_refused",
            Kind::WrongPin => "wrong_pin",
            Kind::PinLocked => "pin_locked",
            Kind::PinWhileLocked => "pin_while_locked",
            Kind::PinSet => "pin_set",
            Kind::PinReset => "pin_reset",
            Kind::MemberSignedIn => "member_signed_in",
            Kind::MemberSignInFailed => "member_sign_in_failed",
            Kind::MemberSignInLocked => "member_sign_in_locked",
            Kind::MemberSignInBusy => "member_sign_in_busy",
            Kind::MemberSignedOut => "member_signed_out",
            Kind::MemberPinChanged => "member_pin_changed",
            Kind::MemberReportedLoss => "member_reported_loss",
            Kind::TillRefused => "till_refused",
            Kind::PairingRefused => "pairing_refused",
        }
    }
}

pub struct Event<'a> {
    pub kind: Kind,
    pub staff_id: Option<i64>,
    pub username: &'a str,
    pub store_id: Option<i64>,
    pub ip: &'a str,
    pub detail: &'a str,
}

const INSERT: &str =
    "INSERT INTO security_log (at_ms, event, staff_id, username, store_id, ip, detail)
                      VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// Writes one event inside the caller's transaction.
pub async fn write<'e, E, DB>(executor: E, event: &Event<'_>) -> Result<(), sqlx::Error>
where
    DB: sqlx::Database,
    E: sqlx::Executor<'e, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    sqlx::query(INSERT)
        .bind(now_ms())
        .bind(event.kind.code())
        .bind(event.staff_id)
        .bind(event.username)
        .bind(event.store_id)
        .bind(event.ip)
        .bind(event.detail)
        .execute(executor)
        .await?;
    Ok(())
}

/// Writes one event on its own.
pub async fn record(db: &Db, event: &Event<'_>) -> Result<(), DbError> {
    on_pool!(db, pool => write(pool, event).await)?;
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Entry {
    pub at_ms: UnixMs,
    pub event: String,
    pub staff_id: Option<i64>,
    pub username: String,
    pub store_id: Option<i64>,
    pub ip: String,
    pub detail: String,
}

/// The newest entries first, within the caller's scope, at most `limit` (≤ 500).
pub async fn recent(db: &Db, scope: Scope, limit: u32) -> Result<Vec<Entry>, DbError> {
    let limit = i64::from(limit.min(500));
    let store = scope.only_store();
    let sql = "SELECT at_ms, event, staff_id, username, store_id, ip, detail FROM security_log
               WHERE ($1 IS NULL OR store_id = $1) ORDER BY id DESC LIMIT $2";
    Ok(on_reader!(db, pool => sqlx::query_as(sql).bind(store).bind(limit).fetch_all(pool).await)?)
}
