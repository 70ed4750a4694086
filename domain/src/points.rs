//! Points and the level ladder (P1, P2).
//!
//! **Whose points:** one account per member, whatever card or payment method was
//! used. An anonymous card earns nothing.
//!
//! **Earning (one rounding rule):** a sale earns `base × rate`, rounded *down*
//! to whole points once per sale ([`earned`]): a fraction of a point is never
//! given, and never carried over to the next sale. The base is what the member
//! paid in money — on every method or on the member card only
//! ([`EarnOn`], a setting) — never what a count or time card covered (that was
//! paid when the card was bought). The rate is the member's level's
//! (hundredths of a point per yuan: `150` = 1.5 points per yuan), or the
//! shop's rate for members without a level. A recharge earns on the money paid
//! in at its own rate (0: recharges earn nothing).
//!
//! **Levels climb on points earned, never on the balance** ([`climb`]): spending
//! points never costs a level. Earned points count for the member's whole life,
//! or only within the last N months (a setting); a take-back counts at the time
//! of what it takes back. A member only climbs automatically; a manager may set
//! any level by hand, with a reason.
//!
//! **Refunds take back in proportion** ([`taken_back`]): the points a sale earned
//! come off in the share of the sale's total being refunded, counted on the
//! running total of what was refunded so far, so refunds in parts add up to
//! exactly what the sale earned. If the points were spent the balance goes below
//! zero; new points pay that off first (they are simply added). Whether the
//! level drops with the earned points is a setting ([`AfterRefund`]).

mod account;
pub use account::*;

use crate::money::{Money, share_of};
use crate::{Field, FieldError, Problem};
use serde::{Deserialize, Serialize};

/// 100 points per yuan at most.
pub const RATE_MAX_PCT: u32 = 10_000;
pub const WINDOW_MONTHS_MAX: u32 = 120;
pub const UPGRADE_POINTS_MAX: i64 = 1_000_000_000;
/// Longest typed number of points or rate.
pub const NUMBER_MAX_CHARS: usize = 12;

/// Which payments earn points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EarnOn {
    /// Every method: cash, bank card, the shop's own, the member card.
    Every,
    /// Only what the member card paid.
    MemberCard,
}

impl EarnOn {
    pub fn code(self) -> &'static str {
        match self {
            EarnOn::Every => "all",
            EarnOn::MemberCard => "member_card",
        }
    }

    pub fn from_code(code: &str) -> EarnOn {
        if code == "member_card" {
            EarnOn::MemberCard
        } else {
            EarnOn::Every
        }
    }
}

/// What a refund that takes earned points back does to the level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AfterRefund {
    /// The member keeps the level reached (the usual choice: a level is a
    /// promise the shop made).
    Keep,
    /// The member drops to the highest level the remaining earned points reach.
    Drop,
}

impl AfterRefund {
    pub fn code(self) -> &'static str {
        match self {
            AfterRefund::Keep => "keep",
            AfterRefund::Drop => "drop",
        }
    }

    pub fn from_code(code: &str) -> AfterRefund {
        if code == "drop" {
            AfterRefund::Drop
        } else {
            AfterRefund::Keep
        }
    }
}

/// The loyalty settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loyalty {
    /// Points per yuan (hundredths) for members without a level.
    pub points_rate_pct: u32,
    pub earn_on: EarnOn,
    /// Points per yuan recharged (hundredths); 0: recharges earn nothing.
    pub recharge_rate_pct: u32,
    /// Earned points count for a level within this many months; 0: for ever.
    pub window_months: u32,
    pub after_refund: AfterRefund,
    /// Points that make one yuan on a stored-value card (0: not offered).
    pub points_per_yuan: i64,
    /// Rebate points per yuan spent (hundredths), `crate::rebate`.
    pub rebate_rate_pct: u32,
}

impl Default for Loyalty {
    fn default() -> Self {
        Loyalty {
            points_rate_pct: 100,
            earn_on: EarnOn::Every,
            recharge_rate_pct: 0,
            window_months: 0,
            after_refund: AfterRefund::Keep,
            points_per_yuan: 0,
            rebate_rate_pct: 100,
        }
    }
}

