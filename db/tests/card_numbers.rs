//! Card numbers on SQLite and Postgres: a plan suggests the next number from its
//! prefix and counter, skips numbers already taken, and moves on as cards are
//! issued, by hand or in a batch.

mod common;

use common::{card, company, count_plan, member, plan, stored_value_plan};
use db::{Db, on_both_databases};

on_both_databases!(a_plan_suggests_the_next_free_number);

async fn a_plan_suggests_the_next_free_number(db: Db) {
    let boss = company(&db).await;
    let mut ten = count_plan();
    ten.card_prefix = "k".into();
    let ten = plan(&db, ten).await;
    let plain = plan(&db, stored_value_plan()).await;
    let m = member(&db, &boss, "陈美玲", "13900000001").await;
    let suggest = |plan_id: i64| {
        let db = db.clone();
        async move { db::plans::suggest_card_no(&db, plan_id).await.unwrap() }
    };
    assert_eq!(suggest(ten).await.as_deref(), Some("K000001"));
    assert_eq!(suggest(plain).await, None, "no prefix, no suggestion");
    card(&db, &boss, ten, Some(m), "K000001", None).await;
    assert_eq!(suggest(ten).await.as_deref(), Some("K000002"));
    // A number typed ahead of the counter moves it on; one behind does not.
    card(&db, &boss, ten, Some(m), "K000007", None).await;
    assert_eq!(suggest(ten).await.as_deref(), Some("K000008"));
    card(&db, &boss, ten, Some(m), "K000003", None).await;
    assert_eq!(suggest(ten).await.as_deref(), Some("K000008"));
    // A number another plan's card holds is skipped.
    card(&db, &boss, plain, None, "K000008", None).await;
    assert_eq!(suggest(ten).await.as_deref(), Some("K000009"));
    // A batch moves the counter past its last number.
    let mut gift = stored_value_plan();
    gift.card_prefix = "GC".into();
    let gift = plan(&db, gift).await;
    let rid = common::request_id();
    db::ledger::issue_batch(
        &db,
        &common::op(&boss, &rid),
        gift,
        "GC000001",
        5,
        domain::slip::PaymentMethod::Cash,
    )
    .await
    .unwrap();
    assert_eq!(suggest(gift).await.as_deref(), Some("GC000006"));
    // The counter is the plan's: editing the plan keeps or sets it.
    let mut form =
        domain::plan::PlanForm::from_plan(&db::plans::get(&db, gift).await.unwrap().unwrap());
    form.next_card_no = "100".into();
    db::plans::update(&db, gift, &form.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(suggest(gift).await.as_deref(), Some("GC000100"));
}
