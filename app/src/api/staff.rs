//! Staff (S4): admins manage accounts in their scope; everyone changes their own password.

use crate::error::AppError;
use domain::access::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub role: Role,
    pub home_store_id: i64,
    pub store_name: String,
    pub active: bool,
    pub locked: bool,
}

#[cfg(feature = "ssr")]
fn staff_error(e: db::staff::StaffError) -> AppError {
    use db::staff::StaffError;
    use domain::{Field, FieldError, Problem};
    match e {
        StaffError::UsernameTaken => FieldError::new(Field::Username, Problem::Taken).into(),
        StaffError::NotFound => AppError::NotFound,
        StaffError::WrongPassword => AppError::WrongCurrentPassword,
        StaffError::NotOnSelf => AppError::NotOnSelf,
        StaffError::Db(e) => crate::guard::internal(e),
    }
}

#[server(endpoint = "list_staff")]
pub async fn list_staff() -> Result<Vec<StaffView>, AppError> {
    use crate::guard::{internal, require, state};
    use domain::access::Permission;
    let caller = require(Permission::ViewStaff).await?;
    let rows = db::staff::list(&state()?.db, caller.scope)
        .await
        .map_err(internal)?;
    let now = db::now_ms();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(StaffView {
                role: Role::from_code(&r.role)?,
                id: r.id,
                username: r.username,
                name: r.name,
                home_store_id: r.home_store_id,
                store_name: r.store_name,
                active: r.active,
                locked: r.locked_until_ms.is_some_and(|until| until > now),
            })
        })
        .collect())
}

#[server(endpoint = "create_staff")]
pub async fn create_staff(
    username: String,
    name: String,
    role: String,
    home_store_id: i64,
    password: String,
) -> Result<i64, AppError> {
    use crate::guard::{require, state};
    use domain::access::Permission;
    let caller = require(Permission::ManageStaff).await?;
    let form = domain::staff::NewStaffForm {
        username,
        name,
        role,
        home_store_id,
        password,
    };
    let staff = form.parse_all()?;
    db::staff::create(&state()?.db, caller.scope, &staff)
        .await
        .map_err(staff_error)
}

#[server(endpoint = "update_staff")]
pub async fn update_staff(
    id: i64,
    name: String,
    role: String,
    home_store_id: i64,
) -> Result<(), AppError> {
    use crate::guard::{require, state};
    use domain::access::Permission;
    let caller = require(Permission::ManageStaff).await?;
    let edit = domain::staff::StaffEditForm {
        name,
        role,
        home_store_id,
    }
    .parse()?;
    db::staff::update(&state()?.db, &caller, id, &edit)
        .await
        .map_err(staff_error)
}

#[server(endpoint = "set_staff_active")]
pub async fn set_staff_active(id: i64, active: bool) -> Result<(), AppError> {
    use crate::guard::{require, state};
    use domain::access::Permission;
    let caller = require(Permission::ManageStaff).await?;
    db::staff::set_active(&state()?.db, &caller, id, active)
        .await
        .map_err(staff_error)
}

/// An admin gives an account a new password (which also lifts a lockout).
#[server(endpoint = "reset_staff_password")]
pub async fn reset_staff_password(id: i64, new_password: String) -> Result<(), AppError> {
    use crate::guard::{client_ip, require, start_session, state};
    use domain::Field;
    use domain::access::Permission;
    let caller = require(Permission::ManageStaff).await?;
    let db = &state()?.db;
    let username = db::staff::username_of(db, caller.scope, id)
        .await
        .map_err(staff_error)?;
    domain::password::check_strength(&new_password, &username, Field::NewPassword)?;
    let epoch = db::staff::reset_password(db, &caller, id, &new_password, &client_ip().await)
        .await
        .map_err(staff_error)?;
    // The account's sessions are over; an admin resetting their own password
    // keeps this one, under a new id.
    if id == caller.staff_id {
        start_session(id, epoch).await?;
    }
    Ok(())
}

/// Anyone signed in changes their own password, knowing the current one.
#[server(endpoint = "change_my_password")]
pub async fn change_my_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::guard::{client_ip, signed_in, start_session, state};
    use domain::Field;
    let me = signed_in().await?;
    if current_password.chars().count() > domain::password::PASSWORD_MAX_CHARS as usize {
        return Err(AppError::WrongCurrentPassword);
    }
    domain::password::check_strength(&new_password, &me.username, Field::NewPassword)?;
    let epoch = db::staff::change_own_password(
        &state()?.db,
        &me,
        &current_password,
        &new_password,
        &client_ip().await,
    )
    .await
    .map_err(staff_error)?;
    // Every other session of this account (a stolen cookie) is over; this one
    // goes on under a new id and the new epoch.
    start_session(me.staff_id, epoch).await
}
