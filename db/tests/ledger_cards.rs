//! A card's life on SQLite and Postgres: replacement, exchange, repair, return,
//! renewal, pause, and every operation answered once per request id.

mod common;

use common::*;
use db::ledger;
use db::{Db, on_both_databases};
use domain::card::CardStatus;
use domain::ledger::Refusal;
use domain::slip::PaymentMethod;

on_both_databases!(
    replacement_moves_everything_and_blocks_the_old_number,
    exchange_repair_and_return,
    renewal_pause_and_resume,
    every_operation_is_idempotent,
);

async fn replacement_moves_everything_and_blocks_the_old_number(db: Db) {
    let boss = company(&db).await;
    let count = plan(&db, count_plan()).await;
    let m = member(&db, &boss, "老李", "13500000000").await;
    let old = card(&db, &boss, count, Some(m), "R0001", Some("583920")).await;
    let rid = request_id();
    ledger::use_visits(&db, &op(&boss, &rid), old.card_id, 2)
        .await
        .unwrap();
    let rid = request_id();
    ledger::set_frozen(&db, &op(&boss, &rid), old.card_id, true)
        .await
        .unwrap();
    let rid = request_id();
    let slip = ledger::replace(
        &db,
        &op(&boss, &rid),
        old.card_id,
        "R0002",
        Some("04A1B2C3"),
        PaymentMethod::Cash,
        Some(yuan(20)),
    )
    .await
    .unwrap();
    assert_eq!(slip.other_card_no.as_deref(), Some("R0002"));
    assert_eq!(slip.fee_fen, 2_000);
    // The slip shows what the new card now holds.
    assert_eq!((slip.visits_delta, slip.visits_after), (8, 8));
    let new_id = db::cards::find(&db, "r0002").await.unwrap();
    // Each card's history shows its own side of the move.
    assert_eq!(
        ledger::history(&db, new_id, None, 10).await.unwrap()[0].visits_delta,
        8
    );
    assert_eq!(
        ledger::history(&db, old.card_id, None, 10).await.unwrap()[0].visits_delta,
        -8
    );
    assert_eq!(db::cards::find(&db, "04a1b2c3").await.unwrap(), new_id);
    let new = db::cards::view(&db, new_id).await.unwrap().unwrap();
    assert_eq!(
        (new.visits_left, new.status, new.pin_set),
        (8, CardStatus::Active, true)
    );
    assert_eq!(new.valid_until, old.valid_until_after);
    assert_eq!(new.member_id, Some(m));
    let old_view = db::cards::view(&db, old.card_id).await.unwrap().unwrap();
    assert_eq!(
        (old_view.status, old_view.visits_left),
        (CardStatus::Replaced, 0)
    );
    assert_eq!(old_view.replaced_by_no.as_deref(), Some("R0002"));
    let rid = request_id();
    assert_eq!(
        refused(ledger::use_visits(&db, &op(&boss, &rid), old.card_id, 1).await),
        Refusal::CardNumberRetired
    );
    let rid = request_id();
    assert_eq!(
        refused(
            ledger::replace(
                &db,
                &op(&boss, &rid),
                old.card_id,
                "R0003",
                None,
                PaymentMethod::Cash,
                None
            )
            .await
        ),
        Refusal::CardNumberRetired
    );
    // The old number can never be issued again, nor the new one twice.
    let sv = plan(&db, stored_value_plan()).await;
    for taken in ["R0001", "R0002"] {
        let rid = request_id();
        let again = ledger::issue(
            &db,
            &op(&boss, &rid),
            &ledger::NewCard {
                plan_id: sv,
                member_id: None,
                card_no: taken,
                uid: None,
                pin: None,
                payment: PaymentMethod::Cash,
                fee: None,
            },
        )
        .await;
        assert_eq!(refused(again), Refusal::CardNumberTaken);
    }
    let rid = request_id();
    ledger::use_visits(&db, &op(&boss, &rid), new_id, 1)
        .await
        .unwrap();
    assert_integrity(&db).await;
}

