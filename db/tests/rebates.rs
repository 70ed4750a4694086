//! The points rebate on SQLite and Postgres (P4): tiers paid from the highest
//! down with exact remainders carried over; the same period again adds
//! nothing; an overlapping one only the new days; a refund of summed spending
//! comes off the next sum; a run stopped halfway and continued in several
//! tabs at once pays each member once.

mod common;

use common::loyalty::{Shop, pay, shop};
use common::{assert_integrity, op, request_id};
use db::{Db, on_both_databases};
use domain::day::Day;
use domain::rebate::Tier;
use domain::sale::PayBy;
use domain::sale::refund::RefundLine;

on_both_databases!(
    tiers_are_paid_from_the_highest_down_and_a_rerun_adds_nothing,
    an_overlapping_period_counts_only_the_new_days,
    a_refund_of_summed_spending_comes_off_the_next_sum,
    a_run_stopped_halfway_and_stepped_at_once_pays_each_member_once
);

async fn tiers(db: &Db) {
    for (points, yuan) in [(10_000, 100), (5_000, 40), (1_000, 5)] {
        let tier = Tier {
            points,
            amount_fen: yuan * 100,
        };
        assert!(db::rebates::save_tier(db, &tier).await.unwrap());
    }
}

async fn today(db: &Db) -> Day {
    let zone = db::company::company(db).await.unwrap().unwrap().time_zone;
    db::clock::business_day(db::now_ms(), &zone)
}

/// Spends `yuan` (whole hundreds, ¥100 items) in cash for the shop's member.
async fn spend(db: &Db, s: &Shop, hundreds: i64) -> i64 {
    let req = db::sales::SaleRequest {
        lines: vec![(s.items[1], hundreds)],
        ..s.sale(1, vec![pay(PayBy::Cash, hundreds * 10_000)])
    };
    let rid = request_id();
    db::sales::sell(db, &op(&s.cashier, &rid), &req)
        .await
        .unwrap()
        .sale_id
}

async fn plan_of(db: &Db, card_id: i64) -> i64 {
    db::cards::view(db, card_id).await.unwrap().unwrap().plan_id
}

async fn bonus(db: &Db, card_id: i64) -> i64 {
    db::cards::view(db, card_id)
        .await
        .unwrap()
        .unwrap()
        .bonus_fen
}

/// Starts a run and steps it to the end; gives what it paid.
async fn run(db: &Db, s: &Shop, period: (Day, Day)) -> i64 {
    let plan = plan_of(db, s.card_id).await;
    let id = db::rebates::start(db, s.cashier.staff_id, period, plan)
        .await
        .unwrap();
    loop {
        let r = db::rebates::step(db, &s.cashier, id).await.unwrap();
        if r.finished {
            assert_eq!(r.members_done, r.members_total);
            return r.paid_fen;
        }
    }
}

