//! `server backup` and `server restore FILE` (O2) as an owner runs them, on both
//! databases: a verified copy; restored into an empty database it passes the
//! integrity check; into the shop's own database it is refused and says why.

use crate::common::{anonymous_card, start, stored_value_plan};
use db::testing::{folder, url_of};
use db::{Db, on_both_databases};
use std::process::Command;

on_both_databases!(backup_and_restore_from_the_command_line);

fn server(args: &[&str], url: &str, backups: &std::path::Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("BACKUP_DIR", backups)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run the server binary");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn backup_and_restore_from_the_command_line(db: Db) {
    let url = url_of(&db);
    let running = start(db.clone()).await;
    let boss = running.boss().await;
    let (ok, plan) = running
        .call_json(&boss, "save_plan", stored_value_plan())
        .await;
    assert!(ok, "{plan}");
    let plan: i64 = plan.parse().expect("plan id");
    let (ok, slip) = running
        .call_json(
            &boss,
            "issue_card",
            anonymous_card("cli-issue-1", plan, "CLI0001", ""),
        )
        .await;
    assert!(ok, "{slip}");

    let backups = folder();
    let (code, out, err) = server(&["backup"], &url, &backups);
    assert_eq!(code, 0, "{out}{err}");
    let path = out
        .lines()
        .find_map(|l| l.strip_prefix("backup made and verified: "))
        .and_then(|l| l.rsplit_once(" ("))
        .map(|(path, _)| path.to_owned())
        .expect("the copy's path");
    assert!(std::path::Path::new(&path).is_file());

    // Into the shop's own database: refused, and it says what to do.
    let (code, _, err) = server(&["restore", &path], &url, &backups);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("only into an empty database"), "{err}");

    // Into an empty one: restored and checked.
    let empty = match &db {
        Db::Sqlite(_) => db::testing::sqlite_url(),
        Db::Postgres(_) => db::testing::postgres_url().await,
    };
    let (code, out, err) = server(&["restore", &path], &empty, &backups);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("every balance equals its entries") && out.contains("restored"),
        "{out}"
    );
    let (code, out, _) = server(&["check"], &empty, &backups);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("checked 1 cards"), "{out}");

    // No file named: the usage, nothing done.
    let (code, _, err) = server(&["restore"], &empty, &backups);
    assert_eq!(code, 2);
    assert!(err.contains("usage: server restore FILE"), "{err}");
}
