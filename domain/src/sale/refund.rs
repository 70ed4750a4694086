//! Refunds of a sale (V6): whole, or some quantity of some lines.
//!
//! **What a line gives back:** its share of the line's total for the quantity
//! refunded, counted on the running quantity refunded so far
//! ([`running_share`]), so that refunding a line in parts gives back exactly
//! its total and never more. The same rule gives back the visits a count card
//! paid for the line.
//!
//! **How the money goes back ([`split_payments`]):** each payment method gets
//! its share of what has been refunded so far (largest remainder, so the shares
//! add up to the fen), less what it got back before. So every payment is
//! returned the way it came, in proportion, and a whole refund returns each
//! method exactly what it paid. The member card's part then goes back in the
//! card's original principal/bonus split (the card ledger's rule).
//!
//! Points and level progress come off in the same proportion of the sale's
//! total (`crate::points::taken_back`).

use super::Payment;
use crate::money::{Money, share_of};
use serde::{Deserialize, Serialize};

/// One line to refund: its number on the sale (from 1) and how many units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundLine {
    pub line_no: u32,
    pub quantity: i64,
}

/// `whole`'s share for `before + now` of `of` units, less its share for `before`.
pub fn running_share(whole: i64, of: i64, before: i64, now: i64) -> i64 {
    if of <= 0 {
        return 0;
    }
    let upto = |n: i64| share_of(Money::from_fen(whole), n.clamp(0, of), of).fen();
    upto(before + now) - upto(before)
}

/// What each method gets back of a refund of `refunding_fen`, when
/// `refunded_before_fen` of the sale's `total_fen` was refunded already and
/// `returned_before` went back to the methods then.
pub fn split_payments(
    paid: &[Payment],
    returned_before: &[Payment],
    total_fen: i64,
    refunded_before_fen: i64,
    refunding_fen: i64,
) -> Vec<Payment> {
    if total_fen <= 0 || refunding_fen <= 0 || paid.is_empty() {
        return Vec::new();
    }
    let after = (refunded_before_fen + refunding_fen).min(total_fen);
    // Largest remainder: everyone's floor, then a fen each to the largest
    // remainders (first paid first on a tie) until the shares add up.
    let exact: Vec<(i64, i128)> = paid
        .iter()
        .map(|p| {
            let n = p.amount_fen as i128 * after as i128;
            ((n / total_fen as i128) as i64, n % total_fen as i128)
        })
        .collect();
    let mut target: Vec<i64> = exact.iter().map(|e| e.0).collect();
    let mut left = after - target.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..paid.len()).collect();
    order.sort_by(|a, b| exact[*b].1.cmp(&exact[*a].1).then(a.cmp(b)));
    for n in order.into_iter().cycle() {
        if left <= 0 {
            break;
        }
        target[n] += 1;
        left -= 1;
    }
    let before = |p: &Payment| {
        returned_before
            .iter()
            .filter(|r| r.by == p.by)
            .map(|r| r.amount_fen)
            .sum::<i64>()
    };
    let mut now: Vec<i64> = paid
        .iter()
        .zip(&target)
        .map(|(p, t)| (t - before(p)).clamp(0, p.amount_fen - before(p)))
        .collect();
    // Rounding can differ by a fen from one refund to the next: the shares
    // are brought to exactly what is refunded now, never past what a method
    // has left.
    let mut diff = refunding_fen.min(total_fen - refunded_before_fen) - now.iter().sum::<i64>();
    for (n, p) in paid.iter().enumerate() {
        if diff == 0 {
            break;
        }
        let room = p.amount_fen - before(p) - now[n];
        let step = if diff > 0 {
            diff.min(room)
        } else {
            diff.max(-now[n])
        };
        now[n] += step;
        diff -= step;
    }
    paid.iter()
        .zip(now)
        .filter(|(_, amount)| *amount > 0)
        .map(|(p, amount_fen)| Payment {
            by: p.by,
            amount_fen,
        })
        .collect()
}

/// A refund as the receipt shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleRefund {
    pub id: i64,
    pub at_local: String,
    pub staff_name: String,
    pub reason: String,
    pub total_fen: i64,
    /// (line number, quantity, amount)
    pub lines: Vec<(u32, i64, i64)>,
    pub payments: Vec<Payment>,
    /// Points taken back (0 when the sale earned none).
    pub points: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sale::PayBy;

    fn pay(by: PayBy, amount_fen: i64) -> Payment {
        Payment { by, amount_fen }
    }

    #[test]
    fn a_line_in_parts_gives_back_exactly_its_total() {
        // 3 units for ¥10.00: 3.33 + 3.34 + 3.33.
        let parts = [
            running_share(1_000, 3, 0, 1),
            running_share(1_000, 3, 1, 1),
            running_share(1_000, 3, 2, 1),
        ];
        assert_eq!(parts.iter().sum::<i64>(), 1_000);
        assert_eq!(running_share(1_000, 3, 0, 3), 1_000);
        assert_eq!(running_share(1_000, 3, 2, 5), 333, "capped at the line");
    }

    #[test]
    fn a_whole_refund_returns_each_method_what_it_paid() {
        let paid = [pay(PayBy::Cash, 3_333), pay(PayBy::MemberCard, 6_667)];
        let back = split_payments(&paid, &[], 10_000, 0, 10_000);
        assert_eq!(back, paid.to_vec());
    }

    #[test]
    fn refunds_in_parts_add_up_to_the_payments() {
        let paid = [
            pay(PayBy::Cash, 1_001),
            pay(PayBy::MemberCard, 2_002),
            pay(PayBy::Shop(1), 997),
        ];
        let mut before: Vec<Payment> = Vec::new();
        let mut refunded = 0;
        for part in [1_333, 7, 1_000, 1_660] {
            let now = split_payments(&paid, &before, 4_000, refunded, part);
            assert_eq!(now.iter().map(|p| p.amount_fen).sum::<i64>(), part);
            for p in now {
                match before.iter_mut().find(|b| b.by == p.by) {
                    Some(b) => b.amount_fen += p.amount_fen,
                    None => before.push(p),
                }
            }
            refunded += part;
        }
        for p in &paid {
            let back = before
                .iter()
                .find(|b| b.by == p.by)
                .map_or(0, |b| b.amount_fen);
            assert_eq!(back, p.amount_fen, "{:?}", p.by);
        }
    }

    #[test]
    fn half_a_sale_splits_in_proportion() {
        let paid = [pay(PayBy::Cash, 6_000), pay(PayBy::MemberCard, 4_000)];
        let back = split_payments(&paid, &[], 10_000, 0, 5_000);
        assert_eq!(
            back,
            vec![pay(PayBy::Cash, 3_000), pay(PayBy::MemberCard, 2_000)]
        );
        assert!(split_payments(&paid, &[], 10_000, 0, 0).is_empty());
    }
}
