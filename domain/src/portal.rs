//! The member's own pages (U1): signing in with a card number or phone and the
//! card's PIN, the member's session, and the limits that protect both.

use crate::card::Pin;
use crate::session::{SessionPolicy, SessionUse};
use crate::{Field, FieldError, Problem, UnixMs, text};
use serde::{Deserialize, Serialize};

/// Sign-in attempts one client address may make in [`ADDRESS_WINDOW_MS`]
/// (a shop's Wi-Fi shares one address: room for a queue of members).
pub const ADDRESS_ATTEMPTS: i64 = 30;
pub const ADDRESS_WINDOW_MS: i64 = 10 * 60_000;
/// The longest card number, UID or phone the sign-in takes.
pub const KEY_MAX_CHARS: u32 = 32;
/// Transactions on one page of the member's history.
pub const HISTORY_PAGE: u32 = 20;

/// A member's session: idle for 15 minutes or 12 hours after sign-in, it ends.
pub const SESSION: SessionPolicy = SessionPolicy {
    idle_ms: 15 * 60_000,
    max_ms: 12 * 3_600_000,
};

/// What a member session carries besides its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSession {
    pub member_id: i64,
    /// The card signed in with: its PIN changed or reset since ends the session.
    pub card_id: i64,
    pub pin_stamp: u64,
    pub signed_in_at_ms: UnixMs,
    pub seen_at_ms: UnixMs,
}

impl MemberSession {
    pub fn on_use(&self, now: UnixMs) -> SessionUse {
        SESSION.on_use(
            &crate::session::StaffSession {
                staff_id: 0,
                epoch: 0,
                signed_in_at_ms: self.signed_in_at_ms,
                seen_at_ms: self.seen_at_ms,
            },
            now,
        )
    }
}

/// The sign-in form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub pin: String,
}

/// A checked sign-in: the card number, UID or phone (upper case) and the PIN.
#[derive(Clone, Debug)]
pub struct SignIn {
    pub key: String,
    pub pin: Pin,
}

impl SignInForm {
    pub fn parse(&self) -> Result<SignIn, FieldError> {
        let key = text::required(&self.key, Field::CardNumber, KEY_MAX_CHARS)?;
        let key: String = key.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '+') {
            return Err(FieldError::new(Field::CardNumber, Problem::BadCharacters));
        }
        Ok(SignIn {
            key: key.to_ascii_uppercase(),
            pin: Pin::entered(&self.pin)?,
        })
    }
}

/// The member's new PIN as typed: the current one, the new one twice.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PinChangeForm {
    #[serde(default)]
    pub current: String,
    #[serde(default)]
    pub new_pin: String,
    #[serde(default)]
    pub repeat: String,
}

impl PinChangeForm {
    /// The current PIN and the new one (not trivial, typed the same twice).
    pub fn parse(&self) -> Result<(Pin, Pin), FieldError> {
        let current = Pin::entered(&self.current)?;
        let new_pin =
            Pin::choose(&self.new_pin).map_err(|e| FieldError::new(Field::NewPin, e.problem))?;
        if self.repeat.trim() != new_pin.digits() {
            return Err(FieldError::new(Field::RepeatPin, Problem::Mismatch));
        }
        Ok((current, new_pin))
    }
}

/// Why a sign-in was refused. An unknown card or phone and a wrong PIN are the
/// same `Wrong` (with tries counted alike).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInRefusal {
    Wrong {
        tries_left: u32,
    },
    Locked {
        minutes: i64,
    },
    /// Too many attempts from this address: wait.
    Busy {
        minutes: i64,
    },
}

/// Counts an attempt from an address in its window: `(window start, attempts)`
/// after this one. A window older than [`ADDRESS_WINDOW_MS`] starts again.
pub fn address_attempt(window: Option<(UnixMs, i64)>, now: UnixMs) -> (UnixMs, i64) {
    match window {
        Some((start, n)) if now - start < ADDRESS_WINDOW_MS => (start, n + 1),
        _ => (now, 1),
    }
}

/// Minutes until an address may try again, when it is over the limit.
pub fn address_wait(window_start: UnixMs, attempts: i64, now: UnixMs) -> Option<i64> {
    (attempts > ADDRESS_ATTEMPTS)
        .then(|| ((window_start + ADDRESS_WINDOW_MS - now).max(1) + 59_999) / 60_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_lose_spaces_and_dashes() {
        let form = SignInForm {
            key: " 138-0013 8000 ".into(),
            pin: "135790".into(),
        };
        assert_eq!(
            form.parse().map(|s| s.key).ok().as_deref(),
            Some("13800138000")
        );
        let bad = SignInForm {
            key: "A'; --".into(),
            pin: "135790".into(),
        };
        assert!(bad.parse().is_err());
        let short_pin = SignInForm {
            key: "A0001".into(),
            pin: "12".into(),
        };
        assert_eq!(
            short_pin.parse().err().map(|e| e.problem),
            Some(Problem::PinNotSixDigits)
        );
    }

    #[test]
    fn an_address_window_counts_then_starts_again() {
        let mut w = address_attempt(None, 1_000);
        for _ in 1..ADDRESS_ATTEMPTS {
            w = address_attempt(Some(w), 2_000);
        }
        assert_eq!(w, (1_000, ADDRESS_ATTEMPTS));
        assert_eq!(address_wait(w.0, w.1, 2_000), None);
        let over = address_attempt(Some(w), 3_000);
        assert_eq!(address_wait(over.0, over.1, 3_000), Some(10));
        assert_eq!(
            address_attempt(Some(over), 1_000 + ADDRESS_WINDOW_MS),
            (1_000 + ADDRESS_WINDOW_MS, 1)
        );
    }

    #[test]
    fn a_member_session_ends_after_15_idle_minutes_or_12_hours() {
        let s = MemberSession {
            member_id: 1,
            card_id: 1,
            pin_stamp: 7,
            signed_in_at_ms: 0,
            seen_at_ms: 0,
        };
        assert_eq!(s.on_use(30_000), SessionUse::Fresh);
        assert_eq!(s.on_use(14 * 60_000), SessionUse::Touch);
        assert_eq!(s.on_use(15 * 60_000 + 1), SessionUse::Ended);
        let busy = MemberSession {
            seen_at_ms: 12 * 3_600_000,
            ..s
        };
        assert_eq!(busy.on_use(12 * 3_600_000 + 1), SessionUse::Ended);
    }

    #[test]
    fn a_new_pin_is_chosen_and_repeated() {
        let form = |c: &str, n: &str, r: &str| PinChangeForm {
            current: c.into(),
            new_pin: n.into(),
            repeat: r.into(),
        };
        assert!(form("135790", "246813", "246813").parse().is_ok());
        assert_eq!(
            form("135790", "123456", "123456")
                .parse()
                .err()
                .map(|e| e.problem),
            Some(Problem::TrivialPin)
        );
        assert_eq!(
            form("135790", "246813", "246812")
                .parse()
                .err()
                .map(|e| e.field),
            Some(Field::RepeatPin)
        );
    }
}
