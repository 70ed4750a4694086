//! Members, custom fields, search, plans and settings on SQLite and Postgres.

mod common;

use common::*;
use db::members::MemberError;
use db::{Db, on_both_databases};
use domain::member::{CustomFieldForm, MemberForm};

on_both_databases!(
    cashiers_find_members_by_phone_ends_and_initials,
    members_with_custom_fields_are_found_every_way,
    plans_and_settings_are_kept
);

async fn cashiers_find_members_by_phone_ends_and_initials(db: Db) {
    let boss = company(&db).await;
    let chen = common::member(&db, &boss, "陈美玲", "13912345678").await;
    let chang = common::member(&db, &boss, "常晓东", "13687650000").await;
    let lee = common::member(&db, &boss, "Lee Amy", "15012345670").await;
    let found = |q: &'static str| {
        let db = db.clone();
        async move {
            let page = db::members::search(&db, q, 0, 20).await.unwrap();
            let mut ids: Vec<i64> = page.members.iter().map(|m| m.id).collect();
            ids.sort_unstable();
            ids
        }
    };
    assert_eq!(found("5678").await, [chen], "the last four digits");
    assert_eq!(found("0000").await, [chang]);
    assert_eq!(found("139").await, [chen], "a phone's beginning");
    assert_eq!(found("1391234").await, [chen]);
    assert_eq!(
        found("1234").await,
        Vec::<i64>::new(),
        "four digits are a phone's end"
    );
    assert_eq!(found("cml").await, [chen], "pinyin initials, any case");
    assert_eq!(found("CX").await, [chang], "initials' beginning");
    assert_eq!(found("lee").await, [lee], "latin names by their letters");
    assert_eq!(found("美玲").await, [chen], "part of a name");
    // A rename changes the initials.
    let mut form = db::members::get(&db, chen).await.unwrap().unwrap().form();
    form.name = "王美玲".into();
    db::members::update(&db, chen, &form.parse(&[]).unwrap())
        .await
        .unwrap();
    assert_eq!(found("cml").await, Vec::<i64>::new());
    assert_eq!(found("wml").await, [chen]);
}

async fn members_with_custom_fields_are_found_every_way(db: Db) {
    let boss = company(&db).await;
    let child = CustomFieldForm {
        name: "孩子姓名".into(),
        kind: "text".into(),
        choices: String::new(),
        required: Some("on".into()),
    };
    let child_id = db::members::add_field(&db, &child.parse().unwrap())
        .await
        .unwrap();
    let fields = db::members::fields(&db).await.unwrap();
    assert_eq!(fields.len(), 1);
    let form = MemberForm {
        name: "李小明".into(),
        phone: "138-0013-8000".into(),
        birthday: "2019-06-01".into(),
        home_store_id: boss.store_id,
        active: Some("on".into()),
        custom: vec![(child_id, "小宝".into())],
        ..Default::default()
    };
    let id = db::members::create(&db, &form.parse(&fields).unwrap())
        .await
        .unwrap();
    let member = db::members::get(&db, id).await.unwrap().unwrap();
    assert_eq!(member.member_no, "000001");
    assert_eq!(member.phone.as_deref(), Some("13800138000"));
    assert_eq!(member.custom, vec![(child_id, "小宝".to_owned())]);
    // The same phone twice is refused; so is a referrer nobody has.
    let again = db::members::create(&db, &form.parse(&fields).unwrap()).await;
    assert!(matches!(again, Err(MemberError::PhoneTaken)), "{again:?}");
    let mut second = form.clone();
    second.phone = "13900000000".into();
    second.name = "王芳".into();
    second.custom = vec![(child_id, "二宝".into())];
    second.referrer = "000009".into();
    assert!(matches!(
        db::members::create(&db, &second.parse(&fields).unwrap()).await,
        Err(MemberError::ReferrerNotFound)
    ));
    second.referrer = "13800138000".into();
    let wang = db::members::create(&db, &second.parse(&fields).unwrap())
        .await
        .unwrap();
    assert_eq!(
        db::members::get(&db, wang)
            .await
            .unwrap()
            .unwrap()
            .referrer_name
            .as_deref(),
        Some("李小明")
    );

    let sv = plan(&db, stored_value_plan()).await;
    let issued = card(&db, &boss, sv, Some(id), "M0001", None).await;
    let rid = request_id();
    db::ledger::repair(&db, &op(&boss, &rid), issued.card_id, Some("ABCD1234"))
        .await
        .unwrap();
    for key in [
        "m0001",
        "abcd1234",
        "13800138000",
        "138 0013 8000",
        "小明",
        "000001",
        "小宝",
    ] {
        let page = db::members::search(&db, key, 0, 20).await.unwrap();
        assert_eq!(
            page.members.iter().map(|m| m.id).collect::<Vec<_>>(),
            [id],
            "search {key}"
        );
        assert_eq!(page.total, 1);
    }
    let line = &db::members::search(&db, "M0001", 0, 20)
        .await
        .unwrap()
        .members[0];
    assert_eq!((line.cards, line.balance_fen), (1, 11_000));
    // A '%' typed is a character, not a wildcard.
    assert_eq!(db::members::search(&db, "%", 0, 20).await.unwrap().total, 0);
    let everyone = db::members::search(&db, "", 0, 1).await.unwrap();
    assert_eq!(
        (
            everyone.total,
            everyone.members.len(),
            everyone.members[0].id
        ),
        (2, 1, wang)
    );
    // Page sizes are capped.
    assert_eq!(
        db::members::search(&db, "", 0, 100_000)
            .await
            .unwrap()
            .page_size,
        100
    );

    let mut edit = member.form();
    edit.name = "李明".into();
    edit.custom = vec![(child_id, "大宝".into())];
    db::members::update(&db, id, &edit.parse(&fields).unwrap())
        .await
        .unwrap();
    let edited = db::members::get(&db, id).await.unwrap().unwrap();
    assert_eq!(
        (edited.name.as_str(), edited.custom[0].1.as_str()),
        ("李明", "大宝")
    );
    let mut clash = edited.form();
    clash.phone = "13900000000".into();
    assert!(matches!(
        db::members::update(&db, id, &clash.parse(&fields).unwrap()).await,
        Err(MemberError::PhoneTaken)
    ));
}

