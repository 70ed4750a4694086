//! Points and levels on SQLite and Postgres (P1, P2): earned per level and
//! rounded down once per sale, on the methods the settings name; levels climb
//! exactly at their threshold on points earned; a repeated request never earns
//! twice; a recharge earns at its own rate and its reversal takes the points
//! back; the integrity check covers points accounts.

mod common;

use common::loyalty::{pay, set_loyalty, shop};
use common::{assert_integrity, card, op, plan, request_id, stored_value_plan};
use db::sales::SaleRequest;
use db::{Db, on_both_databases};
use domain::points::LevelCause;
use domain::sale::PayBy;
use domain::slip::PaymentMethod;

on_both_databases!(
    points_are_earned_per_level_and_levels_climb_at_the_threshold,
    a_repeated_sale_never_earns_twice_and_concurrent_sales_all_count,
    a_recharge_earns_at_its_rate_and_its_reversal_takes_the_points_back,
    a_rolling_window_counts_only_recent_points,
    a_level_set_by_hand_is_noted_with_its_reason,
    the_integrity_check_catches_a_tampered_points_account
);

async fn points_are_earned_per_level_and_levels_climb_at_the_threshold(db: Db) {
    let s = shop(&db).await;
    assert_eq!(s.points(&db).await, (0, 0, None));
    // No level yet: the shop's rate, 1 per yuan; ¥99.99 gives 99 (down, once).
    let r = s.sell(&db, 0, vec![pay(PayBy::Cash, 9_999)]).await;
    let on = r.points.expect("points on the receipt");
    assert_eq!((on.earned, on.balance_after), (99, 99));
    assert_eq!(
        on.new_level.as_deref(),
        Some("普通"),
        "the entry level at 0"
    );
    // ¥100 by member card at 普通 (1 per yuan): 199 earned, one short of 银卡.
    let r = s.sell(&db, 1, vec![pay(PayBy::MemberCard, 10_000)]).await;
    let on = r.points.unwrap();
    assert_eq!(
        (on.earned, on.balance_after, on.new_level),
        (100, 199, None)
    );
    assert_eq!(s.points(&db).await, (199, 199, Some("普通".into())));
    // One more yuan: exactly 200, and the same sale lifts the member.
    let r = s.sell(&db, 2, vec![pay(PayBy::Cash, 100)]).await;
    assert_eq!(r.points.unwrap().new_level.as_deref(), Some("银卡"));
    assert_eq!(
        r.level_name.as_deref(),
        Some("普通"),
        "the sale was priced before"
    );
    // At 银卡, 1.5 per yuan.
    let r = s.sell(&db, 1, vec![pay(PayBy::Cash, 10_000)]).await;
    assert_eq!(r.points.unwrap().earned, 150);
    assert_eq!(s.points(&db).await, (350, 350, Some("银卡".into())));

    // Member card only: cash earns nothing, the card part of a split earns.
    set_loyalty(&db, |f| f.earn_on = "member_card".into()).await;
    let r = s.sell(&db, 1, vec![pay(PayBy::Cash, 10_000)]).await;
    assert_eq!(r.points, None);
    let rid = request_id();
    let split = vec![pay(PayBy::Cash, 5_000), pay(PayBy::MemberCard, 5_000)];
    let r = db::sales::sell(&db, &op(&s.cashier, &rid), &s.sale(1, split))
        .await
        .unwrap();
    assert_eq!(r.points.unwrap().earned, 75);

    // A walk-in and an anonymous card earn nothing.
    let rid = request_id();
    let walk_in = SaleRequest {
        member_id: None,
        card_id: None,
        pin: None,
        ..s.sale(1, vec![pay(PayBy::Cash, 10_000)])
    };
    let r = db::sales::sell(&db, &op(&s.cashier, &rid), &walk_in)
        .await
        .unwrap();
    assert_eq!(r.points, None);
    let account = db::points::account(&db, s.member).await.unwrap().unwrap();
    assert_eq!(account.points, 425);
    assert_eq!(account.lines.len(), 5, "one line per sale that earned");
    assert_eq!(account.level_history.len(), 2);
    assert!(account.next_level.is_none(), "金卡 is given by hand only");
    assert_integrity(&db).await;
}

