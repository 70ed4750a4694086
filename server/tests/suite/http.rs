//! The real server on a random port, over HTTP, on SQLite and on Postgres:
//! health, security headers, set-up once, sign-in cookies, lockout, permissions.

use crate::common::{browser, start};
use db::{Db, on_both_databases};
use reqwest::header::{CONTENT_SECURITY_POLICY, SET_COOKIE};

on_both_databases!(
    health_check_answers_from_the_database,
    pages_carry_security_headers_and_the_scripts_nonce,
    set_up_happens_once_and_bad_input_writes_nothing,
    sign_in_cookie_is_strict_http_only_and_rotated,
    fifth_wrong_password_locks_and_is_logged,
    roles_and_scope_are_checked_by_every_server_function,
    cross_site_writes_are_refused,
);

async fn health_check_answers_from_the_database(db: Db) {
    let server = start(db.clone()).await;
    let response = reqwest::get(format!("{}/healthz", server.base))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
    db.close().await;
    let response = reqwest::get(format!("{}/healthz", server.base))
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        503,
        "a closed database is reported, not hidden"
    );
}

async fn pages_carry_security_headers_and_the_scripts_nonce(db: Db) {
    let server = start(db).await;
    let response = browser()
        .get(format!("{}/sign-in", server.base))
        .send()
        .await
        .unwrap();
    let headers = response.headers().clone();
    let csp = headers
        .get(CONTENT_SECURITY_POLICY)
        .expect("CSP")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("nonce in CSP");
    let html = response.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "inline scripts carry this response's nonce"
    );
    assert_eq!(headers.get("x-frame-options").unwrap(), "DENY");
    assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(headers.get("referrer-policy").unwrap(), "same-origin");
    // The site's bundle goes out compressed; pages stream uncompressed.
    assert!(headers.get("content-encoding").is_none());
    let css = browser()
        .get(format!("{}/pkg/membership.css", server.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
    assert_eq!(
        css.headers().get("content-encoding").expect("compressed"),
        "gzip"
    );
    // A second page gets a different nonce.
    let again = browser()
        .get(format!("{}/sign-in", server.base))
        .send()
        .await
        .unwrap();
    let csp2 = again
        .headers()
        .get(CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(!csp2.contains(nonce));
}

async fn set_up_happens_once_and_bad_input_writes_nothing(db: Db) {
    let server = start(db.clone()).await;
    let client = browser();
    let (ok, body) = server
        .call(
            &client,
            "set_up",
            &[("company_name", ""), ("currency_symbol", "¥")],
        )
        .await;
    assert!(!ok, "{body}");
    let empty_fields = [
        ("company_name", ""),
        ("currency_symbol", "¥"),
        ("time_zone", "Asia/Shanghai"),
        ("head_office_name", "总店"),
        ("admin_username", "boss"),
        ("admin_name", "王"),
        ("admin_password", "happy-island-88"),
        ("admin_password_again", "happy-island-88"),
    ];
    let (ok, body) = server.call(&client, "set_up", &empty_fields).await;
    assert!(!ok);
    assert!(
        body.contains("CompanyName") && body.contains("Required"),
        "{body}"
    );
    assert!(
        !db::company::is_set_up(&db).await.unwrap(),
        "nothing written"
    );

    let (ok, body) = server.set_up(&client).await;
    assert!(ok, "{body}");
    let (ok, body) = server.set_up(&browser()).await;
    assert!(!ok);
    assert!(body.contains("AlreadySetUp"), "{body}");
    let staff = db::staff::list(&db, domain::access::Scope::AllStores)
        .await
        .unwrap();
    assert_eq!(staff.len(), 1, "still exactly one admin");
}

async fn sign_in_cookie_is_strict_http_only_and_rotated(db: Db) {
    let server = start(db).await;
    let client = browser();
    server.set_up(&client).await;
    let sign_in = |client: reqwest::Client| {
        let url = format!("{}/api/sign_in", server.base);
        async move {
            let response = client
                .post(url)
                .form(&[("username", "boss"), ("password", "happy-island-88")])
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success());
            response
                .headers()
                .get(SET_COOKIE)
                .expect("a session cookie")
                .to_str()
                .unwrap()
                .to_owned()
        }
    };
    let first = sign_in(client.clone()).await;
    assert!(first.starts_with("mc_session="), "{first}");
    assert!(first.contains("HttpOnly"), "{first}");
    assert!(first.contains("SameSite=Strict"), "{first}");
    assert!(!first.contains("Secure"), "plain http by default");
    // Signing in again with that cookie present gives a new session id.
    let second = sign_in(client.clone()).await;
    let id = |cookie: &str| cookie.split(';').next().unwrap().to_owned();
    assert_ne!(id(&first), id(&second), "session id rotated at sign-in");
    let (ok, body) = server.call(&client, "list_staff", &[]).await;
    assert!(ok, "signed in: {body}");
    server.call(&client, "sign_out", &[]).await;
    let (ok, body) = server.call(&client, "list_staff", &[]).await;
    assert!(!ok && body.contains("NotSignedIn"), "{body}");
}

async fn fifth_wrong_password_locks_and_is_logged(db: Db) {
    let server = start(db).await;
    let client = browser();
    server.set_up(&client).await;
    let (_, unknown) = server.sign_in(&client, "nobody", "happy-island-88").await;
    for _ in 1..=5 {
        let (ok, body) = server.sign_in(&client, "boss", "wrong-password-9").await;
        assert!(!ok);
        assert_eq!(
            body, unknown,
            "a wrong password, and the one that locks, read exactly like an unknown user"
        );
    }
    let (ok, body) = server.sign_in(&client, "boss", "happy-island-88").await;
    assert!(!ok, "right password refused while locked: {body}");
    assert_eq!(body, unknown, "a locked account reads like an unknown user");
    let events = server.security_events().await;
    assert_eq!(events.iter().filter(|e| *e == "sign_in_failed").count(), 5);
    assert!(events.contains(&"account_locked".to_string()));
    assert_eq!(events.last().unwrap(), "sign_in_while_locked");
}

async fn roles_and_scope_are_checked_by_every_server_function(db: Db) {
    let server = start(db.clone()).await;
    let admin = browser();
    server.set_up(&admin).await;
    assert!(server.sign_in(&admin, "boss", "happy-island-88").await.0);
    let store = [
        ("code", "SZ-01"),
        ("name", "深圳店"),
        ("address", ""),
        ("phone", ""),
        ("owner", ""),
    ];
    let (ok, body) = server.call(&admin, "create_store", &store).await;
    assert!(ok, "{body}");
    let branch_id = body.trim().to_owned();
    let cashier = [
        ("username", "lina"),
        ("name", "李娜"),
        ("role", "cashier"),
        ("home_store_id", branch_id.as_str()),
        ("password", "till-4-ever"),
    ];
    let (ok, body) = server.call(&admin, "create_staff", &cashier).await;
    assert!(ok, "{body}");
    let lina_id = body.trim().to_owned();

    let lina = browser();
    assert!(server.sign_in(&lina, "lina", "till-4-ever").await.0);
    let refusals: [(&str, &[(&str, &str)]); 5] = [
        ("create_store", &store),
        (
            "update_store",
            &[
                ("id", "1"),
                ("code", "HQ"),
                ("name", "x"),
                ("address", ""),
                ("phone", ""),
                ("owner", ""),
            ],
        ),
        ("set_store_active", &[("id", "1"), ("active", "false")]),
        ("create_staff", &cashier),
        (
            "reset_staff_password",
            &[("id", "1"), ("new_password", "taken-over-1")],
        ),
    ];
    for (name, form) in refusals {
        let (ok, body) = server.call(&lina, name, form).await;
        assert!(!ok && body.contains("Forbidden"), "{name}: {body}");
    }
    let events = server.security_events().await;
    assert_eq!(
        events.iter().filter(|e| *e == "permission_refused").count(),
        5
    );

    // A finance account has no till: opening a shift is refused.
    let finance = [
        ("username", "chen"),
        ("name", "陈会计"),
        ("role", "finance"),
        ("home_store_id", "1"),
        ("password", "ledger-2026"),
    ];
    assert!(server.call(&admin, "create_staff", &finance).await.0);
    let chen = browser();
    assert!(server.sign_in(&chen, "chen", "ledger-2026").await.0);
    let (ok, body) = server.call(&chen, "open_shift", &[("float", "100")]).await;
    assert!(!ok && body.contains("Forbidden"), "{body}");
    let (ok, body) = server
        .call(&lina, "open_shift", &[("float", "100.001")])
        .await;
    assert!(!ok && body.contains("TooManyDecimals"), "{body}");
    // Her browser is no till yet: refused until the admin's code is typed (S5).
    let (ok, body) = server.call(&lina, "open_shift", &[("float", "100")]).await;
    assert!(!ok && body.contains("NotATill"), "{body}");
    server
        .pair_till(&admin, &lina, branch_id.parse().unwrap(), "前台 1")
        .await;
    let (ok, body) = server.call(&lina, "open_shift", &[("float", "100")]).await;
    assert!(ok, "{body}");

    // A branch cashier sees only their own store.
    let (ok, body) = server.call(&lina, "list_stores", &[]).await;
    assert!(
        ok && body.contains("SZ-01") && !body.contains("\"HQ\""),
        "{body}"
    );

    // Deactivating her ends her session at the next request.
    let (ok, body) = server
        .call(
            &admin,
            "set_staff_active",
            &[("id", lina_id.as_str()), ("active", "false")],
        )
        .await;
    assert!(ok, "{body}");
    let (ok, body) = server.call(&lina, "list_stores", &[]).await;
    assert!(!ok && body.contains("NotSignedIn"), "{body}");
}

async fn cross_site_writes_are_refused(db: Db) {
    let server = start(db).await;
    let client = browser();
    let url = format!("{}/api/sign_in", server.base);
    let form = [("username", "boss"), ("password", "x")];
    let evil = client
        .post(&url)
        .header("Origin", "http://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), 403);
    let sneaky = client
        .post(&url)
        .header("Sec-Fetch-Site", "cross-site")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(sneaky.status(), 403);
    let host = server.base.trim_start_matches("http://").to_owned();
    let same = client
        .post(&url)
        .header("Origin", format!("http://{host}"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_ne!(same.status(), 403, "same-origin posts go through");
}