/// Points for one sale or recharge: rounded down to whole points.
pub fn earned(base_fen: i64, rate_pct: u32) -> i64 {
    if base_fen <= 0 {
        return 0;
    }
    (base_fen as i128 * rate_pct as i128 / 10_000) as i64
}

/// The money a sale earns points on: `payments` as (method code, amount).
pub fn earning_base<'a>(payments: impl IntoIterator<Item = (&'a str, i64)>, on: EarnOn) -> i64 {
    payments
        .into_iter()
        .filter(|(code, _)| on == EarnOn::Every || *code == "member_card")
        .map(|(_, fen)| fen.max(0))
        .sum()
}

/// The points a refund of `refunding_fen` takes back from a sale of `total_fen`
/// that earned `earned`, when `refunded_before_fen` was refunded already: the
/// share of the running total (half away from zero) less what earlier refunds
/// took, so that refunding everything takes back exactly `earned`.
pub fn taken_back(
    earned: i64,
    total_fen: i64,
    refunded_before_fen: i64,
    refunding_fen: i64,
) -> i64 {
    if total_fen <= 0 || earned <= 0 {
        return 0;
    }
    let upto =
        |fen: i64| share_of(Money::from_fen(earned), fen.clamp(0, total_fen), total_fen).fen();
    upto(refunded_before_fen + refunding_fen) - upto(refunded_before_fen)
}

/// A level as the ladder sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rung {
    pub id: i64,
    pub rank: i64,
    /// Points earned that lift a member here; `None`: only by hand.
    pub upgrade_points: Option<i64>,
}

/// The highest level `earned` reaches, if it is above `current_rank` (no level:
/// below every level). `None`: the member stays.
pub fn climb(current_rank: Option<i64>, ladder: &[Rung], earned: i64) -> Option<i64> {
    ladder
        .iter()
        .filter(|r| r.upgrade_points.is_some_and(|p| p <= earned))
        .filter(|r| current_rank.is_none_or(|c| r.rank > c))
        .max_by_key(|r| r.rank)
        .map(|r| r.id)
}

/// After points were taken back: under [`AfterRefund::Drop`], a member whose
/// earned points no longer reach the current level's threshold moves to the
/// highest level they still reach (or none). A level without a threshold
/// (given by hand) is never dropped. `Some(new)`: the level changes.
pub fn after_refund(
    current: Option<&Rung>,
    ladder: &[Rung],
    earned: i64,
    rule: AfterRefund,
) -> Option<Option<i64>> {
    let current = current?;
    let threshold = current.upgrade_points?;
    if rule == AfterRefund::Keep || earned >= threshold {
        return None;
    }
    let reached = ladder
        .iter()
        .filter(|r| r.rank < current.rank && r.upgrade_points.is_some_and(|p| p <= earned))
        .max_by_key(|r| r.rank)
        .map(|r| r.id);
    Some(reached)
}

/// The next level the member can climb to and the points still missing.
pub fn next_rung(current_rank: Option<i64>, ladder: &[Rung], earned: i64) -> Option<(&Rung, i64)> {
    ladder
        .iter()
        .filter(|r| r.upgrade_points.is_some())
        .filter(|r| current_rank.is_none_or(|c| r.rank > c))
        .min_by_key(|r| r.rank)
        .map(|r| (r, (r.upgrade_points.unwrap_or(0) - earned).max(0)))
}

/// "1.5", "1", "0.25": a points rate as a person reads it.
pub fn rate_text(rate_pct: u32) -> String {
    let s = Money::from_fen(rate_pct as i64).plain();
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// A points rate as typed ("1.5" points per yuan): 0 to 100, two decimals at most.
pub fn parse_rate(raw: &str, field: Field) -> Result<u32, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    let fen = Money::parse(raw, field)?.fen();
    if !(0..=RATE_MAX_PCT as i64).contains(&fen) {
        return Err(FieldError::new(
            field,
            Problem::OutOfRange { min: 0, max: 100 },
        ));
    }
    Ok(fen as u32)
}

