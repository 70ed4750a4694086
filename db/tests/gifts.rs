//! Gifts and points to money on SQLite and Postgres (P3): a redemption takes
//! the points and one unit at once, neither ever below zero however many
//! redeem together; a manager reverses it once; points become bonus on a card;
//! a refund after the points were spent leaves the balance below zero and new
//! points pay it off.

mod common;

use common::loyalty::{Shop, pay, set_loyalty, shop};
use common::{assert_integrity, op, request_id};
use db::ledger::LedgerError;
use db::{Db, on_both_databases};
use domain::gift::GiftForm;
use domain::ledger::Refusal;
use domain::sale::PayBy;
use domain::sale::refund::RefundLine;

on_both_databases!(
    a_redemption_takes_points_and_a_unit_and_is_reversed_once,
    twenty_members_for_the_last_five_units,
    sixteen_redemptions_against_one_members_points,
    points_become_bonus_on_a_card,
    a_refund_after_the_points_were_spent_goes_below_zero
);

async fn gift(db: &Db, s: &Shop, name: &str, price: &str, stock: i64) -> i64 {
    let form = GiftForm {
        name: name.into(),
        points_price: price.into(),
        inactive: false,
    };
    let id = db::gifts::save(db, 0, &form.parse_all().unwrap())
        .await
        .unwrap();
    db::gifts::set_stock(db, id, s.cashier.store_id, stock)
        .await
        .unwrap();
    id
}

async fn stock(db: &Db, id: i64, store: i64) -> i64 {
    let gifts = db::gifts::list(db).await.unwrap();
    gifts.iter().find(|g| g.id == id).unwrap().stock_at(store)
}

/// A new member with `yuan` spent in cash (1 point per yuan).
async fn member_with_points(db: &Db, s: &Shop, n: usize, yuan: i64) -> i64 {
    let m = common::member(
        db,
        &s.cashier,
        &format!("会员{n}"),
        &format!("1380000{n:04}"),
    )
    .await;
    let req = db::sales::SaleRequest {
        member_id: Some(m),
        card_id: None,
        pin: None,
        lines: vec![(s.items[2], yuan)],
        ..s.sale(2, vec![pay(PayBy::Cash, yuan * 100)])
    };
    let rid = request_id();
    db::sales::sell(db, &op(&s.cashier, &rid), &req)
        .await
        .unwrap();
    m
}

async fn points_of(db: &Db, member: i64) -> i64 {
    db::points::account(db, member)
        .await
        .unwrap()
        .unwrap()
        .points
}

async fn a_redemption_takes_points_and_a_unit_and_is_reversed_once(db: Db) {
    let s = shop(&db).await;
    let doll = gift(&db, &s, "玩偶", "100", 2).await;
    let m = member_with_points(&db, &s, 1, 250).await;
    let rid = request_id();
    let first = db::gifts::redeem(&db, &op(&s.cashier, &rid), m, doll)
        .await
        .unwrap();
    // A retry of the same request: the same redemption, nothing more taken.
    let again = db::gifts::redeem(&db, &op(&s.cashier, &rid), m, doll)
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(points_of(&db, m).await, 150);
    assert_eq!(stock(&db, doll, s.cashier.store_id).await, 1);
    let account = db::points::account(&db, m).await.unwrap().unwrap();
    assert_eq!(account.redemptions.len(), 1);
    assert_eq!(account.earned, 250, "spending never lowers what was earned");
    assert_eq!(account.level_name.as_deref(), Some("银卡"), "nor the level");
    // Another branch has no stock of it.
    let other = common::branch_cashier(&db, &s.cashier, "GZ", "gz-cashier").await;
    let rid = request_id();
    let none = db::gifts::redeem(&db, &op(&other, &rid), m, doll).await;
    assert!(matches!(
        none,
        Err(LedgerError::Refused(Refusal::OutOfStock))
    ));
    assert_eq!(
        points_of(&db, m).await,
        150,
        "a refused redemption takes nothing"
    );
    // Reversed once: points and unit back; a second time is refused.
    db::gifts::reverse(&db, &op(&s.cashier, "r1"), first)
        .await
        .unwrap();
    assert_eq!(points_of(&db, m).await, 250);
    assert_eq!(stock(&db, doll, s.cashier.store_id).await, 2);
    let twice = db::gifts::reverse(&db, &op(&s.cashier, "r2"), first).await;
    assert!(matches!(
        twice,
        Err(LedgerError::Refused(Refusal::AlreadyReversed))
    ));
    // Another branch's manager does not find it.
    let outside = db::gifts::reverse(&db, &op(&other, "r3"), first).await;
    assert!(matches!(outside, Err(LedgerError::NotFound)));
    assert!(
        db::points::account(&db, m)
            .await
            .unwrap()
            .unwrap()
            .redemptions[0]
            .reversed
    );
    assert_integrity(&db).await;
}

