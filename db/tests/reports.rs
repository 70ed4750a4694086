//! Reports on SQLite and Postgres: the summaries the triggers keep equal the
//! ledger, liability as of any day equals every card's balance replayed to that
//! day, clearing nets exactly, and the dashboard's figures equal the detail.

mod common;

use common::loyalty::{pay, shop};
use common::*;
use db::reports;
use db::{Db, on_both_databases};
use domain::day::Day;
use domain::report::{Liability, Period, Stores, net_settlements};
use domain::sale::PayBy;
use domain::sale::refund::RefundLine;
use domain::slip::PaymentMethod;
use std::collections::BTreeMap;

on_both_databases!(
    seeded_years_replay_to_the_liability_of_any_day,
    clearing_follows_the_money_between_two_stores,
    mixed_operations_keep_every_summary_equal_to_the_detail,
);

/// Every card's balance after its last transaction on or before `day`, summed
/// per issuing store: the ledger replayed, without the summaries.
async fn replayed(db: &Db, day: Day) -> BTreeMap<i64, Liability> {
    let sql = "SELECT c.issued_store_id, CAST(SUM(t.principal_after_fen) AS BIGINT), CAST(SUM(t.bonus_after_fen) AS BIGINT)
        FROM cards c JOIN ledger_transactions t
          ON t.id = (SELECT MAX(id) FROM ledger_transactions WHERE card_id = c.id AND day <= $1)
        GROUP BY c.issued_store_id";
    let rows: Vec<(i64, i64, i64)> = match db {
        Db::Sqlite(s) => sqlx::query_as(sql).bind(day.0).fetch_all(&s.write).await,
        Db::Postgres(p) => sqlx::query_as(sql).bind(day.0).fetch_all(p).await,
    }
    .unwrap();
    rows.into_iter()
        .map(|(id, principal_fen, bonus_fen)| {
            (
                id,
                Liability {
                    principal_fen,
                    bonus_fen,
                },
            )
        })
        .filter(|(_, l)| l.total_fen() != 0)
        .collect()
}

async fn liability(db: &Db, stores: Stores, day: Day) -> BTreeMap<i64, Liability> {
    reports::liability(db, stores, day)
        .await
        .unwrap()
        .into_iter()
        .filter(|(_, l)| l.total_fen() != 0)
        .collect()
}

fn today() -> Day {
    db::clock::business_day(db::now_ms(), "Asia/Shanghai")
}

async fn seeded_years_replay_to_the_liability_of_any_day(db: Db) {
    let size = db::seed::SeedSize {
        members: 300,
        cards: 600,
        transactions: 4_000,
        stores: 4,
        items: 0,
    };
    db::seed::seed(&db, size, |_| {}).await.unwrap();
    assert_integrity(&db).await;
    let now = today();
    for back in [0, 1, 30, 200, 400, 700, 800] {
        let day = now.plus_days(-back);
        let replay = replayed(&db, day).await;
        assert_eq!(
            liability(&db, Stores::All, day).await,
            replay,
            "{back} days back"
        );
        // One store's report is that store's row, nothing else.
        for (&store, figures) in &replay {
            let one = liability(&db, Stores::One(store), day).await;
            assert_eq!(one.into_iter().collect::<Vec<_>>(), vec![(store, *figures)]);
        }
    }
    // Clearing over a period equals the principal moved away from home in it,
    // and every store's report shows the settlements it is part of.
    let period = Period {
        first: now.plus_days(-90),
        last: now,
    };
    let flows = reports::clearing_flows(&db, Stores::All, period)
        .await
        .unwrap();
    assert!(!flows.is_empty(), "the seed spends cards at other stores");
    let all = net_settlements(&flows);
    let mut owed: BTreeMap<i64, i64> = BTreeMap::new();
    for s in &all {
        *owed.entry(s.payer_store_id).or_default() -= s.amount_fen;
        *owed.entry(s.payee_store_id).or_default() += s.amount_fen;
    }
    assert_eq!(owed.values().sum::<i64>(), 0, "clearing sums to zero");
    let moved: i64 = flows.iter().map(|f| f.principal_fen).sum();
    let sql = "SELECT CAST(COALESCE(SUM(e.delta), 0) AS BIGINT) FROM ledger_entries e
        JOIN ledger_transactions t ON t.id = e.transaction_id JOIN cards c ON c.id = e.card_id
        WHERE e.bucket = 'principal' AND t.store_id <> c.issued_store_id AND t.day BETWEEN $1 AND $2";
    let direct: i64 = match &db {
        Db::Sqlite(s) => {
            sqlx::query_scalar(sql)
                .bind(period.first.0)
                .bind(period.last.0)
                .fetch_one(&s.write)
                .await
        }
        Db::Postgres(p) => {
            sqlx::query_scalar(sql)
                .bind(period.first.0)
                .bind(period.last.0)
                .fetch_one(p)
                .await
        }
    }
    .unwrap();
    assert_eq!(moved, direct);
    for store in owed.keys() {
        let mine = reports::clearing_flows(&db, Stores::One(*store), period)
            .await
            .unwrap();
        let expected: Vec<_> = all
            .iter()
            .filter(|s| s.payer_store_id == *store || s.payee_store_id == *store)
            .copied()
            .collect();
        assert_eq!(net_settlements(&mine), expected, "store {store}");
    }
}

