//! A member's points account as the member page shows it, and the level set by
//! hand.

use super::{change_level, earned_for_level, ladder};
use crate::ledger::{LedgerError, Op};
use crate::{Db, DbError, now_ms, on_pool, on_tx};
use domain::points::{
    self, LevelCause, LevelChange, PointsAccount, PointsKind, PointsLine, PointsOnReceipt,
};

/// The movements shown on the member page, newest first.
pub const LINES_SHOWN: i64 = 200;

/// Balance, earned, level id, level name, time zone.
type HeadRow = (i64, i64, Option<i64>, Option<String>, String);
type LineRow = (i64, i64, String, String, String, Option<i64>, i64, i64, i64);
type ChangeRow = (
    i64,
    Option<String>,
    Option<String>,
    String,
    String,
    i64,
    String,
);

pub async fn account(db: &Db, member_id: i64) -> Result<Option<PointsAccount>, DbError> {
    let mut tx = db.begin().await?;
    let head: Option<HeadRow> = on_tx!(&mut tx, t => {
        sqlx::query_as(
            "SELECT m.points, m.points_earned, m.level_id, l.name, (SELECT time_zone FROM company WHERE id = 1)
             FROM members m LEFT JOIN levels l ON l.id = m.level_id WHERE m.id = $1",
        )
        .bind(member_id)
        .fetch_optional(&mut **t)
        .await
    })?;
    let Some((balance, earned, level_id, level_name, zone)) = head else {
        return Ok(None);
    };
    let loyalty = super::settings::loyalty_in(&mut tx).await?;
    let now = now_ms();
    let today = crate::clock::business_day(now, &zone);
    let counted = earned_for_level(&mut tx, member_id, earned, &loyalty, now, today).await?;
    let rungs = ladder(&mut tx).await?;
    let rank = level_id
        .and_then(|id| rungs.iter().find(|r| r.id == id))
        .map(|r| r.rank);
    let next = points::next_rung(rank, &rungs, counted).map(|(r, missing)| (r.id, missing));
    let lines: Vec<LineRow> = on_tx!(&mut tx, t => {
        sqlx::query_as(
            "SELECT p.id, p.at_ms, p.kind, s.name, sf.name, p.sale_id, p.base_fen, p.points, p.points_after
             FROM points_transactions p JOIN stores s ON s.id = p.store_id JOIN staff sf ON sf.id = p.staff_id
             WHERE p.member_id = $1 ORDER BY p.id DESC LIMIT $2",
        )
        .bind(member_id)
        .bind(LINES_SHOWN)
        .fetch_all(&mut **t)
        .await
    })?;
    let changes: Vec<ChangeRow> = on_tx!(&mut tx, t => {
        sqlx::query_as(
            "SELECT c.at_ms, f.name, n.name, c.cause, c.reason, c.earned, sf.name
             FROM level_changes c LEFT JOIN levels f ON f.id = c.from_level_id
             LEFT JOIN levels n ON n.id = c.to_level_id JOIN staff sf ON sf.id = c.staff_id
             WHERE c.member_id = $1 ORDER BY c.id DESC LIMIT $2",
        )
        .bind(member_id)
        .bind(LINES_SHOWN)
        .fetch_all(&mut **t)
        .await
    })?;
    let next_name: Option<String> = match next {
        Some((id, _)) => on_tx!(&mut tx, t => {
            sqlx::query_scalar("SELECT name FROM levels WHERE id = $1").bind(id).fetch_optional(&mut **t).await
        })?,
        None => None,
    };
    drop(tx); // read only
    let redemptions = crate::gifts::of_member(db, member_id, &zone).await?;
    let local = |ms: i64| crate::clock::local_minute(ms, &zone);
    Ok(Some(PointsAccount {
        redemptions,
        points_per_yuan: loyalty.points_per_yuan,
        points: balance,
        earned,
        earned_for_level: counted,
        window_months: loyalty.window_months,
        level_name,
        next_level: next_name.zip(next.map(|n| n.1)),
        lines: lines
            .into_iter()
            .filter_map(|r| {
                Some(PointsLine {
                    id: r.0,
                    at_local: local(r.1),
                    kind: PointsKind::from_code(&r.2)?,
                    store_name: r.3,
                    staff_name: r.4,
                    sale_id: r.5,
                    base_fen: r.6,
                    points: r.7,
                    points_after: r.8,
                })
            })
            .collect(),
        level_history: changes
            .into_iter()
            .map(|r| LevelChange {
                at_local: local(r.0),
                from_level: r.1,
                to_level: r.2,
                cause: LevelCause::from_code(&r.3),
                reason: r.4,
                earned: r.5,
                staff_name: r.6,
            })
            .collect(),
    }))
}

/// A manager sets the member's level by hand (`op.reason` says why). Setting
/// the level the member has changes nothing.
pub async fn set_level(
    db: &Db,
    op: &Op<'_>,
    member_id: i64,
    level_id: Option<i64>,
) -> Result<(), LedgerError> {
    let mut tx = db.begin().await?;
    // Lock the member first: a sale climbing at the same time waits.
    let row: Option<(Option<i64>, i64)> = on_tx!(&mut tx, t => {
        sqlx::query_as(
            "UPDATE members SET points_version = points_version + 1 WHERE id = $1 RETURNING level_id, points_earned",
        )
        .bind(member_id)
        .fetch_optional(&mut **t)
        .await
    })?;
    let (from, earned) = row.ok_or(LedgerError::NotFound)?;
    if let Some(id) = level_id {
        let found: Option<i64> = on_tx!(&mut tx, t => {
            sqlx::query_scalar("SELECT id FROM levels WHERE id = $1").bind(id).fetch_optional(&mut **t).await
        })?;
        found.ok_or(LedgerError::NotFound)?;
    }
    if from == level_id {
        return Ok(());
    }
    change_level(
        &mut tx,
        op,
        now_ms(),
        member_id,
        from,
        level_id,
        LevelCause::ByHand,
        earned,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The points a sale earned and what the member had after, for its receipt.
pub async fn on_sale(db: &Db, sale_id: i64) -> Result<Option<PointsOnReceipt>, DbError> {
    type Row = (
        i64,
        i64,
        Option<String>,
        Option<i64>,
        Option<String>,
        Option<i64>,
    );
    let row: Option<Row> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT p.points, p.points_after, l.name, s.points_promotion_id, pr.name, s.points_factor_pct
             FROM points_transactions p JOIN sales s ON s.id = p.sale_id
             LEFT JOIN level_changes c ON c.points_tx_id = p.id LEFT JOIN levels l ON l.id = c.to_level_id
             LEFT JOIN promotions pr ON pr.id = s.points_promotion_id
             WHERE p.sale_id = $1 AND p.kind = 'sale'",
        )
        .bind(sale_id)
        .fetch_optional(pool)
        .await
    })?;
    Ok(row.map(
        |(earned, balance_after, new_level, id, name, factor)| PointsOnReceipt {
            earned,
            balance_after,
            new_level,
            promotion: match (id, name, factor) {
                (Some(id), Some(name), Some(f)) => {
                    Some((domain::promotion::Named { id, name }, f as u32))
                }
                _ => None,
            },
        },
    ))
}
