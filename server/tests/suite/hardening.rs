//! What an outside attacker and a clumsy cashier tried over HTTP (round two):
//! stolen sessions after a password change, guesses sent all at once, another
//! person's request id, sessions that expire while in use, and the HTTP status of
//! every kind of refusal. On SQLite and Postgres.

use crate::common::{Running, browser, start, start_with};
use db::{Db, on_both_databases};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

on_both_databases!(
    a_password_change_or_reset_ends_every_other_session,
    thirty_guesses_at_once_check_only_five,
    a_request_id_answers_only_the_person_who_sent_it,
    a_session_in_use_outlives_its_idle_limit_but_not_its_maximum,
    refusals_answer_with_their_own_status,
);

const PASSWORD: &str = "counter-pass-26";

/// A staff account of `role` at `store`, signed in on its own client.
async fn staff(
    server: &Running,
    boss: &reqwest::Client,
    name: &str,
    role: &str,
    store: i64,
) -> (i64, reqwest::Client) {
    let store = store.to_string();
    let form = [
        ("username", name),
        ("name", name),
        ("role", role),
        ("home_store_id", store.as_str()),
        ("password", PASSWORD),
    ];
    let (ok, id) = server.call(boss, "create_staff", &form).await;
    assert!(ok, "{id}");
    let client = browser();
    assert!(server.sign_in(&client, name, PASSWORD).await.0);
    (id.parse().unwrap(), client)
}

async fn a_password_change_or_reset_ends_every_other_session(db: Db) {
    let server = start(db).await;
    let boss = server.boss().await;
    // The same account signed in on a second machine (or a stolen cookie).
    let thief = browser();
    assert!(server.sign_in(&thief, "boss", "happy-island-88").await.0);
    assert_eq!(server.send(&thief, "list_staff", &[]).await.0, 200);

    let change = [
        ("current_password", "happy-island-88"),
        ("new_password", "brand-new-pass-5"),
    ];
    let (status, body) = server.send(&boss, "change_my_password", &change).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        server.send(&boss, "list_staff", &[]).await.0,
        200,
        "the session that changed it goes on"
    );
    let (status, body) = server.send(&thief, "list_staff", &[]).await;
    assert_eq!(
        (status, body.as_str()),
        (401, "\"NotSignedIn\""),
        "the other session is over"
    );

    // An admin's reset ends the account's sessions too.
    let (lina, lina_client) = staff(&server, &boss, "lina", "cashier", 1).await;
    assert_eq!(server.send(&lina_client, "my_till", &[]).await.0, 200);
    let reset = [
        ("id", lina.to_string()),
        ("new_password", "given-by-boss-7".to_string()),
    ];
    let reset: Vec<(&str, &str)> = reset.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        server.send(&boss, "reset_staff_password", &reset).await.0,
        200
    );
    assert_eq!(server.send(&lina_client, "my_till", &[]).await.0, 401);
    assert!(
        server
            .sign_in(&lina_client, "lina", "given-by-boss-7")
            .await
            .0
    );
    assert_eq!(server.send(&lina_client, "my_till", &[]).await.0, 200);
}

async fn thirty_guesses_at_once_check_only_five(db: Db) {
    let server = Arc::new(start(db).await);
    let boss = server.boss().await;
    let (_, unknown) = server
        .send(
            &browser(),
            "sign_in",
            &[("username", "nobody"), ("password", "x-y-z-1-2-3")],
        )
        .await;
    let mut guesses = Vec::new();
    for n in 0..30 {
        let server = server.clone();
        guesses.push(tokio::spawn(async move {
            let password = format!("guess-number-{n}");
            server
                .send(
                    &browser(),
                    "sign_in",
                    &[("username", "boss"), ("password", &password)],
                )
                .await
        }));
    }
    for guess in guesses {
        let (status, body) = guess.await.unwrap();
        assert_eq!(
            (status, &body),
            (401, &unknown),
            "every refusal reads like an unknown name"
        );
    }
    let events = server.security_events().await;
    let count = |kind: &str| events.iter().filter(|e| *e == kind).count();
    assert_eq!(
        count("sign_in_failed"),
        4 + 1,
        "four wrong guesses checked, plus the unknown name"
    );
    assert_eq!(count("account_locked"), 1, "the fifth checked guess locked");
    assert_eq!(
        count("sign_in_while_locked"),
        25,
        "the rest were never checked"
    );
    // The right password is refused while locked, with the same answer.
    let (status, body) = server
        .send(
            &browser(),
            "sign_in",
            &[("username", "boss"), ("password", "happy-island-88")],
        )
        .await;
    assert_eq!((status, body), (401, unknown));
    assert_eq!(
        server.send(&boss, "list_staff", &[]).await.0,
        200,
        "signed-in sessions go on"
    );
}

