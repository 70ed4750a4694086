//! The points rebate (P4, 積分返點).
//!
//! A run over a period sums each member's spending not summed before — their
//! sales less what was refunded — and turns it into rebate points at the
//! shop's rate (1 point per yuan by default; rounded down). What the member
//! had left over from earlier runs is added. The tiers are then paid **from
//! the highest down, each as many times as it fits** ([`pay`]): with tiers
//! 10,000 → ¥100, 5,000 → ¥40 and 1,000 → ¥5, 13,500 points pay ¥100 + 3 × ¥5
//! and leave 500; 15,000 pay ¥100 + ¥40 and leave nothing. (The seed's example
//! "13,500 → ¥100 + ¥40, 3,500 left" cannot come from these tiers: after
//! 10,000 only 3,500 remain, which is below 5,000. We keep its rule, highest
//! tier first on what remains, and its promise: what remains is kept.) The
//! points left over are carried to the next run, so no point is rebated twice
//! and none is lost.
//!
//! A refund of a sale that an earlier run summed is taken off the member's next
//! sum, so a rebate never rests on spending that was given back.

use crate::money::Money;
use crate::{Field, FieldError, Problem};
use serde::{Deserialize, Serialize};

pub const TIERS_MAX: usize = 10;
pub const TIER_POINTS_MAX: i64 = 100_000_000;
/// A run covers at most this many days.
pub const PERIOD_DAYS_MAX: i32 = 3_660;
/// Members one step of a run pays (each in its own database transaction).
pub const MEMBERS_PER_STEP: i64 = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub points: i64,
    pub amount_fen: i64,
}

/// What one member is paid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payout {
    pub points_rebated: i64,
    pub amount_fen: i64,
    pub points_left: i64,
}

/// Rebate points for `spent_fen` at `rate_pct` (hundredths of a point per
/// yuan), rounded down (a negative sum, refunds of earlier sums, rounds down
/// too: towards more taken off).
pub fn points_of(spent_fen: i64, rate_pct: u32) -> i64 {
    (spent_fen as i128 * rate_pct as i128).div_euclid(10_000) as i64
}

/// Pays `points` from the highest tier down, each tier as many times as it fits.
pub fn pay(points: i64, tiers: &[Tier]) -> Payout {
    let mut sorted: Vec<Tier> = tiers.iter().copied().filter(|t| t.points > 0).collect();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.points));
    let mut left = points;
    let (mut rebated, mut amount) = (0, 0);
    for t in sorted {
        if left <= 0 {
            break;
        }
        let times = left / t.points;
        rebated += times * t.points;
        amount += times * t.amount_fen;
        left -= times * t.points;
    }
    Payout {
        points_rebated: rebated,
        amount_fen: amount,
        points_left: left,
    }
}

/// A tier as typed: points and the money they pay.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierForm {
    pub points: String,
    pub amount: String,
}

impl TierForm {
    pub fn parse_all(&self) -> Result<Tier, Vec<FieldError>> {
        let mut p = crate::Problems::default();
        let points = p.check(crate::points::parse_count(
            &self.points,
            Field::Points,
            1,
            TIER_POINTS_MAX,
        ));
        let amount = p.check(Money::parse(&self.amount, Field::Amount).and_then(|m| {
            if m.fen() > 0 {
                Ok(m.fen())
            } else {
                Err(FieldError::new(Field::Amount, Problem::Zero))
            }
        }));
        let tier = (|| {
            Some(Tier {
                points: points?,
                amount_fen: amount?,
            })
        })();
        p.finish(tier)
    }
}

/// A run's period, as typed (first and last day, in the company's days).
pub fn parse_period(
    first: &str,
    last: &str,
) -> Result<(crate::day::Day, crate::day::Day), Vec<FieldError>> {
    let mut p = crate::Problems::default();
    let first = p.check(crate::day::Day::parse(first, Field::FirstDay));
    let last = p.check(crate::day::Day::parse(last, Field::LastDay));
    if let (Some(f), Some(l)) = (first, last)
        && (l < f || f.days_until(l) > PERIOD_DAYS_MAX)
    {
        let max = PERIOD_DAYS_MAX as u32;
        p.add(FieldError::new(
            Field::LastDay,
            Problem::OutOfRange { min: 0, max },
        ));
    }
    p.finish(first.zip(last))
}

/// One member in a preview or a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebateLine {
    pub member_id: i64,
    pub member_no: String,
    pub member_name: String,
    pub spent_fen: i64,
    pub points_summed: i64,
    pub points_carried_in: i64,
    pub payout: Payout,
    /// The card the rebate lands on; none: the member has no active card of
    /// the run's plan (skipped, nothing marked).
    pub card_no: Option<String>,
}

/// A run as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebateRun {
    pub id: i64,
    pub first_day: crate::day::Day,
    pub last_day: crate::day::Day,
    pub plan_name: String,
    pub started_local: String,
    pub finished: bool,
    pub members_total: i64,
    pub members_done: i64,
    pub paid_fen: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiers() -> Vec<Tier> {
        vec![
            Tier {
                points: 1_000,
                amount_fen: 500,
            },
            Tier {
                points: 10_000,
                amount_fen: 10_000,
            },
            Tier {
                points: 5_000,
                amount_fen: 4_000,
            },
        ]
    }

    #[test]
    fn tiers_are_paid_from_the_highest_down_with_exact_remainders() {
        assert_eq!(
            pay(13_500, &tiers()),
            Payout {
                points_rebated: 13_000,
                amount_fen: 10_000 + 3 * 500,
                points_left: 500
            }
        );
        assert_eq!(
            pay(15_000, &tiers()),
            Payout {
                points_rebated: 15_000,
                amount_fen: 14_000,
                points_left: 0
            }
        );
        assert_eq!(
            pay(999, &tiers()),
            Payout {
                points_rebated: 0,
                amount_fen: 0,
                points_left: 999
            }
        );
        assert_eq!(
            pay(-200, &tiers()).points_left,
            -200,
            "a debt is carried, never paid"
        );
        assert_eq!(pay(25_000, &tiers()).amount_fen, 20_000 + 4_000);
    }

    #[test]
    fn spending_becomes_points_rounded_down() {
        assert_eq!(points_of(1_350_099, 100), 13_500);
        assert_eq!(points_of(10_000, 150), 150);
        assert_eq!(
            points_of(-150, 100),
            -2,
            "a refund rounds towards more taken off"
        );
    }

    #[test]
    fn a_period_is_checked() {
        assert!(parse_period("2026-11-01", "2026-11-30").is_ok());
        assert!(parse_period("2026-11-30", "2026-11-01").is_err());
        assert!(parse_period("x", "").unwrap_err().len() == 2);
    }
}
