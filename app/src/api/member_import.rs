//! Members in from a CSV file (M3): what a check or a run found, and a run's
//! progress. The file itself goes to `POST /import/members` (`crate::import_file`).

use crate::error::AppError;
use domain::import::{BadRow, Column};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the file holds, checked against the shop.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Rows with anything in them.
    pub rows: usize,
    /// Rows a run would write.
    pub to_write: usize,
    /// Rows of members the shop already has: left alone.
    pub already_there: usize,
    pub bad_count: usize,
    /// The bad rows (the first 2,000), in file order.
    pub bad: Vec<BadRow>,
    /// Headings that name nothing the shop keeps.
    pub unknown_columns: Vec<String>,
    pub missing_columns: Vec<Column>,
    /// A run started: follow it with [`import_progress`].
    pub run: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRun {
    pub total: usize,
    pub done: usize,
    pub finished: bool,
    /// Stopped by the database (nothing of an all-or-nothing run is written).
    pub failed: bool,
    pub members: usize,
    pub cards: usize,
    pub already_there: usize,
    /// Row by row: the rows refused while writing; all or nothing: the row
    /// that stopped it (then nothing was written).
    pub bad: Vec<BadRow>,
}

#[server(endpoint = "import_progress")]
pub async fn import_progress(run: u64) -> Result<Option<ImportRun>, AppError> {
    let caller = crate::guard::require(domain::access::Permission::ManageSettings).await?;
    Ok(crate::import_file::progress(caller.staff_id, run))
}
