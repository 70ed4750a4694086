//! Gifts for points and points to money (P3).
//!
//! A gift has a points price and a stock per store. Redeeming takes the price
//! from the member's points and one unit of the store's stock in one
//! transaction; neither can fall below zero, however many redeem at once. A
//! manager can reverse a redemption once: the points and the unit come back.
//!
//! **Points to money:** the shop sets how many points make one yuan; the money
//! is rounded down to the fen ([`points_to_fen`]) and lands on a stored-value
//! card as bonus (it was never paid for, so it is never refunded as cash).

use crate::{Field, FieldError, Problem, text};
use serde::{Deserialize, Serialize};

pub const GIFT_NAME_MAX_CHARS: u32 = 40;
pub const GIFTS_MAX: usize = 500;
pub const POINTS_PRICE_MAX: i64 = 100_000_000;
pub const STOCK_MAX: i64 = 1_000_000;
/// At most this many points a member turns into money at once.
pub const TO_MONEY_MAX_POINTS: i64 = 100_000_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gift {
    pub id: i64,
    pub name: String,
    pub points_price: i64,
    pub active: bool,
    /// (store, units) for the stores that have any stock row.
    pub stock: Vec<(i64, i64)>,
}

impl Gift {
    pub fn stock_at(&self, store_id: i64) -> i64 {
        self.stock
            .iter()
            .find(|s| s.0 == store_id)
            .map_or(0, |s| s.1)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GiftForm {
    pub name: String,
    pub points_price: String,
    #[serde(default)]
    pub inactive: bool,
}

/// A gift as checked: name, price, active.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GiftInput {
    pub name: String,
    pub points_price: i64,
    pub active: bool,
}

impl GiftForm {
    pub fn parse_all(&self) -> Result<GiftInput, Vec<FieldError>> {
        let mut p = crate::Problems::default();
        let name = p.check(text::required(
            &self.name,
            Field::GiftName,
            GIFT_NAME_MAX_CHARS,
        ));
        let price = p.check(crate::points::parse_count(
            &self.points_price,
            Field::PointsPrice,
            1,
            POINTS_PRICE_MAX,
        ));
        let input = (|| {
            Some(GiftInput {
                name: name?,
                points_price: price?,
                active: !self.inactive,
            })
        })();
        p.finish(input)
    }
}

/// Units of stock as typed: 0 to [`STOCK_MAX`].
pub fn parse_stock(raw: &str) -> Result<i64, FieldError> {
    crate::points::parse_count(raw, Field::Stock, 0, STOCK_MAX)
}

/// Points as typed for turning into money: 1 to [`TO_MONEY_MAX_POINTS`].
pub fn parse_points(raw: &str) -> Result<i64, FieldError> {
    crate::points::parse_count(raw, Field::Points, 1, TO_MONEY_MAX_POINTS)
}

/// The money `points` make at `points_per_yuan`, rounded down to the fen; 0
/// when the shop does not offer it.
pub fn points_to_fen(points: i64, points_per_yuan: i64) -> i64 {
    if points <= 0 || points_per_yuan <= 0 {
        return 0;
    }
    (points as i128 * 100 / points_per_yuan as i128) as i64
}

/// Points that make no whole fen are refused rather than taken for nothing.
pub fn check_to_money(points: i64, points_per_yuan: i64) -> Result<i64, FieldError> {
    if points_per_yuan <= 0 {
        return Err(FieldError::new(Field::Points, Problem::NotAnOption));
    }
    match points_to_fen(points, points_per_yuan) {
        0 => Err(FieldError::new(Field::Points, Problem::Zero)),
        fen => Ok(fen),
    }
}

/// One redemption as the member page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redemption {
    pub id: i64,
    pub at_local: String,
    pub gift_name: String,
    pub store_name: String,
    pub staff_name: String,
    pub points: i64,
    pub reversed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_make_money_rounded_down_to_the_fen() {
        assert_eq!(points_to_fen(150, 100), 150, "100 points a yuan: ¥1.50");
        assert_eq!(points_to_fen(100, 30), 333, "¥3.33, not 3.34");
        assert_eq!(points_to_fen(100, 0), 0);
        assert_eq!(
            check_to_money(1, 1_000).map_err(|e| e.problem),
            Err(Problem::Zero)
        );
        assert_eq!(check_to_money(10, 1_000), Ok(1));
        assert!(check_to_money(10, 0).is_err());
    }

    #[test]
    fn the_gift_form_reports_every_problem() {
        let bad = GiftForm {
            name: " ".into(),
            points_price: "0".into(),
            inactive: false,
        };
        let fields: Vec<Field> = bad
            .parse_all()
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, [Field::GiftName, Field::PointsPrice]);
        let ok = GiftForm {
            name: "玩偶".into(),
            points_price: "500".into(),
            inactive: true,
        };
        assert_eq!(
            ok.parse_all(),
            Ok(GiftInput {
                name: "玩偶".into(),
                points_price: 500,
                active: false
            })
        );
    }
}
