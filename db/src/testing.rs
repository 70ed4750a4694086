//! Fresh databases for test suites (db's and server's): each test gets its own
//! SQLite file or its own Postgres database, so tests never see each other.

use crate::{Db, PoolOptions};

fn unique_name() -> String {
    use std::hash::{BuildHasher, RandomState};
    let n = RandomState::new().hash_one(std::time::SystemTime::now());
    format!("t{}_{n:x}", std::process::id())
}

/// The URL of a new SQLite file (created on first connect).
pub fn sqlite_url() -> String {
    let dir = std::env::temp_dir().join("membership-db-tests");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{}.db", unique_name()));
    format!("sqlite:{}", path.display())
}

pub async fn sqlite() -> Db {
    // One connection, as the server runs SQLite (one writer at a time): a code
    // path that needed a second connection while holding one would hang here.
    let one = PoolOptions {
        max_connections: 1,
        ..PoolOptions::default()
    };
    Db::connect(&sqlite_url(), one)
        .await
        .expect("sqlite test database")
}

/// The URL of a new, empty database on the Postgres server named by
/// TEST_DATABASE_URL. Postgres is never skipped: without that variable the test
/// fails and says why.
pub async fn postgres_url() -> String {
    let admin_url = std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "TEST_DATABASE_URL is not set: the Postgres half of the suite needs a server. \
             Run `cargo xtask test`, which starts a throwaway cluster, or set \
             TEST_DATABASE_URL=postgres://user@host:port/postgres"
        )
    });
    let name = unique_name();
    let one = PoolOptions {
        max_connections: 1,
        ..PoolOptions::default()
    };
    let admin = Db::connect(&admin_url, one)
        .await
        .expect("connect to TEST_DATABASE_URL");
    if let Db::Postgres(pool) = &admin {
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(pool)
            .await
            .expect("create test database");
    }
    admin.close().await;
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("TEST_DATABASE_URL ends in /dbname");
    format!("{base}/{name}")
}

/// The URL a test database was opened with (for tools such as `pg_dump`).
pub fn url_of(db: &Db) -> String {
    match db {
        Db::Sqlite(sqlite) => format!(
            "sqlite:{}",
            sqlite.write.connect_options().get_filename().display()
        ),
        Db::Postgres(pool) => {
            let o = pool.connect_options();
            format!(
                "postgres://{}@{}:{}/{}",
                o.get_username(),
                o.get_host(),
                o.get_port(),
                o.get_database().unwrap_or("postgres")
            )
        }
    }
}

/// A folder of its own for one test's files (backups and the like).
pub fn folder() -> std::path::PathBuf {
    let dir = std::env::temp_dir()
        .join("membership-db-tests")
        .join(unique_name());
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub async fn postgres() -> Db {
    Db::connect(&postgres_url().await, PoolOptions::default())
        .await
        .expect("postgres test database")
}

/// Writes one async test body twice, `sqlite::name` and `postgres::name`, each on
/// a fresh database: `on_both_databases!(name_a, name_b);` where
/// `async fn name_a(db: Db)` is in scope.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $name() { super::$name($crate::testing::sqlite().await).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $name() { super::$name($crate::testing::postgres().await).await })*
        }
    };
}
