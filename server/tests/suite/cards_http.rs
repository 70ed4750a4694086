//! Cards over HTTP on SQLite and Postgres: the server functions check the
//! permission of each operation, keep a branch to its own scope, refuse bad
//! input without writing, and answer a repeated request id with the first slip.

use crate::common::{browser, start};
use db::{Db, on_both_databases};
use serde_json::{Value, json};

on_both_databases!(card_operations_over_http);

async fn card_operations_over_http(db: Db) {
    let server = start(db.clone()).await;
    let boss = server.boss().await;
    let branch = server.branch(&boss).await;
    let form = [
        ("username", "lina"),
        ("name", "李娜"),
        ("role", "cashier"),
        ("home_store_id", &branch.to_string()),
        ("password", "till-4-ever"),
    ];
    assert!(server.call(&boss, "create_staff", &form).await.0);

    let plan = json!({ "id": 0, "form": { "name": "储值卡", "kind": "stored_value", "price": "100", "bonus": "", "visits": "",
        "validity": "none", "validity_days": "", "recharge_every": "", "recharge_bonus": "", "stores": "" } });
    let (ok, plan_id) = server.call_json(&boss, "save_plan", plan).await;
    assert!(ok, "{plan_id}");

    let lina = browser();
    assert!(server.sign_in(&lina, "lina", "till-4-ever").await.0);
    // A cashier may not change plans.
    let (ok, body) = server.call_json(&lina, "save_plan", json!({ "id": 0, "form": { "name": "x", "kind": "count", "price": "1", "bonus": "",
        "visits": "1", "validity": "none", "validity_days": "", "recharge_every": "", "recharge_bonus": "", "stores": "" } })).await;
    assert!(!ok && body.contains("Forbidden"), "{body}");

    let issue = json!({ "request_id": "http-issue-0001", "form": { "plan_id": plan_id.parse::<i64>().unwrap(), "member_id": 0,
        "card_no": "H0001", "uid": "", "pin": "", "pin_again": "", "payment": "cash", "fee": "" } });
    let (ok, slip) = server.call_json(&lina, "issue_card", issue).await;
    assert!(ok, "{slip}");
    let slip: Value = serde_json::from_str(&slip).unwrap();
    let card_id = slip["card_id"].as_i64().unwrap();

    let act = |rid: &str, action: Value| json!({ "request_id": rid, "card_id": card_id, "action": action, "reason": "" });
    // The same deduction sent twice: one effect, the same slip.
    let spend = act(
        "http-spend-0001",
        json!({ "Spend": { "amount": "12.50", "pin": "" } }),
    );
    let (ok, first) = server.call_json(&lina, "act_on_card", spend.clone()).await;
    assert!(ok, "{first}");
    let (ok, second) = server.call_json(&lina, "act_on_card", spend).await;
    assert!(ok);
    assert_eq!(first, second);
    let first: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(first["principal_after_fen"], 10_000 - 1_250);

    // Bad input: a clear refusal, nothing written.
    let (ok, body) = server
        .call_json(
            &lina,
            "act_on_card",
            act(
                "http-spend-0002",
                json!({ "Spend": { "amount": "1.234", "pin": "" } }),
            ),
        )
        .await;
    assert!(!ok && body.contains("TooManyDecimals"), "{body}");
    let (ok, body) = server
        .call_json(&lina, "act_on_card", act("bad id!", json!("CheckIn")))
        .await;
    assert!(!ok && body.contains("RequestId"), "{body}");
    assert_eq!(
        db::ledger::history(&db, card_id, None, 50)
            .await
            .unwrap()
            .len(),
        2
    );

    // The cashier reports the loss but may not return the card or refund.
    let (ok, body) = server
        .call_json(
            &lina,
            "act_on_card",
            act(
                "http-return-0001",
                json!({ "Return": { "payment": "cash", "fee": "" } }),
            ),
        )
        .await;
    assert!(!ok && body.contains("Forbidden"), "{body}");
    let spend_id = first["transaction_id"].as_i64().unwrap().to_string();
    let refund = [
        ("request_id", "http-refund-0001"),
        ("original_id", spend_id.as_str()),
        ("amount", "12.50"),
        ("visits", ""),
        ("reason", ""),
    ];
    let (ok, body) = server.call(&lina, "reverse_transaction", &refund).await;
    assert!(!ok && body.contains("Forbidden"), "{body}");
    assert!(
        server
            .security_events()
            .await
            .iter()
            .any(|e| e == "permission_refused")
    );
    let (ok, body) = server
        .call_json(
            &lina,
            "act_on_card",
            act("http-freeze-0001", json!("Freeze")),
        )
        .await;
    assert!(ok, "{body}");
    let (ok, body) = server
        .call_json(
            &lina,
            "act_on_card",
            act(
                "http-spend-0003",
                json!({ "Spend": { "amount": "1", "pin": "" } }),
            ),
        )
        .await;
    assert!(!ok && body.contains("CardFrozen"), "{body}");

    // The admin refunds; the cashier's branch cannot read head-office slips.
    let (ok, body) = server.call(&boss, "reverse_transaction", &refund).await;
    assert!(ok, "{body}");
    let refund_slip: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(refund_slip["principal_after_fen"], 10_000);
    let head_office_slip = slip["transaction_id"].as_i64().unwrap();
    let (ok, _) = server
        .call(&boss, "load_slip", &[("id", &head_office_slip.to_string())])
        .await;
    assert!(ok);
    let (ok, _) = server
        .call(
            &lina,
            "load_slip",
            &[("id", &first["transaction_id"].to_string())],
        )
        .await;
    assert!(ok, "her own branch's slip");
    // The card's history is seen at every store, so are its slips
    // (ARCHITECTURE.md, "Another store's history").
    let refund_id = refund_slip["transaction_id"].to_string();
    let (ok, body) = server.call(&lina, "load_slip", &[("id", &refund_id)]).await;
    assert!(ok && body.contains("总店"), "{body}");
    assert!(db::integrity::check(&db).await.unwrap().is_clean());
}
