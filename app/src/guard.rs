//! Server side only: the state server functions share, and the one guard every
//! server function calls before it does anything.

use crate::error::AppError;
use db::Db;
use db::security_log::{Event, Kind};
use db::staff::Caller;
use domain::access::Permission;
use domain::password::LockoutPolicy;
use domain::session::{SessionPolicy, SessionUse, StaffSession};
use tower_sessions::Session;

/// Shared by every request; provided to Leptos as context by the server.
#[derive(Clone, Debug)]
pub struct ServerState {
    pub db: Db,
    pub lockout: LockoutPolicy,
    pub sessions: SessionPolicy,
    /// Where backup copies go (O2).
    pub backups: db::backup::BackupPlace,
    /// Cookies only over HTTPS (the till's cookie as the session's).
    pub secure_cookies: bool,
}

/// The session key holding the signed-in staff member (`StaffSession`).
pub const STAFF_KEY: &str = "staff";

/// The server's state. Every request provides it; it is missing only when a page's
/// resource goes on running after the browser gave up on the page (its render and
/// context are gone): nobody waits for the answer, so that is no error to report.
pub fn state() -> Result<ServerState, AppError> {
    leptos::prelude::use_context::<ServerState>().ok_or_else(|| {
        tracing::debug!("a server function ran after its page was dropped: skipped");
        AppError::Internal
    })
}

/// Logs the cause and gives the user the generic message.
pub fn internal(cause: impl std::fmt::Display) -> AppError {
    tracing::error!(%cause, "internal error in a server function");
    AppError::Internal
}

pub async fn session() -> Result<Session, AppError> {
    if leptos::prelude::use_context::<axum::http::request::Parts>().is_none() {
        // As in `state`: the page this call belonged to is gone.
        tracing::debug!("a server function ran after its page was dropped: skipped");
        return Err(AppError::Internal);
    }
    leptos_axum::extract::<Session>().await.map_err(internal)
}

/// The client's address, for the security log.
pub async fn client_ip() -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_default()
}

/// Starts a signed-in session for `staff_id` under the account's `epoch`, with a
/// fresh session id (a planted or stolen id is worth nothing afterwards).
pub async fn start_session(staff_id: i64, epoch: i64) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(internal)?;
    let now = db::now_ms();
    let staff = StaffSession {
        staff_id,
        epoch,
        signed_in_at_ms: now,
        seen_at_ms: now,
    };
    session.insert(STAFF_KEY, staff).await.map_err(internal)
}

/// The signed-in, active staff member. A session ends (and is deleted) when the
/// account is deactivated, its password changed or reset since sign-in, or the
/// session passed its idle or absolute limit; one in use has its expiry pushed back.
pub async fn signed_in() -> Result<Caller, AppError> {
    let state = state()?;
    let session = session().await?;
    caller_of(&state, &session).await
}

/// [`signed_in`] for a request outside a server function (a CSV download).
pub async fn caller_of(state: &ServerState, session: &Session) -> Result<Caller, AppError> {
    let staff: Option<StaffSession> = session.get(STAFF_KEY).await.map_err(internal)?;
    let Some(mut staff) = staff else {
        return Err(AppError::NotSignedIn);
    };
    let now = db::now_ms();
    let usage = state.sessions.on_use(&staff, now);
    let caller = match usage {
        SessionUse::Ended => None,
        _ => db::staff::session_caller(&state.db, staff.staff_id, staff.epoch)
            .await
            .map_err(internal)?,
    };
    let Some(caller) = caller else {
        session.flush().await.map_err(internal)?;
        return Err(AppError::NotSignedIn);
    };
    // What this request changes is recorded against this person (O1).
    db::audit::act_as(db::audit::Actor {
        staff_id: Some(caller.staff_id),
        username: caller.username.clone(),
        store_id: Some(caller.store_id),
    });
    if usage == SessionUse::Touch {
        // Saving the session at the end of this request pushes its expiry back.
        staff.seen_at_ms = now;
        session.insert(STAFF_KEY, staff).await.map_err(internal)?;
    }
    Ok(caller)
}

/// The signed-in staff member, if their role holds `permission`; a refusal is
/// written to the security log.
pub async fn require(permission: Permission) -> Result<Caller, AppError> {
    let caller = signed_in().await?;
    if caller.role.can(permission) {
        return Ok(caller);
    }
    let ip = client_ip().await;
    Err(refuse(&state()?, &caller, &ip, permission).await)
}

