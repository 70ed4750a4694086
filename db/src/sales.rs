//! Sales at the till (V2, V3): priced again here from the catalogue, the member's
//! level and the discount rules (the till's prices are never trusted), settled by
//! one to four payments, and written — sale, lines, payments and the member-card
//! charge — in one database transaction under one request id.

use crate::ledger::{self, Bucket, Charged, LedgerError, NewTx, Op};
use crate::tx::Tx;
use crate::{Db, DbError, is_unique_violation, on_pool, on_tx};
use domain::card::Pin;
use domain::cover::{self, CoverChoice, Quote};
use domain::ledger::Refusal;
use domain::promotion::{self, Offers};
use domain::sale::{self, ItemPrice, PayBy, Payment, Priced, Receipt};
use domain::slip::TxKind;
use std::collections::BTreeMap;

mod write;

pub use crate::receipts::{receipt, recent, store_of};

#[derive(Debug, thiserror::Error)]
pub enum SaleError {
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("invalid: {0}")]
    Invalid(domain::FieldError),
    #[error("no open shift")]
    NoOpenShift,
    #[error("member or card not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<LedgerError> for SaleError {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::Refused(r) => SaleError::Refused(r),
            LedgerError::Invalid(f) => SaleError::Invalid(f),
            LedgerError::NotFound => SaleError::NotFound,
            LedgerError::Db(e) => SaleError::Db(e),
        }
    }
}

impl From<Refusal> for SaleError {
    fn from(r: Refusal) -> Self {
        SaleError::Refused(r)
    }
}

impl From<domain::FieldError> for SaleError {
    fn from(e: domain::FieldError) -> Self {
        SaleError::Invalid(e)
    }
}

impl From<sqlx::Error> for SaleError {
    fn from(e: sqlx::Error) -> Self {
        SaleError::Db(e.into())
    }
}

/// What the till sends: who buys, what, and how it is paid.
#[derive(Clone, Debug, Default)]
pub struct SaleRequest {
    /// None: a walk-in (full price, no member card).
    pub member_id: Option<i64>,
    /// The card a `MemberCard` payment charges; it must be the member's.
    pub card_id: Option<i64>,
    /// (item, quantity)
    pub lines: Vec<(i64, i64)>,
    pub payments: Vec<Payment>,
    pub cash_given_fen: Option<i64>,
    pub pin: Option<Pin>,
    /// For each line, the count or time card that pays it (none: money).
    pub covers: Vec<Option<i64>>,
}

/// The member's level id and birthday.
async fn member_level(
    tx: &mut Tx,
    member_id: i64,
) -> Result<(Option<i64>, Option<domain::day::Day>), SaleError> {
    let row: Option<(Option<i64>, Option<i64>)> = on_tx!(tx, t => {
        sqlx::query_as("SELECT level_id, birthday_day FROM members WHERE id = $1 AND active").bind(member_id).fetch_optional(&mut **t).await
    })?;
    row.map(|r| (r.0, r.1.map(|d| domain::day::Day(d as i32))))
        .ok_or(SaleError::NotFound)
}

/// Prices a sale for the till's display: the same functions the sale itself
/// uses, with `choices` saying how each line is to be paid.
pub async fn quote(
    db: &Db,
    store_id: i64,
    member_id: Option<i64>,
    lines: &[(i64, i64)],
    choices: &[CoverChoice],
) -> Result<Quote, SaleError> {
    let mut tx = db.begin().await?;
    let (time_zone, per_day): (String, i64) = on_tx!(&mut tx, t => {
        sqlx::query_as("SELECT c.time_zone, s.check_ins_per_day FROM company c, settings s WHERE c.id = 1 AND s.id = 1")
            .fetch_one(&mut **t)
            .await
    })?;
    let today = crate::clock::business_day(crate::now_ms(), &time_zone);
    let (mut priced, items, _) = price_in(&mut tx, store_id, today, member_id, lines).await?;
    let cards = match member_id {
        Some(m) => crate::covers::cards_of(&mut tx, m).await?,
        None => Vec::new(),
    };
    drop(tx); // read only: rolled back
    let covers = cover::resolve(&items, choices, &cards, store_id, today, per_day as u32)?;
    cover::apply(&mut priced, covers);
    Ok(Quote {
        options: cover::options(&items, &cards),
        priced,
    })
}

