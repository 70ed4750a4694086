//! Staff accounts (S4): sign-in with lockout, the signed-in caller, and management.

use crate::security_log::{self, Event, Kind};
use crate::{
    Db, DbError, UnixMs, is_unique_violation, now_ms, on_pool, on_reader, rows_affected, secrets,
};
use domain::access::{Role, Scope};
use domain::password::LockoutPolicy;
use domain::staff::{NewStaff, StaffEdit};

pub use domain::access::Caller;

#[derive(sqlx::FromRow)]
struct CallerRow {
    id: i64,
    username: String,
    name: String,
    role: String,
    home_store_id: i64,
    store_name: String,
    is_head_office: bool,
    active: bool,
}

impl CallerRow {
    fn into_caller(self) -> Option<Caller> {
        let role = Role::from_code(&self.role)?;
        self.active.then(|| Caller {
            staff_id: self.id,
            username: self.username,
            name: self.name,
            role,
            store_id: self.home_store_id,
            store_name: self.store_name,
            scope: Scope::for_home_store(self.home_store_id, self.is_head_office),
        })
    }
}

const CALLER_SQL: &str = "SELECT s.id, s.username, s.name, s.role, s.home_store_id,
                                 t.name AS store_name, t.is_head_office, s.active
                          FROM staff s JOIN stores t ON t.id = s.home_store_id";

/// The active staff member with this id, or `None` when unknown or deactivated.
pub async fn caller(db: &Db, staff_id: i64) -> Result<Option<Caller>, DbError> {
    let sql = format!("{CALLER_SQL} WHERE s.id = $1");
    let row: Option<CallerRow> =
        on_reader!(db, pool => sqlx::query_as(&sql).bind(staff_id).fetch_optional(pool).await)?;
    Ok(row.and_then(CallerRow::into_caller))
}

/// The active staff member a session names, if the session was signed in under
/// the account's current epoch (a password change or reset since then ends it).
pub async fn session_caller(db: &Db, staff_id: i64, epoch: i64) -> Result<Option<Caller>, DbError> {
    let sql = format!("{CALLER_SQL} WHERE s.id = $1 AND s.session_epoch = $2");
    let row: Option<CallerRow> = on_reader!(db, pool => {
        sqlx::query_as(&sql).bind(staff_id).bind(epoch).fetch_optional(pool).await
    })?;
    Ok(row.and_then(CallerRow::into_caller))
}

/// A successful sign-in: who, and the account's session epoch to keep in the session.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub caller: Caller,
    pub epoch: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Unknown username or wrong password: the same answer for both.
    #[error("wrong username or password")]
    WrongCredentials,
    #[error("account locked until {until_ms}")]
    Locked { until_ms: UnixMs },
    #[error("account deactivated")]
    Inactive,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for SignInError {
    fn from(e: sqlx::Error) -> Self {
        SignInError::Db(e.into())
    }
}

#[derive(sqlx::FromRow)]
struct Claimed {
    id: i64,
    home_store_id: i64,
    password_hash: String,
    active: bool,
    session_epoch: i64,
    /// Wrong passwords counted so far, this attempt included.
    failed_signins: i32,
}

