//! What the permission matrix acts on: a shop with two stores, a member, plans,
//! cards, payments and sales, made by the head-office admin.

use crate::common::{Running, browser, start};
use db::Db;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU32, Ordering};

pub(crate) const PASSWORD: &str = "matrix-pass-77";

/// Ranks of the levels the matrix adds (each must be its own).
pub(crate) static LEVELS: AtomicU32 = AtomicU32::new(0);

/// What the calls act on, made by the head-office admin.
pub(crate) struct World {
    pub(crate) server: Running,
    pub(crate) boss: reqwest::Client,
    pub(crate) branch: i64,
    pub(crate) store_codes: [(i64, String); 2],
    /// A floor-staff account in each store, for the staff functions to act on.
    pub(crate) victims: [(i64, i64); 2],
    /// A payment made in each store: (store, transaction id).
    pub(crate) payments: [(i64, i64); 2],
    /// A sale made in each store: (store, sale id).
    pub(crate) sales: [(i64, i64); 2],
    pub(crate) item: i64,
    pub(crate) level: i64,
    pub(crate) plans: Plans,
    pub(crate) member: i64,
    /// A gift (1 point) with stock at both stores.
    pub(crate) gift: i64,
    /// Someone who may redeem points at each store: (branch, head office).
    pub(crate) tellers: Vec<reqwest::Client>,
    pub(crate) n: AtomicU32,
}

pub(crate) struct Plans {
    pub(crate) stored_value: i64,
    pub(crate) count: i64,
    pub(crate) time: i64,
}

impl World {
    pub(crate) fn next(&self) -> u32 {
        self.n.fetch_add(1, Ordering::Relaxed)
    }

    pub(crate) async fn ok(&self, client: &reqwest::Client, name: &str, body: Value) -> Value {
        let (ok, text) = self.server.call_json(client, name, body).await;
        assert!(ok, "{name}: {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    pub(crate) async fn form(
        &self,
        client: &reqwest::Client,
        name: &str,
        form: &[(&str, &str)],
    ) -> String {
        let (ok, text) = self.server.call(client, name, form).await;
        assert!(ok, "{name}: {text}");
        text
    }

    /// A new card of `plan` (a member's, for count and time cards), issued by the boss.
    pub(crate) async fn card(&self, plan: i64) -> i64 {
        self.numbered_card(plan).await.0
    }

    pub(crate) async fn numbered_card(&self, plan: i64) -> (i64, String) {
        let n = self.next();
        let member = if plan == self.plans.stored_value {
            0
        } else {
            self.member
        };
        let slip = self.ok(&self.boss, "issue_card", json!({ "request_id": format!("matrix-issue-{n:06}"),
            "form": { "plan_id": plan, "member_id": member, "card_no": format!("MX{n:06}"), "uid": "",
                      "pin": "", "pin_again": "", "payment": "cash", "fee": "" } })).await;
        (slip["card_id"].as_i64().unwrap(), format!("MX{n:06}"))
    }

    pub(crate) async fn act(
        &self,
        client: &reqwest::Client,
        card: i64,
        action: Value,
    ) -> (bool, String) {
        let n = self.next();
        let body = json!({ "request_id": format!("matrix-act-{n:06}"), "card_id": card, "action": action, "reason": "" });
        self.server.call_json(client, "act_on_card", body).await
    }
}

pub(crate) fn plan_form(name: &str, kind: &str, visits: &str, validity: &str) -> Value {
    json!({ "name": name, "kind": kind, "price": "100", "bonus": "", "visits": visits, "validity": validity,
        "validity_days": "", "recharge_every": "", "recharge_bonus": "", "stores": "" })
}

pub(crate) async fn world(db: Db) -> World {
    let server = start(db).await;
    let boss = server.boss().await;
    server.any_browser_sells(&boss).await;
    let branch = server.branch(&boss).await;
    let stores: Value =
        serde_json::from_str(&server.call(&boss, "list_stores", &[]).await.1).unwrap();
    let head = stores
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] != branch)
        .unwrap();
    let head_code = head["code"].as_str().unwrap().to_owned();
    let head = head["id"].as_i64().unwrap();
    let mut w = World {
        server,
        boss,
        branch,
        store_codes: [(branch, "B1".into()), (head, head_code)],
        victims: [(branch, 0), (head, 0)],
        payments: [(branch, 0), (head, 0)],
        sales: [(branch, 0), (head, 0)],
        item: 0,
        level: 0,
        plans: Plans {
            stored_value: 0,
            count: 0,
            time: 0,
        },
        member: 0,
        gift: 0,
        tellers: Vec::new(),
        n: AtomicU32::new(1),
    };
    for (i, store) in [branch, head].into_iter().enumerate() {
        let username = format!("floor{i}");
        let id = create_staff(&w, &username, "staff", store).await;
        w.victims[i] = (store, id);
    }
    let plan = |v: Value| {
        v.as_str()
            .map_or_else(|| v.as_i64().unwrap(), |s| s.parse().unwrap())
    };
    w.plans.stored_value = plan(
        w.ok(
            &w.boss,
            "save_plan",
            json!({ "id": 0, "form": plan_form("储值卡", "stored_value", "", "none") }),
        )
        .await,
    );
    w.plans.count = plan(
        w.ok(
            &w.boss,
            "save_plan",
            json!({ "id": 0, "form": plan_form("十次卡", "count", "10", "none") }),
        )
        .await,
    );
    w.plans.time = plan(
        w.ok(
            &w.boss,
            "save_plan",
            json!({ "id": 0, "form": plan_form("月卡", "time", "", "month") }),
        )
        .await,
    );
    w.member = plan(
        w.ok(
            &w.boss,
            "save_member",
            json!({ "id": 0, "form": member_form(0, head) }),
        )
        .await,
    );
    // A payment in each store, for refunds and slips.
    let teller = browser();
    create_staff(&w, "teller", "cashier", branch).await;
    assert!(w.server.sign_in(&teller, "teller", PASSWORD).await.0);
    for (i, client) in [&teller, &w.boss].into_iter().enumerate() {
        let card = w.card(w.plans.stored_value).await;
        let (ok, slip) = w
            .act(
                client,
                card,
                json!({ "Spend": { "amount": "50", "pin": "" } }),
            )
            .await;
        assert!(ok, "{slip}");
        let slip: Value = serde_json::from_str(&slip).unwrap();
        w.payments[i].1 = slip["transaction_id"].as_i64().unwrap();
    }
    w.item = plan(
        w.ok(
            &w.boss,
            "save_item",
            json!({ "id": 0, "form": item_form(0) }),
        )
        .await,
    );
    w.level = plan(
        w.ok(
            &w.boss,
            "save_level",
            json!({ "id": 0, "form": { "name": "金卡", "rank": "1", "rate": "9", "style": "zhe" } }),
        )
        .await,
    );
    // A sale in each store, for receipts.
    for (i, client) in [&teller, &w.boss].into_iter().enumerate() {
        let (ok, text) = w.server.call(client, "open_shift", &[("float", "0")]).await;
        assert!(ok, "{text}");
        // 999 units (the most a line takes): every allowed refund in the
        // matrix takes one.
        let mut form = sale_form(w.item, i as u32);
        form["form"]["lines"] = json!([[w.item, 999]]);
        form["form"]["payments"] = json!([["cash", "9990"]]);
        // The member earns points to redeem.
        form["form"]["member_id"] = json!(w.member);
        let receipt = w.ok(client, "sell", form).await;
        w.sales[i].1 = receipt["sale_id"].as_i64().unwrap();
    }
    w.gift = plan(
        w.ok(
            &w.boss,
            "save_gift",
            json!({ "id": 0, "form": { "name": "礼品", "points_price": "1", "inactive": false } }),
        )
        .await,
    );
    for store in [branch, head] {
        let (gift, store) = (w.gift.to_string(), store.to_string());
        w.form(
            &w.boss,
            "set_gift_stock",
            &[
                ("gift_id", &gift),
                ("store_id", &store),
                ("quantity", "100000"),
            ],
        )
        .await;
    }
    let mut loyalty: Value =
        serde_json::from_str(&w.server.call(&w.boss, "load_loyalty", &[]).await.1).unwrap();
    loyalty["points_per_yuan"] = json!("1");
    w.ok(&w.boss, "save_loyalty", json!({ "form": loyalty }))
        .await;
    w.tellers = vec![teller, w.boss.clone()];
    w
}

