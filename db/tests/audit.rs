//! The audit log (O1) on SQLite and Postgres: one change of each kind writes
//! exactly one row naming who, where and the fields that changed (before and
//! after, never a secret); a refused or failed change writes none; nobody can
//! change or delete a row of either log through SQL; every column of an audited
//! table is recorded or deliberately left out.

mod common;

use common::*;
use db::audit::{Actor, Change, Filter};
use db::{Db, ledger, on_both_databases};
use domain::access::Scope;
use domain::level::LevelForm;
use domain::member::MemberForm;
use domain::slip::PaymentMethod;
use serde_json::{Value, json};

on_both_databases!(
    each_change_writes_one_row_with_what_changed,
    value_movements_are_recorded_on_the_card,
    a_refused_or_empty_change_writes_nothing,
    neither_log_can_be_changed_through_sql,
    every_column_is_recorded_or_left_out_on_purpose,
);

fn actor_of(caller: &db::staff::Caller) -> Actor {
    Actor {
        staff_id: Some(caller.staff_id),
        username: caller.username.clone(),
        store_id: Some(caller.store_id),
    }
}

async fn newest_id(db: &Db) -> i64 {
    let all = db::audit::changes(db, Scope::AllStores, &Filter::default(), 1)
        .await
        .unwrap();
    all.first().map_or(0, |c| c.id)
}

/// The rows written since `mark`, oldest first.
async fn since(db: &Db, mark: i64) -> Vec<Change> {
    let mut rows = db::audit::changes(db, Scope::AllStores, &Filter::default(), 1000)
        .await
        .unwrap();
    rows.retain(|c| c.id > mark);
    rows.reverse();
    rows
}

fn parsed(text: &Option<String>) -> Value {
    text.as_deref()
        .map_or(Value::Null, |t| serde_json::from_str(t).unwrap())
}

/// The one row `work` wrote, as (entity, id, action, before, after).
fn only(rows: &[Change]) -> (String, i64, String, Value, Value) {
    assert_eq!(rows.len(), 1, "expected one audit row, got {rows:#?}");
    let c = &rows[0];
    (
        c.entity.clone(),
        c.entity_id,
        c.action.clone(),
        parsed(&c.before_json),
        parsed(&c.after_json),
    )
}

fn member_form(caller: &db::staff::Caller, name: &str, phone: &str) -> MemberForm {
    MemberForm {
        name: name.into(),
        phone: phone.into(),
        home_store_id: caller.store_id,
        active: Some("on".into()),
        ..Default::default()
    }
}