async fn clearing_follows_the_money_between_two_stores(db: Db) {
    let boss = company(&db).await;
    let branch = branch_cashier(&db, &boss, "B1", "li").await;
    let plan = plan(&db, stored_value_plan()).await;
    // Issued at the head office: ¥100 principal, ¥10 bonus.
    let m = member(&db, &boss, "李小明", "13800138000").await;
    let card = card(&db, &boss, plan, Some(m), "A0001", None).await.card_id;
    let rid = request_id();
    db::ledger::spend(&db, &op(&branch, &rid), card, yuan(30), None)
        .await
        .unwrap();
    let period = Period {
        first: today(),
        last: today(),
    };
    let flows = reports::clearing_flows(&db, Stores::All, period)
        .await
        .unwrap();
    let s = net_settlements(&flows);
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].payer_store_id, s[0].payee_store_id, s[0].amount_fen),
        (boss.store_id, branch.store_id, 3_000)
    );
    // Recharged ¥100 at the branch: the branch took the money, it owes ¥70 net.
    let rid = request_id();
    db::ledger::recharge(
        &db,
        &op(&branch, &rid),
        card,
        yuan(100),
        PaymentMethod::Cash,
        Some(yuan(0)),
    )
    .await
    .unwrap();
    let flows = reports::clearing_flows(&db, Stores::All, period)
        .await
        .unwrap();
    let s = net_settlements(&flows);
    assert_eq!(
        (s[0].payer_store_id, s[0].payee_store_id, s[0].amount_fen),
        (branch.store_id, boss.store_id, 7_000)
    );
    // The branch's own view says the same; the liability stays the head office's.
    let mine = reports::clearing_flows(&db, Stores::One(branch.store_id), period)
        .await
        .unwrap();
    assert_eq!(net_settlements(&mine), s);
    let owed = liability(&db, Stores::All, today()).await;
    assert_eq!(
        owed.get(&boss.store_id),
        Some(&Liability {
            principal_fen: 17_000,
            bonus_fen: 1_000
        })
    );
    assert_eq!(owed.get(&branch.store_id), None);
    assert_eq!(owed, replayed(&db, today()).await);
    // Yesterday nothing was owed.
    assert!(
        liability(&db, Stores::All, today().plus_days(-1))
            .await
            .is_empty()
    );
    assert_integrity(&db).await;
}

/// A small generator with a fixed seed: the same run every time.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