fn walk_in_sale(request_id: &str, item: i64) -> Value {
    json!({ "form": { "request_id": request_id, "member_id": null, "card_id": null,
        "lines": [[item, 1]], "payments": [["cash", "88"]], "cash_given": "", "pin": "" } })
}

async fn a_request_id_answers_only_the_person_who_sent_it(db: Db) {
    let server = start(db.clone()).await;
    let boss = server.boss().await;
    server.any_browser_sells(&boss).await;
    let branch = server.branch(&boss).await;
    let item = json!({ "id": 0, "form": { "code": "T1", "barcode": "", "short_code": "", "name": "门票", "unit": "",
        "price": "88", "cost": "", "category_id": 0, "store_ids": [], "inactive": false } });
    let (ok, item) = server.call_json(&boss, "save_item", item).await;
    assert!(ok, "{item}");
    let item: i64 = item.parse().unwrap();
    assert!(server.call(&boss, "open_shift", &[("float", "0")]).await.0);
    let (status, first) = server
        .send_json(&boss, "sell", walk_in_sale("head-office-sale-1", item))
        .await;
    assert_eq!(status, 200, "{first}");
    // The head office's own retry gets its receipt back.
    let (status, again) = server
        .send_json(&boss, "sell", walk_in_sale("head-office-sale-1", item))
        .await;
    assert_eq!((status, &again), (200, &first));

    let (_, cashier) = staff(&server, &boss, "amy", "cashier", branch).await;
    assert!(
        server
            .call(&cashier, "open_shift", &[("float", "0")])
            .await
            .0
    );
    let (status, body) = server
        .send_json(&cashier, "sell", walk_in_sale("head-office-sale-1", item))
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body.contains("RequestReused") && !body.contains("总店") && !body.contains("8800"),
        "{body}"
    );

    // Card operations: another person's request id shows nothing either.
    let (plan, slips) = server.stored_value_cards(&boss, "R", 1, "").await;
    let card = slips[0]["card_id"].as_i64().unwrap();
    let recharge = |rid: &str| json!({ "request_id": rid, "card_id": card, "action": { "Recharge": { "amount": "50", "payment": "cash", "bonus": "" } }, "reason": "" });
    let (status, _) = server
        .send_json(&boss, "act_on_card", recharge("boss-recharge-1"))
        .await;
    assert_eq!(status, 200);
    let (status, body) = server
        .send_json(&cashier, "act_on_card", recharge("boss-recharge-1"))
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body.contains("RequestReused") && !body.contains("王老板"),
        "{body}"
    );
    // Issue and batch issue too.
    let (status, body) = server
        .send_json(
            &cashier,
            "issue_card",
            crate::common::anonymous_card("R-issue-0000", plan, "R9999", ""),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    let plan = plan.to_string();
    let batch = [
        ("request_id", "boss-batch-01"),
        ("plan_id", plan.as_str()),
        ("first_no", "BB001"),
        ("count", "2"),
        ("payment", "cash"),
    ];
    assert_eq!(server.send(&boss, "issue_batch", &batch).await.0, 200);
    let (manager_id, manager) = staff(&server, &boss, "max", "manager", branch).await;
    assert!(manager_id > 0);
    let (status, body) = server.send(&manager, "issue_batch", &batch).await;
    assert_eq!(status, 409, "{body}");
    assert!(!body.contains("BB001"), "{body}");
    let view = db::cards::view(&db, card).await.unwrap().unwrap();
    assert_eq!(view.principal_fen, 15_000, "one recharge, made once");
}

