//! Promotions on SQLite and Postgres (P5): they run from their first to their
//! last day as the company's clock counts days, only in the stores they name;
//! a discount meets the level discount by the shop's rule (the better of the
//! two, or both); a multiplier doubles a sale's points and the receipt names
//! it; recharge tiers give the best tier only, a gift comes from the store's
//! stock and goes back when the recharge is reversed below its minimum.

mod common;

use common::loyalty::{Shop, pay, shop};
use common::{assert_integrity, branch_cashier, op, request_id, yuan};
use db::{Db, on_both_databases};
use domain::cover::CoverChoice;
use domain::day::Day;
use domain::promotion::{Promotion, PromotionForm, WithLevel};
use domain::sale::PayBy;
use domain::slip::PaymentMethod;

on_both_databases!(
    days_are_counted_on_the_company_clock,
    only_in_the_stores_named,
    a_discount_meets_the_level_by_the_rule,
    a_multiplier_doubles_the_points_and_a_refund_takes_them_back,
    recharge_tiers_and_a_gift_that_comes_back,
    a_birthday_offer_only_in_the_birthday_month
);

fn form(name: &str, kind: &str) -> PromotionForm {
    PromotionForm {
        name: name.into(),
        kind: kind.into(),
        first_day: "2026-01-01".into(),
        last_day: "2030-12-31".into(),
        birthday: "no".into(),
        target: "all".into(),
        style: "zhe".into(),
        ..PromotionForm::default()
    }
}

async fn create(db: &Db, f: PromotionForm) -> i64 {
    db::promotions::create(db, &f.parse_all().unwrap())
        .await
        .unwrap()
}

async fn set_time_zone(db: &Db, zone: &str) {
    db::rows_affected!(db, pool => sqlx::query("UPDATE company SET time_zone = $1").bind(zone).execute(pool).await)
        .unwrap();
}

/// What the till's display would show for one unit of `item` for the member
/// (or a walk-in): (total, the promotion named).
async fn quoted(
    db: &Db,
    s: &Shop,
    store: i64,
    member: Option<i64>,
    item: usize,
) -> (i64, Option<String>) {
    let q = db::sales::quote(
        db,
        store,
        member,
        &[(s.items[item], 1)],
        &[CoverChoice::Money],
    )
    .await
    .unwrap();
    let line = &q.priced.lines[0];
    (
        line.total_fen,
        line.promotion.as_ref().map(|p| p.name.clone()),
    )
}

async fn days_are_counted_on_the_company_clock(db: Db) {
    let s = shop(&db).await;
    let store = s.cashier.store_id;
    // Kiritimati (UTC+14) is always a day or two ahead of Pago Pago (UTC-11).
    let now = db::now_ms();
    let ahead = db::clock::business_day(now, "Pacific/Kiritimati");
    let behind = db::clock::business_day(now, "Pacific/Pago_Pago");
    assert!(behind < ahead);
    let day = |d: Day| d.to_string();
    // Ends on Pago Pago's today; starts on Kiritimati's today.
    let mut ends = form("今天结束", "discount");
    (ends.last_day, ends.rate) = (day(behind), "9".into());
    create(&db, ends).await;
    let mut starts = form("今天开始", "discount");
    (starts.first_day, starts.rate) = (day(ahead), "8".into());
    create(&db, starts).await;

    set_time_zone(&db, "Pacific/Pago_Pago").await;
    assert_eq!(
        quoted(&db, &s, store, None, 1).await,
        (9_000, Some("今天结束".into()))
    );
    set_time_zone(&db, "Pacific/Kiritimati").await;
    assert_eq!(
        quoted(&db, &s, store, None, 1).await,
        (8_000, Some("今天开始".into()))
    );
}

async fn only_in_the_stores_named(db: Db) {
    let s = shop(&db).await;
    let branch = branch_cashier(&db, &s.cashier, "B01", "branch").await;
    let mut f = form("分店开业", "discount");
    (f.rate, f.stores) = ("5".into(), vec![branch.store_id]);
    create(&db, f).await;
    assert_eq!(
        quoted(&db, &s, s.cashier.store_id, None, 1).await,
        (10_000, None)
    );
    assert_eq!(
        quoted(&db, &s, branch.store_id, None, 1).await,
        (5_000, Some("分店开业".into()))
    );
    // Switched off, it runs nowhere.
    let id = db::promotions::list(&db).await.unwrap()[0].id;
    db::promotions::set_active(&db, id, false).await.unwrap();
    assert_eq!(
        quoted(&db, &s, branch.store_id, None, 1).await,
        (10_000, None)
    );
}