async fn mixed_operations_keep_every_summary_equal_to_the_detail(db: Db) {
    let s = shop(&db).await;
    let branch = branch_cashier(&db, &s.cashier, "B1", "li").await;
    db::shifts::open(&db, &branch, yuan(100)).await.unwrap();
    let plan = plan(&db, stored_value_plan()).await;
    let mut cards = vec![s.card_id];
    for n in 0..3 {
        let who = if n % 2 == 0 { &s.cashier } else { &branch };
        cards.push(
            card(&db, who, plan, None, &format!("R{n:04}"), None)
                .await
                .card_id,
        );
    }
    let mut rng = Lcg(7);
    let mut sales = Vec::new();
    let mut recharges = Vec::new();
    for _ in 0..60 {
        let who = if rng.below(2) == 0 {
            &s.cashier
        } else {
            &branch
        };
        let card = cards[rng.below(cards.len() as u64) as usize];
        let rid = request_id();
        match rng.below(6) {
            0 => {
                let amount = yuan(1 + rng.below(50) as i64);
                let slip = db::ledger::recharge(
                    &db,
                    &op(who, &rid),
                    card,
                    amount,
                    PaymentMethod::Cash,
                    None,
                )
                .await
                .unwrap();
                recharges.push((who.clone(), slip.transaction_id));
            }
            1 => {
                let _ = db::ledger::spend(
                    &db,
                    &op(who, &rid),
                    card,
                    yuan(1 + rng.below(20) as i64),
                    None,
                )
                .await;
            }
            2 | 3 => {
                let item = rng.below(3) as usize;
                let mut sale = s.sale(item, vec![]);
                let price = [9_999, 10_000, 100][item];
                sale.payments = if rng.below(2) == 0 {
                    vec![pay(PayBy::Cash, price)]
                } else {
                    vec![pay(PayBy::MemberCard, price)]
                };
                if let Ok(r) = db::sales::sell(&db, &op(who, &rid), &sale).await {
                    sales.push((who.clone(), r.sale_id));
                }
            }
            4 if !sales.is_empty() => {
                let (by, sale_id) = sales.remove(rng.below(sales.len() as u64) as usize);
                let line = [RefundLine {
                    line_no: 1,
                    quantity: 1,
                }];
                db::sale_refunds::refund(&db, &op(&by, &rid), sale_id, &line)
                    .await
                    .unwrap();
            }
            5 if !recharges.is_empty() => {
                let (by, tx) = recharges.remove(0);
                let _ = db::ledger::reverse(&db, &op(&by, &rid), tx, None, None).await;
            }
            _ => {}
        }
    }
    assert_integrity(&db).await;
    let day = today();
    let period = Period {
        first: day,
        last: day,
    };
    let days = reports::store_days(&db, Stores::All, period).await.unwrap();
    assert!(days.len() >= 2, "both stores did something today");
    for (store, d, figures) in days {
        assert_eq!(d, day);
        let (_, sales) = reports::sales(&db, Stores::One(store), period, 0)
            .await
            .unwrap();
        assert_eq!(
            (figures.sales_count, figures.sales_fen),
            (sales.count, sales.total_fen),
            "store {store}"
        );
        let (_, recharged) = reports::recharges(&db, Stores::One(store), period, 0)
            .await
            .unwrap();
        assert_eq!(
            figures.recharges_fen, recharged.money_in_fen,
            "store {store}"
        );
        let refunded: i64 = {
            let sql = "SELECT CAST(COALESCE(SUM(total_fen), 0) AS BIGINT) FROM sale_refunds WHERE store_id = $1 AND day = $2";
            match &db {
                Db::Sqlite(x) => {
                    sqlx::query_scalar(sql)
                        .bind(store)
                        .bind(day.0)
                        .fetch_one(&x.write)
                        .await
                }
                Db::Postgres(p) => {
                    sqlx::query_scalar(sql)
                        .bind(store)
                        .bind(day.0)
                        .fetch_one(p)
                        .await
                }
            }
            .unwrap()
        };
        assert_eq!(figures.refunds_fen, refunded, "store {store}");
    }
    assert_eq!(
        liability(&db, Stores::All, day).await,
        replayed(&db, day).await
    );
    // Every page of the sales detail adds up to its totals.
    let (first_page, totals) = reports::sales(&db, Stores::All, period, 0).await.unwrap();
    let mut sum: i64 = first_page.iter().map(|r| r.total_fen).sum();
    let mut page = 1;
    while (page as i64) * reports::PAGE_ROWS < totals.count {
        let (rows, _) = reports::sales(&db, Stores::All, period, page)
            .await
            .unwrap();
        sum += rows.iter().map(|r| r.total_fen).sum::<i64>();
        page += 1;
    }
    assert_eq!(sum, totals.total_fen);
}
