//! The permission matrix: every server function (and every card action) × every
//! role × own store / another store, on SQLite and Postgres. A cell succeeds only
//! where `domain::access::permissions_of` and the row's scope rule say so; every
//! other cell is refused before anything is written. A server function that has no
//! row here fails the test.

use crate::common::browser;
use crate::matrix::calls::call;
use crate::matrix::world::{PASSWORD, World, create_staff, world};
use db::{Db, on_both_databases};
use domain::access::{Permission as P, Role, permissions_of};

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
    ("refund_sale", Needs(P::RefundAndReverse), true),
    ("close_shift", Needs(P::UseTill), false),
    ("find_at_till", Needs(P::UseTill), false),
    ("till_pick_member", Needs(P::UseTill), false),
    ("till_items", Needs(P::UseTill), false),
    ("quote_sale", Needs(P::UseTill), false),
    ("recent_sales", Needs(P::UseTill), false),
    ("suggest_card_no", Needs(P::EditMembers), false),
    ("sale_receipt", Needs(P::UseTill), true),
    ("store_shifts", Needs(P::ViewAllShifts), false),
    ("audit_log", Needs(P::ViewAudit), true),
    ("import_progress", Needs(P::ManageSettings), false),
    ("load_tills", Needs(P::ManageSettings), false),
    ("add_till", Needs(P::ManageSettings), true),
    ("new_till_code", Needs(P::ManageSettings), true),
    ("revoke_till", Needs(P::ManageSettings), true),
    (
        "set_tills_required",
        NeedsHeadOffice(P::ManageSettings),
        false,
    ),
    ("pair_till", Needs(P::UseTill), false),
    ("security_log", Needs(P::ViewAudit), true),
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
    ("member_points", Needs(P::ViewMembers), false),
    ("set_member_level", Needs(P::ManageCards), false),
    ("load_loyalty", Needs(P::ManageSettings), false),
    ("save_loyalty", Needs(P::ManageSettings), false),
    ("list_gifts", Needs(P::ViewMembers), false),
    ("save_gift", Needs(P::ManageSettings), false),
    ("set_gift_stock", Needs(P::ManageSettings), true),
    ("redeem_gift", Needs(P::RedeemPoints), false),
    ("reverse_redemption", Needs(P::RefundAndReverse), true),
    ("points_to_money", Needs(P::RedeemPoints), false),
    ("load_rebate", Needs(P::ManageSettings), false),
    ("save_rebate_tier", Needs(P::ManageSettings), false),
    ("remove_rebate_tier", Needs(P::ManageSettings), false),
    ("preview_rebate", Needs(P::ManageSettings), false),
    ("start_rebate", Needs(P::ManageSettings), false),
    ("step_rebate", Needs(P::ManageSettings), false),
    ("load_promotions", Needs(P::ManageSettings), false),
    ("add_promotion", Needs(P::ManageSettings), true),
    ("set_promotion_active", Needs(P::ManageSettings), false),
    ("save_promotion_rule", Needs(P::ManageSettings), false),
    ("member_fields", Needs(P::ViewMembers), false),
    ("add_member_field", Needs(P::ManageSettings), false),
    ("remove_member_field", Needs(P::ManageSettings), false),
    ("load_catalogue", Needs(P::ViewMembers), false),
    ("save_category", Needs(P::ManageSettings), false),
    ("save_item", Needs(P::ManageSettings), false),
    ("report_dashboard", Needs(P::ViewReports), true),
    ("report_liability", Needs(P::ViewReports), true),
    ("report_clearing", Needs(P::ViewReports), true),
    ("report_sales", Needs(P::ViewReports), true),
    ("report_recharges", Needs(P::ViewReports), true),
    ("backups", NeedsHeadOffice(P::ManageSettings), false),
    (
        "save_backup_plan",
        NeedsHeadOffice(P::ManageSettings),
        false,
    ),
    ("start_backup", NeedsHeadOffice(P::ManageSettings), false),
    ("change_my_password", SignedIn, false),
];

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
    // Members signed in on their own pages (/my): a member session is no staff
    // session, whether its cookie goes by its own name or the staff's.
    for (label, name) in [
        ("member (mc_member)", "mc_member"),
        ("member (as mc_session)", "mc_session"),
    ] {
        actors.push(Actor {
            label: label.into(),
            role: None,
            head_office: false,
            client: member_session(&w, name).await,
        });
    }
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

/// A client carrying a member's session id (signed in on /my/ with a card of
/// the world's member) in the cookie `cookie_name`, on every request.
async fn member_session(w: &World, cookie_name: &str) -> reqwest::Client {
    let n = w.next();
    let card_no = format!("MP{n:06}");
    w.ok(&w.boss, "issue_card", serde_json::json!({ "request_id": format!("matrix-member-{n:06}"),
        "form": { "plan_id": w.plans.stored_value, "member_id": w.member, "card_no": card_no, "uid": "",
                  "pin": "583920", "pin_again": "583920", "payment": "cash", "fee": "" } })).await;
    let phone = crate::common::phone("en");
    let (status, _, id) = w.server.member_sign_in(&phone, &card_no, "583920").await;
    assert_eq!(status, 303, "the member signs in on /my/");
    let (_, page) = w.server.my(&phone, "").await;
    assert!(page.contains("member-code"), "the member's own page opens");
    crate::common::with_cookie(&format!("{cookie_name}={}", id.expect("a member session")))
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
