//! Server-side storage: one pool over SQLite or Postgres, the migrations, and the
//! repositories. Every operation is one database transaction.
//!
//! Where the two dialects agree (most statements) there is one SQL text, run on
//! either pool through [`on_pool!`]; where they differ, both texts stand side by side
//! in the same function.

pub mod audit;
pub mod backup;
pub mod cards;
pub mod catalogue;
pub mod clock;
pub mod company;
mod covers;
pub mod exports;
pub mod gifts;
pub mod import;
pub mod integrity;
pub mod ledger;
pub mod levels;
pub mod limit;
pub mod member_codes;
pub mod member_portal;
mod member_search;
pub mod members;
pub mod pay_methods;
pub mod plans;
pub mod points;
pub mod promotions;
pub mod rebates;
pub mod receipts;
pub mod reports;
pub mod restore;
pub mod sale_refunds;
pub mod sales;
pub mod secrets;
pub mod security_log;
pub mod seed;
pub mod settings;
pub mod shifts;
pub mod staff;
pub mod stores;
pub mod testing;
pub mod tills;
pub mod tx;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::str::FromStr;
use std::time::Duration;

pub use domain::UnixMs;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// A connection pool to one of the two supported databases.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(Sqlite),
    Postgres(PgPool),
}

/// SQLite in WAL mode: one connection writes (writes queue in order instead of
/// sleeping on a busy file) and a pool of read-only connections reads, so that a
/// long read never holds up a sale and a write never holds up a lookup.
#[derive(Clone, Debug)]
pub struct Sqlite {
    pub write: SqlitePool,
    pub read: SqlitePool,
}

impl Sqlite {
    /// One pool for both (a test database, a maintenance command).
    pub fn single(pool: SqlitePool) -> Sqlite {
        Sqlite {
            read: pool.clone(),
            write: pool,
        }
    }
}

/// Runs the same code on whichever pool `db` holds: `on_pool!(db, pool => expr)`.
/// On SQLite this is the writing connection: use it for anything that writes.
#[macro_export]
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite(sqlite) => {
                let $pool = &sqlite.write;
                $body
            }
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// Like [`on_pool!`] for a statement that only reads: on SQLite it runs on one
/// of the read-only connections (a write there fails), never queued behind a write.
#[macro_export]
macro_rules! on_reader {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite(sqlite) => {
                let $pool = &sqlite.read;
                $body
            }
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported DATABASE_URL (expected sqlite:... or postgres://...): {0}")]
    UnsupportedUrl(String),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

/// Pool sizes and timeouts.
#[derive(Clone, Copy, Debug)]
pub struct PoolOptions {
    /// Postgres: the pool. SQLite: writing connections (one is best).
    pub max_connections: u32,
    /// SQLite only: read-only connections next to the writing one.
    pub read_connections: u32,
    pub acquire_timeout_ms: u64,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_connections: 16,
            read_connections: 4,
            acquire_timeout_ms: 5_000,
        }
    }
}

impl Db {
    /// Connects to `url` (`sqlite:path` or `postgres://...`), creating a SQLite file
    /// when it does not exist, and brings the schema up to date.
    pub async fn connect(url: &str, options: PoolOptions) -> Result<Db, DbError> {
        let acquire = Duration::from_millis(options.acquire_timeout_ms);
        let db = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(options.max_connections)
                .acquire_timeout(acquire)
                .connect(url)
                .await?;
            Db::Postgres(pool)
        } else if url.starts_with("sqlite:") {
            let connect = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true);
            let write = SqlitePoolOptions::new()
                .max_connections(options.max_connections)
                .acquire_timeout(acquire)
                .connect_with(connect.clone())
                .await?;
            // The writer has made the file and put it in WAL mode: readers only open it.
            let read = SqlitePoolOptions::new()
                .max_connections(options.read_connections.max(1))
                .acquire_timeout(acquire)
                .connect_with(
                    SqliteConnectOptions::from_str(url)?
                        .read_only(true)
                        .busy_timeout(Duration::from_secs(5))
                        .foreign_keys(true),
                )
                .await?;
            Db::Sqlite(Sqlite { write, read })
        } else {
            return Err(DbError::UnsupportedUrl(url.to_owned()));
        };
        db.migrate().await?;
        Ok(db)
    }

    pub async fn migrate(&self) -> Result<(), DbError> {
        match self {
            Db::Sqlite(sqlite) => SQLITE_MIGRATIONS.run(&sqlite.write).await?,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        // Data a migration cannot compute in SQL: members' pinyin initials and the
        // company day each joined on (time zones).
        members::fill_initials(self).await?;
        members::fill_joined_days(self).await?;
        Ok(())
    }

    /// A round trip to the database, for health checks.
    pub async fn ping(&self) -> Result<(), DbError> {
        rows_affected!(self, pool => sqlx::query("SELECT 1").execute(pool).await)?;
        Ok(())
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(sqlite) => {
                sqlite.read.close().await;
                sqlite.write.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// The current time as Unix milliseconds.
pub fn now_ms() -> UnixMs {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    since.as_millis() as UnixMs
}

/// Is this error a unique-constraint violation on a constraint whose name or
/// message mentions `column`?
pub(crate) fn is_unique_violation(err: &sqlx::Error, column: &str) -> bool {
    match err {
        sqlx::Error::Database(e) if e.is_unique_violation() => {
            e.constraint().is_some_and(|c| c.contains(column)) || e.message().contains(column)
        }
        _ => false,
    }
}

/// Like [`on_pool!`] for a statement run with `.execute(..)`: gives the number of
/// rows it changed, the same type on both databases.
#[macro_export]
macro_rules! rows_affected {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite(sqlite) => {
                let $pool = &sqlite.write;
                $body.map(|done| done.rows_affected())
            }
            $crate::Db::Postgres($pool) => $body.map(|done| done.rows_affected()),
        }
    };
}
