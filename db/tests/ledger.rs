//! The ledger on SQLite and Postgres: every operation's effect and refusals.

mod common;

use common::*;
use db::ledger::{self, LedgerError};
use db::{Db, on_both_databases};
use domain::card::Pin;
use domain::ledger::Refusal;
use domain::money::Money;
use domain::slip::{PaymentMethod, TxKind};

on_both_databases!(
    recharge_and_spend_principal_first,
    spending_refusals,
    pin_tries_and_lockout,
    visits_and_check_in,
    refunds_and_reversals,
);

async fn recharge_and_spend_principal_first(db: Db) {
    let boss = company(&db).await;
    let plan = plan(&db, stored_value_plan()).await;
    let m = member(&db, &boss, "李小明", "13800138000").await;
    let issued = card(&db, &boss, plan, Some(m), "A0001", None).await;
    assert_eq!(issued.kind, TxKind::Issue);
    assert_eq!(
        (issued.principal_after_fen, issued.bonus_after_fen),
        (10_000, 1_000)
    );
    assert_eq!(issued.money_in_fen, 10_000);
    let card = issued.card_id;

    let rid = request_id();
    let r = ledger::recharge(
        &db,
        &op(&boss, &rid),
        card,
        yuan(2_500),
        PaymentMethod::BankCard,
        None,
    )
    .await
    .unwrap();
    // Pay 1000 get 100, twice.
    assert_eq!(
        (r.principal_delta_fen, r.bonus_delta_fen),
        (250_000, 20_000)
    );
    assert_eq!(
        (r.principal_after_fen, r.bonus_after_fen),
        (260_000, 21_000)
    );
    assert_eq!(r.payment_method, "bank_card");

    let rid = request_id();
    let s = ledger::spend(&db, &op(&boss, &rid), card, yuan(2_650), None)
        .await
        .unwrap();
    assert_eq!(
        (s.principal_delta_fen, s.bonus_delta_fen),
        (-260_000, -5_000)
    );
    assert_eq!((s.principal_after_fen, s.bonus_after_fen), (0, 16_000));

    let rid = request_id();
    let too_much = ledger::spend(&db, &op(&boss, &rid), card, yuan(161), None).await;
    assert_eq!(
        refused(too_much),
        Refusal::InsufficientBalance {
            balance_fen: 16_000
        }
    );

    let rid = request_id();
    let small = ledger::recharge(
        &db,
        &op(&boss, &rid),
        card,
        Money::from_fen(99),
        PaymentMethod::Cash,
        None,
    )
    .await;
    assert_eq!(
        refused(small),
        Refusal::RechargeBelowMinimum { min_fen: 100 }
    );
    let rid = request_id();
    let fixed = ledger::recharge(
        &db,
        &op(&boss, &rid),
        card,
        yuan(10),
        PaymentMethod::Cash,
        Some(yuan(5)),
    )
    .await
    .unwrap();
    assert_eq!(fixed.bonus_delta_fen, 500);

    let history = ledger::history(&db, card, None, 50).await.unwrap();
    assert_eq!(
        history.iter().map(|s| s.kind).collect::<Vec<_>>(),
        [
            TxKind::Recharge,
            TxKind::Spend,
            TxKind::Recharge,
            TxKind::Issue
        ]
    );
    assert_integrity(&db).await;
}

