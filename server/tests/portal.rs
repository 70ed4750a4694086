//! The member's own pages (U1) and the member code (C3) over HTTP, on SQLite
//! and Postgres: sign-in by card number or phone, the PIN counter shared with
//! the till, the same answer for an unknown card, the per-address limit,
//! member and staff sessions kept apart, another member's card out of reach,
//! the PIN change, the loss report, and the code taken at the till once.

mod common;

use common::{Running, browser, phone, start, with_cookie};
use db::{Db, on_both_databases};
use serde_json::json;

on_both_databases!(
    a_member_signs_in_and_sees_what_the_till_sees,
    wrong_pins_at_the_till_and_the_portal_lock_together,
    an_unknown_card_reads_like_a_wrong_pin,
    one_address_is_limited,
    member_and_staff_sessions_stay_apart,
    the_pin_change_and_the_loss_report,
    a_member_code_is_taken_once_while_fresh
);

const PIN: &str = "583920";

async fn shop(db: Db) -> (Running, reqwest::Client, i64) {
    let server = start(db).await;
    let boss = server.boss().await;
    let (ok, plan) = server
        .call_json(&boss, "save_plan", common::stored_value_plan())
        .await;
    assert!(ok, "{plan}");
    (server, boss, plan.parse().unwrap())
}

/// The text of the page's refusal paragraph.
fn alert(body: &str) -> String {
    let start = body.find("role=\"alert\"").expect("a refusal on the page");
    let text = &body[start..];
    let open = text.find('>').unwrap() + 1;
    let close = text.find("</p>").unwrap();
    text[open..close].to_owned()
}

fn spend(card: i64, rid: &str, pin: &str) -> serde_json::Value {
    json!({ "request_id": rid, "card_id": card, "action": { "Spend": { "amount": "10", "pin": pin } }, "reason": "" })
}

