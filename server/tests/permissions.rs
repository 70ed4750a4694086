//! The permission matrix: every server function (and every card action) × every
//! role × own store / another store, on SQLite and Postgres. A cell succeeds only
//! where `domain::access::permissions_of` and the row's scope rule say so; every
//! other cell is refused before anything is written. A server function that has no
//! row here fails the test.

mod common;

use common::{Running, browser, start};
use db::{Db, on_both_databases};
use domain::access::{Permission as P, Role, permissions_of};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU32, Ordering};

on_both_databases!(every_server_function_for_every_role_and_store);

#[derive(Clone, Copy, PartialEq)]
enum Access {
    /// Anyone, signed in or not (tested apart from the roles).
    Public,
    SignedIn,
    Needs(P),
    /// The permission and head-office scope (adding a branch).
    NeedsHeadOffice(P),
}

use Access::*;

/// (row, access, does the store of the thing acted on matter?)
const ROWS: &[(&str, Access, bool)] = &[
    ("current_session", Public, false),
    ("set_up", Public, false),
    ("sign_in", Public, false),
    ("sign_out", Public, false),
    ("list_stores", SignedIn, false),
    ("create_store", NeedsHeadOffice(P::ManageStores), false),
    ("update_store", Needs(P::ManageStores), true),
    ("set_store_active", Needs(P::ManageStores), true),
    ("list_staff", Needs(P::ViewStaff), false),
    ("create_staff", Needs(P::ManageStaff), true),
    ("update_staff", Needs(P::ManageStaff), true),
    ("set_staff_active", Needs(P::ManageStaff), true),
    ("reset_staff_password", Needs(P::ManageStaff), true),
    ("my_till", Needs(P::UseTill), false),
    ("open_shift", Needs(P::UseTill), false),
    // While the shift the row above opened is open:
    ("sell", Needs(P::UseTill), false),
    ("close_shift", Needs(P::UseTill), false),
    ("find_at_till", Needs(P::UseTill), false),
    ("till_pick_member", Needs(P::UseTill), false),
    ("till_items", Needs(P::UseTill), false),
    ("quote_sale", Needs(P::UseTill), false),
    ("recent_sales", Needs(P::UseTill), false),
    ("suggest_card_no", Needs(P::EditMembers), false),
    ("sale_receipt", Needs(P::UseTill), true),
    ("store_shifts", Needs(P::ViewAllShifts), false),
    ("load_levels", Needs(P::ViewMembers), false),
    ("save_level", Needs(P::ManageSettings), false),
    ("save_discount_rule", Needs(P::ManageSettings), false),
    ("remove_discount_rule", Needs(P::ManageSettings), false),
    ("search_members", Needs(P::ViewMembers), false),
    ("member_details", Needs(P::ViewMembers), false),
    ("save_member", Needs(P::EditMembers), true),
    ("find_card", Needs(P::ViewMembers), false),
    ("load_card_page", Needs(P::ViewMembers), false),
    // A card's history is seen at every store (ARCHITECTURE.md): so are its slips.
    ("load_slip", Needs(P::ViewMembers), false),
    ("issue_card", Needs(P::EditMembers), false),
    ("issue_batch", Needs(P::ManageCards), false),
    ("reverse_transaction", Needs(P::RefundAndReverse), true),
    ("set_card_pin:change", Needs(P::ChargeCard), false),
    ("set_card_pin:reset", Needs(P::ResetCardPin), false),
    ("set_card_daily_limit", Needs(P::ManageCards), false),
    ("act_on_card:Recharge", Needs(P::Recharge), false),
    (
        "act_on_card:RechargeWithBonus",
        Needs(P::ManageCards),
        false,
    ),
    ("act_on_card:Spend", Needs(P::ChargeCard), false),
    ("act_on_card:UseVisits", Needs(P::UseVisits), false),
    ("act_on_card:CheckIn", Needs(P::UseVisits), false),
    ("act_on_card:Freeze", Needs(P::ReportLoss), false),
    ("act_on_card:Unfreeze", Needs(P::ManageCards), false),
    ("act_on_card:Replace", Needs(P::ManageCards), false),
    ("act_on_card:Exchange", Needs(P::ManageCards), false),
    ("act_on_card:Repair", Needs(P::ManageCards), false),
    ("act_on_card:Return", Needs(P::ManageCards), false),
    ("act_on_card:Renew", Needs(P::ManageCards), false),
    ("act_on_card:Pause", Needs(P::ManageCards), false),
    ("act_on_card:Resume", Needs(P::ManageCards), false),
    ("shop_settings", Needs(P::ManageSettings), false),
    ("save_shop_settings", Needs(P::ManageSettings), false),
    ("list_plans", Needs(P::ViewMembers), false),
    ("save_plan", Needs(P::ManageSettings), false),
    ("set_plan_active", Needs(P::ManageSettings), false),
    ("pay_methods", Needs(P::ManageSettings), false),
    ("add_pay_method", Needs(P::ManageSettings), false),
    ("save_pay_method", Needs(P::ManageSettings), false),
    ("set_pay_method_active", Needs(P::ManageSettings), false),
    ("member_fields", Needs(P::ViewMembers), false),
    ("add_member_field", Needs(P::ManageSettings), false),
    ("remove_member_field", Needs(P::ManageSettings), false),
    ("load_catalogue", Needs(P::ViewMembers), false),
    ("save_category", Needs(P::ManageSettings), false),
    ("save_item", Needs(P::ManageSettings), false),
    ("change_my_password", SignedIn, false),
];

