//! Shifts on SQLite and Postgres: one open shift per cashier, close once.

mod common;

use common::company;
use db::shifts::ShiftError;
use db::{Db, on_both_databases};
use domain::money::Money;

on_both_databases!(
    open_count_and_close_a_shift,
    only_one_shift_opens_when_raced
);

async fn open_count_and_close_a_shift(db: Db) {
    let cashier = company(&db).await;
    assert_eq!(
        db::shifts::open_shift_of(&db, cashier.staff_id)
            .await
            .unwrap(),
        None
    );
    let closed = db::shifts::close(&db, &cashier, Money::from_fen(0)).await;
    assert!(
        matches!(closed, Err(ShiftError::NoneOpen)),
        "nothing to close yet"
    );

    let shift = db::shifts::open(&db, &cashier, Money::from_fen(20_000))
        .await
        .unwrap();
    assert_eq!(shift.float_fen, 20_000);
    assert_eq!(shift.store_id, cashier.store_id);
    let again = db::shifts::open(&db, &cashier, Money::from_fen(100)).await;
    assert!(matches!(again, Err(ShiftError::AlreadyOpen)), "{again:?}");

    let closed = db::shifts::close(&db, &cashier, Money::from_fen(19_550))
        .await
        .unwrap();
    assert_eq!(closed.id, shift.id);
    assert_eq!(closed.expected_cash_fen, Some(20_000));
    assert_eq!(closed.counted_cash_fen, Some(19_550));
    assert!(closed.closed_at_ms.is_some());
    let twice = db::shifts::close(&db, &cashier, Money::from_fen(1)).await;
    assert!(matches!(twice, Err(ShiftError::NoneOpen)));
    assert_eq!(
        db::shifts::last_closed_of(&db, cashier.staff_id)
            .await
            .unwrap(),
        Some(closed)
    );

    // A new shift can open once the last one is closed.
    assert!(db::shifts::open(&db, &cashier, Money::ZERO).await.is_ok());
}

async fn only_one_shift_opens_when_raced(db: Db) {
    let cashier = company(&db).await;
    let tries = (0..8).map(|_| {
        let (db, cashier) = (db.clone(), cashier.clone());
        tokio::spawn(async move { db::shifts::open(&db, &cashier, Money::from_fen(10_000)).await })
    });
    let mut opened = 0;
    for t in tries {
        match t.await.unwrap() {
            Ok(_) => opened += 1,
            Err(ShiftError::AlreadyOpen) => {}
            Err(e) => panic!("unexpected: {e:?}"),
        }
    }
    assert_eq!(opened, 1);
}
