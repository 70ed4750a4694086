//! Points and levels (P1, P2): a member's points account, the level set by
//! hand, and the loyalty settings.

use crate::error::AppError;
use domain::points::{LoyaltyForm, PointsAccount};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A member's points, their movements, the level history and the progress to
/// the next level. Members belong to the chain: every store sees them.
#[server(endpoint = "member_points")]
pub async fn member_points(member_id: i64) -> Result<PointsAccount, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ViewMembers).await?;
    db::points::account(&state()?.db, member_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)
}

/// A manager sets a member's level by hand (`level_id` 0: no level), with the
/// reason people will read in the level history.
#[server(endpoint = "set_member_level")]
pub async fn set_member_level(
    member_id: i64,
    level_id: i64,
    reason: String,
) -> Result<(), AppError> {
    use crate::guard::{require, state};
    let caller = require(domain::access::Permission::ManageCards).await?;
    let reason = domain::text::required(
        &reason,
        domain::Field::Reason,
        domain::slip::REASON_MAX_CHARS,
    )?;
    let op = db::ledger::Op {
        caller: &caller,
        request_id: "",
        reason: &reason,
    };
    let level = (level_id > 0).then_some(level_id);
    db::points::set_level(&state()?.db, &op, member_id, level)
        .await
        .map_err(super::cards::ledger_error)
}

#[server(endpoint = "load_loyalty")]
pub async fn load_loyalty() -> Result<LoyaltyForm, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ManageSettings).await?;
    let loyalty = db::points::loyalty(&state()?.db).await.map_err(internal)?;
    Ok(LoyaltyForm::from_loyalty(&loyalty))
}

#[server(endpoint = "save_loyalty", input = Json)]
pub async fn save_loyalty(form: LoyaltyForm) -> Result<(), AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ManageSettings).await?;
    let loyalty = form.parse_all()?;
    db::points::save_loyalty(&state()?.db, &loyalty)
        .await
        .map_err(internal)
}
