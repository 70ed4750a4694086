//! Signing in to the member's own pages (U1) over HTTP, on SQLite and
//! Postgres: by card number or phone, the PIN counter shared with the till, the
//! same answer for an unknown card, the per-address limit, member and staff
//! sessions kept apart, another member's card out of reach. What a signed-in
//! member does is in `member_actions.rs`.

use crate::common::{MEMBER_PIN as PIN, alert, phone, shop, spend, with_cookie};
use db::{Db, on_both_databases};

on_both_databases!(
    a_member_signs_in_and_sees_what_the_till_sees,
    wrong_pins_at_the_till_and_the_portal_lock_together,
    an_unknown_card_reads_like_a_wrong_pin,
    one_address_is_limited,
    member_and_staff_sessions_stay_apart
);

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
    let zh = crate::common::phone("zh-CN,zh;q=0.9");
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
    let staff_cookie = server.session_cookie("boss", "happy-island-88").await;
    let staff_id = staff_cookie.trim_start_matches("mc_session=");
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
