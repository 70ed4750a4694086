//! Refunds of sales (V6): whole or by lines, at a store the caller covers.

use crate::error::AppError;
use domain::sale::refund::RefundLine;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Refunds `lines` of a sale (line numbers from 1, a quantity each); the
/// payments go back the way they came and the points come off in proportion.
/// Gives the sale's receipt with its refunds. The same request id again
/// refunds nothing more.
#[server(endpoint = "refund_sale", input = Json)]
pub async fn refund_sale(
    request_id: String,
    sale_id: i64,
    lines: Vec<RefundLine>,
    reason: String,
) -> Result<super::PrintableReceipt, AppError> {
    use crate::guard::{require, state};
    let caller = require(domain::access::Permission::RefundAndReverse).await?;
    let request_id = domain::slip::parse_request_id(&request_id)?;
    let reason = super::cards::reason_of(&reason)?;
    let db = &state()?.db;
    let op = db::ledger::Op {
        caller: &caller,
        request_id: &request_id,
        reason: &reason,
    };
    db::sale_refunds::refund(db, &op, sale_id, &lines)
        .await
        .map_err(super::till::sale_error)?;
    super::sale_receipt(sale_id).await
}
