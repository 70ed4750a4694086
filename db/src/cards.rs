//! Reading cards: find one by what the cashier has (number or reader UID), show
//! it, list a member's cards.

use crate::ledger::{CARD_COLUMNS, CardRow, day_of};
use crate::{Db, DbError, clock, now_ms, on_reader};
use domain::ledger::Refusal;
use domain::slip::CardView;

#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for FindError {
    fn from(e: sqlx::Error) -> Self {
        FindError::Db(e.into())
    }
}

/// The card a number or reader UID names. A number given up by an exchange is
/// refused as retired; a replaced card is found (its page says so).
pub async fn find(db: &Db, number_or_uid: &str) -> Result<i64, FindError> {
    let key = number_or_uid.trim().to_ascii_uppercase();
    let found: Vec<i64> = on_reader!(db, pool => {
        sqlx::query_scalar("SELECT id FROM cards WHERE card_no = $1 UNION SELECT id FROM cards WHERE uid = $1 LIMIT 2")
            .bind(&key)
            .fetch_all(pool)
            .await
    })?;
    match found[..] {
        [id] => return Ok(id),
        // Only data from before numbers and UIDs shared one key space can do this:
        // refuse rather than guess which card was meant.
        [_, _, ..] => return Err(FindError::Refused(Refusal::AmbiguousCard)),
        [] => {}
    }
    let retired: Option<i64> = on_reader!(db, pool => {
        sqlx::query_scalar("SELECT card_id FROM retired_card_numbers WHERE card_no = $1")
            .bind(&key)
            .fetch_optional(pool)
            .await
    })?;
    Err(FindError::Refused(if retired.is_some() {
        Refusal::CardNumberRetired
    } else {
        Refusal::CardNotFound
    }))
}

/// A card as its page shows it.
pub async fn view(db: &Db, card_id: i64) -> Result<Option<CardView>, DbError> {
    let sql = format!("SELECT {CARD_COLUMNS} FROM cards WHERE id = $1");
    let Some(card): Option<CardRow> =
        on_reader!(db, pool => sqlx::query_as(&sql).bind(card_id).fetch_optional(pool).await)?
    else {
        return Ok(None);
    };
    let names: (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        Option<i64>,
    ) = on_reader!(db, pool => {
        sqlx::query_as(
            "SELECT p.name, m.name, m.member_no, r.card_no, (SELECT time_zone FROM company WHERE id = 1), r.id
             FROM cards c JOIN plans p ON p.id = c.plan_id
             LEFT JOIN members m ON m.id = c.member_id
             LEFT JOIN cards r ON r.id = c.replaced_by_id
             WHERE c.id = $1",
        )
        .bind(card_id)
        .fetch_one(pool)
        .await
    })?;
    let stores: Vec<String> = on_reader!(db, pool => {
        sqlx::query_scalar("SELECT s.name FROM plan_stores ps JOIN stores s ON s.id = ps.store_id WHERE ps.plan_id = $1 ORDER BY s.id")
            .bind(card.plan_id)
            .fetch_all(pool)
            .await
    })?;
    let covers: Vec<String> = on_reader!(db, pool => {
        sqlx::query_scalar(
            "SELECT name FROM (SELECT i.name, 0 AS k FROM plan_items pi JOIN items i ON i.id = pi.item_id WHERE pi.plan_id = $1
                               UNION ALL
                               SELECT c.name, 1 AS k FROM plan_categories pc JOIN categories c ON c.id = pc.category_id WHERE pc.plan_id = $1) x
             ORDER BY k, name",
        )
        .bind(card.plan_id)
        .fetch_all(pool)
        .await
    })?;
    let now = now_ms();
    let today = clock::business_day(now, &names.4);
    let state = card.state(vec![]);
    Ok(Some(CardView {
        id: card.id,
        card_no: card.card_no.clone(),
        uid: card.uid.clone(),
        kind: card.kind(),
        status: card.status(),
        plan_id: card.plan_id,
        plan_name: names.0,
        member_id: card.member_id,
        member_name: names.1,
        member_no: names.2,
        principal_fen: card.principal_fen,
        bonus_fen: card.bonus_fen,
        visits_left: card.visits_left,
        points: card.points,
        valid_until: day_of(card.valid_until_day),
        paused_since: day_of(card.paused_since_day),
        daily_limit_fen: card.daily_limit_fen,
        spent_today_fen: state.spent_today_fen(today),
        pin_set: card.pin_hash.is_some(),
        pin_locked: card.pin_locked_until_ms.is_some_and(|until| until > now),
        deposit_fen: card.deposit_fen,
        replaced_by_no: names.3,
        replaced_by_id: names.5,
        accepted_store_names: stores,
        covers,
    }))
}

/// A member's cards, newest first (at most 100).
pub async fn of_member(db: &Db, member_id: i64) -> Result<Vec<CardView>, DbError> {
    let ids: Vec<i64> = on_reader!(db, pool => {
        sqlx::query_scalar("SELECT id FROM cards WHERE member_id = $1 ORDER BY id DESC LIMIT 100")
            .bind(member_id)
            .fetch_all(pool)
            .await
    })?;
    let mut cards = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(card) = view(db, id).await? {
            cards.push(card);
        }
    }
    Ok(cards)
}
