//! Reports and the head-office dashboard (R1-R3). Every function needs
//! `ViewReports` and takes the store scope from the session: a store filter
//! narrows it (`domain::report::stores_for`), never widens it.

use crate::error::AppError;
use domain::money::Money;
use domain::report::{DayFigures, Liability};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::report_ask as serve;

/// What every report page shows around its figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFrame {
    pub currency_symbol: String,
    /// The stores the caller may filter by: the head office every store; a
    /// branch none (it sees its own only).
    pub stores: Vec<(i64, String)>,
    /// The store the report covers; none: every store in scope.
    pub store_id: Option<i64>,
    /// The company's business day, "2026-12-07".
    pub today: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiabilityLine {
    pub store_id: i64,
    pub store_name: String,
    pub principal: Money,
    pub bonus: Money,
    pub total: Money,
}

/// What the shop owes its card holders at the end of a day, per store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiabilityReport {
    pub frame: ReportFrame,
    pub as_of: String,
    pub lines: Vec<LiabilityLine>,
    pub principal: Money,
    pub bonus: Money,
    pub total: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementLine {
    pub payer: String,
    pub payee: String,
    pub amount: Money,
}

/// Value moved between two stores over the period, before netting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowLine {
    /// The store that issued the cards.
    pub home: String,
    /// The store where they were recharged or spent.
    pub at: String,
    /// Principal paid in at `at` (positive) or spent there (negative).
    pub principal: Money,
}

/// Who owes whom between stores over a period (inter-store clearing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClearingReport {
    pub frame: ReportFrame,
    pub first: String,
    pub last: String,
    pub settlements: Vec<SettlementLine>,
    /// The same between the stores' owners (a mall with several owners); empty
    /// when the stores have fewer than two owners.
    pub owners: Vec<SettlementLine>,
    pub flows: Vec<FlowLine>,
}

