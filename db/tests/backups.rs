//! Backups and restores (O2) on SQLite and Postgres: a copy made while the shop
//! charges at full speed restores to a whole ledger; a restore never goes into a
//! database with data; one copy at a time and one daily copy a day; the oldest
//! copies beyond the plan's count are deleted.

mod common;

use common::*;
use db::backup::{Asked, BackupError, BackupPlace};
use db::restore::RestoreError;
use db::testing::{folder, url_of};
use db::{Db, PoolOptions, ledger, on_both_databases};
use domain::backup::BackupPlan;
use domain::day::Day;
use domain::money::Money;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

on_both_databases!(
    a_copy_made_while_charging_restores_to_a_whole_ledger,
    a_restore_goes_only_into_an_empty_database,
    one_copy_at_a_time_and_one_daily_copy_a_day,
    the_oldest_copies_beyond_the_plan_are_deleted,
);

fn place(db: &Db) -> BackupPlace {
    BackupPlace {
        dir: folder(),
        database_url: url_of(db),
    }
}

/// A fresh, empty database of the same kind: its URL.
async fn empty_like(db: &Db) -> String {
    match db {
        Db::Sqlite(_) => db::testing::sqlite_url(),
        Db::Postgres(_) => db::testing::postgres_url().await,
    }
}

async fn transactions(db: &Db) -> i64 {
    let sql = "SELECT COUNT(*) FROM ledger_transactions";
    db::on_pool!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await).unwrap()
}

async fn a_copy_made_while_charging_restores_to_a_whole_ledger(db: Db) {
    // As the server opens SQLite: one writer and read-only connections beside it
    // (the copy is read on one of those while the writer goes on).
    let db = match db {
        Db::Sqlite(_) => {
            let options = PoolOptions {
                max_connections: 1,
                read_connections: 2,
                ..PoolOptions::default()
            };
            Db::connect(&url_of(&db), options).await.unwrap()
        }
        postgres => postgres,
    };
    let boss = company(&db).await;
    let sv = plan(&db, stored_value_plan()).await;
    let mut cards = Vec::new();
    for n in 0..8 {
        let no = format!("B{n:04}");
        cards.push(card(&db, &boss, sv, None, &no, None).await.card_id);
    }
    let before = transactions(&db).await;
    let stop = Arc::new(AtomicBool::new(false));
    let charged = Arc::new(AtomicUsize::new(0));
    let tills: Vec<_> = cards
        .iter()
        .map(|&card| {
            let (db, boss, stop, charged) =
                (db.clone(), boss.clone(), stop.clone(), charged.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let rid = request_id();
                    ledger::spend(&db, &op(&boss, &rid), card, Money::from_fen(1), None)
                        .await
                        .expect("a one-fen payment");
                    charged.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    while charged.load(Ordering::Relaxed) < 50 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let place = place(&db);
    let made = db::backup::make_copy(&db, &place, Asked::CommandLine)
        .await
        .expect("a copy")
        .expect("made");
    // The tills go on after the copy: some payments are in the ledger, not in it.
    let copied_by = charged.load(Ordering::Relaxed);
    while charged.load(Ordering::Relaxed) < copied_by + cards.len() {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for till in tills {
        till.await.unwrap();
    }
    assert!(made.bytes > 0 && made.path.is_file());

    let target = empty_like(&db).await;
    let report = db::restore::restore(&target, &made.path)
        .await
        .expect("restored");
    assert!(report.is_clean(), "{report}");
    let restored = Db::connect(&target, PoolOptions::default()).await.unwrap();
    let copied = transactions(&restored).await;
    assert!(
        copied >= before + 50,
        "the copy holds the payments made before it"
    );
    assert!(
        copied < transactions(&db).await,
        "and not those made after it"
    );
    assert_integrity(&restored).await;
    // The copy's own row says it was running when the snapshot was taken: the
    // restored database opens with it marked as interrupted, not running forever.
    db::backup::mark_interrupted(&restored).await.unwrap();
    assert!(
        db::backup::recent(&restored, 10)
            .await
            .unwrap()
            .iter()
            .all(|r| r.state != "running")
    );
    restored.close().await;
}

async fn a_restore_goes_only_into_an_empty_database(db: Db) {
    let boss = company(&db).await;
    let sv = plan(&db, stored_value_plan()).await;
    card(&db, &boss, sv, None, "R0001", None).await;
    let made = db::backup::make_copy(&db, &place(&db), Asked::CommandLine)
        .await
        .unwrap()
        .unwrap();
    // Into this very database (which has a shop in it): refused, nothing changed.
    let count = transactions(&db).await;
    let refused = db::restore::restore(&url_of(&db), &made.path).await;
    assert!(
        matches!(refused, Err(RestoreError::NotEmpty(_))),
        "{refused:?}"
    );
    assert_eq!(transactions(&db).await, count);
    // A file that is no copy: refused before anything is touched.
    let junk = made.path.with_file_name("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    let target = empty_like(&db).await;
    let refused = db::restore::restore(&target, &junk).await;
    assert!(
        matches!(refused, Err(RestoreError::BadCopy(_))),
        "{refused:?}"
    );
    // Into an empty one: the same balances.
    let report = db::restore::restore(&target, &made.path).await.unwrap();
    assert!(report.is_clean());
    let restored = Db::connect(&target, PoolOptions::default()).await.unwrap();
    assert_eq!(transactions(&restored).await, count);
    restored.close().await;
}

async fn one_copy_at_a_time_and_one_daily_copy_a_day(db: Db) {
    company(&db).await;
    let place = place(&db);
    let first = db::backup::begin(&db, Asked::CommandLine)
        .await
        .unwrap()
        .unwrap();
    let busy = db::backup::begin(&db, Asked::Staff(1)).await;
    assert!(matches!(busy, Err(BackupError::Busy)), "{busy:?}");
    first.finish(&db, &place).await.unwrap();

    let today = Day::from_ymd(2026, 12, 7).unwrap();
    let daily = db::backup::make_copy(&db, &place, Asked::Daily(today))
        .await
        .unwrap();
    assert!(daily.is_some());
    assert_eq!(db::backup::last_daily(&db).await.unwrap(), Some(today));
    // A second server (or the next minute) finds today's copy claimed.
    let again = db::backup::make_copy(&db, &place, Asked::Daily(today))
        .await
        .unwrap();
    assert!(again.is_none());
    let rows = db::backup::recent(&db, 10).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|r| r.state == "done" && r.bytes.unwrap_or(0) > 0)
    );
    assert!(rows.iter().any(|r| r.daily));
}

async fn the_oldest_copies_beyond_the_plan_are_deleted(db: Db) {
    company(&db).await;
    let plan = BackupPlan {
        daily_hour: None,
        keep_copies: 2,
    };
    db::backup::save_plan(&db, plan).await.unwrap();
    assert_eq!(db::backup::plan(&db).await.unwrap(), plan);
    let place = place(&db);
    std::fs::write(place.dir.join("notes.txt"), b"the owner's own file").unwrap();
    let mut made = Vec::new();
    for _ in 0..3 {
        made.push(
            db::backup::make_copy(&db, &place, Asked::CommandLine)
                .await
                .unwrap()
                .unwrap(),
        );
        // Copies are named by the second they were made in.
        tokio::time::sleep(std::time::Duration::from_millis(1_010)).await;
    }
    assert!(!made[0].path.exists(), "the oldest copy is gone");
    assert!(made[1].path.exists() && made[2].path.exists());
    assert_eq!(made[2].pruned.len(), 1);
    assert!(
        place.dir.join("notes.txt").exists(),
        "nothing else is touched"
    );
}