/// Checks a username and password. Every outcome is written to the security log.
///
/// The attempt is counted before the password is checked, in one guarded
/// statement: an account takes part only while it is not locked and fewer than
/// `max_failures` attempts are counted, so however many guesses arrive at once, at
/// most `max_failures` are ever checked before the lock. A right password clears
/// the count; the attempt that brings the count to the limit and fails locks.
/// An unknown name, a locked account and a wrong password cost the same time.
pub async fn sign_in(
    db: &Db,
    username: &str,
    password: &str,
    policy: LockoutPolicy,
    ip: &str,
) -> Result<SignedIn, SignInError> {
    let username = username.trim().to_lowercase();
    let now = now_ms();
    let max = policy.max_failures.min(i32::MAX as u32) as i32;
    let claim = "UPDATE staff SET failed_signins = failed_signins + 1
                 WHERE username = $1 AND failed_signins < $2
                   AND (locked_until_ms IS NULL OR locked_until_ms <= $3)
                 RETURNING id, home_store_id, password_hash, active, session_epoch, failed_signins";
    let claimed: Option<Claimed> = on_pool!(db, pool => {
        sqlx::query_as(claim).bind(&username).bind(max).bind(now).fetch_optional(pool).await
    })?;
    let event = |kind, staff_id, store_id| Event {
        kind,
        staff_id,
        username: &username,
        store_id,
        ip,
        detail: "",
    };
    let Some(account) = claimed else {
        // Unknown, locked, or as many guesses in flight as the limit allows.
        // Spend the same time as a wrong password, so timing tells nothing.
        secrets::verify_password(password.to_owned(), secrets::decoy_hash().await.to_owned()).await;
        let sql = "SELECT id, home_store_id, locked_until_ms FROM staff WHERE username = $1";
        let known: Option<(i64, i64, Option<i64>)> =
            on_pool!(db, pool => sqlx::query_as(sql).bind(&username).fetch_optional(pool).await)?;
        return Err(match known {
            None => {
                security_log::record(db, &event(Kind::SignInFailed, None, None)).await?;
                SignInError::WrongCredentials
            }
            Some((id, store, until)) => {
                let kind = Kind::SignInWhileLocked;
                security_log::record(db, &event(kind, Some(id), Some(store))).await?;
                SignInError::Locked {
                    until_ms: until.filter(|u| *u > now).unwrap_or(now + policy.lock_ms),
                }
            }
        });
    };
    let (who, store) = (Some(account.id), Some(account.home_store_id));
    if !secrets::verify_password(password.to_owned(), account.password_hash).await {
        if account.failed_signins < max {
            security_log::record(db, &event(Kind::SignInFailed, who, store)).await?;
            return Err(SignInError::WrongCredentials);
        }
        // This failure is the last one allowed: lock, and start a fresh count.
        let until = now_ms() + policy.lock_ms;
        let lock = "UPDATE staff SET locked_until_ms = $1, failed_signins = 0 WHERE id = $2";
        rows_affected!(db, pool => sqlx::query(lock).bind(until).bind(account.id).execute(pool).await)?;
        security_log::record(db, &event(Kind::AccountLocked, who, store)).await?;
        return Err(SignInError::Locked { until_ms: until });
    }
    let reset = "UPDATE staff SET failed_signins = 0, locked_until_ms = NULL WHERE id = $1";
    rows_affected!(db, pool => sqlx::query(reset).bind(account.id).execute(pool).await)?;
    if !account.active {
        security_log::record(db, &event(Kind::SignInFailed, who, store)).await?;
        return Err(SignInError::Inactive);
    }
    security_log::record(db, &event(Kind::SignedIn, who, store)).await?;
    let caller = caller(db, account.id).await?.ok_or(SignInError::Inactive)?;
    Ok(SignedIn {
        caller,
        epoch: account.session_epoch,
    })
}

/// One row of the staff list.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffRow {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub role: String,
    pub home_store_id: i64,
    pub store_name: String,
    pub active: bool,
    pub locked_until_ms: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("username already used")]
    UsernameTaken,
    #[error("no such staff member or store in scope")]
    NotFound,
    #[error("current password is wrong")]
    WrongPassword,
    #[error("one cannot deactivate or demote oneself")]
    NotOnSelf,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for StaffError {
    fn from(e: sqlx::Error) -> Self {
        if is_unique_violation(&e, "username") {
            StaffError::UsernameTaken
        } else {
            StaffError::Db(e.into())
        }
    }
}

/// Staff whose home store is within `scope`, by store then username (at most 2,000).
pub async fn list(db: &Db, scope: Scope) -> Result<Vec<StaffRow>, DbError> {
    let sql = "SELECT s.id, s.username, s.name, s.role, s.home_store_id, t.name AS store_name,
                      s.active, s.locked_until_ms
               FROM staff s JOIN stores t ON t.id = s.home_store_id
               WHERE ($1 IS NULL OR s.home_store_id = $1)
               ORDER BY t.is_head_office DESC, t.code, s.username LIMIT 2000";
    let only = scope.only_store();
    Ok(on_reader!(db, pool => sqlx::query_as(sql).bind(only).fetch_all(pool).await)?)
}

/// Is the store active and within scope? Staff may only be placed in such a store.
async fn store_usable(db: &Db, scope: Scope, store_id: i64) -> Result<bool, StaffError> {
    if !scope.covers(store_id) {
        return Ok(false);
    }
    let sql = "SELECT id FROM stores WHERE id = $1 AND active = TRUE";
    let found: Option<i64> =
        on_pool!(db, pool => sqlx::query_scalar(sql).bind(store_id).fetch_optional(pool).await)?;
    Ok(found.is_some())
}

pub async fn create(db: &Db, scope: Scope, staff: &NewStaff) -> Result<i64, StaffError> {
    if !store_usable(db, scope, staff.home_store_id).await? {
        return Err(StaffError::NotFound);
    }
    let hash = secrets::hash_password(staff.password.clone()).await?;
    let sql = "INSERT INTO staff (username, name, role, home_store_id, password_hash, active,
                                  password_changed_at_ms, created_at_ms)
               VALUES ($1, $2, $3, $4, $5, TRUE, $6, $6) RETURNING id";
    let id = crate::audited!(db, pool => {
        sqlx::query_scalar(sql)
            .bind(&staff.username)
            .bind(&staff.name)
            .bind(staff.role.code())
            .bind(staff.home_store_id)
            .bind(&hash)
            .bind(now_ms())
            .fetch_one(pool)
            .await
    })?;
    Ok(id)
}

