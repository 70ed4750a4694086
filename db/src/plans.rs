//! Card plans (C1) and the stores that accept them.

use crate::tx::Tx;
use crate::{Db, DbError, now_ms, on_reader, on_tx, tx_rows_affected};
use domain::card::{CardKind, TimeSpan};
use domain::plan::{Plan, PlanInput};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    kind: String,
    price_fen: i64,
    bonus_fen: i64,
    visits: i64,
    visits_per_unit: i64,
    validity: Option<String>,
    recharge_every_fen: i64,
    recharge_bonus_fen: i64,
    active: bool,
    card_prefix: String,
    next_card_no: i64,
}

/// Every plan (the inactive ones too, for the back office), oldest first.
pub async fn list(db: &Db) -> Result<Vec<Plan>, DbError> {
    let rows: Vec<Row> = on_reader!(db, pool => {
        sqlx::query_as(
            "SELECT id, name, kind, price_fen, bonus_fen, visits, visits_per_unit, validity, recharge_every_fen, recharge_bonus_fen, active,
                 card_prefix, next_card_no
             FROM plans ORDER BY id LIMIT 1000",
        )
        .fetch_all(pool)
        .await
    })?;
    let links: Vec<(i64, i64)> = on_reader!(db, pool => {
        sqlx::query_as("SELECT plan_id, store_id FROM plan_stores ORDER BY plan_id, store_id").fetch_all(pool).await
    })?;
    let items: Vec<(i64, i64)> = on_reader!(db, pool => {
        sqlx::query_as("SELECT plan_id, item_id FROM plan_items ORDER BY plan_id, item_id").fetch_all(pool).await
    })?;
    let categories: Vec<(i64, i64)> = on_reader!(db, pool => {
        sqlx::query_as("SELECT plan_id, category_id FROM plan_categories ORDER BY plan_id, category_id").fetch_all(pool).await
    })?;
    let of = |pairs: &[(i64, i64)], plan: i64| {
        pairs
            .iter()
            .filter(|(p, _)| *p == plan)
            .map(|(_, x)| *x)
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|r| Plan {
            id: r.id,
            name: r.name,
            kind: CardKind::from_code(&r.kind).unwrap_or(CardKind::StoredValue),
            price_fen: r.price_fen,
            bonus_fen: r.bonus_fen,
            visits: r.visits,
            visits_per_unit: r.visits_per_unit,
            validity: r.validity.as_deref().and_then(TimeSpan::from_code),
            recharge_every_fen: r.recharge_every_fen,
            recharge_bonus_fen: r.recharge_bonus_fen,
            store_ids: of(&links, r.id),
            item_ids: of(&items, r.id),
            category_ids: of(&categories, r.id),
            active: r.active,
            card_prefix: r.card_prefix,
            next_card_no: r.next_card_no,
        })
        .collect())
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Plan>, DbError> {
    Ok(list(db).await?.into_iter().find(|p| p.id == id))
}

