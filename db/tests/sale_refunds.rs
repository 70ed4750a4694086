//! Refunds of sales on SQLite and Postgres (V6), with the peers' bugs as
//! regression tests: a refund brings the points back where they were (odoo
//! #257854), never takes them twice (odoo #238806), a sales return removes the
//! points (erpnext #32951); payments go back the way they came, in proportion;
//! nothing is refunded twice, even at once.

mod common;

use common::loyalty::{Shop, pay, set_loyalty, shop};
use common::{assert_integrity, op, request_id};
use db::sales::SaleError;
use db::{Db, on_both_databases};
use domain::ledger::Refusal;
use domain::sale::refund::RefundLine;
use domain::sale::{PayBy, Payment, Receipt};

on_both_databases!(
    a_whole_refund_puts_money_and_points_back_where_they_were,
    refunds_by_lines_add_up_and_never_exceed_the_sale,
    a_refund_is_made_once_however_often_or_at_once_it_is_sent,
    a_sales_card_part_is_refunded_with_the_sale_only,
    the_level_after_a_refund_follows_the_setting
);

fn line(line_no: u32, quantity: i64) -> RefundLine {
    RefundLine { line_no, quantity }
}

async fn sell(db: &Db, s: &Shop, lines: Vec<(i64, i64)>, payments: Vec<Payment>) -> Receipt {
    let rid = request_id();
    let req = db::sales::SaleRequest {
        lines,
        ..s.sale(0, payments)
    };
    db::sales::sell(db, &op(&s.cashier, &rid), &req)
        .await
        .unwrap()
}

async fn refund(
    db: &Db,
    s: &Shop,
    sale_id: i64,
    lines: &[RefundLine],
) -> Result<Receipt, SaleError> {
    let rid = request_id();
    db::sale_refunds::refund(db, &op(&s.cashier, &rid), sale_id, lines).await?;
    Ok(db::sales::receipt(db, sale_id).await.unwrap().unwrap())
}

async fn balance(db: &Db, card_id: i64) -> (i64, i64) {
    let c = db::cards::view(db, card_id).await.unwrap().unwrap();
    (c.principal_fen, c.bonus_fen)
}

async fn a_whole_refund_puts_money_and_points_back_where_they_were(db: Db) {
    let s = shop(&db).await;
    let card_before = balance(&db, s.card_id).await;
    let points_before = s.points(&db).await;
    // 2 × ¥100: ¥120 by card, ¥80 in cash; 200 points.
    let sale = sell(
        &db,
        &s,
        vec![(s.items[1], 2)],
        vec![pay(PayBy::Cash, 8_000), pay(PayBy::MemberCard, 12_000)],
    )
    .await;
    assert_eq!(sale.points.as_ref().unwrap().earned, 200);
    let after = refund(&db, &s, sale.sale_id, &[line(1, 2)]).await.unwrap();
    let r = &after.refunds[0];
    assert_eq!(r.total_fen, 20_000);
    assert_eq!(
        r.payments,
        vec![pay(PayBy::Cash, 8_000), pay(PayBy::MemberCard, 12_000)]
    );
    assert_eq!(r.points, 200);
    assert_eq!(
        balance(&db, s.card_id).await,
        card_before,
        "the card as before"
    );
    // The points as before; the level reached stays (the default setting).
    let (points, earned, level) = s.points(&db).await;
    assert_eq!((points, earned), (points_before.0, points_before.1));
    assert_eq!(level.as_deref(), Some("银卡"));
    // The cashier's drawer paid the ¥80 back.
    let shift = db::shifts::open_shift_of(&db, s.cashier.staff_id)
        .await
        .unwrap()
        .unwrap();
    let summary = db::shifts::summary(&db, shift.id).await.unwrap();
    let cash = summary.methods.iter().find(|m| m.method == "cash").unwrap();
    assert_eq!(cash.paid_out_fen, 8_000);
    assert_eq!((summary.refunds, summary.refunds_fen), (1, 20_000));
    assert_integrity(&db).await;
}

async fn refunds_by_lines_add_up_and_never_exceed_the_sale(db: Db) {
    let s = shop(&db).await;
    // 3 × ¥99.99 + 1 × ¥1: ¥300.97, a third in cash; 300 points.
    let sale = sell(
        &db,
        &s,
        vec![(s.items[0], 3), (s.items[2], 1)],
        vec![pay(PayBy::Cash, 10_032), pay(PayBy::MemberCard, 20_065)],
    )
    .await;
    assert_eq!(sale.points.as_ref().unwrap().earned, 300);
    let r1 = refund(&db, &s, sale.sale_id, &[line(1, 1)]).await.unwrap();
    assert_eq!(r1.refunds[0].total_fen, 9_999);
    assert_eq!(r1.refundable(1), 2);
    // More than is left of a line is refused and changes nothing.
    let too_many = refund(&db, &s, sale.sale_id, &[line(1, 3)]).await;
    assert!(matches!(
        too_many,
        Err(SaleError::Refused(Refusal::RefundMoreThanSold {
            line_no: 1,
            left: 2
        }))
    ));
    let r2 = refund(&db, &s, sale.sale_id, &[line(1, 2), line(2, 1)])
        .await
        .unwrap();
    let total: i64 = r2.refunds.iter().map(|r| r.total_fen).sum();
    assert_eq!(total, 30_097, "the parts add up to the sale");
    for by in [PayBy::Cash, PayBy::MemberCard] {
        let back: i64 = r2
            .refunds
            .iter()
            .flat_map(|r| &r.payments)
            .filter(|p| p.by == by)
            .map(|p| p.amount_fen)
            .sum();
        let paid: i64 = sale
            .payments
            .iter()
            .filter(|p| p.by == by)
            .map(|p| p.amount_fen)
            .sum();
        assert_eq!(back, paid, "{by:?} back in full");
    }
    let points: i64 = r2.refunds.iter().map(|r| r.points).sum();
    assert_eq!(points, 300);
    assert_eq!(s.points(&db).await.0, 0);
    // Nothing is left: any further refund is refused.
    assert!(refund(&db, &s, sale.sale_id, &[line(2, 1)]).await.is_err());
    assert_integrity(&db).await;
}

