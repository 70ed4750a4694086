//! The ledger under load and under chaos, on SQLite and Postgres: concurrent
//! spends of one card, concurrent visit uses, and a seeded random mix of 500
//! operations, each followed by the integrity check; a long read (a report) and a
//! payment side by side.

mod common;

use common::*;
use db::ledger::{self, LedgerError};
use db::{Db, on_both_databases};
use domain::ledger::Refusal;
use domain::money::Money;
use domain::slip::{PaymentMethod, TxKind};

on_both_databases!(
    only_what_the_balance_covers_is_spent,
    only_the_visits_left_are_used,
    five_hundred_random_operations_keep_the_ledger_whole,
    a_long_read_and_a_payment_do_not_wait_for_each_other,
);

const TASKS: usize = 32;

async fn only_what_the_balance_covers_is_spent(db: Db) {
    let boss = company(&db).await;
    let sv = plan(&db, stored_value_plan()).await;
    // 100.00 principal + 10.00 bonus; 32 spends of 15.00: exactly 7 fit.
    let card = card(&db, &boss, sv, None, "L0001", None).await.card_id;
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (db, boss) = (db.clone(), boss.clone());
            tokio::spawn(async move {
                let rid = request_id();
                ledger::spend(&db, &op(&boss, &rid), card, Money::from_fen(1_500), None).await
            })
        })
        .collect();
    let (mut ok, mut short) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Ok(slip) => {
                ok += 1;
                assert!(slip.principal_after_fen >= 0 && slip.bonus_after_fen >= 0);
            }
            Err(LedgerError::Refused(Refusal::InsufficientBalance { .. })) => short += 1,
            Err(other) => panic!("unexpected: {other:?}"),
        }
    }
    assert_eq!((ok, short), (7, TASKS - 7));
    let view = db::cards::view(&db, card).await.unwrap().unwrap();
    assert_eq!(view.principal_fen + view.bonus_fen, 11_000 - 7 * 1_500);
    assert_integrity(&db).await;
}

async fn only_the_visits_left_are_used(db: Db) {
    let boss = company(&db).await;
    let count = plan(&db, count_plan()).await;
    let m = member(&db, &boss, "并发", "13200000000").await;
    let card = card(&db, &boss, count, Some(m), "L0002", None)
        .await
        .card_id;
    // 10 visits; 32 uses of 3 visits: exactly 3 fit.
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (db, boss) = (db.clone(), boss.clone());
            tokio::spawn(async move {
                let rid = request_id();
                ledger::use_visits(&db, &op(&boss, &rid), card, 3).await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(LedgerError::Refused(Refusal::VisitsExhausted { left })) => assert!(left < 3),
            Err(other) => panic!("unexpected: {other:?}"),
        }
    }
    assert_eq!(ok, 3);
    assert_eq!(
        db::cards::view(&db, card)
            .await
            .unwrap()
            .unwrap()
            .visits_left,
        1
    );
    assert_integrity(&db).await;
}

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