async fn each_change_writes_one_row_with_what_changed(db: Db) {
    let boss = company(&db).await;
    let me = actor_of(&boss);

    // A member is created, then one field changes.
    let mark = newest_id(&db).await;
    let form = member_form(&boss, "张小明", "13800000001");
    let id = db::audit::acting(
        me.clone(),
        db::members::create(&db, &form.parse(&[]).unwrap()),
    )
    .await
    .unwrap();
    let rows = since(&db, mark).await;
    let (entity, entity_id, action, before, after) = only(&rows);
    assert_eq!(
        (entity.as_str(), entity_id, action.as_str()),
        ("members", id, "create")
    );
    assert_eq!(before, Value::Null);
    assert_eq!(after["name"], json!("张小明"));
    assert_eq!(rows[0].staff_id, Some(boss.staff_id));
    assert_eq!(rows[0].username, "boss");
    assert_eq!(rows[0].store_id, Some(boss.store_id));

    let mark = newest_id(&db).await;
    let form = member_form(&boss, "张大明", "13800000001");
    db::audit::acting(
        me.clone(),
        db::members::update(&db, id, &form.parse(&[]).unwrap()),
    )
    .await
    .unwrap();
    let rows = since(&db, mark).await;
    let (entity, entity_id, action, before, after) = only(&rows);
    assert_eq!(
        (entity.as_str(), entity_id, action.as_str()),
        ("members", id, "update")
    );
    assert_eq!(before, json!({"name": "张小明"}));
    assert_eq!(after, json!({"name": "张大明"}));

    // A level given by hand: "who changed this member's level, and when?"
    let gold = LevelForm {
        name: "金卡".into(),
        rank: "2".into(),
        rate: "9".into(),
        style: "zhe".into(),
        ..Default::default()
    };
    let mark = newest_id(&db).await;
    let gold = db::audit::acting(
        me.clone(),
        db::levels::save_level(&db, 0, &gold.parse().unwrap()),
    )
    .await
    .unwrap();
    let (entity, _, action, _, after) = only(&since(&db, mark).await);
    assert_eq!((entity.as_str(), action.as_str()), ("levels", "create"));
    assert_eq!(after["name"], json!("金卡"));
    let mark = newest_id(&db).await;
    let rid = request_id();
    db::audit::acting(
        me.clone(),
        db::points::set_level(&db, &op(&boss, &rid), id, Some(gold)),
    )
    .await
    .unwrap();
    let rows: Vec<Change> = since(&db, mark).await;
    let (entity, _, _, before, after) = only(&rows);
    assert_eq!(entity, "members");
    assert_eq!(before, json!({"level_id": null}));
    assert_eq!(after, json!({"level_id": gold}));
    let found = db::audit::changes(
        &db,
        Scope::AllStores,
        &Filter {
            entity: Some("members".into()),
            entity_id: Some(id),
            username: Some("BOSS".into()),
            ..Filter::default()
        },
        10,
    )
    .await
    .unwrap();
    assert_eq!(found.len(), 3, "created, renamed, level set: {found:#?}");

    // A store renamed; a cashier's role changed (never a password hash).
    let cashier = branch_cashier(&db, &boss, "B01", "lina").await;
    let store = domain::store::StoreForm {
        code: "B01".into(),
        name: "海淀店".into(),
        ..Default::default()
    };
    let mark = newest_id(&db).await;
    db::audit::acting(
        me.clone(),
        db::stores::update(
            &db,
            Scope::AllStores,
            cashier.store_id,
            &store.parse().unwrap(),
        ),
    )
    .await
    .unwrap();
    let (entity, entity_id, _, before, after) = only(&since(&db, mark).await);
    assert_eq!((entity.as_str(), entity_id), ("stores", cashier.store_id));
    assert_eq!(
        (before, after),
        (json!({"name": "B01店"}), json!({"name": "海淀店"}))
    );

    let edit = domain::staff::StaffEditForm {
        name: "李娜".into(),
        role: "manager".into(),
        home_store_id: cashier.store_id,
    };
    let mark = newest_id(&db).await;
    db::audit::acting(
        me.clone(),
        db::staff::update(&db, &boss, cashier.staff_id, &edit.parse().unwrap()),
    )
    .await
    .unwrap();
    let (entity, _, _, before, after) = only(&since(&db, mark).await);
    assert_eq!(entity, "staff");
    assert_eq!(
        (before, after),
        (json!({"role": "cashier"}), json!({"role": "manager"}))
    );
    let mark = newest_id(&db).await;
    db::audit::acting(
        me.clone(),
        db::staff::reset_password(&db, &boss, cashier.staff_id, "new-secret-77", "127.0.0.1"),
    )
    .await
    .unwrap();
    let rows = since(&db, mark).await;
    let (_, _, _, before, after) = only(&rows);
    assert_eq!(
        before.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["password_changed_at_ms"]
    );
    assert!(
        !rows[0].after_json.as_deref().unwrap().contains("argon2"),
        "{after}"
    );

    // A plan renamed and sold at one more store: two rows, each saying what.
    let plan_id = plan(&db, stored_value_plan()).await;
    let mut form = stored_value_plan();
    form.name = "储值卡 2027".into();
    form.stores = cashier.store_id.to_string();
    let mark = newest_id(&db).await;
    db::audit::acting(
        me.clone(),
        db::plans::update(&db, plan_id, &form.parse().unwrap()),
    )
    .await
    .unwrap();
    let rows = since(&db, mark).await;
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert_eq!(parsed(&rows[0].after_json), json!({"name": "储值卡 2027"}));
    assert_eq!(
        (rows[1].action.as_str(), parsed(&rows[1].after_json)),
        ("add", json!({"store_id": cashier.store_id}))
    );
    // Saving it again unchanged writes nothing.
    let mark = newest_id(&db).await;
    db::audit::acting(
        me.clone(),
        db::plans::update(&db, plan_id, &form.parse().unwrap()),
    )
    .await
    .unwrap();
    assert!(since(&db, mark).await.is_empty());

    // The shop's settings.
    let mut settings = db::settings::read(&db).await.unwrap();
    let old_fee = settings.issue_fee_fen;
    settings.issue_fee_fen = old_fee + 500;
    let mark = newest_id(&db).await;
    db::audit::acting(me.clone(), db::settings::update(&db, &settings))
        .await
        .unwrap();
    let (entity, _, _, before, after) = only(&since(&db, mark).await);
    assert_eq!(entity, "settings");
    assert_eq!(
        (before, after),
        (
            json!({"issue_fee_fen": old_fee}),
            json!({"issue_fee_fen": old_fee + 500})
        )
    );

    // A change made outside any request is the system's.
    let mark = newest_id(&db).await;
    settings.issue_fee_fen = old_fee;
    db::settings::update(&db, &settings).await.unwrap();
    let rows = since(&db, mark).await;
    assert_eq!(
        (rows.len(), rows[0].staff_id, rows[0].username.as_str()),
        (1, None, "")
    );
}

