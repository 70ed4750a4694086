//! Members brought over from the shop's old system (M3). Each member is written
//! as the member form writes one; each opening balance, visit count or validity
//! as an `opening` card transaction with its entries, and opening points as an
//! `opening` points transaction: never a bare column. Idempotent by member
//! number: a member the shop already has is left alone, so a file run twice
//! writes nothing the second time. All rows in one database transaction, or one
//! transaction per row (a refused row is reported and the rest go on).

use crate::ledger::{Bucket, LedgerError, NewTx, Op, context, record};
use crate::members::MemberError;
use crate::tx::Tx;
use crate::{Db, DbError, on_reader, on_tx};
use domain::error::{Field, FieldError, Problem};
use domain::import::{BadRow, Held, ImportRow};
use domain::ledger::Refusal;
use domain::points::PointsKind;
use domain::slip::TxKind;
use std::collections::HashMap;

/// Member numbers, phones and card numbers the shop already has.
pub async fn held(db: &Db) -> Result<Held, DbError> {
    let members: Vec<(String, Option<String>)> = on_reader!(db, pool => {
        sqlx::query_as("SELECT member_no, phone FROM members").fetch_all(pool).await
    })?;
    let cards: Vec<String> = on_reader!(db, pool => {
        sqlx::query_scalar("SELECT card_no FROM cards UNION SELECT card_no FROM retired_card_numbers")
            .fetch_all(pool)
            .await
    })?;
    let mut held = Held::default();
    for (number, phone) in members {
        if let Some(phone) = phone {
            held.phones.insert(phone, number.clone());
        }
        held.members.insert(number);
    }
    held.cards = cards.into_iter().collect();
    Ok(held)
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// All or nothing: this row was refused, and nothing was written.
    #[error("row {}: {:?}", .0.line, .0.problem)]
    Row(BadRow),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// What a run wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub members: usize,
    pub cards: usize,
    /// Rows of members the shop already had (left alone).
    pub already_there: usize,
    /// Row by row: the rows refused (nothing of them written).
    pub bad: Vec<BadRow>,
}

/// Why a row could not be written, in the words of the form it came from.
fn refusal(line: u64, e: RowError) -> Result<BadRow, DbError> {
    let problem = match e {
        RowError::Member(MemberError::NumberTaken) => {
            FieldError::new(Field::MemberNumber, Problem::Taken)
        }
        RowError::Member(MemberError::PhoneTaken) => FieldError::new(Field::Phone, Problem::Taken),
        RowError::Member(MemberError::LevelNotFound) => {
            FieldError::new(Field::Level, Problem::NotAnOption)
        }
        RowError::Member(MemberError::Db(e)) | RowError::Ledger(LedgerError::Db(e)) => {
            return Err(e);
        }
        RowError::Member(_) => FieldError::new(Field::MemberName, Problem::NotAnOption),
        RowError::Ledger(LedgerError::Invalid(problem)) => problem,
        RowError::Ledger(LedgerError::Refused(Refusal::CardNumberTaken)) => {
            FieldError::new(Field::CardNumber, Problem::Taken)
        }
        RowError::Ledger(_) => FieldError::new(Field::CardNumber, Problem::NotAnOption),
    };
    Ok(BadRow { line, problem })
}

enum RowError {
    Member(MemberError),
    Ledger(LedgerError),
}

impl From<MemberError> for RowError {
    fn from(e: MemberError) -> Self {
        RowError::Member(e)
    }
}

impl From<LedgerError> for RowError {
    fn from(e: LedgerError) -> Self {
        RowError::Ledger(e)
    }
}

impl From<DbError> for RowError {
    fn from(e: DbError) -> Self {
        RowError::Member(MemberError::Db(e))
    }
}

impl From<sqlx::Error> for RowError {
    fn from(e: sqlx::Error) -> Self {
        RowError::Member(MemberError::Db(e.into()))
    }
}

