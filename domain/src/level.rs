//! Member levels and their discounts (P1, V2).
//!
//! A rate is what the member pays, in basis points of the list price: 8.8折 is
//! `8_800`, "12% off" the same rate; `10_000` is no discount. Chinese shops type
//! and read 折, English screens read "% off"; both parse to the same rate here.
//!
//! **Which discount applies to an item (one rule, [`resolve`]):** the level's rule
//! for the item itself, else its rule for the item's category — the nearest
//! category first, walking up through parent categories — else the level's
//! default rate, else none.

use crate::{Field, FieldError, Problem, text};
use serde::{Deserialize, Serialize};

/// Full price: no discount.
pub const FULL_RATE_BP: u32 = 10_000;
pub const LEVEL_NAME_MAX_CHARS: u32 = 20;
/// Most levels a shop defines.
pub const LEVELS_MAX: usize = 50;
/// Most discount rules in all.
pub const RULES_MAX: usize = 5_000;
/// Longest typed rate ("8.85折", "12.5% off").
pub const RATE_MAX_CHARS: usize = 12;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub id: i64,
    pub name: String,
    /// Lower ranks first: 1 is the entry level.
    pub rank: i64,
    pub rate_bp: u32,
    /// Points per yuan paid, in hundredths (`150` = 1.5), [`crate::points`].
    pub points_rate_pct: u32,
    /// Points earned that lift a member here; `None`: only by hand.
    pub upgrade_points: Option<i64>,
}

impl Level {
    pub fn rung(&self) -> crate::points::Rung {
        crate::points::Rung {
            id: self.id,
            rank: self.rank,
            upgrade_points: self.upgrade_points,
        }
    }
}

/// How a rate is written: 折 (what is paid, in tenths) or percent off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RateStyle {
    Zhe,
    PercentOff,
}

/// "8.8折", "9折", "8.85折".
pub fn zhe_text(rate_bp: u32) -> String {
    let tenths = rate_bp as f64 / 1_000.0;
    let mut s = format!("{tenths:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    format!("{s}折")
}

/// "12% off", "12.5% off".
pub fn percent_off_text(rate_bp: u32) -> String {
    let off = FULL_RATE_BP.saturating_sub(rate_bp);
    let (whole, rest) = (off / 100, off % 100);
    let n = match rest {
        0 => format!("{whole}"),
        r if r % 10 == 0 => format!("{whole}.{}", r / 10),
        r => format!("{whole}.{r:02}"),
    };
    format!("{n}% off")
}

pub fn rate_text(rate_bp: u32, style: RateStyle) -> String {
    match style {
        RateStyle::Zhe => zhe_text(rate_bp),
        RateStyle::PercentOff => percent_off_text(rate_bp),
    }
}

/// A rate as typed in the given style: "8.8" or "8.8折" (折), "12" or "12%" (off).
/// A 折 rate is above 0 and at most 10 with two decimals at most; percent off is
/// 0 to below 100. Empty means full price.
pub fn parse_rate(raw: &str, style: RateStyle, field: Field) -> Result<u32, FieldError> {
    let bad = |p| Err(FieldError::new(field, p));
    if raw.chars().count() > RATE_MAX_CHARS {
        return bad(Problem::TooLong {
            max_chars: RATE_MAX_CHARS as u32,
        });
    }
    let t: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.to_lowercase();
    let t = t
        .trim_end_matches("off")
        .trim_end_matches('折')
        .trim_end_matches('%');
    if t.is_empty() {
        return Ok(FULL_RATE_BP);
    }
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || !(frac.is_empty() || digits(frac)) || whole.len() > 3 {
        return bad(Problem::NotANumber);
    }
    if frac.len() > 2 {
        return bad(Problem::TooManyDecimals);
    }
    let hundredths: u32 = whole.parse::<u32>().unwrap_or(u32::MAX / 1000) * 100
        + format!("{frac:0<2}").parse::<u32>().unwrap_or(0);
    match style {
        // 8.85折 = 885 hundredths of a tenth = 8_850 bp.
        RateStyle::Zhe if (1..=1_000).contains(&hundredths) => Ok(hundredths * 10),
        RateStyle::Zhe => bad(Problem::OutOfRange { min: 0, max: 10 }),
        // 12.5% off = 1_250 bp off.
        RateStyle::PercentOff if hundredths < 10_000 => Ok(FULL_RATE_BP - hundredths),
        RateStyle::PercentOff => bad(Problem::OutOfRange { min: 0, max: 99 }),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelForm {
    pub name: String,
    pub rank: String,
    pub rate: String,
    /// "zhe" or "off": how `rate` is written (the screen's language decides).
    pub style: String,
    /// Points per yuan ("1.5"); empty: 1.
    #[serde(default)]
    pub points_rate: String,
    /// Points earned to reach the level; empty: set by hand only.
    #[serde(default)]
    pub upgrade_points: String,
}

pub fn parse_style(raw: &str) -> RateStyle {
    if raw == "off" {
        RateStyle::PercentOff
    } else {
        RateStyle::Zhe
    }
}

impl LevelForm {
    pub fn parse(&self) -> Result<Level, FieldError> {
        self.parse_all().map_err(crate::error::first)
    }

    /// Every problem at once.
    pub fn parse_all(&self) -> Result<Level, Vec<FieldError>> {
        let mut p = crate::Problems::default();
        let name = p.check(text::required(
            &self.name,
            Field::LevelName,
            LEVEL_NAME_MAX_CHARS,
        ));
        let rank = p.check(
            self.rank
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|r| (1..=LEVELS_MAX as i64).contains(r))
                .ok_or(FieldError::new(
                    Field::LevelRank,
                    Problem::OutOfRange {
                        min: 1,
                        max: LEVELS_MAX as u32,
                    },
                )),
        );
        let rate_bp = p.check(parse_rate(
            &self.rate,
            parse_style(&self.style),
            Field::DiscountRate,
        ));
        let points_rate_pct = if self.points_rate.trim().is_empty() {
            Some(100)
        } else {
            p.check(crate::points::parse_rate(
                &self.points_rate,
                Field::PointsRate,
            ))
        };
        let upgrade_points = if self.upgrade_points.trim().is_empty() {
            Some(None)
        } else {
            p.check(crate::points::parse_count(
                &self.upgrade_points,
                Field::UpgradePoints,
                0,
                crate::points::UPGRADE_POINTS_MAX,
            ))
            .map(Some)
        };
        let level = (|| {
            Some(Level {
                id: 0,
                name: name?,
                rank: rank?,
                rate_bp: rate_bp?,
                points_rate_pct: points_rate_pct?,
                upgrade_points: upgrade_points?,
            })
        })();
        p.finish(level)
    }
}

/// What a discount rule is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RuleTarget {
    Category(i64),
    Item(i64),
}

/// A level's rate for one category (and its subcategories) or one item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscountRule {
    pub level_id: i64,
    pub target: RuleTarget,
    pub rate_bp: u32,
}