async fn value_movements_are_recorded_on_the_card(db: Db) {
    let boss = company(&db).await;
    let me = actor_of(&boss);
    let plan_id = plan(&db, stored_value_plan()).await;
    let member = member(&db, &boss, "王芳", "13900000002").await;
    let slip = db::audit::acting(
        me.clone(),
        card(&db, &boss, plan_id, Some(member), "A0001", None),
    )
    .await;
    let card_id = slip.card_id;

    let mark = newest_id(&db).await;
    let rid = request_id();
    db::audit::acting(
        me.clone(),
        ledger::recharge(
            &db,
            &op(&boss, &rid),
            card_id,
            yuan(50),
            PaymentMethod::Cash,
            None,
        ),
    )
    .await
    .unwrap();
    let rows: Vec<Change> = since(&db, mark)
        .await
        .into_iter()
        .filter(|c| c.entity == "cards")
        .collect();
    let (_, entity_id, action, before, after) = only(&rows);
    assert_eq!((entity_id, action.as_str()), (card_id, "update"));
    assert_eq!(before["principal_fen"], json!(10_000));
    assert_eq!(after["principal_fen"], json!(15_000));

    let mark = newest_id(&db).await;
    let rid = request_id();
    db::audit::acting(
        me.clone(),
        ledger::spend(&db, &op(&boss, &rid), card_id, yuan(20), None),
    )
    .await
    .unwrap();
    let rows: Vec<Change> = since(&db, mark)
        .await
        .into_iter()
        .filter(|c| c.entity == "cards")
        .collect();
    let (_, _, _, before, after) = only(&rows);
    assert_eq!(
        (
            before["principal_fen"].clone(),
            after["principal_fen"].clone()
        ),
        (json!(15_000), json!(13_000))
    );
    assert!(before.get("version").is_none() && before.get("pin_hash").is_none());

    let mark = newest_id(&db).await;
    let rid = request_id();
    db::audit::acting(me, ledger::set_frozen(&db, &op(&boss, &rid), card_id, true))
        .await
        .unwrap();
    let (_, _, _, before, after) = only(&since(&db, mark).await);
    assert_eq!(
        (before, after),
        (json!({"status": "active"}), json!({"status": "frozen"}))
    );
}

