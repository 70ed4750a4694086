//! Server side only: the state server functions share, and the one guard every
//! server function calls before it does anything.

use crate::error::AppError;
use db::Db;
use db::security_log::{Event, Kind};
use db::staff::Caller;
use domain::access::Permission;
use domain::password::LockoutPolicy;
use tower_sessions::Session;

/// Shared by every request; provided to Leptos as context by the server.
#[derive(Clone, Debug)]
pub struct ServerState {
    pub db: Db,
    pub lockout: LockoutPolicy,
}

/// The session key holding the signed-in staff id.
pub const STAFF_ID_KEY: &str = "staff_id";

pub fn state() -> Result<ServerState, AppError> {
    leptos::prelude::use_context::<ServerState>()
        .ok_or_else(|| internal("ServerState not provided"))
}

/// Logs the cause and gives the user the generic message.
pub fn internal(cause: impl std::fmt::Display) -> AppError {
    tracing::error!(%cause, "internal error in a server function");
    AppError::Internal
}

pub async fn session() -> Result<Session, AppError> {
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

/// The signed-in, active staff member; deactivated accounts lose their session.
pub async fn signed_in() -> Result<Caller, AppError> {
    let state = state()?;
    let session = session().await?;
    let staff_id: Option<i64> = session.get(STAFF_ID_KEY).await.map_err(internal)?;
    let Some(staff_id) = staff_id else {
        return Err(AppError::NotSignedIn);
    };
    match db::staff::caller(&state.db, staff_id)
        .await
        .map_err(internal)?
    {
        Some(caller) => Ok(caller),
        None => {
            session.flush().await.map_err(internal)?;
            Err(AppError::NotSignedIn)
        }
    }
}

/// The signed-in staff member, if their role holds `permission`; a refusal is
/// written to the security log.
pub async fn require(permission: Permission) -> Result<Caller, AppError> {
    let caller = signed_in().await?;
    if caller.role.can(permission) {
        return Ok(caller);
    }
    let state = state()?;
    let ip = client_ip().await;
    let detail = format!("{permission:?}");
    let event = Event {
        kind: Kind::PermissionRefused,
        staff_id: Some(caller.staff_id),
        username: &caller.username,
        store_id: Some(caller.store_id),
        ip: &ip,
        detail: &detail,
    };
    db::security_log::record(&state.db, &event)
        .await
        .map_err(internal)?;
    tracing::warn!(staff = caller.staff_id, ?permission, "permission refused");
    Err(AppError::Forbidden)
}

/// The set-up company (name, currency symbol, time zone); `NotFound` before set-up.
pub async fn company(db: &Db) -> Result<db::company::Company, AppError> {
    db::company::company(db)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)
}
