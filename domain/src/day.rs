//! Calendar days. A card's validity, a daily limit and "expires today" are about
//! the shop's business day, counted as days since 1970-01-01 in the company's time
//! zone (the server turns a UTC instant into a `Day`; this module only counts).

use crate::{Field, FieldError, Problem};
use serde::{Deserialize, Serialize};

/// A calendar day: days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Day(pub i32);

/// The latest day a validity may reach: 9999-12-31.
pub const LAST_DAY: Day = Day(2_932_896);

impl Day {
    /// The day of a (year, month 1-12, day 1-31) date, when it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day(era * 146_097 + doe - 719_468))
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    /// "2026-11-25", "2026-1-5" or "2026/11/25"; empty is `Required`.
    pub fn parse(raw: &str, field: Field) -> Result<Day, FieldError> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(FieldError::new(field, Problem::Required));
        }
        let bad = || FieldError::new(field, Problem::NotADate);
        if text.len() > 10 {
            return Err(bad());
        }
        let mut parts = text.split(['-', '/']);
        let mut next = || -> Option<u32> {
            let p = parts.next()?;
            if p.is_empty() || p.len() > 4 || !p.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            p.parse().ok()
        };
        let (y, m, d) = (next(), next(), next());
        if parts.next().is_some() {
            return Err(bad());
        }
        match (y, m, d) {
            (Some(y), Some(m), Some(d)) if (1900..=9999).contains(&y) => {
                Day::from_ymd(y as i32, m, d).ok_or_else(bad)
            }
            _ => Err(bad()),
        }
    }

    pub fn plus_days(self, days: i32) -> Day {
        Day(self.0.saturating_add(days).min(LAST_DAY.0))
    }

    /// The same day of the month `months` later, or that month's last day
    /// (Jan 31 + 1 month = Feb 28/29).
    pub fn plus_months(self, months: u32) -> Day {
        let (y, m, d) = self.ymd();
        let index = y as i64 * 12 + (m as i64 - 1) + months as i64;
        let (year, month) = ((index / 12) as i32, (index % 12) as u32 + 1);
        if year > 9999 {
            return LAST_DAY;
        }
        let day = d.min(days_in_month(year, month));
        Day::from_ymd(year, month, day).unwrap_or(LAST_DAY)
    }

    /// The same day of the month `months` earlier, or that month's last day.
    pub fn minus_months(self, months: u32) -> Day {
        let (y, m, d) = self.ymd();
        let index = (y as i64 * 12 + (m as i64 - 1) - months as i64).max(0);
        let (year, month) = ((index / 12) as i32, (index % 12) as u32 + 1);
        let day = d.min(days_in_month(year, month));
        Day::from_ymd(year, month, day).unwrap_or(Day(0))
    }

    pub fn days_until(self, later: Day) -> i32 {
        later.0 - self.0
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_days() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(
            Day::from_ymd(2026, 11, 25).unwrap().to_string(),
            "2026-11-25"
        );
        assert_eq!(Day::from_ymd(9999, 12, 31), Some(LAST_DAY));
        assert_eq!(Day::from_ymd(2026, 2, 29), None);
        assert_eq!(
            Day::from_ymd(2028, 2, 29).unwrap().to_string(),
            "2028-02-29"
        );
    }

    #[test]
    fn months_clamp_to_the_last_day() {
        let jan31 = Day::parse("2026-01-31", Field::Birthday).unwrap();
        assert_eq!(jan31.plus_months(1).to_string(), "2026-02-28");
        assert_eq!(jan31.plus_months(3).to_string(), "2026-04-30");
        assert_eq!(jan31.plus_months(12).to_string(), "2027-01-31");
    }

    #[test]
    fn parsing_refuses_what_is_not_a_date() {
        let p = |s: &str| Day::parse(s, Field::Birthday).map_err(|e| e.problem);
        assert_eq!(p("2026/1/5").unwrap().to_string(), "2026-01-05");
        assert_eq!(p(""), Err(Problem::Required));
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "26-1-1",
            "2026-1",
            "x",
            "2026-01-01-1",
            "0001-01-01",
        ] {
            assert_eq!(p(bad), Err(Problem::NotADate), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn day_number_and_date_round_trip(n in -700_000i32..=LAST_DAY.0) {
            let (y, m, d) = Day(n).ymd();
            prop_assert_eq!(Day::from_ymd(y, m, d), Some(Day(n)));
        }

        #[test]
        fn printed_dates_parse_back(n in Day::from_ymd(1900, 1, 1).unwrap().0..=LAST_DAY.0) {
            prop_assert_eq!(Day::parse(&Day(n).to_string(), Field::Birthday), Ok(Day(n)));
        }
    }
}
