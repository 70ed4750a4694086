//! Backups (O2) in the server: the daily copy at the hour the backups page sets,
//! and the `server backup` and `server restore FILE` commands.

use db::Db;
use db::backup::{Asked, BackupPlace};
use std::path::Path;
use std::time::Duration;

/// How often the server looks whether the daily copy is due.
const LOOK_EVERY: Duration = Duration::from_secs(60);

/// Marks copies a stopped server left half-made as failed, then looks once a
/// minute whether today's copy is due. Several servers on one database make one
/// copy a day between them (the day is claimed by a unique row).
pub async fn start_daily(db: Db, place: BackupPlace) {
    if let Err(e) = db::backup::mark_interrupted(&db).await {
        tracing::warn!("backups: {e}");
    }
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(LOOK_EVERY).await;
            if let Err(e) = daily(&db, &place).await {
                tracing::error!("daily backup: {e}");
            }
        }
    });
}

async fn daily(db: &Db, place: &BackupPlace) -> Result<(), String> {
    let Some(company) = db::company::company(db).await.map_err(|e| e.to_string())? else {
        return Ok(());
    };
    let now = db::now_ms();
    let today = db::clock::business_day(now, &company.time_zone);
    let hour: u32 = db::clock::local_second(now, &company.time_zone)
        .get(11..13)
        .and_then(|h| h.parse().ok())
        .unwrap_or(0);
    let plan = db::backup::plan(db).await.map_err(|e| e.to_string())?;
    let last = db::backup::last_daily(db)
        .await
        .map_err(|e| e.to_string())?;
    if !plan.daily_due(today, hour, last) {
        return Ok(());
    }
    match db::backup::make_copy(db, place, Asked::Daily(today)).await {
        Ok(Some(made)) => {
            tracing::info!(file = %made.path.display(), bytes = made.bytes, "daily backup made");
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}

/// `server backup`: 0 when a verified copy was made, 2 when not.
pub async fn command_line(db: &Db, place: &BackupPlace) -> Result<(), String> {
    let made = db::backup::make_copy(db, place, Asked::CommandLine)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no copy was made")?;
    println!(
        "backup made and verified: {} ({} bytes)",
        made.path.display(),
        made.bytes
    );
    for name in made.pruned {
        println!("older copy deleted: {name}");
    }
    Ok(())
}

/// `server restore FILE`: 0 when restored and the integrity check is clean.
pub async fn restore(database_url: &str, file: &Path) -> Result<(), String> {
    let report = db::restore::restore(database_url, file)
        .await
        .map_err(|e| e.to_string())?;
    print!("{report}");
    if report.is_clean() {
        println!(
            "restored {} into {}",
            file.display(),
            crate::redact(database_url)
        );
        Ok(())
    } else {
        Err("restored, but the integrity check found the problems above".into())
    }
}
