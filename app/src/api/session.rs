//! Set-up, sign-in and sign-out, and who is signed in.
// The set-up wizard posts its fields as a plain form (ActionForm), one
// argument each; the server macro copies no attribute to the browser's side.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use domain::access::{Caller, Section};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person, as every page needs them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub staff: Caller,
    pub company_name: String,
    /// The navigation sections this person's role may open.
    pub sections: Vec<Section>,
    /// The payment methods switched on, in the till's order (V4).
    #[serde(default)]
    pub pay_methods: Vec<domain::pay_method::PayMethod>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionInfo {
    /// No company yet: every page leads to the set-up wizard.
    NeedsSetup,
    SignedOut,
    SignedIn(Me),
}

#[server(endpoint = "current_session")]
pub async fn current_session() -> Result<SessionInfo, AppError> {
    use crate::guard::{internal, signed_in, state};
    let state = state()?;
    if !db::company::is_set_up(&state.db).await.map_err(internal)? {
        return Ok(SessionInfo::NeedsSetup);
    }
    let caller = match signed_in().await {
        Ok(caller) => caller,
        Err(AppError::NotSignedIn) => return Ok(SessionInfo::SignedOut),
        Err(e) => return Err(e),
    };
    let company = db::company::company(&state.db).await.map_err(internal)?;
    let mut pay_methods = db::pay_methods::list(&state.db).await.map_err(internal)?;
    pay_methods.retain(|m| m.active);
    Ok(SessionInfo::SignedIn(Me {
        pay_methods,
        sections: Section::ALL
            .into_iter()
            .filter(|s| s.visible_to(caller.role))
            .collect(),
        company_name: company.map(|c| c.name).unwrap_or_default(),
        staff: caller,
    }))
}

/// First-run set-up (S1). Refused once a company exists, whoever calls it.
#[server(endpoint = "set_up")]
pub async fn set_up(
    company_name: String,
    currency_symbol: String,
    time_zone: String,
    head_office_name: String,
    admin_username: String,
    admin_name: String,
    admin_password: String,
    #[server(default)] admin_password_again: String,
) -> Result<(), AppError> {
    use crate::guard::{client_ip, internal, start_session, state};
    use db::company::SetupError;
    let form = domain::company::SetupForm {
        company_name,
        currency_symbol,
        time_zone,
        head_office_name,
        admin_username,
        admin_name,
        admin_password,
        admin_password_again,
    };
    let state = state()?;
    // Refuse a repeat before looking at the input: it must never matter what is sent.
    if db::company::is_set_up(&state.db).await.map_err(internal)? {
        return Err(AppError::AlreadySetUp);
    }
    let setup = form.parse_all()?;
    match db::company::set_up(&state.db, &setup, &client_ip().await).await {
        // The admin who set the shop up is signed in (a new account: epoch 0).
        Ok(admin_id) => start_session(admin_id, 0).await,
        Err(SetupError::AlreadySetUp) => Err(AppError::AlreadySetUp),
        Err(SetupError::Db(e)) => Err(internal(e)),
    }
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(username: String, password: String) -> Result<(), AppError> {
    use crate::guard::{client_ip, internal, start_session, state};
    use db::staff::SignInError;
    // A name no account can have (too long, control characters: Postgres refuses
    // a NUL in text) is simply wrong; it never reaches the database.
    if domain::staff::parse_username(&username).is_err()
        || password.chars().count() > domain::password::PASSWORD_MAX_CHARS as usize
    {
        return Err(AppError::WrongCredentials);
    }
    let state = state()?;
    let ip = client_ip().await;
    match db::staff::sign_in(&state.db, &username, &password, state.lockout, &ip).await {
        Ok(signed) => start_session(signed.caller.staff_id, signed.epoch).await,
        // A locked account answers exactly as an unknown name or a wrong password
        // (the message says that tries are limited): nobody learns which names exist.
        Err(SignInError::WrongCredentials | SignInError::Locked { .. }) => {
            Err(AppError::WrongCredentials)
        }
        Err(SignInError::Inactive) => Err(AppError::AccountInactive),
        Err(SignInError::Db(e)) => Err(internal(e)),
    }
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::guard::{client_ip, internal, session, signed_in, state};
    use db::security_log::{Event, Kind};
    if let Ok(caller) = signed_in().await {
        let ip = client_ip().await;
        let event = Event {
            kind: Kind::SignedOut,
            staff_id: Some(caller.staff_id),
            username: &caller.username,
            store_id: Some(caller.store_id),
            ip: &ip,
            detail: "",
        };
        db::security_log::record(&state()?.db, &event)
            .await
            .map_err(internal)?;
    }
    session().await?.flush().await.map_err(internal)?;
    Ok(())
}