async fn five_hundred_random_operations_keep_the_ledger_whole(db: Db) {
    let boss = company(&db).await;
    let sv = plan(&db, stored_value_plan()).await;
    let count = plan(&db, count_plan()).await;
    let time = plan(&db, time_plan()).await;
    let m = member(&db, &boss, "随机", "13100000000").await;
    use domain::card::CardKind::{Count, StoredValue, Time};
    let mut cards = Vec::new();
    for i in 0..4 {
        cards.push((
            card(&db, &boss, sv, Some(m), &format!("RS{i:04}"), None)
                .await
                .card_id,
            StoredValue,
        ));
        cards.push((
            card(&db, &boss, count, Some(m), &format!("RC{i:04}"), None)
                .await
                .card_id,
            Count,
        ));
    }
    cards.push((
        card(&db, &boss, time, Some(m), "RT0001", None)
            .await
            .card_id,
        Time,
    ));
    let mut rng = Rng(0x5eed_2026_1125);
    let mut done: Vec<i64> = Vec::new();
    let (mut ok, mut refused) = (0, 0);
    let mut reasons = std::collections::BTreeMap::<String, u32>::new();
    for step in 0..500 {
        let which = rng.below(cards.len() as u64) as usize;
        let (card, kind) = cards[which];
        let rid = request_id();
        let o = op(&boss, &rid);
        let fen = Money::from_fen(100 + rng.below(20_000) as i64);
        let result = match (rng.below(10), kind) {
            (0..=2, StoredValue) => {
                ledger::recharge(&db, &o, card, fen, PaymentMethod::Cash, None).await
            }
            (3..=5, StoredValue) => ledger::spend(&db, &o, card, fen, None).await,
            (0..=5, Count) => ledger::use_visits(&db, &o, card, 1 + rng.below(3) as i64).await,
            (0..=5, _) => ledger::check_in(&db, &o, card).await,
            (6 | 7, _) if !done.is_empty() => {
                let original = done[rng.below(done.len() as u64) as usize];
                let part = Money::from_fen(1 + rng.below(15_000) as i64);
                ledger::reverse(&db, &o, original, Some(part), Some(1)).await
            }
            (8, _) => ledger::set_frozen(&db, &o, card, rng.below(4) == 0).await,
            _ => {
                let new_no = format!("RN{step:04}");
                ledger::replace(&db, &o, card, &new_no, None, PaymentMethod::Cash, None).await
            }
        };
        match result {
            Ok(slip) => {
                ok += 1;
                if slip.kind == TxKind::Replace
                    && let Some(no) = &slip.other_card_no
                {
                    cards[which] = (db::cards::find(&db, no).await.unwrap(), kind);
                }
                if matches!(
                    slip.kind,
                    TxKind::Spend | TxKind::VisitUse | TxKind::Recharge
                ) {
                    done.push(slip.transaction_id);
                }
                // Every so often a retry of the same request: the first answer, no second effect.
                if rng.below(10) == 0 {
                    let again = match slip.kind {
                        TxKind::CheckIn => ledger::check_in(&db, &o, card).await.unwrap(),
                        _ => ledger::slip(&db, slip.transaction_id).await.unwrap(),
                    };
                    assert_eq!(again, slip);
                }
            }
            Err(LedgerError::Refused(why)) => {
                refused += 1;
                let name = format!("{why:?}");
                *reasons
                    .entry(name.split([' ', '{']).next().unwrap_or("").to_owned())
                    .or_insert(0) += 1;
            }
            Err(other) => panic!("step {step}: {other:?}"),
        }
    }
    let report = db::integrity::check(&db).await.unwrap();
    println!("seeded run: {ok} done, {refused} refused {reasons:?}\n{report}");
    assert!(
        ok > 200 && refused > 50,
        "the mix exercises both paths: {ok} ok, {refused} refused"
    );
    assert!(report.is_clean(), "{report}");
}

/// A report reading for seconds does not hold up a payment, and a payment's
/// transaction left open does not hold up a lookup: on SQLite the server reads
/// on read-only connections beside its one writing connection (WAL).
async fn a_long_read_and_a_payment_do_not_wait_for_each_other(db: Db) {
    use std::time::Duration;
    let boss = company(&db).await;
    let sv = plan(&db, stored_value_plan()).await;
    let card = card(&db, &boss, sv, None, "L0003", None).await.card_id;
    let hold = Duration::from_secs(3);
    let reading = {
        let db = db.clone();
        tokio::spawn(async move {
            db::on_reader!(&db, pool => {
                let mut read = pool.begin().await.unwrap();
                sqlx::query("SELECT COUNT(*) FROM ledger_entries").execute(&mut *read).await.unwrap();
                tokio::time::sleep(hold).await;
                read.rollback().await.unwrap();
            })
        })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let rid = request_id();
    let paid = tokio::time::timeout(
        Duration::from_secs(2),
        ledger::spend(&db, &op(&boss, &rid), card, Money::from_fen(100), None),
    )
    .await;
    assert!(
        paid.is_ok_and(|slip| slip.is_ok()),
        "the payment waited for the read"
    );
    reading.await.unwrap();

    let writing = {
        let db = db.clone();
        tokio::spawn(async move {
            let mut tx = db.begin().await.unwrap();
            db::tx_rows_affected!(&mut tx, t => {
                sqlx::query("UPDATE cards SET version = version + 1 WHERE id = $1").bind(card).execute(&mut **t).await
            })
            .unwrap();
            tokio::time::sleep(hold).await;
            tx.commit().await.unwrap();
        })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let seen = tokio::time::timeout(Duration::from_secs(2), db::cards::view(&db, card)).await;
    let principal = seen
        .ok()
        .and_then(|view| view.ok().flatten())
        .map(|v| v.principal_fen);
    assert_eq!(
        principal,
        Some(10_000 - 100),
        "the lookup waited for the payment"
    );
    writing.await.unwrap();
    assert_integrity(&db).await;
}
