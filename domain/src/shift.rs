//! A cashier's shift (H1): opened with a float of cash, closed by counting the drawer.

use crate::money::Money;
use serde::{Deserialize, Serialize};

/// How the counted drawer compares with what it should hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CashCount {
    Balanced,
    /// Less cash than expected, by this much.
    Short(Money),
    /// More cash than expected, by this much.
    Over(Money),
}

/// The drawer should hold the float plus the cash taken minus the cash paid out.
pub fn expected_cash(float: Money, cash_taken: Money, cash_paid_out: Money) -> Option<Money> {
    float.checked_add(cash_taken)?.checked_sub(cash_paid_out)
}

pub fn count_cash(expected: Money, counted: Money) -> CashCount {
    match counted.fen() - expected.fen() {
        0 => CashCount::Balanced,
        d if d < 0 => CashCount::Short(Money::from_fen(-d)),
        d => CashCount::Over(Money::from_fen(d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawer_arithmetic() {
        let m = Money::from_fen;
        assert_eq!(
            expected_cash(m(20_000), m(5_000), m(1_000)),
            Some(m(24_000))
        );
        assert_eq!(count_cash(m(20_000), m(20_000)), CashCount::Balanced);
        assert_eq!(count_cash(m(20_000), m(19_550)), CashCount::Short(m(450)));
        assert_eq!(count_cash(m(20_000), m(20_010)), CashCount::Over(m(10)));
        assert_eq!(expected_cash(m(i64::MAX), m(1), m(0)), None);
    }
}