/// [`require`] for a request outside a server function.
pub async fn require_of(
    state: &ServerState,
    session: &Session,
    ip: &str,
    permission: Permission,
) -> Result<Caller, AppError> {
    let caller = caller_of(state, session).await?;
    if caller.role.can(permission) {
        return Ok(caller);
    }
    Err(refuse(state, &caller, ip, permission).await)
}

/// Writes a permission refusal to the security log; the error to answer with.
async fn refuse(
    state: &ServerState,
    caller: &Caller,
    ip: &str,
    permission: Permission,
) -> AppError {
    let detail = format!("{permission:?}");
    let event = Event {
        kind: Kind::PermissionRefused,
        staff_id: Some(caller.staff_id),
        username: &caller.username,
        store_id: Some(caller.store_id),
        ip,
        detail: &detail,
    };
    if let Err(e) = db::security_log::record(&state.db, &event).await {
        return internal(e);
    }
    tracing::warn!(staff = caller.staff_id, ?permission, "permission refused");
    AppError::Forbidden
}

/// The set-up company (name, currency symbol, time zone); `NotFound` before set-up.
pub async fn company(db: &Db) -> Result<db::company::Company, AppError> {
    db::company::company(db)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)
}

/// A payment method for money at the counter: a built-in one, or a shop's own
/// that exists and is switched on (the member's card is not one of these).
pub async fn payment(db: &Db, raw: &str) -> Result<domain::slip::PaymentMethod, AppError> {
    let method = domain::slip::PaymentMethod::parse(raw)?;
    usable_methods(db, &[method.code()]).await?;
    Ok(method)
}

/// Refuses a method that the shop has switched off or never had. Cash and the
/// member's card are always on: a sale paid only with them asks nothing more.
pub async fn usable_methods(db: &Db, codes: &[String]) -> Result<(), AppError> {
    let asked: Vec<&String> = codes
        .iter()
        .filter(|c| !domain::pay_method::always_on(c))
        .collect();
    if asked.is_empty() {
        return Ok(());
    }
    let methods = db::pay_methods::list(db).await.map_err(internal)?;
    let on = |code: &String| methods.iter().any(|m| &m.code == code && m.active);
    if asked.into_iter().all(on) {
        Ok(())
    } else {
        Err(
            domain::FieldError::new(domain::Field::PaymentMethod, domain::Problem::NotAnOption)
                .into(),
        )
    }
}

/// The till token this browser sent (S5), if it looks like one.
async fn till_token() -> Option<String> {
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == domain::till::TILL_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The registered till of the caller's store this browser is (S5). Where the
/// shop sells only at registered tills, anything else is refused and written
/// to the security log: a stolen password alone opens no shift and sells nothing.
pub async fn at_till(
    state: &ServerState,
    caller: &Caller,
) -> Result<Option<db::tills::Till>, AppError> {
    let (till, required) = this_till(state, caller).await?;
    if till.is_some() || !required {
        return Ok(till);
    }
    log_event(state, caller, Kind::TillRefused).await?;
    Err(AppError::NotATill)
}

/// Writes `kind` to the security log for the caller, from this request's address.
pub async fn log_event(state: &ServerState, caller: &Caller, kind: Kind) -> Result<(), AppError> {
    let ip = client_ip().await;
    let event = Event {
        kind,
        staff_id: Some(caller.staff_id),
        username: &caller.username,
        store_id: Some(caller.store_id),
        ip: &ip,
        detail: "",
    };
    db::security_log::record(&state.db, &event)
        .await
        .map_err(internal)
}

/// The registered till of the caller's store this browser is, and whether the
/// shop sells only at registered tills (nothing is refused or logged here).
pub async fn this_till(
    state: &ServerState,
    caller: &Caller,
) -> Result<(Option<db::tills::Till>, bool), AppError> {
    let till = match till_token().await {
        Some(token) => db::tills::find(&state.db, &token).await.map_err(internal)?,
        None => None,
    };
    let till = till.filter(|t| t.store_id == caller.store_id);
    Ok((
        till,
        db::tills::required(&state.db).await.map_err(internal)?,
    ))
}

/// Keeps `token` in this browser as its till's (ten years, never read by scripts).
pub fn keep_till_token(state: &ServerState, token: &str) -> Result<(), AppError> {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{}={token}; Path=/; Max-Age=315360000; HttpOnly; SameSite=Strict{secure}",
        domain::till::TILL_COOKIE
    );
    let value = axum::http::HeaderValue::from_str(&cookie).map_err(internal)?;
    let response =
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>().ok_or(AppError::Internal)?;
    response.append_header(axum::http::header::SET_COOKIE, value);
    Ok(())
}