async fn a_session_in_use_outlives_its_idle_limit_but_not_its_maximum(db: Db) {
    let server = start_with(db, |config| {
        config.sessions.idle_ms = 2_000;
        config.sessions.max_ms = 7_000;
    })
    .await;
    let boss = server.boss().await;
    // Used every 700 ms for 4.9 s: more than twice the idle limit, still signed in.
    for _ in 0..7 {
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert_eq!(server.send(&boss, "list_staff", &[]).await.0, 200);
    }
    // Unused for longer than the idle limit: over.
    tokio::time::sleep(Duration::from_millis(2_600)).await;
    assert_eq!(server.send(&boss, "list_staff", &[]).await.0, 401);

    // However busy, a session ends at its maximum age.
    assert!(server.sign_in(&boss, "boss", "happy-island-88").await.0);
    let signed_in = std::time::Instant::now();
    let mut ended = None;
    while signed_in.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(500)).await;
        if server.send(&boss, "list_staff", &[]).await.0 == 401 {
            ended = Some(signed_in.elapsed());
            break;
        }
    }
    let ended = ended.expect("the session outlived SESSION_MAX_HOURS");
    assert!(
        ended >= Duration::from_millis(6_500),
        "ended after {ended:?}"
    );
}

async fn refusals_answer_with_their_own_status(db: Db) {
    let server = start(db.clone()).await;
    let nobody = browser();
    assert_eq!(
        server.send(&nobody, "list_staff", &[]).await,
        (401, "\"NotSignedIn\"".into())
    );
    let boss = server.boss().await;
    let (_, floor) = staff(&server, &boss, "fei", "staff", 1).await;
    assert_eq!(
        server.send(&floor, "list_staff", &[]).await,
        (403, "\"Forbidden\"".into())
    );
    let (status, body) = server.send(&boss, "open_shift", &[("float", "abc")]).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("NotAnAmount"), "{body}");
    assert_eq!(
        server
            .send(&boss, "member_details", &[("id", "999999")])
            .await,
        (404, "\"NotFound\"".into())
    );
    // Arguments that cannot be read at all.
    assert_eq!(
        server
            .send(&boss, "member_details", &[("id", "not-a-number")])
            .await
            .0,
        400
    );

    let (_, slips) = server.stored_value_cards(&boss, "S", 1, "583920").await;
    let card = slips[0]["card_id"].as_i64().unwrap();
    let spend = |rid: &str, amount: &str, pin: &str| json!({ "request_id": rid, "card_id": card, "action": { "Spend": { "amount": amount, "pin": pin } }, "reason": "" });
    let (status, body) = server
        .send_json(
            &boss,
            "act_on_card",
            spend("status-spend-1", "500", "583920"),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("InsufficientBalance"), "{body}");
    let (status, body) = server
        .send_json(&boss, "act_on_card", spend("status-spend-2", "1", "000001"))
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("WrongPin"), "{body}");
    for n in 3..7 {
        server
            .send_json(
                &boss,
                "act_on_card",
                spend(&format!("status-spend-{n}"), "1", "000001"),
            )
            .await;
    }
    let (status, body) = server
        .send_json(&boss, "act_on_card", spend("status-spend-9", "1", "583920"))
        .await;
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("PinLocked"), "{body}");
    let (status, body) = server
        .send_json(&boss, "act_on_card", spend("S-issue-0000", "1", "583920"))
        .await;
    assert_eq!(
        status, 409,
        "a request id reused for another operation: {body}"
    );
    assert!(body.contains("RequestReused"), "{body}");
    assert_eq!(
        server
            .send(&boss, "find_card", &[("number", "NOSUCHCARD")])
            .await
            .0,
        404
    );

    // A real failure is the only 500: the database is gone.
    db.close().await;
    assert_eq!(server.send(&boss, "list_stores", &[]).await.0, 500);
}
