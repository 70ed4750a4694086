//! Integrity (O4): every cached balance, visit count, point total and validity
//! equals the sum of its ledger entries, and none is negative; every member's
//! points and earned points equal the sums of their points entries.

use crate::{Db, DbError, on_pool};

/// A card whose cached columns disagree with its entries.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Offender {
    pub card_id: i64,
    pub card_no: String,
    pub principal_fen: i64,
    pub principal_entries_fen: i64,
    pub bonus_fen: i64,
    pub bonus_entries_fen: i64,
    pub visits_left: i64,
    pub visits_entries: i64,
    pub points: i64,
    pub points_entries: i64,
    pub valid_until_day: i64,
    pub valid_until_entries: i64,
}

impl std::fmt::Display for Offender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "card {} (id {}): principal {} vs entries {}, bonus {} vs {}, visits {} vs {}, points {} vs {}, valid-until day {} vs {}",
            self.card_no,
            self.card_id,
            self.principal_fen,
            self.principal_entries_fen,
            self.bonus_fen,
            self.bonus_entries_fen,
            self.visits_left,
            self.visits_entries,
            self.points,
            self.points_entries,
            self.valid_until_day,
            self.valid_until_entries
        )
    }
}

/// A member whose cached points disagree with the points entries.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PointsOffender {
    pub member_id: i64,
    pub member_no: String,
    pub points: i64,
    pub points_entries: i64,
    pub points_earned: i64,
    pub earned_entries: i64,
}

impl std::fmt::Display for PointsOffender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "member {} (id {}): points {} vs entries {}, earned {} vs {}",
            self.member_no,
            self.member_id,
            self.points,
            self.points_entries,
            self.points_earned,
            self.earned_entries
        )
    }
}

/// What one check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub cards_checked: i64,
    pub transactions: i64,
    pub entries: i64,
    pub offenders: Vec<Offender>,
    pub members_checked: i64,
    pub points_transactions: i64,
    pub points_offenders: Vec<PointsOffender>,
    /// Report summaries (per store and day) that disagree with what they sum.
    pub summary_offenders: Vec<String>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.offenders.is_empty()
            && self.points_offenders.is_empty()
            && self.summary_offenders.is_empty()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "checked {} cards, {} transactions, {} entries: {}",
            self.cards_checked,
            self.transactions,
            self.entries,
            if self.is_clean() {
                "every balance equals its entries".to_owned()
            } else {
                format!("{} cards disagree", self.offenders.len())
            }
        )?;
        for o in &self.offenders {
            writeln!(f, "  {o}")?;
        }
        writeln!(
            f,
            "checked {} members' points, {} points transactions: {}",
            self.members_checked,
            self.points_transactions,
            if self.points_offenders.is_empty() {
                "every points account equals its entries".to_owned()
            } else {
                format!("{} members disagree", self.points_offenders.len())
            }
        )?;
        for o in &self.points_offenders {
            writeln!(f, "  {o}")?;
        }
        writeln!(
            f,
            "checked the reports' summaries: {}",
            if self.summary_offenders.is_empty() {
                "every store's day equals its ledger".to_owned()
            } else {
                format!("{} rows disagree", self.summary_offenders.len())
            }
        )?;
        for o in &self.summary_offenders {
            writeln!(f, "  {o}")?;
        }
        Ok(())
    }
}

/// At most this many offenders are listed.
const OFFENDERS_MAX: i64 = 1_000;

