//! Who may talk to the bridge: the allowed Origin on the bridge's own loopback
//! Host, then a paired browser's token; a pairing code works once; failures
//! are rate-limited. (No PC/SC needed: the reader list is simply empty.)

mod common;

use common::{Bridge, ORIGIN};
use serde_json::json;

#[tokio::test]
async fn a_wrong_origin_or_host_is_refused_at_the_handshake() {
    let bridge = Bridge::start("handshake", "none");
    let own = format!("127.0.0.1:{}", bridge.port);
    for (origin, host) in [
        (Some("http://evil.example"), own.as_str()),
        (Some("http://till.test:3000.evil.example"), own.as_str()),
        (Some("http://till.test"), own.as_str()),
        (None, own.as_str()),
        // DNS rebinding: the attacker's name resolved to 127.0.0.1.
        (Some(ORIGIN), &*format!("evil.example:{}", bridge.port)),
        (Some(ORIGIN), "127.0.0.1"),
    ] {
        let refused = bridge.connect_as(origin, host).await;
        let error = refused
            .err()
            .unwrap_or_else(|| panic!("{origin:?} on {host} was taken"));
        assert!(error.contains("403"), "{error}");
    }
    let mut ok = bridge
        .connect_as(Some(ORIGIN), &format!("localhost:{}", bridge.port))
        .await
        .expect("localhost is the bridge's own host too");
    ok.send(json!({"type": "hello", "token": "0".repeat(64)}))
        .await;
    assert_eq!(
        ok.next().await,
        Some(json!({"type": "refused", "reason": "token"}))
    );
    let log = bridge.log();
    assert!(
        log.contains("Origin not allowed") && log.contains("Host not allowed"),
        "{log}"
    );
}

#[tokio::test]
async fn a_pairing_code_works_once_and_its_token_opens_the_events() {
    let bridge = Bridge::start("pairing", "none");
    // No token, a wrong token, something else first: refused and closed.
    let mut socket = bridge.connect().await;
    socket.send(json!({"type": "hello", "token": ""})).await;
    assert_eq!(
        socket.next().await,
        Some(json!({"type": "refused", "reason": "token"}))
    );
    assert_eq!(socket.next().await, None, "closed");
    let mut socket = bridge.connect().await;
    socket
        .send(json!({"type": "apdu", "data": "FFCA000000"}))
        .await;
    assert_eq!(
        socket.next().await,
        Some(json!({"type": "refused", "reason": "protocol"}))
    );

    let code = bridge.pairing_code();
    let mut socket = bridge.connect().await;
    socket.send(json!({"type": "pair", "code": code})).await;
    let paired = socket.next().await.expect("paired");
    assert_eq!(paired["type"], "paired");
    let token = paired["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 64);
    // The same code again: refused.
    let mut again = bridge.connect().await;
    again.send(json!({"type": "pair", "code": code})).await;
    assert_eq!(
        again.next().await,
        Some(json!({"type": "refused", "reason": "code"}))
    );
    // The token, on a new connection: ready.
    let mut later = bridge.connect().await;
    later.send(json!({"type": "hello", "token": token})).await;
    assert_eq!(
        later.next().await,
        Some(json!({"type": "ready", "readers": []}))
    );
    // After the first message the browser has nothing to say: a command closes it.
    later
        .send(json!({"type": "apdu", "data": "FFCA000000"}))
        .await;
    assert_eq!(later.next().await, None);
    // The token is on disk only as a digest.
    let state = std::fs::read_to_string(bridge.config.with_file_name("paired.json")).unwrap();
    assert!(!state.contains(&token));
}

#[tokio::test]
async fn ten_failures_in_a_minute_make_everyone_wait() {
    let bridge = Bridge::start("limit", "none");
    let code = bridge.pairing_code();
    let wrong = if code == "123456" { "654321" } else { "123456" };
    // Five wrong codes burn the code; five wrong tokens reach the limit.
    for _ in 0..5 {
        let mut s = bridge.connect().await;
        s.send(json!({"type": "pair", "code": wrong})).await;
        assert_eq!(
            s.next().await,
            Some(json!({"type": "refused", "reason": "code"}))
        );
    }
    for _ in 0..5 {
        let mut s = bridge.connect().await;
        s.send(json!({"type": "hello", "token": "f".repeat(64)}))
            .await;
        assert_eq!(
            s.next().await,
            Some(json!({"type": "refused", "reason": "token"}))
        );
    }
    let mut s = bridge.connect().await;
    s.send(json!({"type": "pair", "code": code})).await;
    assert_eq!(
        s.next().await,
        Some(json!({"type": "refused", "reason": "busy"}))
    );
}
