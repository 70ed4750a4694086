//! What a signed-in member does on their own pages, over HTTP on SQLite and
//! Postgres: the PIN change (other phones signed out), the loss report (the
//! till refuses the card), and the member code taken at the till once while
//! fresh.

use crate::common::{MEMBER_PIN as PIN, alert, phone, shop, spend};
use db::{Db, on_both_databases};
use serde_json::json;

on_both_databases!(
    the_pin_change_and_the_loss_report,
    a_member_code_is_taken_once_while_fresh
);

async fn the_pin_change_and_the_loss_report(db: Db) {
    let (server, boss, plan) = shop(db.clone()).await;
    let (_, card) = server
        .member_with_card(&boss, "周九", "13300133000", plan, "VIP0007", PIN)
        .await;
    let phone = phone("en");
    let other_phone = crate::common::phone("en");
    assert_eq!(server.member_sign_in(&phone, "VIP0007", PIN).await.0, 303);
    assert_eq!(
        server.member_sign_in(&other_phone, "VIP0007", PIN).await.0,
        303
    );
    let change = |current: &'static str, new_pin: &'static str, repeat: &'static str| {
        [
            ("card", card.to_string()),
            ("current", current.into()),
            ("new_pin", new_pin.into()),
            ("repeat", repeat.into()),
        ]
    };
    let form =
        |f: &[(&'static str, String)]| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let post = async |f: [(&'static str, String); 4]| {
        let f = form(&f);
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        server.my_post(&phone, "pin", &f).await
    };
    let (status, body) = post(change(PIN, "123456", "123456")).await;
    assert_eq!(status, 400, "a trivial PIN");
    assert!(alert(&body).contains("too easy"), "{}", alert(&body));
    let (status, body) = post(change("111333", "246813", "246813")).await;
    assert_eq!(status, 401);
    assert!(
        alert(&body).contains("4 tries left"),
        "a wrong current PIN counts: {}",
        alert(&body)
    );
    let (status, location) = post(change(PIN, "246813", "246813")).await;
    assert_eq!((status, location.as_str()), (303, "/my/?done=pin"));
    let (ok, body) = server
        .call_json(&boss, "act_on_card", spend(card, "after-change", "246813"))
        .await;
    assert!(ok, "the new PIN pays at the till: {body}");
    let (_, page) = server.my(&phone, "?done=pin").await;
    assert!(
        page.contains("The PIN is changed"),
        "this phone stays signed in"
    );
    let (_, page) = server.my(&other_phone, "").await;
    assert!(
        page.contains("name=\"pin\""),
        "another phone signed in on the old PIN is signed out"
    );

    // The loss report freezes the card everywhere; the till refuses it.
    let (status, location) = server
        .my_post(&phone, "lost", &[("card", &card.to_string())])
        .await;
    assert_eq!((status, location.as_str()), (303, "/my/?done=lost"));
    let (ok, body) = server
        .call_json(&boss, "act_on_card", spend(card, "after-loss", "246813"))
        .await;
    assert!(!ok && body.contains("CardFrozen"), "{body}");
    let (_, page) = server.my(&phone, "").await;
    assert!(
        page.contains("Reported lost") && !page.contains("id=\"member-code\""),
        "no code for a frozen card"
    );
    assert!(
        server
            .security_events()
            .await
            .iter()
            .any(|e| e == "member_reported_loss")
    );
    let (status, _) = server
        .my_post(&phone, "lost", &[("card", &card.to_string())])
        .await;
    assert_eq!(status, 303, "a second report changes nothing");
}

async fn a_member_code_is_taken_once_while_fresh(db: Db) {
    let (server, boss, plan) = shop(db.clone()).await;
    let (member, card) = server
        .member_with_card(&boss, "吴十", "13200132000", plan, "VIP0008", PIN)
        .await;
    let body = json!({ "request_id": "second-card", "form": { "plan_id": plan, "member_id": member, "card_no": "VIP0009",
        "uid": "", "pin": PIN, "pin_again": PIN, "payment": "cash", "fee": "" } });
    let (ok, slip) = server.call_json(&boss, "issue_card", body).await;
    assert!(ok, "{slip}");
    let second = serde_json::from_str::<serde_json::Value>(&slip).unwrap()["card_id"]
        .as_i64()
        .unwrap();
    let phone = phone("en");
    assert_eq!(server.member_sign_in(&phone, "VIP0008", PIN).await.0, 303);
    let code = |body: String| {
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["code"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (status, body) = server.my(&phone, &format!("code?card={second}")).await;
    assert_eq!(status, 200, "{body}");
    let text = code(body);
    assert!(domain::member_code::read(&text).is_some(), "{text}");

    let find = async |text: &str| server.send(&boss, "find_at_till", &[("text", text)]).await;
    let (status, body) = find(&text).await;
    assert_eq!(status, 200, "{body}");
    let lookup: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(lookup["chosen"]["id"].as_i64(), Some(member));
    assert_eq!(
        lookup["chosen"]["cards"][0]["id"].as_i64(),
        Some(second),
        "the card shown comes first"
    );
    let (status, body) = find(&text).await;
    assert_eq!(status, 409);
    assert!(body.contains("MemberCodeUsed"), "{body}");

    // A code from a minute and a half ago (a screenshot) is refused.
    let secret = db::member_codes::secret(&db, card).await.unwrap();
    let (old, _) = domain::member_code::code_at(&secret, card, db::member_codes::unix_s() - 90);
    let (status, body) = find(&old).await;
    assert!(
        status == 409 && body.contains("MemberCodeExpired"),
        "{body}"
    );
    // Made-up digits for a card are refused the same way.
    let (status, body) = find(&format!("MQ00000000{card}")).await;
    assert!(
        status == 409 && body.contains("MemberCodeExpired"),
        "{body}"
    );

    // A code of a card reported lost is refused.
    let (_, body) = server.my(&phone, &format!("code?card={card}")).await;
    let fresh = code(body);
    let (status, _) = server
        .my_post(&phone, "lost", &[("card", &card.to_string())])
        .await;
    assert_eq!(status, 303);
    let (status, body) = find(&fresh).await;
    assert!(status == 409 && body.contains("CardFrozen"), "{body}");
}
