//! Registered tills over HTTP on SQLite and Postgres (S5): a browser opens a
//! shift and sells only once it is a till of the cashier's store, paired with
//! the admin's one-time code; the shift and the sale record the till; a stolen
//! password on another PC, a made-up cookie, a used or foreign code are all
//! refused; a revoked till is refused at its next sale; all of it is audited.

use crate::common::{Running, browser, start};
use db::{Db, on_both_databases};
use serde_json::{Value, json};

on_both_databases!(only_a_paired_till_sells);

const PASSWORD: &str = "till-4-ever-88";

fn sale(request_id: &str, item: i64) -> Value {
    json!({ "form": { "request_id": request_id, "member_id": null, "card_id": null,
        "lines": [[item, 1]], "payments": [["cash", "88"]], "cash_given": "", "pin": "" } })
}

async fn one(db: &Db, sql: &str) -> Option<i64> {
    db::on_pool!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await).unwrap()
}

async fn code(s: &Running, boss: &reqwest::Client, name: &str, store: i64) -> String {
    let (ok, body) = s
        .call(
            boss,
            "add_till",
            &[("name", name), ("store_id", &store.to_string())],
        )
        .await;
    assert!(ok, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    v["code"].as_str().unwrap().to_owned()
}

async fn only_a_paired_till_sells(db: Db) {
    let s = start(db).await;
    let boss = s.boss().await;
    let branch = s.branch(&boss).await;
    let item = json!({ "id": 0, "form": { "code": "T1", "barcode": "", "short_code": "", "name": "门票", "unit": "",
        "price": "88", "cost": "", "category_id": 0, "store_ids": [], "inactive": false } });
    let (ok, item) = s.call_json(&boss, "save_item", item).await;
    assert!(ok, "{item}");
    let item: i64 = item.parse().unwrap();
    let form = [
        ("username", "lina"),
        ("name", "李娜"),
        ("role", "cashier"),
        ("home_store_id", &branch.to_string()),
        ("password", PASSWORD),
    ];
    assert!(s.call(&boss, "create_staff", &form).await.0);
    let till_pc = browser();
    assert!(s.sign_in(&till_pc, "lina", PASSWORD).await.0);

    // Not a till yet: no shift, and the page says why.
    let (status, body) = s.send(&till_pc, "open_shift", &[("float", "100")]).await;
    assert_eq!((status, body.as_str()), (403, "\"NotATill\""));
    let (ok, body) = s.call(&till_pc, "my_till", &[]).await;
    assert!(ok && body.contains(r#""needs_till":true"#), "{body}");

    // Codes that do not pair: made up, another store's, wrong shape.
    let head_office_code = code(&s, &boss, "总店前台", 1).await;
    let (status, body) = s
        .send(&till_pc, "pair_till", &[("code", &head_office_code)])
        .await;
    assert_eq!((status, body.as_str()), (400, "\"BadPairingCode\""));
    let (status, _) = s
        .send(&till_pc, "pair_till", &[("code", "ABCD-EFGH-JKMN")])
        .await;
    assert_eq!(status, 400);
    let (status, _) = s.send(&till_pc, "pair_till", &[("code", "0000")]).await;
    assert_eq!(status, 400);
    // The right one pairs, once.
    let branch_code = code(&s, &boss, "前台 1", branch).await;
    let (ok, body) = s
        .call(
            &till_pc,
            "pair_till",
            &[("code", &branch_code.to_lowercase())],
        )
        .await;
    assert!(ok && body.contains("前台 1"), "{body}");
    let other_pc = browser();
    assert!(s.sign_in(&other_pc, "lina", PASSWORD).await.0);
    let (status, _) = s
        .send(&other_pc, "pair_till", &[("code", &branch_code)])
        .await;
    assert_eq!(status, 400, "a code is used once");

    // The till opens the shift and sells; both record it.
    assert!(s.call(&till_pc, "open_shift", &[("float", "100")]).await.0);
    let (ok, body) = s
        .call_json(&till_pc, "sell", sale("till-sale-1", item))
        .await;
    assert!(ok, "{body}");
    let till = one(&s.db, "SELECT id FROM tills WHERE name = '前台 1'").await;
    assert_eq!(one(&s.db, "SELECT till_id FROM shifts").await, till);
    assert_eq!(one(&s.db, "SELECT till_id FROM sales").await, till);

    // Her password on another PC, or that PC with a made-up token: refused.
    let (status, body) = s
        .send_json(&other_pc, "sell", sale("till-sale-2", item))
        .await;
    assert_eq!((status, body.as_str()), (403, "\"NotATill\""));
    let session = s.session_cookie("lina", PASSWORD).await;
    let r = reqwest::Client::new()
        .post(format!("{}/api/sell", s.base))
        .header("content-type", "application/json")
        .header("origin", s.base.clone())
        .header("cookie", format!("{session}; mc_till={}", "ab".repeat(32)))
        .body(sale("till-sale-3", item).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(one(&s.db, "SELECT COUNT(*) FROM sales").await, Some(1));
    let events = s.security_events().await;
    assert!(
        events.iter().filter(|e| *e == "till_refused").count() >= 3,
        "{events:?}"
    );
    assert!(
        events.iter().filter(|e| *e == "pairing_refused").count() >= 3,
        "{events:?}"
    );

    // Revoked: refused at the very next sale.
    let till = till.unwrap().to_string();
    assert!(s.call(&boss, "revoke_till", &[("id", &till)]).await.0);
    let (status, _) = s
        .send_json(&till_pc, "sell", sale("till-sale-4", item))
        .await;
    assert_eq!(status, 403);
    // Who added, paired and revoked it is in the audit log.
    let rows: Vec<(String, Option<String>)> = db::on_pool!(&s.db, pool => {
        sqlx::query_as("SELECT username, after_json FROM audit_log WHERE entity = 'tills' AND entity_id = $1 ORDER BY id")
            .bind(till.parse::<i64>().unwrap())
            .fetch_all(pool)
            .await
    })
    .unwrap();
    let who: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(who, ["boss", "lina", "boss"], "{rows:?}");
    assert!(rows[2].1.as_deref().unwrap_or("").contains("revoked_at_ms"));
    // A branch's cashier cannot add or revoke tills.
    let (status, _) = s
        .send(
            &till_pc,
            "add_till",
            &[("name", "x"), ("store_id", &branch.to_string())],
        )
        .await;
    assert_eq!(status, 403);
}
