//! What every report server function (and CSV download) starts from: the
//! caller's permission, the store scope narrowed by the filter, the company's
//! day and time zone, the stores' names and owners.

use super::reports::ReportFrame;
use crate::error::AppError;
use crate::guard::{internal, require, state};
use db::Db;
use domain::access::Permission;
use domain::day::Day;
use domain::report::{Period, Stores, stores_for};
use std::collections::HashMap;

pub struct Ask {
    pub db: Db,
    pub stores: Stores,
    pub frame: ReportFrame,
    pub today: Day,
    pub time_zone: String,
    pub names: HashMap<i64, String>,
    pub owners: HashMap<i64, String>,
}

/// The caller's report context: permission, scope narrowed by `store`,
/// the company's day and the stores' names.
pub async fn ask(store: Option<i64>) -> Result<Ask, AppError> {
    let caller = require(Permission::ViewReports).await?;
    ask_for(state()?.db, &caller, store).await
}

/// [`ask`] for a caller already checked (a CSV download).
pub async fn ask_for(
    db: Db,
    caller: &db::staff::Caller,
    store: Option<i64>,
) -> Result<Ask, AppError> {
    let stores =
        stores_for(caller.scope, store.filter(|id| *id > 0)).map_err(|_| AppError::Forbidden)?;
    let company = crate::guard::company(&db).await?;
    // Every store's name: a branch reads whom it owes and who owes it.
    let listed = db::stores::list(&db, domain::access::Scope::AllStores)
        .await
        .map_err(internal)?;
    if let Stores::One(id) = stores
        && !listed.iter().any(|s| s.id == id)
    {
        return Err(AppError::NotFound);
    }
    let names: HashMap<i64, String> = listed.iter().map(|s| (s.id, s.name.clone())).collect();
    let owners: HashMap<i64, String> = listed.iter().map(|s| (s.id, s.owner.clone())).collect();
    let today = db::clock::business_day(db::now_ms(), &company.time_zone);
    let pickable = match caller.scope.only_store() {
        None => listed.into_iter().map(|s| (s.id, s.name)).collect(),
        Some(_) => Vec::new(),
    };
    Ok(Ask {
        frame: ReportFrame {
            currency_symbol: company.currency_symbol,
            stores: pickable,
            store_id: stores.one(),
            today: today.to_string(),
        },
        db,
        stores,
        today,
        time_zone: company.time_zone,
        names,
        owners,
    })
}

impl Ask {
    pub fn name(&self, id: i64) -> String {
        self.names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }

    /// The period typed, or the default: the month so far.
    pub fn period(&self, first: &str, last: &str) -> Result<Period, AppError> {
        if first.trim().is_empty() && last.trim().is_empty() {
            return Ok(Period::month_so_far(self.today));
        }
        Ok(Period::parse(first, last)?)
    }

    /// The day typed ("as of"), or today.
    pub fn as_of(&self, typed: &str) -> Result<Day, AppError> {
        if typed.trim().is_empty() {
            return Ok(self.today);
        }
        Ok(Day::parse(typed, domain::Field::LastDay)?)
    }

    pub fn minute(&self, at_ms: i64) -> String {
        db::clock::local_minute(at_ms, &self.time_zone)
    }
}

pub fn member_text(no: Option<String>, name: Option<String>) -> String {
    match (no, name) {
        (Some(no), Some(name)) => format!("{no} {name}"),
        _ => String::new(),
    }
}

pub fn pages(count: i64) -> u32 {
    let rows = db::reports::PAGE_ROWS;
    (((count + rows - 1) / rows).max(1)).min(i64::from(db::reports::PAGE_MAX)) as u32
}