async fn a_refund_is_made_once_however_often_or_at_once_it_is_sent(db: Db) {
    let s = shop(&db).await;
    let sale = sell(
        &db,
        &s,
        vec![(s.items[1], 1)],
        vec![pay(PayBy::MemberCard, 10_000)],
    )
    .await;
    let rid = request_id();
    let first = db::sale_refunds::refund(&db, &op(&s.cashier, &rid), sale.sale_id, &[line(1, 1)])
        .await
        .unwrap();
    // The same request again (a retry): the same refund, nothing more.
    for _ in 0..3 {
        let again =
            db::sale_refunds::refund(&db, &op(&s.cashier, &rid), sale.sale_id, &[line(1, 1)])
                .await
                .unwrap();
        assert_eq!(again, first);
    }
    assert_eq!(s.points(&db).await.0, 0, "taken back once, not twice");
    // Eight whole refunds of another sale at once, each its own request: one.
    let sale = sell(
        &db,
        &s,
        vec![(s.items[1], 1)],
        vec![pay(PayBy::MemberCard, 10_000)],
    )
    .await;
    let card_before = balance(&db, s.card_id).await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (db, cashier, id) = (db.clone(), s.cashier.clone(), sale.sale_id);
        tasks.push(tokio::spawn(async move {
            let rid = request_id();
            db::sale_refunds::refund(&db, &op(&cashier, &rid), id, &[line(1, 1)]).await
        }));
    }
    let mut done = 0;
    for t in tasks {
        if t.await.unwrap().is_ok() {
            done += 1;
        }
    }
    assert_eq!(done, 1);
    let after = balance(&db, s.card_id).await;
    assert_eq!(after.0 + after.1, card_before.0 + card_before.1 + 10_000);
    assert_eq!(s.points(&db).await.0, 0);
    assert_integrity(&db).await;
}

async fn a_sales_card_part_is_refunded_with_the_sale_only(db: Db) {
    let s = shop(&db).await;
    let sale = sell(
        &db,
        &s,
        vec![(s.items[1], 1)],
        vec![pay(PayBy::MemberCard, 10_000)],
    )
    .await;
    let card_tx: i64 = db::on_pool!(&db, pool => {
        sqlx::query_scalar("SELECT card_tx_id FROM sales WHERE id = $1").bind(sale.sale_id).fetch_one(pool).await
    })
    .unwrap();
    let rid = request_id();
    let on_card_page = db::ledger::reverse(
        &db,
        &op(&s.cashier, &rid),
        card_tx,
        Some(common::yuan(100)),
        None,
    )
    .await;
    assert!(matches!(
        on_card_page,
        Err(db::ledger::LedgerError::Refused(Refusal::RefundAtTheSale { sale_id })) if sale_id == sale.sale_id
    ));
    assert_eq!(s.points(&db).await.0, 100, "nothing taken back");
    // Another branch's cashier does not find the sale.
    let other = common::branch_cashier(&db, &s.cashier, "SZ", "sz-cashier").await;
    let rid = request_id();
    let refused =
        db::sale_refunds::refund(&db, &op(&other, &rid), sale.sale_id, &[line(1, 1)]).await;
    assert!(matches!(refused, Err(SaleError::NotFound)));
}

async fn the_level_after_a_refund_follows_the_setting(db: Db) {
    let s = shop(&db).await;
    set_loyalty(&db, |f| f.after_refund = "drop".into()).await;
    // 250 points: 银卡 (from 200).
    let sale = sell(
        &db,
        &s,
        vec![(s.items[1], 2), (s.items[2], 50)],
        vec![pay(PayBy::Cash, 25_000)],
    )
    .await;
    assert_eq!(
        sale.points.as_ref().unwrap().new_level.as_deref(),
        Some("银卡")
    );
    // Refund ¥50 of it: 200 left, still 银卡; then one more: 199, back to 普通.
    refund(&db, &s, sale.sale_id, &[line(2, 50)]).await.unwrap();
    assert_eq!(s.points(&db).await, (200, 200, Some("银卡".into())));
    sell(&db, &s, vec![(s.items[2], 1)], vec![pay(PayBy::Cash, 100)]).await;
    refund(&db, &s, sale.sale_id, &[line(1, 1)]).await.unwrap();
    let a = db::points::account(&db, s.member).await.unwrap().unwrap();
    assert_eq!((a.points, a.level_name.as_deref()), (101, Some("普通")));
    assert_eq!(a.level_history[0].cause, domain::points::LevelCause::Refund);
    assert_integrity(&db).await;
}
