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
    /// What the shift took and paid out, per payment method.
    pub summary: domain::shift::ShiftSummary,
}

/// What the till shows: the open shift, or the last closed one and a way to open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TillState {
    pub currency_symbol: String,
    /// The caller may see every shift of the store (a manager).
    pub may_see_all_shifts: bool,
    /// The store's latest sales, for reprints (with the page's data, so that the
    /// page hydrates exactly as the server rendered it).
    pub recent_sales: Vec<domain::sale::SaleSummary>,
    pub open: Option<ShiftView>,
    pub last_closed: Option<ShiftView>,
    /// The plans the till can sell a card of (active ones).
    pub plans: Vec<domain::plan::Plan>,
    /// This browser's till (S5), if it is one.
    pub till: Option<String>,
    /// The shop sells only at registered tills and this browser is none: it
    /// must be paired first.
    pub needs_till: bool,
}

#[cfg(feature = "ssr")]
async fn view_of(
    db: &db::Db,
    shift: db::shifts::Shift,
    store_name: &str,
    cashier_name: &str,
    time_zone: &str,
) -> Result<ShiftView, AppError> {
    let summary = db::shifts::summary(db, shift.id)
        .await
        .map_err(crate::guard::internal)?;
    // An open shift: what the drawer should hold now.
    let expected = shift
        .expected_cash_fen
        .map(Money::from_fen)
        .or_else(|| summary.expected_cash(Money::from_fen(shift.float_fen)));
    let counted = shift.counted_cash_fen.map(Money::from_fen);
    Ok(ShiftView {
        id: shift.id,
        store_name: store_name.to_owned(),
        cashier_name: cashier_name.to_owned(),
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
        summary,
    })
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
    let server = state()?;
    let db = &server.db;
    let (till, required) = crate::guard::this_till(&server, &caller).await?;
    let company = crate::guard::company(db).await?;
    let open = db::shifts::open_shift_of(db, caller.staff_id)
        .await
        .map_err(internal)?;
    let last = db::shifts::last_closed_of(db, caller.staff_id)
        .await
        .map_err(internal)?;
    let tz = &company.time_zone;
    let (store, name) = (&caller.store_name, &caller.name);
    let open = match open {
        Some(s) => Some(view_of(db, s, store, name, tz).await?),
        None => None,
    };
    let last_closed = match last {
        Some(s) => Some(view_of(db, s, store, name, tz).await?),
        None => None,
    };
    let recent_sales = db::sales::recent(db, caller.store_id, 20)
        .await
        .map_err(internal)?;
    let plans = db::plans::list(db)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|p| p.active)
        .collect();
    Ok(TillState {
        needs_till: required && till.is_none(),
        till: till.map(|t| t.name),
        plans,
        recent_sales,
        may_see_all_shifts: caller.role.can(Permission::ViewAllShifts),
        open,
        last_closed,
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
    let state = state()?;
    let till = crate::guard::at_till(&state, &caller).await?;
    db::shifts::open_at(&state.db, &caller, float, till.map(|t| t.id))
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

/// The shifts of a store and the symbol to show money with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftsOfStore {
    pub currency_symbol: String,
    pub shifts: Vec<ShiftView>,
    /// The stores the caller may filter by (the head office: every store; a
    /// branch: none, it sees its own).
    pub stores: Vec<(i64, String)>,
}

/// The latest shifts with their reports, newest first (managers): a branch sees
/// its own store's; the head office every store's, or one store's (`store_id`).
#[server(endpoint = "store_shifts")]
pub async fn store_shifts(
    #[server(default)] store_id: Option<i64>,
) -> Result<ShiftsOfStore, AppError> {
    use crate::guard::{internal, require, state};
    use domain::access::Permission;
    let caller = require(Permission::ViewAllShifts).await?;
    let db = &state()?.db;
    let company = crate::guard::company(db).await?;
    let head_office = caller.scope.only_store().is_none();
    let store = caller.scope.only_store().or(store_id.filter(|id| *id > 0));
    let mut views = Vec::new();
    for s in db::shifts::of_stores(db, store, 30)
        .await
        .map_err(internal)?
    {
        views.push(
            view_of(
                db,
                s.shift,
                &s.store_name,
                &s.cashier_name,
                &company.time_zone,
            )
            .await?,
        );
    }
    let stores = if head_office {
        db::stores::list(db, caller.scope)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(ShiftsOfStore {
        currency_symbol: company.currency_symbol,
        shifts: views,
        stores,
    })
}