async fn a_discount_meets_the_level_by_the_rule(db: Db) {
    let s = shop(&db).await;
    let level = domain::level::LevelForm {
        name: "折扣卡".into(),
        rank: "9".into(),
        rate: "8.8".into(),
        style: "zhe".into(),
        points_rate: "1".into(),
        upgrade_points: String::new(),
    };
    let level = db::levels::save_level(&db, 0, &level.parse().unwrap())
        .await
        .unwrap();
    let rid = request_id();
    db::points::set_level(&db, &op(&s.cashier, &rid), s.member, Some(level))
        .await
        .unwrap();
    let mut f = form("全场9折", "discount");
    f.rate = "9".into();
    create(&db, f).await;
    let store = s.cashier.store_id;
    // The better of the two: the level's 8.8折 wins, the promotion is not named;
    // a walk-in gets the promotion.
    assert_eq!(
        db::promotions::with_level(&db).await.unwrap(),
        WithLevel::Better
    );
    assert_eq!(
        quoted(&db, &s, store, Some(s.member), 1).await,
        (8_800, None)
    );
    assert_eq!(
        quoted(&db, &s, store, None, 1).await,
        (9_000, Some("全场9折".into()))
    );
    // Both: 8.8折 × 9折 = 7.92折, and the sale's receipt names the promotion.
    db::promotions::set_with_level(&db, WithLevel::Both)
        .await
        .unwrap();
    assert_eq!(
        quoted(&db, &s, store, Some(s.member), 1).await,
        (7_920, Some("全场9折".into()))
    );
    let receipt = s.sell(&db, 1, vec![pay(PayBy::Cash, 7_920)]).await;
    let line = &receipt.priced.lines[0];
    assert_eq!((line.total_fen, line.rate_bp), (7_920, 7_920));
    let again = db::sales::receipt(&db, receipt.sale_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        again.priced.lines[0]
            .promotion
            .as_ref()
            .map(|p| p.name.as_str()),
        Some("全场9折")
    );
    // The till's price is never trusted: paying the better-of-two price now is refused.
    db::promotions::set_with_level(&db, WithLevel::Better)
        .await
        .unwrap();
    let rid = request_id();
    let short = db::sales::sell(
        &db,
        &op(&s.cashier, &rid),
        &s.sale(1, vec![pay(PayBy::Cash, 7_920)]),
    )
    .await;
    assert!(short.is_err());
}

async fn a_multiplier_doubles_the_points_and_a_refund_takes_them_back(db: Db) {
    let s = shop(&db).await;
    let mut f = form("双倍积分", "points");
    f.factor = "2".into();
    create(&db, f).await;
    let before = s.points(&db).await.0;
    let receipt = s.sell(&db, 1, vec![pay(PayBy::Cash, 10_000)]).await;
    let points = receipt.points.clone().unwrap();
    assert_eq!(points.earned, 200, "¥100 at 1 point per yuan, doubled");
    assert_eq!(
        points
            .promotion
            .as_ref()
            .map(|(p, f)| (p.name.as_str(), *f)),
        Some(("双倍积分", 200))
    );
    assert_eq!(s.points(&db).await.0, before + 200);
    let rid = request_id();
    let whole = vec![domain::sale::refund::RefundLine {
        line_no: 1,
        quantity: 1,
    }];
    db::sale_refunds::refund(&db, &op(&s.cashier, &rid), receipt.sale_id, &whole)
        .await
        .unwrap();
    assert_eq!(
        s.points(&db).await.0,
        before,
        "the doubled points all come back off"
    );
    assert_integrity(&db).await;
}

async fn stock(db: &Db, gift: i64, store: i64) -> i64 {
    let gifts = db::gifts::list(db).await.unwrap();
    gifts.iter().find(|g| g.id == gift).unwrap().stock_at(store)
}

async fn recharge(db: &Db, s: &Shop, yuan_paid: i64) -> domain::slip::Slip {
    let rid = request_id();
    db::ledger::recharge(
        db,
        &op(&s.cashier, &rid),
        s.card_id,
        yuan(yuan_paid),
        PaymentMethod::Cash,
        None,
    )
    .await
    .unwrap()
}

