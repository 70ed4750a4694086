//! Reports (R1-R3): which stores a report covers, its period, and the arithmetic
//! of what the shop owes its card holders and what its stores owe each other.
//! The figures come from per-store, per-day summaries that the database keeps in
//! the same transaction as every value operation (`db::reports`).

use crate::access::Scope;
use crate::day::Day;
use crate::{Field, FieldError, Problem, Problems};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest period one report covers: a year and a day (a leap year's
/// month ends included).
pub const PERIOD_DAYS_MAX: i32 = 366;

/// How many days the dashboard's trends cover (today included).
pub const TREND_DAYS: i32 = 30;

/// The stores a report covers: every store in the caller's scope, or one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stores {
    All,
    One(i64),
}

impl Stores {
    pub fn one(self) -> Option<i64> {
        match self {
            Stores::All => None,
            Stores::One(id) => Some(id),
        }
    }
}

/// Another store than the caller's scope covers was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfScope;

/// The stores a report covers when the caller asks for `asked` (nothing: all
/// they may see). A filter narrows the scope, never widens it: a branch asking
/// for nothing gets its own store; asking for another store is refused.
pub fn stores_for(scope: Scope, asked: Option<i64>) -> Result<Stores, OutOfScope> {
    match (scope, asked) {
        (Scope::AllStores, None) => Ok(Stores::All),
        (Scope::AllStores, Some(id)) => Ok(Stores::One(id)),
        (Scope::OneStore(own), None) => Ok(Stores::One(own)),
        (Scope::OneStore(own), Some(id)) if id == own => Ok(Stores::One(own)),
        (Scope::OneStore(_), Some(_)) => Err(OutOfScope),
    }
}

/// A report's days, first and last included, in the company's days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub first: Day,
    pub last: Day,
}

impl Period {
    /// The period as typed: two dates, the last not before the first, at most
    /// [`PERIOD_DAYS_MAX`] days apart.
    pub fn parse(first: &str, last: &str) -> Result<Period, Vec<FieldError>> {
        let mut p = Problems::default();
        let first = p.check(Day::parse(first, Field::FirstDay));
        let last = p.check(Day::parse(last, Field::LastDay));
        if let (Some(f), Some(l)) = (first, last)
            && (l < f || f.days_until(l) >= PERIOD_DAYS_MAX)
        {
            let max = PERIOD_DAYS_MAX as u32;
            p.add(FieldError::new(
                Field::LastDay,
                Problem::OutOfRange { min: 1, max },
            ));
        }
        p.finish(first.zip(last).map(|(first, last)| Period { first, last }))
    }

    /// The calendar month before `today`'s: what an accountant closes.
    pub fn last_month(today: Day) -> Period {
        let (y, m, _) = today.ymd();
        let first_of_this = Day::from_ymd(y, m, 1).unwrap_or(today);
        let last = first_of_this.plus_days(-1);
        let (y, m, _) = last.ymd();
        let first = Day::from_ymd(y, m, 1).unwrap_or(last);
        Period { first, last }
    }

    /// From the first of `today`'s month to today: a report's default.
    pub fn month_so_far(today: Day) -> Period {
        let (y, m, _) = today.ymd();
        Period {
            first: Day::from_ymd(y, m, 1).unwrap_or(today),
            last: today,
        }
    }

    /// The dashboard's trend: the last [`TREND_DAYS`] days up to `today`.
    pub fn trend(today: Day) -> Period {
        Period {
            first: today.plus_days(1 - TREND_DAYS),
            last: today,
        }
    }

    pub fn days(self) -> impl Iterator<Item = Day> {
        (self.first.0..=self.last.0).map(Day)
    }
}

/// Stored value the shop owes its card holders, principal (paid in) and bonus
/// (given) apart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Liability {
    pub principal_fen: i64,
    pub bonus_fen: i64,
}

impl Liability {
    pub fn total_fen(self) -> i64 {
        self.principal_fen + self.bonus_fen
    }
}

impl std::ops::Add for Liability {
    type Output = Liability;

    fn add(self, other: Liability) -> Liability {
        Liability {
            principal_fen: self.principal_fen + other.principal_fen,
            bonus_fen: self.bonus_fen + other.bonus_fen,
        }
    }
}

