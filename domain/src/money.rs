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
        let mut text: String = raw.trim().to_owned();
        for symbol in [
            "HK$", "NT$", "MOP$", "S$", "RM", "RMB", "¥", "￥", "$", "元",
        ] {
            if let Some(rest) = text.strip_prefix(symbol) {
                text = rest.trim().to_owned();
            }
            if let Some(rest) = text.strip_suffix(symbol) {
                text = rest.trim().to_owned();
            }
        }
        if text.is_empty() {
            return bad(Problem::Required);
        }
        if text.starts_with('-') {
            return bad(Problem::Negative);
        }
        let text = match without_thousands_separators(&text) {
            Some(text) => text,
            None => return bad(Problem::MisplacedComma),
        };
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

/// "1,234,567.50" → "1234567.50". A comma (or a space) may only separate
/// groups of three digits before the decimal point; "1,5", "1,50", "12,34" and
/// "1.234,50" are not amounts anyone should have to guess at: `None`.
fn without_thousands_separators(text: &str) -> Option<String> {
    let is_separator = |c: char| c == ',' || c == '，' || c.is_whitespace();
    if !text.contains(is_separator) {
        return Some(text.to_owned());
    }
    let (whole, decimals) = text.split_once('.').unwrap_or((text, ""));
    if decimals.contains(is_separator) {
        return None;
    }
    let groups: Vec<&str> = whole.split(is_separator).collect();
    let digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    let first_ok = (1..=3).contains(&groups[0].len()) && digits(groups[0]);
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3 && digits(g));
    if !(first_ok && rest_ok) {
        return None;
    }
    let mut plain = groups.concat();
    if text.contains('.') {
        plain.push('.');
        plain.push_str(decimals);
    }
    Some(plain)
}

/// The one rounding rule: `amount × part ÷ whole`, rounded half away from zero to a
/// whole fen. Used wherever money is shared out (a partial refund split between
/// principal and bonus, a rate applied to an amount). `whole` must be positive.
pub fn share_of(amount: Money, part: i64, whole: i64) -> Money {
    assert!(whole > 0, "share_of needs a positive whole");
    let n = amount.0 as i128 * part as i128;
    let w = whole as i128;
    let q = n / w;
    let r = n % w;
    let rounded = if 2 * r.abs() >= w { q + n.signum() } else { q };
    Money(rounded.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
}

/// A rate in basis points (1/100 of a percent: 8.8折 is `8_800`), applied to an amount.
pub fn apply_rate_bp(amount: Money, rate_bp: u32) -> Money {
    share_of(amount, rate_bp as i64, 10_000)
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
        assert_eq!(parse("1,234"), Ok(123_400));
        assert_eq!(parse("2,345,678.9"), Ok(234_567_890));
        assert_eq!(parse(" 1 234.50 元"), Ok(123_450));
    }

    #[test]
    fn a_comma_is_only_ever_a_thousands_separator() {
        // A decimal comma would be read as 15.00 and 150.00: refused instead.
        for typed in [
            "1,5", "1,50", "12,34", "1.234,50", "1,2345", ",5", "1,", "1,,234", "1,234,5", "0.5,0",
            "1 5",
        ] {
            assert_eq!(parse(typed), Err(Problem::MisplacedComma), "{typed:?}");
        }
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

    #[test]
    fn rounding_is_half_away_from_zero() {
        let m = Money::from_fen;
        assert_eq!(share_of(m(100), 1, 3), m(33));
        assert_eq!(share_of(m(100), 2, 3), m(67));
        assert_eq!(share_of(m(5), 1, 2), m(3));
        assert_eq!(share_of(m(-5), 1, 2), m(-3));
        assert_eq!(apply_rate_bp(m(1999), 8_800), m(1759));
    }

    proptest! {
        #[test]
        fn shares_of_a_whole_never_exceed_it(amount in 0..=MAX_AMOUNT_FEN, part in 0..=1_000_000i64, extra in 0..=1_000_000i64) {
            let whole = part + extra + 1;
            let share = share_of(Money(amount), part, whole).fen();
            prop_assert!(share >= 0 && share <= amount);
            // Within half a fen of the exact value.
            let exact = amount as f64 * part as f64 / whole as f64;
            prop_assert!((share as f64 - exact).abs() <= 0.5 + 1e-6);
        }
    }

    proptest! {
        #[test]
        fn plain_text_parses_back_to_the_same_amount(fen in 0..=MAX_AMOUNT_FEN) {
            let money = Money::from_fen(fen);
            prop_assert_eq!(Money::parse(&money.plain(), F).unwrap(), money);
            prop_assert_eq!(Money::parse(&money.with_symbol("¥"), F).unwrap(), money);
        }

        /// Digits with commas anywhere: either the commas group thousands and the
        /// amount is the digits without them, or it is refused. Never a third reading.
        #[test]
        fn text_with_a_comma_means_what_it_says_or_is_refused(
            whole in "[0-9]{1,8}",
            commas in proptest::collection::vec(0usize..9, 1..3),
            decimals in proptest::option::of("[0-9]{1,2}"),
            comma_in_decimals in any::<bool>(),
        ) {
            let mut typed: String = whole.clone();
            for at in &commas {
                let at = (*at).min(typed.len());
                typed.insert(at, ',');
            }
            if let Some(d) = &decimals {
                typed.push('.');
                if comma_in_decimals { typed.push(','); }
                typed.push_str(d);
            }
            let grouped_by_three = {
                let before_point = typed.split('.').next().unwrap_or("");
                let groups: Vec<&str> = before_point.split(',').collect();
                (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3)
                    && !(comma_in_decimals && decimals.is_some())
            };
            let meant = format!("{}.{}", whole, decimals.clone().unwrap_or_default());
            match parse(&typed) {
                Ok(fen) => {
                    prop_assert!(grouped_by_three, "{typed:?} was read as {fen}");
                    prop_assert_eq!(Ok(fen), parse(&meant), "{:?}", typed);
                }
                Err(problem) => prop_assert!(
                    !grouped_by_three || problem == Problem::AmountTooLarge { max_fen: MAX_AMOUNT_FEN },
                    "{typed:?} refused: {problem:?}"
                ),
            }
        }

        #[test]
        fn any_text_parses_or_is_refused_without_panic(text in "\\PC{0,30}") {
            if let Ok(money) = Money::parse(&text, F) {
                prop_assert!(money.fen() >= 0 && money.fen() <= MAX_AMOUNT_FEN);
            }
        }
    }
}
