//! The audit log and the security log (O1), searched by person, store, what was
//! changed and dates, newest first, a page at a time. Admin and finance only;
//! branch staff see what happened at their store.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// Rows on one page of either log.
pub const LOG_PAGE_ROWS: u32 = 50;

/// What can be searched for, in the order the page offers it.
pub const AUDITED_THINGS: &[&str] = &[
    "members",
    "cards",
    "plans",
    "items",
    "categories",
    "levels",
    "discount_rules",
    "stores",
    "staff",
    "settings",
    "company",
    "payment_methods",
    "member_fields",
    "gifts",
    "promotions",
    "rebate_tiers",
    "backup_plan",
    "shifts",
    "sales",
    "sale_refunds",
    "gift_redemptions",
];

/// A log search as the page's address holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogQuery {
    #[serde(default)]
    pub store: Option<i64>,
    /// A user name.
    #[serde(default)]
    pub person: String,
    /// One of [`AUDITED_THINGS`]; empty: everything.
    #[serde(default)]
    pub what: String,
    /// A member's number or phone, a card's number, or another thing's id.
    #[serde(default)]
    pub which: String,
    #[serde(default)]
    pub first: String,
    #[serde(default)]
    pub last: String,
    /// The next page: rows older than this one.
    #[serde(default)]
    pub before: Option<i64>,
}

/// A value before or after a change, as people read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shown {
    Empty,
    Text(String),
    Yes,
    No,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The column name (`name`, `level_id`, `field:3` ...); the page labels it.
    pub field: String,
    pub before: Shown,
    pub after: Shown,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub id: i64,
    pub at: String,
    pub who: String,
    pub store: String,
    pub what: String,
    pub which: i64,
    pub action: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityLine {
    pub id: i64,
    pub at: String,
    pub event: String,
    pub who: String,
    pub store: String,
    pub ip: String,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogView<L> {
    pub frame: crate::api::ReportFrame,
    pub lines: Vec<L>,
    /// The `before` of the next page; none on the last page.
    pub older: Option<i64>,
    /// The search asked for `which` and found nothing by that number.
    pub unknown_which: bool,
}

/// The first [`LOG_PAGE_ROWS`] of `lines` (one more was asked for) and the
/// `before` of the next page, if there is one.
#[cfg(feature = "ssr")]
fn one_page<L>(mut lines: Vec<L>, id: impl Fn(&L) -> i64) -> (Vec<L>, Option<i64>) {
    let more = lines.len() > LOG_PAGE_ROWS as usize;
    lines.truncate(LOG_PAGE_ROWS as usize);
    let older = more.then(|| lines.last().map(&id).unwrap_or_default());
    (lines, older)
}

#[server(endpoint = "audit_log", input = Json)]
pub async fn audit_log(q: LogQuery) -> Result<LogView<AuditLine>, AppError> {
    let (ask, filter, unknown_which) = crate::audit_view::search(&q).await?;
    let found = if unknown_which {
        Vec::new()
    } else {
        crate::audit_view::changes(&ask, &filter, LOG_PAGE_ROWS + 1).await?
    };
    let (lines, older) = one_page(found, |l| l.id);
    Ok(LogView {
        frame: ask.frame,
        lines,
        older,
        unknown_which,
    })
}

#[server(endpoint = "security_log", input = Json)]
pub async fn security_log(q: LogQuery) -> Result<LogView<SecurityLine>, AppError> {
    let (ask, filter, _) = crate::audit_view::search(&q).await?;
    let found = crate::audit_view::events(&ask, &filter, LOG_PAGE_ROWS + 1).await?;
    let (lines, older) = one_page(found, |l| l.id);
    Ok(LogView {
        frame: ask.frame,
        lines,
        older,
        unknown_which: false,
    })
}
