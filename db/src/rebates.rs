//! The points rebate (P4): tiers, a preview, and runs paid member by member,
//! each member in one database transaction under its own request id
//! (`rebate:<run>:<member>`), so a run stopped halfway is simply continued.
//! Rules in `domain::rebate`.

use crate::ledger::{self, Bucket, LedgerError, NewTx, Op};
use crate::tx::Tx;
use crate::{Db, DbError, now_ms, on_pool, on_reader, on_tx, rows_affected, tx_rows_affected};
use domain::day::Day;
use domain::rebate::{self, MEMBERS_PER_STEP, RebateLine, RebateRun, TIERS_MAX, Tier};
use domain::slip::TxKind;

pub async fn tiers(db: &Db) -> Result<Vec<Tier>, DbError> {
    let rows: Vec<(i64, i64)> = on_reader!(db, pool => {
        sqlx::query_as("SELECT points, amount_fen FROM rebate_tiers ORDER BY points DESC LIMIT 20").fetch_all(pool).await
    })?;
    Ok(rows
        .into_iter()
        .map(|(points, amount_fen)| Tier { points, amount_fen })
        .collect())
}

/// Adds a tier, or changes the money of the tier with the same points. False:
/// there are [`TIERS_MAX`] already.
pub async fn save_tier(db: &Db, t: &Tier) -> Result<bool, DbError> {
    let have = tiers(db).await?;
    if have.len() >= TIERS_MAX && !have.iter().any(|h| h.points == t.points) {
        return Ok(false);
    }
    crate::audited_rows!(db, pool => {
        sqlx::query(
            "INSERT INTO rebate_tiers (points, amount_fen) VALUES ($1, $2)
             ON CONFLICT (points) DO UPDATE SET amount_fen = excluded.amount_fen",
        )
        .bind(t.points)
        .bind(t.amount_fen)
        .execute(pool)
        .await
    })?;
    Ok(true)
}

pub async fn remove_tier(db: &Db, points: i64) -> Result<(), DbError> {
    crate::audited_rows!(db, pool => sqlx::query("DELETE FROM rebate_tiers WHERE points = $1").bind(points).execute(pool).await)?;
    Ok(())
}

/// (member, number, name, new spending, refunds of earlier sums, carried in, card)
type Candidate = (
    i64,
    String,
    String,
    i64,
    i64,
    i64,
    Option<i64>,
    Option<String>,
);

/// Every member with spending not summed yet in the period, or a refund of a
/// sale summed before, with the oldest active card of `plan_id` they hold.
async fn candidates(
    tx: &mut Tx,
    (first, last): (Day, Day),
    plan_id: i64,
    run_id: i64,
) -> Result<Vec<Candidate>, DbError> {
    Ok(on_tx!(tx, t => {
        sqlx::query_as(
            "SELECT m.id, m.member_no, m.name,
                 CAST(COALESCE((SELECT SUM(s.total_fen - s.refunded_fen) FROM sales s
                     WHERE s.member_id = m.id AND s.day BETWEEN $1 AND $2 AND s.rebate_payout_id IS NULL), 0) AS BIGINT),
                 CAST(COALESCE((SELECT SUM(s.total_fen - s.refunded_fen - s.rebate_summed_fen) FROM sales s
                     WHERE s.member_id = m.id AND s.rebate_payout_id IS NOT NULL
                       AND s.total_fen - s.refunded_fen < s.rebate_summed_fen), 0) AS BIGINT),
                 COALESCE((SELECT p.points_left FROM rebate_payouts p WHERE p.member_id = m.id ORDER BY p.id DESC LIMIT 1), 0),
                 (SELECT MIN(c.id) FROM cards c WHERE c.member_id = m.id AND c.plan_id = $3 AND c.status = 'active'),
                 (SELECT c.card_no FROM cards c WHERE c.member_id = m.id AND c.plan_id = $3 AND c.status = 'active' ORDER BY c.id LIMIT 1)
             FROM members m
             WHERE m.id IN (
                 SELECT s.member_id FROM sales s WHERE s.member_id IS NOT NULL AND s.day BETWEEN $1 AND $2
                     AND s.rebate_payout_id IS NULL
                 UNION SELECT s.member_id FROM sales s WHERE s.rebate_payout_id IS NOT NULL
                     AND s.total_fen - s.refunded_fen < s.rebate_summed_fen)
               AND NOT EXISTS (SELECT 1 FROM rebate_payouts p WHERE p.run_id = $4 AND p.member_id = m.id)
             ORDER BY m.id",
        )
        .bind(first.0 as i64)
        .bind(last.0 as i64)
        .bind(plan_id)
        .bind(run_id)
        .fetch_all(&mut **t)
        .await
    })?)
}

