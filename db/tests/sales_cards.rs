//! A play centre's day at the till, on SQLite and Postgres: tickets paid by a
//! count card's visits or a time card's check-in, in the same sale as money
//! lines; each card's refusals; a retry takes nothing twice; concurrent sales
//! never take more visits than the card holds.

mod common;

use common::{
    assert_integrity, card, company, count_plan, member, op, plan, request_id, time_plan,
};
use db::sales::{SaleError, SaleRequest};
use db::{Db, on_both_databases};
use domain::card::CardKind;
use domain::catalogue::{CategoryForm, ItemForm};
use domain::cover::CoverChoice;
use domain::ledger::Refusal;
use domain::sale::{PayBy, Payment};

on_both_databases!(
    a_count_card_pays_the_tickets_and_cash_the_drink,
    a_time_card_checks_in_once_a_day_at_the_till,
    what_a_card_cannot_pay_is_refused_and_writes_nothing,
    concurrent_sales_never_take_more_visits_than_the_card_holds
);

struct Centre {
    cashier: db::staff::Caller,
    /// A ticket (category "入场"), a drink.
    ticket: i64,
    drink: i64,
    member: i64,
    count_card: i64,
    time_card: i64,
}

async fn count(db: &Db, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    db::on_pool!(db, pool => sqlx::query_scalar::<_, i64>(&sql).fetch_one(pool).await).unwrap()
}

async fn centre(db: &Db, visits: &str) -> Centre {
    let cashier = company(db).await;
    let entry = CategoryForm {
        code: "ENTRY".into(),
        name: "入场".into(),
        parent_id: 0,
        inactive: false,
    };
    let entry = db::catalogue::save_category(db, 0, &entry.parse().unwrap())
        .await
        .unwrap();
    let item = |code: &str, name: &str, price: &str, category_id: i64| ItemForm {
        code: code.into(),
        name: name.into(),
        price: price.into(),
        category_id,
        unit: "张".into(),
        ..Default::default()
    };
    let ticket = db::catalogue::save_item(
        db,
        0,
        &item("TICKET", "游玩一次", "50", entry).parse().unwrap(),
    )
    .await
    .unwrap();
    let drink = db::catalogue::save_item(db, 0, &item("JUICE", "果汁", "8", 0).parse().unwrap())
        .await
        .unwrap();
    let mut counted = count_plan();
    counted.visits = visits.into();
    counted.categories = entry.to_string();
    let counted = plan(db, counted).await;
    let mut month = time_plan();
    month.items = ticket.to_string();
    let month = plan(db, month).await;
    let m = member(db, &cashier, "陈美玲", "13900000001").await;
    let count_card = card(db, &cashier, counted, Some(m), "K0001", None)
        .await
        .card_id;
    let time_card = card(db, &cashier, month, Some(m), "M0001", None)
        .await
        .card_id;
    db::shifts::open(db, &cashier, common::yuan(100))
        .await
        .unwrap();
    Centre {
        cashier,
        ticket,
        drink,
        member: m,
        count_card,
        time_card,
    }
}

fn sale(
    c: &Centre,
    lines: Vec<(i64, i64)>,
    covers: Vec<Option<i64>>,
    cash_fen: i64,
) -> SaleRequest {
    SaleRequest {
        member_id: Some(c.member),
        lines,
        payments: if cash_fen > 0 {
            vec![Payment {
                by: PayBy::Cash,
                amount_fen: cash_fen,
            }]
        } else {
            vec![]
        },
        covers,
        ..Default::default()
    }
}

async fn visits_left(db: &Db, card_id: i64) -> i64 {
    db::cards::view(db, card_id)
        .await
        .unwrap()
        .unwrap()
        .visits_left
}

