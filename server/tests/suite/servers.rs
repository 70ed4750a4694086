//! Several app servers on one Postgres (O6): two server processes, 64 tills split
//! between them. Nothing that must be shared lives in a server's memory: a card
//! pays only what it holds whichever server each till talks to; a payment sent to
//! both servers with one request id takes effect once; wrong PINs on both count
//! together and lock the card on both; a session signed out on one server is
//! gone on the other.

use crate::common::{Running, browser, launch, with_cookie};
use db::Db;
use serde_json::{Value, json};
use std::sync::Arc;

const TILLS: usize = 64;

fn pay(rid: &str, card: i64, amount: &str, pin: &str) -> Value {
    json!({ "request_id": rid, "card_id": card, "action": { "Spend": { "amount": amount, "pin": pin } }, "reason": "" })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_share_everything_through_postgres() {
    let url = db::testing::postgres_url().await;
    let db = Db::connect(&url, db::PoolOptions::default()).await.unwrap();
    let (one, two) = (launch(&url).await, launch(&url).await);
    let servers = [
        Arc::new(Running {
            base: one.base.clone(),
            db: db.clone(),
        }),
        Arc::new(Running {
            base: two.base.clone(),
            db: db.clone(),
        }),
    ];
    let boss = servers[0].boss().await;
    let cards = servers[0]
        .stored_value_cards(&boss, "S", 3, "583920")
        .await
        .1;
    let card = |n: usize| cards[n]["card_id"].as_i64().unwrap();

    // 64 tills, each signed in on its own server (half on each).
    let mut tills = Vec::new();
    for n in 0..TILLS {
        let till = browser();
        let server = &servers[n % 2];
        assert!(server.sign_in(&till, "boss", "happy-island-88").await.0);
        tills.push((server.clone(), till));
    }

    // Double spend: 64 payments of 15.00 at once from 100.00: six fit.
    let mut spends = Vec::new();
    for (n, (server, till)) in tills.iter().cloned().enumerate() {
        let body = pay(&format!("two-spend-{n:03}"), card(0), "15", "583920");
        spends.push(tokio::spawn(async move {
            server.call_json(&till, "act_on_card", body).await
        }));
    }
    let mut paid = 0;
    for spend in spends {
        let (ok, body) = spend.await.unwrap();
        if ok {
            paid += 1;
        } else {
            assert!(body.contains("Insufficient"), "{body}");
        }
    }
    assert_eq!(paid, 6, "exactly what the card holds, whichever server");
    let view = db::cards::view(&db, card(0)).await.unwrap().unwrap();
    assert_eq!(view.principal_fen + view.bonus_fen, 10_000 - 6 * 1_500);

    // Replay: each payment sent to both servers at once, with one request id.
    let mut sent = Vec::new();
    for n in 0..TILLS * 2 {
        for server in &servers {
            let (server, till) = (server.clone(), tills[n % TILLS].1.clone());
            let body = pay(&format!("two-replay-{n:03}"), card(1), "0.01", "583920");
            sent.push(tokio::spawn(async move {
                server.call_json(&till, "act_on_card", body).await
            }));
        }
    }
    let mut slips = std::collections::BTreeMap::<String, Vec<Value>>::new();
    for answer in sent {
        let (ok, body) = answer.await.unwrap();
        assert!(ok, "{body}");
        let slip: Value = serde_json::from_str(&body).unwrap();
        let tx = slip["transaction_id"].to_string();
        slips.entry(tx).or_default().push(slip);
    }
    assert_eq!(slips.len(), TILLS * 2, "one transaction per request id");
    assert!(
        slips
            .values()
            .all(|both| both.len() == 2 && both[0] == both[1])
    );
    let view = db::cards::view(&db, card(1)).await.unwrap().unwrap();
    assert_eq!(
        view.principal_fen + view.bonus_fen,
        10_000 - (TILLS as i64) * 2
    );

    // Wrong PINs on both servers at once: five counted between them, then locked.
    let mut guesses = Vec::new();
    for (n, (server, till)) in tills.iter().cloned().enumerate().take(40) {
        let body = pay(
            &format!("two-pin-{n:03}"),
            card(2),
            "10",
            &format!("{:06}", 100_000 + n * 7),
        );
        guesses.push(tokio::spawn(async move {
            server.call_json(&till, "act_on_card", body).await
        }));
    }
    let (wrong, locked) = crate::common::pin_answers(guesses).await;
    assert_eq!((wrong, locked), (4, 36));
    for (n, server) in servers.iter().enumerate() {
        let body = pay(&format!("two-pin-right-{n}"), card(2), "10", "583920");
        let (ok, body) = server.call_json(&boss, "act_on_card", body).await;
        assert!(
            !ok && body.contains("PinLocked"),
            "the right PIN while locked: {body}"
        );
    }

    // Signed out on one server: the same cookie, kept (as a thief keeps it), is
    // refused by the other, which had just used that session.
    let kept = with_cookie(&servers[0].session_cookie("boss", "happy-island-88").await);
    let (ok, body) = servers[1].call(&kept, "list_stores", &[]).await;
    assert!(ok, "one session, both servers: {body}");
    assert!(servers[0].call(&kept, "sign_out", &[]).await.0);
    let (ok, body) = servers[1].call(&kept, "list_stores", &[]).await;
    assert!(!ok && body.contains("NotSignedIn"), "{body}");

    let report = db::integrity::check(&db).await.unwrap();
    assert!(report.is_clean(), "{report}");
    drop((one, two));
    db.close().await;
}