async fn exchange_repair_and_return(db: Db) {
    let boss = company(&db).await;
    let mut settings = db::settings::read(&db).await.unwrap();
    settings.deposit_fen = 1_000;
    settings.return_fee_fen = 500;
    settings.exchange_fee_fen = 300;
    db::settings::update(&db, &settings).await.unwrap();
    let sv = plan(&db, stored_value_plan()).await;
    let issued = card(&db, &boss, sv, None, "E0001", None).await;
    assert_eq!(issued.money_in_fen, 10_000 + 1_000);
    let card = issued.card_id;
    let rid = request_id();
    let ex = ledger::exchange(
        &db,
        &op(&boss, &rid),
        card,
        "E0009",
        PaymentMethod::Cash,
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        (ex.card_no.as_str(), ex.detail.as_str(), ex.fee_fen),
        ("E0009", "E0001", 300)
    );
    assert!(matches!(
        db::cards::find(&db, "E0001").await,
        Err(db::cards::FindError::Refused(Refusal::CardNumberRetired))
    ));
    assert_eq!(db::cards::find(&db, "E0009").await.unwrap(), card);
    let rid = request_id();
    ledger::repair(&db, &op(&boss, &rid), card, Some("FFEE0011"))
        .await
        .unwrap();
    assert_eq!(db::cards::find(&db, "ffee0011").await.unwrap(), card);
    let rid = request_id();
    ledger::spend(&db, &op(&boss, &rid), card, yuan(30), None)
        .await
        .unwrap();
    // Principal 70 + deposit 10 - fee 5; the bonus stays with the shop.
    let rid = request_id();
    let back = ledger::return_card(&db, &op(&boss, &rid), card, PaymentMethod::Cash, None)
        .await
        .unwrap();
    assert_eq!((back.amount_fen, back.money_in_fen), (7_500, -7_500));
    assert_eq!((back.principal_after_fen, back.bonus_after_fen), (0, 0));
    let rid = request_id();
    assert_eq!(
        refused(ledger::return_card(&db, &op(&boss, &rid), card, PaymentMethod::Cash, None).await),
        Refusal::CardReturned
    );
    assert_integrity(&db).await;
}

async fn renewal_pause_and_resume(db: Db) {
    let boss = company(&db).await;
    let time = plan(&db, time_plan()).await;
    let m = member(&db, &boss, "孙七", "13300000000").await;
    let month = card(&db, &boss, time, Some(m), "G0001", None).await;
    let first_end = month.valid_until_after.unwrap();
    let rid = request_id();
    let renewed = ledger::renew(
        &db,
        &op(&boss, &rid),
        month.card_id,
        PaymentMethod::Cash,
        None,
    )
    .await
    .unwrap();
    assert_eq!(renewed.money_in_fen, 19_900);
    assert_eq!(
        renewed.valid_until_after,
        Some(domain::card::TimeSpan::Month.last_day(first_end.plus_days(1)))
    );
    let rid = request_id();
    ledger::set_paused(&db, &op(&boss, &rid), month.card_id, true)
        .await
        .unwrap();
    let rid = request_id();
    assert_eq!(
        refused(ledger::set_paused(&db, &op(&boss, &rid), month.card_id, true).await),
        Refusal::AlreadyPaused
    );
    let rid = request_id();
    let resumed = ledger::set_paused(&db, &op(&boss, &rid), month.card_id, false)
        .await
        .unwrap();
    // Paused and resumed the same day: the end day does not move.
    assert_eq!(resumed.valid_until_after, renewed.valid_until_after);
    let sv = plan(&db, stored_value_plan()).await;
    let money = card(&db, &boss, sv, None, "G0002", None).await;
    let rid = request_id();
    assert_eq!(
        refused(
            ledger::renew(
                &db,
                &op(&boss, &rid),
                money.card_id,
                PaymentMethod::Cash,
                None
            )
            .await
        ),
        Refusal::NoValidity
    );
    assert_integrity(&db).await;
}

