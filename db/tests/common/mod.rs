//! A set-up company for the db tests.
#![allow(dead_code)]

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