async fn a_member_signs_in_and_sees_what_the_till_sees(db: Db) {
    let (server, boss, plan) = shop(db.clone()).await;
    let (_, card) = server
        .member_with_card(&boss, "王小明", "13800138000", plan, "VIP0001", PIN)
        .await;
    let (ok, body) = server
        .call_json(&boss, "act_on_card", spend(card, "portal-spend-1", PIN))
        .await;
    assert!(ok, "{body}");

    let phone = phone("en-US,en;q=0.9");
    let (status, _, cookie) = server.member_sign_in(&phone, "vip0001", PIN).await;
    assert_eq!(
        status, 303,
        "a right PIN signs in and goes to the card page"
    );
    assert!(cookie.is_some(), "a member session cookie");
    let (status, page) = server.my(&phone, "").await;
    assert_eq!(status, 200);
    let till = db::cards::view(&db, card).await.unwrap().unwrap();
    assert_eq!(till.principal_fen, 9_000);
    assert!(page.contains("Hello, 王小明"), "{page}");
    assert!(
        page.contains(r#"id="principal-"#) && page.contains("¥90.00"),
        "the till's balance"
    );
    assert!(page.contains("VIP0001"));
    assert!(
        page.contains("id=\"member-code\""),
        "the member code is shown"
    );
    assert!(page.contains("<svg"), "drawn as SVG in the page");
    assert!(
        page.contains("Recent activity") && page.contains("-¥10.00"),
        "the spend in the history"
    );
    assert!(page.contains("As of "), "the time the figures are from");

    // By phone, in Chinese, the same card.
    let zh = common::phone("zh-CN,zh;q=0.9");
    let (status, _, _) = server.member_sign_in(&zh, "138 0013 8000", PIN).await;
    assert_eq!(status, 303);
    let (_, page) = server.my(&zh, "").await;
    assert!(
        page.contains("王小明，您好") && page.contains("¥90.00"),
        "{page}"
    );
    let events = server.security_events().await;
    assert_eq!(
        events.iter().filter(|e| *e == "member_signed_in").count(),
        2
    );

    // Signing out ends it.
    let (status, _) = server.my_post(&phone, "sign-out", &[]).await;
    assert_eq!(status, 303);
    let (_, page) = server.my(&phone, "").await;
    assert!(
        page.contains("name=\"pin\"") && !page.contains("¥90.00"),
        "the sign-in form again"
    );
}

async fn wrong_pins_at_the_till_and_the_portal_lock_together(db: Db) {
    let (server, boss, plan) = shop(db.clone()).await;
    let (_, card) = server
        .member_with_card(&boss, "李四", "13900139000", plan, "VIP0002", PIN)
        .await;
    for n in 0..3 {
        let (ok, body) = server
            .call_json(
                &boss,
                "act_on_card",
                spend(card, &format!("till-wrong-{n}"), "111333"),
            )
            .await;
        assert!(!ok && body.contains("WrongPin"), "{body}");
    }
    let phone = phone("en");
    let (status, body, cookie) = server.member_sign_in(&phone, "VIP0002", "222444").await;
    assert_eq!((status, cookie), (401, None));
    assert!(
        alert(&body).contains("1 tries left"),
        "three at the till and one here: {}",
        alert(&body)
    );
    let (status, body, _) = server.member_sign_in(&phone, "VIP0002", "222444").await;
    assert_eq!(status, 429);
    assert!(
        alert(&body).contains("locked for 30 minutes"),
        "{}",
        alert(&body)
    );
    let (status, body, _) = server.member_sign_in(&phone, "VIP0002", PIN).await;
    assert_eq!(status, 429, "the right PIN while locked: {}", alert(&body));
    let (ok, body) = server
        .call_json(&boss, "act_on_card", spend(card, "till-right", PIN))
        .await;
    assert!(
        !ok && body.contains("PinLocked"),
        "the till sees the lock: {body}"
    );
    assert_eq!(
        db::cards::view(&db, card)
            .await
            .unwrap()
            .unwrap()
            .principal_fen,
        10_000
    );
    let events = server.security_events().await;
    let count = |e: &str| events.iter().filter(|x| *x == e).count();
    assert_eq!(
        (
            count("member_sign_in_failed"),
            count("member_sign_in_locked")
        ),
        (1, 2)
    );
}

async fn an_unknown_card_reads_like_a_wrong_pin(db: Db) {
    let (server, boss, plan) = shop(db).await;
    server
        .member_with_card(&boss, "张三", "13700137000", plan, "VIP0003", PIN)
        .await;
    let phone = phone("zh-CN");
    let (s1, known, _) = server.member_sign_in(&phone, "VIP0003", "222444").await;
    let (s2, unknown, _) = server.member_sign_in(&phone, "VIP9999", "222444").await;
    assert_eq!((s1, s2), (401, 401));
    assert_eq!(alert(&known), alert(&unknown), "the same words for both");
    // The unknown card counts its tries too, and locks like a card.
    for _ in 0..3 {
        server.member_sign_in(&phone, "VIP9999", "222444").await;
    }
    let (status, body, _) = server.member_sign_in(&phone, "VIP9999", "222444").await;
    assert_eq!(status, 429, "{}", alert(&body));
    let (_, body, _) = server.member_sign_in(&phone, "VIP9999", PIN).await;
    assert!(
        alert(&body).contains("30"),
        "locked like a card: {}",
        alert(&body)
    );
    let events = server.security_events().await;
    assert!(
        events
            .iter()
            .filter(|e| e.starts_with("member_sign_in"))
            .count()
            >= 7,
        "every attempt is logged"
    );
}

async fn one_address_is_limited(db: Db) {
    let (server, boss, plan) = shop(db).await;
    server
        .member_with_card(&boss, "赵六", "13600136000", plan, "VIP0004", PIN)
        .await;
    let phone = phone("en");
    for n in 0..domain::portal::ADDRESS_ATTEMPTS {
        let (status, _, _) = server
            .member_sign_in(&phone, &format!("NOBODY{n:03}"), "222444")
            .await;
        assert_eq!(status, 401);
    }
    let (status, body, cookie) = server.member_sign_in(&phone, "VIP0004", PIN).await;
    assert_eq!(
        (status, cookie),
        (429, None),
        "over the limit, even the right PIN waits"
    );
    assert!(
        alert(&body).contains("Too many sign-in attempts from this network"),
        "{}",
        alert(&body)
    );
    // Another address is not held up by this one.
    let other = reqwest::Client::builder()
        .local_address(Some("127.0.0.2".parse().unwrap()))
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let (status, _, cookie) = server.member_sign_in(&other, "VIP0004", PIN).await;
    assert_eq!(status, 303);
    assert!(cookie.is_some());
    assert!(
        server
            .security_events()
            .await
            .iter()
            .any(|e| e == "member_sign_in_busy")
    );
}

async fn member_and_staff_sessions_stay_apart(db: Db) {
    let (server, boss, plan) = shop(db.clone()).await;
    let (_, mine) = server
        .member_with_card(&boss, "钱七", "13500135000", plan, "VIP0005", PIN)
        .await;
    let (_, theirs) = server
        .member_with_card(&boss, "孙八", "13400134000", plan, "VIP0006", PIN)
        .await;
    let phone = phone("en");
    let (_, _, id) = server.member_sign_in(&phone, "VIP0005", PIN).await;
    let id = id.expect("member session");

    // The member's session under the staff cookie's name opens no staff function.
    let forged = with_cookie(&format!("mc_session={id}"));
    let (ok, body) = server.call(&forged, "current_session", &[]).await;
    assert!(ok && body.contains("SignedOut"), "{body}");
    for (name, arg) in [("list_stores", "_"), ("find_at_till", "text")] {
        let (status, body) = server.send(&forged, name, &[(arg, "VIP0005")]).await;
        assert_eq!(status, 401, "{name}: {body}");
    }
    // A staff session does not open the member pages, under either name.
    let staff_id = {
        let fresh = browser();
        let response = fresh
            .post(format!("{}/api/sign_in", server.base))
            .form(&[("username", "boss"), ("password", "happy-island-88")])
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
        response
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| {
                c.strip_prefix("mc_session=")?
                    .split(';')
                    .next()
                    .map(str::to_owned)
            })
            .expect("staff session")
    };
    for cookie in [
        format!("mc_member={staff_id}"),
        format!("mc_session={staff_id}"),
    ] {
        let (status, page) = server.my(&with_cookie(&cookie), "").await;
        assert_eq!(status, 200);
        assert!(
            page.contains("name=\"pin\"") && !page.contains("member-code"),
            "{cookie}: the sign-in form"
        );
        let (status, _) = server
            .my(&with_cookie(&cookie), &format!("code?card={mine}"))
            .await;
        assert_eq!(status, 401);
    }
    // Another member's card is out of reach by its id.
    let (status, _) = server.my(&phone, &format!("code?card={theirs}")).await;
    assert_eq!(status, 404, "another member's code");
    let (_, page) = server.my(&phone, &format!("?card={theirs}")).await;
    assert!(
        !page.contains("VIP0006") && page.contains(&format!("data-card=\"{mine}\"")),
        "only my own card"
    );
    let (status, _) = server
        .my_post(&phone, "lost", &[("card", &theirs.to_string())])
        .await;
    assert_eq!(status, 404);
    let (status, _) = server
        .my_post(
            &phone,
            "pin",
            &[
                ("card", &theirs.to_string()),
                ("current", PIN),
                ("new_pin", "246813"),
                ("repeat", "246813"),
            ],
        )
        .await;
    assert_eq!(status, 404);
    let theirs_now = db::cards::view(&db, theirs).await.unwrap().unwrap();
    assert_eq!(
        theirs_now.status,
        domain::card::CardStatus::Active,
        "their card untouched"
    );
    let (status, _) = server.my(&phone, &format!("?before={}", i64::MAX)).await;
    assert_eq!(status, 200);
}

async fn the_pin_change_and_the_loss_report(db: Db) {
    let (server, boss, plan) = shop(db.clone()).await;
    let (_, card) = server
        .member_with_card(&boss, "周九", "13300133000", plan, "VIP0007", PIN)
        .await;
    let phone = phone("en");
    let other_phone = common::phone("en");
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
