//! Registered tills (S5): the admin adds a till and gets a pairing code, makes a
//! new code (a new PC), revokes a till, and says whether only registered tills
//! sell; on the till's PC a cashier types the code once.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TillLine {
    pub id: i64,
    pub name: String,
    pub store_name: String,
    pub added: String,
    /// When it was paired with its browser; none while waiting for its code.
    pub paired: Option<String>,
    /// A code is waiting to be typed until then.
    pub code_until: Option<String>,
    pub revoked: Option<String>,
    pub last_used: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TillsView {
    pub tills: Vec<TillLine>,
    /// The stores a till may be added at (the admin's scope).
    pub stores: Vec<(i64, String)>,
    pub store_id: i64,
    /// Only registered tills may open shifts and sell.
    pub required: bool,
    /// The head office's admin changes that rule (it holds for the company).
    pub may_change_rule: bool,
}

/// A code to type on the till's PC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingCode {
    pub name: String,
    pub code: String,
    pub until: String,
}

#[cfg(feature = "ssr")]
async fn admin() -> Result<(crate::guard::ServerState, domain::access::Caller, String), AppError> {
    let caller = crate::guard::require(domain::access::Permission::ManageSettings).await?;
    let state = crate::guard::state()?;
    let zone = crate::guard::company(&state.db).await?.time_zone;
    Ok((state, caller, zone))
}

#[cfg(feature = "ssr")]
fn till_error(e: db::tills::TillError) -> AppError {
    use db::tills::TillError;
    use domain::{Field, FieldError, Problem};
    match e {
        TillError::NotFound => AppError::NotFound,
        TillError::NameTaken => FieldError::new(Field::TillName, Problem::Taken).into(),
        TillError::BadCode => AppError::BadPairingCode,
        TillError::Db(e) => crate::guard::internal(e),
    }
}

#[server(endpoint = "load_tills")]
pub async fn load_tills() -> Result<TillsView, AppError> {
    use crate::guard::internal;
    let (state, caller, zone) = admin().await?;
    let db = &state.db;
    let at = |ms: Option<i64>| ms.map(|ms| db::clock::local_minute(ms, &zone));
    let tills = db::tills::list(db, caller.scope)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|t| TillLine {
            id: t.id,
            name: t.name,
            store_name: t.store_name,
            added: db::clock::local_minute(t.created_at_ms, &zone),
            paired: at(t.paired_at_ms),
            code_until: at(t.pairing_until_ms.filter(|until| *until > db::now_ms())),
            revoked: at(t.revoked_at_ms),
            last_used: at(t.last_used_at_ms),
        })
        .collect();
    let stores = db::stores::list(db, caller.scope)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|s| s.active)
        .map(|s| (s.id, s.name))
        .collect();
    Ok(TillsView {
        tills,
        stores,
        store_id: caller.store_id,
        required: db::tills::required(db).await.map_err(internal)?,
        may_change_rule: caller.scope == domain::access::Scope::AllStores,
    })
}

#[server(endpoint = "add_till")]
pub async fn add_till(name: String, store_id: i64) -> Result<PairingCode, AppError> {
    let (state, caller, zone) = admin().await?;
    let name = domain::till::parse_till_name(&name)?;
    let (_, code) = db::tills::add(&state.db, &caller, store_id, &name)
        .await
        .map_err(till_error)?;
    let until = db::now_ms() + domain::till::PAIRING_MINUTES * 60_000;
    Ok(PairingCode {
        name,
        code,
        until: db::clock::local_minute(until, &zone),
    })
}

#[server(endpoint = "new_till_code")]
pub async fn new_till_code(id: i64) -> Result<PairingCode, AppError> {
    let (state, caller, zone) = admin().await?;
    let code = db::tills::new_code(&state.db, caller.scope, id)
        .await
        .map_err(till_error)?;
    let name = db::tills::list(&state.db, caller.scope)
        .await
        .map_err(crate::guard::internal)?
        .into_iter()
        .find(|t| t.id == id)
        .map(|t| t.name)
        .unwrap_or_default();
    let until = db::now_ms() + domain::till::PAIRING_MINUTES * 60_000;
    Ok(PairingCode {
        name,
        code,
        until: db::clock::local_minute(until, &zone),
    })
}

#[server(endpoint = "revoke_till")]
pub async fn revoke_till(id: i64) -> Result<(), AppError> {
    let (state, caller, _) = admin().await?;
    db::tills::revoke(&state.db, caller.scope, id)
        .await
        .map_err(till_error)
}

#[server(endpoint = "set_tills_required")]
pub async fn set_tills_required(on: bool) -> Result<(), AppError> {
    let (state, caller, _) = admin().await?;
    if caller.scope != domain::access::Scope::AllStores {
        return Err(AppError::Forbidden);
    }
    db::tills::set_required(&state.db, on)
        .await
        .map_err(crate::guard::internal)
}

/// On the till's PC: the code the admin was given makes this browser the till.
#[server(endpoint = "pair_till")]
pub async fn pair_till(code: String) -> Result<String, AppError> {
    let caller = crate::guard::require(domain::access::Permission::UseTill).await?;
    let state = crate::guard::state()?;
    let code = domain::till::parse_pairing_code(&code)?;
    match db::tills::pair(&state.db, &caller, &code).await {
        Ok((till, token)) => {
            crate::guard::keep_till_token(&state, &token)?;
            Ok(till.name)
        }
        Err(db::tills::TillError::BadCode) => {
            let kind = db::security_log::Kind::PairingRefused;
            crate::guard::log_event(&state, &caller, kind).await?;
            Err(AppError::BadPairingCode)
        }
        Err(e) => Err(till_error(e)),
    }
}