/// The priced basket, and its lines as the catalogue has them.
async fn price_in(
    tx: &mut Tx,
    store_id: i64,
    today: domain::day::Day,
    member_id: Option<i64>,
    lines: &[(i64, i64)],
) -> Result<(Priced, Vec<(ItemPrice, i64)>, Offers), SaleError> {
    if lines.len() > sale::LINES_MAX {
        let max = sale::LINES_MAX as u32;
        return Err(domain::FieldError::new(
            domain::Field::SaleLines,
            domain::Problem::TooMany { max },
        )
        .into());
    }
    let (level_id, birthday) = match member_id {
        Some(m) => member_level(tx, m).await?,
        None => (None, None),
    };
    let level = match level_id {
        Some(id) => crate::levels::level_in(tx, id).await?,
        None => None,
    };
    let rules = match &level {
        Some(l) => crate::levels::rules_in(tx, l.id).await?,
        None => Vec::new(),
    };
    let ids: Vec<i64> = lines.iter().map(|l| l.0).collect();
    let items = crate::catalogue::prices_in(tx, store_id, &ids).await?;
    let mut priced_lines = Vec::with_capacity(lines.len());
    for (item_id, quantity) in lines {
        let item = items
            .iter()
            .find(|i| i.item_id == *item_id)
            .ok_or(Refusal::ItemNotSold)?;
        priced_lines.push((item.clone(), *quantity));
    }
    let offers = crate::promotions::running_in(tx, store_id, today, birthday).await?;
    let priced = sale::price_with(&priced_lines, level.as_ref(), &rules, &offers)?;
    Ok((priced, priced_lines, offers))
}

/// Sells: prices the lines, checks the payments add up, charges the member card
/// (status, expiry, store, daily limit, balance, PIN), and writes it all in one
/// database transaction. The same request id again answers with the first
/// receipt and charges nothing.
pub async fn sell(db: &Db, op: &Op<'_>, req: &SaleRequest) -> Result<Receipt, SaleError> {
    sell_at(db, op, req, None).await
}

/// [`sell`] at a registered till (S5), which the sale records.
pub async fn sell_at(
    db: &Db,
    op: &Op<'_>,
    req: &SaleRequest,
    till_id: Option<i64>,
) -> Result<Receipt, SaleError> {
    if req.lines.is_empty() {
        return Err(Refusal::EmptySale.into());
    }
    match sell_once(db, op, req, till_id).await {
        Ok(id) => receipt(db, id).await?.ok_or(SaleError::NotFound),
        // A concurrent duplicate won the race to the request id.
        Err(SaleError::Db(DbError::Sqlx(e))) if is_unique_violation(&e, "request_id") => {
            match earlier_sale(db, op).await? {
                Some(id) => receipt(db, id).await?.ok_or(SaleError::NotFound),
                None => Err(SaleError::Db(DbError::Sqlx(e))),
            }
        }
        Err(e) => Err(e),
    }
}

/// The sale an earlier attempt with this request id made, if the same person
/// made it; anyone else sending that id is refused and learns nothing of it.
async fn earlier_sale(db: &Db, op: &Op<'_>) -> Result<Option<i64>, SaleError> {
    let found: Option<(i64, i64)> = on_pool!(db, pool => {
        sqlx::query_as("SELECT id, staff_id FROM sales WHERE request_id = $1")
            .bind(op.request_id)
            .fetch_optional(pool)
            .await
    })?;
    same_person(op, found)
}

fn same_person(op: &Op<'_>, found: Option<(i64, i64)>) -> Result<Option<i64>, SaleError> {
    match found {
        Some((_, staff_id)) if staff_id != op.caller.staff_id => Err(Refusal::RequestReused.into()),
        found => Ok(found.map(|(id, _)| id)),
    }
}

