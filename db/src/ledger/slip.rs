//! Slips and histories: ledger transactions as people read them.

use super::{LedgerError, day_of};
use crate::{Db, DbError, clock, on_reader};
use domain::slip::{Slip, TxKind};

#[derive(sqlx::FromRow)]
struct SlipRow {
    id: i64,
    kind: String,
    card_id: i64,
    card_no: String,
    member_name: Option<String>,
    store_id: i64,
    store_name: String,
    staff_name: String,
    at_ms: i64,
    reason: String,
    detail: String,
    amount_fen: i64,
    money_in_fen: i64,
    fee_fen: i64,
    payment_method: String,
    pm_zh_cn: Option<String>,
    pm_zh_tw: Option<String>,
    pm_en: Option<String>,
    principal_after_fen: i64,
    bonus_after_fen: i64,
    visits_after: i64,
    valid_until_after_day: Option<i64>,
    reverses_id: Option<i64>,
    other_card_no: Option<String>,
    principal_delta: i64,
    bonus_delta: i64,
    visits_delta: i64,
    points_delta: Option<i64>,
    points_after: Option<i64>,
    promotion: Option<String>,
    gift: Option<String>,
    time_zone: String,
}

/// The card whose changes a slip shows: the new card for a replacement (that is
/// where the value went), the transaction's card otherwise.
const SLIP_CARD: &str = "CASE WHEN t.kind = 'replace' THEN t.other_card_id ELSE t.card_id END";

/// The slip query, with the changes of the card `card` (an SQL expression).
fn slip_select(card: &str) -> String {
    format!(
        "SELECT t.id, t.kind, t.card_id, c.card_no, m.name AS member_name,
        t.store_id, s.name AS store_name, st.name AS staff_name, t.at_ms, t.reason, t.detail, t.amount_fen,
        t.money_in_fen, t.fee_fen, t.payment_method, pm.name_zh_cn AS pm_zh_cn, pm.name_zh_tw AS pm_zh_tw,
        pm.name_en AS pm_en, t.principal_after_fen, t.bonus_after_fen,
        t.visits_after, t.valid_until_after_day, t.reverses_id, o.card_no AS other_card_no,
        CAST(COALESCE((SELECT SUM(e.delta) FROM ledger_entries e WHERE e.transaction_id = t.id AND e.card_id = {card} AND e.bucket = 'principal'), 0) AS BIGINT) AS principal_delta,
        CAST(COALESCE((SELECT SUM(e.delta) FROM ledger_entries e WHERE e.transaction_id = t.id AND e.card_id = {card} AND e.bucket = 'bonus'), 0) AS BIGINT) AS bonus_delta,
        CAST(COALESCE((SELECT SUM(e.delta) FROM ledger_entries e WHERE e.transaction_id = t.id AND e.card_id = {card} AND e.bucket = 'visits'), 0) AS BIGINT) AS visits_delta,
        pt.points AS points_delta, pt.points_after AS points_after,
        (SELECT p.name FROM promotions p WHERE p.id = COALESCE(ro.bonus_promotion_id, ro.gift_promotion_id)) AS promotion,
        (SELECT g.name FROM gifts g WHERE g.id = COALESCE(ro.gift_id, rb.gift_id)) AS gift,
        (SELECT time_zone FROM company WHERE id = 1) AS time_zone
     FROM ledger_transactions t
     JOIN cards c ON c.id = t.card_id
     LEFT JOIN members m ON m.id = c.member_id
     JOIN stores s ON s.id = t.store_id
     JOIN staff st ON st.id = t.staff_id
     LEFT JOIN cards o ON o.id = t.other_card_id
     LEFT JOIN payment_methods pm ON pm.code = t.payment_method
     LEFT JOIN points_transactions pt ON pt.card_tx_id = t.id
     LEFT JOIN recharge_offers ro ON ro.card_tx_id = t.id
     LEFT JOIN recharge_offers rb ON rb.gift_back_tx_id = t.id"
    )
}

