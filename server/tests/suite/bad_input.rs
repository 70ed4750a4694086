//! Bad input: generated text (any Unicode, control characters, very long strings,
//! number-like junk) in every argument a person types — amounts, card numbers,
//! phones, PINs, custom-field values, names, request ids, passwords. The server
//! never panics and never answers "internal error"; a refused call writes nothing.
//! On SQLite and Postgres.

use crate::common::{Running, browser, start};
use db::{Db, on_both_databases};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

on_both_databases!(typed_text_never_breaks_anything);

const CASES: usize = 60;

fn typed_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9.,¥+ -]{0,24}",
        "[A-Za-z0-9]{0,40}",
        "\\PC{0,3000}",
        "[\\x00-\\x1f'\";%_\\\\]{0,20}",
        Just("9".repeat(400)),
        Just("-0.01".into()),
        Just("1e9".into()),
        Just("NaN".into()),
        Just("１２３".into()),
    ]
}

/// What a refused call must not change.
async fn footprint(db: &Db) -> (i64, i64, i64) {
    let report = db::integrity::check(db).await.unwrap();
    assert!(report.is_clean(), "{report}");
    let members = db::members::search(db, "", 0, 1).await.unwrap().total;
    (report.transactions, report.cards_checked, members)
}

async fn try_call(server: &Running, client: &reqwest::Client, name: &str, body: Value) -> bool {
    let before = footprint(&server.db).await;
    let (ok, answer) = if let Value::Array(pairs) = &body {
        let form: Vec<(&str, &str)> = pairs
            .iter()
            .map(|p| (p[0].as_str().unwrap(), p[1].as_str().unwrap()))
            .collect();
        server.call(client, name, &form).await
    } else {
        server.call_json(client, name, body.clone()).await
    };
    assert!(!answer.contains("Internal"), "{name} {body}: {answer}");
    if !ok {
        assert!(
            serde_json::from_str::<Value>(&answer).is_ok(),
            "{name}: a refusal is a message key, not {answer:?}"
        );
        assert_eq!(
            footprint(&server.db).await,
            before,
            "{name} refused but wrote: {body}"
        );
    }
    ok
}

async fn typed_text_never_breaks_anything(db: Db) {
    let server = start(db.clone()).await;
    let boss = server.boss().await;
    server.any_browser_sells(&boss).await;
    let (plan_id, slips) = server.stored_value_cards(&boss, "F", 1, "").await;
    let (card, payment) = (
        slips[0]["card_id"].as_i64().unwrap(),
        slips[0]["transaction_id"].as_i64().unwrap(),
    );
    let mut field_ids = Vec::new();
    for kind in ["number", "date", "text"] {
        let (ok, id) = server
            .call_json(
                &boss,
                "add_member_field",
                json!({ "form": { "name": format!("f-{kind}"), "kind": kind, "choices": "" } }),
            )
            .await;
        assert!(ok, "{id}");
        field_ids.push(id.parse::<i64>().unwrap());
    }
    let issue = |rid: String, no: String| crate::common::anonymous_card(&rid, plan_id, &no, "");
    let mut runner = TestRunner::new(Config::default());
    let strategy = typed_text();
    for case in 0..CASES {
        let s = strategy.new_tree(&mut runner).unwrap().current();
        let rid = format!("fuzz-{case:05}");
        let act = |action: Value| json!({ "request_id": format!("{rid}-{}", action.to_string().len()), "card_id": card, "action": action, "reason": "" });
        try_call(
            &server,
            &boss,
            "act_on_card",
            act(json!({ "Spend": { "amount": s, "pin": "" } })),
        )
        .await;
        try_call(
            &server,
            &boss,
            "act_on_card",
            act(json!({ "Recharge": { "amount": s, "payment": "cash", "bonus": "" } })),
        )
        .await;
        try_call(
            &server,
            &boss,
            "act_on_card",
            act(json!({ "Recharge": { "amount": "1", "payment": s, "bonus": s } })),
        )
        .await;
        try_call(
            &server,
            &boss,
            "act_on_card",
            json!({ "request_id": s, "card_id": card, "action": "CheckIn", "reason": s }),
        )
        .await;
        try_call(
            &server,
            &boss,
            "issue_card",
            issue(format!("{rid}-issue"), s.clone()),
        )
        .await;
        let pin = json!([
            ["request_id", format!("{rid}-pin")],
            ["card_id", card.to_string()],
            ["current", s],
            ["new_pin", s],
            ["new_pin_again", s],
            ["reset", "true"]
        ]);
        try_call(&server, &boss, "set_card_pin", pin).await;
        try_call(&server, &boss, "find_card", json!([["number", s]])).await;
        try_call(
            &server,
            &boss,
            "search_members",
            json!([["query", s], ["page", "0"], ["page_size", "20"]]),
        )
        .await;
        let refund = json!([
            ["request_id", format!("{rid}-refund")],
            ["original_id", payment.to_string()],
            ["amount", s],
            ["visits", s],
            ["reason", s]
        ]);
        try_call(&server, &boss, "reverse_transaction", refund).await;
        let member = json!({ "id": 0, "form": { "member_no": "", "name": s, "phone": s, "gender": s, "birthday": s, "id_number": s,
            "email": s, "address": s, "home_store_id": 1, "referrer": s, "valid_until": s, "hobbies": s, "notes": s,
            "active": "on", "custom": field_ids.iter().map(|id| json!([id, s])).collect::<Vec<_>>() } });
        try_call(&server, &boss, "save_member", member).await;
        try_call(&server, &boss, "open_shift", json!([["float", s]])).await;
        try_call(&server, &boss, "close_shift", json!([["counted_cash", s]])).await;
        try_call(
            &server,
            &boss,
            "create_store",
            json!([
                ["code", s],
                ["name", s],
                ["address", s],
                ["phone", s],
                ["owner", s]
            ]),
        )
        .await;
        let stranger = browser();
        let (ok, answer) = server
            .call(&stranger, "sign_in", &[("username", &s), ("password", &s)])
            .await;
        assert!(!ok && !answer.contains("Internal"), "{answer}");
    }
    assert!(db::integrity::check(&db).await.unwrap().is_clean());
}
