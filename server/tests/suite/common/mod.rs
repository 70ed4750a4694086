//! The real server on a random port, and a browser-like client.

use db::Db;
use server::config::Config;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

pub struct Running {
    pub base: String,
    pub db: Db,
}

pub async fn start(db: Db) -> Running {
    start_with(db, |_| {}).await
}

/// The server with its configuration changed by `configure` first.
pub async fn start_with(db: Db, configure: impl FnOnce(&mut Config)) -> Running {
    // A site root of its own, with a stylesheet big enough to be worth compressing.
    let site = std::env::temp_dir().join(format!("membership-site-{}", std::process::id()));
    std::fs::create_dir_all(site.join("pkg")).expect("site dir");
    let css = ".till { color: #333; }\n".repeat(200);
    std::fs::write(site.join("pkg/membership.css"), css).expect("css");
    let site_root = site.display().to_string();
    let mut config = Config::from_lookup(|name| (name == "SITE_ROOT").then(|| site_root.clone()))
        .expect("config");
    // Backups of this test's own database, into a folder of its own.
    config.database_url = db::testing::url_of(&db);
    config.backup_dir = Some(db::testing::folder());
    configure(&mut config);
    let router = server::router(&config, db.clone()).await.expect("router");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(server::serve(listener, router));
    Running {
        base: format!("http://{addr}"),
        db,
    }
}

pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

impl Running {
    /// Calls a server function as the browser's forms do; returns (ok, body).
    pub async fn call(
        &self,
        client: &reqwest::Client,
        name: &str,
        form: &[(&str, &str)],
    ) -> (bool, String) {
        let (status, body) = self.send(client, name, form).await;
        ((200..300).contains(&status), body)
    }

    pub async fn set_up(&self, client: &reqwest::Client) -> (bool, String) {
        let form = [
            ("company_name", "欢乐岛儿童乐园"),
            ("currency_symbol", "¥"),
            ("time_zone", "Asia/Shanghai"),
            ("head_office_name", "总店"),
            ("admin_username", "boss"),
            ("admin_name", "王老板"),
            ("admin_password", "happy-island-88"),
            ("admin_password_again", "happy-island-88"),
        ];
        self.call(client, "set_up", &form).await
    }

    /// Signs in on a fresh client; the session cookie (`mc_session=...`) it got.
    pub async fn session_cookie(&self, username: &str, password: &str) -> String {
        let response = browser()
            .post(format!("{}/api/sign_in", self.base))
            .form(&[("username", username), ("password", password)])
            .send()
            .await
            .expect("sign in");
        assert!(response.status().is_success());
        response
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("mc_session="))
            .and_then(|c| c.split(';').next())
            .map(str::to_owned)
            .expect("a staff session cookie")
    }

    pub async fn sign_in(
        &self,
        client: &reqwest::Client,
        username: &str,
        password: &str,
    ) -> (bool, String) {
        self.call(
            client,
            "sign_in",
            &[("username", username), ("password", password)],
        )
        .await
    }

    pub async fn security_events(&self) -> Vec<String> {
        let entries = db::security_log::recent(&self.db, domain::access::Scope::AllStores, 500)
            .await
            .unwrap();
        entries.into_iter().rev().map(|e| e.event).collect()
    }
}

