//! Payment methods the shop configures (V4), on SQLite and Postgres: a shop's
//! own method pays a sale and a recharge, its name is on the receipt, the slip
//! and the shift report, a method that goes into the drawer is counted with the
//! cash, cash stays on, and at most twenty methods of the shop's own.

mod common;

use common::{card, company, member, op, plan, request_id, stored_value_plan, yuan};
use db::pay_methods::Added;
use db::sales::SaleRequest;
use db::{Db, on_both_databases};
use domain::catalogue::ItemForm;
use domain::pay_method::{MethodNames, NewMethod, SHOP_METHODS_MAX};
use domain::sale::{PayBy, Payment};
use domain::slip::PaymentMethod;

on_both_databases!(
    a_shop_method_pays_and_is_named_everywhere,
    methods_are_switched_off_never_deleted_and_limited
);

fn method(zh_cn: &str, en: &str, into_drawer: bool) -> NewMethod {
    NewMethod {
        names: MethodNames {
            zh_cn: zh_cn.into(),
            zh_tw: String::new(),
            en: en.into(),
        },
        into_drawer,
    }
}

/// Can a payment be taken by `code` now (it exists and is switched on)?
async fn usable(db: &Db, code: &str) -> Result<bool, db::DbError> {
    let methods = db::pay_methods::list(db).await?;
    Ok(methods.iter().any(|m| m.code == code && m.active))
}

async fn added(db: &Db, m: &NewMethod) -> String {
    match db::pay_methods::add(db, m).await.unwrap() {
        Added::Added(code) => code,
        Added::TooMany => panic!("too many"),
    }
}