const PASSWORD: &str = "matrix-pass-77";

/// Ranks of the levels the matrix adds (each must be its own).
static LEVELS: AtomicU32 = AtomicU32::new(0);

/// What the calls act on, made by the head-office admin.
struct World {
    server: Running,
    boss: reqwest::Client,
    branch: i64,
    store_codes: [(i64, String); 2],
    /// A floor-staff account in each store, for the staff functions to act on.
    victims: [(i64, i64); 2],
    /// A payment made in each store: (store, transaction id).
    payments: [(i64, i64); 2],
    /// A sale made in each store: (store, sale id).
    sales: [(i64, i64); 2],
    item: i64,
    level: i64,
    plans: Plans,
    member: i64,
    n: AtomicU32,
}

struct Plans {
    stored_value: i64,
    count: i64,
    time: i64,
}

impl World {
    fn next(&self) -> u32 {
        self.n.fetch_add(1, Ordering::Relaxed)
    }

    async fn ok(&self, client: &reqwest::Client, name: &str, body: Value) -> Value {
        let (ok, text) = self.server.call_json(client, name, body).await;
        assert!(ok, "{name}: {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    async fn form(&self, client: &reqwest::Client, name: &str, form: &[(&str, &str)]) -> String {
        let (ok, text) = self.server.call(client, name, form).await;
        assert!(ok, "{name}: {text}");
        text
    }

    /// A new card of `plan` (a member's, for count and time cards), issued by the boss.
    async fn card(&self, plan: i64) -> i64 {
        self.numbered_card(plan).await.0
    }

    async fn numbered_card(&self, plan: i64) -> (i64, String) {
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

    async fn act(&self, client: &reqwest::Client, card: i64, action: Value) -> (bool, String) {
        let n = self.next();
        let body = json!({ "request_id": format!("matrix-act-{n:06}"), "card_id": card, "action": action, "reason": "" });
        self.server.call_json(client, "act_on_card", body).await
    }
}

fn plan_form(name: &str, kind: &str, visits: &str, validity: &str) -> Value {
    json!({ "name": name, "kind": kind, "price": "100", "bonus": "", "visits": visits, "validity": validity,
        "validity_days": "", "recharge_every": "", "recharge_bonus": "", "stores": "" })
}

async fn world(db: Db) -> World {
    let server = start(db).await;
    let boss = server.boss().await;
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
        let receipt = w.ok(client, "sell", sale_form(w.item, i as u32)).await;
        w.sales[i].1 = receipt["sale_id"].as_i64().unwrap();
    }
    w
}

fn item_form(n: u32) -> Value {
    json!({ "code": format!("I{n}"), "barcode": "", "short_code": "", "name": format!("品{n}"), "unit": "",
        "price": "10", "cost": "", "category_id": 0, "store_ids": [], "inactive": false })
}

fn sale_form(item: i64, n: u32) -> Value {
    json!({ "form": { "request_id": format!("matrix-sale-{n:06}"), "member_id": null, "card_id": null,
        "lines": [[item, 1]], "payments": [["cash", "10"]], "cash_given": "", "pin": "" } })
}

fn member_form(n: u32, store: i64) -> Value {
    json!({ "member_no": "", "name": format!("会员{n}"), "phone": format!("1350000{n:04}"), "gender": "",
        "birthday": "", "id_number": "", "email": "", "address": "", "home_store_id": store, "referrer": "",
        "valid_until": "", "hobbies": "", "notes": "", "active": "on", "custom": [] })
}

async fn create_staff(w: &World, username: &str, role: &str, store: i64) -> i64 {
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

/// Calls row `row` as `client`; `own` picks the actor's store (else the other one)
/// for the rows whose store matters. Setting-up calls are made by the boss.
async fn call(w: &World, client: &reqwest::Client, row: &str, target: usize) -> (bool, String) {
    let n = w.next();
    let s = &w.server;
    let store = w.store_codes[target].0.to_string();
    let card = |plan| w.card(plan);
    match row {
        "list_stores" | "list_staff" | "my_till" | "shop_settings" | "list_plans" | "member_fields" | "pay_methods"
        | "load_levels" | "store_shifts" | "recent_sales" => s.call(client, row, &[]).await,
        "load_catalogue" => s.call(client, row, &[("search", "")]).await,
        "sell" => s.call_json(client, row, sale_form(w.item, 1_000 + n)).await,
        "find_at_till" => s.call(client, row, &[("text", "会员")]).await,
        "till_pick_member" => s.call(client, row, &[("id", &w.member.to_string())]).await,
        "till_items" => s.call(client, row, &[("text", "I0")]).await,
        "quote_sale" => s.call_json(client, row, json!({ "member_id": w.member, "lines": [[w.item, 2]] })).await,
        "sale_receipt" => s.call(client, row, &[("sale_id", &w.sales[target].1.to_string())]).await,
        "save_level" => s.call_json(client, row, json!({ "id": 0, "form": { "name": format!("级{n}"), "rank": format!("{}", 2 + LEVELS.fetch_add(1, Ordering::Relaxed)), "rate": "9.5", "style": "zhe" } })).await,
        "save_discount_rule" => s.call_json(client, row, json!({ "form": { "level_id": w.level, "category_id": 0, "item_code": "I0", "rate": "8", "style": "zhe" } })).await,
        "remove_discount_rule" => {
            w.ok(&w.boss, "save_discount_rule", json!({ "form": { "level_id": w.level, "category_id": 0, "item_code": "I0", "rate": "8", "style": "zhe" } })).await;
            s.call_json(client, row, json!({ "level_id": w.level, "target": { "Item": w.item } })).await
        }
        "create_store" => {
            let code = format!("N{n}");
            s.call(client, row, &[("code", &code), ("name", "新店"), ("address", ""), ("phone", ""), ("owner", "")]).await
        }
        "update_store" => {
            let code = &w.store_codes[target].1;
            s.call(client, row, &[("id", &store), ("code", code), ("name", "改名店"), ("address", ""), ("phone", ""), ("owner", "")]).await
        }
        "set_store_active" => s.call(client, row, &[("id", &store), ("active", "true")]).await,
        "create_staff" => {
            let username = format!("new{n}");
            let form = [("username", username.as_str()), ("name", "新人"), ("role", "staff"), ("home_store_id", &store), ("password", PASSWORD)];
            s.call(client, row, &form).await
        }
        "update_staff" | "set_staff_active" | "reset_staff_password" => {
            let (home, id) = w.victims[target];
            let (id, home) = (id.to_string(), home.to_string());
            match row {
                "update_staff" => s.call(client, row, &[("id", &id), ("name", "改名"), ("role", "staff"), ("home_store_id", &home)]).await,
                "set_staff_active" => s.call(client, row, &[("id", &id), ("active", "true")]).await,
                _ => s.call(client, row, &[("id", &id), ("new_password", "reset-pass-88")]).await,
            }
        }
        "open_shift" => s.call(client, row, &[("float", "100")]).await,
        "close_shift" => s.call(client, row, &[("counted_cash", "100")]).await,
        "search_members" => s.call(client, row, &[("query", "会员"), ("page", "0"), ("page_size", "20")]).await,
        "member_details" => s.call(client, row, &[("id", &w.member.to_string())]).await,
        "save_member" => s.call_json(client, row, json!({ "id": 0, "form": member_form(n, w.store_codes[target].0) })).await,
        "find_card" => s.call(client, row, &[("number", &w.numbered_card(w.plans.stored_value).await.1)]).await,
        "suggest_card_no" => s.call(client, row, &[("plan_id", &w.plans.count.to_string())]).await,
        "load_card_page" => s.call(client, row, &[("id", &card(w.plans.stored_value).await.to_string())]).await,
        "load_slip" => s.call(client, row, &[("id", &w.payments[target].1.to_string())]).await,
        "issue_card" => {
            s.call_json(client, row, json!({ "request_id": format!("matrix-new-{n:06}"), "form": { "plan_id": w.plans.stored_value,
                "member_id": 0, "card_no": format!("NC{n:06}"), "uid": "", "pin": "", "pin_again": "", "payment": "cash", "fee": "" } })).await
        }
        "issue_batch" => {
            let (rid, first, plan) = (format!("matrix-batch-{n:06}"), format!("BT{n:04}00"), w.plans.stored_value.to_string());
            s.call(client, row, &[("request_id", &rid), ("plan_id", &plan), ("first_no", &first), ("count", "2"), ("payment", "cash")]).await
        }
        "reverse_transaction" => {
            let (rid, original) = (format!("matrix-refund-{n:06}"), w.payments[target].1.to_string());
            s.call(client, row, &[("request_id", &rid), ("original_id", &original), ("amount", "0.01"), ("visits", ""), ("reason", "核对")]).await
        }
        "set_card_pin:change" | "set_card_pin:reset" => {
            let (rid, id) = (format!("matrix-pin-{n:06}"), card(w.plans.stored_value).await.to_string());
            let reset = if row.ends_with("reset") { "true" } else { "false" };
            s.call(client, "set_card_pin", &[("request_id", &rid), ("card_id", &id), ("current", ""), ("new_pin", "246810"), ("new_pin_again", "246810"), ("reset", reset)]).await
        }
        "set_card_daily_limit" => s.call(client, row, &[("card_id", &card(w.plans.stored_value).await.to_string()), ("limit", "100")]).await,
        "save_shop_settings" => {
            let form: Value = serde_json::from_str(&w.server.call(&w.boss, "shop_settings", &[]).await.1).unwrap();
            s.call_json(client, row, json!({ "form": form })).await
        }
        "save_plan" => s.call_json(client, row, json!({ "id": 0, "form": plan_form(&format!("新卡{n}"), "stored_value", "", "none") })).await,
        "set_plan_active" => s.call(client, row, &[("id", &w.plans.count.to_string()), ("active", "true")]).await,
        "add_pay_method" => s.call_json(client, row, json!({ "form": { "name_zh_cn": format!("券{n}"), "name_zh_tw": "", "name_en": "", "into_drawer": true } })).await,
        "save_pay_method" => {
            let code = w.ok(&w.boss, "add_pay_method", json!({ "form": { "name_zh_cn": format!("改{n}"), "name_zh_tw": "", "name_en": "", "into_drawer": false } })).await;
            s.call_json(client, row, json!({ "code": code, "form": { "name_zh_cn": format!("微信{n}"), "name_zh_tw": "", "name_en": "WeChat", "into_drawer": false } })).await
        }
        "set_pay_method_active" => s.call(client, row, &[("code", "cheque"), ("active", "true")]).await,
        "add_member_field" => s.call_json(client, row, json!({ "form": { "name": format!("字段{n}"), "kind": "text", "choices": "" } })).await,
        "remove_member_field" => {
            let id = w.ok(&w.boss, "add_member_field", json!({ "form": { "name": format!("旧字段{n}"), "kind": "text", "choices": "" } })).await;
            s.call(client, row, &[("id", &id.to_string())]).await
        }
        "save_category" => s.call_json(client, row, json!({ "id": 0, "form": { "code": format!("C{n}"), "name": format!("类{n}"), "parent_id": 0 } })).await,
        "save_item" => s.call_json(client, row, json!({ "id": 0, "form": item_form(n) })).await,
        "change_my_password" => s.call(client, row, &[("current_password", PASSWORD), ("new_password", PASSWORD)]).await,
        action => card_action(w, client, action.strip_prefix("act_on_card:").unwrap_or_else(|| panic!("no call for row {action}"))).await,
    }
}

async fn card_action(w: &World, client: &reqwest::Client, action: &str) -> (bool, String) {
    let n = w.next();
    let p = &w.plans;
    let (plan, body, prepare) = match action {
        "Recharge" => (
            p.stored_value,
            json!({ "Recharge": { "amount": "10", "payment": "cash", "bonus": "" } }),
            None,
        ),
        "RechargeWithBonus" => (
            p.stored_value,
            json!({ "Recharge": { "amount": "10", "payment": "cash", "bonus": "5" } }),
            None,
        ),
        "Spend" => (
            p.stored_value,
            json!({ "Spend": { "amount": "1", "pin": "" } }),
            None,
        ),
        "UseVisits" => (p.count, json!({ "UseVisits": { "visits": "1" } }), None),
        "CheckIn" => (p.time, json!("CheckIn"), None),
        "Freeze" => (p.stored_value, json!("Freeze"), None),
        "Unfreeze" => (p.stored_value, json!("Unfreeze"), Some(json!("Freeze"))),
        "Replace" => (
            p.stored_value,
            json!({ "Replace": { "new_no": format!("RP{n:06}"), "new_uid": "", "payment": "cash", "fee": "" } }),
            None,
        ),
        "Exchange" => (
            p.stored_value,
            json!({ "Exchange": { "new_no": format!("EX{n:06}"), "payment": "cash", "fee": "" } }),
            None,
        ),
        "Repair" => (
            p.stored_value,
            json!({ "Repair": { "new_uid": format!("{n:08}") } }),
            None,
        ),
        "Return" => (
            p.stored_value,
            json!({ "Return": { "payment": "cash", "fee": "" } }),
            None,
        ),
        "Renew" => (
            p.time,
            json!({ "Renew": { "payment": "cash", "fee": "" } }),
            None,
        ),
        "Pause" => (p.time, json!("Pause"), None),
        "Resume" => (p.time, json!("Resume"), Some(json!("Pause"))),
        other => panic!("no call for card action {other}"),
    };
    let card = w.card(plan).await;
    if let Some(first) = prepare {
        let (ok, text) = w.act(&w.boss, card, first).await;
        assert!(ok, "{text}");
    }
    w.act(client, card, body).await
}

struct Actor {
    label: String,
    role: Option<Role>,
    head_office: bool,
    client: reqwest::Client,
}

async fn every_server_function_for_every_role_and_store(db: Db) {
    let w = world(db).await;
    // Every registered server function has a row.
    let rows: Vec<&str> = ROWS
        .iter()
        .map(|r| r.0.split(':').next().unwrap())
        .collect();
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        let name = path.trim_start_matches("/api/");
        assert!(
            rows.contains(&name),
            "server function {name} has no row in the permission matrix"
        );
    }
    let mut actors = vec![Actor {
        label: "nobody".into(),
        role: None,
        head_office: false,
        client: browser(),
    }];
    let head_office = w.store_codes[1].0;
    create_staff(&w, "hq", "admin", head_office).await;
    let hq = browser();
    assert!(w.server.sign_in(&hq, "hq", PASSWORD).await.0);
    actors.push(Actor {
        label: "admin at head office".into(),
        role: Some(Role::Admin),
        head_office: true,
        client: hq,
    });
    for role in [
        Role::Admin,
        Role::Manager,
        Role::Cashier,
        Role::Finance,
        Role::Staff,
    ] {
        let username = format!("b{}", role.code());
        create_staff(&w, &username, role.code(), w.branch).await;
        let client = browser();
        assert!(w.server.sign_in(&client, &username, PASSWORD).await.0);
        actors.push(Actor {
            label: format!("{} at a branch", role.code()),
            role: Some(role),
            head_office: false,
            client,
        });
    }
    let mut cells = 0;
    for &(row, access, scoped) in ROWS {
        if access == Public {
            continue;
        }
        for actor in &actors {
            // Target 0 is the branch, 1 the head office.
            let targets: &[usize] = if scoped { &[0, 1] } else { &[0] };
            for &target in targets {
                let own = if actor.head_office { true } else { target == 0 };
                let allowed = match (actor.role, access) {
                    (None, _) => false,
                    (Some(_), SignedIn) => true,
                    (Some(role), Needs(p)) => permissions_of(role).contains(&p) && (!scoped || own),
                    (Some(role), NeedsHeadOffice(p)) => {
                        permissions_of(role).contains(&p) && actor.head_office
                    }
                    (Some(_), Public) => unreachable!(),
                };
                let (ok, body) = call(&w, &actor.client, row, target).await;
                let place = if target == 0 { "branch" } else { "head office" };
                let cell = format!("{row} by {} on the {place}'s", actor.label);
                if allowed {
                    assert!(ok, "{cell} must succeed: {body}");
                } else {
                    // Out of scope: a store that is not among one's choices, or not found.
                    let refused = [
                        "Forbidden",
                        "NotFound",
                        "NotSignedIn",
                        r#"{"field":"HomeStore","problem":"NotAnOption"}"#,
                    ]
                    .iter()
                    .any(|k| body.contains(k));
                    assert!(!ok && refused, "{cell} must be refused: {body}");
                }
                cells += 1;
            }
        }
    }
    public_functions(&w).await;
    assert!(cells > 300, "{cells} cells");
    assert!(db::integrity::check(&w.server.db).await.unwrap().is_clean());
}

/// Set-up is refused to everyone once done; sign-in and the session answer anyone.
async fn public_functions(w: &World) {
    let anyone = browser();
    let (ok, body) = w.server.call(&anyone, "current_session", &[]).await;
    assert!(ok && body.contains("SignedOut"), "{body}");
    for client in [&anyone, &w.boss] {
        let (ok, body) = w.server.set_up(client).await;
        assert!(!ok && body.contains("AlreadySetUp"), "{body}");
    }
    assert!(w.server.sign_in(&anyone, "teller", PASSWORD).await.0);
    let (ok, body) = w.server.call(&anyone, "sign_out", &[]).await;
    assert!(ok, "{body}");
    let (ok, body) = w.server.call(&anyone, "list_stores", &[]).await;
    assert!(!ok && body.contains("NotSignedIn"), "signed out: {body}");
}