async fn twenty_members_for_the_last_five_units(db: Db) {
    let s = shop(&db).await;
    let cup = gift(&db, &s, "水杯", "50", 5).await;
    let mut members = Vec::new();
    for n in 0..20 {
        members.push(member_with_points(&db, &s, 100 + n, 60).await);
    }
    let mut tasks = Vec::new();
    for m in members.clone() {
        let (db, cashier) = (db.clone(), s.cashier.clone());
        tasks.push(tokio::spawn(async move {
            let rid = request_id();
            db::gifts::redeem(&db, &op(&cashier, &rid), m, cup).await
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => won += 1,
            Err(LedgerError::Refused(Refusal::OutOfStock)) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(won, 5);
    assert_eq!(stock(&db, cup, s.cashier.store_id).await, 0);
    let mut spent = 0;
    for m in members {
        spent += 60 - points_of(&db, m).await;
    }
    assert_eq!(spent, 5 * 50, "only the five winners paid");
    assert_integrity(&db).await;
}

async fn sixteen_redemptions_against_one_members_points(db: Db) {
    let s = shop(&db).await;
    let pen = gift(&db, &s, "笔", "100", 50).await;
    let m = member_with_points(&db, &s, 7, 500).await;
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let (db, cashier) = (db.clone(), s.cashier.clone());
        tasks.push(tokio::spawn(async move {
            let rid = request_id();
            db::gifts::redeem(&db, &op(&cashier, &rid), m, pen).await
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => won += 1,
            Err(LedgerError::Refused(Refusal::NotEnoughPoints)) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(won, 5);
    assert_eq!(points_of(&db, m).await, 0);
    assert_eq!(stock(&db, pen, s.cashier.store_id).await, 45);
    assert_integrity(&db).await;
}

async fn points_become_bonus_on_a_card(db: Db) {
    let s = shop(&db).await;
    s.sell(&db, 1, vec![pay(PayBy::Cash, 10_000)]).await;
    assert_eq!(points_of(&db, s.member).await, 100);
    // Not offered until the shop sets a rate.
    let rid = request_id();
    let off = db::ledger::points_to_money(&db, &op(&s.cashier, &rid), s.card_id, 50).await;
    assert!(matches!(off, Err(LedgerError::Invalid(_))));
    set_loyalty(&db, |f| f.points_per_yuan = "20".into()).await;
    let before = db::cards::view(&db, s.card_id).await.unwrap().unwrap();
    // Part of the points: 50 at 20 a yuan is ¥2.50, as bonus.
    let rid = request_id();
    let slip = db::ledger::points_to_money(&db, &op(&s.cashier, &rid), s.card_id, 50)
        .await
        .unwrap();
    assert_eq!(slip.bonus_delta_fen, 250);
    let after = db::cards::view(&db, s.card_id).await.unwrap().unwrap();
    assert_eq!(
        (after.principal_fen, after.bonus_fen),
        (before.principal_fen, before.bonus_fen + 250)
    );
    assert_eq!(points_of(&db, s.member).await, 50);
    // More than the member has: refused, the card untouched.
    let rid = request_id();
    let short = db::ledger::points_to_money(&db, &op(&s.cashier, &rid), s.card_id, 51).await;
    assert!(matches!(
        short,
        Err(LedgerError::Refused(Refusal::NotEnoughPoints))
    ));
    let unchanged = db::cards::view(&db, s.card_id).await.unwrap().unwrap();
    assert_eq!(unchanged.bonus_fen, after.bonus_fen);
    assert_integrity(&db).await;
}

async fn a_refund_after_the_points_were_spent_goes_below_zero(db: Db) {
    let s = shop(&db).await;
    let cap = gift(&db, &s, "帽子", "100", 3).await;
    let sale = s.sell(&db, 1, vec![pay(PayBy::Cash, 10_000)]).await;
    let rid = request_id();
    db::gifts::redeem(&db, &op(&s.cashier, &rid), s.member, cap)
        .await
        .unwrap();
    assert_eq!(points_of(&db, s.member).await, 0);
    let rid = request_id();
    let whole = [RefundLine {
        line_no: 1,
        quantity: 1,
    }];
    db::sale_refunds::refund(&db, &op(&s.cashier, &rid), sale.sale_id, &whole)
        .await
        .unwrap();
    assert_eq!(points_of(&db, s.member).await, -100);
    // Spending is refused below zero; new points pay it off first.
    let rid = request_id();
    let refused = db::gifts::redeem(&db, &op(&s.cashier, &rid), s.member, cap).await;
    assert!(matches!(
        refused,
        Err(LedgerError::Refused(Refusal::NotEnoughPoints))
    ));
    s.sell(&db, 2, vec![pay(PayBy::Cash, 100)]).await;
    assert_eq!(points_of(&db, s.member).await, -99);
    assert_integrity(&db).await;
}
