//! The audit log over HTTP on SQLite and Postgres (O1): a change made through a
//! server function is recorded against the signed-in person and their store;
//! admin and finance search it and download it; a cashier cannot; a branch
//! finance person sees their own store's changes only.

use crate::common::{Running, start};
use crate::matrix::world::member_form;
use db::{Db, on_both_databases};
use serde_json::{Value, json};

on_both_databases!(changes_are_recorded_against_who_made_them);

async fn search(s: &Running, client: &reqwest::Client, q: Value) -> (bool, Value) {
    let (ok, body) = s.call_json(client, "audit_log", json!({ "q": q })).await;
    (
        ok,
        serde_json::from_str(&body).unwrap_or(Value::String(body)),
    )
}

async fn changes_are_recorded_against_who_made_them(db: Db) {
    let s = start(db).await;
    let boss = s.boss().await;
    let branch = s.branch(&boss).await;
    let teller = s.staff_client(&boss, "teller", "cashier", branch).await;
    let auditor = s.staff_client(&boss, "auditor", "finance", branch).await;

    // The cashier adds a member at the branch, then changes the phone.
    let (ok, id) = s
        .call_json(
            &teller,
            "save_member",
            json!({ "id": 0, "form": member_form(1, branch) }),
        )
        .await;
    assert!(ok, "{id}");
    let mut form = member_form(1, branch);
    form["phone"] = json!("13911112222");
    let (ok, body) = s
        .call_json(
            &teller,
            "save_member",
            json!({ "id": id.parse::<i64>().unwrap(), "form": form }),
        )
        .await;
    assert!(ok, "{body}");

    // The boss finds it by the member's number: who, where, before and after.
    let (ok, found) = search(
        &s,
        &boss,
        json!({ "what": "members", "which": "13911112222" }),
    )
    .await;
    assert!(ok, "{found}");
    let lines = found["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{found}");
    let newest = &lines[0];
    assert_eq!(
        (newest["who"].as_str(), newest["action"].as_str()),
        (Some("teller"), Some("update"))
    );
    assert_eq!(newest["store"], json!("分店"));
    assert_eq!(
        newest["changes"],
        json!([{ "field": "phone", "before": { "Text": "13500000001" }, "after": { "Text": "13911112222" } }])
    );
    assert_eq!(lines[1]["action"], json!("create"));

    // By person; an unknown number finds nothing (and says so).
    let (_, by_teller) = search(&s, &boss, json!({ "person": "TELLER" })).await;
    assert!(
        by_teller["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["who"] == json!("teller"))
    );
    let (_, unknown) = search(&s, &boss, json!({ "what": "members", "which": "99999999" })).await;
    assert_eq!(unknown["unknown_which"], json!(true));
    // Refused: a made-up kind of thing, an over-long name; a cashier.
    assert!(!search(&s, &boss, json!({ "what": "passwords" })).await.0);
    assert!(
        !search(&s, &boss, json!({ "person": "x".repeat(41) }))
            .await
            .0
    );
    assert!(!search(&s, &teller, json!({})).await.0);

    // Branch finance sees the branch's changes, never the head office's.
    let (ok, mine) = search(&s, &auditor, json!({})).await;
    assert!(ok, "{mine}");
    let mine = mine["lines"].as_array().unwrap();
    assert!(
        !mine.is_empty() && mine.iter().all(|l| l["store"] == json!("分店")),
        "{mine:?}"
    );
    assert!(!search(&s, &auditor, json!({ "store": 1 })).await.0);

    // The download holds the same rows, headed in the asked language.
    let url = format!(
        "{}/reports/export/audit.csv?what=members&which=13911112222&lang=en",
        s.base
    );
    let r = boss.get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let text = r.text().await.unwrap();
    let rows: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert!(rows[0].starts_with("When,Who,Store,What"), "{}", rows[0]);
    assert!(
        rows[1].contains("teller") && rows[1].contains("Phone: 13500000001 → 13911112222"),
        "{}",
        rows[1]
    );
    let r = teller.get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = boss
        .get(format!(
            "{}/reports/export/security.csv?person=teller",
            s.base
        ))
        .send()
        .await
        .unwrap();
    let text = r.text().await.unwrap();
    assert!(
        text.contains("signed_in") || text.contains("登录"),
        "{text}"
    );
}