fn refusal<T: std::fmt::Debug>(r: Result<T, SaleError>) -> Refusal {
    match r {
        Err(SaleError::Refused(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn a_count_card_pays_the_tickets_and_cash_the_drink(db: Db) {
    let c = centre(&db, "10").await;
    let lines = vec![(c.ticket, 2), (c.drink, 1)];
    // The till asks first: the ticket line is the count card's (the oldest card
    // that covers it), the drink money's.
    let quote = db::sales::quote(
        &db,
        c.cashier.store_id,
        Some(c.member),
        &lines,
        &[CoverChoice::Auto, CoverChoice::Auto],
    )
    .await
    .unwrap();
    assert_eq!(quote.options, vec![vec![c.count_card, c.time_card], vec![]]);
    let cover = quote.priced.lines[0].cover.clone().unwrap();
    assert_eq!(
        (cover.card_id, cover.visits, cover.visits_left_after),
        (c.count_card, 2, Some(8))
    );
    assert_eq!(
        quote.priced.total_fen, 800,
        "only the juice is paid in money"
    );

    let rid = request_id();
    let req = sale(&c, lines, vec![Some(c.count_card), None], 800);
    let receipt = db::sales::sell(&db, &op(&c.cashier, &rid), &req)
        .await
        .unwrap();
    assert_eq!(
        receipt.priced, quote.priced,
        "the receipt is what the till showed"
    );
    assert_eq!(visits_left(&db, c.count_card).await, 8);
    let history = db::ledger::history(&db, c.count_card, None, 10)
        .await
        .unwrap();
    assert_eq!(history[0].kind, domain::slip::TxKind::VisitUse);
    assert_eq!((history[0].visits_delta, history[0].visits_after), (-2, 8));

    // The same request again: the same receipt, no second visit.
    let again = db::sales::sell(&db, &op(&c.cashier, &rid), &req)
        .await
        .unwrap();
    assert_eq!(again, receipt);
    assert_eq!(visits_left(&db, c.count_card).await, 8);
    // Read back later, the line still says which card paid it.
    let reprint = db::sales::receipt(&db, receipt.sale_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        reprint.priced.lines[0]
            .cover
            .as_ref()
            .map(|c| c.card_no.as_str()),
        Some("K0001")
    );
    // A sale wholly paid by cards needs no money.
    let rid = request_id();
    let free = sale(&c, vec![(c.ticket, 1)], vec![Some(c.count_card)], 0);
    let receipt = db::sales::sell(&db, &op(&c.cashier, &rid), &free)
        .await
        .unwrap();
    assert_eq!((receipt.priced.total_fen, receipt.payments.len()), (0, 0));
    assert_eq!(visits_left(&db, c.count_card).await, 7);
    assert_integrity(&db).await;
}

async fn a_time_card_checks_in_once_a_day_at_the_till(db: Db) {
    let c = centre(&db, "10").await;
    let rid = request_id();
    let req = sale(&c, vec![(c.ticket, 1)], vec![Some(c.time_card)], 0);
    let receipt = db::sales::sell(&db, &op(&c.cashier, &rid), &req)
        .await
        .unwrap();
    let cover = receipt.priced.lines[0].cover.clone().unwrap();
    assert_eq!((cover.kind, cover.card_id), (CardKind::Time, c.time_card));
    // Again today: refused at the till and on the card page alike.
    let rid = request_id();
    assert_eq!(
        refusal(db::sales::sell(&db, &op(&c.cashier, &rid), &req).await),
        Refusal::AlreadyCheckedIn { per_day: 1 }
    );
    // Asked without a choice, the till falls back to money for it.
    let quote = db::sales::quote(
        &db,
        c.cashier.store_id,
        Some(c.member),
        &[(c.ticket, 1)],
        &[CoverChoice::Auto],
    )
    .await
    .unwrap();
    assert_eq!(
        quote.priced.lines[0].cover.as_ref().map(|c| c.kind),
        Some(CardKind::Count)
    );
    // A shop that lets a time card in any number of times a day.
    let mut settings = db::settings::read(&db).await.unwrap();
    settings.check_ins_per_day = 0;
    db::settings::update(&db, &settings).await.unwrap();
    let rid = request_id();
    db::sales::sell(&db, &op(&c.cashier, &rid), &req)
        .await
        .unwrap();
    // Two tickets on one check-in is one person too many.
    let rid = request_id();
    let two = sale(&c, vec![(c.ticket, 2)], vec![Some(c.time_card)], 0);
    assert_eq!(
        refusal(db::sales::sell(&db, &op(&c.cashier, &rid), &two).await),
        Refusal::TimeCardOneEntry
    );
    assert_integrity(&db).await;
}

async fn what_a_card_cannot_pay_is_refused_and_writes_nothing(db: Db) {
    let c = centre(&db, "1").await;
    let sales = count(&db, "sales").await;
    let ledger = count(&db, "ledger_transactions").await;
    let try_sale = |lines: Vec<(i64, i64)>, covers: Vec<Option<i64>>, cash: i64| {
        let req = sale(&c, lines, covers, cash);
        let db = db.clone();
        let cashier = c.cashier.clone();
        async move {
            let rid = request_id();
            refusal(db::sales::sell(&db, &op(&cashier, &rid), &req).await)
        }
    };
    assert_eq!(
        try_sale(vec![(c.ticket, 2)], vec![Some(c.count_card)], 0).await,
        Refusal::VisitsExhausted { left: 1 }
    );
    assert_eq!(
        try_sale(vec![(c.drink, 1)], vec![Some(c.count_card)], 0).await,
        Refusal::NotCoveredByCard
    );
    // Another member's card.
    let other = member(&db, &c.cashier, "李雷", "13900000002").await;
    let count_plan_id = db::cards::view(&db, c.count_card)
        .await
        .unwrap()
        .unwrap()
        .plan_id;
    let theirs = card(&db, &c.cashier, count_plan_id, Some(other), "K0002", None)
        .await
        .card_id;
    let ledger = ledger + 1;
    assert_eq!(
        try_sale(vec![(c.ticket, 1)], vec![Some(theirs)], 0).await,
        Refusal::CardNotFound
    );
    // A paused time card.
    let rid = request_id();
    db::ledger::set_paused(&db, &op(&c.cashier, &rid), c.time_card, true)
        .await
        .unwrap();
    let ledger = ledger + 1;
    assert!(matches!(
        try_sale(vec![(c.ticket, 1)], vec![Some(c.time_card)], 0).await,
        Refusal::TimeCardPaused { .. }
    ));
    // A wrong PIN for the money part: its failure is counted, and the visit
    // of the ticket line on the same sale is not taken.
    let sv = plan(&db, common::stored_value_plan()).await;
    let wallet = card(&db, &c.cashier, sv, Some(c.member), "S0001", Some("246810"))
        .await
        .card_id;
    let ledger = ledger + 1;
    let mixed = SaleRequest {
        card_id: Some(wallet),
        payments: vec![Payment {
            by: PayBy::MemberCard,
            amount_fen: 800,
        }],
        pin: Some(domain::card::Pin::entered("111111").unwrap()),
        ..sale(
            &c,
            vec![(c.ticket, 1), (c.drink, 1)],
            vec![Some(c.count_card), None],
            0,
        )
    };
    let rid = request_id();
    assert!(matches!(
        refusal(db::sales::sell(&db, &op(&c.cashier, &rid), &mixed).await),
        Refusal::WrongPin { .. }
    ));
    assert_eq!(
        visits_left(&db, c.count_card).await,
        1,
        "no visit without the sale"
    );
    // The money part must still add up.
    assert!(matches!(
        try_sale(
            vec![(c.ticket, 1), (c.drink, 1)],
            vec![Some(c.count_card), None],
            0
        )
        .await,
        Refusal::PaymentsDoNotAddUp { total_fen: 800, .. }
    ));
    assert_eq!(count(&db, "sales").await, sales);
    assert_eq!(count(&db, "ledger_transactions").await, ledger);
    assert_eq!(visits_left(&db, c.count_card).await, 1);
    assert_integrity(&db).await;
}

async fn concurrent_sales_never_take_more_visits_than_the_card_holds(db: Db) {
    let c = centre(&db, "5").await;
    let tries = (0..12).map(|_| {
        let db = db.clone();
        let cashier = c.cashier.clone();
        let req = sale(&c, vec![(c.ticket, 1)], vec![Some(c.count_card)], 0);
        tokio::spawn(async move {
            let rid = request_id();
            db::sales::sell(&db, &op(&cashier, &rid), &req).await
        })
    });
    let mut sold = 0;
    for t in tries.collect::<Vec<_>>() {
        match t.await.unwrap() {
            Ok(_) => sold += 1,
            Err(SaleError::Refused(Refusal::VisitsExhausted { left: 0 })) => {}
            Err(other) => panic!("{other:?}"),
        }
    }
    assert_eq!(sold, 5);
    assert_eq!(visits_left(&db, c.count_card).await, 0);
    assert_integrity(&db).await;
}
