//! Count and time cards paying sale lines (V5): the member's cards as the rules
//! in `domain::cover` weigh them, and the visit uses and check-ins a sale writes
//! in its own database transaction.

use crate::ledger::{self, Bucket, CARD_COLUMNS, CardRow, LedgerError, NewTx, Op};
use crate::tx::Tx;
use crate::{DbError, on_tx};
use domain::card::CardKind;
use domain::cover::{CoverCard, LineCover};
use domain::slip::TxKind;
use std::collections::BTreeMap;

/// The most count and time cards of one member the till weighs.
const CARDS_MAX: i64 = 50;

/// The member's count and time cards (active or frozen, oldest first), with what
/// their plans cover. Read inside the sale's transaction, after its locks.
pub(crate) async fn cards_of(tx: &mut Tx, member_id: i64) -> Result<Vec<CoverCard>, DbError> {
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM cards WHERE member_id = $1 AND kind IN ('count', 'time')
           AND status IN ('active', 'frozen') ORDER BY id LIMIT {CARDS_MAX}"
    );
    let rows: Vec<CardRow> =
        on_tx!(tx, t => sqlx::query_as(&sql).bind(member_id).fetch_all(&mut **t).await)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    // (plan, what, id): 's' a store that accepts it, 'i' an item, 'c' a category;
    // 'u' the visits one unit takes.
    let links: Vec<(i64, String, i64)> = on_tx!(tx, t => {
        sqlx::query_as(
            "WITH p AS (SELECT DISTINCT plan_id FROM cards WHERE member_id = $1 AND kind IN ('count', 'time'))
             SELECT plan_id, 's', store_id FROM plan_stores WHERE plan_id IN (SELECT plan_id FROM p)
             UNION ALL SELECT plan_id, 'i', item_id FROM plan_items WHERE plan_id IN (SELECT plan_id FROM p)
             UNION ALL SELECT plan_id, 'c', category_id FROM plan_categories WHERE plan_id IN (SELECT plan_id FROM p)
             UNION ALL SELECT id, 'u', visits_per_unit FROM plans WHERE id IN (SELECT plan_id FROM p)",
        )
        .bind(member_id)
        .fetch_all(&mut **t)
        .await
    })?;
    let of = |plan: i64, what: &str| -> Vec<i64> {
        links
            .iter()
            .filter(|(p, w, _)| *p == plan && w == what)
            .map(|l| l.2)
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|card| CoverCard {
            card_id: card.id,
            card_no: card.card_no.clone(),
            visits_per_unit: of(card.plan_id, "u").first().copied().unwrap_or(1),
            item_ids: of(card.plan_id, "i"),
            category_ids: of(card.plan_id, "c"),
            state: card.state(of(card.plan_id, "s")),
        })
        .collect())
}

/// Writes what the covered lines take: one visit use per count card (the sum of
/// its lines) and one check-in per time card, each a ledger transaction under
/// the sale's request id and the card's own suffix. Returns each line's
/// transaction id.
pub(crate) async fn pay(
    tx: &mut Tx,
    op: &Op<'_>,
    ctx: &ledger::Context,
    locked: &BTreeMap<i64, CardRow>,
    covers: &[Option<LineCover>],
) -> Result<Vec<Option<i64>>, LedgerError> {
    let mut by_card: BTreeMap<i64, (CardKind, i64)> = BTreeMap::new();
    for cover in covers.iter().flatten() {
        let entry = by_card.entry(cover.card_id).or_insert((cover.kind, 0));
        entry.1 += cover.visits;
    }
    let mut tx_of: BTreeMap<i64, i64> = BTreeMap::new();
    for (card_id, (kind, visits)) in by_card {
        let card = locked.get(&card_id).ok_or(LedgerError::NotFound)?;
        // The sale's request id is checked unique first; ':' never appears in a
        // client's id, so these cannot meet another operation's.
        let request_id = match kind {
            CardKind::Time => format!("{}:in{}", op.request_id, card_id),
            _ => format!("{}:visits{}", op.request_id, card_id),
        };
        let card_op = Op {
            request_id: &request_id,
            ..*op
        };
        let new = if kind == CardKind::Time {
            ledger::checks_in(tx, &card_op, ctx, card).await?;
            NewTx::new(TxKind::CheckIn, card_id)
        } else {
            ledger::take_visits(tx, &card_op, ctx, card, visits).await?;
            let mut new = NewTx::new(TxKind::VisitUse, card_id);
            new.visits = visits;
            new.entries = vec![(card_id, Bucket::Visits, -visits)];
            new
        };
        let id = ledger::record(tx, &card_op, ctx, new).await?;
        tx_of.insert(card_id, id);
    }
    Ok(covers
        .iter()
        .map(|c| c.as_ref().and_then(|c| tx_of.get(&c.card_id).copied()))
        .collect())
}
