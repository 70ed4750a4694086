//! Replay: a load of 2,000 card payments where every request is sent three times,
//! the copies interleaved with other tills' requests, 16 at a time. Every payment
//! takes effect exactly once, all three answers are the same slip, and every
//! balance equals its entries. On SQLite and Postgres.

use crate::common::start;
use db::{Db, on_both_databases};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

on_both_databases!(every_payment_sent_three_times_takes_effect_once);

const PAYMENTS: usize = 2_000;
const CARDS: usize = 20;
const TILLS: usize = 16;

async fn every_payment_sent_three_times_takes_effect_once(db: Db) {
    let server = Arc::new(start(db.clone()).await);
    let boss = server.boss().await;
    let cards: Vec<i64> = server
        .stored_value_cards(&boss, "R", CARDS, "")
        .await
        .1
        .iter()
        .map(|s| s["card_id"].as_i64().unwrap())
        .collect();
    let before = db::integrity::check(&db).await.unwrap().transactions;

    // Payment k: 0.01 to 0.99 from card k % 20; sent three times in a shuffled order.
    let payment = |k: usize| {
        json!({ "request_id": format!("replay-{k:05}"), "card_id": cards[k % CARDS],
            "action": { "Spend": { "amount": format!("0.{:02}", k % 99 + 1), "pin": "" } }, "reason": "" })
    };
    let mut order: Vec<usize> = (0..PAYMENTS).flat_map(|k| [k, k, k]).collect();
    let mut state = 0x2026_1126_u64;
    for i in (1..order.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    let order = Arc::new(order);
    let next = Arc::new(AtomicUsize::new(0));
    let answers: Arc<Mutex<BTreeMap<usize, Vec<String>>>> = Arc::default();
    let bodies: Arc<Vec<Value>> = Arc::new((0..PAYMENTS).map(payment).collect());
    let mut tills = Vec::new();
    for _ in 0..TILLS {
        let (server, client, order, next, answers, bodies) = (
            server.clone(),
            boss.clone(),
            order.clone(),
            next.clone(),
            answers.clone(),
            bodies.clone(),
        );
        tills.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&k) = order.get(i) else { return };
                let (ok, slip) = server
                    .call_json(&client, "act_on_card", bodies[k].clone())
                    .await;
                assert!(ok, "payment {k}: {slip}");
                answers.lock().unwrap().entry(k).or_default().push(slip);
            }
        }));
    }
    for till in tills {
        till.await.unwrap();
    }
    let answers = answers.lock().unwrap().clone();
    assert_eq!(answers.len(), PAYMENTS);
    for (k, slips) in answers.iter() {
        assert_eq!(slips.len(), 3);
        assert!(
            slips.iter().all(|s| s == &slips[0]),
            "payment {k} answered differently: {slips:?}"
        );
    }
    let report = db::integrity::check(&db).await.unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(
        report.transactions,
        before + PAYMENTS as i64,
        "each payment once"
    );
    for (i, &card) in cards.iter().enumerate() {
        let paid: i64 = (0..PAYMENTS)
            .filter(|k| k % CARDS == i)
            .map(|k| (k % 99 + 1) as i64)
            .sum();
        let view = db::cards::view(&db, card).await.unwrap().unwrap();
        assert_eq!(view.principal_fen, 10_000 - paid, "card {i}");
    }
}
