//! PIN brute force over HTTP: forty different guesses at once. Only the shop's
//! number of tries is ever checked, then the card locks; the right PIN is refused
//! while locked; no money moves; every try, the lock and each try while locked
//! are in the security log. An admin's reset unlocks it. On SQLite and Postgres.

use crate::common::start;
use db::{Db, on_both_databases};
use serde_json::json;
use std::sync::Arc;

on_both_databases!(forty_guesses_at_once_meet_the_lock);

const RIGHT_PIN: &str = "583920";

async fn forty_guesses_at_once_meet_the_lock(db: Db) {
    let server = Arc::new(start(db.clone()).await);
    let boss = server.boss().await;
    let card = server.stored_value_cards(&boss, "P", 1, RIGHT_PIN).await.1[0]["card_id"]
        .as_i64()
        .unwrap();
    let pay = move |rid: String, pin: String| json!({ "request_id": rid, "card_id": card, "action": { "Spend": { "amount": "10", "pin": pin } }, "reason": "" });

    let mut guesses = Vec::new();
    for n in 0..40 {
        let (server, client) = (server.clone(), boss.clone());
        let body = pay(
            format!("pin-guess-{n:04}"),
            format!("{:06}", 100_000 + n * 7),
        );
        guesses.push(tokio::spawn(async move {
            server.call_json(&client, "act_on_card", body).await
        }));
    }
    let (wrong, locked) = crate::common::pin_answers(guesses).await;
    assert_eq!(
        (wrong, locked),
        (4, 36),
        "four tries left a chance, the fifth locked the card"
    );

    let (ok, body) = server
        .call_json(
            &boss,
            "act_on_card",
            pay("pin-right-0001".into(), RIGHT_PIN.into()),
        )
        .await;
    assert!(
        !ok && body.contains("PinLocked"),
        "the right PIN while locked: {body}"
    );
    let view = db::cards::view(&db, card).await.unwrap().unwrap();
    assert_eq!(view.principal_fen, 10_000, "no money moved");
    assert!(view.pin_locked);
    let events = server.security_events().await;
    let count = |e: &str| events.iter().filter(|x| *x == e).count();
    assert_eq!(
        (
            count("wrong_pin"),
            count("pin_locked"),
            count("pin_while_locked")
        ),
        (4, 1, 36)
    );

    // The admin resets the PIN: the lock is lifted and the new PIN pays.
    let reset = [
        ("request_id", "pin-reset-0001"),
        ("card_id", &card.to_string()),
        ("current", ""),
        ("new_pin", "135792"),
        ("new_pin_again", "135792"),
        ("reset", "true"),
    ];
    let (ok, body) = server.call(&boss, "set_card_pin", &reset).await;
    assert!(ok, "{body}");
    let (ok, body) = server
        .call_json(
            &boss,
            "act_on_card",
            pay("pin-after-reset".into(), "135792".into()),
        )
        .await;
    assert!(ok, "{body}");
    assert!(
        server
            .security_events()
            .await
            .iter()
            .any(|e| e.contains("pin_reset")),
        "the reset is logged"
    );
}
