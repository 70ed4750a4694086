//! Sales at the till on SQLite and Postgres: the discount found by level,
//! category and item; a split payment as one transaction; a repeated request id
//! charges once; a sale over the balance or with a wrong PIN writes nothing.

mod common;

use common::{assert_integrity, card, company, member, op, plan, request_id, stored_value_plan};
use db::sales::{SaleError, SaleRequest};
use db::{Db, on_both_databases};
use domain::card::Pin;
use domain::catalogue::{CategoryForm, ItemForm};
use domain::ledger::Refusal;
use domain::level::{DiscountRule, LevelForm, RuleTarget};
use domain::sale::{PayBy, Payment};

on_both_databases!(
    a_split_sale_is_one_transaction_priced_by_the_server,
    a_sale_the_card_cannot_pay_writes_nothing,
    items_are_found_as_the_cashier_types
);

struct Shop {
    cashier: db::staff::Caller,
    /// Toy (in Toys > Play), cola, a haircut.
    items: [i64; 3],
    member: i64,
    card_id: i64,
}

async fn count(db: &Db, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    db::on_pool!(db, pool => sqlx::query_scalar::<_, i64>(&sql).fetch_one(pool).await).unwrap()
}

async fn shop(db: &Db) -> Shop {
    let cashier = company(db).await;
    let toys = CategoryForm {
        code: "TOYS".into(),
        name: "玩具".into(),
        parent_id: 0,
        inactive: false,
    };
    let toys = db::catalogue::save_category(db, 0, &toys.parse().unwrap())
        .await
        .unwrap();
    let play = CategoryForm {
        code: "PLAY".into(),
        name: "游乐".into(),
        parent_id: toys,
        inactive: false,
    };
    let play = db::catalogue::save_category(db, 0, &play.parse().unwrap())
        .await
        .unwrap();
    let item = |code: &str, name: &str, price: &str, category_id: i64, barcode: &str| ItemForm {
        code: code.into(),
        name: name.into(),
        price: price.into(),
        category_id,
        barcode: barcode.into(),
        unit: "个".into(),
        ..Default::default()
    };
    let mut items = [0; 3];
    for (n, form) in [
        item("TOY1", "积木", "100", play, "6901234567892"),
        item("COLA", "可口可乐", "3.50", 0, "6900000000017"),
        item("CUT", "洗剪吹", "58", 0, ""),
    ]
    .into_iter()
    .enumerate()
    {
        items[n] = db::catalogue::save_item(db, 0, &form.parse().unwrap())
            .await
            .unwrap();
    }
    let gold = LevelForm {
        name: "金卡".into(),
        rank: "2".into(),
        rate: "9".into(),
        style: "zhe".into(),
        ..Default::default()
    };
    let gold = db::levels::save_level(db, 0, &gold.parse().unwrap())
        .await
        .unwrap();
    // Toys at 8折; the haircut at full price whatever the level says.
    for (target, rate_bp) in [
        (RuleTarget::Category(toys), 8_000),
        (RuleTarget::Item(items[2]), 10_000),
    ] {
        let rule = DiscountRule {
            level_id: gold,
            target,
            rate_bp,
        };
        db::levels::save_rule(db, &rule).await.unwrap();
    }
    let m = member(db, &cashier, "王芳", "13800000001").await;
    db::points::set_level(db, &op(&cashier, "gold"), m, Some(gold))
        .await
        .unwrap();
    let plan_id = plan(db, stored_value_plan()).await;
    let slip = card(db, &cashier, plan_id, Some(m), "A0001", Some("246810")).await;
    let rid = request_id();
    db::ledger::recharge(
        db,
        &op(&cashier, &rid),
        slip.card_id,
        common::yuan(200),
        domain::slip::PaymentMethod::Cash,
        Some(domain::money::Money::ZERO),
    )
    .await
    .unwrap();
    db::shifts::open(db, &cashier, common::yuan(100))
        .await
        .unwrap();
    Shop {
        cashier,
        items,
        member: m,
        card_id: slip.card_id,
    }
}

fn pay(by: PayBy, amount_fen: i64) -> Payment {
    Payment { by, amount_fen }
}