async fn every_operation_is_idempotent(db: Db) {
    let boss = company(&db).await;
    let sv = plan(&db, stored_value_plan()).await;
    let card = card(&db, &boss, sv, None, "H0001", None).await.card_id;
    let twice = |rid: String| {
        let (db, boss) = (db.clone(), boss.clone());
        async move {
            let a = ledger::recharge(
                &db,
                &op(&boss, &rid),
                card,
                yuan(100),
                PaymentMethod::Cash,
                None,
            )
            .await
            .unwrap();
            let b = ledger::recharge(
                &db,
                &op(&boss, &rid),
                card,
                yuan(100),
                PaymentMethod::Cash,
                None,
            )
            .await
            .unwrap();
            assert_eq!(a, b);
            a
        }
    };
    let first = twice(request_id()).await;
    assert_eq!(first.principal_after_fen, 20_000);
    let rid = request_id();
    let a = ledger::spend(&db, &op(&boss, &rid), card, yuan(5), None)
        .await
        .unwrap();
    let b = ledger::spend(&db, &op(&boss, &rid), card, yuan(5), None)
        .await
        .unwrap();
    assert_eq!(a, b);
    let rid2 = request_id();
    let r1 = ledger::reverse(
        &db,
        &op(&boss, &rid2),
        a.transaction_id,
        Some(yuan(5)),
        None,
    )
    .await
    .unwrap();
    let r2 = ledger::reverse(
        &db,
        &op(&boss, &rid2),
        a.transaction_id,
        Some(yuan(5)),
        None,
    )
    .await
    .unwrap();
    assert_eq!(r1, r2);
    // The same id for another operation is refused, not run.
    let other = ledger::recharge(
        &db,
        &op(&boss, &rid),
        card,
        yuan(7),
        PaymentMethod::Cash,
        None,
    )
    .await;
    assert_eq!(refused(other), Refusal::RequestReused);
    for frozen in [true, false] {
        let rid = request_id();
        let a = ledger::set_frozen(&db, &op(&boss, &rid), card, frozen)
            .await
            .unwrap();
        assert_eq!(
            ledger::set_frozen(&db, &op(&boss, &rid), card, frozen)
                .await
                .unwrap(),
            a
        );
    }
    let rid = request_id();
    let new = ledger::NewCard {
        plan_id: sv,
        member_id: None,
        card_no: "H0002",
        uid: None,
        pin: None,
        payment: PaymentMethod::Cash,
        fee: None,
    };
    let i1 = ledger::issue(&db, &op(&boss, &rid), &new).await.unwrap();
    assert_eq!(
        ledger::issue(&db, &op(&boss, &rid), &new).await.unwrap(),
        i1
    );
    let rid = request_id();
    let x1 = ledger::replace(
        &db,
        &op(&boss, &rid),
        i1.card_id,
        "H0003",
        None,
        PaymentMethod::Cash,
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        ledger::replace(
            &db,
            &op(&boss, &rid),
            i1.card_id,
            "H0003",
            None,
            PaymentMethod::Cash,
            None
        )
        .await
        .unwrap(),
        x1
    );
    let rid = request_id();
    let batch = ledger::issue_batch(&db, &op(&boss, &rid), sv, "GC0098", 3, PaymentMethod::Cash)
        .await
        .unwrap();
    assert_eq!(batch, ["GC0098", "GC0099", "GC0100"]);
    assert_eq!(
        ledger::issue_batch(&db, &op(&boss, &rid), sv, "GC0098", 3, PaymentMethod::Cash)
            .await
            .unwrap(),
        batch
    );
    // Concurrent duplicates: eight copies of one recharge at once, one effect.
    let rid = request_id();
    let copies = (0..8).map(|_| {
        let (db, boss, rid) = (db.clone(), boss.clone(), rid.clone());
        tokio::spawn(async move {
            ledger::recharge(
                &db,
                &op(&boss, &rid),
                card,
                yuan(1),
                PaymentMethod::Cash,
                None,
            )
            .await
            .unwrap()
        })
    });
    let slips: Vec<_> = futures_join(copies).await;
    assert!(slips.windows(2).all(|w| w[0] == w[1]));
    let view = db::cards::view(&db, card).await.unwrap().unwrap();
    assert_eq!(view.principal_fen, 20_000 - 500 + 500 + 100);
    assert_integrity(&db).await;
}

async fn futures_join<T: Send + 'static>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles.collect::<Vec<_>>() {
        out.push(h.await.unwrap());
    }
    out
}
