//! A shop for the loyalty tests: three items, a level ladder, a member with a
//! stored-value card of ¥1,000, an open shift.

use super::{card, company, member, op, plan, request_id, stored_value_plan};
use db::Db;
use db::sales::SaleRequest;
use domain::card::Pin;
use domain::catalogue::ItemForm;
use domain::level::LevelForm;
use domain::points::LoyaltyForm;
use domain::sale::{PayBy, Payment};
use domain::slip::PaymentMethod;

pub struct Shop {
    pub cashier: db::staff::Caller,
    /// ¥99.99, ¥100.00, ¥1.00
    pub items: [i64; 3],
    /// 普通 (from 0 points), 银卡 (from 200), 金卡 (by hand only)
    pub levels: [i64; 3],
    pub member: i64,
    pub card_id: i64,
}

pub async fn shop(db: &Db) -> Shop {
    let cashier = company(db).await;
    let mut items = [0; 3];
    for (n, (code, price)) in [("A", "99.99"), ("B", "100"), ("C", "1")]
        .into_iter()
        .enumerate()
    {
        let form = ItemForm {
            code: code.into(),
            name: format!("商品{code}"),
            price: price.into(),
            ..Default::default()
        };
        items[n] = db::catalogue::save_item(db, 0, &form.parse().unwrap())
            .await
            .unwrap();
    }
    let mut levels = [0; 3];
    for (n, (name, rank, points, upgrade)) in [
        ("普通", "1", "1", "0"),
        ("银卡", "2", "1.5", "200"),
        ("金卡", "3", "2", ""),
    ]
    .into_iter()
    .enumerate()
    {
        let form = LevelForm {
            name: name.into(),
            rank: rank.into(),
            rate: "10".into(),
            style: "zhe".into(),
            points_rate: points.into(),
            upgrade_points: upgrade.into(),
        };
        levels[n] = db::levels::save_level(db, 0, &form.parse().unwrap())
            .await
            .unwrap();
    }
    let m = member(db, &cashier, "李娜", "13900000001").await;
    let plan_id = plan(db, stored_value_plan()).await;
    let slip = card(db, &cashier, plan_id, Some(m), "P0001", Some("246810")).await;
    let rid = request_id();
    db::ledger::recharge(
        db,
        &op(&cashier, &rid),
        slip.card_id,
        super::yuan(1_000),
        PaymentMethod::Cash,
        Some(domain::money::Money::ZERO),
    )
    .await
    .unwrap();
    db::shifts::open(db, &cashier, super::yuan(100))
        .await
        .unwrap();
    Shop {
        cashier,
        items,
        levels,
        member: m,
        card_id: slip.card_id,
    }
}

pub fn pay(by: PayBy, amount_fen: i64) -> Payment {
    Payment { by, amount_fen }
}

impl Shop {
    pub fn sale(&self, item: usize, payments: Vec<Payment>) -> SaleRequest {
        SaleRequest {
            member_id: Some(self.member),
            card_id: Some(self.card_id),
            lines: vec![(self.items[item], 1)],
            payments,
            cash_given_fen: None,
            pin: Some(Pin::entered("246810").unwrap()),
            covers: vec![],
        }
    }

    /// Sells item `item` (one unit) to the member, paid as given.
    pub async fn sell(
        &self,
        db: &Db,
        item: usize,
        payments: Vec<Payment>,
    ) -> domain::sale::Receipt {
        let rid = request_id();
        db::sales::sell(db, &op(&self.cashier, &rid), &self.sale(item, payments))
            .await
            .unwrap()
    }

    pub async fn points(&self, db: &Db) -> (i64, i64, Option<String>) {
        let a = db::points::account(db, self.member).await.unwrap().unwrap();
        (a.points, a.earned, a.level_name)
    }
}

pub async fn set_loyalty(db: &Db, change: impl FnOnce(&mut LoyaltyForm)) {
    let mut form = LoyaltyForm::from_loyalty(&db::points::loyalty(db).await.unwrap());
    change(&mut form);
    db::points::save_loyalty(db, &form.parse_all().unwrap())
        .await
        .unwrap();
}