async fn sell_once(
    db: &Db,
    op: &Op<'_>,
    req: &SaleRequest,
    till_id: Option<i64>,
) -> Result<i64, SaleError> {
    if req.covers.len() > req.lines.len() {
        return Err(Refusal::NotCoveredByCard.into());
    }
    let mut tx = db.begin().await?;
    // The cards are locked first, in the order of their ids (two sales never
    // wait for each other in a circle): a row write takes SQLite's write lock
    // and the Postgres row locks before anything is read.
    let mut to_lock: Vec<i64> = req.covers.iter().flatten().copied().collect();
    to_lock.extend(req.card_id);
    to_lock.sort_unstable();
    to_lock.dedup();
    let mut locked = BTreeMap::new();
    for id in to_lock {
        locked.insert(id, ledger::lock_card(&mut tx, id).await?);
    }
    let card = req.card_id.and_then(|id| locked.get(&id).cloned());
    let ctx = ledger::context(&mut tx, op).await?;
    let earlier: Option<(i64, i64)> = on_tx!(&mut tx, t => {
        sqlx::query_as("SELECT id, staff_id FROM sales WHERE request_id = $1").bind(op.request_id).fetch_optional(&mut **t).await
    })?;
    if let Some(id) = same_person(op, earlier)? {
        return Ok(id);
    }
    if ctx.earlier.is_some() {
        return Err(Refusal::RequestReused.into());
    }
    let shift_id = ctx.shift_id.ok_or(SaleError::NoOpenShift)?;
    if !crate::shifts::hold_open(&mut tx, shift_id).await? {
        return Err(SaleError::NoOpenShift);
    }
    let member_id = match (&card, req.member_id) {
        (Some(c), Some(m)) if c.member_id != Some(m) => return Err(Refusal::CardNotFound.into()),
        (Some(c), _) => c.member_id,
        (None, m) => m,
    };
    let (mut priced, items, offers) = price_in(
        &mut tx,
        op.caller.store_id,
        ctx.today,
        member_id,
        &req.lines,
    )
    .await?;
    let covers = if req.covers.iter().any(Option::is_some) {
        let member_id = member_id.ok_or(Refusal::CardNotFound)?;
        let cards = crate::covers::cards_of(&mut tx, member_id).await?;
        let choices: Vec<CoverChoice> = req
            .covers
            .iter()
            .map(|c| c.map_or(CoverChoice::Money, CoverChoice::Card))
            .collect();
        let per_day = ctx.settings.check_ins_per_day;
        cover::resolve(
            &items,
            &choices,
            &cards,
            op.caller.store_id,
            ctx.today,
            per_day,
        )?
    } else {
        vec![None; items.len()]
    };
    cover::apply(&mut priced, covers.clone());
    let settled = sale::settle(priced.total_fen, &req.payments, req.cash_given_fen)?;
    let card_part = settled.part(PayBy::MemberCard);
    let mut card_tx_id = None;
    if card_part > 0 {
        let card = card.as_ref().ok_or(Refusal::NoCardForPayment)?;
        let split =
            match ledger::charge(&mut tx, op, &ctx, card, card_part, req.pin.as_ref()).await? {
                Charged::Done(split) => split,
                Charged::WrongPin(refusal) => {
                    tx.commit().await?;
                    return Err(refusal.into());
                }
            };
        let mut new = NewTx::new(TxKind::Sale, card.id);
        new.amount_fen = card_part;
        new.entries = vec![
            (card.id, Bucket::Principal, -split.principal_fen),
            (card.id, Bucket::Bonus, -split.bonus_fen),
        ];
        card_tx_id = Some(ledger::record(&mut tx, op, &ctx, new).await?);
    }
    // Visits and check-ins only once the money part is through: a wrong PIN
    // commits its count above, and nothing else may be in the transaction then.
    let line_txs = crate::covers::pay(&mut tx, op, &ctx, &locked, &covers).await?;
    let level_id = match member_id {
        Some(m) => member_level(&mut tx, m).await?.0,
        None => None,
    };
    let sale_id: i64 = on_tx!(&mut tx, t => {
        sqlx::query_scalar(
            "INSERT INTO sales (request_id, store_id, staff_id, shift_id, member_id, level_id, card_id, card_tx_id,
                 at_ms, day, list_fen, discount_fen, total_fen, cash_given_fen, change_fen, till_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
        )
        .bind(op.request_id)
        .bind(op.caller.store_id)
        .bind(op.caller.staff_id)
        .bind(shift_id)
        .bind(member_id)
        .bind(level_id)
        .bind(card_tx_id.and(req.card_id))
        .bind(card_tx_id)
        .bind(ctx.now_ms)
        .bind(ctx.today.0 as i64)
        .bind(priced.list_fen)
        .bind(priced.discount_fen)
        .bind(priced.total_fen)
        .bind(settled.cash_given_fen)
        .bind(settled.change_fen)
        .bind(till_id)
        .fetch_one(&mut **t)
        .await
    })?;
    write::lines(&mut tx, sale_id, &priced.lines, &line_txs).await?;
    write::payments(&mut tx, sale_id, &settled.payments).await?;
    if let Some(member_id) = member_id {
        let multiplier = promotion::best_multiplier(&offers.running);
        let points = (sale_id, &settled.payments[..], multiplier);
        write::earn_points(&mut tx, op, &ctx, member_id, points).await?;
    }
    tx.commit().await?;
    Ok(sale_id)
}
