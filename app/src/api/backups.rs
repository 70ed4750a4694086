//! Backups (O2): when the daily copy is made and how many are kept, the copies
//! with a running one's progress, and a copy made now. A copy holds every store's
//! data: head-office admins only.

use crate::error::AppError;
use domain::backup::{BackupPlanForm, BackupRow};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// Copies listed on the page.
pub const COPIES_SHOWN: i64 = 30;

/// One copy as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyLine {
    pub row: BackupRow,
    /// When it was started, in the company's time zone.
    pub started: String,
    /// A running copy: bytes written so far, and about how many in all (SQLite).
    pub written: u64,
    pub total: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupsView {
    pub plan: BackupPlanForm,
    /// The folder on the server the copies go to.
    pub folder: String,
    pub copies: Vec<CopyLine>,
}

#[cfg(feature = "ssr")]
async fn head_office_admin() -> Result<domain::access::Caller, AppError> {
    let caller = crate::guard::require(domain::access::Permission::ManageSettings).await?;
    if caller.scope == domain::access::Scope::AllStores {
        Ok(caller)
    } else {
        Err(AppError::Forbidden)
    }
}

#[server(endpoint = "backups")]
pub async fn backups() -> Result<BackupsView, AppError> {
    use crate::guard::{internal, state};
    head_office_admin().await?;
    let state = state()?;
    let db = &state.db;
    let zone = crate::guard::company(db).await?.time_zone;
    let plan = db::backup::plan(db).await.map_err(internal)?;
    let rows = db::backup::recent(db, COPIES_SHOWN)
        .await
        .map_err(internal)?;
    let mut copies = Vec::with_capacity(rows.len());
    for row in rows {
        let (written, total) = if row.state == "running" {
            db::backup::progress(db, &state.backups, &row.file_name).await
        } else {
            (0, None)
        };
        copies.push(CopyLine {
            started: db::clock::local_minute(row.started_at_ms, &zone),
            row,
            written,
            total,
        });
    }
    Ok(BackupsView {
        plan: BackupPlanForm::from_plan(plan),
        folder: std::path::absolute(&state.backups.dir)
            .unwrap_or_else(|_| state.backups.dir.clone())
            .display()
            .to_string(),
        copies,
    })
}

#[server(endpoint = "save_backup_plan", input = Json)]
pub async fn save_backup_plan(form: BackupPlanForm) -> Result<(), AppError> {
    use crate::guard::{internal, state};
    head_office_admin().await?;
    let plan = form.parse()?;
    db::backup::save_plan(&state()?.db, plan)
        .await
        .map_err(internal)
}

/// Starts a copy and answers at once; the page follows its progress.
#[server(endpoint = "start_backup", input = Json)]
pub async fn start_backup() -> Result<(), AppError> {
    use crate::guard::{internal, state};
    use db::backup::{Asked, BackupError};
    let caller = head_office_admin().await?;
    let state = state()?;
    let started = match db::backup::begin(&state.db, Asked::Staff(caller.staff_id)).await {
        Ok(Some(started)) => started,
        Ok(None) | Err(BackupError::Busy) => return Err(AppError::BackupBusy),
        Err(e) => return Err(internal(e)),
    };
    leptos::task::spawn(async move {
        match started.finish(&state.db, &state.backups).await {
            Ok(made) => {
                tracing::info!(file = %made.path.display(), bytes = made.bytes, "backup made")
            }
            Err(e) => tracing::error!("backup failed: {e}"),
        }
    });
    Ok(())
}
