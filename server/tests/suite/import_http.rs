//! Members in from CSV over HTTP on SQLite and Postgres (M3): a dry run names
//! every bad row and writes nothing; all or nothing writes nothing while a row
//! is bad; row by row writes the rest, once (a second run writes nothing); the
//! opening balances are ledger transactions that pass the integrity check; a
//! GBK file reads as Chinese; only an admin may import.

use crate::common::{Running, browser, start, stored_value_plan};
use db::{Db, on_both_databases};
use serde_json::{Value, json};

on_both_databases!(
    a_thousand_rows_with_five_bad_import_once,
    a_gbk_file_reads_and_all_or_nothing_is_all
);

async fn post(s: &Running, client: &reqwest::Client, query: &str, body: Vec<u8>) -> (u16, Value) {
    let r = client
        .post(format!("{}/import/members?{query}", s.base))
        .header("content-type", "text/csv")
        .header("origin", s.base.clone())
        .body(body)
        .send()
        .await
        .expect("request");
    let status = r.status().as_u16();
    let text = r.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn count(db: &Db, sql: &str) -> i64 {
    db::on_pool!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await).unwrap()
}

/// Waits for a run to end; its outcome.
async fn finished(s: &Running, client: &reqwest::Client, run: &Value) -> Value {
    let run = run.as_u64().expect("a run").to_string();
    loop {
        let (ok, body) = s.call(client, "import_progress", &[("run", &run)]).await;
        assert!(ok, "{body}");
        let p: Value = serde_json::from_str(&body).unwrap();
        assert!(!p.is_null(), "the run is known");
        if p["finished"] == json!(true) {
            return p;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn plans(s: &Running, boss: &reqwest::Client) {
    let (ok, body) = s.call_json(boss, "save_plan", stored_value_plan()).await;
    assert!(ok, "{body}");
    let count = json!({ "id": 0, "form": { "name": "十次卡", "kind": "count", "price": "300", "bonus": "",
        "visits": "10", "validity": "year", "validity_days": "", "recharge_every": "", "recharge_bonus": "", "stores": "" } });
    let (ok, body) = s.call_json(boss, "save_plan", count).await;
    assert!(ok, "{body}");
}

fn thousand_rows() -> String {
    let mut csv = String::from("会员号,姓名,手机号,性别,积分,卡号,卡种,本金,赠送,次数\n");
    for n in 1..=1000 {
        let mut name = format!("会员{n}");
        let mut phone = format!("139{n:08}");
        let mut gender = "女";
        let (mut card, mut plan, mut principal, mut visits) = (String::new(), "", "", "");
        if n % 4 == 0 {
            (card, plan, principal) = (format!("S{n:05}"), "储值卡", "12.50");
        } else if n % 7 == 0 {
            (card, plan, visits) = (format!("C{n:05}"), "十次卡", "5");
        }
        match n {
            101 => name.clear(),
            202 => phone = "13900000001".into(),
            303 => (card, plan) = ("X00303".into(), "年卡"),
            404 => (card, plan, principal) = ("S00404".into(), "储值卡", "12.345"),
            505 => gender = "外星",
            _ => {}
        }
        let bonus = if plan == "储值卡" { "1" } else { "" };
        csv.push_str(&format!(
            "M{n:04},{name},{phone},{gender},{n},{card},{plan},{principal},{bonus},{visits}\n"
        ));
    }
    csv
}

async fn a_thousand_rows_with_five_bad_import_once(db: Db) {
    let s = start(db).await;
    let boss = s.boss().await;
    plans(&s, &boss).await;
    let file = thousand_rows().into_bytes();

    let (status, report) = post(&s, &boss, "run=check", file.clone()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (
            report["rows"].as_u64(),
            report["to_write"].as_u64(),
            report["bad_count"].as_u64()
        ),
        (Some(1000), Some(995), Some(5))
    );
    let bad: Vec<(u64, String)> = report["bad"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["line"].as_u64().unwrap(),
                b["problem"]["field"].to_string(),
            )
        })
        .collect();
    let expected = [
        (102, "MemberName"),
        (203, "Phone"),
        (304, "Plan"),
        (405, "Amount"),
        (506, "Gender"),
    ];
    assert_eq!(bad, expected.map(|(l, f)| (l, format!("\"{f}\""))));
    assert_eq!(
        count(&s.db, "SELECT COUNT(*) FROM members").await,
        0,
        "a dry run writes nothing"
    );

    // All or nothing, with bad rows: nothing.
    let (status, report) = post(&s, &boss, "run=write&whole=1", file.clone()).await;
    assert_eq!((status, &report["run"]), (200, &Value::Null));
    assert_eq!(count(&s.db, "SELECT COUNT(*) FROM members").await, 0);

    // Row by row: the 995 good rows, with their points and cards.
    let (status, report) = post(&s, &boss, "run=write&whole=0", file.clone()).await;
    assert_eq!(status, 200, "{report}");
    let done = finished(&s, &boss, &report["run"]).await;
    assert_eq!(
        (done["members"].as_u64(), done["failed"].as_bool()),
        (Some(995), Some(false)),
        "{done}"
    );
    assert_eq!(count(&s.db, "SELECT COUNT(*) FROM members").await, 995);
    let stored = (1..=1000).filter(|n| n % 4 == 0 && *n != 404).count() as i64;
    let counted = (1..=1000)
        .filter(|n| n % 4 != 0 && n % 7 == 0 && ![101, 202, 303, 505].contains(n))
        .count() as i64;
    assert_eq!(
        count(&s.db, "SELECT COUNT(*) FROM cards").await,
        stored + counted
    );
    assert_eq!(
        count(
            &s.db,
            "SELECT CAST(COALESCE(SUM(principal_fen + bonus_fen), 0) AS BIGINT) FROM cards"
        )
        .await,
        stored * 1_350
    );
    assert_eq!(
        count(
            &s.db,
            "SELECT CAST(COALESCE(SUM(visits_left), 0) AS BIGINT) FROM cards"
        )
        .await,
        counted * 5
    );
    assert_eq!(
        count(
            &s.db,
            "SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'opening'"
        )
        .await,
        stored + counted,
        "every opening balance is a ledger transaction"
    );
    assert_eq!(
        count(
            &s.db,
            "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM members"
        )
        .await,
        (1..=1000)
            .filter(|n| ![101, 202, 303, 404, 505].contains(n))
            .sum::<i64>()
    );
    let report = db::integrity::check(&s.db).await.unwrap();
    assert!(report.is_clean(), "{report}");

    // The same file again: nothing new.
    let (_, again) = post(&s, &boss, "run=check", file.clone()).await;
    assert_eq!(
        (again["to_write"].as_u64(), again["already_there"].as_u64()),
        (Some(0), Some(995))
    );
    let (_, again) = post(&s, &boss, "run=write&whole=0", file).await;
    assert_eq!(again["run"], Value::Null);
    assert_eq!(count(&s.db, "SELECT COUNT(*) FROM members").await, 995);
    assert_eq!(
        count(&s.db, "SELECT COUNT(*) FROM cards").await,
        stored + counted
    );
}

async fn a_gbk_file_reads_and_all_or_nothing_is_all(db: Db) {
    let s = start(db).await;
    let boss = s.boss().await;
    plans(&s, &boss).await;
    let text = "会员号,姓名,手机号,所属门店,卡号,卡种,本金\nG001,张三丰,13700000001,总店,S90001,储值卡,88.00\nG002,李小龙,,,,,\n";
    let (gbk, _, lossy) = encoding_rs::GBK.encode(text);
    assert!(!lossy);
    let (status, report) = post(&s, &boss, "run=check", gbk.to_vec()).await;
    assert_eq!(
        (
            status,
            report["to_write"].as_u64(),
            report["bad_count"].as_u64()
        ),
        (200, Some(2), Some(0)),
        "{report}"
    );
    let (_, report) = post(&s, &boss, "run=write&whole=1", gbk.to_vec()).await;
    let done = finished(&s, &boss, &report["run"]).await;
    assert_eq!(
        (done["members"].as_u64(), done["cards"].as_u64()),
        (Some(2), Some(1)),
        "{done}"
    );
    let name: String = db::on_pool!(&s.db, pool => sqlx::query_scalar("SELECT name FROM members WHERE member_no = 'G001'").fetch_one(pool).await).unwrap();
    assert_eq!(name, "张三丰");
    // Who brought them in is in the audit log.
    let who: String = db::on_pool!(&s.db, pool => sqlx::query_scalar("SELECT username FROM audit_log WHERE entity = 'members' ORDER BY id LIMIT 1").fetch_one(pool).await).unwrap();
    assert_eq!(who, "boss");

    // A file with a heading the shop does not keep, or without the numbers: said, nothing written.
    let (_, report) = post(
        &s,
        &boss,
        "run=check",
        "会员号,姓名,血型\nG003,王五,A\n".into(),
    )
    .await;
    assert_eq!(report["unknown_columns"], json!(["血型"]));
    let (_, report) = post(&s, &boss, "run=check", "Name,Phone\nWang,\n".into()).await;
    assert_eq!(report["missing_columns"], json!(["MemberNumber"]));
    // Refused: an unknown run, a cashier, nobody.
    assert_eq!(post(&s, &boss, "run=maybe", Vec::new()).await.0, 400);
    let form = [
        ("username", "teller"),
        ("name", "李娜"),
        ("role", "cashier"),
        ("home_store_id", "1"),
        ("password", "till-4-ever-88"),
    ];
    assert!(s.call(&boss, "create_staff", &form).await.0);
    let teller = browser();
    assert!(s.sign_in(&teller, "teller", "till-4-ever-88").await.0);
    assert_eq!(post(&s, &teller, "run=check", text.into()).await.0, 403);
    assert_eq!(post(&s, &browser(), "run=check", text.into()).await.0, 401);
    assert_eq!(count(&s.db, "SELECT COUNT(*) FROM members").await, 2);
}
