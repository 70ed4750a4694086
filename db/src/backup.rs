//! Backups (O2): a consistent copy of the database while the shop goes on selling,
//! verified before it counts, the oldest copies pruned, every copy a row in
//! `backups`. SQLite: `VACUUM INTO` on a read-only connection (a snapshot of one
//! read transaction; sales go on in the WAL meanwhile). Postgres: `pg_dump` in its
//! custom format (one snapshot), verified by `pg_restore --list`.

use crate::{Db, DbError, on_pool, on_reader, rows_affected};
use domain::backup::{BackupPlan, BackupRow, file_name, to_prune};
use domain::day::Day;
use std::path::{Path, PathBuf};

/// Where copies go, and how `pg_dump` reaches a Postgres database.
#[derive(Clone, Debug)]
pub struct BackupPlace {
    pub dir: PathBuf,
    pub database_url: String,
}

/// Who asked for a copy.
#[derive(Clone, Copy, Debug)]
pub enum Asked {
    /// The daily copy of this company day (at most one per day).
    Daily(Day),
    /// A staff member, from the backups page.
    Staff(i64),
    /// `server backup` on the command line.
    CommandLine,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("another backup is being made; try again when it has finished")]
    Busy,
    #[error("{0}")]
    Failed(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

pub async fn plan(db: &Db) -> Result<BackupPlan, DbError> {
    let sql = "SELECT daily_hour, keep_copies FROM backup_plan WHERE id = 1";
    let (hour, keep): (Option<i64>, i64) =
        on_reader!(db, pool => sqlx::query_as(sql).fetch_one(pool).await)?;
    Ok(BackupPlan {
        daily_hour: hour.map(|h| h.clamp(0, 23) as u32),
        keep_copies: keep.clamp(1, i64::from(domain::backup::KEEP_MAX)) as u32,
    })
}

pub async fn save_plan(db: &Db, plan: BackupPlan) -> Result<(), DbError> {
    let sql = "UPDATE backup_plan SET daily_hour = $1, keep_copies = $2 WHERE id = 1";
    crate::audited_rows!(db, pool => sqlx::query(sql)
        .bind(plan.daily_hour.map(i64::from))
        .bind(i64::from(plan.keep_copies))
        .execute(pool)
        .await)?;
    Ok(())
}

/// The newest copies first.
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<BackupRow>, DbError> {
    let sql = "SELECT b.id, b.started_at_ms, b.finished_at_ms, b.daily_day IS NOT NULL, s.name,
               b.file_name, b.bytes, b.state, b.message
        FROM backups b LEFT JOIN staff s ON s.id = b.staff_id
        ORDER BY b.started_at_ms DESC, b.id DESC LIMIT $1";
    type Row = (
        i64,
        i64,
        Option<i64>,
        bool,
        Option<String>,
        String,
        Option<i64>,
        String,
        String,
    );
    let rows: Vec<Row> = on_reader!(db, pool => sqlx::query_as(sql).bind(limit.clamp(1, 100)).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| BackupRow {
            id: r.0,
            started_at_ms: r.1,
            finished_at_ms: r.2,
            daily: r.3,
            staff_name: r.4,
            file_name: r.5,
            bytes: r.6,
            state: r.7,
            message: r.8,
        })
        .collect())
}

/// The company day of the newest daily copy that was made or is being made.
pub async fn last_daily(db: &Db) -> Result<Option<Day>, DbError> {
    let sql = "SELECT MAX(daily_day) FROM backups WHERE state <> 'failed'";
    let day: Option<i64> = on_reader!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await)?;
    Ok(day.map(|d| Day(d as i32)))
}

/// At start-up: copies a stopped server left half-made are failed, not running.
pub async fn mark_interrupted(db: &Db) -> Result<(), DbError> {
    let sql = "UPDATE backups SET state = 'failed', message = 'interrupted: the server stopped'
        WHERE state = 'running'";
    rows_affected!(db, pool => sqlx::query(sql).execute(pool).await)?;
    Ok(())
}

/// The row of a copy being started, or `None` when one is running already (or
/// today's daily copy has been claimed by another server).
async fn claim(db: &Db, name: &str, asked: Asked, now: i64) -> Result<Option<i64>, DbError> {
    let (daily, staff) = match asked {
        Asked::Daily(day) => (Some(i64::from(day.0)), None),
        Asked::Staff(id) => (None, Some(id)),
        Asked::CommandLine => (None, None),
    };
    let sql = "INSERT INTO backups (started_at_ms, daily_day, staff_id, file_name, state)
        SELECT $1, $2, $3, $4, 'running'
        WHERE NOT EXISTS (SELECT 1 FROM backups WHERE state = 'running')
        ON CONFLICT (daily_day) DO NOTHING
        RETURNING id";
    let id: Option<i64> = on_pool!(db, pool => sqlx::query_scalar(sql)
        .bind(now)
        .bind(daily)
        .bind(staff)
        .bind(name)
        .fetch_optional(pool)
        .await)?;
    Ok(id)
}

