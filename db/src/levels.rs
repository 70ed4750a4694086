//! Member levels and their discount rules (P1, V2).

use crate::tx::Tx;
use crate::{Db, DbError, is_unique_violation, now_ms, on_reader, on_tx, tx_rows_affected};
use domain::level::{DiscountRule, LEVELS_MAX, Level, RULES_MAX, RuleTarget};

#[derive(Debug, thiserror::Error)]
pub enum LevelError {
    #[error("name taken")]
    NameTaken,
    #[error("rank taken")]
    RankTaken,
    #[error("too many")]
    TooMany,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for LevelError {
    fn from(e: sqlx::Error) -> Self {
        if is_unique_violation(&e, "name") {
            LevelError::NameTaken
        } else if is_unique_violation(&e, "rank") {
            LevelError::RankTaken
        } else {
            LevelError::Db(e.into())
        }
    }
}

type LevelRow = (i64, String, i64, i64, i64, Option<i64>);

fn level(r: LevelRow) -> Level {
    Level {
        id: r.0,
        name: r.1,
        rank: r.2,
        rate_bp: r.3 as u32,
        points_rate_pct: r.4.clamp(0, domain::points::RATE_MAX_PCT as i64) as u32,
        upgrade_points: r.5,
    }
}

pub async fn levels(db: &Db) -> Result<Vec<Level>, DbError> {
    let rows: Vec<LevelRow> = on_reader!(db, pool => {
        sqlx::query_as("SELECT id, name, rank, rate_bp, points_rate_pct, upgrade_points FROM levels ORDER BY rank LIMIT 100").fetch_all(pool).await
    })?;
    Ok(rows.into_iter().map(level).collect())
}

pub(crate) async fn level_in(tx: &mut Tx, id: i64) -> Result<Option<Level>, DbError> {
    let row: Option<LevelRow> = on_tx!(tx, t => {
        sqlx::query_as("SELECT id, name, rank, rate_bp, points_rate_pct, upgrade_points FROM levels WHERE id = $1").bind(id).fetch_optional(&mut **t).await
    })?;
    Ok(row.map(level))
}

/// Adds a level (`id` 0) or changes one; names and ranks are unique.
pub async fn save_level(db: &Db, id: i64, l: &Level) -> Result<i64, LevelError> {
    if id == 0 && levels(db).await?.len() >= LEVELS_MAX {
        return Err(LevelError::TooMany);
    }
    let saved: Option<i64> = crate::audited!(db, pool => {
        if id == 0 {
            sqlx::query_scalar(
                "INSERT INTO levels (name, rank, rate_bp, created_at_ms, points_rate_pct, upgrade_points)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
                .bind(&l.name).bind(l.rank).bind(l.rate_bp as i64).bind(now_ms())
                .bind(l.points_rate_pct as i64).bind(l.upgrade_points)
                .fetch_optional(pool).await
        } else {
            sqlx::query_scalar(
                "UPDATE levels SET name = $1, rank = $2, rate_bp = $3, points_rate_pct = $5, upgrade_points = $6
                 WHERE id = $4 RETURNING id",
            )
                .bind(&l.name).bind(l.rank).bind(l.rate_bp as i64).bind(id)
                .bind(l.points_rate_pct as i64).bind(l.upgrade_points)
                .fetch_optional(pool).await
        }
    })?;
    saved.ok_or(LevelError::NotFound)
}

type RuleRow = (i64, Option<i64>, Option<i64>, i64);

fn rule(r: RuleRow) -> Option<DiscountRule> {
    let target = match (r.1, r.2) {
        (Some(category), None) => RuleTarget::Category(category),
        (None, Some(item)) => RuleTarget::Item(item),
        _ => return None,
    };
    Some(DiscountRule {
        level_id: r.0,
        target,
        rate_bp: r.3 as u32,
    })
}

pub async fn rules(db: &Db) -> Result<Vec<DiscountRule>, DbError> {
    let rows: Vec<RuleRow> = on_reader!(db, pool => {
        sqlx::query_as("SELECT level_id, category_id, item_id, rate_bp FROM discount_rules ORDER BY level_id, id LIMIT 5000")
            .fetch_all(pool).await
    })?;
    Ok(rows.into_iter().filter_map(rule).collect())
}

/// The rules of one level, for pricing a sale.
pub(crate) async fn rules_in(tx: &mut Tx, level_id: i64) -> Result<Vec<DiscountRule>, DbError> {
    let rows: Vec<RuleRow> = on_tx!(tx, t => {
        sqlx::query_as("SELECT level_id, category_id, item_id, rate_bp FROM discount_rules WHERE level_id = $1 LIMIT 5000")
            .bind(level_id).fetch_all(&mut **t).await
    })?;
    Ok(rows.into_iter().filter_map(rule).collect())
}

fn target_ids(target: RuleTarget) -> (Option<i64>, Option<i64>) {
    match target {
        RuleTarget::Category(c) => (Some(c), None),
        RuleTarget::Item(i) => (None, Some(i)),
    }
}

/// Sets a level's rate for a category or an item (replacing an earlier one).
/// The level and the category or item must exist.
pub async fn save_rule(db: &Db, r: &DiscountRule) -> Result<(), LevelError> {
    let mut tx = db.begin().await?;
    let (category, item) = target_ids(r.target);
    let found: (Option<i64>, Option<i64>, Option<i64>, i64) = on_tx!(&mut tx, t => {
        sqlx::query_as(
            "SELECT (SELECT id FROM levels WHERE id = $1), (SELECT id FROM categories WHERE id = $2),
                 (SELECT id FROM items WHERE id = $3), (SELECT COUNT(*) FROM discount_rules)",
        )
        .bind(r.level_id).bind(category).bind(item)
        .fetch_one(&mut **t).await
    })?;
    if found.0.is_none()
        || (category.is_some() && found.1.is_none())
        || (item.is_some() && found.2.is_none())
    {
        return Err(LevelError::NotFound);
    }
    let removed = delete_rule(&mut tx, r.level_id, r.target).await?;
    if removed == 0 && found.3 >= RULES_MAX as i64 {
        return Err(LevelError::TooMany);
    }
    tx_rows_affected!(&mut tx, t => {
        sqlx::query("INSERT INTO discount_rules (level_id, category_id, item_id, rate_bp) VALUES ($1, $2, $3, $4)")
            .bind(r.level_id).bind(category).bind(item).bind(r.rate_bp as i64)
            .execute(&mut **t).await
    })?;
    tx.commit().await?;
    Ok(())
}

async fn delete_rule(tx: &mut Tx, level_id: i64, target: RuleTarget) -> Result<u64, DbError> {
    let (category, item) = target_ids(target);
    Ok(tx_rows_affected!(tx, t => {
        sqlx::query("DELETE FROM discount_rules WHERE level_id = $1 AND (category_id = $2 OR item_id = $3)")
            .bind(level_id).bind(category).bind(item)
            .execute(&mut **t).await
    })?)
}

pub async fn remove_rule(db: &Db, level_id: i64, target: RuleTarget) -> Result<(), LevelError> {
    let mut tx = db.begin().await?;
    if delete_rule(&mut tx, level_id, target).await? == 0 {
        return Err(LevelError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}
