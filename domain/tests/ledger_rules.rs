//! The rules of value movement: usability, spending order, refunds, PIN lockout.

use domain::card::{CardKind, CardStatus};
use domain::day::Day;
use domain::ledger::*;
use proptest::prelude::*;

fn today() -> Day {
    Day::from_ymd(2026, 11, 25).unwrap()
}

fn card(kind: CardKind) -> CardState {
    CardState {
        kind,
        status: CardStatus::Active,
        principal_fen: 10_000,
        bonus_fen: 2_000,
        visits_left: 3,
        valid_until: Some(today()),
        paused_since: None,
        accepted_store_ids: vec![],
        daily_limit_fen: None,
        spent_day: None,
        spent_on_day_fen: 0,
        checked_in_day: None,
        check_ins_on_day: 0,
    }
}

#[test]
fn principal_is_spent_before_bonus() {
    let split = check_spend(&card(CardKind::StoredValue), 1, today(), 10_500).unwrap();
    assert_eq!(
        split,
        Split {
            principal_fen: 10_000,
            bonus_fen: 500
        }
    );
    assert_eq!(
        check_spend(&card(CardKind::StoredValue), 1, today(), 12_001),
        Err(Refusal::InsufficientBalance {
            balance_fen: 12_000
        })
    );
}

#[test]
fn each_refusal_has_its_reason() {
    let sv = card(CardKind::StoredValue);
    let frozen = CardState {
        status: CardStatus::Frozen,
        ..sv.clone()
    };
    assert_eq!(
        check_spend(&frozen, 1, today(), 1),
        Err(Refusal::CardFrozen)
    );
    let returned = CardState {
        status: CardStatus::Returned,
        ..sv.clone()
    };
    assert_eq!(
        check_spend(&returned, 1, today(), 1),
        Err(Refusal::CardReturned)
    );
    let replaced = CardState {
        status: CardStatus::Replaced,
        ..sv.clone()
    };
    assert_eq!(
        check_spend(&replaced, 1, today(), 1),
        Err(Refusal::CardNumberRetired)
    );
    assert_eq!(
        check_spend(&sv, 1, today().plus_days(1), 1),
        Err(Refusal::CardExpired { last_day: today() })
    );
    let elsewhere = CardState {
        accepted_store_ids: vec![2, 3],
        ..sv.clone()
    };
    assert_eq!(
        check_spend(&elsewhere, 1, today(), 1),
        Err(Refusal::WrongStore)
    );
    assert!(check_spend(&elsewhere, 3, today(), 1).is_ok());
    assert_eq!(
        check_visit_use(&sv, 1, today(), 1),
        Err(Refusal::NotForThisCard)
    );
    assert_eq!(
        check_visit_use(&card(CardKind::Count), 1, today(), 4),
        Err(Refusal::VisitsExhausted { left: 3 })
    );
    assert!(check_visit_use(&card(CardKind::Count), 1, today(), 3).is_ok());
    let paused = CardState {
        paused_since: Some(today()),
        ..card(CardKind::Time)
    };
    assert_eq!(
        check_in(&paused, 1, today(), 1),
        Err(Refusal::TimeCardPaused { since: today() })
    );
    assert!(check_in(&card(CardKind::Time), 1, today(), 1).is_ok());
    assert_eq!(
        check_in(&card(CardKind::Time), 1, today().plus_days(1), 1),
        Err(Refusal::CardExpired { last_day: today() })
    );
}

#[test]
fn a_time_card_checks_in_as_often_a_day_as_the_shop_allows() {
    let once_today = CardState {
        checked_in_day: Some(today()),
        check_ins_on_day: 1,
        valid_until: None,
        ..card(CardKind::Time)
    };
    assert_eq!(
        check_in(&once_today, 1, today(), 1),
        Err(Refusal::AlreadyCheckedIn { per_day: 1 })
    );
    assert!(check_in(&once_today, 1, today(), 2).is_ok());
    assert!(check_in(&once_today, 1, today(), 0).is_ok(), "0: no limit");
    assert!(
        check_in(&once_today, 1, today().plus_days(1), 1).is_ok(),
        "yesterday's check-in does not count today"
    );
}

#[test]
fn the_daily_limit_counts_only_today() {
    let limited = CardState {
        daily_limit_fen: Some(5_000),
        spent_day: Some(today()),
        spent_on_day_fen: 4_000,
        ..card(CardKind::StoredValue)
    };
    assert_eq!(
        check_spend(&limited, 1, today(), 1_001),
        Err(Refusal::OverDailyLimit { left_fen: 1_000 })
    );
    assert!(check_spend(&limited, 1, today(), 1_000).is_ok());
    // Yesterday's spending does not count today.
    let next_day = CardState {
        valid_until: None,
        ..limited
    };
    assert!(check_spend(&next_day, 1, today().plus_days(1), 5_000).is_ok());
}