async fn a_shop_method_pays_and_is_named_everywhere(db: Db) {
    let cashier = company(&db).await;
    let wechat = added(&db, &method("微信支付", "WeChat Pay", false)).await;
    let voucher = added(&db, &method("代金券", "Voucher", true)).await;
    assert_eq!((wechat.as_str(), voucher.as_str()), ("m1", "m2"));
    let form = ItemForm {
        code: "TICKET".into(),
        name: "门票".into(),
        price: "60".into(),
        unit: "张".into(),
        ..Default::default()
    };
    let ticket = db::catalogue::save_item(&db, 0, &form.parse().unwrap())
        .await
        .unwrap();
    db::shifts::open(&db, &cashier, yuan(100)).await.unwrap();
    // 60 + 60: 50 by WeChat, 30 by voucher, 40 in cash (50 handed over).
    let sale = SaleRequest {
        member_id: None,
        card_id: None,
        lines: vec![(ticket, 2)],
        payments: vec![
            Payment {
                by: PayBy::Cash,
                amount_fen: 4_000,
            },
            Payment {
                by: PayBy::Shop(1),
                amount_fen: 5_000,
            },
            Payment {
                by: PayBy::Shop(2),
                amount_fen: 3_000,
            },
        ],
        cash_given_fen: Some(5_000),
        pin: None,
        covers: vec![],
    };
    let rid = request_id();
    let receipt = db::sales::sell(&db, &op(&cashier, &rid), &sale)
        .await
        .unwrap();
    assert_eq!(receipt.change_fen, 1_000);
    let again = db::receipts::receipt(&db, receipt.sale_id)
        .await
        .unwrap()
        .unwrap();
    let paid: Vec<(PayBy, i64)> = again
        .payments
        .iter()
        .map(|p| (p.by, p.amount_fen))
        .collect();
    assert_eq!(
        paid,
        vec![
            (PayBy::Cash, 4_000),
            (PayBy::Shop(1), 5_000),
            (PayBy::Shop(2), 3_000)
        ]
    );
    let names: Vec<(&str, &str)> = again
        .method_names
        .iter()
        .map(|(code, n)| (code.as_str(), n.get("en")))
        .collect();
    assert_eq!(names, vec![("m1", "WeChat Pay"), ("m2", "Voucher")]);

    // A recharge paid by WeChat: its slip names the method.
    let m = member(&db, &cashier, "李雷", "13900000009").await;
    let plan_id = plan(&db, stored_value_plan()).await;
    let issued = card(&db, &cashier, plan_id, Some(m), "W0001", None).await;
    let rid = request_id();
    let slip = db::ledger::recharge(
        &db,
        &op(&cashier, &rid),
        issued.card_id,
        yuan(200),
        PaymentMethod::Shop(1),
        Some(domain::money::Money::ZERO),
    )
    .await
    .unwrap();
    assert_eq!(slip.payment_method, "m1");
    assert_eq!(slip.payment_names.get("zh-CN"), "微信支付");

    // The shift: each method on its own line; the voucher is in the drawer,
    // WeChat is not.
    let shift = db::shifts::open_shift_of(&db, cashier.staff_id)
        .await
        .unwrap()
        .unwrap();
    let summary = db::shifts::summary(&db, shift.id).await.unwrap();
    let lines: Vec<(&str, i64, i64, bool)> = summary
        .methods
        .iter()
        .map(|t| {
            (
                t.method.as_str(),
                t.sales_fen,
                t.card_money_in_fen,
                t.into_drawer,
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("cash", 4_000, 10_000, true),
            ("m1", 5_000, 20_000, false),
            ("m2", 3_000, 0, true)
        ]
    );
    assert_eq!(summary.method("m1").names.get("en"), "WeChat Pay");
    // The card itself (100) was paid in cash.
    let closed = db::shifts::close(&db, &cashier, yuan(270)).await.unwrap();
    assert_eq!(
        closed.expected_cash_fen,
        Some(10_000 + 4_000 + 10_000 + 3_000),
        "float + cash + vouchers in the drawer"
    );
    common::assert_integrity(&db).await;
}

async fn methods_are_switched_off_never_deleted_and_limited(db: Db) {
    company(&db).await;
    let codes: Vec<String> = db::pay_methods::list(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.code)
        .collect();
    assert_eq!(codes, vec!["cash", "member_card", "bank_card", "cheque"]);
    // Cash and the member's card stay on; the cheque may go.
    for (code, ok) in [
        ("cash", false),
        ("member_card", false),
        ("cheque", true),
        ("m9", false),
    ] {
        assert_eq!(
            db::pay_methods::set_active(&db, code, false).await.unwrap(),
            ok,
            "{code}"
        );
    }
    assert!(!usable(&db, "cheque").await.unwrap());
    assert!(usable(&db, "cash").await.unwrap());
    // Built-in names are the app's: renaming them changes nothing.
    assert!(
        !db::pay_methods::update(&db, "cash", &method("钱", "Money", false))
            .await
            .unwrap()
    );
    let alipay = added(&db, &method("支付宝", "", false)).await;
    assert!(
        db::pay_methods::update(&db, &alipay, &method("支付宝", "Alipay", true))
            .await
            .unwrap()
    );
    assert!(
        db::pay_methods::set_active(&db, &alipay, false)
            .await
            .unwrap()
    );
    let listed = db::pay_methods::list(&db).await.unwrap();
    let a = listed.iter().find(|m| m.code == alipay).unwrap();
    assert_eq!(
        (a.names.get("en"), a.into_drawer, a.active),
        ("Alipay", true, false)
    );
    assert!(!usable(&db, &alipay).await.unwrap());
    // Twenty of the shop's own at most, switched-off ones included.
    for n in 2..=SHOP_METHODS_MAX {
        added(&db, &method(&format!("券{n}"), "", false)).await;
    }
    assert_eq!(
        db::pay_methods::add(&db, &method("再一个", "", false))
            .await
            .unwrap(),
        Added::TooMany
    );
    assert_eq!(
        db::pay_methods::list(&db).await.unwrap().len(),
        4 + SHOP_METHODS_MAX as usize
    );
}
