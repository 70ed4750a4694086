//! A sale at the till (V2, V3): lines priced with the member's discount, and the
//! payments that settle it.
//!
//! **Rounding (one rule):** each line is `unit price × quantity`, times the line's
//! rate, rounded to the fen half away from zero ([`crate::money::apply_rate_bp`]).
//! The sale's total is the sum of its line totals, so the receipt always adds up.
//!
//! **Payments** are in [`pay`] (re-exported here).

use crate::level::{DiscountRule, Level, RateSource, resolve};
use crate::money::{MAX_AMOUNT_FEN, Money, apply_rate_bp};
use crate::promotion::{Named, Offers, best_discount, combine};
use crate::{Field, FieldError, Problem};
use serde::{Deserialize, Serialize};

pub mod pay;
pub mod refund;
pub use pay::*;

/// Most lines on one sale.
pub const LINES_MAX: usize = 100;
/// Most of one item on one line.
pub const QUANTITY_MAX: i64 = 999;

/// What the till knows of an item to price it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemPrice {
    pub item_id: i64,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub price_fen: i64,
    /// The item's category, then its parent, and so on up.
    pub categories: Vec<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    pub item_id: i64,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub unit_price_fen: i64,
    pub quantity: i64,
    pub rate_bp: u32,
    pub source: RateSource,
    /// Before the discount.
    pub list_fen: i64,
    pub discount_fen: i64,
    pub total_fen: i64,
    /// The count or time card that pays this line instead of money.
    #[serde(default)]
    pub cover: Option<crate::cover::LineCover>,
    /// The promotion whose discount `rate_bp` includes.
    #[serde(default)]
    pub promotion: Option<Named>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Priced {
    pub lines: Vec<PricedLine>,
    pub list_fen: i64,
    pub discount_fen: i64,
    pub total_fen: i64,
}

pub fn check_quantity(quantity: i64) -> Result<i64, FieldError> {
    if (1..=QUANTITY_MAX).contains(&quantity) {
        Ok(quantity)
    } else {
        Err(FieldError::new(
            Field::Quantity,
            Problem::OutOfRange {
                min: 1,
                max: QUANTITY_MAX as u32,
            },
        ))
    }
}

/// Prices every line for a member of `level` (none for a walk-in), without
/// promotions.
pub fn price(
    lines: &[(ItemPrice, i64)],
    level: Option<&Level>,
    rules: &[DiscountRule],
) -> Result<Priced, FieldError> {
    price_with(lines, level, rules, &Offers::default())
}

/// Prices every line: the level's rate (item rule, category rule, the level's
/// own), met by the best promotion discount running for the line by the
/// shop's combination rule ([`crate::promotion::combine`]).
pub fn price_with(
    lines: &[(ItemPrice, i64)],
    level: Option<&Level>,
    rules: &[DiscountRule],
    offers: &Offers,
) -> Result<Priced, FieldError> {
    if lines.len() > LINES_MAX {
        return Err(FieldError::new(
            Field::SaleLines,
            Problem::TooMany {
                max: LINES_MAX as u32,
            },
        ));
    }
    let too_large = FieldError::new(
        Field::SaleLines,
        Problem::AmountTooLarge {
            max_fen: MAX_AMOUNT_FEN,
        },
    );
    let mut priced = Priced::default();
    for (item, quantity) in lines {
        let quantity = check_quantity(*quantity)?;
        let (level_bp, source) = resolve(level, item.item_id, &item.categories, rules);
        let (rate_bp, promotion) =
            match best_discount(&offers.running, item.item_id, &item.categories) {
                Some((p, promo_bp)) => {
                    let (rate, counts) = combine(level_bp, promo_bp, offers.with_level);
                    (rate, counts.then(|| p.named()))
                }
                None => (level_bp, None),
            };
        let list_fen = item
            .price_fen
            .checked_mul(quantity)
            .filter(|f| *f <= MAX_AMOUNT_FEN)
            .ok_or(too_large)?;
        let total_fen = apply_rate_bp(Money::from_fen(list_fen), rate_bp).fen();
        priced.list_fen += list_fen;
        priced.total_fen += total_fen;
        priced.discount_fen += list_fen - total_fen;
        if priced.list_fen > MAX_AMOUNT_FEN {
            return Err(too_large);
        }
        priced.lines.push(PricedLine {
            item_id: item.item_id,
            code: item.code.clone(),
            name: item.name.clone(),
            unit: item.unit.clone(),
            unit_price_fen: item.price_fen,
            quantity,
            rate_bp,
            source,
            list_fen,
            discount_fen: list_fen - total_fen,
            total_fen,
            cover: None,
            promotion,
        });
    }
    Ok(priced)
}

