//! Money: an integer count of the currency's minor unit (fen, cents).
//!
//! What people type ("12", "12.5", "¥1,234.50", "12元") becomes `Money` here and
//! nowhere else; more than two decimals, negatives and amounts above
//! [`MAX_AMOUNT_FEN`] are refused, never rounded away.

use crate::{Field, FieldError, Problem};
use serde::{Deserialize, Serialize};

/// The largest amount one field may carry: 10,000,000.00.
pub const MAX_AMOUNT_FEN: i64 = 1_000_000_000;
/// Longest text accepted in an amount field.
pub const AMOUNT_MAX_CHARS: u32 = 24;

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    /// Parses a non-negative amount as people type it.
    pub fn parse(raw: &str, field: Field) -> Result<Money, FieldError> {
        let bad = |problem| Err(FieldError::new(field, problem));
        if raw.chars().count() > AMOUNT_MAX_CHARS as usize {
            return bad(Problem::TooLong {
                max_chars: AMOUNT_MAX_CHARS,
            });
        }
        let mut text: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        for symbol in [
            "HK$", "NT$", "MOP$", "S$", "RM", "RMB", "¥", "￥", "$", "元",
        ] {
            if let Some(rest) = text.strip_prefix(symbol) {
                text = rest.to_owned();
            }
            if let Some(rest) = text.strip_suffix(symbol) {
                text = rest.to_owned();
            }
        }
        if text.is_empty() {
            return bad(Problem::Required);
        }
        if text.starts_with('-') {
            return bad(Problem::Negative);
        }
        let (whole, decimals) = text.split_once('.').unwrap_or((&text, ""));
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if (whole.is_empty() && decimals.is_empty()) || !digits(whole) || !digits(decimals) {
            return bad(Problem::NotAnAmount);
        }
        if decimals.len() > 2 {
            return bad(Problem::TooManyDecimals);
        }
        let whole = whole.trim_start_matches('0');
        if whole.len() > 12 {
            return bad(Problem::AmountTooLarge {
                max_fen: MAX_AMOUNT_FEN,
            });
        }
        let yuan: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().unwrap_or(i64::MAX)
        };
        let cents: i64 = format!("{decimals:0<2}").parse().unwrap_or(0);
        let fen = yuan.saturating_mul(100).saturating_add(cents);
        if fen > MAX_AMOUNT_FEN {
            return bad(Problem::AmountTooLarge {
                max_fen: MAX_AMOUNT_FEN,
            });
        }
        Ok(Money(fen))
    }

    /// "1234.50", "-4.50": two decimals, no separators, no symbol.
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// With the shop's currency symbol: "¥1,234.50", "-¥4.50".
    pub fn with_symbol(self, symbol: &str) -> String {
        let plain = Money(self.0.abs()).plain();
        let (whole, cents) = plain.split_once('.').unwrap_or((&plain, "00"));
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{symbol}{grouped}.{cents}")
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const F: Field = Field::Float;

    fn parse(s: &str) -> Result<i64, Problem> {
        Money::parse(s, F).map(Money::fen).map_err(|e| e.problem)
    }

    #[test]
    fn what_cashiers_type() {
        assert_eq!(parse("12"), Ok(1200));
        assert_eq!(parse("12.5"), Ok(1250));
        assert_eq!(parse("12.05"), Ok(1205));
        assert_eq!(parse("¥12.50"), Ok(1250));
        assert_eq!(parse("￥ 1,234.50"), Ok(123_450));
        assert_eq!(parse("12元"), Ok(1200));
        assert_eq!(parse("HK$3"), Ok(300));
        assert_eq!(parse(".5"), Ok(50));
        assert_eq!(parse("0"), Ok(0));
        assert_eq!(parse("007.10"), Ok(710));
    }

    #[test]
    fn refusals_are_specific() {
        assert_eq!(parse(""), Err(Problem::Required));
        assert_eq!(parse("¥"), Err(Problem::Required));
        assert_eq!(parse("12.345"), Err(Problem::TooManyDecimals));
        assert_eq!(parse("-5"), Err(Problem::Negative));
        assert_eq!(parse("12a"), Err(Problem::NotAnAmount));
        assert_eq!(parse("1.2.3"), Err(Problem::NotAnAmount));
        assert_eq!(parse("."), Err(Problem::NotAnAmount));
        assert_eq!(
            parse("10000000.01"),
            Err(Problem::AmountTooLarge {
                max_fen: MAX_AMOUNT_FEN
            })
        );
        assert_eq!(
            parse("99999999999999999999"),
            Err(Problem::AmountTooLarge {
                max_fen: MAX_AMOUNT_FEN
            })
        );
        assert_eq!(
            parse(&"1".repeat(25)),
            Err(Problem::TooLong { max_chars: 24 })
        );
        assert_eq!(parse("10000000"), Ok(MAX_AMOUNT_FEN));
    }

    #[test]
    fn formatting() {
        assert_eq!(Money::from_fen(123_450).with_symbol("¥"), "¥1,234.50");
        assert_eq!(Money::from_fen(-450).with_symbol("¥"), "-¥4.50");
        assert_eq!(Money::from_fen(5).plain(), "0.05");
        assert_eq!(
            Money::from_fen(100_000_000).with_symbol("HK$"),
            "HK$1,000,000.00"
        );
    }

    proptest! {
        #[test]
        fn plain_text_parses_back_to_the_same_amount(fen in 0..=MAX_AMOUNT_FEN) {
            let money = Money::from_fen(fen);
            prop_assert_eq!(Money::parse(&money.plain(), F).unwrap(), money);
            prop_assert_eq!(Money::parse(&money.with_symbol("¥"), F).unwrap(), money);
        }

        #[test]
        fn any_text_parses_or_is_refused_without_panic(text in "\\PC{0,30}") {
            if let Ok(money) = Money::parse(&text, F) {
                prop_assert!(money.fen() >= 0 && money.fen() <= MAX_AMOUNT_FEN);
            }
        }
    }
}
