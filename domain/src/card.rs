//! Cards and their identifiers (C2, C3): card number, reader UID, PIN, member
//! number, the three kinds of card and what a card plan's time span means.

use crate::day::Day;
use crate::{Field, FieldError, Problem, text};
use serde::{Deserialize, Serialize};

pub const CARD_NUMBER_MIN_CHARS: u32 = 4;
pub const CARD_NUMBER_MAX_CHARS: u32 = 32;
pub const CARD_UID_MAX_CHARS: u32 = 32;
pub const MEMBER_NUMBER_MAX_CHARS: u32 = 20;
/// The most cards one batch issue may create.
pub const BATCH_MAX_CARDS: u32 = 500;

/// A card number as printed on the card: 4 to 32 letters or digits, kept upper case.
pub fn parse_card_number(raw: &str, field: Field) -> Result<String, FieldError> {
    let number = text::required(raw, field, CARD_NUMBER_MAX_CHARS)?;
    if !number.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(FieldError::new(field, Problem::BadCharacters));
    }
    if number.chars().count() < CARD_NUMBER_MIN_CHARS as usize {
        return Err(FieldError::new(
            field,
            Problem::TooShort {
                min_chars: CARD_NUMBER_MIN_CHARS,
            },
        ));
    }
    if crate::member_code::looks_like_code(&number) {
        return Err(FieldError::new(field, Problem::LooksLikeMemberCode));
    }
    Ok(number.to_ascii_uppercase())
}

/// What a reader reports for a chip card (hex or decimal digits); may be empty.
pub fn parse_card_uid(raw: &str) -> Result<Option<String>, FieldError> {
    let uid = text::optional(raw, Field::CardUid, CARD_UID_MAX_CHARS)?;
    if uid.is_empty() {
        return Ok(None);
    }
    if !uid.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(FieldError::new(Field::CardUid, Problem::BadCharacters));
    }
    Ok(Some(uid.to_ascii_uppercase()))
}

/// A member number: letters, digits or '-', up to 20, kept upper case.
pub fn parse_member_number(raw: &str) -> Result<String, FieldError> {
    let number = text::required(raw, Field::MemberNumber, MEMBER_NUMBER_MAX_CHARS)?;
    if !number
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(FieldError::new(Field::MemberNumber, Problem::BadCharacters));
    }
    Ok(number.to_ascii_uppercase())
}

/// A card PIN: exactly six digits, and not one anybody would guess first.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin(String);

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(******)")
    }
}

impl Pin {
    /// Parses a PIN a member chooses: trivial ones are refused.
    pub fn choose(raw: &str) -> Result<Pin, FieldError> {
        let pin = Pin::entered(raw)?;
        if is_trivial(&pin.0) {
            return Err(FieldError::new(Field::Pin, Problem::TrivialPin));
        }
        Ok(pin)
    }

    /// Parses a PIN typed to pay: six digits (whether it is right is the card's business).
    pub fn entered(raw: &str) -> Result<Pin, FieldError> {
        let pin = raw.trim();
        if pin.is_empty() {
            return Err(FieldError::new(Field::Pin, Problem::Required));
        }
        if pin.len() != 6 || !pin.chars().all(|c| c.is_ascii_digit()) {
            return Err(FieldError::new(Field::Pin, Problem::PinNotSixDigits));
        }
        Ok(Pin(pin.to_owned()))
    }

    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// All one digit (000000), a straight run up or down (123456, 987654), or a
/// repeated pair or triple (121212, 123123).
fn is_trivial(pin: &str) -> bool {
    let d: Vec<i32> = pin.bytes().map(|b| (b - b'0') as i32).collect();
    let steps: Vec<i32> = d.windows(2).map(|w| w[1] - w[0]).collect();
    let straight = steps.iter().all(|s| *s == steps[0]) && steps[0].abs() <= 1;
    let repeats = |n: usize| d.iter().enumerate().all(|(i, x)| *x == d[i % n]);
    straight || repeats(2) || repeats(3)
}

/// The three kinds of card a shop sells (C1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CardKind {
    /// Money on the card: principal (paid) and bonus (given).
    StoredValue,
    /// N visits of the plan's items.
    Count,
    /// Unlimited use of the plan's items until a day.
    Time,
}

impl CardKind {
    pub const ALL: [CardKind; 3] = [CardKind::StoredValue, CardKind::Count, CardKind::Time];

