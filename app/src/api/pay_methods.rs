//! Payment methods (V4): admins add the shop's own, rename them and switch
//! methods off; the till and the card forms offer the ones switched on (they
//! arrive with the session, `Me::pay_methods`).

use crate::error::AppError;
use domain::pay_method::{MethodForm, PayMethod};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Every method, switched off ones too, for the settings page.
#[server(endpoint = "pay_methods")]
pub async fn pay_methods() -> Result<Vec<PayMethod>, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ManageSettings).await?;
    db::pay_methods::list(&state()?.db).await.map_err(internal)
}

/// Adds a method of the shop's own; gives its code.
#[server(endpoint = "add_pay_method", input = Json)]
pub async fn add_pay_method(form: MethodForm) -> Result<String, AppError> {
    use crate::guard::{internal, require, state};
    use db::pay_methods::Added;
    use domain::{Field, FieldError, Problem};
    require(domain::access::Permission::ManageSettings).await?;
    let method = form.parse()?;
    match db::pay_methods::add(&state()?.db, &method)
        .await
        .map_err(internal)?
    {
        Added::Added(code) => Ok(code),
        Added::TooMany => Err(FieldError::new(
            Field::PaymentMethod,
            Problem::TooMany {
                max: domain::pay_method::SHOP_METHODS_MAX as u32,
            },
        )
        .into()),
    }
}

/// Renames a shop method or changes whether it goes into the drawer.
#[server(endpoint = "save_pay_method", input = Json)]
pub async fn save_pay_method(code: String, form: MethodForm) -> Result<(), AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ManageSettings).await?;
    let method = form.parse()?;
    match db::pay_methods::update(&state()?.db, &code, &method)
        .await
        .map_err(internal)?
    {
        true => Ok(()),
        false => Err(AppError::NotFound),
    }
}

/// Switches a method on or off (cash and the member's card stay on).
#[server(endpoint = "set_pay_method_active")]
pub async fn set_pay_method_active(code: String, active: bool) -> Result<(), AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ManageSettings).await?;
    match db::pay_methods::set_active(&state()?.db, &code, active)
        .await
        .map_err(internal)?
    {
        true => Ok(()),
        false => Err(AppError::NotFound),
    }
}
