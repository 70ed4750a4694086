//! Promotions (P5): offers with a name, a first and a last day (the company's
//! business days, both included), the stores they run in (none named: every
//! store), the days of the week they run on, and optionally only in the
//! member's birthday week or month.
//!
//! **What each kind gives, and when several run at once** (one per kind, never
//! stacked):
//! - *Discount* on an item, a category (and its subcategories) or everything: a
//!   line takes the lowest promotion rate that targets it.
//! - *Points multiplier* (2 = double points): a sale's points are multiplied by
//!   the highest factor running; it applies to the points of sales.
//! - *Recharge bonus tiers* (pay ≥ 500 get 50, pay ≥ 1,000 get 120): the best
//!   tier the amount reaches, of the promotion that gives the most.
//! - *Gift on recharge*: one unit of a gift from the store's stock when the
//!   recharge reaches the minimum (the promotion with the highest minimum
//!   reached); none when the store has none left. Reversing the recharge below
//!   the minimum takes the gift back into stock.
//!
//! **The one combination rule** ([`combine`], a setting): a promotion meets the
//! standing offer — the member's level discount at the till, the card plan's
//! recharge bonus at a recharge — either as **the better of the two** (the
//! customer gets whichever gives more; on a tie the standing offer, and the
//! promotion is not named) or as **both** (rates multiply: 8.8折 with a 9折
//! promotion is 7.92折, rounded to the nearest basis point; bonuses add up).
//! A birthday offer is a discount or a multiplier with the birthday condition;
//! it needs a member with a birthday, so a walk-in never gets one.

use crate::day::Day;
use crate::level::{FULL_RATE_BP, RateStyle};
use crate::{Field, FieldError, Problem};
use serde::{Deserialize, Serialize};

pub mod form;
pub use form::*;

pub const NAME_MAX_CHARS: u32 = 40;
pub const TIERS_MAX: usize = 10;
/// A promotion runs for at most this many days.
pub const DAYS_MAX: i32 = 3_660;
/// Every day of the week (bit 0 Monday … bit 6 Sunday).
pub const EVERY_DAY: u8 = 0b111_1111;
/// Most promotions one shop keeps (running or not).
pub const PROMOTIONS_MAX: i64 = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    Everything,
    Category(i64),
    Item(i64),
}

impl Target {
    /// As stored and sent: "all", "category:7", "item:3".
    pub fn code(self) -> String {
        match self {
            Target::Everything => "all".into(),
            Target::Category(id) => format!("category:{id}"),
            Target::Item(id) => format!("item:{id}"),
        }
    }

    pub fn from_code(code: &str) -> Option<Target> {
        if code == "all" {
            return Some(Target::Everything);
        }
        let (kind, id) = code.split_once(':')?;
        let id: i64 = id.parse().ok().filter(|id| *id > 0)?;
        match kind {
            "category" => Some(Target::Category(id)),
            "item" => Some(Target::Item(id)),
            _ => None,
        }
    }