async fn write(db: &Db, id: Option<i64>, p: &PlanInput) -> Result<Option<i64>, DbError> {
    let mut tx = db.begin().await?;
    let validity = p.validity.map(|v| v.code());
    let id: i64 = match id {
        None => on_tx!(&mut tx, t => {
            sqlx::query_scalar(
                "INSERT INTO plans (name, kind, price_fen, bonus_fen, visits, validity, recharge_every_fen,
                     recharge_bonus_fen, created_at_ms, visits_per_unit, card_prefix, next_card_no)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(&p.name)
            .bind(p.kind.code())
            .bind(p.price_fen)
            .bind(p.bonus_fen)
            .bind(p.visits)
            .bind(&validity)
            .bind(p.recharge_every_fen)
            .bind(p.recharge_bonus_fen)
            .bind(now_ms())
            .bind(p.visits_per_unit)
            .bind(&p.card_prefix)
            .bind(p.next_card_no)
            .fetch_one(&mut **t)
            .await
        })?,
        // The kind of a plan never changes: cards were issued as that kind.
        Some(id) => {
            let updated: Option<i64> = on_tx!(&mut tx, t => {
            sqlx::query_scalar(
                "UPDATE plans SET name = $1, price_fen = $2, bonus_fen = $3, visits = $4, validity = $5,
                     recharge_every_fen = $6, recharge_bonus_fen = $7, visits_per_unit = $10,
                     card_prefix = $11, next_card_no = $12
                 WHERE id = $8 AND kind = $9 RETURNING id",
            )
            .bind(&p.name)
            .bind(p.price_fen)
            .bind(p.bonus_fen)
            .bind(p.visits)
            .bind(&validity)
            .bind(p.recharge_every_fen)
            .bind(p.recharge_bonus_fen)
            .bind(id)
            .bind(p.kind.code())
            .bind(p.visits_per_unit)
            .bind(&p.card_prefix)
            .bind(p.next_card_no)
            .fetch_optional(&mut **t)
            .await
            })?;
            match updated {
                Some(id) => id,
                None => return Ok(None),
            }
        }
    };
    link(
        &mut tx,
        id,
        "plan_stores",
        "store_id",
        "stores",
        &p.store_ids,
    )
    .await?;
    link(&mut tx, id, "plan_items", "item_id", "items", &p.item_ids).await?;
    link(
        &mut tx,
        id,
        "plan_categories",
        "category_id",
        "categories",
        &p.category_ids,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Makes the plan's links in `table` exactly `ids` (those that exist in
/// `source`), removing and adding only what differs, so the audit log shows
/// what changed and nothing else.
async fn link(
    tx: &mut Tx,
    plan_id: i64,
    table: &str,
    column: &str,
    source: &str,
    ids: &[i64],
) -> Result<(), DbError> {
    let select = format!("SELECT {column} FROM {table} WHERE plan_id = $1");
    let linked: Vec<i64> =
        on_tx!(&mut *tx, t => sqlx::query_scalar(&select).bind(plan_id).fetch_all(&mut **t).await)?;
    let delete = format!("DELETE FROM {table} WHERE plan_id = $1 AND {column} = $2");
    for gone in linked.iter().filter(|id| !ids.contains(id)) {
        tx_rows_affected!(&mut *tx, t => sqlx::query(&delete).bind(plan_id).bind(gone).execute(&mut **t).await)?;
    }
    let insert = format!(
        "INSERT INTO {table} (plan_id, {column}) SELECT $1, id FROM {source} WHERE id = $2"
    );
    let mut added = Vec::new();
    for id in ids.iter().filter(|id| !linked.contains(id)) {
        if added.contains(id) {
            continue;
        }
        added.push(*id);
        tx_rows_affected!(&mut *tx, t => sqlx::query(&insert).bind(plan_id).bind(id).execute(&mut **t).await)?;
    }
    Ok(())
}

pub async fn create(db: &Db, p: &PlanInput) -> Result<i64, DbError> {
    Ok(write(db, None, p).await?.unwrap_or_default())
}

/// Changes a plan; `false` when there is no such plan of that kind.
pub async fn update(db: &Db, id: i64, p: &PlanInput) -> Result<bool, DbError> {
    Ok(write(db, Some(id), p).await?.is_some())
}

/// An inactive plan is no longer sold; its cards keep working.
pub async fn set_active(db: &Db, id: i64, active: bool) -> Result<bool, DbError> {
    let changed = crate::audited_rows!(db, pool => {
        sqlx::query("UPDATE plans SET active = $1 WHERE id = $2").bind(active).bind(id).execute(pool).await
    })?;
    Ok(changed == 1)
}

/// The next free card number of a plan (its prefix and counter), skipping
/// numbers another card holds or a retired card held; None when the plan has no
/// prefix or is unknown.
pub async fn suggest_card_no(db: &Db, plan_id: i64) -> Result<Option<String>, DbError> {
    let plan: Option<(String, i64)> = on_reader!(db, pool => {
        sqlx::query_as("SELECT card_prefix, next_card_no FROM plans WHERE id = $1 AND active")
            .bind(plan_id)
            .fetch_optional(pool)
            .await
    })?;
    let Some((prefix, next)) = plan.filter(|p| !p.0.is_empty()) else {
        return Ok(None);
    };
    // Numbers taken by hand ahead of the counter: a hundred tries at most.
    for counter in next..next + 100 {
        let number = domain::plan::card_number(&prefix, counter);
        let taken: Option<i64> = on_reader!(db, pool => {
            sqlx::query_scalar(
                "SELECT CAST(1 AS BIGINT) FROM card_keys WHERE key = $1
                 UNION ALL SELECT CAST(1 AS BIGINT) FROM retired_card_numbers WHERE card_no = $1",
            )
            .bind(&number)
            .fetch_optional(pool)
            .await
        })?;
        if taken.is_none() {
            return Ok(Some(number));
        }
    }
    Ok(None)
}