async fn a_repeated_sale_never_earns_twice_and_concurrent_sales_all_count(db: Db) {
    let s = shop(&db).await;
    let rid = request_id();
    let req = s.sale(1, vec![pay(PayBy::Cash, 10_000)]);
    let first = db::sales::sell(&db, &op(&s.cashier, &rid), &req)
        .await
        .unwrap();
    // A retry of the same upload (OCA/pos #185): the first receipt, no points.
    for _ in 0..3 {
        let again = db::sales::sell(&db, &op(&s.cashier, &rid), &req)
            .await
            .unwrap();
        assert_eq!(again, first);
    }
    assert_eq!(s.points(&db).await.0, 100);
    // 16 sales at once for one member: every one counts, none twice.
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let (db, cashier, req) = (
            db.clone(),
            s.cashier.clone(),
            s.sale(2, vec![pay(PayBy::Cash, 100)]),
        );
        tasks.push(tokio::spawn(async move {
            let rid = request_id();
            db::sales::sell(&db, &op(&cashier, &rid), &req)
                .await
                .map(|r| r.points)
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(s.points(&db).await.0, 116);
    assert_integrity(&db).await;
}

async fn a_recharge_earns_at_its_rate_and_its_reversal_takes_the_points_back(db: Db) {
    let s = shop(&db).await;
    assert_eq!(s.points(&db).await.0, 0, "no recharge rate: nothing earned");
    set_loyalty(&db, |f| f.recharge_rate = "0.5".into()).await;
    let rid = request_id();
    let slip = db::ledger::recharge(
        &db,
        &op(&s.cashier, &rid),
        s.card_id,
        common::yuan(200),
        PaymentMethod::Cash,
        Some(domain::money::Money::ZERO),
    )
    .await
    .unwrap();
    assert_eq!(s.points(&db).await.0, 100);
    // The slip shows the points earned and the balance after.
    assert_eq!((slip.points_delta, slip.points_after), (100, Some(100)));
    // Half of it reversed: half the points; the rest: all of them.
    let rid = request_id();
    db::ledger::reverse(
        &db,
        &op(&s.cashier, &rid),
        slip.transaction_id,
        Some(common::yuan(100)),
        None,
    )
    .await
    .unwrap();
    assert_eq!(s.points(&db).await.0, 50);
    let rid = request_id();
    db::ledger::reverse(
        &db,
        &op(&s.cashier, &rid),
        slip.transaction_id,
        Some(common::yuan(100)),
        None,
    )
    .await
    .unwrap();
    // The level reached stays (the default setting keeps it).
    assert_eq!(s.points(&db).await, (0, 0, Some("普通".into())));
    // An anonymous card earns nothing.
    let plan_id = plan(&db, stored_value_plan()).await;
    let anon = card(&db, &s.cashier, plan_id, None, "P0002", None).await;
    let rid = request_id();
    db::ledger::recharge(
        &db,
        &op(&s.cashier, &rid),
        anon.card_id,
        common::yuan(200),
        PaymentMethod::Cash,
        None,
    )
    .await
    .unwrap();
    let total: i64 = db::on_pool!(&db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM points_transactions").fetch_one(pool).await).unwrap();
    assert_eq!(total, 3);
    assert_integrity(&db).await;
}

async fn a_rolling_window_counts_only_recent_points(db: Db) {
    let s = shop(&db).await;
    set_loyalty(&db, |f| f.window_months = "12".into()).await;
    s.sell(&db, 1, vec![pay(PayBy::Cash, 10_000)]).await;
    // That sale's points were earned 13 months ago (as if).
    let old = db::now_ms() - 13 * 31 * 86_400_000;
    db::rows_affected!(&db, pool => sqlx::query("UPDATE points_transactions SET earned_at_ms = $1").bind(old).execute(pool).await)
        .unwrap();
    let r = s.sell(&db, 1, vec![pay(PayBy::Cash, 10_000)]).await;
    assert_eq!(r.points.unwrap().new_level, None, "only 100 of 200 count");
    let a = db::points::account(&db, s.member).await.unwrap().unwrap();
    assert_eq!((a.earned, a.earned_for_level), (200, 100));
    assert_eq!(a.next_level, Some(("银卡".into(), 100)));
    // For ever: all 200 count at the next sale.
    set_loyalty(&db, |f| f.window_months = "0".into()).await;
    let r = s.sell(&db, 2, vec![pay(PayBy::Cash, 100)]).await;
    assert_eq!(r.points.unwrap().new_level.as_deref(), Some("银卡"));
}

async fn a_level_set_by_hand_is_noted_with_its_reason(db: Db) {
    let s = shop(&db).await;
    let reason = db::ledger::Op {
        caller: &s.cashier,
        request_id: "level-1",
        reason: "开业活动赠送",
    };
    db::points::set_level(&db, &reason, s.member, Some(s.levels[2]))
        .await
        .unwrap();
    // The same again changes nothing; an unknown level is refused.
    db::points::set_level(&db, &reason, s.member, Some(s.levels[2]))
        .await
        .unwrap();
    assert!(
        db::points::set_level(&db, &reason, s.member, Some(99_999))
            .await
            .is_err()
    );
    let a = db::points::account(&db, s.member).await.unwrap().unwrap();
    assert_eq!(a.level_name.as_deref(), Some("金卡"));
    assert_eq!(a.level_history.len(), 1);
    let change = &a.level_history[0];
    assert_eq!(change.cause, LevelCause::ByHand);
    assert_eq!(change.reason, "开业活动赠送");
    assert_eq!(change.to_level.as_deref(), Some("金卡"));
    // Earning never moves a member down from a level given by hand.
    let r = s.sell(&db, 1, vec![pay(PayBy::Cash, 10_000)]).await;
    assert_eq!(r.points.unwrap().earned, 200, "金卡 earns 2 per yuan");
    assert_eq!(s.points(&db).await.2.as_deref(), Some("金卡"));
}

async fn the_integrity_check_catches_a_tampered_points_account(db: Db) {
    let s = shop(&db).await;
    s.sell(&db, 1, vec![pay(PayBy::Cash, 10_000)]).await;
    assert_integrity(&db).await;
    db::rows_affected!(&db, pool => sqlx::query("UPDATE members SET points = points + 1000").execute(pool).await)
        .unwrap();
    let report = db::integrity::check(&db).await.unwrap();
    assert!(!report.is_clean());
    assert_eq!(report.points_offenders.len(), 1);
    assert_eq!(report.points_offenders[0].points, 1_100);
    assert_eq!(report.points_offenders[0].points_entries, 100);
    assert!(report.to_string().contains("1 members disagree"));
}