fn line(c: &Candidate, rate_pct: u32, tiers: &[Tier]) -> RebateLine {
    let spent = c.3 + c.4;
    let summed = rebate::points_of(spent, rate_pct);
    RebateLine {
        member_id: c.0,
        member_no: c.1.clone(),
        member_name: c.2.clone(),
        spent_fen: spent,
        points_summed: summed,
        points_carried_in: c.5,
        payout: rebate::pay(summed + c.5, tiers),
        card_no: c.7.clone(),
    }
}

/// Who would get what for the period, before anything is written (at most
/// `limit` lines; members without a card of the plan are listed with none).
pub async fn preview(
    db: &Db,
    period: (Day, Day),
    plan_id: i64,
    limit: usize,
) -> Result<Vec<RebateLine>, DbError> {
    let tiers = tiers(db).await?;
    let rate = crate::points::loyalty(db).await?.rebate_rate_pct;
    let mut tx = db.begin().await?;
    let found = candidates(&mut tx, period, plan_id, 0).await?;
    drop(tx); // read only
    Ok(found
        .iter()
        .take(limit)
        .map(|c| line(c, rate, &tiers))
        .collect())
}

/// Starts a run over the period onto cards of `plan_id`; gives its id.
pub async fn start(
    db: &Db,
    staff_id: i64,
    period: (Day, Day),
    plan_id: i64,
) -> Result<i64, LedgerError> {
    let plan: Option<String> = on_pool!(db, pool => {
        sqlx::query_scalar("SELECT kind FROM plans WHERE id = $1").bind(plan_id).fetch_optional(pool).await
    })?;
    if plan.as_deref() != Some("stored_value") {
        return Err(LedgerError::NotFound);
    }
    let mut tx = db.begin().await?;
    let total = candidates(&mut tx, period, plan_id, 0)
        .await?
        .iter()
        .filter(|c| c.6.is_some())
        .count() as i64;
    let id: i64 = on_tx!(&mut tx, t => {
        sqlx::query_scalar(
            "INSERT INTO rebate_runs (first_day, last_day, plan_id, staff_id, started_at_ms, members_total)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(period.0.0 as i64).bind(period.1.0 as i64).bind(plan_id).bind(staff_id).bind(now_ms()).bind(total)
        .fetch_one(&mut **t)
        .await
    })?;
    tx.commit().await?;
    Ok(id)
}

/// Pays the next members of a run (each in its own database transaction) and
/// gives the run's progress; a finished run changes nothing.
pub async fn step(
    db: &Db,
    op_caller: &crate::staff::Caller,
    run_id: i64,
) -> Result<RebateRun, LedgerError> {
    let row: Option<(i64, i64, i64, Option<i64>)> = on_pool!(db, pool => {
        sqlx::query_as("SELECT first_day, last_day, plan_id, finished_at_ms FROM rebate_runs WHERE id = $1")
            .bind(run_id).fetch_optional(pool).await
    })?;
    let (first, last, plan_id, finished) = row.ok_or(LedgerError::NotFound)?;
    let period = (Day(first as i32), Day(last as i32));
    if finished.is_none() {
        let mut tx = db.begin().await?;
        let next: Vec<Candidate> = candidates(&mut tx, period, plan_id, run_id)
            .await?
            .into_iter()
            .filter(|c| c.6.is_some())
            .take(MEMBERS_PER_STEP as usize)
            .collect();
        drop(tx);
        for c in &next {
            pay_member(db, op_caller, run_id, period, c.0, c.6.unwrap_or(0)).await?;
        }
        rows_affected!(db, pool => {
            sqlx::query(
                "UPDATE rebate_runs SET members_done = (SELECT COUNT(*) FROM rebate_payouts WHERE run_id = $1),
                     finished_at_ms = CASE WHEN $2 THEN $3 ELSE NULL END
                 WHERE id = $1 AND finished_at_ms IS NULL",
            )
            .bind(run_id)
            .bind(next.is_empty())
            .bind(now_ms())
            .execute(pool)
            .await
        })?;
    }
    runs(db, Some(run_id))
        .await?
        .into_iter()
        .next()
        .ok_or(LedgerError::NotFound)
}

/// One member's rebate: their sales marked, the payout written, the money on
/// the card as bonus — one database transaction.
async fn pay_member(
    db: &Db,
    caller: &crate::staff::Caller,
    run_id: i64,
    (first, last): (Day, Day),
    member_id: i64,
    card_id: i64,
) -> Result<(), LedgerError> {
    let request_id = format!("rebate:{run_id}:{member_id}");
    let op = Op {
        caller,
        request_id: &request_id,
        reason: "",
    };
    let mut tx = db.begin().await?;
    let now = now_ms();
    let payout_id: Option<i64> = on_tx!(&mut tx, t => {
        sqlx::query_scalar(
            "INSERT INTO rebate_payouts (request_id, run_id, member_id, spent_fen, points_summed, points_carried_in,
                 points_rebated, points_left, amount_fen, card_id, at_ms)
             VALUES ($1, $2, $3, 0, 0, 0, 0, 0, 0, $4, $5)
             ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(&request_id).bind(run_id).bind(member_id).bind(card_id).bind(now)
        .fetch_optional(&mut **t)
        .await
    })?;
    // Paid already (a run continued after a stop, or two at once).
    let Some(payout_id) = payout_id else {
        return Ok(());
    };
    let carried: i64 = on_tx!(&mut tx, t => {
        sqlx::query_scalar(
            "SELECT COALESCE((SELECT points_left FROM rebate_payouts WHERE member_id = $1 AND id < $2 ORDER BY id DESC LIMIT 1), 0)",
        )
        .bind(member_id).bind(payout_id)
        .fetch_one(&mut **t)
        .await
    })?;
    // Sales rows first (as a refund locks its sale before the card), then the card.
    tx_rows_affected!(&mut tx, t => {
        sqlx::query(
            "UPDATE sales SET rebate_payout_id = $1, rebate_summed_fen = total_fen - refunded_fen
             WHERE member_id = $2 AND day BETWEEN $3 AND $4 AND rebate_payout_id IS NULL",
        )
        .bind(payout_id).bind(member_id).bind(first.0 as i64).bind(last.0 as i64)
        .execute(&mut **t)
        .await
    })?;
    let refunded_since: i64 = on_tx!(&mut tx, t => {
        sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(total_fen - refunded_fen - rebate_summed_fen), 0) AS BIGINT) FROM sales
             WHERE member_id = $1 AND rebate_payout_id IS NOT NULL AND rebate_payout_id <> $2
               AND total_fen - refunded_fen < rebate_summed_fen",
        )
        .bind(member_id).bind(payout_id)
        .fetch_one(&mut **t)
        .await
    })?;
    tx_rows_affected!(&mut tx, t => {
        sqlx::query(
            "UPDATE sales SET rebate_summed_fen = total_fen - refunded_fen
             WHERE member_id = $1 AND rebate_payout_id IS NOT NULL AND rebate_payout_id <> $2
               AND total_fen - refunded_fen < rebate_summed_fen",
        )
        .bind(member_id).bind(payout_id)
        .execute(&mut **t)
        .await
    })?;
    let new_spent: i64 = on_tx!(&mut tx, t => {
        sqlx::query_scalar("SELECT CAST(COALESCE(SUM(rebate_summed_fen), 0) AS BIGINT) FROM sales WHERE rebate_payout_id = $1")
            .bind(payout_id)
            .fetch_one(&mut **t)
            .await
    })?;
    let rate = crate::points::settings::loyalty_in(&mut tx)
        .await?
        .rebate_rate_pct;
    let tiers: Vec<(i64, i64)> = on_tx!(&mut tx, t => {
        sqlx::query_as("SELECT points, amount_fen FROM rebate_tiers").fetch_all(&mut **t).await
    })?;
    let tiers: Vec<Tier> = tiers
        .into_iter()
        .map(|(points, amount_fen)| Tier { points, amount_fen })
        .collect();
    let spent = new_spent + refunded_since;
    let summed = rebate::points_of(spent, rate);
    let payout = rebate::pay(summed + carried, &tiers);
    let mut card_tx_id = None;
    if payout.amount_fen > 0 {
        let card = ledger::lock_card(&mut tx, card_id).await?;
        ledger::refundable(&card)?;
        let ctx = ledger::context(&mut tx, &op).await?;
        tx_rows_affected!(&mut tx, t => {
            sqlx::query("UPDATE cards SET bonus_fen = bonus_fen + $1 WHERE id = $2")
                .bind(payout.amount_fen).bind(card_id)
                .execute(&mut **t)
                .await
        })?;
        let mut new = NewTx::new(TxKind::Rebate, card_id);
        new.amount_fen = payout.amount_fen;
        new.entries = vec![(card_id, Bucket::Bonus, payout.amount_fen)];
        card_tx_id = Some(ledger::record(&mut tx, &op, &ctx, new).await?);
    }
    tx_rows_affected!(&mut tx, t => {
        sqlx::query(
            "UPDATE rebate_payouts SET spent_fen = $1, points_summed = $2, points_carried_in = $3, points_rebated = $4,
                 points_left = $5, amount_fen = $6, card_tx_id = $7 WHERE id = $8",
        )
        .bind(spent).bind(summed).bind(carried).bind(payout.points_rebated).bind(payout.points_left)
        .bind(payout.amount_fen).bind(card_tx_id).bind(payout_id)
        .execute(&mut **t)
        .await
    })?;
    tx.commit().await?;
    Ok(())
}

