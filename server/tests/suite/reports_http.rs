//! Reports over HTTP on SQLite and Postgres: the CSV download equals the
//! report's rows on every page, starts with a byte-order mark, keeps Chinese
//! text; a branch gets its own store only, whatever the address asks for.

use crate::common::{anonymous_card, browser, start, stored_value_plan};
use db::{Db, on_both_databases};
use serde_json::{Value, json};

on_both_databases!(
    csv_equals_the_report_and_a_branch_sees_only_itself,
    members_and_cards_export_within_the_scope,
);

async fn get(client: &reqwest::Client, url: String) -> (u16, Vec<u8>) {
    let r = client.get(url).send().await.expect("request");
    let status = r.status().as_u16();
    (status, r.bytes().await.expect("body").to_vec())
}

async fn csv_equals_the_report_and_a_branch_sees_only_itself(db: Db) {
    let s = start(db).await;
    let boss = s.boss().await;
    let branch = s.branch(&boss).await;
    let (ok, plan) = s.call_json(&boss, "save_plan", stored_value_plan()).await;
    assert!(ok, "{plan}");
    let plan: i64 = plan.parse().unwrap();
    let teller = s.staff_client(&boss, "teller", "cashier", branch).await;
    let manager = s.staff_client(&boss, "branchboss", "manager", branch).await;
    // 3 cards issued at the head office, recharged 40 times each at the branch:
    // 120 recharges, three pages of the detail.
    for n in 0..3 {
        let (ok, slip) = s
            .call_json(
                &boss,
                "issue_card",
                anonymous_card(&format!("r-issue-{n}"), plan, &format!("RC{n:04}"), ""),
            )
            .await;
        assert!(ok, "{slip}");
        let card = serde_json::from_str::<Value>(&slip).unwrap()["card_id"]
            .as_i64()
            .unwrap();
        for k in 0..40 {
            let body = json!({ "request_id": format!("rpt-recharge-{n}-{k:03}"), "card_id": card,
                "action": { "Recharge": { "amount": format!("{}", 10 + k), "payment": "cash", "bonus": "" } }, "reason": "充值" });
            let (ok, body) = s.call_json(&teller, "act_on_card", body).await;
            assert!(ok, "{body}");
        }
    }
    let base = &s.base;
    // The report, page by page, as the screen shows it.
    let mut screen: Vec<(i64, String)> = Vec::new();
    let mut page = 0;
    loop {
        let p = page.to_string();
        let (ok, body) = s
            .call(
                &boss,
                "report_recharges",
                &[("first", ""), ("last", ""), ("page", &p)],
            )
            .await;
        assert!(ok, "{body}");
        let r: Value = serde_json::from_str(&body).unwrap();
        for l in r["lines"].as_array().unwrap() {
            screen.push((l["id"].as_i64().unwrap(), l["money_in"].to_string()));
        }
        page += 1;
        if page >= r["pages"].as_u64().unwrap() {
            assert_eq!(r["count"], 120);
            break;
        }
    }
    assert_eq!(screen.len(), 120);
    let (status, csv) = get(
        &boss,
        format!("{base}/reports/export/recharges.csv?first=&last=&lang=zh-CN"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(&csv[..3], &[0xEF, 0xBB, 0xBF], "byte-order mark");
    let text = String::from_utf8(csv[3..].to_vec()).expect("UTF-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headings = reader.headers().unwrap().clone();
    assert_eq!(&headings[0], "凭条");
    assert!(headings.iter().any(|h| h == "实收"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), screen.len());
    for (row, (id, money_in)) in rows.iter().zip(&screen) {
        assert_eq!(
            row[0].parse::<i64>().unwrap(),
            *id,
            "same order as the screen"
        );
        assert_eq!(&row[3], "分店", "Chinese text intact");
        let fen: i64 = money_in.parse().unwrap();
        assert_eq!(row[8], domain::money::Money::from_fen(fen).plain());
    }
    // The branch manager: own store without asking, the head office refused,
    // on the screen and in the download alike; a cashier sees no report.
    let head_office = serde_json::from_str::<Value>(
        &s.call(&boss, "report_liability", &[]).await.1,
    )
    .unwrap()["frame"]["stores"][0][0]
        .as_i64()
        .unwrap();
    let (ok, body) = s.call(&manager, "report_recharges", &[]).await;
    assert!(ok, "{body}");
    let mine: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(mine["frame"]["store_id"], branch);
    assert_eq!(mine["count"], 120, "the recharges were made at the branch");
    let ho = head_office.to_string();
    let (status, _) = s
        .send(&manager, "report_liability", &[("store", &ho)])
        .await;
    assert_eq!(status, 403);
    let (ok, body) = s.call(&manager, "report_liability", &[]).await;
    assert!(ok, "{body}");
    let owed: Value = serde_json::from_str(&body).unwrap();
    assert!(
        owed["lines"].as_array().unwrap().is_empty(),
        "the branch issued no card: {owed}"
    );
    let (status, _) = get(
        &manager,
        format!("{base}/reports/export/liability.csv?store={ho}"),
    )
    .await;
    assert_eq!(status, 403);
    let (status, csv) = get(
        &manager,
        format!("{base}/reports/export/recharges.csv?lang=en"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(String::from_utf8_lossy(&csv).lines().count(), 121);
    let (status, _) = get(&teller, format!("{base}/reports/export/recharges.csv")).await;
    assert_eq!(status, 403);
    let (status, _) = get(&browser(), format!("{base}/reports/export/recharges.csv")).await;
    assert_eq!(status, 401);
    let (status, _) = get(&boss, format!("{base}/reports/export/nothing.csv")).await;
    assert_eq!(status, 404);
    let (status, _) = get(
        &boss,
        format!("{base}/reports/export/sales.csv?first=2026-13-01&last=x"),
    )
    .await;
    assert_eq!(status, 400);
    // Clearing: the branch took the money for head-office cards and owes it.
    let (ok, body) = s.call(&boss, "report_clearing", &[]).await;
    assert!(ok, "{body}");
    let c: Value = serde_json::from_str(&body).unwrap();
    let owes = &c["settlements"][0];
    assert_eq!(
        (owes["payer"].as_str(), owes["payee"].as_str()),
        (Some("分店"), Some("总店"))
    );
    let total: i64 = (0..40).map(|k| 10 + k).sum::<i64>() * 3 * 100;
    assert_eq!(owes["amount"], total);
    assert!(db::integrity::check(&s.db).await.unwrap().is_clean());
}

fn member(name: &str, phone: &str, store: i64, field: i64) -> Value {
    json!({ "id": 0, "form": { "member_no": "", "name": name, "phone": phone, "gender": "female",
        "birthday": "2019-06-01", "id_number": "", "email": "", "address": "幸福路 1 号, 2 楼", "home_store_id": store,
        "referrer": "", "valid_until": "", "hobbies": "", "notes": "说 \"你好\"", "active": "on",
        "custom": [[field, "小一班"]] } })
}

/// The CSV's rows after the byte-order mark, headings first.
fn rows(csv: &[u8]) -> Vec<csv::StringRecord> {
    assert_eq!(&csv[..3], &[0xEF, 0xBB, 0xBF], "byte-order mark");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&csv[3..])
        .records()
        .map(|r| r.unwrap())
        .collect()
}

async fn members_and_cards_export_within_the_scope(db: Db) {
    let s = start(db).await;
    let base = s.base.clone();
    let boss = s.boss().await;
    let branch = s.branch(&boss).await;
    let field = json!({ "form": { "name": "班级", "kind": "text", "choices": "" } });
    let (ok, field) = s.call_json(&boss, "add_member_field", field).await;
    assert!(ok, "{field}");
    let field: i64 = field.parse().unwrap();
    for (n, store) in [(0, 1), (1, branch), (2, branch)] {
        let body = member(&format!("会员{n}"), &format!("1391234567{n}"), store, field);
        let (ok, body) = s.call_json(&boss, "save_member", body).await;
        assert!(ok, "{body}");
    }
    s.stored_value_cards(&boss, "EX", 2, "").await;
    let manager = s.staff_client(&boss, "exportboss", "manager", branch).await;
    let teller = s
        .staff_client(&boss, "exportteller", "cashier", branch)
        .await;

    let (status, csv) = get(
        &boss,
        format!("{base}/reports/export/members.csv?lang=zh-CN"),
    )
    .await;
    assert_eq!(status, 200);
    let all = rows(&csv);
    assert_eq!(&all[0][0], "会员号");
    assert_eq!(
        all[0].iter().next_back(),
        Some("班级"),
        "the shop's own field last"
    );
    assert_eq!(all.len(), 4, "headings and three members");
    let first = &all[1];
    assert_eq!(&first[1], "会员0");
    assert_eq!(&first[3], "女");
    assert_eq!(&first[4], "2019-06-01");
    assert_eq!(
        &first[7], "幸福路 1 号, 2 楼",
        "a comma stays inside its field"
    );
    assert_eq!(&first[12], "说 \"你好\"", "quotes survive");
    assert_eq!(first.iter().next_back(), Some("小一班"));

    // The branch manager: the branch's two members, the head office's cards none.
    let (status, csv) = get(
        &manager,
        format!("{base}/reports/export/members.csv?lang=en"),
    )
    .await;
    assert_eq!(status, 200);
    let mine = rows(&csv);
    assert_eq!(&mine[0][0], "Member number");
    let names: Vec<&str> = mine[1..].iter().map(|r| &r[1]).collect();
    assert_eq!(names, ["会员1", "会员2"]);
    let (_, csv) = get(&manager, format!("{base}/reports/export/cards.csv")).await;
    assert_eq!(
        rows(&csv).len(),
        1,
        "only the headings: the cards were issued at the head office"
    );
    let (_, csv) = get(&boss, format!("{base}/reports/export/cards.csv")).await;
    let cards = rows(&csv);
    assert_eq!(cards.len(), 3);
    assert_eq!((&cards[1][0], &cards[1][6]), ("EX0000", "100.00"));
    let (status, _) = get(&teller, format!("{base}/reports/export/members.csv")).await;
    assert_eq!(status, 403, "a cashier exports no member list");
    let (status, _) = get(&browser(), format!("{base}/reports/export/cards.csv")).await;
    assert_eq!(status, 401);
}