    pub fn code(self) -> &'static str {
        match self {
            CardKind::StoredValue => "stored_value",
            CardKind::Count => "count",
            CardKind::Time => "time",
        }
    }

    pub fn from_code(code: &str) -> Option<CardKind> {
        CardKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Where a card stands. Only an active card can be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CardStatus {
    Active,
    /// Reported lost: refused everywhere until unfrozen.
    Frozen,
    /// Given back and refunded: the account is closed.
    Returned,
    /// Replaced by a new number: this number is blocked forever.
    Replaced,
}

impl CardStatus {
    pub fn code(self) -> &'static str {
        match self {
            CardStatus::Active => "active",
            CardStatus::Frozen => "frozen",
            CardStatus::Returned => "returned",
            CardStatus::Replaced => "replaced",
        }
    }

    pub fn from_code(code: &str) -> Option<CardStatus> {
        [
            CardStatus::Active,
            CardStatus::Frozen,
            CardStatus::Returned,
            CardStatus::Replaced,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// How long a time card (or any card with a validity) runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TimeSpan {
    Month,
    /// Three months.
    Season,
    Year,
    Days(u32),
}

/// The longest validity a plan may give, in days (about ten years).
pub const VALIDITY_MAX_DAYS: u32 = 3_660;

impl TimeSpan {
    /// The last day a card starting on `first` may be used (inclusive).
    pub fn last_day(self, first: Day) -> Day {
        let after = match self {
            TimeSpan::Month => first.plus_months(1),
            TimeSpan::Season => first.plus_months(3),
            TimeSpan::Year => first.plus_months(12),
            TimeSpan::Days(n) => first.plus_days(n as i32),
        };
        after.plus_days(-1)
    }

    pub fn code(self) -> String {
        match self {
            TimeSpan::Month => "month".into(),
            TimeSpan::Season => "season".into(),
            TimeSpan::Year => "year".into(),
            TimeSpan::Days(n) => format!("days:{n}"),
        }
    }

    pub fn from_code(code: &str) -> Option<TimeSpan> {
        match code {
            "month" => Some(TimeSpan::Month),
            "season" => Some(TimeSpan::Season),
            "year" => Some(TimeSpan::Year),
            _ => code
                .strip_prefix("days:")?
                .parse()
                .ok()
                .filter(|n| (1..=VALIDITY_MAX_DAYS).contains(n))
                .map(TimeSpan::Days),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_numbers_are_letters_and_digits() {
        let p = |s: &str| parse_card_number(s, Field::CardNumber).map_err(|e| e.problem);
        assert_eq!(p(" a0001 "), Ok("A0001".into()));
        assert_eq!(p("12 34"), Err(Problem::BadCharacters));
        assert_eq!(p("123"), Err(Problem::TooShort { min_chars: 4 }));
        assert_eq!(p(""), Err(Problem::Required));
        assert_eq!(p(&"1".repeat(33)), Err(Problem::TooLong { max_chars: 32 }));
    }

    #[test]
    fn trivial_pins_are_refused_when_chosen() {
        for pin in [
            "000000", "999999", "123456", "654321", "012345", "121212", "123123", "987654",
        ] {
            assert_eq!(
                Pin::choose(pin).map_err(|e| e.problem),
                Err(Problem::TrivialPin),
                "{pin}"
            );
            assert!(Pin::entered(pin).is_ok(), "{pin} can still be typed to pay");
        }
        for pin in ["583920", "102938", "246813", "135790"] {
            assert!(Pin::choose(pin).is_ok(), "{pin}");
        }
        assert_eq!(
            Pin::choose("12345").unwrap_err().problem,
            Problem::PinNotSixDigits
        );
        assert_eq!(
            Pin::choose("12345a").unwrap_err().problem,
            Problem::PinNotSixDigits
        );
        assert_eq!(Pin::choose("").unwrap_err().problem, Problem::Required);
        assert_eq!(
            format!("{:?}", Pin::choose("583920").unwrap()),
            "Pin(******)"
        );
    }

    #[test]
    fn time_spans_end_the_day_before_the_same_date() {
        let first = Day::from_ymd(2026, 1, 31).unwrap();
        assert_eq!(TimeSpan::Month.last_day(first).to_string(), "2026-02-27");
        let first = Day::from_ymd(2026, 3, 1).unwrap();
        assert_eq!(TimeSpan::Month.last_day(first).to_string(), "2026-03-31");
        assert_eq!(TimeSpan::Season.last_day(first).to_string(), "2026-05-31");
        assert_eq!(TimeSpan::Year.last_day(first).to_string(), "2027-02-28");
        assert_eq!(TimeSpan::Days(1).last_day(first), first);
        for span in [
            TimeSpan::Month,
            TimeSpan::Season,
            TimeSpan::Year,
            TimeSpan::Days(45),
        ] {
            assert_eq!(TimeSpan::from_code(&span.code()), Some(span));
        }
        assert_eq!(TimeSpan::from_code("days:0"), None);
        assert_eq!(TimeSpan::from_code("days:99999"), None);
    }
}