async fn a_split_sale_is_one_transaction_priced_by_the_server(db: Db) {
    let s = shop(&db).await;
    let lines = vec![(s.items[0], 2), (s.items[1], 3), (s.items[2], 1)];
    // Toy: category rule through the subcategory, 2 × 100 at 8折 = 160;
    // cola: level default 9折, 3 × 3.50 = 10.50 → 9.45; haircut: item rule, 58.
    let quote = db::sales::quote(&db, s.cashier.store_id, Some(s.member), &lines, &[])
        .await
        .unwrap();
    let totals: Vec<i64> = quote.priced.lines.iter().map(|l| l.total_fen).collect();
    assert_eq!(totals, vec![16_000, 945, 5_800]);
    assert_eq!(
        (quote.priced.list_fen, quote.priced.total_fen),
        (26_850, 22_745)
    );
    let walk_in = db::sales::quote(&db, s.cashier.store_id, None, &lines, &[])
        .await
        .unwrap();
    assert_eq!(walk_in.priced.total_fen, 26_850, "no member, no discount");

    let card_before = db::cards::view(&db, s.card_id).await.unwrap().unwrap();
    let ledger_before = count(&db, "ledger_transactions").await;
    let rid = request_id();
    let req = SaleRequest {
        member_id: Some(s.member),
        card_id: Some(s.card_id),
        lines: lines.clone(),
        payments: vec![pay(PayBy::Cash, 11_372), pay(PayBy::MemberCard, 11_373)],
        cash_given_fen: Some(12_000),
        pin: Some(Pin::entered("246810").unwrap()),
        covers: vec![],
    };
    let receipt = db::sales::sell(&db, &op(&s.cashier, &rid), &req)
        .await
        .unwrap();
    assert_eq!(
        receipt.priced, quote.priced,
        "the receipt shows the server's prices"
    );
    assert_eq!(receipt.change_fen, 628);
    assert_eq!(receipt.card_no.as_deref(), Some("A0001"));
    let balance_before = card_before.principal_fen + card_before.bonus_fen;
    assert_eq!(
        receipt.card_balance_after_fen,
        Some(balance_before - 11_373)
    );
    assert_eq!(receipt.level_name.as_deref(), Some("金卡"));
    assert_eq!(count(&db, "sales").await, 1);
    assert_eq!(count(&db, "sale_lines").await, 3);
    assert_eq!(count(&db, "sale_payments").await, 2);
    assert_eq!(
        count(&db, "ledger_transactions").await,
        ledger_before + 1,
        "one card transaction"
    );

    // The same request again (a double click, a retry): the same receipt, no charge.
    let again = db::sales::sell(&db, &op(&s.cashier, &rid), &req)
        .await
        .unwrap();
    assert_eq!(again, receipt);
    assert_eq!(count(&db, "sales").await, 1);
    let card_after = db::cards::view(&db, s.card_id).await.unwrap().unwrap();
    assert_eq!(
        card_after.principal_fen + card_after.bonus_fen,
        balance_before - 11_373
    );

    // The till's own arithmetic is never trusted: payments must match the
    // server's total to the fen.
    let short = SaleRequest {
        payments: vec![pay(PayBy::Cash, 22_744)],
        card_id: None,
        pin: None,
        cash_given_fen: None,
        ..req.clone()
    };
    let refused = db::sales::sell(&db, &op(&s.cashier, &request_id()), &short).await;
    assert!(
        matches!(
            refused,
            Err(SaleError::Refused(Refusal::PaymentsDoNotAddUp {
                total_fen: 22_745,
                paid_fen: 22_744
            }))
        ),
        "{refused:?}"
    );
    // A cash-only walk-in sale.
    let cash = SaleRequest {
        member_id: None,
        lines: vec![(s.items[1], 1)],
        payments: vec![pay(PayBy::Cash, 350)],
        ..Default::default()
    };
    let r = db::sales::sell(&db, &op(&s.cashier, &request_id()), &cash)
        .await
        .unwrap();
    assert_eq!((r.priced.total_fen, r.member_name), (350, None));
    assert_eq!(
        db::sales::recent(&db, s.cashier.store_id, 10)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_integrity(&db).await;
}

async fn a_sale_the_card_cannot_pay_writes_nothing(db: Db) {
    let s = shop(&db).await;
    let before = (
        count(&db, "sales").await,
        count(&db, "ledger_transactions").await,
    );
    let big = SaleRequest {
        member_id: Some(s.member),
        card_id: Some(s.card_id),
        lines: vec![(s.items[0], 5)],
        // 5 × 100 at 8折 = 400, the card holds 200 + 10 bonus.
        payments: vec![pay(PayBy::MemberCard, 40_000)],
        pin: Some(Pin::entered("246810").unwrap()),
        ..Default::default()
    };
    let refused = db::sales::sell(&db, &op(&s.cashier, &request_id()), &big).await;
    assert!(
        matches!(
            refused,
            Err(SaleError::Refused(Refusal::InsufficientBalance { .. }))
        ),
        "{refused:?}"
    );
    let wrong_pin = SaleRequest {
        lines: vec![(s.items[1], 1)],
        payments: vec![pay(PayBy::MemberCard, 315)],
        pin: Some(Pin::entered("135790").unwrap()),
        ..big.clone()
    };
    let refused = db::sales::sell(&db, &op(&s.cashier, &request_id()), &wrong_pin).await;
    assert!(
        matches!(refused, Err(SaleError::Refused(Refusal::WrongPin { .. }))),
        "{refused:?}"
    );
    let no_pin = SaleRequest {
        pin: None,
        ..wrong_pin.clone()
    };
    let refused = db::sales::sell(&db, &op(&s.cashier, &request_id()), &no_pin).await;
    assert!(
        matches!(refused, Err(SaleError::Refused(Refusal::PinRequired))),
        "{refused:?}"
    );
    let unknown_item = SaleRequest {
        lines: vec![(999_999, 1)],
        payments: vec![pay(PayBy::Cash, 100)],
        card_id: None,
        ..Default::default()
    };
    let refused = db::sales::sell(&db, &op(&s.cashier, &request_id()), &unknown_item).await;
    assert!(
        matches!(refused, Err(SaleError::Refused(Refusal::ItemNotSold))),
        "{refused:?}"
    );
    let empty = SaleRequest::default();
    let refused = db::sales::sell(&db, &op(&s.cashier, &request_id()), &empty).await;
    assert!(
        matches!(refused, Err(SaleError::Refused(Refusal::EmptySale))),
        "{refused:?}"
    );
    assert_eq!(
        (
            count(&db, "sales").await,
            count(&db, "ledger_transactions").await
        ),
        before,
        "nothing written"
    );
    // Without an open shift the till does not sell.
    db::shifts::close(&db, &s.cashier, common::yuan(100))
        .await
        .unwrap();
    let cash = SaleRequest {
        lines: vec![(s.items[1], 1)],
        payments: vec![pay(PayBy::Cash, 350)],
        ..Default::default()
    };
    let refused = db::sales::sell(&db, &op(&s.cashier, &request_id()), &cash).await;
    assert!(
        matches!(refused, Err(SaleError::NoOpenShift)),
        "{refused:?}"
    );
    assert_integrity(&db).await;
}

async fn items_are_found_as_the_cashier_types(db: Db) {
    let s = shop(&db).await;
    let store = s.cashier.store_id;
    let names =
        |items: Vec<domain::catalogue::Item>| items.into_iter().map(|i| i.name).collect::<Vec<_>>();
    let find = |text: &'static str| {
        let db = db.clone();
        async move {
            names(
                db::catalogue::till_search(&db, store, text, 20)
                    .await
                    .unwrap(),
            )
        }
    };
    assert_eq!(find("6901234567892").await, ["积木"], "barcode");
    assert_eq!(find("cola").await, ["可口可乐"], "code, any case");
    assert_eq!(find("kk").await, ["可口可乐"], "short code prefix");
    assert_eq!(find("kl").await, ["可口可乐"], "short code anywhere (KKKL)");
    assert_eq!(find("XJC").await, ["洗剪吹"]);
    assert_eq!(find("剪").await, ["洗剪吹"], "part of the name");
    assert_eq!(
        find("%").await,
        Vec::<String>::new(),
        "LIKE wildcards are plain text"
    );
    // An item sold only at another store is not offered here.
    let branch = common::branch_cashier(&db, &s.cashier, "B1", "till-b1").await;
    let mut only_branch = db::catalogue::items(&db, "COLA", 1)
        .await
        .unwrap()
        .remove(0);
    only_branch.store_ids = vec![branch.store_id];
    db::catalogue::save_item(&db, only_branch.id, &only_branch)
        .await
        .unwrap();
    assert_eq!(find("cola").await, Vec::<String>::new());
    assert_eq!(
        names(
            db::catalogue::till_search(&db, branch.store_id, "cola", 20)
                .await
                .unwrap()
        ),
        ["可口可乐"]
    );
}