/// Changes name, role and home store of an account in scope. Nobody changes their
/// own role: an admin cannot lock the company out by accident.
pub async fn update(db: &Db, editor: &Caller, id: i64, edit: &StaffEdit) -> Result<(), StaffError> {
    if id == editor.staff_id && edit.role != editor.role {
        return Err(StaffError::NotOnSelf);
    }
    if !store_usable(db, editor.scope, edit.home_store_id).await? {
        return Err(StaffError::NotFound);
    }
    let sql = "UPDATE staff SET name = $1, role = $2, home_store_id = $3
               WHERE id = $4 AND ($5 IS NULL OR home_store_id = $5)";
    let only = editor.scope.only_store();
    let done = crate::audited_rows!(db, pool => {
        sqlx::query(sql)
            .bind(&edit.name)
            .bind(edit.role.code())
            .bind(edit.home_store_id)
            .bind(id)
            .bind(only)
            .execute(pool)
            .await
    })?;
    if done == 1 {
        Ok(())
    } else {
        Err(StaffError::NotFound)
    }
}

/// Deactivates or reactivates an account in scope (never one's own).
pub async fn set_active(db: &Db, editor: &Caller, id: i64, active: bool) -> Result<(), StaffError> {
    if id == editor.staff_id {
        return Err(StaffError::NotOnSelf);
    }
    let sql = "UPDATE staff SET active = $1 WHERE id = $2 AND ($3 IS NULL OR home_store_id = $3)";
    let only = editor.scope.only_store();
    let done = crate::audited_rows!(db, pool => sqlx::query(sql).bind(active).bind(id).bind(only).execute(pool).await)?;
    if done == 1 {
        Ok(())
    } else {
        Err(StaffError::NotFound)
    }
}

/// Stores a new password and raises the account's session epoch, which ends
/// every session signed in before; gives the new epoch.
async fn store_password(db: &Db, id: i64, password: &str, scope: Scope) -> Result<i64, StaffError> {
    let hash = secrets::hash_password(password.to_owned()).await?;
    let sql = "UPDATE staff SET password_hash = $1, password_changed_at_ms = $2,
                                failed_signins = 0, locked_until_ms = NULL,
                                session_epoch = session_epoch + 1
               WHERE id = $3 AND ($4 IS NULL OR home_store_id = $4)
               RETURNING session_epoch";
    let only = scope.only_store();
    let epoch: Option<i64> = crate::audited!(db, pool => {
        sqlx::query_scalar(sql).bind(&hash).bind(now_ms()).bind(id).bind(only).fetch_optional(pool).await
    })?;
    epoch.ok_or(StaffError::NotFound)
}

/// Changes one's own password after checking the current one; gives the
/// account's new session epoch (every other session of the account is over).
/// `new_password` has passed `domain::password::check_strength`.
pub async fn change_own_password(
    db: &Db,
    me: &Caller,
    current_password: &str,
    new_password: &str,
    ip: &str,
) -> Result<i64, StaffError> {
    let sql = "SELECT password_hash FROM staff WHERE id = $1";
    let hash: String =
        on_pool!(db, pool => sqlx::query_scalar(sql).bind(me.staff_id).fetch_one(pool).await)?;
    if !secrets::verify_password(current_password.to_owned(), hash).await {
        return Err(StaffError::WrongPassword);
    }
    let epoch = store_password(db, me.staff_id, new_password, Scope::AllStores).await?;
    let event = Event {
        kind: Kind::PasswordChanged,
        staff_id: Some(me.staff_id),
        username: &me.username,
        store_id: Some(me.store_id),
        ip,
        detail: "",
    };
    security_log::record(db, &event).await?;
    Ok(epoch)
}

/// An admin sets a new password for an account in scope; this also lifts a
/// lockout and ends the account's sessions. Gives the account's new session epoch.
pub async fn reset_password(
    db: &Db,
    admin: &Caller,
    id: i64,
    new_password: &str,
    ip: &str,
) -> Result<i64, StaffError> {
    let epoch = store_password(db, id, new_password, admin.scope).await?;
    let detail = format!("staff #{id}");
    let event = Event {
        kind: Kind::PasswordReset,
        staff_id: Some(admin.staff_id),
        username: &admin.username,
        store_id: Some(admin.store_id),
        ip,
        detail: &detail,
    };
    security_log::record(db, &event).await?;
    Ok(epoch)
}

/// The username of an account in scope (for password-strength checks on reset).
pub async fn username_of(db: &Db, scope: Scope, id: i64) -> Result<String, StaffError> {
    let sql = "SELECT username FROM staff WHERE id = $1 AND ($2 IS NULL OR home_store_id = $2)";
    let only = scope.only_store();
    let found: Option<String> = on_reader!(db, pool => sqlx::query_scalar(sql).bind(id).bind(only).fetch_optional(pool).await)?;
    found.ok_or(StaffError::NotFound)
}