/// Where an item's rate came from, for the line and the receipt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RateSource {
    Item,
    Category(i64),
    Level,
    None,
}

impl RateSource {
    /// As stored: "item", "category:7", "level", "none".
    pub fn code(self) -> String {
        match self {
            RateSource::Item => "item".into(),
            RateSource::Category(id) => format!("category:{id}"),
            RateSource::Level => "level".into(),
            RateSource::None => "none".into(),
        }
    }

    pub fn from_code(code: &str) -> RateSource {
        match code {
            "item" => RateSource::Item,
            "level" => RateSource::Level,
            c => match c.strip_prefix("category:").and_then(|id| id.parse().ok()) {
                Some(id) => RateSource::Category(id),
                None => RateSource::None,
            },
        }
    }
}

/// The item's rate for a member of `level`: item rule > category rule (nearest
/// first along `categories`, the item's category then its parents) > the level's
/// default > full price. No level (a walk-in) pays full price.
pub fn resolve(
    level: Option<&Level>,
    item_id: i64,
    categories: &[i64],
    rules: &[DiscountRule],
) -> (u32, RateSource) {
    let Some(level) = level else {
        return (FULL_RATE_BP, RateSource::None);
    };
    let rule_for = |target: RuleTarget| {
        rules
            .iter()
            .find(|r| r.level_id == level.id && r.target == target)
            .map(|r| r.rate_bp)
    };
    if let Some(rate) = rule_for(RuleTarget::Item(item_id)) {
        return (rate, RateSource::Item);
    }
    for &category in categories {
        if let Some(rate) = rule_for(RuleTarget::Category(category)) {
            return (rate, RateSource::Category(category));
        }
    }
    if level.rate_bp < FULL_RATE_BP {
        return (level.rate_bp, RateSource::Level);
    }
    (FULL_RATE_BP, RateSource::None)
}

#[cfg(test)]
mod tests;