pub async fn check(db: &Db) -> Result<Report, DbError> {
    let sql = "SELECT c.id AS card_id, c.card_no, c.principal_fen, CAST(COALESCE(s.principal, 0) AS BIGINT) AS principal_entries_fen,
            c.bonus_fen, CAST(COALESCE(s.bonus, 0) AS BIGINT) AS bonus_entries_fen,
            c.visits_left, CAST(COALESCE(s.visits, 0) AS BIGINT) AS visits_entries,
            c.points, CAST(COALESCE(s.points, 0) AS BIGINT) AS points_entries,
            COALESCE(c.valid_until_day, 0) AS valid_until_day, CAST(COALESCE(s.valid_until, 0) AS BIGINT) AS valid_until_entries
        FROM cards c
        LEFT JOIN (
            SELECT card_id,
                SUM(CASE WHEN bucket = 'principal' THEN delta ELSE 0 END) AS principal,
                SUM(CASE WHEN bucket = 'bonus' THEN delta ELSE 0 END) AS bonus,
                SUM(CASE WHEN bucket = 'visits' THEN delta ELSE 0 END) AS visits,
                SUM(CASE WHEN bucket = 'points' THEN delta ELSE 0 END) AS points,
                SUM(CASE WHEN bucket = 'valid_until' THEN delta ELSE 0 END) AS valid_until
            FROM ledger_entries GROUP BY card_id
        ) s ON s.card_id = c.id
        WHERE c.principal_fen <> COALESCE(s.principal, 0) OR c.bonus_fen <> COALESCE(s.bonus, 0)
           OR c.visits_left <> COALESCE(s.visits, 0) OR c.points <> COALESCE(s.points, 0)
           OR COALESCE(c.valid_until_day, 0) <> COALESCE(s.valid_until, 0)
           OR c.principal_fen < 0 OR c.bonus_fen < 0 OR c.visits_left < 0 OR c.points < 0
        ORDER BY c.id LIMIT $1";
    let offenders: Vec<Offender> =
        on_pool!(db, pool => sqlx::query_as(sql).bind(OFFENDERS_MAX).fetch_all(pool).await)?;
    let counts: (i64, i64, i64) = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM cards), (SELECT COUNT(*) FROM ledger_transactions), (SELECT COUNT(*) FROM ledger_entries)",
        )
        .fetch_one(pool)
        .await
    })?;
    let points_sql = "SELECT m.id AS member_id, m.member_no, m.points, CAST(COALESCE(s.points, 0) AS BIGINT) AS points_entries,
            m.points_earned, CAST(COALESCE(s.earned, 0) AS BIGINT) AS earned_entries
        FROM members m
        LEFT JOIN (
            SELECT member_id,
                SUM(CASE WHEN bucket = 'points' THEN delta ELSE 0 END) AS points,
                SUM(CASE WHEN bucket = 'earned' THEN delta ELSE 0 END) AS earned
            FROM points_entries GROUP BY member_id
        ) s ON s.member_id = m.id
        WHERE m.points <> COALESCE(s.points, 0) OR m.points_earned <> COALESCE(s.earned, 0)
           OR m.points_earned < 0
        ORDER BY m.id LIMIT $1";
    let points_offenders: Vec<PointsOffender> =
        on_pool!(db, pool => sqlx::query_as(points_sql).bind(OFFENDERS_MAX).fetch_all(pool).await)?;
    let points_counts: (i64, i64) = on_pool!(db, pool => {
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM points_transactions)")
            .fetch_one(pool)
            .await
    })?;
    Ok(Report {
        cards_checked: counts.0,
        transactions: counts.1,
        entries: counts.2,
        offenders,
        members_checked: points_counts.0,
        points_transactions: points_counts.1,
        points_offenders,
        summary_offenders: summaries(db).await?,
    })
}

