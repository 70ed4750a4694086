//! A request sent again: the same request id from the same person for the same
//! operation answers with the first result; anyone else, or another operation,
//! is refused (`RequestReused`) and learns nothing of the first.

use super::{LedgerError, Op, slip};
use crate::{Db, DbError, is_unique_violation, on_pool};
use domain::ledger::Refusal;
use domain::slip::{Slip, TxKind};

/// A transaction an earlier request with the same id made.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct Earlier {
    pub id: i64,
    pub kind: String,
    pub card_id: i64,
    pub staff_id: i64,
}

impl Earlier {
    /// The earlier transaction, if this request repeats it: the same operation on
    /// the same card by the same person. A request id is one person's attempt;
    /// anyone else sending it is refused without learning anything of the first.
    pub fn repeated_by(
        &self,
        op: &Op<'_>,
        kind: TxKind,
        card_id: Option<i64>,
    ) -> Result<i64, Refusal> {
        let same = self.kind == kind.code()
            && card_id.is_none_or(|card| card == self.card_id)
            && self.staff_id == op.caller.staff_id;
        if same {
            Ok(self.id)
        } else {
            Err(Refusal::RequestReused)
        }
    }
}

/// The transaction an earlier attempt with this request id made, if it was the
/// same operation on the same card by the same person; `RequestReused` otherwise.
async fn earlier(
    db: &Db,
    op: &Op<'_>,
    kind: TxKind,
    card_id: Option<i64>,
) -> Result<Option<i64>, LedgerError> {
    let found: Option<Earlier> = on_pool!(db, pool => {
        sqlx::query_as("SELECT id, kind, card_id, staff_id FROM ledger_transactions WHERE request_id = $1")
            .bind(op.request_id)
            .fetch_optional(pool)
            .await
    })?;
    match found {
        None => Ok(None),
        Some(earlier) => Ok(Some(earlier.repeated_by(op, kind, card_id)?)),
    }
}

/// The slip of an earlier attempt, if there was one.
pub(crate) async fn replay(
    db: &Db,
    op: &Op<'_>,
    kind: TxKind,
    card_id: Option<i64>,
) -> Result<Option<Slip>, LedgerError> {
    match earlier(db, op, kind, card_id).await? {
        Some(id) => Ok(Some(slip(db, id).await?)),
        None => Ok(None),
    }
}

/// Finishes an operation: its slip, or, when a concurrent duplicate won the race
/// to the request id, the duplicate's slip.
pub(crate) async fn finish(
    db: &Db,
    op: &Op<'_>,
    kind: TxKind,
    card_id: Option<i64>,
    done: Result<i64, LedgerError>,
) -> Result<Slip, LedgerError> {
    match done {
        Ok(id) => slip(db, id).await,
        Err(LedgerError::Db(DbError::Sqlx(e))) if is_unique_violation(&e, "request_id") => {
            match earlier(db, op, kind, card_id).await? {
                Some(id) => slip(db, id).await,
                None => Err(LedgerError::Db(DbError::Sqlx(e))),
            }
        }
        Err(e) => Err(e),
    }
}