impl Running {
    /// Calls a server function with a form; returns (HTTP status, body).
    pub async fn send(
        &self,
        client: &reqwest::Client,
        name: &str,
        form: &[(&str, &str)],
    ) -> (u16, String) {
        let response = client
            .post(format!("{}/api/{name}", self.base))
            .form(form)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// Calls a server function with JSON; returns (HTTP status, body).
    pub async fn send_json(
        &self,
        client: &reqwest::Client,
        name: &str,
        body: serde_json::Value,
    ) -> (u16, String) {
        let response = client
            .post(format!("{}/api/{name}", self.base))
            .json(&body)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// Calls a server function that takes JSON; returns (ok, body).
    pub async fn call_json(
        &self,
        client: &reqwest::Client,
        name: &str,
        body: serde_json::Value,
    ) -> (bool, String) {
        let (status, body) = self.send_json(client, name, body).await;
        ((200..300).contains(&status), body)
    }
}

/// A stored-value plan at 100.00 accepted everywhere, as `save_plan` takes it.
pub fn stored_value_plan() -> serde_json::Value {
    serde_json::json!({ "id": 0, "form": { "name": "储值卡", "kind": "stored_value", "price": "100", "bonus": "",
        "visits": "", "validity": "none", "validity_days": "", "recharge_every": "", "recharge_bonus": "", "stores": "" } })
}

/// An anonymous card of `plan_id` paid in cash, as `issue_card` takes it.
pub fn anonymous_card(
    request_id: &str,
    plan_id: i64,
    card_no: &str,
    pin: &str,
) -> serde_json::Value {
    serde_json::json!({ "request_id": request_id, "form": { "plan_id": plan_id, "member_id": 0, "card_no": card_no,
        "uid": "", "pin": pin, "pin_again": pin, "payment": "cash", "fee": "" } })
}

impl Running {
    /// Sets the company up and signs its admin in.
    pub async fn boss(&self) -> reqwest::Client {
        let boss = browser();
        assert!(self.set_up(&boss).await.0);
        assert!(self.sign_in(&boss, "boss", "happy-island-88").await.0);
        boss
    }

    /// A new staff member of `role` at `store`, signed in on a browser of their own.
    pub async fn staff_client(
        &self,
        boss: &reqwest::Client,
        username: &str,
        role: &str,
        store: i64,
    ) -> reqwest::Client {
        const PASSWORD: &str = "till-4-ever-88";
        let store = store.to_string();
        let form = [
            ("username", username),
            ("name", "李娜"),
            ("role", role),
            ("home_store_id", store.as_str()),
            ("password", PASSWORD),
        ];
        let (ok, body) = self.call(boss, "create_staff", &form).await;
        assert!(ok, "{body}");
        let client = browser();
        assert!(self.sign_in(&client, username, PASSWORD).await.0);
        client
    }

    /// Lets any signed-in browser open shifts and sell, as a shop that has not
    /// turned registered tills on (tests of other things than tills).
    pub async fn any_browser_sells(&self, boss: &reqwest::Client) {
        let (ok, body) = self
            .call(boss, "set_tills_required", &[("on", "false")])
            .await;
        assert!(ok, "{body}");
    }

    /// Makes `client`'s browser a till of `store_id` ("front desk"), as the
    /// boss adds it and the client types its pairing code.
    pub async fn pair_till(
        &self,
        boss: &reqwest::Client,
        client: &reqwest::Client,
        store_id: i64,
        name: &str,
    ) {
        let store = store_id.to_string();
        let (ok, body) = self
            .call(boss, "add_till", &[("name", name), ("store_id", &store)])
            .await;
        assert!(ok, "{body}");
        let code: serde_json::Value = serde_json::from_str(&body).unwrap();
        let (ok, body) = self
            .call(
                client,
                "pair_till",
                &[("code", code["code"].as_str().unwrap())],
            )
            .await;
        assert!(ok, "{body}");
    }

    /// Opens branch "B1"; its id.
    pub async fn branch(&self, boss: &reqwest::Client) -> i64 {
        let form = [
            ("code", "B1"),
            ("name", "分店"),
            ("address", ""),
            ("phone", ""),
            ("owner", ""),
        ];
        let (ok, id) = self.call(boss, "create_store", &form).await;
        assert!(ok, "{id}");
        id.parse().unwrap()
    }

    /// Issues `count` anonymous cards of a new 100.00 plan, numbered `{prefix}0000`
    /// on, with `pin` ("" for none): the plan's id and the cards' first slips.
    pub async fn stored_value_cards(
        &self,
        boss: &reqwest::Client,
        prefix: &str,
        count: usize,
        pin: &str,
    ) -> (i64, Vec<serde_json::Value>) {
        let (ok, plan) = self.call_json(boss, "save_plan", stored_value_plan()).await;
        assert!(ok, "{plan}");
        let plan: i64 = plan.parse().unwrap();
        let mut slips = Vec::new();
        for n in 0..count {
            let body = anonymous_card(
                &format!("{prefix}-issue-{n:04}"),
                plan,
                &format!("{prefix}{n:04}"),
                pin,
            );
            let (ok, slip) = self.call_json(boss, "issue_card", body).await;
            assert!(ok, "{slip}");
            slips.push(serde_json::from_str(&slip).unwrap());
        }
        (plan, slips)
    }
}

/// A client that sends exactly this Cookie header (no cookie store).
pub fn with_cookie(cookie: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A phone's browser: its own cookies, a language, no redirects followed.
pub fn phone(language: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        reqwest::header::HeaderValue::from_str(language).expect("language"),
    );
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

impl Running {
    /// Signs a member in on `/my/sign-in`: (status, body, the member session's id
    /// from the cookie when one was set).
    pub async fn member_sign_in(
        &self,
        phone: &reqwest::Client,
        key: &str,
        pin: &str,
    ) -> (u16, String, Option<String>) {
        let response = phone
            .post(format!("{}/my/sign-in", self.base))
            .header("origin", &self.base)
            .form(&[("key", key), ("pin", pin)])
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        let id = response
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| {
                c.strip_prefix("mc_member=")?
                    .split(';')
                    .next()
                    .map(str::to_owned)
            });
        (status, response.text().await.expect("body"), id)
    }

    /// A page of the member's area: (status, body).
    pub async fn my(&self, phone: &reqwest::Client, path: &str) -> (u16, String) {
        let response = phone
            .get(format!("{}/my/{path}", self.base))
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// A form posted on the member's area: (status, Location or body).
    pub async fn my_post(
        &self,
        phone: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> (u16, String) {
        let response = phone
            .post(format!("{}/my/{path}", self.base))
            .header("origin", &self.base)
            .form(form)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        let body = response.text().await.expect("body");
        (status, location.unwrap_or(body))
    }

    /// A member with phone `phone` and a stored-value card `card_no` with `pin`,
    /// recharged with 100.00: (member id, card id).
    pub async fn member_with_card(
        &self,
        boss: &reqwest::Client,
        name: &str,
        phone: &str,
        plan: i64,
        card_no: &str,
        pin: &str,
    ) -> (i64, i64) {
        let member = serde_json::json!({ "id": 0, "form": { "member_no": "", "name": name, "phone": phone, "gender": "",
            "birthday": "", "id_number": "", "email": "", "address": "", "home_store_id": 1, "referrer": "",
            "valid_until": "", "hobbies": "", "notes": "", "active": "on", "custom": [] } });
        let (ok, member) = self.call_json(boss, "save_member", member).await;
        assert!(ok, "{member}");
        let member: i64 = member.trim().parse().expect("member id");
        let body = serde_json::json!({ "request_id": format!("issue-{card_no}"), "form": { "plan_id": plan,
            "member_id": member, "card_no": card_no, "uid": "", "pin": pin, "pin_again": pin, "payment": "cash", "fee": "" } });
        let (ok, slip) = self.call_json(boss, "issue_card", body).await;
        assert!(ok, "{slip}");
        let slip: serde_json::Value = serde_json::from_str(&slip).expect("slip");
        (member, slip["card_id"].as_i64().expect("card id"))
    }
}

// The member pages' tests (portal.rs, member_actions.rs).

pub const MEMBER_PIN: &str = "583920";

pub async fn shop(db: Db) -> (Running, reqwest::Client, i64) {
    let server = start(db).await;
    let boss = server.boss().await;
    let (ok, plan) = server
        .call_json(&boss, "save_plan", stored_value_plan())
        .await;
    assert!(ok, "{plan}");
    (server, boss, plan.parse().unwrap())
}

/// The text of the page's refusal paragraph.
pub fn alert(body: &str) -> String {
    let start = body.find("role=\"alert\"").expect("a refusal on the page");
    let text = &body[start..];
    let open = text.find('>').unwrap() + 1;
    let close = text.find("</p>").unwrap();
    text[open..close].to_owned()
}

pub fn spend(card: i64, rid: &str, pin: &str) -> serde_json::Value {
    serde_json::json!({ "request_id": rid, "card_id": card, "action": { "Spend": { "amount": "10", "pin": pin } }, "reason": "" })
}

/// The server binary in a process of its own on a free port.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server binary on `url` and waits until it answers.
pub async fn launch(url: &str) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let site = std::env::temp_dir().join("membership-crash-site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("DATABASE_URL", url)
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("SITE_ROOT", &site)
        .env("BACKUP_DIR", db::testing::folder())
        .env("RUST_LOG", "warn")
        .spawn()
        .expect("start the server binary");
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = reqwest::get(format!("{base}/healthz")).await
            && r.status().is_success()
        {
            break;
        }
        assert!(Instant::now() < deadline, "the server did not come up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Server { child, base }
}

/// Wrong-PIN payments sent at once: how many were answered "wrong PIN" and how
/// many "locked" (none may pay, nothing else may come back).
pub async fn pin_answers(guesses: Vec<tokio::task::JoinHandle<(bool, String)>>) -> (usize, usize) {
    let (mut wrong, mut locked) = (0, 0);
    for guess in guesses {
        let (ok, body) = guess.await.unwrap();
        assert!(!ok, "a wrong PIN paid: {body}");
        if body.contains("WrongPin") {
            wrong += 1;
        } else if body.contains("PinLocked") {
            locked += 1;
        } else {
            panic!("unexpected answer {body}");
        }
    }
    (wrong, locked)
}
