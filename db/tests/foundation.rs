//! Set-up, sign-in with lockout, stores and staff, on SQLite and Postgres alike.

mod common;

use common::{ADMIN_PASSWORD, company, setup_form};
use db::company::SetupError;
use db::staff::{SignInError, StaffError};
use db::stores::StoreError;
use db::{Db, on_both_databases};
use domain::access::{Role, Scope};
use domain::password::LockoutPolicy;
use domain::staff::{NewStaffForm, StaffEditForm};
use domain::store::StoreForm;

on_both_databases!(
    setup_runs_once_even_when_raced,
    sign_in_checks_password_and_logs_every_attempt,
    fifth_wrong_password_locks_even_the_right_one_out,
    concurrent_wrong_passwords_all_count,
    the_right_password_among_a_burst_of_guesses_is_one_of_five,
    stores_have_unique_codes_and_head_office_stays_active,
    branch_scope_sees_only_its_own_store,
    staff_management_and_passwords,
);

fn branch(code: &str, name: &str) -> domain::store::StoreInput {
    StoreForm {
        code: code.into(),
        name: name.into(),
        ..StoreForm::default()
    }
    .parse()
    .unwrap()
}

fn cashier(username: &str, store_id: i64) -> domain::staff::NewStaff {
    NewStaffForm {
        username: username.into(),
        name: "李娜".into(),
        role: "cashier".into(),
        home_store_id: store_id,
        password: "till-4-ever".into(),
    }
    .parse()
    .unwrap()
}

async fn events(db: &Db) -> Vec<String> {
    let mut all: Vec<String> = db::security_log::recent(db, Scope::AllStores, 500)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    all.reverse();
    all
}

async fn setup_runs_once_even_when_raced(db: Db) {
    assert!(!db::company::is_set_up(&db).await.unwrap());
    let setup = setup_form().parse().unwrap();
    let attempts = (0..8).map(|_| {
        let (db, setup) = (db.clone(), setup.clone());
        tokio::spawn(async move { db::company::set_up(&db, &setup, "ip").await })
    });
    let mut ok = 0;
    for attempt in attempts {
        match attempt.await.unwrap() {
            Ok(_) => ok += 1,
            Err(SetupError::AlreadySetUp) => {}
            Err(SetupError::Db(e)) => {
                // A racer may lose on the unique key instead of the pre-check.
                assert!(
                    e.to_string().to_lowercase().contains("unique")
                        || e.to_string().contains("duplicate"),
                    "{e}"
                );
            }
        }
    }
    assert_eq!(ok, 1, "exactly one set-up wins");
    assert!(db::company::is_set_up(&db).await.unwrap());
    let again = db::company::set_up(&db, &setup, "ip").await;
    assert!(matches!(again, Err(SetupError::AlreadySetUp)));
    let company = db::company::company(&db).await.unwrap().unwrap();
    assert_eq!(company.name, "欢乐岛儿童乐园");
    let stores = db::stores::list(&db, Scope::AllStores).await.unwrap();
    assert_eq!(stores.len(), 1, "one head office");
    assert!(stores[0].is_head_office);
    let staff = db::staff::list(&db, Scope::AllStores).await.unwrap();
    assert_eq!(staff.len(), 1, "one admin");
    assert_eq!(staff[0].role, "admin");
}

async fn sign_in_checks_password_and_logs_every_attempt(db: Db) {
    company(&db).await;
    let policy = LockoutPolicy::default();
    let me = db::staff::sign_in(&db, " BOSS ", ADMIN_PASSWORD, policy, "ip")
        .await
        .unwrap();
    assert_eq!(me.caller.role, Role::Admin);
    assert_eq!(me.caller.scope, Scope::AllStores);
    let wrong = db::staff::sign_in(&db, "boss", "not-the-password-1", policy, "ip").await;
    assert!(matches!(wrong, Err(SignInError::WrongCredentials)));
    let unknown = db::staff::sign_in(&db, "nobody", ADMIN_PASSWORD, policy, "ip").await;
    assert!(
        matches!(unknown, Err(SignInError::WrongCredentials)),
        "same answer as a wrong password"
    );
    assert_eq!(
        events(&db).await,
        [
            "setup_completed",
            "signed_in",
            "sign_in_failed",
            "sign_in_failed"
        ]
    );
}