fn to_slip(r: SlipRow) -> Slip {
    Slip {
        transaction_id: r.id,
        kind: TxKind::from_code(&r.kind).unwrap_or(TxKind::Spend),
        card_id: r.card_id,
        card_no: r.card_no,
        member_name: r.member_name,
        store_id: r.store_id,
        store_name: r.store_name,
        staff_name: r.staff_name,
        at_ms: r.at_ms,
        at_local: clock::local_minute(r.at_ms, &r.time_zone),
        reason: r.reason,
        detail: r.detail,
        amount_fen: r.amount_fen,
        principal_delta_fen: r.principal_delta,
        bonus_delta_fen: r.bonus_delta,
        visits_delta: r.visits_delta,
        money_in_fen: r.money_in_fen,
        fee_fen: r.fee_fen,
        payment_method: r.payment_method,
        payment_names: domain::pay_method::MethodNames {
            zh_cn: r.pm_zh_cn.unwrap_or_default(),
            zh_tw: r.pm_zh_tw.unwrap_or_default(),
            en: r.pm_en.unwrap_or_default(),
        },
        principal_after_fen: r.principal_after_fen,
        bonus_after_fen: r.bonus_after_fen,
        visits_after: r.visits_after,
        valid_until_after: day_of(r.valid_until_after_day),
        reverses_id: r.reverses_id,
        other_card_no: r.other_card_no,
        points_delta: r.points_delta.unwrap_or(0),
        points_after: r.points_after,
        promotion: r.promotion,
        gift: r.gift,
    }
}

/// One transaction's slip.
pub async fn slip(db: &Db, transaction_id: i64) -> Result<Slip, LedgerError> {
    let sql = format!("{} WHERE t.id = $1", slip_select(SLIP_CARD));
    let row: Option<SlipRow> = on_reader!(db, pool => sqlx::query_as(&sql).bind(transaction_id).fetch_optional(pool).await)?;
    row.map(to_slip).ok_or(LedgerError::NotFound)
}

/// The latest transactions on any of a member's cards, newest first (at most 200).
pub async fn member_history(db: &Db, member_id: i64, limit: u32) -> Result<Vec<Slip>, DbError> {
    member_history_page(db, member_id, None, limit).await
}

/// A page of the transactions on a member's cards, newest first: at most
/// `limit` (≤ 200) before `before_id` (the member's own page).
pub async fn member_history_page(
    db: &Db,
    member_id: i64,
    before_id: Option<i64>,
    limit: u32,
) -> Result<Vec<Slip>, DbError> {
    let sql = format!(
        "{} WHERE t.card_id IN (SELECT id FROM cards WHERE member_id = $1) AND t.id < $2 ORDER BY t.id DESC LIMIT $3",
        slip_select(SLIP_CARD)
    );
    let rows: Vec<SlipRow> = on_reader!(db, pool => {
        sqlx::query_as(&sql)
            .bind(member_id)
            .bind(before_id.unwrap_or(i64::MAX))
            .bind(limit.clamp(1, 200) as i64)
            .fetch_all(pool)
            .await
    })?;
    Ok(rows.into_iter().map(to_slip).collect())
}

/// A card's history, newest first: at most `limit` (≤ 200) slips before `before_id`.
pub async fn history(
    db: &Db,
    card_id: i64,
    before_id: Option<i64>,
    limit: u32,
) -> Result<Vec<Slip>, DbError> {
    // The changes shown are those of the card viewed (a replacement moves value
    // off the old card and onto the new one in one transaction).
    let select = slip_select("$1");
    let sql = format!(
        "{select} WHERE (t.card_id = $1 OR t.other_card_id = $1) AND t.id < $2 ORDER BY t.id DESC LIMIT $3"
    );
    let rows: Vec<SlipRow> = on_reader!(db, pool => {
        sqlx::query_as(&sql)
            .bind(card_id)
            .bind(before_id.unwrap_or(i64::MAX))
            .bind(limit.clamp(1, 200) as i64)
            .fetch_all(pool)
            .await
    })?;
    Ok(rows.into_iter().map(to_slip).collect())
}