/// Principal moved at `store_id` on cards issued at `home_store_id` over a
/// period: positive when money was paid in there (a recharge at another store),
/// negative when it was spent there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueFlow {
    pub home_store_id: i64,
    pub store_id: i64,
    pub principal_fen: i64,
}

/// One store owes another: the net of everything between the two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    pub payer_store_id: i64,
    pub payee_store_id: i64,
    pub amount_fen: i64,
}

/// Who owes whom between stores (inter-store clearing). A card belongs to the
/// store that issued it, which holds its money: when a card is spent at another
/// store, the issuing store owes that store what was spent; when it is recharged
/// at another store, that store took the money and owes it to the issuing store.
/// Only principal is money: bonus was never paid in, so nobody owes it. Each pair
/// of stores is netted into one payment; a pair that nets to zero owes nothing.
pub fn net_settlements(flows: &[ValueFlow]) -> Vec<Settlement> {
    net_by(flows, |store| store)
        .into_iter()
        .map(|(payer_store_id, payee_store_id, amount_fen)| Settlement {
            payer_store_id,
            payee_store_id,
            amount_fen,
        })
        .collect()
}

/// The same netting between the stores' owners (a mall with several owners,
/// S3, `owners`: each store's owner): value moved between two stores of one
/// owner is nobody's debt. Fewer than two named owners: nothing to settle.
/// (payer, payee, amount in fen), by owner.
pub fn owner_settlements(
    flows: &[ValueFlow],
    owners: &std::collections::HashMap<i64, String>,
) -> Vec<(String, String, i64)> {
    let named: std::collections::BTreeSet<&str> = owners
        .values()
        .map(|o| o.trim())
        .filter(|o| !o.is_empty())
        .collect();
    if named.len() < 2 {
        return Vec::new();
    }
    net_by(flows, |store| {
        owners.get(&store).cloned().unwrap_or_default()
    })
}

/// Nets what `key`s owe each other: (payer, payee, amount), each pair once.
fn net_by<K: Ord + Clone>(flows: &[ValueFlow], key: impl Fn(i64) -> K) -> Vec<(K, K, i64)> {
    // (lower key, higher key) -> what the lower owes the higher (negative: the other way).
    let mut pairs: BTreeMap<(K, K), i64> = BTreeMap::new();
    for f in flows {
        let (home, at) = (key(f.home_store_id), key(f.store_id));
        if home == at {
            continue;
        }
        // Spent at the store (negative flow): the home side owes it.
        let (payer, payee, amount) = if f.principal_fen < 0 {
            (home, at, -f.principal_fen)
        } else {
            (at, home, f.principal_fen)
        };
        let (pair, signed) = if payer < payee {
            ((payer, payee), amount)
        } else {
            ((payee, payer), -amount)
        };
        *pairs.entry(pair).or_default() += signed;
    }
    pairs
        .into_iter()
        .filter(|(_, net)| *net != 0)
        .map(|((low, high), net)| {
            if net > 0 {
                (low, high, net)
            } else {
                (high, low, -net)
            }
        })
        .collect()
}

/// What one store did on one day, as the dashboard shows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFigures {
    pub sales_count: i64,
    pub sales_fen: i64,
    pub refunds_fen: i64,
    pub recharges_fen: i64,
    pub visits: i64,
    pub new_members: i64,
}

impl DayFigures {
    /// Sales less their refunds.
    pub fn net_sales_fen(self) -> i64 {
        self.sales_fen - self.refunds_fen
    }
}

impl std::ops::Add for DayFigures {
    type Output = DayFigures;