/// A whole number typed into `field`, from `min` to `max`.
pub fn parse_count(raw: &str, field: Field, min: i64, max: i64) -> Result<i64, FieldError> {
    let t = raw.trim();
    if t.chars().count() > NUMBER_MAX_CHARS {
        return Err(FieldError::new(
            field,
            Problem::TooLong {
                max_chars: NUMBER_MAX_CHARS as u32,
            },
        ));
    }
    if t.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    let n: i64 = t
        .parse()
        .map_err(|_| FieldError::new(field, Problem::NotANumber))?;
    if !(min..=max).contains(&n) {
        let clamp = |v: i64| v.clamp(0, u32::MAX as i64) as u32;
        return Err(FieldError::new(
            field,
            Problem::OutOfRange {
                min: clamp(min),
                max: clamp(max),
            },
        ));
    }
    Ok(n)
}

/// The loyalty settings form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoyaltyForm {
    pub points_rate: String,
    pub earn_on: String,
    pub recharge_rate: String,
    pub window_months: String,
    pub after_refund: String,
    /// Points that make one yuan; empty or 0: not offered.
    #[serde(default)]
    pub points_per_yuan: String,
    /// Rebate points per yuan spent ("1"); empty: 1.
    #[serde(default)]
    pub rebate_rate: String,
}

impl LoyaltyForm {
    pub fn from_loyalty(l: &Loyalty) -> Self {
        LoyaltyForm {
            points_rate: rate_text(l.points_rate_pct),
            earn_on: l.earn_on.code().into(),
            recharge_rate: rate_text(l.recharge_rate_pct),
            window_months: l.window_months.to_string(),
            after_refund: l.after_refund.code().into(),
            points_per_yuan: l.points_per_yuan.to_string(),
            rebate_rate: rate_text(l.rebate_rate_pct),
        }
    }

    pub fn parse_all(&self) -> Result<Loyalty, Vec<FieldError>> {
        let mut p = crate::Problems::default();
        let points_rate_pct = p.check(parse_rate(&self.points_rate, Field::PointsRate));
        let recharge_rate_pct = p.check(parse_rate(&self.recharge_rate, Field::RechargePointsRate));
        let window_months = p.check(parse_count(
            &self.window_months,
            Field::LevelWindowMonths,
            0,
            WINDOW_MONTHS_MAX as i64,
        ));
        let choice = |raw: &str, allowed: [&str; 2], field| {
            if allowed.contains(&raw) {
                Ok(())
            } else {
                Err(FieldError::new(field, Problem::NotAnOption))
            }
        };
        let points_per_yuan = if self.points_per_yuan.trim().is_empty() {
            Some(0)
        } else {
            p.check(parse_count(
                &self.points_per_yuan,
                Field::PointsPerYuan,
                0,
                1_000_000,
            ))
        };
        let rebate_rate_pct = if self.rebate_rate.trim().is_empty() {
            Some(100)
        } else {
            p.check(parse_rate(&self.rebate_rate, Field::RebateRate))
        };
        let earn_ok = p.check(choice(
            &self.earn_on,
            ["all", "member_card"],
            Field::EarnPointsOn,
        ));
        let refund_ok = p.check(choice(
            &self.after_refund,
            ["keep", "drop"],
            Field::LevelAfterRefund,
        ));
        let loyalty = (|| {
            earn_ok?;
            refund_ok?;
            Some(Loyalty {
                points_rate_pct: points_rate_pct?,
                earn_on: EarnOn::from_code(&self.earn_on),
                recharge_rate_pct: recharge_rate_pct?,
                window_months: window_months? as u32,
                after_refund: AfterRefund::from_code(&self.after_refund),
                points_per_yuan: points_per_yuan?,
                rebate_rate_pct: rebate_rate_pct?,
            })
        })();
        p.finish(loyalty)
    }
}

#[cfg(test)]
mod tests;