async fn a_refused_or_empty_change_writes_nothing(db: Db) {
    let boss = company(&db).await;
    let me = actor_of(&boss);
    let plan_id = plan(&db, stored_value_plan()).await;
    let slip = card(&db, &boss, plan_id, None, "A0002", None).await;
    member(&db, &boss, "赵雷", "13700000003").await;
    let other = member(&db, &boss, "钱敏", "13700000004").await;

    let mark = newest_id(&db).await;
    // More than the card holds: refused by the ledger.
    let rid = request_id();
    let spent = db::audit::acting(
        me.clone(),
        ledger::spend(&db, &op(&boss, &rid), slip.card_id, yuan(500), None),
    )
    .await;
    refused(spent);
    // Another member's phone: refused by the unique index, mid-transaction.
    let form = member_form(&boss, "钱敏", "13700000003");
    let taken = db::audit::acting(
        me.clone(),
        db::members::update(&db, other, &form.parse(&[]).unwrap()),
    )
    .await;
    assert!(taken.is_err());
    // Saved exactly as it was.
    let form = member_form(&boss, "钱敏", "13700000004");
    db::audit::acting(
        me,
        db::members::update(&db, other, &form.parse(&[]).unwrap()),
    )
    .await
    .unwrap();
    assert_eq!(since(&db, mark).await, vec![]);
}

async fn neither_log_can_be_changed_through_sql(db: Db) {
    let boss = company(&db).await;
    member(&db, &boss, "孙丽", "13600000005").await;
    assert!(newest_id(&db).await > 0);
    let before = since(&db, 0).await;
    for sql in [
        "UPDATE audit_log SET username = 'nobody'",
        "DELETE FROM audit_log",
        "UPDATE security_log SET detail = ''",
        "DELETE FROM security_log",
    ] {
        let tried = db::rows_affected!(&db, pool => sqlx::query(sql).execute(pool).await);
        let err = tried.expect_err(sql).to_string();
        assert!(err.contains("cannot be changed"), "{sql}: {err}");
    }
    if let Db::Postgres(pool) = &db {
        let tried = sqlx::query("TRUNCATE audit_log").execute(pool).await;
        assert!(tried.is_err());
    }
    assert_eq!(since(&db, 0).await, before);
    let security = db::audit::security_events(&db, Scope::AllStores, &Filter::default(), 10)
        .await
        .unwrap();
    assert!(security.iter().any(|e| e.event == "setup_completed"));
}

/// Tables written by the triggers of migration 0018 and the columns each leaves
/// out; every other table must be on `NOT_AUDITED` with its reason.
const AUDITED: &[(&str, &[&str])] = &[
    ("company", &[]),
    ("stores", &[]),
    (
        "staff",
        &[
            "password_hash",
            "failed_signins",
            "locked_until_ms",
            "session_epoch",
        ],
    ),
    ("settings", &["next_member_no"]),
    ("member_fields", &[]),
    (
        "members",
        &["updated_at_ms", "name_initials", "points_version"],
    ),
    ("plans", &["next_card_no"]),
    (
        "cards",
        &[
            "version",
            "pin_hash",
            "pin_failures",
            "pin_locked_until_ms",
            "spent_day",
            "spent_on_day_fen",
        ],
    ),
    ("categories", &[]),
    ("items", &[]),
    ("levels", &[]),
    ("discount_rules", &[]),
    ("payment_methods", &[]),
    ("gifts", &[]),
    ("promotions", &[]),
    ("rebate_tiers", &[]),
    ("backup_plan", &[]),
    ("shifts", &[]),
    ("sales", &[]),
    ("sale_refunds", &[]),
    ("gift_redemptions", &[]),
    (
        "tills",
        &[
            "pairing_hash",
            "pairing_until_ms",
            "token_hash",
            "last_used_at_ms",
        ],
    ),
    // Links and keyed values, recorded as changes of their parent.
    ("plan_stores", &[]),
    ("plan_items", &[]),
    ("plan_categories", &[]),
    ("item_stores", &[]),
    ("promotion_stores", &[]),
    ("promotion_tiers", &[]),
    ("member_values", &[]),
    ("gift_stock", &[]),
];