    fn covers(self, item_id: i64, categories: &[i64]) -> bool {
        match self {
            Target::Everything => true,
            Target::Item(id) => id == item_id,
            Target::Category(id) => categories.contains(&id),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub pay_fen: i64,
    pub bonus_fen: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Offer {
    Discount {
        target: Target,
        rate_bp: u32,
    },
    /// 200: double points.
    Points {
        factor_pct: u32,
    },
    RechargeBonus {
        tiers: Vec<Tier>,
    },
    RechargeGift {
        min_fen: i64,
        gift_id: i64,
    },
}

impl Offer {
    pub fn kind_code(&self) -> &'static str {
        match self {
            Offer::Discount { .. } => "discount",
            Offer::Points { .. } => "points",
            Offer::RechargeBonus { .. } => "recharge_bonus",
            Offer::RechargeGift { .. } => "recharge_gift",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BirthdayOnly {
    #[default]
    No,
    /// Monday to Sunday of the week the birthday falls in.
    Week,
    Month,
}

impl BirthdayOnly {
    pub fn code(self) -> &'static str {
        match self {
            BirthdayOnly::No => "no",
            BirthdayOnly::Week => "week",
            BirthdayOnly::Month => "month",
        }
    }

    pub fn from_code(code: &str) -> Option<BirthdayOnly> {
        match code {
            "no" | "" => Some(BirthdayOnly::No),
            "week" => Some(BirthdayOnly::Week),
            "month" => Some(BirthdayOnly::Month),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promotion {
    pub id: i64,
    pub name: String,
    pub first_day: Day,
    pub last_day: Day,
    /// The stores it runs in; empty: every store.
    pub stores: Vec<i64>,
    /// Bit 0 Monday … bit 6 Sunday.
    pub weekdays: u8,
    pub birthday: BirthdayOnly,
    pub offer: Offer,
    pub active: bool,
}

/// A promotion as a receipt names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

/// What runs for one sale or recharge, and the combination rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offers {
    pub running: Vec<Promotion>,
    pub with_level: WithLevel,
}

impl Promotion {
    pub fn named(&self) -> Named {
        Named {
            id: self.id,
            name: self.name.clone(),
        }
    }
}

/// Monday 0 … Sunday 6 (1970-01-01, day 0, was a Thursday).
pub fn weekday(day: Day) -> u8 {
    (day.0 + 3).rem_euclid(7) as u8
}

/// Is `today` in the birthday week or month of someone born on `birthday`?
pub fn in_birthday(span: BirthdayOnly, birthday: Day, today: Day) -> bool {
    let (year, month, _) = today.ymd();
    let (_, b_month, b_day) = birthday.ymd();
    match span {
        BirthdayOnly::No => true,
        BirthdayOnly::Month => month == b_month,
        // The week around this year's birthday, or last or next year's when it
        // falls at the turn of the year. 29 February counts as 28 February
        // in other years.
        BirthdayOnly::Week => (year - 1..=year + 1).any(|y| {
            let day = Day::from_ymd(y, b_month, b_day)
                .or_else(|| Day::from_ymd(y, b_month, b_day - 1))
                .unwrap_or(Day(i32::MIN / 2));
            let monday = Day(day.0 - weekday(day) as i32);
            (monday.0..monday.0 + 7).contains(&today.0)
        }),
    }
}

impl Promotion {
    /// Does it run at `store_id` on `today` for a member born on `birthday`
    /// (none: a walk-in or no birthday on file)?
    pub fn runs(&self, store_id: i64, today: Day, birthday: Option<Day>) -> bool {
        self.active
            && self.first_day <= today
            && today <= self.last_day
            && (self.stores.is_empty() || self.stores.contains(&store_id))
            && self.weekdays & (1 << weekday(today)) != 0
            && match (self.birthday, birthday) {
                (BirthdayOnly::No, _) => true,
                (_, None) => false,
                (span, Some(b)) => in_birthday(span, b, today),
            }
    }
}

/// How a promotion meets the standing offer (the level discount, the plan's
/// recharge bonus): see the module's documentation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum WithLevel {
    #[default]
    Better,
    Both,
}

impl WithLevel {
    pub fn code(self) -> &'static str {
        match self {
            WithLevel::Better => "better",
            WithLevel::Both => "both",
        }
    }

    pub fn from_code(code: &str) -> Option<WithLevel> {
        match code {
            "better" => Some(WithLevel::Better),
            "both" => Some(WithLevel::Both),
            _ => None,
        }
    }
}

/// A line's rate from the level's rate and a promotion's: (rate, whether the
/// promotion counts).
pub fn combine(level_bp: u32, promo_bp: u32, with: WithLevel) -> (u32, bool) {
    match with {
        WithLevel::Better if promo_bp < level_bp => (promo_bp, true),
        WithLevel::Better => (level_bp, false),
        WithLevel::Both => {
            let product = level_bp as u64 * promo_bp as u64;
            (((product + 5_000) / 10_000) as u32, true)
        }
    }
}

/// The bonus of a recharge from the plan's standing bonus and a promotion's.
pub fn combine_bonus(plan_fen: i64, promo_fen: i64, with: WithLevel) -> (i64, bool) {
    match with {
        WithLevel::Better if promo_fen > plan_fen => (promo_fen, true),
        WithLevel::Better => (plan_fen, false),
        WithLevel::Both => (plan_fen + promo_fen, true),
    }
}

/// The lowest promotion rate among `running` for an item: (promotion, rate).
pub fn best_discount<'a>(
    running: &'a [Promotion],
    item_id: i64,
    categories: &[i64],
) -> Option<(&'a Promotion, u32)> {
    running
        .iter()
        .filter_map(|p| match p.offer {
            Offer::Discount { target, rate_bp } if target.covers(item_id, categories) => {
                Some((p, rate_bp))
            }
            _ => None,
        })
        .min_by_key(|(p, rate)| (*rate, p.id))
}

/// The highest points factor among `running`.
pub fn best_multiplier(running: &[Promotion]) -> Option<(&Promotion, u32)> {
    running
        .iter()
        .filter_map(|p| match p.offer {
            Offer::Points { factor_pct } => Some((p, factor_pct)),
            _ => None,
        })
        .max_by_key(|(p, f)| (*f, std::cmp::Reverse(p.id)))
}

/// The best tier bonus `amount_fen` reaches among `running`.
pub fn best_recharge_bonus(running: &[Promotion], amount_fen: i64) -> Option<(&Promotion, i64)> {
    running
        .iter()
        .filter_map(|p| match &p.offer {
            Offer::RechargeBonus { tiers } => tiers
                .iter()
                .filter(|t| amount_fen >= t.pay_fen)
                .map(|t| t.bonus_fen)
                .max()
                .map(|b| (p, b)),
            _ => None,
        })
        .max_by_key(|(p, b)| (*b, std::cmp::Reverse(p.id)))
}

/// The gift promotion with the highest minimum `amount_fen` reaches: (promotion,
/// gift, minimum).
pub fn recharge_gift(running: &[Promotion], amount_fen: i64) -> Option<(&Promotion, i64, i64)> {
    running
        .iter()
        .filter_map(|p| match p.offer {
            Offer::RechargeGift { min_fen, gift_id } if amount_fen >= min_fen => {
                Some((p, gift_id, min_fen))
            }
            _ => None,
        })
        .max_by_key(|(p, _, min)| (*min, std::cmp::Reverse(p.id)))
}

/// Points multiplied by a factor in hundredths, rounded down.
pub fn multiplied(points_rate_pct: u32, factor_pct: u32) -> u32 {
    (points_rate_pct as u64 * factor_pct as u64 / 100).min(u32::MAX as u64) as u32
}

/// A discount rate typed in the screen's style (8.8 折 or 12 % off); it must
/// take something off.
pub fn parse_discount(raw: &str, style: RateStyle) -> Result<u32, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(Field::DiscountRate, Problem::Required));
    }
    let rate = crate::level::parse_rate(raw, style, Field::DiscountRate)?;
    if rate >= FULL_RATE_BP {
        return Err(FieldError::new(Field::DiscountRate, Problem::Zero));
    }
    Ok(rate)
}

#[cfg(test)]
mod tests;
