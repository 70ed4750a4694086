//! Checking a copy, and restoring one (O2) into an empty database only: a restore
//! never overwrites a shop's data.

use crate::integrity::{self, Report};
use crate::{Db, DbError, PoolOptions, Sqlite};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::path::{Path, PathBuf};
use std::str::FromStr;

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("{0}")]
    NotEmpty(String),
    #[error("{0}")]
    BadCopy(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Opens a SQLite copy read-only: SQLite's own check, then the ledger's.
pub async fn verify_sqlite_copy(path: &Path) -> Result<(), String> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|e| format!("{} cannot be opened: {e}", path.display()))?;
    let pages: Result<String, _> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await;
    let db = Db::Sqlite(Sqlite::single(pool));
    let outcome = match pages {
        Ok(ok) if ok == "ok" => match integrity::check(&db).await {
            Ok(report) if report.is_clean() => Ok(()),
            Ok(report) => Err(format!("the copy's ledger does not add up:\n{report}")),
            Err(e) => Err(format!(
                "{} is not a copy of this app's database: {e}",
                path.display()
            )),
        },
        Ok(problem) => Err(format!("the copy is damaged: {problem}")),
        Err(e) => Err(format!("{} is not a SQLite database: {e}", path.display())),
    };
    db.close().await;
    outcome
}

/// A Postgres copy is whole when `pg_restore` can list every part of it.
pub async fn verify_pg_dump(path: &Path) -> Result<(), String> {
    let listed = run_tool(
        tokio::process::Command::new(pg_tool("pg_restore")?)
            .arg("--list")
            .arg(path),
    )
    .await?;
    if listed.contains(" ledger_entries ") {
        Ok(())
    } else {
        Err(format!(
            "{} holds no ledger: not a copy of this app's database",
            path.display()
        ))
    }
}

/// `pg_dump` or `pg_restore`: on the PATH, else the newest of Debian's
/// `/usr/lib/postgresql/*/bin`.
pub fn pg_tool(name: &str) -> Result<PathBuf, String> {
    let on_path = std::env::var_os("PATH")
        .map(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(name))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|dirs| {
            dirs.filter_map(Result::ok)
                .map(|d| d.path().join("bin").join(name))
                .collect()
        })
        .unwrap_or_default();
    debian.sort_by_key(|p| {
        p.parent()
            .and_then(Path::parent)
            .and_then(Path::file_name)
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    on_path
        .into_iter()
        .chain(debian.into_iter().rev())
        .find(|p| p.is_file())
        .ok_or_else(|| {
            format!("{name} was not found: install PostgreSQL's client programs (Debian: apt install postgresql-client)")
        })
}

/// Runs a tool; its standard output, or its error output as the error.
pub async fn run_tool(cmd: &mut tokio::process::Command) -> Result<String, String> {
    let program = cmd.as_std().get_program().to_string_lossy().into_owned();
    let out = cmd
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| format!("{program}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "{program} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Restores `file` (a copy made by `server backup`) into the database at `url`,
/// which must be empty; then brings its schema up to date and checks its ledger.
/// SQLite: the server must not be running on that file meanwhile.
pub async fn restore(url: &str, file: &Path) -> Result<Report, RestoreError> {
    if !file.is_file() {
        return Err(RestoreError::BadCopy(format!(
            "{} is not a file",
            file.display()
        )));
    }
    if url.starts_with("sqlite:") {
        restore_sqlite(url, file).await?;
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        restore_postgres(url, file).await?;
    } else {
        return Err(DbError::UnsupportedUrl(url.to_owned()).into());
    }
    let db = Db::connect(
        url,
        PoolOptions {
            max_connections: 1,
            ..PoolOptions::default()
        },
    )
    .await?;
    let report = integrity::check(&db).await;
    db.close().await;
    Ok(report?)
}

async fn restore_sqlite(url: &str, file: &Path) -> Result<(), RestoreError> {
    verify_sqlite_copy(file)
        .await
        .map_err(RestoreError::BadCopy)?;
    let target = SqliteConnectOptions::from_str(url)
        .map_err(DbError::from)?
        .get_filename()
        .to_path_buf();
    if target.is_file() && std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0) > 0 {
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(
                SqliteConnectOptions::new()
                    .filename(&target)
                    .read_only(true),
            )
            .await
            .map_err(DbError::from)?;
        let used: Result<i64, _> = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM company) + (SELECT COUNT(*) FROM stores)",
        )
        .fetch_one(&pool)
        .await;
        let tables: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
                .fetch_one(&pool)
                .await
                .map_err(DbError::from)?;
        pool.close().await;
        if used.map_or(tables > 0, |n| n > 0) {
            return Err(RestoreError::NotEmpty(format!(
                "{} already holds a shop's data: a restore goes only into an empty database. \
                 Stop the server, move that file away (keep it), and run the restore again.",
                target.display()
            )));
        }
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| RestoreError::BadCopy(e.to_string()))?;
    }
    let mut partial = target.clone().into_os_string();
    partial.push(".restoring");
    let partial = PathBuf::from(partial);
    let copied = std::fs::copy(file, &partial)
        .and_then(|_| std::fs::File::open(&partial)?.sync_all())
        .and_then(|()| {
            for side in ["-wal", "-shm"] {
                let mut name = target.clone().into_os_string();
                name.push(side);
                let _ = std::fs::remove_file(name);
            }
            std::fs::rename(&partial, &target)
        });
    copied.map_err(|e| RestoreError::BadCopy(format!("{}: {e}", target.display())))
}

async fn restore_postgres(url: &str, file: &Path) -> Result<(), RestoreError> {
    verify_pg_dump(file).await.map_err(RestoreError::BadCopy)?;
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .map_err(DbError::from)?;
    let tables: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_one(&pool)
    .await
    .map_err(DbError::from)?;
    pool.close().await;
    if tables > 0 {
        return Err(RestoreError::NotEmpty(format!(
            "that database already has {tables} tables: a restore goes only into an empty \
             database. Create a new one (createdb NAME), point DATABASE_URL at it, and run \
             the restore again."
        )));
    }
    run_tool(
        tokio::process::Command::new(pg_tool("pg_restore").map_err(RestoreError::BadCopy)?)
            .args([
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
            ])
            .arg(url)
            .arg(file),
    )
    .await
    .map(|_| ())
    .map_err(RestoreError::BadCopy)
}