async fn spending_refusals(db: Db) {
    let boss = company(&db).await;
    let branch = branch_cashier(&db, &boss, "B1", "lina").await;
    let sv = plan(&db, stored_value_plan()).await;
    let card = card(&db, &boss, sv, None, "B0001", None).await.card_id;
    let spend = |who: &'static str, fen: i64| {
        let (db, caller) = (
            db.clone(),
            if who == "boss" {
                boss.clone()
            } else {
                branch.clone()
            },
        );
        async move {
            let rid = request_id();
            ledger::spend(&db, &op(&caller, &rid), card, Money::from_fen(fen), None).await
        }
    };

    // Daily limit.
    db::ledger::set_daily_limit(&db, card, Some(yuan(50)))
        .await
        .unwrap();
    spend("boss", 3_000).await.unwrap();
    assert_eq!(
        refused(spend("boss", 2_001).await),
        Refusal::OverDailyLimit { left_fen: 2_000 }
    );
    spend("boss", 2_000).await.unwrap();
    db::ledger::set_daily_limit(&db, card, None).await.unwrap();

    // A plan accepted only at the head office is refused at the branch.
    let mut form = stored_value_plan();
    form.stores = boss.store_id.to_string();
    let hq_only = plan(&db, form).await;
    let hq_card = common::card(&db, &boss, hq_only, None, "B0002", None)
        .await
        .card_id;
    let rid = request_id();
    let elsewhere = ledger::spend(&db, &op(&branch, &rid), hq_card, yuan(1), None).await;
    assert_eq!(refused(elsewhere), Refusal::WrongStore);

    // Frozen (loss report) everywhere, then unfrozen.
    let rid = request_id();
    ledger::set_frozen(&db, &op(&branch, &rid), card, true)
        .await
        .unwrap();
    assert_eq!(refused(spend("boss", 100).await), Refusal::CardFrozen);
    assert_eq!(refused(spend("branch", 100).await), Refusal::CardFrozen);
    let rid = request_id();
    assert_eq!(
        refused(ledger::set_frozen(&db, &op(&boss, &rid), card, true).await),
        Refusal::AlreadyFrozen
    );
    let rid = request_id();
    ledger::set_frozen(&db, &op(&boss, &rid), card, false)
        .await
        .unwrap();
    spend("branch", 100).await.unwrap();

    // A count card is not spent with money.
    let count = plan(&db, count_plan()).await;
    let m = member(&db, &boss, "张三", "13900000001").await;
    let visits = common::card(&db, &boss, count, Some(m), "B0003", None)
        .await
        .card_id;
    let rid = request_id();
    assert_eq!(
        refused(ledger::spend(&db, &op(&boss, &rid), visits, yuan(1), None).await),
        Refusal::NotForThisCard
    );

    // Expired: the validity is moved into the past behind the ledger's back, so
    // this test checks the refusal only (not integrity).
    sql(
        &db,
        &format!("UPDATE cards SET valid_until_day = 20000 WHERE id = {visits}"),
    )
    .await;
    let rid = request_id();
    let expired = ledger::use_visits(&db, &op(&boss, &rid), visits, 1).await;
    assert_eq!(
        refused(expired),
        Refusal::CardExpired {
            last_day: domain::day::Day(20_000)
        }
    );
    // The same for a time card's check-in, and pausing an expired card.
    let time = plan(&db, time_plan()).await;
    let month = common::card(&db, &boss, time, Some(m), "B0004", None)
        .await
        .card_id;
    sql(
        &db,
        &format!("UPDATE cards SET valid_until_day = 20000 WHERE id = {month}"),
    )
    .await;
    let rid = request_id();
    let late = ledger::check_in(&db, &op(&boss, &rid), month).await;
    assert_eq!(
        refused(late),
        Refusal::CardExpired {
            last_day: domain::day::Day(20_000)
        }
    );
    let rid = request_id();
    let pause = ledger::set_paused(&db, &op(&boss, &rid), month, true).await;
    assert_eq!(
        refused(pause),
        Refusal::CardExpired {
            last_day: domain::day::Day(20_000)
        }
    );

    // Returned: nothing can be spent after.
    let rid = request_id();
    ledger::return_card(&db, &op(&boss, &rid), card, PaymentMethod::Cash, None)
        .await
        .unwrap();
    assert_eq!(refused(spend("boss", 1).await), Refusal::CardReturned);
}

async fn sql(db: &Db, statement: &str) {
    db::rows_affected!(db, pool => sqlx::query(statement).execute(pool).await).unwrap();
}