impl World {
    /// A redemption made at the store `target` (0 the branch, 1 the head office).
    pub(crate) async fn redemption(&self, target: usize) -> i64 {
        let n = self.next();
        let (gift, member) = (self.gift.to_string(), self.member.to_string());
        let rid = format!("matrix-redeem-{n:06}");
        let id = self
            .form(
                &self.tellers[target],
                "redeem_gift",
                &[
                    ("request_id", &rid),
                    ("member_id", &member),
                    ("gift_id", &gift),
                ],
            )
            .await;
        id.trim().parse().unwrap()
    }

    /// A stored-value card of the member, issued by the boss.
    pub(crate) async fn member_card(&self) -> i64 {
        let n = self.next();
        let slip = self.ok(&self.boss, "issue_card", json!({ "request_id": format!("matrix-issue-m{n:06}"),
            "form": { "plan_id": self.plans.stored_value, "member_id": self.member, "card_no": format!("MM{n:06}"), "uid": "",
                      "pin": "", "pin_again": "", "payment": "cash", "fee": "" } })).await;
        slip["card_id"].as_i64().unwrap()
    }
}

pub(crate) fn item_form(n: u32) -> Value {
    json!({ "code": format!("I{n}"), "barcode": "", "short_code": "", "name": format!("品{n}"), "unit": "",
        "price": "10", "cost": "", "category_id": 0, "store_ids": [], "inactive": false })
}

pub(crate) fn sale_form(item: i64, n: u32) -> Value {
    json!({ "form": { "request_id": format!("matrix-sale-{n:06}"), "member_id": null, "card_id": null,
        "lines": [[item, 1]], "payments": [["cash", "10"]], "cash_given": "", "pin": "" } })
}

pub(crate) fn member_form(n: u32, store: i64) -> Value {
    json!({ "member_no": "", "name": format!("会员{n}"), "phone": format!("1350000{n:04}"), "gender": "",
        "birthday": "", "id_number": "", "email": "", "address": "", "home_store_id": store, "referrer": "",
        "valid_until": "", "hobbies": "", "notes": "", "active": "on", "custom": [] })
}

pub(crate) async fn create_staff(w: &World, username: &str, role: &str, store: i64) -> i64 {
    let store = store.to_string();
    let form = [
        ("username", username),
        ("name", username),
        ("role", role),
        ("home_store_id", &store),
        ("password", PASSWORD),
    ];
    w.form(&w.boss, "create_staff", &form)
        .await
        .parse()
        .unwrap()
}
