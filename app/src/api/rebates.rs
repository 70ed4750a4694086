//! The points rebate (P4): tiers, a preview, and runs stepped from the page.

use crate::error::AppError;
use domain::rebate::{RebateLine, RebateRun, Tier, TierForm};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// Lines a preview shows at most.
pub const PREVIEW_LINES_MAX: usize = 500;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebatePage {
    pub tiers: Vec<Tier>,
    pub runs: Vec<RebateRun>,
    /// Stored-value plans a rebate can land on: (id, name).
    pub plans: Vec<(i64, String)>,
    /// Rebate points per yuan, as a person reads it ("1").
    pub rate: String,
    pub currency_symbol: String,
}

#[server(endpoint = "load_rebate")]
pub async fn load_rebate() -> Result<RebatePage, AppError> {
    use crate::guard::{company, internal, require, state};
    require(domain::access::Permission::ManageSettings).await?;
    let db = &state()?.db;
    let plans = db::plans::list(db).await.map_err(internal)?;
    Ok(RebatePage {
        tiers: db::rebates::tiers(db).await.map_err(internal)?,
        runs: db::rebates::runs(db, None).await.map_err(internal)?,
        plans: plans
            .into_iter()
            .filter(|p| p.kind == domain::card::CardKind::StoredValue && p.active)
            .map(|p| (p.id, p.name))
            .collect(),
        rate: domain::points::rate_text(
            db::points::loyalty(db)
                .await
                .map_err(internal)?
                .rebate_rate_pct,
        ),
        currency_symbol: company(db).await?.currency_symbol,
    })
}

#[server(endpoint = "save_rebate_tier", input = Json)]
pub async fn save_rebate_tier(form: TierForm) -> Result<(), AppError> {
    use crate::guard::{internal, require, state};
    use domain::{Field, FieldError, Problem};
    require(domain::access::Permission::ManageSettings).await?;
    let tier = form.parse_all()?;
    if !db::rebates::save_tier(&state()?.db, &tier)
        .await
        .map_err(internal)?
    {
        let max = domain::rebate::TIERS_MAX as u32;
        return Err(FieldError::new(Field::Points, Problem::TooMany { max }).into());
    }
    Ok(())
}

#[server(endpoint = "remove_rebate_tier")]
pub async fn remove_rebate_tier(points: i64) -> Result<(), AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ManageSettings).await?;
    db::rebates::remove_tier(&state()?.db, points)
        .await
        .map_err(internal)
}

/// Who would get what for the period, before anything is written.
#[server(endpoint = "preview_rebate")]
pub async fn preview_rebate(
    first_day: String,
    last_day: String,
    plan_id: i64,
) -> Result<Vec<RebateLine>, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ManageSettings).await?;
    let period = domain::rebate::parse_period(&first_day, &last_day)?;
    db::rebates::preview(&state()?.db, period, plan_id, PREVIEW_LINES_MAX)
        .await
        .map_err(internal)
}

/// Starts a run; the page then steps it to the end.
#[server(endpoint = "start_rebate")]
pub async fn start_rebate(
    first_day: String,
    last_day: String,
    plan_id: i64,
) -> Result<i64, AppError> {
    use crate::guard::{require, state};
    let caller = require(domain::access::Permission::ManageSettings).await?;
    let period = domain::rebate::parse_period(&first_day, &last_day)?;
    db::rebates::start(&state()?.db, caller.staff_id, period, plan_id)
        .await
        .map_err(super::cards::ledger_error)
}

/// Pays the next members of a run; gives its progress.
#[server(endpoint = "step_rebate")]
pub async fn step_rebate(run_id: i64) -> Result<RebateRun, AppError> {
    use crate::guard::{require, state};
    let caller = require(domain::access::Permission::ManageSettings).await?;
    db::rebates::step(&state()?.db, &caller, run_id)
        .await
        .map_err(super::cards::ledger_error)
}