async fn pin_tries_and_lockout(db: Db) {
    let boss = company(&db).await;
    let sv = plan(&db, stored_value_plan()).await;
    let m = member(&db, &boss, "王五", "13700000000").await;
    let card = card(&db, &boss, sv, Some(m), "P0001", Some("583920"))
        .await
        .card_id;
    let pay = |pin: Option<&'static str>| {
        let (db, boss) = (db.clone(), boss.clone());
        async move {
            let rid = request_id();
            let pin = pin.map(|p| Pin::entered(p).unwrap());
            ledger::spend(&db, &op(&boss, &rid), card, yuan(1), pin.as_ref()).await
        }
    };
    assert_eq!(refused(pay(None).await), Refusal::PinRequired);
    assert_eq!(
        refused(pay(Some("111111")).await),
        Refusal::WrongPin { tries_left: 4 }
    );
    assert_eq!(
        refused(pay(Some("111112")).await),
        Refusal::WrongPin { tries_left: 3 }
    );
    // A right PIN resets the count.
    pay(Some("583920")).await.unwrap();
    for left in [4, 3, 2, 1] {
        assert_eq!(
            refused(pay(Some("000001")).await),
            Refusal::WrongPin { tries_left: left }
        );
    }
    assert_eq!(
        refused(pay(Some("000001")).await),
        Refusal::PinLocked { minutes: 30 }
    );
    // Locked: even the right PIN is refused, and the balance did not move.
    assert_eq!(
        refused(pay(Some("583920")).await),
        Refusal::PinLocked { minutes: 30 }
    );
    let view = db::cards::view(&db, card).await.unwrap().unwrap();
    assert!(view.pin_locked);
    assert_eq!(view.principal_fen, 10_000 - 100);
    let events = db::security_log::recent(&db, boss.scope, 100)
        .await
        .unwrap();
    let count = |e: &str| events.iter().filter(|x| x.event == e).count();
    assert_eq!(
        (
            count("wrong_pin"),
            count("pin_locked"),
            count("pin_while_locked")
        ),
        (6, 1, 1)
    );

    // An admin reset sets a new PIN and lifts the lock.
    let rid = request_id();
    let new_pin = Pin::choose("246813").unwrap();
    ledger::set_pin(&db, &op(&boss, &rid), card, None, &new_pin, true)
        .await
        .unwrap();
    pay(Some("246813")).await.unwrap();
    // The member changes it by typing the current one.
    let rid = request_id();
    let wrong = ledger::set_pin(
        &db,
        &op(&boss, &rid),
        card,
        Some(&Pin::entered("583920").unwrap()),
        &new_pin,
        false,
    )
    .await;
    assert_eq!(refused(wrong), Refusal::WrongPin { tries_left: 4 });
    // Above the threshold only, when the shop sets one.
    let mut settings = db::settings::read(&db).await.unwrap();
    settings.pin_required_above_fen = Some(5_000);
    db::settings::update(&db, &settings).await.unwrap();
    pay(None).await.unwrap();
    assert_integrity(&db).await;
}

async fn visits_and_check_in(db: Db) {
    let boss = company(&db).await;
    let count = plan(&db, count_plan()).await;
    let time = plan(&db, time_plan()).await;
    let m = member(&db, &boss, "小红", "13600000000").await;
    let ten = card(&db, &boss, count, Some(m), "C0001", None).await;
    assert_eq!(ten.visits_after, 10);
    let rid = request_id();
    let used = ledger::use_visits(&db, &op(&boss, &rid), ten.card_id, 3)
        .await
        .unwrap();
    assert_eq!((used.visits_delta, used.visits_after), (-3, 7));
    let rid = request_id();
    assert_eq!(
        refused(ledger::use_visits(&db, &op(&boss, &rid), ten.card_id, 8).await),
        Refusal::VisitsExhausted { left: 7 }
    );
    let rid = request_id();
    assert!(matches!(
        ledger::use_visits(&db, &op(&boss, &rid), ten.card_id, 0).await,
        Err(LedgerError::Invalid(_))
    ));

    let month = card(&db, &boss, time, Some(m), "T0001", None).await;
    assert!(month.valid_until_after.is_some());
    let rid = request_id();
    let came = ledger::check_in(&db, &op(&boss, &rid), month.card_id)
        .await
        .unwrap();
    assert_eq!(came.kind, TxKind::CheckIn);
    let rid = request_id();
    assert_eq!(
        refused(ledger::check_in(&db, &op(&boss, &rid), month.card_id).await),
        Refusal::AlreadyCheckedIn { per_day: 1 },
        "once a day by default"
    );
    let rid = request_id();
    assert_eq!(
        refused(ledger::check_in(&db, &op(&boss, &rid), ten.card_id).await),
        Refusal::NotForThisCard
    );
    let rid = request_id();
    ledger::set_paused(&db, &op(&boss, &rid), month.card_id, true)
        .await
        .unwrap();
    let rid = request_id();
    assert!(matches!(
        refused(ledger::check_in(&db, &op(&boss, &rid), month.card_id).await),
        Refusal::TimeCardPaused { .. }
    ));
    assert_integrity(&db).await;
}