async fn settle(db: &Db, id: i64, outcome: &Result<u64, String>) -> Result<(), DbError> {
    let (state, bytes, message) = match outcome {
        Ok(bytes) => ("done", Some(*bytes as i64), String::new()),
        Err(e) => ("failed", None, e.chars().take(500).collect()),
    };
    let sql = "UPDATE backups SET state = $1, bytes = $2, message = $3, finished_at_ms = $4
        WHERE id = $5";
    rows_affected!(db, pool => sqlx::query(sql)
        .bind(state)
        .bind(bytes)
        .bind(message)
        .bind(crate::now_ms())
        .bind(id)
        .execute(pool)
        .await)?;
    Ok(())
}

/// A finished copy.
#[derive(Clone, Debug)]
pub struct Made {
    pub path: PathBuf,
    pub bytes: u64,
    pub pruned: Vec<String>,
}

/// A copy whose row is claimed and which is yet to be written.
#[derive(Debug)]
pub struct Started {
    id: i64,
    name: String,
}

/// Claims the row of a new copy. `Ok(None)`: today's daily copy was claimed
/// already; `Busy`: another copy is being made.
pub async fn begin(db: &Db, asked: Asked) -> Result<Option<Started>, BackupError> {
    let now = crate::now_ms();
    let zone = crate::company::company(db)
        .await?
        .map(|c| c.time_zone)
        .unwrap_or_default();
    let second = crate::clock::local_second(now, &zone);
    let name = file_name(&second, matches!(db, Db::Postgres(_)));
    match claim(db, &name, asked, now).await? {
        Some(id) => Ok(Some(Started { id, name })),
        None if matches!(asked, Asked::Daily(_)) => Ok(None),
        None => Err(BackupError::Busy),
    }
}

impl Started {
    /// Writes the copy under a `.partial` name, verifies it, renames it, records
    /// the outcome and prunes the oldest copies beyond the plan's count.
    pub async fn finish(self, db: &Db, place: &BackupPlace) -> Result<Made, BackupError> {
        let path = place.dir.join(&self.name);
        let partial = place.dir.join(format!("{}.partial", self.name));
        let outcome = match write_and_verify(db, place, &partial).await {
            Ok(bytes) => std::fs::rename(&partial, &path)
                .map(|()| bytes)
                .map_err(|e| format!("{}: {e}", path.display())),
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                Err(e)
            }
        };
        settle(db, self.id, &outcome).await?;
        let bytes = outcome.map_err(BackupError::Failed)?;
        let keep = plan(db).await?.keep_copies;
        let pruned = prune(&place.dir, keep);
        Ok(Made {
            path,
            bytes,
            pruned,
        })
    }
}

/// [`begin`] and [`Started::finish`] in one.
pub async fn make_copy(
    db: &Db,
    place: &BackupPlace,
    asked: Asked,
) -> Result<Option<Made>, BackupError> {
    match begin(db, asked).await? {
        Some(started) => started.finish(db, place).await.map(Some),
        None => Ok(None),
    }
}

async fn write_and_verify(db: &Db, place: &BackupPlace, partial: &Path) -> Result<u64, String> {
    std::fs::create_dir_all(&place.dir)
        .map_err(|e| format!("cannot make the backup folder {}: {e}", place.dir.display()))?;
    let _ = std::fs::remove_file(partial);
    match db {
        Db::Sqlite(sqlite) => {
            let target = partial.to_string_lossy().into_owned();
            sqlx::query("VACUUM INTO $1")
                .bind(&target)
                .execute(&sqlite.read)
                .await
                .map_err(|e| format!("copying the database: {e}"))?;
            crate::restore::verify_sqlite_copy(partial).await?;
        }
        Db::Postgres(_) => {
            let dump = crate::restore::pg_tool("pg_dump")?;
            crate::restore::run_tool(
                tokio::process::Command::new(dump)
                    .args(["--format=custom", "--no-owner", "--file"])
                    .arg(partial)
                    .arg(&place.database_url),
            )
            .await?;
            crate::restore::verify_pg_dump(partial).await?;
        }
    }
    std::fs::metadata(partial)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", partial.display()))
}

/// Deletes the oldest copies in `dir` beyond `keep`; returns their names.
fn prune(dir: &Path, keep: u32) -> Vec<String> {
    let names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    to_prune(&names, keep)
        .into_iter()
        .filter(|name| std::fs::remove_file(dir.join(name)).is_ok())
        .collect()
}

/// How far a running copy has got: bytes written so far, and (SQLite) about how
/// many it will have (the database's pages in use).
pub async fn progress(db: &Db, place: &BackupPlace, file_name: &str) -> (u64, Option<u64>) {
    let partial = place.dir.join(format!("{file_name}.partial"));
    let written = std::fs::metadata(partial).map(|m| m.len()).unwrap_or(0);
    let total = match db {
        Db::Sqlite(sqlite) => sqlx::query_scalar::<_, i64>(
            "SELECT (page_count - freelist_count) * page_size
             FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()",
        )
        .fetch_one(&sqlite.read)
        .await
        .ok()
        .map(|bytes| bytes.max(0) as u64),
        Db::Postgres(_) => None,
    };
    (written, total)
}
