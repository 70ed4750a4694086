//! Browsers give up on pages all the time (a reload, a closed tab, a flaky shop
//! Wi-Fi). Every page, as a signed-in admin with data on it, is requested many
//! times and dropped at every stage of its render: before the first byte, after
//! the first chunk, half-way. The server must never panic (a panic anywhere in the
//! process fails the test) and must still serve every page whole afterwards.
//! On SQLite and Postgres. (The release server gets the same treatment from
//! `cargo xtask test` after each browser suite, where its log is checked.)

use crate::common::{Running, start};
use db::Db;
use serde_json::json;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

// The server runs on one thread (`server/src/main.rs` says why): so does this one.
mod sqlite {
    #[tokio::test(flavor = "current_thread")]
    async fn pages_dropped_mid_render_never_panic() {
        super::pages_dropped_mid_render_never_panic(db::testing::sqlite().await).await
    }
}

mod postgres {
    #[tokio::test(flavor = "current_thread")]
    async fn pages_dropped_mid_render_never_panic() {
        super::pages_dropped_mid_render_never_panic(db::testing::postgres().await).await
    }
}

static PANICS: AtomicUsize = AtomicUsize::new(0);
static HOOK: Once = Once::new();

/// Counts every panic in the process (a tokio task's too), then reports it as usual.
fn count_panics() {
    HOOK.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            report(info);
        }));
    });
}

/// Every route, with ids that exist.
async fn routes(server: &Running, boss: &reqwest::Client) -> Vec<String> {
    let (_, slips) = server.stored_value_cards(boss, "D", 1, "").await;
    let card = slips[0]["card_id"].as_i64().unwrap();
    let slip = slips[0]["transaction_id"].as_i64().unwrap();
    let member = json!({ "id": 0, "form": { "member_no": "", "name": "丢丢", "phone": "13912345678", "gender": "",
        "birthday": "", "id_number": "", "email": "", "address": "", "home_store_id": 1, "referrer": "",
        "valid_until": "", "hobbies": "", "notes": "", "active": "on", "custom": [] } });
    let (ok, member) = server.call_json(boss, "save_member", member).await;
    assert!(ok, "{member}");
    let item = json!({ "id": 0, "form": { "code": "D1", "barcode": "", "short_code": "", "name": "门票", "unit": "",
        "price": "10", "cost": "", "category_id": 0, "store_ids": [], "inactive": false } });
    let (ok, item) = server.call_json(boss, "save_item", item).await;
    assert!(ok, "{item}");
    assert!(server.call(boss, "open_shift", &[("float", "0")]).await.0);
    let sale = json!({ "form": { "request_id": "dropped-sale-1", "member_id": null, "card_id": null,
        "lines": [[item.parse::<i64>().unwrap(), 1]], "payments": [["cash", "10"]], "cash_given": "", "pin": "" } });
    let (ok, receipt) = server.call_json(boss, "sell", sale).await;
    assert!(ok, "{receipt}");
    let sale: serde_json::Value = serde_json::from_str(&receipt).unwrap();
    let sale = sale["sale_id"].as_i64().unwrap();
    [
        "/".to_string(),
        "/sign-in".into(),
        "/setup".into(),
        "/till".into(),
        "/till/readers".into(),
        "/till/shifts".into(),
        format!("/receipts/{sale}"),
        "/members".into(),
        "/members/new".into(),
        format!("/members/{member}"),
        format!("/members/{member}/edit"),
        "/cards".into(),
        format!("/cards/{card}"),
        format!("/slips/{slip}"),
        "/settings/shop".into(),
        "/settings/plans".into(),
        "/settings/member-fields".into(),
        "/settings/catalogue".into(),
        "/settings/levels".into(),
        "/settings/stores".into(),
        "/settings/staff".into(),
        "/settings/payment-methods".into(),
        "/settings/loyalty".into(),
        "/settings/gifts".into(),
        "/settings/promotions".into(),
        "/settings/rebate".into(),
        "/reports".into(),
        "/reports/liability".into(),
        "/reports/clearing".into(),
        "/reports/sales".into(),
        "/reports/recharges".into(),
        "/account".into(),
        "/no-such-page".into(),
    ]
    .into()
}

/// Asks for each route `rounds` times as `client` and gives up at every stage.
async fn drop_everywhere(
    server: &Running,
    client: &reqwest::Client,
    routes: &[String],
    rounds: u64,
) {
    let mut tries = Vec::new();
    for round in 0..rounds {
        for route in routes {
            let (client, url) = (client.clone(), format!("{}{route}", server.base));
            tries.push(tokio::spawn(async move {
                let request = client.get(url);
                match round % 3 {
                    // Given up on before the answer (any stage of the render).
                    0 => {
                        let wait = Duration::from_millis(1 + round * 3);
                        let _ = request.timeout(wait).send().await;
                    }
                    // The head of the page arrives (a redirect's, say), then the tab
                    // goes elsewhere.
                    1 => {
                        if let Ok(mut response) = request.send().await {
                            let _ = response.chunk().await;
                        }
                    }
                    // Closed right after asking.
                    _ => {
                        let sent = tokio::time::timeout(Duration::from_micros(200), request.send());
                        let _ = sent.await;
                    }
                }
            }));
        }
    }
    for t in tries {
        t.await.unwrap();
    }
}

async fn pages_dropped_mid_render_never_panic(db: Db) {
    count_panics();
    let before = PANICS.load(Ordering::SeqCst);
    let server = start(db).await;
    let anonymous = crate::common::browser();
    let pages: Vec<String> = [
        "/",
        "/sign-in",
        "/setup",
        "/till",
        "/members",
        "/members/1",
        "/settings/shop",
        "/account",
    ]
    .map(String::from)
    .into();
    // A new shop (every page leads to the set-up wizard), then signed out.
    drop_everywhere(&server, &anonymous, &pages, 9).await;
    let boss = server.boss().await;
    server.any_browser_sells(&boss).await;
    drop_everywhere(&server, &anonymous, &pages, 9).await;
    // Every page, signed in, with data on it.
    let routes = routes(&server, &boss).await;
    drop_everywhere(&server, &boss, &routes, 12).await;
    // Whatever was left running for the dropped pages finishes (or fails) now.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    for route in &routes {
        let response = boss
            .get(format!("{}{route}", server.base))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let html = response.text().await.unwrap();
        assert!(
            status == 200 || (route == "/no-such-page" && status == 404),
            "{route}: {status}"
        );
        assert!(html.contains("</html>"), "{route} served whole");
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        PANICS.load(Ordering::SeqCst),
        before,
        "a panic in the server (see the output above)"
    );
}