/// Each summary next to what it sums, as one `UNION ALL` of the summary and the
/// recomputed figures with the sign turned: a group whose sums are not all zero
/// disagrees. (`name`, the group's key columns, the summed columns, the query.)
const SUMMARIES: [(&str, &str, &str, &str); 4] = [
    (
        "store liability",
        "store_id",
        "p, b",
        "SELECT store_id, principal_fen AS p, bonus_fen AS b FROM store_liability
         UNION ALL
         SELECT c.issued_store_id, -SUM(CASE WHEN e.bucket = 'principal' THEN e.delta ELSE 0 END),
             -SUM(CASE WHEN e.bucket = 'bonus' THEN e.delta ELSE 0 END)
         FROM ledger_entries e JOIN cards c ON c.id = e.card_id GROUP BY c.issued_store_id",
    ),
    (
        "store value days",
        "store_id, day",
        "p, b",
        "SELECT store_id, day, principal_fen AS p, bonus_fen AS b FROM store_value_days
         UNION ALL
         SELECT c.issued_store_id, t.day, -SUM(CASE WHEN e.bucket = 'principal' THEN e.delta ELSE 0 END),
             -SUM(CASE WHEN e.bucket = 'bonus' THEN e.delta ELSE 0 END)
         FROM ledger_entries e JOIN cards c ON c.id = e.card_id JOIN ledger_transactions t ON t.id = e.transaction_id
         GROUP BY c.issued_store_id, t.day",
    ),
    (
        "store clearing days",
        "home_store_id, store_id, day",
        "p",
        "SELECT home_store_id, store_id, day, principal_fen AS p FROM store_clearing_days
         UNION ALL
         SELECT c.issued_store_id, t.store_id, t.day, -SUM(e.delta)
         FROM ledger_entries e JOIN cards c ON c.id = e.card_id JOIN ledger_transactions t ON t.id = e.transaction_id
         WHERE e.bucket = 'principal' AND t.store_id <> c.issued_store_id
         GROUP BY c.issued_store_id, t.store_id, t.day",
    ),
    (
        "store days",
        "store_id, day",
        "n, s, r, c, v",
        "SELECT store_id, day, sales_count AS n, sales_fen AS s, refunds_fen AS r, recharges_fen AS c, visits AS v
         FROM store_days
         UNION ALL
         SELECT store_id, day, -COUNT(*), -SUM(total_fen), 0, 0, 0 FROM sales GROUP BY store_id, day
         UNION ALL
         SELECT store_id, day, 0, 0, -SUM(total_fen), 0, 0 FROM sale_refunds GROUP BY store_id, day
         UNION ALL
         SELECT store_id, day, 0, 0, 0,
             -SUM(CASE WHEN kind IN ('recharge', 'reversal') THEN money_in_fen ELSE 0 END),
             -SUM(CASE kind WHEN 'visit_use' THEN visits WHEN 'check_in' THEN 1 WHEN 'refund' THEN -visits ELSE 0 END)
         FROM ledger_transactions WHERE kind IN ('recharge', 'reversal', 'visit_use', 'check_in', 'refund')
         GROUP BY store_id, day",
    ),
];

/// The report summaries that disagree with the ledger, sales and refunds they
/// sum (at most [`OFFENDERS_MAX`] of each).
async fn summaries(db: &Db) -> Result<Vec<String>, DbError> {
    let mut found = Vec::new();
    for (name, key, sums, union) in SUMMARIES {
        // The group and its differences as text ("3/20400", "100 0"): the
        // summary minus what it sums, column by column.
        let differences: Vec<String> = sums
            .split(", ")
            .map(|c| format!("CAST(SUM({c}) AS TEXT)"))
            .collect();
        let nonzero: Vec<String> = sums.split(", ").map(|c| format!("SUM({c}) <> 0")).collect();
        let sql = format!(
            "SELECT CAST({} AS TEXT), {} FROM ({union}) x GROUP BY {key} HAVING {} LIMIT $1",
            key.replace(", ", " || '/' || "),
            differences.join(" || ' ' || "),
            nonzero.join(" OR "),
        );
        let off: Vec<(String, String)> =
            on_pool!(db, pool => sqlx::query_as(&sql).bind(OFFENDERS_MAX).fetch_all(pool).await)?;
        for (group, by) in off {
            found.push(format!(
                "{name} ({key}) {group}: the summary is off by ({sums}) {by}"
            ));
        }
    }
    Ok(found)
}
