//! Backups (O2): when the daily copy is due, what a copy's file is called, and
//! which old copies go when a new one is made.

use crate::day::Day;
use crate::error::{Field, FieldError, Problems};
use crate::settings::parse_count;
use serde::{Deserialize, Serialize};

/// The most copies a shop may keep (a year of daily copies).
pub const KEEP_MAX: u32 = 365;

/// When the daily copy is made and how many copies are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupPlan {
    /// The company's local hour (0–23) of the daily copy; `None`: no daily copy.
    pub daily_hour: Option<u32>,
    /// Copies kept in the backup folder; older ones are deleted after a new one.
    pub keep_copies: u32,
}

impl Default for BackupPlan {
    fn default() -> Self {
        BackupPlan {
            daily_hour: Some(3),
            keep_copies: 7,
        }
    }
}

impl BackupPlan {
    /// Is the daily copy of `today` due at local hour `hour`, when the last daily
    /// copy was made on `last_daily`? A server that was off at the set hour makes
    /// it later the same day.
    pub fn daily_due(self, today: Day, hour: u32, last_daily: Option<Day>) -> bool {
        match self.daily_hour {
            None => false,
            Some(at) => hour >= at && last_daily.is_none_or(|last| last < today),
        }
    }
}

/// One copy as the backups page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupRow {
    pub id: i64,
    pub started_at_ms: i64,
    pub finished_at_ms: Option<i64>,
    pub daily: bool,
    pub staff_name: Option<String>,
    pub file_name: String,
    pub bytes: Option<i64>,
    pub state: String,
    pub message: String,
}

/// The settings form as typed: the hour empty means no daily copy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupPlanForm {
    pub daily_hour: String,
    pub keep_copies: String,
}

impl BackupPlanForm {
    pub fn from_plan(plan: BackupPlan) -> Self {
        BackupPlanForm {
            daily_hour: plan.daily_hour.map(|h| h.to_string()).unwrap_or_default(),
            keep_copies: plan.keep_copies.to_string(),
        }
    }

    pub fn parse(&self) -> Result<BackupPlan, Vec<FieldError>> {
        let mut p = Problems::default();
        let daily_hour = if self.daily_hour.trim().is_empty() {
            Some(None)
        } else {
            p.check(parse_count(&self.daily_hour, Field::BackupHour, 0, 23))
                .map(Some)
        };
        let keep_copies = p.check(parse_count(
            &self.keep_copies,
            Field::BackupKeep,
            1,
            KEEP_MAX,
        ));
        let plan = daily_hour
            .zip(keep_copies)
            .map(|(daily_hour, keep_copies)| BackupPlan {
                daily_hour,
                keep_copies,
            });
        p.finish(plan)
    }
}

/// A copy's file name from its local time "2026-12-07 03:00:05": `membership-
/// 20261207-030005.db` (SQLite) or `.dump` (Postgres, pg_dump's custom format).
/// Names sort by time.
pub fn file_name(local_second: &str, postgres: bool) -> String {
    let digits: String = local_second.chars().filter(char::is_ascii_digit).collect();
    let (day, time) = digits.split_at(digits.len().min(8));
    let ext = if postgres { "dump" } else { "db" };
    format!("membership-{day}-{time}.{ext}")
}

/// Is this a copy's file name (so that pruning never touches anything else)?
pub fn is_copy_name(name: &str) -> bool {
    let Some(stem) = name
        .strip_prefix("membership-")
        .and_then(|n| n.strip_suffix(".db").or_else(|| n.strip_suffix(".dump")))
    else {
        return false;
    };
    let (day, time) = stem.split_once('-').unwrap_or(("", ""));
    day.len() == 8 && time.len() == 6 && day.chars().chain(time.chars()).all(|c| c.is_ascii_digit())
}

/// Of the copies in a folder, the ones to delete so that the newest `keep` stay.
pub fn to_prune(names: &[String], keep: u32) -> Vec<String> {
    let mut copies: Vec<&String> = names.iter().filter(|n| is_copy_name(n)).collect();
    copies.sort_by(|a, b| b.cmp(a));
    copies.into_iter().skip(keep as usize).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_daily_copy_is_due_once_a_day_from_its_hour() {
        let plan = BackupPlan::default();
        let today = Day::from_ymd(2026, 12, 7).unwrap();
        let yesterday = today.plus_days(-1);
        assert!(!plan.daily_due(today, 2, Some(yesterday)));
        assert!(plan.daily_due(today, 3, Some(yesterday)));
        assert!(
            plan.daily_due(today, 23, None),
            "made later when the server was off"
        );
        assert!(!plan.daily_due(today, 5, Some(today)), "once a day");
        let off = BackupPlan {
            daily_hour: None,
            ..plan
        };
        assert!(!off.daily_due(today, 12, None));
    }

    #[test]
    fn names_sort_by_time_and_only_copies_are_pruned() {
        let name = file_name("2026-12-07 03:00:05", false);
        assert_eq!(name, "membership-20261207-030005.db");
        assert_eq!(
            file_name("2026-12-07 03:00:05", true),
            "membership-20261207-030005.dump"
        );
        assert!(is_copy_name(&name));
        let names: Vec<String> = [
            "membership-20261205-030000.db",
            "membership-20261207-030000.db",
            "notes.txt",
            "membership.db",
            "membership-20261206-030000.db",
            "membership-2026120-030000.db",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(to_prune(&names, 2), vec!["membership-20261205-030000.db"]);
        assert!(to_prune(&names, 3).is_empty());
    }

    #[test]
    fn the_form_refuses_hours_and_counts_out_of_range() {
        let form = |hour: &str, keep: &str| BackupPlanForm {
            daily_hour: hour.into(),
            keep_copies: keep.into(),
        };
        assert_eq!(
            form("", "7").parse(),
            Ok(BackupPlan {
                daily_hour: None,
                keep_copies: 7
            })
        );
        assert_eq!(
            form("23", "365").parse().map(|p| p.daily_hour),
            Ok(Some(23))
        );
        let wrong = form("24", "0").parse().unwrap_err();
        assert_eq!(wrong.len(), 2);
        assert_eq!(wrong[0].field, Field::BackupHour);
        assert_eq!(wrong[1].field, Field::BackupKeep);
        assert!(form("3", "x").parse().is_err());
    }
}
