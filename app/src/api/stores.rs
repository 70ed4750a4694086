//! Stores (S3): admins manage them; everyone reads those in their scope.

use crate::error::AppError;
use leptos::prelude::*;

pub use domain::store::Store;

#[cfg(feature = "ssr")]
fn store_error(e: db::stores::StoreError) -> AppError {
    use db::stores::StoreError;
    use domain::{Field, FieldError, Problem};
    match e {
        StoreError::CodeTaken => FieldError::new(Field::StoreCode, Problem::Taken).into(),
        StoreError::NotFound => AppError::NotFound,
        StoreError::HeadOfficeStaysActive => AppError::HeadOfficeStaysActive,
        StoreError::Db(e) => crate::guard::internal(e),
    }
}

/// The stores the caller may see (all for head office, their own for a branch).
#[server(endpoint = "list_stores")]
pub async fn list_stores() -> Result<Vec<Store>, AppError> {
    use crate::guard::{internal, signed_in, state};
    let caller = signed_in().await?;
    db::stores::list(&state()?.db, caller.scope)
        .await
        .map_err(internal)
}

#[server(endpoint = "create_store")]
pub async fn create_store(
    code: String,
    name: String,
    address: String,
    phone: String,
    owner: String,
) -> Result<i64, AppError> {
    use crate::guard::{require, state};
    use domain::access::{Permission, Scope};
    let caller = require(Permission::ManageStores).await?;
    // A new branch belongs to the whole chain: only head-office scope adds one.
    if caller.scope != Scope::AllStores {
        return Err(AppError::Forbidden);
    }
    let form = domain::store::StoreForm {
        code,
        name,
        address,
        phone,
        owner,
    };
    let store = form.parse_all()?;
    db::stores::create(&state()?.db, &store)
        .await
        .map_err(store_error)
}

#[server(endpoint = "update_store")]
pub async fn update_store(
    id: i64,
    code: String,
    name: String,
    address: String,
    phone: String,
    owner: String,
) -> Result<(), AppError> {
    use crate::guard::{require, state};
    use domain::access::Permission;
    let caller = require(Permission::ManageStores).await?;
    let form = domain::store::StoreForm {
        code,
        name,
        address,
        phone,
        owner,
    };
    let store = form.parse_all()?;
    db::stores::update(&state()?.db, caller.scope, id, &store)
        .await
        .map_err(store_error)
}

#[server(endpoint = "set_store_active")]
pub async fn set_store_active(id: i64, active: bool) -> Result<(), AppError> {
    use crate::guard::{require, state};
    use domain::access::Permission;
    let caller = require(Permission::ManageStores).await?;
    db::stores::set_active(&state()?.db, caller.scope, id, active)
        .await
        .map_err(store_error)
}
