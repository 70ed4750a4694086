//! Times as people read them: UTC milliseconds shown in the company's time zone.

use crate::UnixMs;
use chrono::TimeZone;
use std::str::FromStr;

/// "2026-11-25 17:30" in `time_zone` (an IANA name); UTC when the name is unknown.
pub fn local_minute(at_ms: UnixMs, time_zone: &str) -> String {
    let tz = chrono_tz::Tz::from_str(time_zone).unwrap_or(chrono_tz::UTC);
    match tz.timestamp_millis_opt(at_ms).single() {
        Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        None => String::new(),
    }
}

/// The business day `at_ms` falls on in `time_zone` (UTC when unknown).
pub fn business_day(at_ms: UnixMs, time_zone: &str) -> domain::day::Day {
    use chrono::Datelike;
    let tz = chrono_tz::Tz::from_str(time_zone).unwrap_or(chrono_tz::UTC);
    let date = tz
        .timestamp_millis_opt(at_ms)
        .single()
        .map(|t| t.date_naive())
        .unwrap_or_default();
    domain::day::Day::from_ymd(date.year(), date.month(), date.day()).unwrap_or(domain::day::Day(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_offered_time_zone_is_known() {
        for zone in domain::company::TIME_ZONES {
            assert!(chrono_tz::Tz::from_str(zone).is_ok(), "{zone}");
        }
    }

    #[test]
    fn shanghai_is_eight_hours_ahead() {
        // 2026-11-25 09:30 UTC
        let at = 1_795_599_000_000;
        assert_eq!(local_minute(at, "UTC"), "2026-11-25 09:30");
        assert_eq!(local_minute(at, "Asia/Shanghai"), "2026-11-25 17:30");
        assert_eq!(local_minute(at, "Mars/Olympus"), "2026-11-25 09:30");
        // 23:30 UTC is already tomorrow in Shanghai.
        let late = at + 14 * 3_600_000;
        assert_eq!(business_day(late, "UTC").to_string(), "2026-11-25");
        assert_eq!(
            business_day(late, "Asia/Shanghai").to_string(),
            "2026-11-26"
        );
    }
}
