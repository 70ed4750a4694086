//! `server check` (O4) on a real database file: clean says so and exits 0; a
//! balance changed behind the ledger's back is listed and exits 1.

use std::process::Command;

fn check(url: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("check")
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run server check");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[tokio::test]
async fn check_reports_offenders_and_exits_non_zero() {
    let dir = std::env::temp_dir().join(format!("membership-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite:{}", dir.join("check.db").display());
    let db = db::Db::connect(&url, db::PoolOptions::default())
        .await
        .unwrap();
    let setup = domain::company::SetupForm {
        company_name: "测试".into(),
        currency_symbol: "¥".into(),
        time_zone: "Asia/Shanghai".into(),
        head_office_name: "总店".into(),
        admin_username: "boss".into(),
        admin_name: "老板".into(),
        admin_password: "happy-island-88".into(),
        admin_password_again: "happy-island-88".into(),
    };
    let admin = db::company::set_up(&db, &setup.parse().unwrap(), "127.0.0.1")
        .await
        .unwrap();
    let admin = db::staff::caller(&db, admin).await.unwrap().unwrap();
    let plan = domain::plan::PlanForm {
        name: "储值卡".into(),
        kind: "stored_value".into(),
        price: "100".into(),
        ..Default::default()
    };
    let plan = db::plans::create(&db, &plan.parse().unwrap())
        .await
        .unwrap();
    let op = db::ledger::Op {
        caller: &admin,
        request_id: "check-test-1",
        reason: "",
    };
    let new = db::ledger::NewCard {
        plan_id: plan,
        member_id: None,
        card_no: "K0001",
        uid: None,
        pin: None,
        payment: domain::slip::PaymentMethod::Cash,
        fee: None,
    };
    db::ledger::issue(&db, &op, &new).await.unwrap();

    let (code, out) = check(&url);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("checked 1 cards, 1 transactions")
            && out.contains("every balance equals its entries"),
        "{out}"
    );

    db::rows_affected!(&db, pool => sqlx::query("UPDATE cards SET principal_fen = principal_fen + 1").execute(pool).await).unwrap();
    db.close().await;
    let (code, out) = check(&url);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("card K0001") && out.contains("principal 10001 vs entries 10000"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