async fn fifth_wrong_password_locks_even_the_right_one_out(db: Db) {
    company(&db).await;
    let policy = LockoutPolicy::default();
    for _ in 0..4 {
        let r = db::staff::sign_in(&db, "boss", "wrong-password-1", policy, "ip").await;
        assert!(matches!(r, Err(SignInError::WrongCredentials)));
    }
    let fifth = db::staff::sign_in(&db, "boss", "wrong-password-1", policy, "ip").await;
    assert!(
        matches!(fifth, Err(SignInError::Locked { .. })),
        "{fifth:?}"
    );
    let right = db::staff::sign_in(&db, "boss", ADMIN_PASSWORD, policy, "ip").await;
    assert!(
        matches!(right, Err(SignInError::Locked { .. })),
        "locked even with the right password"
    );
    let log = events(&db).await;
    assert_eq!(log.iter().filter(|e| *e == "sign_in_failed").count(), 4);
    assert_eq!(log.iter().filter(|e| *e == "account_locked").count(), 1);
    assert_eq!(log.last().unwrap(), "sign_in_while_locked");
    // Once the lock has run out, the right password works again.
    let expired = LockoutPolicy {
        max_failures: 5,
        lock_ms: -1,
    };
    let other = db::staff::sign_in(&db, "boss", "wrong-password-1", policy, "ip").await;
    assert!(matches!(other, Err(SignInError::Locked { .. })));
    let after = {
        // Simulate the clock passing the lock: a policy whose lock has ended.
        let sql = "UPDATE staff SET locked_until_ms = 0";
        db::rows_affected!(&db, pool => sqlx::query(sql).execute(pool).await).unwrap();
        db::staff::sign_in(&db, "boss", ADMIN_PASSWORD, expired, "ip").await
    };
    assert!(after.is_ok(), "{after:?}");
}

async fn concurrent_wrong_passwords_all_count(db: Db) {
    company(&db).await;
    let policy = LockoutPolicy::default();
    // Thirty guesses at once: exactly five are checked against the password,
    // the rest are refused as locked without being checked.
    let tries = (0..30).map(|_| {
        let db = db.clone();
        tokio::spawn(async move {
            db::staff::sign_in(&db, "boss", "wrong-password-1", policy, "ip").await
        })
    });
    for t in tries {
        assert!(t.await.unwrap().is_err());
    }
    let log = events(&db).await;
    let count = |kind: &str| log.iter().filter(|e| *e == kind).count();
    assert_eq!(count("sign_in_failed"), 4, "{log:?}");
    assert_eq!(count("account_locked"), 1, "{log:?}");
    assert_eq!(count("sign_in_while_locked"), 25, "{log:?}");
    let right = db::staff::sign_in(&db, "boss", ADMIN_PASSWORD, policy, "ip").await;
    assert!(
        matches!(right, Err(SignInError::Locked { .. })),
        "{right:?}"
    );
}

/// Eleven wrong guesses and the right password sent together: at most five
/// guesses are ever checked, and the right one gets in only if it was among them.
async fn the_right_password_among_a_burst_of_guesses_is_one_of_five(db: Db) {
    company(&db).await;
    let policy = LockoutPolicy::default();
    let mut tries = Vec::new();
    for n in 0..12 {
        let db = db.clone();
        let password = if n == 6 {
            ADMIN_PASSWORD
        } else {
            "wrong-password-1"
        };
        tries.push(tokio::spawn(async move {
            db::staff::sign_in(&db, "boss", password, policy, "ip")
                .await
                .is_ok()
        }));
    }
    let mut signed_in = 0;
    for t in tries {
        signed_in += usize::from(t.await.unwrap());
    }
    let log = events(&db).await;
    let checked_wrong = log
        .iter()
        .filter(|e| *e == "sign_in_failed" || *e == "account_locked")
        .count();
    let refused_unchecked = log.iter().filter(|e| *e == "sign_in_while_locked").count();
    assert!(signed_in <= 1);
    assert_eq!(checked_wrong + refused_unchecked + signed_in, 12, "{log:?}");
    // A right password clears the count, so wrong guesses after it start a new
    // count of five; before it, at most four wrong ones can have been checked.
    assert!(checked_wrong <= 5 + 4 * signed_in, "{log:?}");
    if signed_in == 0 {
        assert_eq!(checked_wrong, 5, "{log:?}");
    }
}

async fn stores_have_unique_codes_and_head_office_stays_active(db: Db) {
    company(&db).await;
    let all = Scope::AllStores;
    let id = db::stores::create(&db, &branch("sz-01", "深圳店"))
        .await
        .unwrap();
    let again = db::stores::create(&db, &branch("SZ-01", "另一家")).await;
    assert!(matches!(again, Err(StoreError::CodeTaken)), "{again:?}");
    db::stores::update(&db, all, id, &branch("SZ-01", "深圳南山店"))
        .await
        .unwrap();
    assert_eq!(
        db::stores::get(&db, all, id).await.unwrap().name,
        "深圳南山店"
    );
    db::stores::set_active(&db, all, id, false).await.unwrap();
    assert!(!db::stores::get(&db, all, id).await.unwrap().active);
    let hq = db::stores::list(&db, all)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.is_head_office)
        .unwrap();
    let r = db::stores::set_active(&db, all, hq.id, false).await;
    assert!(matches!(r, Err(StoreError::HeadOfficeStaysActive)));
    let hq_code = db::stores::update(&db, all, id, &branch("HQ", "冒名")).await;
    assert!(matches!(hq_code, Err(StoreError::CodeTaken)));
}