#[test]
fn a_refund_follows_the_original_split() {
    let original = Split {
        principal_fen: 7_000,
        bonus_fen: 3_000,
    };
    let first = split_refund(original, Split::default(), 1_000).unwrap();
    assert_eq!(
        first,
        Split {
            principal_fen: 700,
            bonus_fen: 300
        }
    );
    let rest = split_refund(original, first, 9_000).unwrap();
    assert_eq!(
        rest,
        Split {
            principal_fen: 6_300,
            bonus_fen: 2_700
        }
    );
    let all = Split {
        principal_fen: 7_000,
        bonus_fen: 3_000,
    };
    assert_eq!(
        split_refund(original, all, 1),
        Err(Refusal::NothingLeftToReverse {
            left_fen: 0,
            left_visits: 0
        })
    );
    assert!(split_refund(original, Split::default(), 10_001).is_err());
    assert!(split_refund(original, Split::default(), 0).is_err());
}

#[test]
fn pin_lockout_after_the_last_try() {
    assert_eq!(pin_failure(0, 5, 30, 1_000), (1, None));
    assert_eq!(pin_failure(4, 5, 30, 1_000), (5, Some(1_000 + 30 * 60_000)));
    assert!(pin_needed(true, 1, None));
    assert!(!pin_needed(false, 1_000_000, None));
    assert!(!pin_needed(true, 5_000, Some(5_000)));
    assert!(pin_needed(true, 5_001, Some(5_000)));
}

#[test]
fn recharge_bonus_and_return_refund() {
    assert_eq!(recharge_bonus(250_000, 100_000, 10_000), 20_000);
    assert_eq!(recharge_bonus(99_999, 100_000, 10_000), 0);
    assert_eq!(recharge_bonus(99_999, 0, 10_000), 0);
    let basis = ReturnBasis {
        kind: CardKind::StoredValue,
        principal_fen: 5_000,
        bonus_fen: 1_000,
        refund_bonus: false,
        deposit_fen: 1_000,
        price_paid_fen: 0,
        visits_left: 0,
        visits_bought: 0,
        days_left: 0,
        days_bought: 0,
    };
    assert_eq!(return_refund(&basis, 500), 5_500);
    assert_eq!(
        return_refund(
            &ReturnBasis {
                refund_bonus: true,
                ..basis.clone()
            },
            0
        ),
        7_000
    );
    assert_eq!(return_refund(&basis, 99_999), 0);
    let count = ReturnBasis {
        kind: CardKind::Count,
        price_paid_fen: 30_000,
        visits_left: 4,
        visits_bought: 10,
        deposit_fen: 0,
        ..basis
    };
    assert_eq!(return_refund(&count, 0), 12_000);
}

proptest! {
    #[test]
    fn a_spend_never_takes_more_than_there_is(p in 0i64..1_000_000, b in 0i64..1_000_000, amount in 0i64..2_000_000) {
        match split_spend(p, b, amount) {
            Some(s) => {
                prop_assert_eq!(s.total_fen(), amount);
                prop_assert!(s.principal_fen <= p && s.bonus_fen <= b);
                prop_assert!(s.principal_fen >= 0 && s.bonus_fen >= 0);
                // Bonus is only touched once principal is gone.
                prop_assert!(s.bonus_fen == 0 || s.principal_fen == p);
            }
            None => prop_assert!(amount > p + b),
        }
    }

    #[test]
    fn refunds_in_any_steps_give_back_exactly_the_original(
        p in 0i64..100_000, b in 0i64..100_000, steps in proptest::collection::vec(1i64..50_000, 1..8)
    ) {
        prop_assume!(p + b > 0);
        let original = Split { principal_fen: p, bonus_fen: b };
        let mut given = Split::default();
        for step in steps {
            let left = original.total_fen() - given.total_fen();
            if left == 0 { break; }
            let part = split_refund(original, given, step.min(left)).unwrap();
            prop_assert!(part.principal_fen >= 0 && part.bonus_fen >= 0);
            given.principal_fen += part.principal_fen;
            given.bonus_fen += part.bonus_fen;
            prop_assert!(given.principal_fen <= p && given.bonus_fen <= b);
        }
        let left = original.total_fen() - given.total_fen();
        if left > 0 {
            let last = split_refund(original, given, left).unwrap();
            given.principal_fen += last.principal_fen;
            given.bonus_fen += last.bonus_fen;
        }
        prop_assert_eq!(given, original);
    }
}
