//! What a clumsy (or dishonest) cashier can type, over HTTP: a card number that is
//! another card's chip UID, money with a comma, invisible or reversed names; and
//! the one rule for another store's history. On SQLite and Postgres.

use crate::common::{Running, anonymous_card, browser, start};
use db::{Db, on_both_databases};
use serde_json::{Value, json};

on_both_databases!(
    card_numbers_and_reader_uids_never_collide,
    money_with_a_comma_is_what_it_says_or_refused,
    names_must_show_and_cannot_reverse_a_receipt,
    another_stores_history_follows_one_rule,
);

fn card_with_uid(request_id: &str, plan: i64, card_no: &str, uid: &str) -> Value {
    let mut body = anonymous_card(request_id, plan, card_no, "");
    body["form"]["uid"] = json!(uid);
    body
}

async fn act(
    server: &Running,
    client: &reqwest::Client,
    rid: &str,
    card: i64,
    action: Value,
) -> (u16, String) {
    let body = json!({ "request_id": rid, "card_id": card, "action": action, "reason": "" });
    server.send_json(client, "act_on_card", body).await
}

async fn card_numbers_and_reader_uids_never_collide(db: Db) {
    let server = start(db.clone()).await;
    let boss = server.boss().await;
    let (plan, _) = server.stored_value_cards(&boss, "K", 0, "").await;
    // Card A answers to the chip 04A1B2C3.
    let (status, a) = server
        .send_json(
            &boss,
            "issue_card",
            card_with_uid("keys-issue-a", plan, "A0001", "04A1B2C3"),
        )
        .await;
    assert_eq!(status, 200, "{a}");
    let a: i64 = serde_json::from_str::<Value>(&a).unwrap()["card_id"]
        .as_i64()
        .unwrap();

    // A new card numbered like A's chip: a swipe of that chip would open it.
    let (status, body) = server
        .send_json(
            &boss,
            "issue_card",
            anonymous_card("keys-issue-b", plan, "04A1B2C3", ""),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("CardKeyTaken"), "{body}");
    // A new chip whose UID is A's number.
    let (status, body) = server
        .send_json(
            &boss,
            "issue_card",
            card_with_uid("keys-issue-c", plan, "C0001", "A0001"),
        )
        .await;
    assert!(
        status == 409 && body.contains("CardKeyTaken"),
        "{status} {body}"
    );
    // A card whose chip UID is its own number is one key, not a collision.
    let (status, body) = server
        .send_json(
            &boss,
            "issue_card",
            card_with_uid("keys-issue-d", plan, "77001122", "77001122"),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // Batch issue over A's chip number.
    let plan_text = plan.to_string();
    let batch = [
        ("request_id", "keys-batch-1"),
        ("plan_id", plan_text.as_str()),
        ("first_no", "04A1B2C2"),
        ("count", "3"),
        ("payment", "cash"),
    ];
    let (status, body) = server.send(&boss, "issue_batch", &batch).await;
    assert!(
        status == 409 && body.contains("CardKeyTaken"),
        "{status} {body}"
    );
    assert_eq!(
        server
            .send(&boss, "find_card", &[("number", "04A1B2C2")])
            .await
            .0,
        404,
        "all or nothing"
    );

    // Repair and exchange cannot make a collision either.
    let (status, e) = server
        .send_json(
            &boss,
            "issue_card",
            anonymous_card("keys-issue-e", plan, "E0001", ""),
        )
        .await;
    assert_eq!(status, 200, "{e}");
    let e: i64 = serde_json::from_str::<Value>(&e).unwrap()["card_id"]
        .as_i64()
        .unwrap();
    let (status, body) = act(
        &server,
        &boss,
        "keys-repair-e",
        e,
        json!({ "Repair": { "new_uid": "A0001" } }),
    )
    .await;
    assert!(
        status == 409 && body.contains("CardKeyTaken"),
        "{status} {body}"
    );
    let exchange = json!({ "Exchange": { "new_no": "04A1B2C3", "payment": "cash", "fee": "" } });
    let (status, body) = act(&server, &boss, "keys-exchange-e", e, exchange).await;
    assert!(
        status == 409 && body.contains("CardKeyTaken"),
        "{status} {body}"
    );

    // The chip still opens A, and a recharge by swipe goes to A.
    let (status, found) = server
        .send(&boss, "find_card", &[("number", "04a1b2c3")])
        .await;
    assert_eq!((status, found.as_str()), (200, a.to_string().as_str()));
    let (status, _) = act(
        &server,
        &boss,
        "keys-recharge-a",
        a,
        json!({ "Recharge": { "amount": "10", "payment": "cash", "bonus": "" } }),
    )
    .await;
    assert_eq!(status, 200);
    assert!(db::integrity::check(&db).await.unwrap().is_clean());
}

async fn money_with_a_comma_is_what_it_says_or_refused(db: Db) {
    let server = start(db.clone()).await;
    let boss = server.boss().await;
    let (_, slips) = server.stored_value_cards(&boss, "M", 1, "").await;
    let card = slips[0]["card_id"].as_i64().unwrap();
    for (n, typed) in ["1,5", "1,50", "12,34", "1.234,50"].into_iter().enumerate() {
        let recharge = json!({ "Recharge": { "amount": typed, "payment": "cash", "bonus": "" } });
        let (status, body) = act(
            &server,
            &boss,
            &format!("comma-recharge-{n}"),
            card,
            recharge,
        )
        .await;
        assert_eq!(status, 400, "{typed}: {body}");
        assert!(body.contains("MisplacedComma"), "{typed}: {body}");
    }
    let view = db::cards::view(&db, card).await.unwrap().unwrap();
    assert_eq!(view.principal_fen, 10_000, "nothing was charged or loaded");
    let recharge = json!({ "Recharge": { "amount": "1,234.50", "payment": "cash", "bonus": "" } });
    let (status, body) = act(&server, &boss, "comma-recharge-ok", card, recharge).await;
    assert_eq!(status, 200, "{body}");
    let view = db::cards::view(&db, card).await.unwrap().unwrap();
    assert_eq!(view.principal_fen, 10_000 + 123_450);
}

fn member(name: &str, phone: &str) -> Value {
    json!({ "id": 0, "form": { "member_no": "", "name": name, "phone": phone, "gender": "", "birthday": "",
        "id_number": "", "email": "", "address": "", "home_store_id": 1, "referrer": "", "valid_until": "",
        "hobbies": "", "notes": "", "active": "on", "custom": [] } })
}

async fn names_must_show_and_cannot_reverse_a_receipt(db: Db) {
    let server = start(db.clone()).await;
    let boss = server.boss().await;
    for (n, invisible) in [
        "\u{200B}",
        "\u{200B}\u{200D}\u{FEFF}",
        "\u{3164}",
        "\u{202E}",
    ]
    .into_iter()
    .enumerate()
    {
        let (status, body) = server
            .send_json(
                &boss,
                "save_member",
                member(invisible, &format!("1390000000{n}")),
            )
            .await;
        assert_eq!(status, 400, "{invisible:?}: {body}");
        assert!(body.contains("MemberName"), "{body}");
    }
    let page = db::members::search(&db, "", 0, 20).await.unwrap();
    assert!(page.members.is_empty(), "no member was written");
    let (status, id) = server
        .send_json(
            &boss,
            "save_member",
            member("陈\u{202E}美玲\u{200B}", "13900000009"),
        )
        .await;
    assert_eq!(status, 200, "{id}");
    let (_, details) = server.send(&boss, "member_details", &[("id", &id)]).await;
    let details: Value = serde_json::from_str(&details).unwrap();
    assert_eq!(details["member"]["name"], "陈美玲");
    // A store's name shows on every receipt: the same rule.
    let store = [
        ("code", "X1"),
        ("name", "\u{202E}店分"),
        ("address", "\u{200B}"),
        ("phone", ""),
        ("owner", ""),
    ];
    let (status, body) = server.send(&boss, "create_store", &store).await;
    assert_eq!(status, 200, "{body}");
    let stores = db::stores::list(&db, domain::access::Scope::AllStores)
        .await
        .unwrap();
    let added = stores.iter().find(|s| s.code == "X1").unwrap();
    assert_eq!((added.name.as_str(), added.address.as_str()), ("店分", ""));
}

async fn another_stores_history_follows_one_rule(db: Db) {
    let server = start(db.clone()).await;
    let boss = server.boss().await;
    let branch = server.branch(&boss).await;
    let (_, slips) = server.stored_value_cards(&boss, "H", 1, "").await;
    let card = slips[0]["card_id"].as_i64().unwrap();
    let (status, paid) = act(
        &server,
        &boss,
        "history-spend-1",
        card,
        json!({ "Spend": { "amount": "12", "pin": "" } }),
    )
    .await;
    assert_eq!(status, 200, "{paid}");
    let paid: Value = serde_json::from_str(&paid).unwrap();
    let paid_id = paid["transaction_id"].as_i64().unwrap().to_string();

    let branch_text = branch.to_string();
    let form = [
        ("username", "bella"),
        ("name", "bella"),
        ("role", "manager"),
        ("home_store_id", branch_text.as_str()),
        ("password", "counter-pass-26"),
    ];
    assert!(server.call(&boss, "create_staff", &form).await.0);
    let manager = browser();
    assert!(server.sign_in(&manager, "bella", "counter-pass-26").await.0);
    // The card's history, as the card page and the slip show it: the same at every store.
    let (status, page) = server
        .send(&manager, "load_card_page", &[("id", &card.to_string())])
        .await;
    assert_eq!(status, 200);
    let page: Value = serde_json::from_str(&page).unwrap();
    let listed: Vec<i64> = page["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["transaction_id"].as_i64().unwrap())
        .collect();
    assert!(listed.contains(&paid["transaction_id"].as_i64().unwrap()));
    let (status, slip) = server
        .send(&manager, "load_slip", &[("id", &paid_id)])
        .await;
    assert_eq!(status, 200, "{slip}");
    assert!(slip.contains("总店") && slip.contains("1200"), "{slip}");
    // Correcting it stays with the store that made it.
    let refund = [
        ("request_id", "history-refund-1"),
        ("original_id", paid_id.as_str()),
        ("amount", "12"),
        ("visits", ""),
        ("reason", ""),
    ];
    let (status, body) = server.send(&manager, "reverse_transaction", &refund).await;
    assert_eq!((status, body.as_str()), (404, "\"NotFound\""));
    let view = db::cards::view(&db, card).await.unwrap().unwrap();
    assert_eq!(view.principal_fen, 10_000 - 1_200);
}