/// Writes `rows` (checked by `domain::import`), calling `done(rows written or
/// skipped so far)` as it goes. `whole`: all in one database transaction.
pub async fn write(
    db: &Db,
    caller: &crate::staff::Caller,
    rows: &[ImportRow],
    whole: bool,
    done: impl Fn(usize),
) -> Result<Written, ImportError> {
    let mut written = Written::default();
    // Members this run created: a later row with the same number adds a card.
    let mut created: HashMap<String, i64> = HashMap::new();
    let mut tx = if whole { Some(db.begin().await?) } else { None };
    for (n, row) in rows.iter().enumerate() {
        let mut own = None;
        let t = match tx.as_mut() {
            Some(t) => t,
            None => own.insert(db.begin().await?),
        };
        match write_row(t, caller, row, &mut created).await {
            Ok(Step::Skipped) => written.already_there += 1,
            Ok(Step::Wrote { member, card }) => {
                written.members += usize::from(member);
                written.cards += usize::from(card);
            }
            Err(e) => {
                let bad = refusal(row.line, e)?;
                if whole {
                    return Err(ImportError::Row(bad));
                }
                written.bad.push(bad);
                // Its own transaction is rolled back: nothing of it stays.
                own = None;
            }
        }
        if let Some(t) = own {
            t.commit().await?;
        }
        done(n + 1);
    }
    if let Some(t) = tx {
        t.commit().await?;
    }
    Ok(written)
}

enum Step {
    Skipped,
    Wrote { member: bool, card: bool },
}

async fn write_row(
    tx: &mut Tx,
    caller: &crate::staff::Caller,
    row: &ImportRow,
    created: &mut HashMap<String, i64>,
) -> Result<Step, RowError> {
    let request_id = format!("import:{}", row.member_no);
    let op = Op {
        caller,
        request_id: &request_id,
        reason: "",
    };
    let (member_id, new) = match created.get(&row.member_no) {
        Some(id) => (*id, false),
        None => {
            let there: Option<i64> = on_tx!(&mut *tx, t => {
                sqlx::query_scalar("SELECT id FROM members WHERE member_no = $1")
                    .bind(&row.member_no)
                    .fetch_optional(&mut **t)
                    .await
            })?;
            if there.is_some() {
                return Ok(Step::Skipped);
            }
            let id = crate::members::write(tx, None, &row.member).await?;
            (id, true)
        }
    };
    let ctx = context(tx, &op).await?;
    if new && row.points > 0 {
        let mut mv = crate::points::Move::new(
            PointsKind::Opening,
            member_id,
            format!("{request_id}:points"),
            ctx.now_ms,
        );
        mv.points = row.points;
        crate::points::apply(tx, &op, ctx.now_ms, ctx.today, &mv).await?;
    }
    let Some(card) = &row.card else {
        created.insert(row.member_no.clone(), member_id);
        return Ok(Step::Wrote {
            member: new,
            card: false,
        });
    };
    let valid_until = card.valid_until.map(|d| d.0 as i64);
    let card_id: Option<i64> = on_tx!(&mut *tx, t => {
        sqlx::query_scalar(
            "INSERT INTO cards (card_no, member_id, plan_id, kind, status, principal_fen, bonus_fen, visits_left,
                                valid_until_day, price_paid_fen, visits_bought, issued_store_id, issued_at_ms,
                                daily_limit_fen)
             SELECT $1, $2, $3, $4, 'active', $5, $6, $7, $8, 0, $7, $9, $10, NULL
             WHERE NOT EXISTS (SELECT 1 FROM retired_card_numbers WHERE card_no = $1)
             RETURNING id",
        )
        .bind(&card.card_no)
        .bind(member_id)
        .bind(card.plan_id)
        .bind(card.kind.code())
        .bind(card.principal_fen)
        .bind(card.bonus_fen)
        .bind(card.visits)
        .bind(valid_until)
        .bind(caller.store_id)
        .bind(ctx.now_ms)
        .fetch_optional(&mut **t)
        .await
    })
    .map_err(crate::ledger::card_insert_error)?;
    let card_id = card_id.ok_or(LedgerError::Refused(Refusal::CardNumberTaken))?;
    let card_request = format!("import:{}:{}", row.member_no, card.card_no);
    let op = Op {
        request_id: &card_request,
        ..op
    };
    let mut opening = NewTx::new(TxKind::Opening, card_id);
    opening.amount_fen = card.principal_fen;
    opening.visits = card.visits;
    opening.entries = vec![
        (card_id, Bucket::Principal, card.principal_fen),
        (card_id, Bucket::Bonus, card.bonus_fen),
        (card_id, Bucket::Visits, card.visits),
        (card_id, Bucket::ValidUntil, valid_until.unwrap_or(0)),
    ];
    record(tx, &op, &ctx, opening).await?;
    created.insert(row.member_no.clone(), member_id);
    Ok(Step::Wrote {
        member: new,
        card: true,
    })
}