async fn branch_scope_sees_only_its_own_store(db: Db) {
    let admin = company(&db).await;
    let a = db::stores::create(&db, &branch("A", "A店")).await.unwrap();
    let b = db::stores::create(&db, &branch("B", "B店")).await.unwrap();
    let id = db::staff::create(&db, admin.scope, &cashier("lina", a))
        .await
        .unwrap();
    let lina = db::staff::caller(&db, id).await.unwrap().unwrap();
    assert_eq!(lina.scope, Scope::OneStore(a));
    let stores = db::stores::list(&db, lina.scope).await.unwrap();
    assert_eq!(stores.iter().map(|s| s.id).collect::<Vec<_>>(), [a]);
    assert!(matches!(
        db::stores::get(&db, lina.scope, b).await,
        Err(StoreError::NotFound)
    ));
    let r = db::stores::update(&db, lina.scope, b, &branch("B", "改名")).await;
    assert!(
        matches!(r, Err(StoreError::NotFound)),
        "no write outside scope"
    );
    assert_eq!(
        db::stores::get(&db, Scope::AllStores, b)
            .await
            .unwrap()
            .name,
        "B店"
    );
    let staff = db::staff::list(&db, lina.scope).await.unwrap();
    assert_eq!(
        staff
            .iter()
            .map(|s| s.username.as_str())
            .collect::<Vec<_>>(),
        ["lina"]
    );
    // A branch-scoped editor cannot place staff in another store.
    let r = db::staff::create(&db, lina.scope, &cashier("zhang", b)).await;
    assert!(matches!(r, Err(StaffError::NotFound)));
}

async fn staff_management_and_passwords(db: Db) {
    let admin = company(&db).await;
    let policy = LockoutPolicy::default();
    let a = db::stores::create(&db, &branch("A", "A店")).await.unwrap();
    let id = db::staff::create(&db, admin.scope, &cashier("lina", a))
        .await
        .unwrap();
    let dup = db::staff::create(&db, admin.scope, &cashier("lina", a)).await;
    assert!(matches!(dup, Err(StaffError::UsernameTaken)), "{dup:?}");

    let edit = StaffEditForm {
        name: "李娜娜".into(),
        role: "manager".into(),
        home_store_id: a,
    }
    .parse()
    .unwrap();
    db::staff::update(&db, &admin, id, &edit).await.unwrap();
    assert_eq!(
        db::staff::caller(&db, id).await.unwrap().unwrap().role,
        Role::Manager
    );

    let demote_self = StaffEditForm {
        name: "王".into(),
        role: "cashier".into(),
        home_store_id: admin.store_id,
    };
    let r = db::staff::update(&db, &admin, admin.staff_id, &demote_self.parse().unwrap()).await;
    assert!(matches!(r, Err(StaffError::NotOnSelf)));
    let r = db::staff::set_active(&db, &admin, admin.staff_id, false).await;
    assert!(matches!(r, Err(StaffError::NotOnSelf)));

    // Deactivated staff cannot sign in, and an open session stops resolving.
    db::staff::set_active(&db, &admin, id, false).await.unwrap();
    assert_eq!(db::staff::caller(&db, id).await.unwrap(), None);
    let r = db::staff::sign_in(&db, "lina", "till-4-ever", policy, "ip").await;
    assert!(matches!(r, Err(SignInError::Inactive)));
    db::staff::set_active(&db, &admin, id, true).await.unwrap();

    // Lock her out, then an admin reset lifts the lock and sets the new password.
    for _ in 0..5 {
        let _ = db::staff::sign_in(&db, "lina", "wrong-password-1", policy, "ip").await;
    }
    db::staff::reset_password(&db, &admin, id, "fresh-start-7", "ip")
        .await
        .unwrap();
    let lina = db::staff::sign_in(&db, "lina", "fresh-start-7", policy, "ip")
        .await
        .unwrap()
        .caller;

    let r =
        db::staff::change_own_password(&db, &lina, "wrong-current-1", "another-one-2", "ip").await;
    assert!(matches!(r, Err(StaffError::WrongPassword)));
    db::staff::change_own_password(&db, &lina, "fresh-start-7", "another-one-2", "ip")
        .await
        .unwrap();
    assert!(
        db::staff::sign_in(&db, "lina", "another-one-2", policy, "ip")
            .await
            .is_ok()
    );
    let log = events(&db).await;
    assert!(log.contains(&"password_reset".to_string()));
    assert!(log.contains(&"password_changed".to_string()));
}
