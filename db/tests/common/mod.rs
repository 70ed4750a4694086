//! Fresh databases for tests: every test gets its own SQLite file or Postgres database.
#![allow(dead_code)]

use db::{Db, PoolOptions};
use domain::company::SetupForm;

fn unique_name() -> String {
    let n: u64 = rand_u64();
    format!("t{}_{n:x}", std::process::id())
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}

pub async fn sqlite() -> Db {
    let dir = std::env::temp_dir().join("membership-db-tests");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{}.db", unique_name()));
    Db::connect(
        &format!("sqlite:{}", path.display()),
        PoolOptions::default(),
    )
    .await
    .expect("sqlite test database")
}

/// A new, empty database on the Postgres server named by TEST_DATABASE_URL.
/// Postgres is never skipped: without that variable the test fails and says why.
pub async fn postgres() -> Db {
    let admin_url = std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "TEST_DATABASE_URL is not set: the Postgres half of the suite needs a server. \
             Run `cargo xtask test`, which starts a throwaway cluster, or set \
             TEST_DATABASE_URL=postgres://user@host:port/postgres"
        )
    });
    let name = unique_name();
    let admin = Db::connect(
        &admin_url,
        PoolOptions {
            max_connections: 1,
            ..PoolOptions::default()
        },
    )
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
    Db::connect(&format!("{base}/{name}"), PoolOptions::default())
        .await
        .expect("postgres test database")
}

/// Writes one async test body twice: `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $name() { super::$name(super::common::sqlite().await).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $name() { super::$name(super::common::postgres().await).await })*
        }
    };
}

pub const ADMIN_PASSWORD: &str = "happy-island-88";

pub fn setup_form() -> SetupForm {
    SetupForm {
        company_name: "欢乐岛儿童乐园".into(),
        currency_symbol: "¥".into(),
        time_zone: "Asia/Shanghai".into(),
        head_office_name: "总店".into(),
        admin_username: "boss".into(),
        admin_name: "王老板".into(),
        admin_password: ADMIN_PASSWORD.into(),
    }
}

/// A set-up company; returns the admin as a caller.
pub async fn company(db: &Db) -> db::staff::Caller {
    let setup = setup_form().parse().expect("valid setup");
    let admin_id = db::company::set_up(db, &setup, "127.0.0.1")
        .await
        .expect("set up");
    db::staff::caller(db, admin_id)
        .await
        .unwrap()
        .expect("admin exists")
}