    fn add(self, o: DayFigures) -> DayFigures {
        DayFigures {
            sales_count: self.sales_count + o.sales_count,
            sales_fen: self.sales_fen + o.sales_fen,
            refunds_fen: self.refunds_fen + o.refunds_fen,
            recharges_fen: self.recharges_fen + o.recharges_fen,
            visits: self.visits + o.visits,
            new_members: self.new_members + o.new_members,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(home: i64, at: i64, fen: i64) -> ValueFlow {
        ValueFlow {
            home_store_id: home,
            store_id: at,
            principal_fen: fen,
        }
    }

    #[test]
    fn a_filter_narrows_the_scope_and_never_widens_it() {
        assert_eq!(stores_for(Scope::AllStores, None), Ok(Stores::All));
        assert_eq!(stores_for(Scope::AllStores, Some(4)), Ok(Stores::One(4)));
        assert_eq!(stores_for(Scope::OneStore(3), None), Ok(Stores::One(3)));
        assert_eq!(stores_for(Scope::OneStore(3), Some(3)), Ok(Stores::One(3)));
        assert_eq!(stores_for(Scope::OneStore(3), Some(4)), Err(OutOfScope));
    }

    #[test]
    fn spending_at_another_store_makes_the_issuing_store_owe_it() {
        let s = net_settlements(&[flow(1, 2, -3_000)]);
        assert_eq!(
            s,
            vec![Settlement {
                payer_store_id: 1,
                payee_store_id: 2,
                amount_fen: 3_000
            }]
        );
    }

    #[test]
    fn a_recharge_at_another_store_is_owed_to_the_issuing_store() {
        let s = net_settlements(&[flow(1, 2, 5_000)]);
        assert_eq!(s[0].payer_store_id, 2);
        assert_eq!(s[0].payee_store_id, 1);
        assert_eq!(s[0].amount_fen, 5_000);
    }

    #[test]
    fn each_pair_is_netted_and_the_whole_sums_to_zero() {
        let flows = [
            flow(1, 2, -3_000), // 1 owes 2: 30
            flow(2, 1, -1_000), // 2 owes 1: 10
            flow(3, 1, 2_000),  // 1 owes 3: 20 (recharged at 1)
            flow(1, 1, -9_999), // at home: nobody owes
            flow(2, 3, -500),
            flow(3, 2, -500), // nets to zero
        ];
        let s = net_settlements(&flows);
        assert_eq!(s.len(), 2);
        assert!(s.contains(&Settlement {
            payer_store_id: 1,
            payee_store_id: 2,
            amount_fen: 2_000
        }));
        assert!(s.contains(&Settlement {
            payer_store_id: 1,
            payee_store_id: 3,
            amount_fen: 2_000
        }));
        let mut balance: BTreeMap<i64, i64> = BTreeMap::new();
        for x in &s {
            *balance.entry(x.payer_store_id).or_default() -= x.amount_fen;
            *balance.entry(x.payee_store_id).or_default() += x.amount_fen;
        }
        assert_eq!(balance.values().sum::<i64>(), 0);
    }

    #[test]
    fn owners_settle_only_what_moved_between_different_owners() {
        let owners: std::collections::HashMap<i64, String> = [(1, "甲"), (2, "甲"), (3, "乙")]
            .map(|(s, o)| (s, o.to_owned()))
            .into();
        let flows = [
            flow(1, 2, -5_000), // one owner's two stores: nobody owes
            flow(1, 3, -3_000), // 甲's card spent at 乙's store: 甲 owes 3,000
            flow(3, 2, -1_000), // 乙's card spent at 甲's store: 乙 owes 1,000
        ];
        assert_eq!(
            owner_settlements(&flows, &owners),
            vec![("甲".to_owned(), "乙".to_owned(), 2_000)]
        );
        let one_owner: std::collections::HashMap<i64, String> = [(1, "甲"), (3, "甲"), (2, "")]
            .map(|(s, o)| (s, o.to_owned()))
            .into();
        assert!(owner_settlements(&flows, &one_owner).is_empty());
    }

    #[test]
    fn a_period_is_checked_and_last_month_is_a_calendar_month() {
        let p = Period::parse("2026-11-01", "2026-11-30").unwrap();
        assert_eq!(p.days().count(), 30);
        assert!(Period::parse("2026-11-30", "2026-11-01").is_err());
        assert!(Period::parse("2025-01-01", "2026-11-01").is_err());
        assert!(Period::parse("", "x").unwrap_err().len() == 2);
        let today = Day::from_ymd(2026, 3, 15).unwrap();
        let m = Period::last_month(today);
        assert_eq!(m.first, Day::from_ymd(2026, 2, 1).unwrap());
        assert_eq!(m.last, Day::from_ymd(2026, 2, 28).unwrap());
        let jan = Period::last_month(Day::from_ymd(2026, 1, 3).unwrap());
        assert_eq!(jan.first, Day::from_ymd(2025, 12, 1).unwrap());
        assert_eq!(Period::trend(today).days().count(), TREND_DAYS as usize);
        let so_far = Period::month_so_far(today);
        assert_eq!(
            (so_far.first, so_far.last),
            (Day::from_ymd(2026, 3, 1).unwrap(), today)
        );
    }
}