/// One store on the dashboard: today, each of the last 30 days, its liability.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreFigures {
    pub store_id: i64,
    pub store_name: String,
    pub today: DayFigures,
    /// One per day of `Dashboard::days`, oldest first.
    pub trend: Vec<DayFigures>,
    pub liability: Liability,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub frame: ReportFrame,
    /// The trend's days, oldest first ("2026-11-08" ... today).
    pub days: Vec<String>,
    pub stores: Vec<StoreFigures>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleLine {
    pub id: i64,
    pub at: String,
    pub store_name: String,
    pub staff_name: String,
    pub member: String,
    pub list: Money,
    pub discount: Money,
    pub total: Money,
    pub refunded: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesReport {
    pub frame: ReportFrame,
    pub first: String,
    pub last: String,
    pub page: u32,
    pub pages: u32,
    pub count: i64,
    pub lines: Vec<SaleLine>,
    pub list: Money,
    pub discount: Money,
    pub total: Money,
    pub refunded: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RechargeLine {
    pub id: i64,
    pub at: String,
    /// A recharge taken back.
    pub reversal: bool,
    pub store_name: String,
    pub staff_name: String,
    pub card_no: String,
    pub member: String,
    pub payment_method: String,
    pub money_in: Money,
    pub principal: Money,
    pub bonus: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RechargeReport {
    pub frame: ReportFrame,
    pub first: String,
    pub last: String,
    pub page: u32,
    pub pages: u32,
    pub count: i64,
    pub lines: Vec<RechargeLine>,
    pub money_in: Money,
    pub principal: Money,
    pub bonus: Money,
}

/// The liability at the end of `as_of` (default: today), per store.
#[server(endpoint = "report_liability")]
pub async fn report_liability(
    #[server(default)] as_of: String,
    #[server(default)] store: Option<i64>,
) -> Result<LiabilityReport, AppError> {
    let ask = serve::ask(store).await?;
    let day = ask.as_of(&as_of)?;
    let rows = db::reports::liability(&ask.db, ask.stores, day)
        .await
        .map_err(crate::guard::internal)?;
    let mut sum = Liability::default();
    let lines = rows
        .into_iter()
        .map(|(id, l)| {
            sum = sum + l;
            LiabilityLine {
                store_id: id,
                store_name: ask.name(id),
                principal: Money::from_fen(l.principal_fen),
                bonus: Money::from_fen(l.bonus_fen),
                total: Money::from_fen(l.total_fen()),
            }
        })
        .collect();
    Ok(LiabilityReport {
        as_of: day.to_string(),
        lines,
        principal: Money::from_fen(sum.principal_fen),
        bonus: Money::from_fen(sum.bonus_fen),
        total: Money::from_fen(sum.total_fen()),
        frame: ask.frame,
    })
}

/// Who owes whom between stores over the period (default: the month so far).
#[server(endpoint = "report_clearing")]
pub async fn report_clearing(
    #[server(default)] first: String,
    #[server(default)] last: String,
    #[server(default)] store: Option<i64>,
) -> Result<ClearingReport, AppError> {
    let ask = serve::ask(store).await?;
    let period = ask.period(&first, &last)?;
    let flows = db::reports::clearing_flows(&ask.db, ask.stores, period)
        .await
        .map_err(crate::guard::internal)?;
    let settlements = domain::report::net_settlements(&flows)
        .into_iter()
        .map(|s| SettlementLine {
            payer: ask.name(s.payer_store_id),
            payee: ask.name(s.payee_store_id),
            amount: Money::from_fen(s.amount_fen),
        })
        .collect();
    let owners = domain::report::owner_settlements(&flows, &ask.owners)
        .into_iter()
        .map(|(payer, payee, fen)| SettlementLine {
            payer,
            payee,
            amount: Money::from_fen(fen),
        })
        .collect();
    let flows = flows
        .into_iter()
        .filter(|f| f.principal_fen != 0)
        .map(|f| FlowLine {
            home: ask.name(f.home_store_id),
            at: ask.name(f.store_id),
            principal: Money::from_fen(f.principal_fen),
        })
        .collect();
    Ok(ClearingReport {
        first: period.first.to_string(),
        last: period.last.to_string(),
        settlements,
        owners,
        flows,
        frame: ask.frame,
    })
}

/// Today and the last 30 days per store, with each store's liability now.
#[server(endpoint = "report_dashboard")]
pub async fn report_dashboard(
    #[server(default)] store: Option<i64>,
) -> Result<Dashboard, AppError> {
    use std::collections::BTreeMap;
    let ask = serve::ask(store).await?;
    let period = domain::report::Period::trend(ask.today);
    let internal = crate::guard::internal;
    let days = db::reports::store_days(&ask.db, ask.stores, period)
        .await
        .map_err(internal)?;
    let liability = db::reports::liability(&ask.db, ask.stores, ask.today)
        .await
        .map_err(internal)?;
    let day_list: Vec<domain::day::Day> = period.days().collect();
    let mut stores: BTreeMap<i64, StoreFigures> = BTreeMap::new();
    let ids: Vec<i64> = match ask.stores.one() {
        Some(id) => vec![id],
        None => ask.frame.stores.iter().map(|(id, _)| *id).collect(),
    };
    for id in ids {
        stores.insert(
            id,
            StoreFigures {
                store_id: id,
                store_name: ask.name(id),
                today: DayFigures::default(),
                trend: vec![DayFigures::default(); day_list.len()],
                liability: Liability::default(),
            },
        );
    }
    for (id, day, figures) in days {
        if let Some(s) = stores.get_mut(&id) {
            let at = (day.0 - period.first.0) as usize;
            if let Some(slot) = s.trend.get_mut(at) {
                *slot = figures;
            }
            if day == ask.today {
                s.today = figures;
            }
        }
    }
    for (id, l) in liability {
        if let Some(s) = stores.get_mut(&id) {
            s.liability = l;
        }
    }
    Ok(Dashboard {
        days: day_list.iter().map(|d| d.to_string()).collect(),
        stores: stores.into_values().collect(),
        frame: ask.frame,
    })
}

/// The sales of the period, newest first, a page at a time, with the totals.
#[server(endpoint = "report_sales")]
pub async fn report_sales(
    #[server(default)] first: String,
    #[server(default)] last: String,
    #[server(default)] store: Option<i64>,
    #[server(default)] page: u32,
) -> Result<SalesReport, AppError> {
    let ask = serve::ask(store).await?;
    let period = ask.period(&first, &last)?;
    let (rows, totals) = db::reports::sales(&ask.db, ask.stores, period, page)
        .await
        .map_err(crate::guard::internal)?;
    let lines = rows
        .into_iter()
        .map(|r| SaleLine {
            id: r.id,
            at: ask.minute(r.at_ms),
            store_name: r.store_name,
            staff_name: r.staff_name,
            member: serve::member_text(r.member_no, r.member_name),
            list: Money::from_fen(r.list_fen),
            discount: Money::from_fen(r.discount_fen),
            total: Money::from_fen(r.total_fen),
            refunded: Money::from_fen(r.refunded_fen),
        })
        .collect();
    Ok(SalesReport {
        first: period.first.to_string(),
        last: period.last.to_string(),
        page: page.min(db::reports::PAGE_MAX),
        pages: serve::pages(totals.count),
        count: totals.count,
        lines,
        list: Money::from_fen(totals.list_fen),
        discount: Money::from_fen(totals.discount_fen),
        total: Money::from_fen(totals.total_fen),
        refunded: Money::from_fen(totals.refunded_fen),
        frame: ask.frame,
    })
}

/// Recharges (and recharges taken back) of the period: money taken, principal
/// and bonus apart.
#[server(endpoint = "report_recharges")]
pub async fn report_recharges(
    #[server(default)] first: String,
    #[server(default)] last: String,
    #[server(default)] store: Option<i64>,
    #[server(default)] page: u32,
) -> Result<RechargeReport, AppError> {
    let ask = serve::ask(store).await?;
    let period = ask.period(&first, &last)?;
    let (rows, totals) = db::reports::recharges(&ask.db, ask.stores, period, page)
        .await
        .map_err(crate::guard::internal)?;
    let lines = rows
        .into_iter()
        .map(|r| RechargeLine {
            id: r.id,
            at: ask.minute(r.at_ms),
            reversal: r.kind == "reversal",
            store_name: r.store_name,
            staff_name: r.staff_name,
            card_no: r.card_no,
            member: serve::member_text(r.member_no, r.member_name),
            payment_method: r.payment_method,
            money_in: Money::from_fen(r.money_in_fen),
            principal: Money::from_fen(r.principal_fen),
            bonus: Money::from_fen(r.bonus_fen),
        })
        .collect();
    Ok(RechargeReport {
        first: period.first.to_string(),
        last: period.last.to_string(),
        page: page.min(db::reports::PAGE_MAX),
        pages: serve::pages(totals.count),
        count: totals.count,
        lines,
        money_in: Money::from_fen(totals.money_in_fen),
        principal: Money::from_fen(totals.principal_fen),
        bonus: Money::from_fen(totals.bonus_fen),
        frame: ask.frame,
    })
}
