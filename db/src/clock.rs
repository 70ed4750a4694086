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

/// "2026-11-25 17:30:05" in `time_zone` (UTC when the name is unknown).
pub fn local_second(at_ms: UnixMs, time_zone: &str) -> String {
    let tz = chrono_tz::Tz::from_str(time_zone).unwrap_or(chrono_tz::UTC);
    match tz.timestamp_millis_opt(at_ms).single() {
        Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
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

/// The first millisecond of `day` in `time_zone` (UTC when unknown).
pub fn day_start_ms(day: domain::day::Day, time_zone: &str) -> UnixMs {
    let tz = chrono_tz::Tz::from_str(time_zone).unwrap_or(chrono_tz::UTC);
    let date = chrono::NaiveDate::parse_from_str(&day.to_string(), "%Y-%m-%d").unwrap_or_default();
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&midnight).earliest() {
        Some(t) => t.timestamp_millis(),
        None => midnight.and_utc().timestamp_millis(),
    }
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
            day_start_ms(business_day(late, "Asia/Shanghai"), "Asia/Shanghai"),
            at + 6 * 3_600_000 + 30 * 60_000
        );
        assert_eq!(
            business_day(late, "Asia/Shanghai").to_string(),
            "2026-11-26"
        );
    }

    #[test]
    fn a_promotion_runs_from_0000_on_its_first_day_to_2359_on_its_last() {
        use domain::promotion::{BirthdayOnly, EVERY_DAY, Offer, Promotion};
        let day = |y, m, d| domain::day::Day::from_ymd(y, m, d).unwrap();
        let p = Promotion {
            id: 1,
            name: "12月".into(),
            first_day: day(2026, 12, 1),
            last_day: day(2026, 12, 31),
            stores: vec![],
            weekdays: EVERY_DAY,
            birthday: BirthdayOnly::No,
            offer: Offer::Points { factor_pct: 200 },
            active: true,
        };
        // Shanghai is UTC+8: 2026-12-01 00:00 there is 2026-11-30 16:00 UTC.
        let midnight_first = 1_796_054_400_000;
        let runs = |at| p.runs(1, business_day(at, "Asia/Shanghai"), None);
        assert_eq!(
            local_minute(midnight_first, "Asia/Shanghai"),
            "2026-12-01 00:00"
        );
        assert!(!runs(midnight_first - 60_000), "23:59 the day before");
        assert!(runs(midnight_first));
        let midnight_after = midnight_first + 31 * 86_400_000;
        assert_eq!(
            local_minute(midnight_after, "Asia/Shanghai"),
            "2027-01-01 00:00"
        );
        assert!(runs(midnight_after - 60_000), "23:59 on the last day");
        assert!(!runs(midnight_after));
        // In London the same instants are still the day before.
        assert!(!p.runs(1, business_day(midnight_first, "Europe/London"), None));
    }
}