async fn refunds_and_reversals(db: Db) {
    let boss = company(&db).await;
    let sv = plan(&db, stored_value_plan()).await;
    let card = card(&db, &boss, sv, None, "F0001", None).await.card_id;
    let rid = request_id();
    let spent = ledger::spend(&db, &op(&boss, &rid), card, yuan(105), None)
        .await
        .unwrap();
    assert_eq!(
        (spent.principal_delta_fen, spent.bonus_delta_fen),
        (-10_000, -500)
    );
    let reverse = |id: i64, fen: Option<i64>, visits: Option<i64>| {
        let (db, boss) = (db.clone(), boss.clone());
        async move {
            let rid = request_id();
            ledger::reverse(&db, &op(&boss, &rid), id, fen.map(Money::from_fen), visits).await
        }
    };
    let part = reverse(spent.transaction_id, Some(2_100), None)
        .await
        .unwrap();
    assert_eq!(
        (part.kind, part.reverses_id),
        (TxKind::Refund, Some(spent.transaction_id))
    );
    assert_eq!(
        (part.principal_delta_fen, part.bonus_delta_fen),
        (2_000, 100)
    );
    let rest = reverse(spent.transaction_id, Some(8_400), None)
        .await
        .unwrap();
    assert_eq!(
        (rest.principal_after_fen, rest.bonus_after_fen),
        (10_000, 1_000)
    );
    assert_eq!(
        refused(reverse(spent.transaction_id, Some(1), None).await),
        Refusal::NothingLeftToReverse {
            left_fen: 0,
            left_visits: 0
        }
    );
    assert_eq!(
        refused(reverse(part.transaction_id, Some(1), None).await),
        Refusal::NotReversible
    );

    // A recharge is reversed while its value is still there, not after it is spent.
    let rid = request_id();
    let topped = ledger::recharge(
        &db,
        &op(&boss, &rid),
        card,
        yuan(1_000),
        PaymentMethod::Cash,
        None,
    )
    .await
    .unwrap();
    let back = reverse(topped.transaction_id, Some(55_000), None)
        .await
        .unwrap();
    assert_eq!(
        (back.kind, back.principal_delta_fen, back.bonus_delta_fen),
        (TxKind::Reversal, -50_000, -5_000)
    );
    assert_eq!(back.money_in_fen, -50_000);
    let rid = request_id();
    ledger::spend(&db, &op(&boss, &rid), card, yuan(600), None)
        .await
        .unwrap();
    assert!(matches!(
        refused(reverse(topped.transaction_id, Some(55_000), None).await),
        Refusal::AlreadySpent { .. }
    ));

    // Visits come back too.
    let count = plan(&db, count_plan()).await;
    let m = member(&db, &boss, "赵六", "13400000000").await;
    let ten = common::card(&db, &boss, count, Some(m), "F0002", None)
        .await
        .card_id;
    let rid = request_id();
    let used = ledger::use_visits(&db, &op(&boss, &rid), ten, 3)
        .await
        .unwrap();
    let one = reverse(used.transaction_id, None, Some(1)).await.unwrap();
    assert_eq!((one.visits_delta, one.visits_after), (1, 8));
    assert_eq!(
        refused(reverse(used.transaction_id, None, Some(3)).await),
        Refusal::NothingLeftToReverse {
            left_fen: 0,
            left_visits: 2
        }
    );
    assert_integrity(&db).await;
}
