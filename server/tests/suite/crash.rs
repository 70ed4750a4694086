//! Crash: the server process is killed (SIGKILL) in the middle of a load of card
//! payments and started again on the same database. Every payment a till saw
//! acknowledged is in the ledger (asking again with its request id gives the same
//! slip and charges nothing), nothing is half-written, and the tills' retries of
//! the unanswered ones charge each at most once. On SQLite and Postgres.

use crate::common::{browser, launch};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn post_json(
    client: &reqwest::Client,
    base: &str,
    name: &str,
    body: &Value,
) -> Result<(bool, String), reqwest::Error> {
    let response = client
        .post(format!("{base}/api/{name}"))
        .json(body)
        .send()
        .await?;
    let ok = response.status().is_success();
    Ok((ok, response.text().await?))
}

async fn post_form(
    client: &reqwest::Client,
    base: &str,
    name: &str,
    form: &[(&str, &str)],
) -> (bool, String) {
    let response = client
        .post(format!("{base}/api/{name}"))
        .form(form)
        .send()
        .await
        .expect("request");
    let ok = response.status().is_success();
    (ok, response.text().await.expect("body"))
}

const TILLS: usize = 8;

fn spend(rid: &str, card: i64) -> Value {
    json!({ "request_id": rid, "card_id": card, "action": { "Spend": { "amount": "0.01", "pin": "" } }, "reason": "" })
}

async fn killed_mid_load(url: String) {
    let server = launch(&url).await;
    let boss = browser();
    let setup = [
        ("company_name", "欢乐岛"),
        ("currency_symbol", "¥"),
        ("time_zone", "Asia/Shanghai"),
        ("head_office_name", "总店"),
        ("admin_username", "boss"),
        ("admin_name", "王老板"),
        ("admin_password", "happy-island-88"),
        ("admin_password_again", "happy-island-88"),
    ];
    assert!(post_form(&boss, &server.base, "set_up", &setup).await.0);
    assert!(
        post_form(
            &boss,
            &server.base,
            "sign_in",
            &[("username", "boss"), ("password", "happy-island-88")]
        )
        .await
        .0
    );
    let plan = crate::common::stored_value_plan();
    let (ok, plan_id) = post_json(&boss, &server.base, "save_plan", &plan)
        .await
        .unwrap();
    assert!(ok, "{plan_id}");
    let mut cards = Vec::new();
    for n in 0..TILLS {
        let issue = crate::common::anonymous_card(
            &format!("crash-issue-{n:04}"),
            plan_id.parse().unwrap(),
            &format!("K{n:04}"),
            "",
        );
        let (ok, slip) = post_json(&boss, &server.base, "issue_card", &issue)
            .await
            .unwrap();
        assert!(ok, "{slip}");
        cards.push(
            serde_json::from_str::<Value>(&slip).unwrap()["card_id"]
                .as_i64()
                .unwrap(),
        );
    }

    // Eight tills pay one after another until the server dies under them.
    let acknowledged: Arc<Mutex<BTreeMap<String, String>>> = Arc::default();
    let unanswered: Arc<Mutex<Vec<(String, i64)>>> = Arc::default();
    let mut tills = Vec::new();
    for (till, &card) in cards.iter().enumerate() {
        let (client, base) = (boss.clone(), server.base.clone());
        let (acknowledged, unanswered) = (acknowledged.clone(), unanswered.clone());
        tills.push(tokio::spawn(async move {
            for n in 0.. {
                let rid = format!("crash-{till}-{n:06}");
                match post_json(&client, &base, "act_on_card", &spend(&rid, card)).await {
                    Ok((true, slip)) => {
                        acknowledged.lock().unwrap().insert(rid, slip);
                    }
                    Ok((false, body)) => panic!("refused before the crash: {body}"),
                    Err(_) => {
                        unanswered.lock().unwrap().push((rid, card));
                        return;
                    }
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    drop(server); // SIGKILL, then reap
    for till in tills {
        till.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let unanswered = unanswered.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 20,
        "the load ran: {} payments",
        acknowledged.len()
    );
    eprintln!(
        "killed after {} acknowledged payments, {} in flight",
        acknowledged.len(),
        unanswered.len()
    );

    // Nothing half-written: every balance equals its entries right after the crash.
    let db = db::Db::connect(&url, db::PoolOptions::default())
        .await
        .unwrap();
    let report = db::integrity::check(&db).await.unwrap();
    assert!(report.is_clean(), "{report}");
    let before_retries = report.transactions;
    assert!(
        before_retries >= (TILLS + acknowledged.len()) as i64,
        "{report}"
    );
    db.close().await;

    // Restarted: every acknowledged payment answers with its slip and charges nothing.
    let server = launch(&url).await;
    assert!(
        post_form(
            &boss,
            &server.base,
            "sign_in",
            &[("username", "boss"), ("password", "happy-island-88")]
        )
        .await
        .0
    );
    for (rid, slip) in &acknowledged {
        let till: usize = rid.split('-').nth(1).unwrap().parse().unwrap();
        let (ok, again) = post_json(&boss, &server.base, "act_on_card", &spend(rid, cards[till]))
            .await
            .unwrap();
        assert!(
            ok && &again == slip,
            "{rid} was acknowledged but is not in the ledger: {again}"
        );
    }
    let db = db::Db::connect(&url, db::PoolOptions::default())
        .await
        .unwrap();
    assert_eq!(
        db::integrity::check(&db).await.unwrap().transactions,
        before_retries
    );
    // The tills retry what they never heard back about: at most once each.
    for (rid, card) in &unanswered {
        let (ok, body) = post_json(&boss, &server.base, "act_on_card", &spend(rid, *card))
            .await
            .unwrap();
        assert!(ok, "{body}");
    }
    let report = db::integrity::check(&db).await.unwrap();
    assert!(report.is_clean(), "{report}");
    let payments = (acknowledged.len() + unanswered.len()) as i64;
    assert_eq!(
        report.transactions,
        TILLS as i64 + payments,
        "one transaction per request id"
    );
    let mut left = 0;
    for &card in &cards {
        left += db::cards::view(&db, card)
            .await
            .unwrap()
            .unwrap()
            .principal_fen;
    }
    assert_eq!(
        left,
        TILLS as i64 * 10_000 - payments,
        "each payment took 0.01 once"
    );
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_server_killed_mid_load() {
    killed_mid_load(db::testing::sqlite_url()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_server_killed_mid_load() {
    killed_mid_load(db::testing::postgres_url().await).await;
}
