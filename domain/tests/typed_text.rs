//! Every parser of what people type, fed any text (control characters, NUL,
//! emoji, 5,000 characters): it never panics, and what it accepts keeps its
//! promise — within its limits, and never a control character that a database
//! would refuse (Postgres rejects NUL in text) or a receipt would print as junk.

use domain::Field;
use domain::card::{Pin, parse_card_number, parse_card_uid, parse_member_number};
use domain::day::Day;
use domain::member::{parse_member_phone, parse_search};
use domain::money::Money;
use domain::slip::parse_request_id;
use domain::staff::{parse_staff_name, parse_username};
use domain::store::parse_store_code;
use proptest::prelude::*;

fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9.,¥+ -]{0,30}",
        "[A-Za-z0-9\\x00-\\x1f]{0,40}",
        "\\PC{0,5000}",
    ]
}

fn clean(s: &str) -> bool {
    !s.chars().any(char::is_control)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn amounts(s in typed()) {
        if let Ok(m) = Money::parse(&s, Field::Amount) {
            prop_assert!((0..=1_000_000_000).contains(&m.fen()), "{s:?} gave {}", m.fen());
        }
    }

    #[test]
    fn card_numbers_and_uids(s in typed()) {
        if let Ok(n) = parse_card_number(&s, Field::CardNumber) {
            prop_assert!((4..=32).contains(&n.len()) && n.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
        }
        if let Ok(Some(u)) = parse_card_uid(&s) {
            prop_assert!(u.len() <= 32 && u.chars().all(|c| c.is_ascii_alphanumeric()));
        }
        if let Ok(n) = parse_member_number(&s) {
            prop_assert!(n.len() <= 20 && clean(&n));
        }
    }

    #[test]
    fn pins(s in typed()) {
        for pin in [Pin::entered(&s), Pin::choose(&s)].into_iter().flatten() {
            prop_assert!(pin.digits().len() == 6 && pin.digits().chars().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn phones_searches_and_names(s in typed()) {
        if let Ok(Some(p)) = parse_member_phone(&s) {
            prop_assert!(p.len() <= 20 && p.trim_start_matches('+').chars().all(|c| c.is_ascii_digit()));
        }
        if let Ok(q) = parse_search(&s) {
            prop_assert!(q.chars().count() <= 100 && clean(&q), "{q:?}");
        }
        for name in [parse_staff_name(&s), parse_username(&s), parse_store_code(&s)].into_iter().flatten() {
            prop_assert!(clean(&name) && name.chars().count() <= 64, "{name:?}");
        }
    }

    #[test]
    fn request_ids_and_days(s in typed()) {
        if let Ok(id) = parse_request_id(&s) {
            prop_assert!((8..=64).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        }
        if let Ok(day) = Day::parse(&s, Field::Birthday) {
            prop_assert_eq!(Day::parse(&day.to_string(), Field::Birthday).ok(), Some(day));
        }
    }
}
