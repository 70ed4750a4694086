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

/// The money one payment method moved during a shift.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodTotals {
    /// "cash", "bank_card", "cheque", "member_card", or a shop's own "m<n>".
    pub method: String,
    /// A shop method's names (empty for the built-in ones).
    #[serde(default)]
    pub names: crate::pay_method::MethodNames,
    /// Its money is in the drawer (cash, and the shop's methods so marked).
    #[serde(default)]
    pub into_drawer: bool,
    /// Taken for sales at the till.
    pub sales_fen: i64,
    /// Taken for cards: recharges, new cards, fees, renewals.
    pub card_money_in_fen: i64,
    /// Paid back: returned cards, reversed recharges.
    pub paid_out_fen: i64,
}

impl MethodTotals {
    /// What this method should show at the end of the shift (beyond the float).
    pub fn net_fen(&self) -> i64 {
        self.sales_fen + self.card_money_in_fen - self.paid_out_fen
    }
}

/// What happened during a shift, for its report (H1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftSummary {
    pub methods: Vec<MethodTotals>,
    pub sales: i64,
    pub sales_total_fen: i64,
    pub recharges: i64,
    pub recharges_fen: i64,
    pub refunds: i64,
    pub refunds_fen: i64,
    pub visits: i64,
}

impl ShiftSummary {
    pub fn method(&self, code: &str) -> MethodTotals {
        self.methods
            .iter()
            .find(|m| m.method == code)
            .cloned()
            .unwrap_or_default()
    }

    /// The float plus what the drawer took (cash, and every method that goes
    /// into the drawer), minus what it paid out.
    pub fn expected_cash(&self, float: Money) -> Option<Money> {
        let drawer = self
            .methods
            .iter()
            .filter(|m| m.into_drawer || m.method == "cash");
        let taken: i64 = drawer
            .clone()
            .map(|m| m.sales_fen + m.card_money_in_fen)
            .sum();
        let out: i64 = drawer.map(|m| m.paid_out_fen).sum();
        expected_cash(float, Money::from_fen(taken), Money::from_fen(out))
    }
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

    #[test]
    fn the_drawer_holds_cash_sales_and_recharges_less_cash_paid_out() {
        let summary = ShiftSummary {
            methods: vec![
                MethodTotals {
                    method: "cash".into(),
                    sales_fen: 11_372,
                    card_money_in_fen: 20_000,
                    paid_out_fen: 5_000,
                    ..Default::default()
                },
                MethodTotals {
                    method: "member_card".into(),
                    sales_fen: 11_373,
                    ..Default::default()
                },
                MethodTotals {
                    method: "m2".into(),
                    sales_fen: 700,
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let float = Money::from_fen(10_000);
        assert_eq!(summary.expected_cash(float), Some(Money::from_fen(36_372)));
        // Vouchers the shop keeps in the drawer are counted with the cash.
        let mut vouchers = summary.clone();
        vouchers.methods[2].into_drawer = true;
        assert_eq!(vouchers.expected_cash(float), Some(Money::from_fen(37_072)));
        assert_eq!(summary.method("member_card").net_fen(), 11_373);
        assert_eq!(summary.method("cheque"), MethodTotals::default());
    }
}