async fn recharge_tiers_and_a_gift_that_comes_back(db: Db) {
    let s = shop(&db).await;
    let store = s.cashier.store_id;
    let mut tiers = form("充值送", "recharge_bonus");
    tiers.tiers = "500=50, 1000=120".into();
    create(&db, tiers).await;
    let gift = domain::gift::GiftForm {
        name: "保温杯".into(),
        points_price: "500".into(),
        inactive: false,
    };
    let gift = db::gifts::save(&db, 0, &gift.parse_all().unwrap())
        .await
        .unwrap();
    db::gifts::set_stock(&db, gift, store, 1).await.unwrap();
    let mut with_gift = form("充300送杯", "recharge_gift");
    (with_gift.gift_id, with_gift.min) = (gift.to_string(), "300".into());
    create(&db, with_gift).await;

    // ¥499: no tier (the plan gives nothing under ¥1,000), but the gift.
    let first = recharge(&db, &s, 499).await;
    assert_eq!(first.bonus_delta_fen, 0);
    assert_eq!(
        (first.promotion.as_deref(), first.gift.as_deref()),
        (Some("充300送杯"), Some("保温杯"))
    );
    assert_eq!(stock(&db, gift, store).await, 0);
    // ¥1,000: the best tier only (120), better than the plan's 100; no stock, no gift.
    let second = recharge(&db, &s, 1_000).await;
    assert_eq!(second.bonus_delta_fen, 12_000);
    assert_eq!(
        (second.promotion.as_deref(), second.gift.as_deref()),
        (Some("充值送"), None)
    );
    // Both: the plan's 100 and the tier's 120.
    db::promotions::set_with_level(&db, WithLevel::Both)
        .await
        .unwrap();
    assert_eq!(recharge(&db, &s, 1_000).await.bonus_delta_fen, 22_000);
    // Reversing ¥100 of the first keeps ¥399 ≥ ¥300: the gift stays given;
    // reversing ¥100 more keeps ¥299: the gift goes back to stock, once.
    for (n, left) in [(1, 0), (2, 1)] {
        let rid = request_id();
        let back = db::ledger::reverse(
            &db,
            &op(&s.cashier, &rid),
            first.transaction_id,
            Some(yuan(100)),
            None,
        )
        .await
        .unwrap();
        assert_eq!(back.gift.is_some(), n == 2);
        assert_eq!(stock(&db, gift, store).await, left);
    }
    let rid = request_id();
    db::ledger::reverse(
        &db,
        &op(&s.cashier, &rid),
        first.transaction_id,
        Some(yuan(299)),
        None,
    )
    .await
    .unwrap();
    assert_eq!(stock(&db, gift, store).await, 1, "given back once only");
    // A manager's typed bonus stands alone: no promotion.
    let rid = request_id();
    let fixed = db::ledger::recharge(
        &db,
        &op(&s.cashier, &rid),
        s.card_id,
        yuan(1_000),
        PaymentMethod::Cash,
        Some(yuan(1)),
    )
    .await
    .unwrap();
    assert_eq!((fixed.bonus_delta_fen, fixed.promotion), (100, None));
    let all: Vec<Promotion> = db::promotions::list(&db).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_integrity(&db).await;
}

async fn a_birthday_offer_only_in_the_birthday_month(db: Db) {
    let s = shop(&db).await;
    let mut f = form("生日月8折", "discount");
    (f.rate, f.birthday) = ("8".into(), "month".into());
    create(&db, f).await;
    let store = s.cashier.store_id;
    let today = db::clock::business_day(db::now_ms(), "Asia/Shanghai");
    let (_, month, day) = today.ymd();
    let born = |m: u32| Day::from_ymd(1990, m, day.min(28)).unwrap().0 as i64;
    let set_birthday = |d: Option<i64>| {
        let db = &db;
        async move {
            db::rows_affected!(db, pool => sqlx::query("UPDATE members SET birthday_day = $1 WHERE id = $2").bind(d).bind(s.member).execute(pool).await)
                .unwrap();
        }
    };
    // No birthday on file, and a walk-in: no offer.
    assert_eq!(
        quoted(&db, &s, store, Some(s.member), 1).await,
        (10_000, None)
    );
    assert_eq!(quoted(&db, &s, store, None, 1).await, (10_000, None));
    set_birthday(Some(born(month % 12 + 1))).await;
    assert_eq!(
        quoted(&db, &s, store, Some(s.member), 1).await,
        (10_000, None)
    );
    set_birthday(Some(born(month))).await;
    assert_eq!(
        quoted(&db, &s, store, Some(s.member), 1).await,
        (8_000, Some("生日月8折".into()))
    );
}
