//! Issuing cards (C2): one to a member (or anonymous), or a numbered batch.

use super::{Bucket, LedgerError, NewTx, Op, context, finish, record, replay};
use crate::tx::Tx;
use crate::{Db, is_unique_violation, on_pool, on_tx, secrets, tx_rows_affected};
use domain::card::{BATCH_MAX_CARDS, CardKind, Pin, TimeSpan, parse_card_number};
use domain::ledger::Refusal;
use domain::money::Money;
use domain::slip::{PaymentMethod, Slip, TxKind};
use domain::{Field, FieldError, Problem};

pub(crate) fn card_insert_error(e: sqlx::Error) -> LedgerError {
    if is_unique_violation(&e, "card_keys") {
        Refusal::CardKeyTaken.into()
    } else if is_unique_violation(&e, "uid") {
        Refusal::CardUidTaken.into()
    } else if is_unique_violation(&e, "card_no") {
        Refusal::CardNumberTaken.into()
    } else {
        LedgerError::Db(e.into())
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct PlanRow {
    pub kind: String,
    pub price_fen: i64,
    pub bonus_fen: i64,
    pub visits: i64,
    pub validity: Option<String>,
    pub active: bool,
    pub card_prefix: String,
}

const PLAN_ROW_SQL: &str =
    "SELECT kind, price_fen, bonus_fen, visits, validity, active, card_prefix
     FROM plans WHERE id = $1";

pub(super) async fn plan_row(db: &Db, plan_id: i64) -> Result<PlanRow, LedgerError> {
    let row: Option<PlanRow> = on_pool!(db, pool => {
        sqlx::query_as(PLAN_ROW_SQL).bind(plan_id).fetch_optional(pool).await
    })?;
    active_plan(row)
}

/// The plan, read inside an operation's transaction (never a second connection
/// while one is held: SQLite runs on one).
pub(super) async fn plan_row_in(tx: &mut Tx, plan_id: i64) -> Result<PlanRow, LedgerError> {
    let row: Option<PlanRow> = on_tx!(tx, t => {
        sqlx::query_as(PLAN_ROW_SQL).bind(plan_id).fetch_optional(&mut **t).await
    })?;
    active_plan(row)
}

fn active_plan(row: Option<PlanRow>) -> Result<PlanRow, LedgerError> {
    row.filter(|p| p.active)
        .ok_or(LedgerError::Invalid(FieldError::new(
            Field::Plan,
            Problem::NotAnOption,
        )))
}

/// A card to issue.
#[derive(Clone, Debug)]
pub struct NewCard<'a> {
    pub plan_id: i64,
    /// `None`: an anonymous stored-value card.
    pub member_id: Option<i64>,
    pub card_no: &'a str,
    pub uid: Option<&'a str>,
    pub pin: Option<&'a Pin>,
    pub payment: PaymentMethod,
    /// A manager's fee instead of the settings' issue fee.
    pub fee: Option<Money>,
}

/// Issues one card: the plan's value on it, the price, fee and deposit paid.
pub async fn issue(db: &Db, op: &Op<'_>, card: &NewCard<'_>) -> Result<Slip, LedgerError> {
    if let Some(done) = replay(db, op, TxKind::Issue, None).await? {
        return Ok(done);
    }
    let plan = plan_row(db, card.plan_id).await?;
    let kind = CardKind::from_code(&plan.kind).unwrap_or(CardKind::StoredValue);
    if card.member_id.is_none() && kind != CardKind::StoredValue {
        return Err(LedgerError::Invalid(FieldError::new(
            Field::MemberName,
            Problem::Required,
        )));
    }
    let pin_hash = match card.pin {
        Some(pin) => Some(secrets::hash_pin(pin.digits().to_owned()).await?),
        None => None,
    };
    let done = async {
        let mut tx = db.begin().await?;
        let id = insert_card(&mut tx, op, card, &plan, kind, pin_hash.as_deref(), 0).await?;
        tx.commit().await?;
        Ok(id)
    }
    .await;
    if let Err(LedgerError::Refused(Refusal::CardNumberTaken)) = &done
        && let Some(done) = replay(db, op, TxKind::Issue, None).await?
    {
        return Ok(done);
    }
    finish(db, op, TxKind::Issue, None, done).await
}

/// Inserts the card and its issue transaction; `n > 0` numbers a batch member.
async fn insert_card(
    tx: &mut Tx,
    op: &Op<'_>,
    card: &NewCard<'_>,
    plan: &PlanRow,
    kind: CardKind,
    pin_hash: Option<&str>,
    n: u32,
) -> Result<i64, LedgerError> {
    let now = crate::now_ms();
    let ctx = context(tx, op).await?;
    let s = &ctx.settings;
    let last_day = plan
        .validity
        .as_deref()
        .and_then(TimeSpan::from_code)
        .map(|span| span.last_day(ctx.today));
    let (principal, bonus) = if kind == CardKind::StoredValue {
        (plan.price_fen, plan.bonus_fen)
    } else {
        (0, 0)
    };
    let days = last_day
        .map(|d| ctx.today.days_until(d) as i64 + 1)
        .unwrap_or(0);
    // One INSERT with the card's value: the audit log holds one row for it.
    let card_id: Option<i64> = on_tx!(&mut *tx, t => {
        sqlx::query_scalar(
            "INSERT INTO cards (card_no, uid, member_id, plan_id, kind, status, pin_hash, price_paid_fen,
                                visits_bought, issued_store_id, issued_at_ms, principal_fen, bonus_fen,
                                visits_left, valid_until_day, daily_limit_fen, deposit_fen, days_bought)
             SELECT $1, $2, $3, $4, $5, 'active', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17
             WHERE NOT EXISTS (SELECT 1 FROM retired_card_numbers WHERE card_no = $1)
             RETURNING id",
        )
        .bind(card.card_no)
        .bind(card.uid)
        .bind(card.member_id)
        .bind(card.plan_id)
        .bind(kind.code())
        .bind(pin_hash)
        .bind(plan.price_fen)
        .bind(plan.visits)
        .bind(op.caller.store_id)
        .bind(now)
        .bind(principal)
        .bind(bonus)
        .bind(plan.visits)
        .bind(last_day.map(|d| d.0 as i64))
        .bind(s.default_daily_limit_fen)
        .bind(s.deposit_fen)
        .bind(days)
        .fetch_optional(&mut **t)
        .await
    })
    .map_err(card_insert_error)?;
    let card_id = card_id.ok_or(Refusal::CardNumberTaken)?;
    // A number of the plan's own form moves its counter past it.
    if let Some(counter) = domain::plan::counter_of(&plan.card_prefix, card.card_no) {
        tx_rows_affected!(&mut *tx, t => {
            sqlx::query("UPDATE plans SET next_card_no = $1 + 1 WHERE id = $2 AND next_card_no <= $1 AND $1 < 999999999")
                .bind(counter)
                .bind(card.plan_id)
                .execute(&mut **t)
                .await
        })?;
    }
    let fee = card.fee.map(Money::fen).unwrap_or(s.issue_fee_fen);
    let request_id = if n == 0 {
        op.request_id.to_owned()
    } else {
        format!("{}-{n}", op.request_id)
    };
    let this = Op {
        request_id: &request_id,
        ..*op
    };
    let mut new = NewTx::new(TxKind::Issue, card_id);
    new.amount_fen = plan.price_fen;
    new.money_in_fen = plan.price_fen + fee + s.deposit_fen;
    new.fee_fen = fee;
    new.payment_method = card.payment.code();
    new.entries = vec![
        (card_id, Bucket::Principal, principal),
        (card_id, Bucket::Bonus, bonus),
        (card_id, Bucket::Visits, plan.visits),
        (
            card_id,
            Bucket::ValidUntil,
            last_day.map(|d| d.0 as i64).unwrap_or(0),
        ),
    ];
    record(tx, &this, &ctx, new).await
}

