//! How long a staff session lasts: an idle limit that rolls with use, and an
//! absolute limit from sign-in.

use crate::UnixMs;
use serde::{Deserialize, Serialize};

/// What a staff session carries besides its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSession {
    pub staff_id: i64,
    /// The account's session epoch at sign-in: a password change or reset raises
    /// the account's epoch and every session holding an older one ends.
    pub epoch: i64,
    pub signed_in_at_ms: UnixMs,
    /// The last time the session's expiry was pushed back.
    pub seen_at_ms: UnixMs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session not used for this long ends (`SESSION_IDLE_MINUTES`).
    pub idle_ms: i64,
    /// A session ends this long after sign-in, used or not (`SESSION_MAX_HOURS`).
    pub max_ms: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle_ms: 720 * 60_000,
            max_ms: 24 * 3_600_000,
        }
    }
}

/// What to do with a session on a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionUse {
    /// Past one of the limits: sign out.
    Ended,
    /// In use: push its expiry back (save it).
    Touch,
    /// Pushed back a moment ago: nothing to write.
    Fresh,
}

impl SessionPolicy {
    /// How often a session in use is written back: often enough that its stored
    /// expiry trails the last use by at most a quarter of the idle limit (at most
    /// a minute), rarely enough that a busy till does not write on every request.
    pub fn touch_every_ms(&self) -> i64 {
        (self.idle_ms / 4).clamp(1, 60_000)
    }

    pub fn on_use(&self, session: &StaffSession, now: UnixMs) -> SessionUse {
        if now - session.seen_at_ms > self.idle_ms || now - session.signed_in_at_ms > self.max_ms {
            SessionUse::Ended
        } else if now - session.seen_at_ms >= self.touch_every_ms() {
            SessionUse::Touch
        } else {
            SessionUse::Fresh
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn session(signed_in: i64, seen: i64) -> StaffSession {
        StaffSession {
            staff_id: 1,
            epoch: 0,
            signed_in_at_ms: signed_in,
            seen_at_ms: seen,
        }
    }

    #[test]
    fn use_keeps_a_session_alive_until_the_absolute_limit() {
        let policy = SessionPolicy {
            idle_ms: 30 * MIN,
            max_ms: 8 * 60 * MIN,
        };
        // Used every 20 minutes for 7 hours: never idle for 30 minutes.
        let mut s = session(0, 0);
        for step in 1..=21 {
            let now = step * 20 * MIN;
            assert_eq!(policy.on_use(&s, now), SessionUse::Touch, "at {step}");
            s.seen_at_ms = now;
        }
        // 31 minutes without use ends it.
        assert_eq!(
            policy.on_use(&s, s.seen_at_ms + 31 * MIN),
            SessionUse::Ended
        );
        // Past 8 hours it ends however busy it is.
        s.seen_at_ms = 8 * 60 * MIN;
        assert_eq!(policy.on_use(&s, 8 * 60 * MIN + 1), SessionUse::Ended);
    }

    #[test]
    fn a_busy_till_writes_its_session_at_most_once_a_minute() {
        let policy = SessionPolicy::default();
        assert_eq!(policy.touch_every_ms(), MIN);
        assert_eq!(policy.on_use(&session(0, 0), 59_999), SessionUse::Fresh);
        assert_eq!(policy.on_use(&session(0, 0), MIN), SessionUse::Touch);
        let short = SessionPolicy {
            idle_ms: 4_000,
            max_ms: 60_000,
        };
        assert_eq!(short.touch_every_ms(), 1_000);
    }
}
