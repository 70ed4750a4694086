//! The real server on a random port, and a browser-like client.
#![allow(dead_code)]

use db::Db;
use server::config::Config;

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
