//! The till's shift (H1): open with a float, close by counting the drawer.

use crate::error::AppError;
use domain::money::Money;
use domain::shift::CashCount;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftView {
    pub id: i64,
    pub store_name: String,
    pub cashier_name: String,
    /// In the company's time zone, "2026-11-25 09:00".
    pub opened_at: String,
    pub closed_at: Option<String>,
    pub float: Money,
    pub expected_cash: Option<Money>,
    pub counted_cash: Option<Money>,
    pub count: Option<CashCount>,
}

/// What the till shows: the open shift, or the last closed one and a way to open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TillState {
    pub currency_symbol: String,
    pub open: Option<ShiftView>,
    pub last_closed: Option<ShiftView>,
}

#[cfg(feature = "ssr")]
fn view_of(shift: db::shifts::Shift, caller: &db::staff::Caller, time_zone: &str) -> ShiftView {
    let expected = shift.expected_cash_fen.map(Money::from_fen);
    let counted = shift.counted_cash_fen.map(Money::from_fen);
    ShiftView {
        id: shift.id,
        store_name: caller.store_name.clone(),
        cashier_name: caller.name.clone(),
        opened_at: db::clock::local_minute(shift.opened_at_ms, time_zone),
        closed_at: shift
            .closed_at_ms
            .map(|at| db::clock::local_minute(at, time_zone)),
        float: Money::from_fen(shift.float_fen),
        expected_cash: expected,
        counted_cash: counted,
        count: expected
            .zip(counted)
            .map(|(e, c)| domain::shift::count_cash(e, c)),
    }
}

#[cfg(feature = "ssr")]
fn shift_error(e: db::shifts::ShiftError) -> AppError {
    use db::shifts::ShiftError;
    match e {
        ShiftError::AlreadyOpen => AppError::ShiftAlreadyOpen,
        ShiftError::NoneOpen => AppError::NoOpenShift,
        ShiftError::Db(e) => crate::guard::internal(e),
    }
}

#[server(endpoint = "my_till")]
pub async fn my_till() -> Result<TillState, AppError> {
    use crate::guard::{internal, require, state};
    use domain::access::Permission;
    let caller = require(Permission::UseTill).await?;
    let db = &state()?.db;
    let company = crate::guard::company(db).await?;
    let open = db::shifts::open_shift_of(db, caller.staff_id)
        .await
        .map_err(internal)?;
    let last = db::shifts::last_closed_of(db, caller.staff_id)
        .await
        .map_err(internal)?;
    Ok(TillState {
        open: open.map(|s| view_of(s, &caller, &company.time_zone)),
        last_closed: last.map(|s| view_of(s, &caller, &company.time_zone)),
        currency_symbol: company.currency_symbol,
    })
}

#[server(endpoint = "open_shift")]
pub async fn open_shift(float: String) -> Result<(), AppError> {
    use crate::guard::{require, state};
    use domain::Field;
    use domain::access::Permission;
    let caller = require(Permission::UseTill).await?;
    let float = Money::parse(&float, Field::Float)?;
    db::shifts::open(&state()?.db, &caller, float)
        .await
        .map_err(shift_error)?;
    Ok(())
}

#[server(endpoint = "close_shift")]
pub async fn close_shift(counted_cash: String) -> Result<(), AppError> {
    use crate::guard::{require, state};
    use domain::Field;
    use domain::access::Permission;
    let caller = require(Permission::UseTill).await?;
    let counted = Money::parse(&counted_cash, Field::CountedCash)?;
    db::shifts::close(&state()?.db, &caller, counted)
        .await
        .map_err(shift_error)?;
    Ok(())
}