/// A finished sale as the receipt prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub sale_id: i64,
    pub request_id: String,
    pub at_ms: crate::UnixMs,
    /// "2026-11-26 14:05" in the shop's time zone.
    pub at_local: String,
    pub company_name: String,
    pub store_name: String,
    pub store_address: String,
    pub store_phone: String,
    pub cashier_name: String,
    pub member_no: Option<String>,
    pub member_name: Option<String>,
    pub level_name: Option<String>,
    pub priced: Priced,
    pub payments: Vec<Payment>,
    /// The names of the shop's own methods among `payments`.
    #[serde(default)]
    pub method_names: Vec<(String, crate::pay_method::MethodNames)>,
    pub cash_given_fen: i64,
    pub change_fen: i64,
    pub card_no: Option<String>,
    /// The member card's balance (principal + bonus) after this sale.
    pub card_balance_after_fen: Option<i64>,
    pub header: String,
    pub footer: String,
    /// The points this sale earned, if the member earned any.
    #[serde(default)]
    pub points: Option<crate::points::PointsOnReceipt>,
    /// Refunds of this sale, oldest first.
    #[serde(default)]
    pub refunds: Vec<refund::SaleRefund>,
}

impl Receipt {
    /// Units of line `n` (from 1) not refunded yet.
    pub fn refundable(&self, line_no: u32) -> i64 {
        let sold = self
            .priced
            .lines
            .get(line_no as usize - 1)
            .map_or(0, |l| l.quantity);
        let back: i64 = self
            .refunds
            .iter()
            .flat_map(|r| &r.lines)
            .filter(|l| l.0 == line_no)
            .map(|l| l.1)
            .sum();
        sold - back
    }
}

