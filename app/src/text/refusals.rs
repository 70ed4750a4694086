//! Refusals in words: each `domain::ledger::Refusal` as its own sentence, with its
//! figures, in the user's language.

use crate::i18n::*;
use domain::ledger::Refusal;
use domain::money::Money;
use leptos_i18n::td_string;

fn money(fen: i64) -> String {
    Money::from_fen(fen).plain()
}

/// Why a card operation was refused, as a sentence.
pub fn refusal_text(locale: Locale, refusal: Refusal) -> String {
    match refusal {
        Refusal::CardNotFound => td_string!(locale, ref_card_not_found).to_string(),
        Refusal::MemberCodeExpired => td_string!(locale, ref_member_code_expired).to_string(),
        Refusal::MemberCodeUsed => td_string!(locale, ref_member_code_used).to_string(),
        Refusal::CardFrozen => td_string!(locale, ref_card_frozen).to_string(),
        Refusal::CardReturned => td_string!(locale, ref_card_returned).to_string(),
        Refusal::CardNumberRetired => td_string!(locale, ref_card_retired).to_string(),
        Refusal::CardExpired { last_day } => {
            td_string!(locale, ref_card_expired, day = last_day.to_string()).to_string()
        }
        Refusal::WrongStore => td_string!(locale, ref_wrong_store).to_string(),
        Refusal::OverDailyLimit { left_fen } => {
            td_string!(locale, ref_over_daily_limit, left = money(left_fen)).to_string()
        }
        Refusal::InsufficientBalance { balance_fen } => {
            td_string!(locale, ref_insufficient, balance = money(balance_fen)).to_string()
        }
        Refusal::WrongPin { tries_left } => {
            td_string!(locale, ref_wrong_pin, tries = tries_left).to_string()
        }
        Refusal::PinLocked { minutes } => {
            td_string!(locale, ref_pin_locked, minutes = minutes).to_string()
        }
        Refusal::PinRequired => td_string!(locale, ref_pin_required).to_string(),
        Refusal::VisitsExhausted { left } => {
            td_string!(locale, ref_visits_exhausted, left = left).to_string()
        }
        Refusal::TimeCardPaused { since } => {
            td_string!(locale, ref_paused, since = since.to_string()).to_string()
        }
        Refusal::NotForThisCard => td_string!(locale, ref_not_for_this_card).to_string(),
        Refusal::NothingLeftToReverse {
            left_fen,
            left_visits,
        } => td_string!(
            locale,
            ref_nothing_left,
            money = money(left_fen),
            visits = left_visits
        )
        .to_string(),
        Refusal::NotReversible => td_string!(locale, ref_not_reversible).to_string(),
        Refusal::AlreadySpent { balance_fen } => {
            td_string!(locale, ref_already_spent, balance = money(balance_fen)).to_string()
        }
        Refusal::RechargeBelowMinimum { min_fen } => {
            td_string!(locale, ref_recharge_below, min = money(min_fen)).to_string()
        }
        Refusal::RechargeAboveMaximum { max_fen } => {
            td_string!(locale, ref_recharge_above, max = money(max_fen)).to_string()
        }
        Refusal::RequestReused => td_string!(locale, ref_request_reused).to_string(),
        Refusal::CardNumberTaken => td_string!(locale, ref_card_number_taken).to_string(),
        Refusal::CardUidTaken => td_string!(locale, ref_card_uid_taken).to_string(),
        Refusal::CardKeyTaken => td_string!(locale, ref_card_key_taken).to_string(),
        Refusal::AmbiguousCard => td_string!(locale, ref_ambiguous_card).to_string(),
        Refusal::NotFrozen => td_string!(locale, ref_not_frozen).to_string(),
        Refusal::AlreadyFrozen => td_string!(locale, ref_already_frozen).to_string(),
        Refusal::NotPaused => td_string!(locale, ref_not_paused).to_string(),
        Refusal::AlreadyPaused => td_string!(locale, ref_already_paused).to_string(),
        Refusal::NoValidity => td_string!(locale, ref_no_validity).to_string(),
        Refusal::NoPinSet => td_string!(locale, ref_no_pin_set).to_string(),
        Refusal::PaymentsDoNotAddUp {
            total_fen,
            paid_fen,
        } => td_string!(
            locale,
            ref_payments_do_not_add_up,
            paid = money(paid_fen),
            total = money(total_fen)
        )
        .to_string(),
        Refusal::CashGivenShort {
            cash_fen,
            given_fen,
        } => td_string!(
            locale,
            ref_cash_given_short,
            given = money(given_fen),
            cash = money(cash_fen)
        )
        .to_string(),
        Refusal::PaymentMethodTwice => td_string!(locale, ref_payment_method_twice).to_string(),
        Refusal::EmptySale => td_string!(locale, ref_empty_sale).to_string(),
        Refusal::NotEnoughPoints => td_string!(locale, ref_not_enough_points).to_string(),
        Refusal::OutOfStock => td_string!(locale, ref_out_of_stock).to_string(),
        Refusal::AlreadyReversed => td_string!(locale, ref_already_reversed).to_string(),
        Refusal::RefundMoreThanSold { line_no, left } => td_string!(
            locale,
            ref_refund_more_than_sold,
            line = line_no,
            left = left
        )
        .to_string(),
        Refusal::RefundAtTheSale { sale_id } => {
            td_string!(locale, ref_refund_at_the_sale, sale = sale_id).to_string()
        }
        Refusal::ItemNotSold => td_string!(locale, ref_item_not_sold).to_string(),
        Refusal::NoCardForPayment => td_string!(locale, ref_no_card_for_payment).to_string(),
        Refusal::AlreadyCheckedIn { per_day } => {
            td_string!(locale, ref_already_checked_in, times = per_day).to_string()
        }
        Refusal::NotCoveredByCard => td_string!(locale, ref_not_covered_by_card).to_string(),
        Refusal::TimeCardOneEntry => td_string!(locale, ref_time_card_one_entry).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::day::Day;

    fn every_refusal() -> Vec<Refusal> {
        let day = Day::from_ymd(2026, 11, 25).unwrap();
        vec![
            Refusal::CardNotFound,
            Refusal::MemberCodeExpired,
            Refusal::MemberCodeUsed,
            Refusal::CardFrozen,
            Refusal::CardReturned,
            Refusal::CardNumberRetired,
            Refusal::CardExpired { last_day: day },
            Refusal::WrongStore,
            Refusal::OverDailyLimit { left_fen: 2_000 },
            Refusal::InsufficientBalance {
                balance_fen: 16_000,
            },
            Refusal::WrongPin { tries_left: 3 },
            Refusal::PinLocked { minutes: 30 },
            Refusal::PinRequired,
            Refusal::VisitsExhausted { left: 2 },
            Refusal::TimeCardPaused { since: day },
            Refusal::NotForThisCard,
            Refusal::NothingLeftToReverse {
                left_fen: 500,
                left_visits: 0,
            },
            Refusal::NotReversible,
            Refusal::AlreadySpent { balance_fen: 100 },
            Refusal::RechargeBelowMinimum { min_fen: 100 },
            Refusal::RechargeAboveMaximum { max_fen: 5_000_000 },
            Refusal::RequestReused,
            Refusal::CardNumberTaken,
            Refusal::CardUidTaken,
            Refusal::CardKeyTaken,
            Refusal::AmbiguousCard,
            Refusal::NotFrozen,
            Refusal::AlreadyFrozen,
            Refusal::NotPaused,
            Refusal::AlreadyPaused,
            Refusal::NoValidity,
            Refusal::NoPinSet,
            Refusal::PaymentsDoNotAddUp {
                total_fen: 100,
                paid_fen: 90,
            },
            Refusal::CashGivenShort {
                cash_fen: 100,
                given_fen: 50,
            },
            Refusal::PaymentMethodTwice,
            Refusal::EmptySale,
            Refusal::NotEnoughPoints,
            Refusal::OutOfStock,
            Refusal::AlreadyReversed,
            Refusal::RefundMoreThanSold {
                line_no: 2,
                left: 1,
            },
            Refusal::RefundAtTheSale { sale_id: 7 },
            Refusal::ItemNotSold,
            Refusal::NoCardForPayment,
            Refusal::AlreadyCheckedIn { per_day: 1 },
            Refusal::NotCoveredByCard,
            Refusal::TimeCardOneEntry,
        ]
    }

    /// Every refusal reads as its own sentence in each language, with its figures.
    #[test]
    fn every_refusal_has_its_own_message_in_every_language() {
        for locale in [Locale::zh_CN, Locale::zh_TW, Locale::en] {
            let texts: Vec<String> = every_refusal()
                .into_iter()
                .map(|r| refusal_text(locale, r))
                .collect();
            let mut unique = texts.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(
                unique.len(),
                texts.len(),
                "{locale:?}: two refusals share a message"
            );
            assert!(texts.iter().all(|t| !t.trim().is_empty()));
        }
        assert_eq!(
            refusal_text(Locale::zh_CN, Refusal::WrongPin { tries_left: 3 }),
            "密码错误，还可以再试 3 次"
        );
        assert_eq!(
            refusal_text(Locale::zh_TW, Refusal::WrongPin { tries_left: 3 }),
            "密碼錯誤，還可以再試 3 次"
        );
        assert_eq!(
            refusal_text(
                Locale::en,
                Refusal::InsufficientBalance {
                    balance_fen: 16_000
                }
            ),
            "Not enough on the card (balance 160.00)"
        );
        assert_eq!(
            refusal_text(
                Locale::en,
                Refusal::CardExpired {
                    last_day: Day(20_000)
                }
            ),
            "This card expired on 2024-10-04"
        );
    }
}