type RunRow = (
    i64,
    i64,
    i64,
    String,
    i64,
    Option<i64>,
    i64,
    i64,
    i64,
    String,
);

/// The latest runs (or one), newest first.
pub async fn runs(db: &Db, only: Option<i64>) -> Result<Vec<RebateRun>, DbError> {
    let rows: Vec<RunRow> = on_reader!(db, pool => {
        sqlx::query_as(
            "SELECT r.id, r.first_day, r.last_day, p.name, r.started_at_ms, r.finished_at_ms, r.members_total,
                 r.members_done,
                 CAST(COALESCE((SELECT SUM(amount_fen) FROM rebate_payouts WHERE run_id = r.id), 0) AS BIGINT),
                 (SELECT time_zone FROM company WHERE id = 1)
             FROM rebate_runs r JOIN plans p ON p.id = r.plan_id
             WHERE ($1 = 0 OR r.id = $1) ORDER BY r.id DESC LIMIT 50",
        )
        .bind(only.unwrap_or(0))
        .fetch_all(pool)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|r| RebateRun {
            id: r.0,
            first_day: Day(r.1 as i32),
            last_day: Day(r.2 as i32),
            plan_name: r.3,
            started_local: crate::clock::local_minute(r.4, &r.9),
            finished: r.5.is_some(),
            members_total: r.6,
            members_done: r.7,
            paid_fen: r.8,
        })
        .collect())
}
