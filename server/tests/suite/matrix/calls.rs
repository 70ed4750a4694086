//! One call of every server function and card action, as a row of the matrix.

use super::world::*;
use serde_json::{Value, json};
use std::sync::atomic::Ordering;

/// Calls row `row` as `client`; `own` picks the actor's store (else the other one)
/// for the rows whose store matters. Setting-up calls are made by the boss.
pub(crate) async fn call(
    w: &World,
    client: &reqwest::Client,
    row: &str,
    target: usize,
) -> (bool, String) {
    let n = w.next();
    let s = &w.server;
    let store = w.store_codes[target].0.to_string();
    let card = |plan| w.card(plan);
    match row {
        "list_stores" | "list_staff" | "my_till" | "shop_settings" | "list_plans" | "member_fields" | "pay_methods" | "list_gifts" | "load_rebate"
        | "load_promotions"
        | "load_levels" | "store_shifts" | "recent_sales" | "backups" => s.call(client, row, &[]).await,
        "load_catalogue" => s.call(client, row, &[("search", "")]).await,
        "save_backup_plan" => s.call_json(client, row, json!({ "form": { "daily_hour": "3", "keep_copies": "7" } })).await,
        "start_backup" => {
            // One copy at a time: the one an earlier row started has finished first.
            while w.server.call(&w.boss, "backups", &[]).await.1.contains(r#""state":"running""#) {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            s.call_json(client, row, json!({})).await
        }
        "report_dashboard" => s.call(client, row, &[("store", &store)]).await,
        "import_progress" => s.call(client, row, &[("run", "1")]).await,
        "load_tills" => s.call(client, row, &[]).await,
        "add_till" => s.call(client, row, &[("name", &format!("矩阵{n}")), ("store_id", &store)]).await,
        "new_till_code" | "revoke_till" => {
            let (ok, _) = w.server.call(&w.boss, "add_till", &[("name", &format!("矩阵{n}")), ("store_id", &store)]).await;
            assert!(ok);
            let id: Option<i64> = db::on_pool!(&w.server.db, pool => {
                sqlx::query_scalar("SELECT MAX(id) FROM tills").fetch_one(pool).await
            })
            .unwrap();
            s.call(client, row, &[("id", &id.unwrap_or_default().to_string())]).await
        }
        "set_tills_required" => s.call(client, row, &[("on", "false")]).await,
        "pair_till" => {
            // A code of the actor's own store (the head office's for anyone else).
            let (_, me) = s.call(client, "current_session", &[]).await;
            let me: Value = serde_json::from_str(&me).unwrap_or_default();
            let own = me["SignedIn"]["staff"]["store_id"].as_i64().unwrap_or(w.store_codes[1].0);
            let (ok, body) = w.server.call(&w.boss, "add_till", &[("name", &format!("矩阵{n}")), ("store_id", &own.to_string())]).await;
            assert!(ok, "{body}");
            let code: Value = serde_json::from_str(&body).unwrap();
            s.call(client, row, &[("code", code["code"].as_str().unwrap_or_default())]).await
        }
        "audit_log" | "security_log" => s.call_json(client, row, json!({ "q": { "store": w.store_codes[target].0 } })).await,
        "report_liability" => s.call(client, row, &[("as_of", ""), ("store", &store)]).await,
        "report_clearing" | "report_sales" | "report_recharges" => {
            s.call(client, row, &[("first", ""), ("last", ""), ("store", &store)]).await
        }
        "sell" => s.call_json(client, row, sale_form(w.item, 1_000 + n)).await,
        "refund_sale" => {
            let body = json!({ "request_id": format!("matrix-sale-refund-{n:06}"), "sale_id": w.sales[target].1,
                "lines": [{ "line_no": 1, "quantity": 1 }], "reason": "" });
            s.call_json(client, row, body).await
        }
        "find_at_till" => s.call(client, row, &[("text", "会员")]).await,
        "till_pick_member" => s.call(client, row, &[("id", &w.member.to_string())]).await,
        "till_items" => s.call(client, row, &[("text", "I0")]).await,
        "quote_sale" => s.call_json(client, row, json!({ "member_id": w.member, "lines": [[w.item, 2]] })).await,
        "sale_receipt" => s.call(client, row, &[("sale_id", &w.sales[target].1.to_string())]).await,
        "save_level" => s.call_json(client, row, json!({ "id": 0, "form": { "name": format!("级{n}"), "rank": format!("{}", 2 + LEVELS.fetch_add(1, Ordering::Relaxed)), "rate": "9.5", "style": "zhe", "points_rate": "1.5", "upgrade_points": "" } })).await,
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
        "load_loyalty" => s.call(client, row, &[]).await,
        "save_gift" => s.call_json(client, row, json!({ "id": 0, "form": { "name": format!("礼{n}"), "points_price": "10", "inactive": false } })).await,
        "set_gift_stock" => s.call(client, row, &[("gift_id", &w.gift.to_string()), ("store_id", &store), ("quantity", "100000")]).await,
        "redeem_gift" => {
            let rid = format!("matrix-redeem-r{n:06}");
            s.call(client, row, &[("request_id", &rid), ("member_id", &w.member.to_string()), ("gift_id", &w.gift.to_string())]).await
        }
        "reverse_redemption" => {
            let id = w.redemption(target).await.to_string();
            s.call(client, row, &[("redemption_id", &id), ("reason", "")]).await
        }
        "add_promotion" => s.call_json(client, row, promotion(n, &[w.store_codes[target].0])).await,
        "set_promotion_active" => {
            let id = w.ok(&w.boss, "add_promotion", promotion(n, &[])).await;
            s.call(client, row, &[("id", &id.to_string()), ("active", "false")]).await
        }
        "save_promotion_rule" => s.call(client, row, &[("with_level", "better")]).await,
        "save_rebate_tier" => s.call_json(client, row, json!({ "form": { "points": format!("{}", 1_000 + n), "amount": "5" } })).await,
        "remove_rebate_tier" => s.call(client, row, &[("points", "999999")]).await,
        "preview_rebate" | "start_rebate" => {
            let plan = w.plans.stored_value.to_string();
            s.call(client, row, &[("first_day", "2026-01-01"), ("last_day", "2026-12-31"), ("plan_id", &plan)]).await
        }
        "step_rebate" => {
            let plan = w.plans.stored_value.to_string();
            let form = [("first_day", "2026-01-01"), ("last_day", "2026-12-31"), ("plan_id", plan.as_str())];
            let id = w.form(&w.boss, "start_rebate", &form).await;
            s.call(client, row, &[("run_id", id.trim())]).await
        }
        "points_to_money" => {
            let (rid, card) = (format!("matrix-money-{n:06}"), w.member_card().await.to_string());
            s.call(client, row, &[("request_id", &rid), ("card_id", &card), ("points", "2")]).await
        }
        "save_loyalty" => {
            let form: Value = serde_json::from_str(&w.server.call(&w.boss, "load_loyalty", &[]).await.1).unwrap();
            s.call_json(client, row, json!({ "form": form })).await
        }
        "member_points" => s.call(client, row, &[("member_id", &w.member.to_string())]).await,
        "set_member_level" => {
            let level = if n.is_multiple_of(2) { w.level.to_string() } else { "0".into() };
            s.call(client, row, &[("member_id", &w.member.to_string()), ("level_id", &level), ("reason", "核对")]).await
        }
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

pub(crate) async fn card_action(
    w: &World,
    client: &reqwest::Client,
    action: &str,
) -> (bool, String) {
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

/// A points promotion that ran in 2020 (so it changes no sale of the matrix).
fn promotion(n: u32, stores: &[i64]) -> Value {
    json!({ "form": { "name": format!("促{n}"), "kind": "points", "first_day": "2020-01-01", "last_day": "2020-12-31",
        "stores": stores, "weekdays": [], "birthday": "no", "rate": "", "style": "zhe", "target": "all", "factor": "2",
        "tiers": "", "gift_id": "", "min": "" } })
}