/// One line of the sales history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleSummary {
    pub sale_id: i64,
    pub at_local: String,
    pub member_name: Option<String>,
    pub total_fen: i64,
    pub cashier_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::level::RuleTarget;

    fn item(id: i64, price_fen: i64, categories: Vec<i64>) -> ItemPrice {
        ItemPrice {
            item_id: id,
            code: format!("I{id}"),
            name: format!("item {id}"),
            unit: "个".into(),
            price_fen,
            categories,
        }
    }

    fn gold() -> Level {
        Level {
            id: 1,
            name: "gold".into(),
            rank: 1,
            rate_bp: 8_800,
            points_rate_pct: 100,
            upgrade_points: None,
        }
    }

    #[test]
    fn lines_round_each_and_the_total_is_their_sum() {
        // 3 × 3.33 at 8.8折 = 9.99 × 0.88 = 8.7912 → 8.79; 1 × 0.05 at 8.8折 =
        // 0.044 → 0.04; 1 × 0.25 at 8.8折 = 0.22.
        let lines = vec![
            (item(1, 333, vec![]), 3),
            (item(2, 5, vec![]), 1),
            (item(3, 25, vec![]), 1),
        ];
        let p = price(&lines, Some(&gold()), &[]).unwrap();
        let totals: Vec<i64> = p.lines.iter().map(|l| l.total_fen).collect();
        assert_eq!(totals, vec![879, 4, 22]);
        assert_eq!(p.total_fen, 905);
        assert_eq!(p.list_fen, 999 + 5 + 25);
        assert_eq!(p.discount_fen, p.list_fen - p.total_fen);
        // Half a fen rounds up: 0.125 × 0.88 … 1 fen at 5折 = 0.5 → 1.
        let half = Level {
            rate_bp: 5_000,
            ..gold()
        };
        let p = price(&[(item(1, 1, vec![]), 1)], Some(&half), &[]).unwrap();
        assert_eq!(p.total_fen, 1);
    }

    #[test]
    fn each_line_takes_its_own_rule() {
        let rules = vec![
            DiscountRule {
                level_id: 1,
                target: RuleTarget::Category(5),
                rate_bp: 5_000,
            },
            DiscountRule {
                level_id: 1,
                target: RuleTarget::Item(2),
                rate_bp: 10_000,
            },
        ];
        let lines = vec![
            (item(1, 1_000, vec![5]), 2),
            (item(2, 1_000, vec![5]), 1),
            (item(3, 1_000, vec![6]), 1),
        ];
        let p = price(&lines, Some(&gold()), &rules).unwrap();
        let got: Vec<(i64, RateSource)> = p.lines.iter().map(|l| (l.total_fen, l.source)).collect();
        assert_eq!(
            got,
            vec![
                (1_000, RateSource::Category(5)),
                (1_000, RateSource::Item),
                (880, RateSource::Level)
            ]
        );
        let walk_in = price(&lines, None, &rules).unwrap();
        assert_eq!(walk_in.total_fen, 4_000);
        assert_eq!(walk_in.discount_fen, 0);
    }

    #[test]
    fn a_promotion_meets_the_level_by_the_shop_rule() {
        use crate::promotion::{BirthdayOnly, Offer, Promotion, Target, WithLevel};
        let coffee = Promotion {
            id: 9,
            name: "coffee week".into(),
            first_day: crate::day::Day(0),
            last_day: crate::day::Day(0),
            stores: vec![],
            weekdays: crate::promotion::EVERY_DAY,
            birthday: BirthdayOnly::No,
            offer: Offer::Discount {
                target: Target::Category(5),
                rate_bp: 9_000,
            },
            active: true,
        };
        let lines = vec![(item(1, 1_000, vec![5]), 1), (item(2, 1_000, vec![6]), 1)];
        let mut offers = Offers {
            running: vec![coffee],
            with_level: WithLevel::Better,
        };
        let got = |p: &Priced| -> Vec<(i64, Option<i64>)> {
            p.lines
                .iter()
                .map(|l| (l.total_fen, l.promotion.as_ref().map(|n| n.id)))
                .collect()
        };
        // Gold's 8.8折 beats the promotion's 9折: the promotion is not named.
        let p = price_with(&lines, Some(&gold()), &[], &offers).unwrap();
        assert_eq!(got(&p), vec![(880, None), (880, None)]);
        // A walk-in gets the promotion.
        let p = price_with(&lines, None, &[], &offers).unwrap();
        assert_eq!(got(&p), vec![(900, Some(9)), (1_000, None)]);
        offers.with_level = WithLevel::Both;
        let p = price_with(&lines, Some(&gold()), &[], &offers).unwrap();
        assert_eq!(got(&p), vec![(792, Some(9)), (880, None)]);
        assert_eq!(p.lines[0].rate_bp, 7_920);
    }

    #[test]
    fn quantities_and_sizes_are_limited() {
        let one = item(1, 100, vec![]);
        assert_eq!(
            price(&[(one.clone(), 0)], None, &[]).map_err(|e| e.field),
            Err(Field::Quantity)
        );
        assert_eq!(
            price(&[(one.clone(), 1_000)], None, &[]).map_err(|e| e.field),
            Err(Field::Quantity)
        );
        let many = vec![(one.clone(), 1); LINES_MAX + 1];
        assert_eq!(
            price(&many, None, &[]).map_err(|e| e.problem),
            Err(Problem::TooMany { max: 100 })
        );
        let dear = item(1, MAX_AMOUNT_FEN, vec![]);
        assert!(price(&[(dear, 2)], None, &[]).is_err());
    }
}