async fn tiers_are_paid_from_the_highest_down_and_a_rerun_adds_nothing(db: Db) {
    let s = shop(&db).await;
    tiers(&db).await;
    spend(&db, &s, 135).await;
    let day = today(&db).await;
    let plan = plan_of(&db, s.card_id).await;
    // The preview writes nothing and says who gets what.
    let preview = db::rebates::preview(&db, (day, day), plan, 100)
        .await
        .unwrap();
    assert_eq!(preview.len(), 1);
    let p = &preview[0];
    assert_eq!((p.spent_fen, p.points_summed), (1_350_000, 13_500));
    assert_eq!(
        (p.payout.amount_fen, p.payout.points_left),
        (10_000 + 3 * 500, 500)
    );
    assert_eq!(p.card_no.as_deref(), Some("P0001"));
    let before = bonus(&db, s.card_id).await;
    assert_eq!(
        bonus(&db, s.card_id).await,
        before,
        "a preview pays nothing"
    );
    assert_eq!(run(&db, &s, (day, day)).await, 11_500);
    assert_eq!(bonus(&db, s.card_id).await, before + 11_500);
    // The same period again: nothing new, nothing paid.
    assert!(
        db::rebates::preview(&db, (day, day), plan, 100)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(run(&db, &s, (day, day)).await, 0);
    assert_eq!(bonus(&db, s.card_id).await, before + 11_500);
    assert_integrity(&db).await;
}

async fn an_overlapping_period_counts_only_the_new_days(db: Db) {
    let s = shop(&db).await;
    tiers(&db).await;
    let day = today(&db).await;
    let yesterday = day.plus_days(-1);
    // ¥9,800 yesterday: run over yesterday pays ¥40 + 4 × ¥5, leaves 800.
    let old = spend(&db, &s, 98).await;
    db::rows_affected!(&db, pool => sqlx::query("UPDATE sales SET day = $1 WHERE id = $2").bind(yesterday.0 as i64).bind(old).execute(pool).await)
        .unwrap();
    assert_eq!(run(&db, &s, (yesterday, yesterday)).await, 6_000);
    // ¥200 today; yesterday and today together: only today is new, with the
    // 800 carried: 1,000 points, ¥5.
    spend(&db, &s, 2).await;
    let plan = plan_of(&db, s.card_id).await;
    let p = db::rebates::preview(&db, (yesterday, day), plan, 100)
        .await
        .unwrap();
    assert_eq!((p[0].spent_fen, p[0].points_carried_in), (20_000, 800));
    assert_eq!(run(&db, &s, (yesterday, day)).await, 500);
    assert_integrity(&db).await;
}

async fn a_refund_of_summed_spending_comes_off_the_next_sum(db: Db) {
    let s = shop(&db).await;
    tiers(&db).await;
    let day = today(&db).await;
    let sale = spend(&db, &s, 135).await;
    assert_eq!(run(&db, &s, (day, day)).await, 11_500);
    // ¥100 of that sale refunded, then ¥1,000 spent: 900 new + 500 carried.
    let rid = request_id();
    db::sale_refunds::refund(
        &db,
        &op(&s.cashier, &rid),
        sale,
        &[RefundLine {
            line_no: 1,
            quantity: 1,
        }],
    )
    .await
    .unwrap();
    spend(&db, &s, 10).await;
    let plan = plan_of(&db, s.card_id).await;
    let p = db::rebates::preview(&db, (day, day), plan, 100)
        .await
        .unwrap();
    assert_eq!(
        (p[0].spent_fen, p[0].points_summed, p[0].points_carried_in),
        (90_000, 900, 500)
    );
    assert_eq!(
        (p[0].payout.amount_fen, p[0].payout.points_left),
        (500, 400)
    );
    assert_eq!(run(&db, &s, (day, day)).await, 500);
    assert_integrity(&db).await;
}

async fn a_run_stopped_halfway_and_stepped_at_once_pays_each_member_once(db: Db) {
    let s = shop(&db).await;
    tiers(&db).await;
    let plan = plan_of(&db, s.card_id).await;
    let mut cards = vec![s.card_id];
    spend(&db, &s, 10).await;
    // 52 members: more than one step pays (50).
    for n in 0..51 {
        let m = common::member(
            &db,
            &s.cashier,
            &format!("返点{n}"),
            &format!("1370000{n:04}"),
        )
        .await;
        let card = common::card(&db, &s.cashier, plan, Some(m), &format!("R{n:04}"), None).await;
        cards.push(card.card_id);
        let req = db::sales::SaleRequest {
            member_id: Some(m),
            card_id: None,
            pin: None,
            lines: vec![(s.items[1], 10)],
            ..s.sale(1, vec![pay(PayBy::Cash, 100_000)])
        };
        let rid = request_id();
        db::sales::sell(&db, &op(&s.cashier, &rid), &req)
            .await
            .unwrap();
    }
    let day = today(&db).await;
    let id = db::rebates::start(&db, s.cashier.staff_id, (day, day), plan)
        .await
        .unwrap();
    // One step, then the page is closed: 50 paid, the run not finished.
    let half = db::rebates::step(&db, &s.cashier, id).await.unwrap();
    assert_eq!(
        (half.members_done, half.members_total, half.finished),
        (50, 52, false)
    );
    // Continued as three steps at once (two tabs and a retry): each member
    // is paid once.
    let mut tasks = Vec::new();
    for _ in 0..3 {
        let (db, cashier) = (db.clone(), s.cashier.clone());
        tasks.push(tokio::spawn(async move {
            db::rebates::step(&db, &cashier, id).await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let done = loop {
        let r = db::rebates::step(&db, &s.cashier, id).await.unwrap();
        if r.finished {
            break r;
        }
    };
    assert_eq!(
        (done.members_total, done.members_done, done.paid_fen),
        (52, 52, 52 * 500)
    );
    for card in cards {
        let slips = db::ledger::history(&db, card, None, 50).await.unwrap();
        let rebates = slips
            .iter()
            .filter(|s| s.kind == domain::slip::TxKind::Rebate)
            .count();
        assert_eq!(rebates, 1, "card {card}");
    }
    assert_integrity(&db).await;
}