async fn plans_and_settings_are_kept(db: Db) {
    let boss = company(&db).await;
    let mut form = count_plan();
    form.stores = boss.store_id.to_string();
    let id = plan(&db, form.clone()).await;
    let kept = db::plans::get(&db, id).await.unwrap().unwrap();
    assert_eq!(
        (kept.visits, kept.store_ids.clone()),
        (10, vec![boss.store_id])
    );
    form.visits = "12".into();
    form.stores = String::new();
    assert!(
        db::plans::update(&db, id, &form.parse().unwrap())
            .await
            .unwrap()
    );
    let kept = db::plans::get(&db, id).await.unwrap().unwrap();
    assert_eq!((kept.visits, kept.store_ids.len()), (12, 0));
    // A plan's kind never changes.
    form.kind = "time".into();
    assert!(
        !db::plans::update(&db, id, &form.parse().unwrap())
            .await
            .unwrap()
    );
    assert!(db::plans::set_active(&db, id, false).await.unwrap());
    let rid = request_id();
    let new = db::ledger::NewCard {
        plan_id: id,
        member_id: None,
        card_no: "Z0001",
        uid: None,
        pin: None,
        payment: domain::slip::PaymentMethod::Cash,
        fee: None,
    };
    assert!(matches!(
        db::ledger::issue(&db, &op(&boss, &rid), &new).await,
        Err(db::ledger::LedgerError::Invalid(_))
    ));

    // A count plan covering an item and a category shows them on its cards.
    let play = domain::catalogue::CategoryForm {
        code: "play".into(),
        name: "游乐".into(),
        parent_id: 0,
        inactive: false,
    }
    .parse()
    .unwrap();
    let play = db::catalogue::create_category(&db, &play).await.unwrap();
    let again = domain::catalogue::CategoryForm {
        code: "PLAY".into(),
        name: "重复".into(),
        parent_id: 0,
        inactive: false,
    }
    .parse()
    .unwrap();
    assert!(matches!(
        db::catalogue::create_category(&db, &again).await,
        Err(db::catalogue::CatalogueError::CodeTaken)
    ));
    let hour = domain::catalogue::ItemForm {
        code: "P1H".into(),
        name: "游乐 1 小时".into(),
        price: "45".into(),
        category_id: play,
        ..Default::default()
    };
    let hour = db::catalogue::save_item(&db, 0, &hour.parse().unwrap())
        .await
        .unwrap();
    let orphan = domain::catalogue::ItemForm {
        code: "X".into(),
        name: "x".into(),
        price: "1".into(),
        category_id: 999,
        ..Default::default()
    };
    assert!(matches!(
        db::catalogue::save_item(&db, 0, &orphan.parse().unwrap()).await,
        Err(db::catalogue::CatalogueError::NotFound)
    ));
    let mut covering = count_plan();
    covering.items = hour.to_string();
    covering.categories = play.to_string();
    let covering = plan(&db, covering).await;
    assert_eq!(
        db::plans::get(&db, covering)
            .await
            .unwrap()
            .unwrap()
            .item_ids,
        vec![hour]
    );
    let m = member(&db, &boss, "覆盖", "13000000009").await;
    let issued = card(&db, &boss, covering, Some(m), "V0001", None).await;
    let view = db::cards::view(&db, issued.card_id).await.unwrap().unwrap();
    assert_eq!(view.covers, ["游乐 1 小时", "游乐"]);

    let mut settings = db::settings::read(&db).await.unwrap();
    assert_eq!(settings, domain::settings::Settings::default());
    settings.issue_fee_fen = 500;
    settings.receipt_footer = "欢迎再来".into();
    db::settings::update(&db, &settings).await.unwrap();
    assert_eq!(db::settings::read(&db).await.unwrap(), settings);
}
