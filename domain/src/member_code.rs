//! The member code (C3): what the member's phone shows instead of a card. A
//! time-based one-time code (RFC 6238, HMAC-SHA1, 8 digits, 30-second steps) from
//! a per-card secret, written as `MQ` + the 8 digits + the card's id, so that
//! the till knows the card from the text and checks the digits against its key.
//! Letters and digits only: a keyboard-wedge scanner types it like a card
//! number (the wedge drops anything else). A code is good in its own step and
//! the one after (a code shown in a step's last second still scans), and once:
//! the key keeps the newest step the till took.

use totp_rs::{Algorithm, Builder, Totp};

pub const PREFIX: &str = "MQ";
pub const STEP_SECONDS: u64 = 30;
pub const DIGITS: usize = 8;
/// Bytes of a card's secret (RFC 4226 asks for at least 16; 20 is SHA-1's size).
pub const SECRET_BYTES: usize = 20;
/// Card ids up to 12 digits: the longest code is 22 characters.
const ID_MAX_DIGITS: usize = 12;

/// A code read at the till: the card it names and its digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberCode {
    pub card_id: i64,
    pub digits: String,
}

/// What the till's key says of a code's digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeCheck {
    /// Good: the step it belongs to (record it as used).
    Fresh { step: u64 },
    /// Right digits, but the till took this step or a later one already.
    Used,
    /// Not the digits of this step or the one before: old, or never shown.
    Expired,
}

/// Reads a code from what a scanner typed: `MQ`, 8 digits, then the card id
/// (no leading zero). Anything else is no member code.
pub fn read(text: &str) -> Option<MemberCode> {
    let text = text.trim();
    let rest = text
        .get(..PREFIX.len())
        .filter(|p| p.eq_ignore_ascii_case(PREFIX))
        .map(|_| &text[PREFIX.len()..])?;
    if rest.len() <= DIGITS
        || rest.len() > DIGITS + ID_MAX_DIGITS
        || !rest.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let (digits, id) = rest.split_at(DIGITS);
    if id.starts_with('0') {
        return None;
    }
    Some(MemberCode {
        card_id: id.parse().ok()?,
        digits: digits.to_owned(),
    })
}

/// Whether a card number typed for a new card would read as a member code
/// (such a number is refused: the till could not tell them apart).
pub fn looks_like_code(text: &str) -> bool {
    read(text).is_some()
}

fn totp(secret: &[u8]) -> Totp {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS as u8)
        .with_step_duration(STEP_SECONDS)
        .with_skew(0)
        .with_secret(secret.to_vec())
        .build_noncompliant()
}

fn digits_at(secret: &[u8], step: u64) -> String {
    totp(secret).generate(step * STEP_SECONDS).to_string()
}

/// The code a card's phone shows at `unix_s`, and the seconds until it changes.
pub fn code_at(secret: &[u8], card_id: i64, unix_s: u64) -> (String, u64) {
    let step = unix_s / STEP_SECONDS;
    let text = format!("{PREFIX}{}{card_id}", digits_at(secret, step));
    (text, STEP_SECONDS - unix_s % STEP_SECONDS)
}

/// Checks a code's digits at `unix_s` against the card's key.
pub fn check(secret: &[u8], digits: &str, unix_s: u64, last_used_step: u64) -> CodeCheck {
    let now = unix_s / STEP_SECONDS;
    let matched = [now, now.saturating_sub(1)]
        .into_iter()
        .find(|&step| constant_eq(digits_at(secret, step).as_bytes(), digits.as_bytes()));
    match matched {
        Some(step) if step > last_used_step => CodeCheck::Fresh { step },
        Some(_) => CodeCheck::Used,
        None => CodeCheck::Expired,
    }
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KEY: &[u8; 20] = b"12345678901234567890";

    #[test]
    fn rfc_6238_sha1_vectors() {
        // RFC 6238 appendix B, SHA-1, 8 digits.
        for (t, want) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (2_000_000_000, "69279037"),
        ] {
            assert_eq!(digits_at(KEY, t / STEP_SECONDS), want);
        }
    }

    #[test]
    fn a_code_reads_back_and_lives_two_steps_once() {
        let (text, left) = code_at(KEY, 4711, 1_000_000_005);
        assert_eq!(left, 15);
        assert_eq!(text.len(), 2 + 8 + 4);
        let code = read(&text.to_ascii_lowercase()).expect("a member code");
        assert_eq!(code.card_id, 4711);
        let step = 1_000_000_005 / STEP_SECONDS;
        assert_eq!(
            check(KEY, &code.digits, 1_000_000_005, 0),
            CodeCheck::Fresh { step }
        );
        assert_eq!(
            check(KEY, &code.digits, 1_000_000_035, 0),
            CodeCheck::Fresh { step }
        );
        assert_eq!(
            check(KEY, &code.digits, 1_000_000_065, 0),
            CodeCheck::Expired
        );
        assert_eq!(
            check(KEY, &code.digits, 1_000_000_005, step),
            CodeCheck::Used
        );
        assert_eq!(check(KEY, "00000000", 1_000_000_005, 0), CodeCheck::Expired);
    }

    #[test]
    fn card_numbers_and_phones_are_no_codes() {
        for text in [
            "A0003",
            "13800138000",
            "MQ1234",
            "MQ12345678",
            "MQ123456780",
            "MQ1234567X1",
            "XMQ123456781",
            "MQ12345678",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
        assert!(looks_like_code("mq123456781"));
    }

    proptest! {
        /// Two cards never show the same code in one step, whatever their secrets.
        #[test]
        fn two_cards_never_collide(
            a in 1i64..1_000_000_000_000, b in 1i64..1_000_000_000_000,
            key_a in proptest::collection::vec(any::<u8>(), SECRET_BYTES),
            key_b in proptest::collection::vec(any::<u8>(), SECRET_BYTES),
            t in 0u64..4_000_000_000,
        ) {
            prop_assume!(a != b);
            let (code_a, _) = code_at(&key_a, a, t);
            let (code_b, _) = code_at(&key_b, b, t);
            prop_assert_ne!(&code_a, &code_b);
            prop_assert_eq!(read(&code_a).map(|c| c.card_id), Some(a));
            prop_assert_eq!(read(&code_b).map(|c| c.card_id), Some(b));
        }
    }
}