const NOT_AUDITED: &[&str] = &[
    // The logs themselves and who is acting.
    "audit_log",
    "audit_actor",
    "security_log",
    // The ledgers: immutable records of every movement (the card's and member's
    // balances, which they move, are audited).
    "ledger_transactions",
    "ledger_entries",
    "points_transactions",
    "points_entries",
    "level_changes",
    "sale_lines",
    "sale_payments",
    "sale_refund_lines",
    "sale_refund_payments",
    "rebate_runs",
    "rebate_payouts",
    "recharge_offers",
    // Caches and counters derived from the ledgers.
    "store_liability",
    "store_value_days",
    "store_clearing_days",
    "store_days",
    // Secrets and sign-in bookkeeping.
    "card_keys",
    "member_code_keys",
    "member_sign_in_misses",
    "sign_in_addresses",
    "retired_card_numbers",
    // Backups' own record, sessions, migrations.
    "backups",
    "tower_sessions",
    "_sqlx_migrations",
    "sqlite_sequence",
];

async fn every_column_is_recorded_or_left_out_on_purpose(db: Db) {
    let (tables, triggers): (Vec<String>, Vec<(String, String)>) = match &db {
        Db::Sqlite(s) => (
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
                .fetch_all(&s.write)
                .await
                .unwrap(),
            sqlx::query_as("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
                .fetch_all(&s.write)
                .await
                .unwrap(),
        ),
        Db::Postgres(pool) => (
            sqlx::query_scalar("SELECT tablename::TEXT FROM pg_tables WHERE schemaname = 'public'")
                .fetch_all(pool)
                .await
                .unwrap(),
            sqlx::query_as(
                "SELECT c.relname::TEXT, pg_get_triggerdef(t.oid) FROM pg_trigger t
                 JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal",
            )
            .fetch_all(pool)
            .await
            .unwrap(),
        ),
    };
    for table in &tables {
        let audited = AUDITED.iter().any(|(t, _)| t == table);
        assert!(
            audited || NOT_AUDITED.contains(&table.as_str()),
            "table {table} is neither audited (migration 0018's triggers) nor listed as not audited"
        );
    }
    for (table, left_out) in AUDITED {
        let text: String = triggers
            .iter()
            .filter(|(t, _)| t == table)
            .map(|(_, sql)| sql.as_str())
            .collect();
        assert!(text.contains("audit_"), "{table} has no audit trigger");
        let columns: Vec<String> = match &db {
            Db::Sqlite(s) => {
                sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                    .fetch_all(&s.write)
                    .await
                    .unwrap()
            }
            Db::Postgres(_) => continue, // audit_row() records every column but those it is told.
        };
        for column in columns {
            let recorded = text.contains(&format!("NEW.{column}")) || column == "id";
            assert!(
                recorded != left_out.contains(&column.as_str()),
                "{table}.{column}: recorded = {recorded}; add it to the triggers or to the left-out list"
            );
        }
    }
    // On Postgres, the left-out columns are the trigger's arguments.
    if matches!(db, Db::Postgres(_)) {
        for (table, left_out) in AUDITED {
            for column in *left_out {
                let def: String = triggers
                    .iter()
                    .filter(|(t, _)| t == table)
                    .map(|(_, d)| d.clone())
                    .collect();
                assert!(
                    def.contains(&format!("'{column}'")),
                    "{table}: {column} not left out in {def}"
                );
            }
        }
    }
}
