//! A set-up company for the db tests.
#![allow(dead_code)]

pub mod loyalty;

use db::Db;
use domain::company::SetupForm;

pub const ADMIN_PASSWORD: &str = "happy-island-88";

pub fn setup_form() -> SetupForm {
    SetupForm {
        company_name: "欢乐岛儿童乐园".into(),
        currency_symbol: "¥".into(),
        time_zone: "Asia/Shanghai".into(),
        head_office_name: "总店".into(),
        admin_username: "boss".into(),
        admin_name: "王老板".into(),
        admin_password: ADMIN_PASSWORD.into(),
        admin_password_again: ADMIN_PASSWORD.into(),
    }
}

/// A set-up company; returns the admin as a caller.
pub async fn company(db: &Db) -> db::staff::Caller {
    let setup = setup_form().parse().expect("valid setup");
    let admin_id = db::company::set_up(db, &setup, "127.0.0.1")
        .await
        .expect("set up");
    db::staff::caller(db, admin_id)
        .await
        .unwrap()
        .expect("admin exists")
}

use db::ledger::{NewCard, Op};
use domain::card::Pin;
use domain::plan::PlanForm;
use domain::slip::{PaymentMethod, Slip};
use std::sync::atomic::{AtomicU64, Ordering};

/// A request id no other request in this process has.
pub fn request_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("req-{:010}", NEXT.fetch_add(1, Ordering::Relaxed))
}

pub fn op<'a>(caller: &'a db::staff::Caller, request_id: &'a str) -> Op<'a> {
    Op {
        caller,
        request_id,
        reason: "",
    }
}

/// A plan from a form: kind `stored_value`, `count` or `time`.
pub async fn plan(db: &Db, form: PlanForm) -> i64 {
    db::plans::create(db, &form.parse().expect("valid plan"))
        .await
        .expect("plan")
}

pub fn stored_value_plan() -> PlanForm {
    PlanForm {
        name: "储值卡".into(),
        kind: "stored_value".into(),
        price: "100".into(),
        bonus: "10".into(),
        recharge_every: "1000".into(),
        recharge_bonus: "100".into(),
        ..PlanForm::default()
    }
}

pub fn count_plan() -> PlanForm {
    PlanForm {
        name: "十次卡".into(),
        kind: "count".into(),
        price: "300".into(),
        visits: "10".into(),
        validity: "year".into(),
        ..PlanForm::default()
    }
}

pub fn time_plan() -> PlanForm {
    PlanForm {
        name: "月卡".into(),
        kind: "time".into(),
        price: "199".into(),
        validity: "month".into(),
        ..PlanForm::default()
    }
}

pub async fn member(db: &Db, caller: &db::staff::Caller, name: &str, phone: &str) -> i64 {
    let form = domain::member::MemberForm {
        name: name.into(),
        phone: phone.into(),
        home_store_id: caller.store_id,
        active: Some("on".into()),
        ..Default::default()
    };
    db::members::create(db, &form.parse(&[]).unwrap())
        .await
        .expect("member")
}

/// Issues a card of `plan_id` numbered `card_no` to `member_id`, with `pin` if given.
pub async fn card(
    db: &Db,
    caller: &db::staff::Caller,
    plan_id: i64,
    member_id: Option<i64>,
    card_no: &str,
    pin: Option<&str>,
) -> Slip {
    let pin = pin.map(|p| Pin::choose(p).expect("pin"));
    let new = NewCard {
        plan_id,
        member_id,
        card_no,
        uid: None,
        pin: pin.as_ref(),
        payment: PaymentMethod::Cash,
        fee: None,
    };
    let rid = request_id();
    db::ledger::issue(db, &op(caller, &rid), &new)
        .await
        .expect("issue")
}

/// Asserts the ledger is consistent.
pub async fn assert_integrity(db: &Db) {
    let report = db::integrity::check(db).await.unwrap();
    assert!(report.is_clean(), "{report}");
}

/// A branch and a cashier working there, as a caller.
pub async fn branch_cashier(
    db: &Db,
    admin: &db::staff::Caller,
    code: &str,
    username: &str,
) -> db::staff::Caller {
    let store = domain::store::StoreForm {
        code: code.into(),
        name: format!("{code}店"),
        ..Default::default()
    };
    let store_id = db::stores::create(db, &store.parse().unwrap())
        .await
        .unwrap();
    let staff = domain::staff::NewStaffForm {
        username: username.into(),
        name: "李娜".into(),
        role: "cashier".into(),
        home_store_id: store_id,
        password: "till-4-ever".into(),
    };
    let id = db::staff::create(db, admin.scope, &staff.parse().unwrap())
        .await
        .unwrap();
    db::staff::caller(db, id).await.unwrap().unwrap()
}

/// The refusal a ledger operation answered with; panics on anything else.
pub fn refused<T: std::fmt::Debug>(
    r: Result<T, db::ledger::LedgerError>,
) -> domain::ledger::Refusal {
    match r {
        Err(db::ledger::LedgerError::Refused(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

pub fn yuan(y: i64) -> domain::money::Money {
    domain::money::Money::from_fen(y * 100)
}
