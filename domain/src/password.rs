//! Staff password strength and the sign-in lockout rule.

use crate::{Field, FieldError, Problem, UnixMs};

pub const PASSWORD_MIN_CHARS: u32 = 8;
pub const PASSWORD_MAX_CHARS: u32 = 128;

/// Passwords people pick first; refused whatever their shape.
const COMMON: &[&str] = &[
    "password1",
    "password123",
    "qwerty123",
    "abc12345",
    "abcd1234",
    "a1234567",
    "admin123",
    "admin1234",
    "1qaz2wsx",
    "iloveyou1",
    "woaini1314",
    "aa123456",
];

/// A staff password that meets the minimum strength:
/// 8 to 128 characters, at least one letter and one digit, not a common password,
/// and not containing the username.
pub fn check_strength(password: &str, username: &str, field: Field) -> Result<(), FieldError> {
    let chars = password.chars().count();
    if chars == 0 {
        return Err(FieldError::new(field, Problem::Required));
    }
    if chars > PASSWORD_MAX_CHARS as usize {
        return Err(FieldError::new(
            field,
            Problem::TooLong {
                max_chars: PASSWORD_MAX_CHARS,
            },
        ));
    }
    if chars < PASSWORD_MIN_CHARS as usize {
        return Err(FieldError::new(
            field,
            Problem::TooShort {
                min_chars: PASSWORD_MIN_CHARS,
            },
        ));
    }
    let has_letter = password.chars().any(char::is_alphabetic);
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    let lower = password.to_lowercase();
    if !has_letter || !has_digit || COMMON.contains(&lower.as_str()) {
        return Err(FieldError::new(field, Problem::PasswordTooWeak));
    }
    let username = username.trim().to_lowercase();
    if !username.is_empty() && lower.contains(&username) {
        return Err(FieldError::new(field, Problem::PasswordContainsUsername));
    }
    Ok(())
}

/// How many wrong passwords in a row lock an account, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub max_failures: u32,
    pub lock_ms: i64,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            lock_ms: 15 * 60 * 1000,
        }
    }
}

/// The state of an account's sign-in counter after a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AfterFailure {
    pub failures: u32,
    /// Set when this failure locks the account.
    pub locked_until: Option<UnixMs>,
}

impl LockoutPolicy {
    /// Is the account locked at `now`?
    pub fn is_locked(&self, locked_until: Option<UnixMs>, now: UnixMs) -> bool {
        locked_until.is_some_and(|until| now < until)
    }

    /// Whole minutes left on a lock, rounded up, for the message.
    pub fn minutes_left(&self, locked_until: UnixMs, now: UnixMs) -> u32 {
        let ms = (locked_until - now).max(0);
        ((ms + 59_999) / 60_000) as u32
    }

    /// Counts one more wrong password: the count that reaches `max_failures` locks the
    /// account and starts a fresh count for after the lock.
    pub fn after_failure(&self, failures_before: u32, now: UnixMs) -> AfterFailure {
        let failures = failures_before.saturating_add(1);
        if failures >= self.max_failures {
            AfterFailure {
                failures: 0,
                locked_until: Some(now + self.lock_ms),
            }
        } else {
            AfterFailure {
                failures,
                locked_until: None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: Field = Field::Password;

    #[test]
    fn strength_rules() {
        assert_eq!(
            check_strength("", "boss", F).unwrap_err().problem,
            Problem::Required
        );
        assert_eq!(
            check_strength("ab12", "boss", F).unwrap_err().problem,
            Problem::TooShort { min_chars: 8 }
        );
        assert_eq!(
            check_strength("abcdefghij", "boss", F).unwrap_err().problem,
            Problem::PasswordTooWeak
        );
        assert_eq!(
            check_strength("1234567890", "boss", F).unwrap_err().problem,
            Problem::PasswordTooWeak
        );
        assert_eq!(
            check_strength("Password123", "boss", F)
                .unwrap_err()
                .problem,
            Problem::PasswordTooWeak
        );
        assert_eq!(
            check_strength("boss2026xyz", "Boss", F)
                .unwrap_err()
                .problem,
            Problem::PasswordContainsUsername
        );
        let long = "a1".repeat(65);
        assert_eq!(
            check_strength(&long, "boss", F).unwrap_err().problem,
            Problem::TooLong { max_chars: 128 }
        );
        assert!(check_strength("tea-garden-42", "boss", F).is_ok());
        assert!(check_strength("乐园收银台2026", "boss", F).is_ok());
    }

    #[test]
    fn fifth_failure_locks_for_fifteen_minutes() {
        let policy = LockoutPolicy::default();
        let now = 1_000_000;
        let mut failures = 0;
        for _ in 0..4 {
            let after = policy.after_failure(failures, now);
            assert_eq!(after.locked_until, None);
            failures = after.failures;
        }
        assert_eq!(failures, 4);
        let fifth = policy.after_failure(failures, now);
        assert_eq!(fifth.locked_until, Some(now + 15 * 60 * 1000));
        assert_eq!(fifth.failures, 0);
        assert!(policy.is_locked(fifth.locked_until, now + 14 * 60 * 1000));
        assert!(!policy.is_locked(fifth.locked_until, now + 15 * 60 * 1000));
        assert_eq!(policy.minutes_left(now + 15 * 60 * 1000, now + 1), 15);
        assert_eq!(
            policy.minutes_left(now + 15 * 60 * 1000, now + 14 * 60 * 1000 + 1),
            1
        );
    }

    #[test]
    fn policy_is_configurable() {
        let policy = LockoutPolicy {
            max_failures: 2,
            lock_ms: 1000,
        };
        assert_eq!(policy.after_failure(0, 0).locked_until, None);
        assert_eq!(policy.after_failure(1, 0).locked_until, Some(1000));
    }
}
