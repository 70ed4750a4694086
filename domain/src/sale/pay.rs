//! How a sale is paid (V4): one payment per method (the built-in ones and the
//! shop's own), each above zero, summing to the total exactly — never "close
//! enough". Cash may be handed over in excess of its share; the difference is
//! the change.

use crate::ledger::Refusal;
use crate::money::MAX_AMOUNT_FEN;
use serde::{Deserialize, Serialize};

/// Most payments on one sale: one per method.
pub const PAYMENTS_MAX: usize = 4 + crate::pay_method::SHOP_METHODS_MAX as usize;

/// How a sale is paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PayBy {
    Cash,
    Cheque,
    BankCard,
    /// The member's stored-value card: status, expiry, store, daily limit, balance
    /// and PIN are checked as for any charge.
    MemberCard,
    /// One of the shop's own methods (`m<n>`, [`crate::pay_method`]).
    Shop(u32),
}

impl PayBy {
    pub const ALL: [PayBy; 4] = [
        PayBy::Cash,
        PayBy::MemberCard,
        PayBy::BankCard,
        PayBy::Cheque,
    ];

    pub fn code(self) -> String {
        match self {
            PayBy::Cash => "cash".into(),
            PayBy::Cheque => "cheque".into(),
            PayBy::BankCard => "bank_card".into(),
            PayBy::MemberCard => "member_card".into(),
            PayBy::Shop(n) => crate::pay_method::shop_code(n),
        }
    }

    pub fn from_code(code: &str) -> Option<PayBy> {
        PayBy::ALL
            .into_iter()
            .find(|m| m.code() == code)
            .or_else(|| crate::pay_method::shop_number(code).map(PayBy::Shop))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub by: PayBy,
    pub amount_fen: i64,
}

/// The payments accepted, and the change to hand back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    pub payments: Vec<Payment>,
    pub cash_given_fen: i64,
    pub change_fen: i64,
}

impl Settlement {
    pub fn part(&self, by: PayBy) -> i64 {
        self.payments
            .iter()
            .filter(|p| p.by == by)
            .map(|p| p.amount_fen)
            .sum()
    }
}

/// Checks that `payments` settle `total_fen` exactly. `cash_given_fen` is what
/// the customer handed over for the cash part (none: exactly the cash part).
pub fn settle(
    total_fen: i64,
    payments: &[Payment],
    cash_given_fen: Option<i64>,
) -> Result<Settlement, Refusal> {
    if payments.len() > PAYMENTS_MAX {
        return Err(Refusal::PaymentMethodTwice);
    }
    let mut paid_fen: i64 = 0;
    for (n, p) in payments.iter().enumerate() {
        if payments[..n].iter().any(|q| q.by == p.by) {
            return Err(Refusal::PaymentMethodTwice);
        }
        if p.amount_fen <= 0 || p.amount_fen > MAX_AMOUNT_FEN {
            return Err(Refusal::PaymentsDoNotAddUp {
                total_fen,
                paid_fen: p.amount_fen,
            });
        }
        paid_fen += p.amount_fen;
    }
    if paid_fen != total_fen {
        return Err(Refusal::PaymentsDoNotAddUp {
            total_fen,
            paid_fen,
        });
    }
    let cash_fen: i64 = payments
        .iter()
        .filter(|p| p.by == PayBy::Cash)
        .map(|p| p.amount_fen)
        .sum();
    let given = cash_given_fen.unwrap_or(cash_fen);
    if given < cash_fen || given > MAX_AMOUNT_FEN {
        return Err(Refusal::CashGivenShort {
            cash_fen,
            given_fen: given,
        });
    }
    Ok(Settlement {
        payments: payments.to_vec(),
        cash_given_fen: given,
        change_fen: given - cash_fen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pay(by: PayBy, amount_fen: i64) -> Payment {
        Payment { by, amount_fen }
    }

    #[test]
    fn split_payments_must_add_up_exactly() {
        let s = settle(
            10_001,
            &[pay(PayBy::Cash, 5_000), pay(PayBy::MemberCard, 5_001)],
            Some(10_000),
        )
        .unwrap();
        assert_eq!(
            (s.part(PayBy::Cash), s.part(PayBy::MemberCard)),
            (5_000, 5_001)
        );
        assert_eq!(s.change_fen, 5_000);
        assert_eq!(
            settle(
                10_001,
                &[pay(PayBy::Cash, 5_000), pay(PayBy::MemberCard, 5_000)],
                None
            ),
            Err(Refusal::PaymentsDoNotAddUp {
                total_fen: 10_001,
                paid_fen: 10_000
            })
        );
        assert_eq!(
            settle(100, &[pay(PayBy::BankCard, 101)], None),
            Err(Refusal::PaymentsDoNotAddUp {
                total_fen: 100,
                paid_fen: 101
            }),
            "only cash gives change"
        );
        assert_eq!(
            settle(100, &[pay(PayBy::Cash, 50), pay(PayBy::Cash, 50)], None),
            Err(Refusal::PaymentMethodTwice)
        );
        assert_eq!(
            settle(100, &[pay(PayBy::Cash, 100), pay(PayBy::BankCard, 0)], None),
            Err(Refusal::PaymentsDoNotAddUp {
                total_fen: 100,
                paid_fen: 0
            }),
            "a zero payment is refused"
        );
        assert_eq!(
            settle(100, &[pay(PayBy::Cash, 100)], Some(99)),
            Err(Refusal::CashGivenShort {
                cash_fen: 100,
                given_fen: 99
            })
        );
        assert_eq!(
            settle(100, &[pay(PayBy::Cheque, 100)], None).map(|s| s.change_fen),
            Ok(0)
        );
        assert_eq!(
            settle(0, &[], None).map(|s| s.change_fen),
            Ok(0),
            "a free sale needs no payment"
        );
    }
}