/// Issues `count` anonymous cards of a plan numbered from `first_no` up
/// ("GC0001" → GC0001..GC0050), all or none, one issue transaction each.
/// Gives the numbers issued.
pub async fn issue_batch(
    db: &Db,
    op: &Op<'_>,
    plan_id: i64,
    first_no: &str,
    count: u32,
    payment: PaymentMethod,
) -> Result<Vec<String>, LedgerError> {
    let numbers = number_range(first_no, count)?;
    let first_request = format!("{}-1", op.request_id);
    let earlier: Vec<(String, i64, String)> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT c.card_no, t.staff_id, t.kind FROM ledger_transactions t JOIN cards c ON c.id = t.card_id
             WHERE t.request_id = $1 OR t.request_id LIKE $2 ORDER BY t.id",
        )
        .bind(&first_request)
        .bind(format!("{}-%", op.request_id))
        .fetch_all(pool)
        .await
    })?;
    if !earlier.is_empty() {
        // The same batch sent again by the same person: its numbers. Anyone else
        // (or another operation) with that id learns nothing.
        let mine = earlier
            .iter()
            .all(|(_, staff, kind)| *staff == op.caller.staff_id && kind == TxKind::Issue.code());
        if !mine {
            return Err(Refusal::RequestReused.into());
        }
        return Ok(earlier.into_iter().map(|(no, _, _)| no).collect());
    }
    let plan = plan_row(db, plan_id).await?;
    let kind = CardKind::from_code(&plan.kind).unwrap_or(CardKind::StoredValue);
    if kind != CardKind::StoredValue {
        return Err(LedgerError::Invalid(FieldError::new(
            Field::Plan,
            Problem::NotAnOption,
        )));
    }
    let mut tx = db.begin().await?;
    for (i, number) in numbers.iter().enumerate() {
        let card = NewCard {
            plan_id,
            member_id: None,
            card_no: number,
            uid: None,
            pin: None,
            payment,
            fee: None,
        };
        insert_card(&mut tx, op, &card, &plan, kind, None, i as u32 + 1).await?;
    }
    tx.commit().await?;
    Ok(numbers)
}

/// `count` card numbers from `first`, keeping the width of its trailing digits.
pub fn number_range(first: &str, count: u32) -> Result<Vec<String>, LedgerError> {
    let invalid = |field, problem| LedgerError::Invalid(FieldError::new(field, problem));
    if !(1..=BATCH_MAX_CARDS).contains(&count) {
        return Err(invalid(
            Field::BatchCount,
            Problem::OutOfRange {
                min: 1,
                max: BATCH_MAX_CARDS,
            },
        ));
    }
    let first = parse_card_number(first, Field::CardNumber).map_err(LedgerError::Invalid)?;
    let digits = first.chars().rev().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return Err(invalid(Field::CardNumber, Problem::NotANumber));
    }
    let (prefix, start) = first.split_at(first.len() - digits);
    let start: u64 = start
        .parse()
        .map_err(|_| invalid(Field::CardNumber, Problem::NotANumber))?;
    let mut numbers = Vec::with_capacity(count as usize);
    for i in 0..count as u64 {
        let number = format!("{prefix}{:0digits$}", start + i);
        if number.len() != first.len() {
            return Err(invalid(
                Field::BatchCount,
                Problem::TooMany { max: i as u32 },
            ));
        }
        numbers.push(number);
    }
    Ok(numbers)
}
