//! The minimal catalogue: categories and items (C1).

use crate::{Db, DbError, is_unique_violation, now_ms, on_pool, rows_affected};
use domain::catalogue::{Category, Item};

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("code taken")]
    CodeTaken,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for CatalogueError {
    fn from(e: sqlx::Error) -> Self {
        if is_unique_violation(&e, "code") {
            CatalogueError::CodeTaken
        } else {
            CatalogueError::Db(e.into())
        }
    }
}

pub async fn categories(db: &Db) -> Result<Vec<Category>, DbError> {
    let rows: Vec<(i64, String, String)> = on_pool!(db, pool => {
        sqlx::query_as("SELECT id, code, name FROM categories ORDER BY code LIMIT 1000").fetch_all(pool).await
    })?;
    Ok(rows
        .into_iter()
        .map(|(id, code, name)| Category { id, code, name })
        .collect())
}

pub async fn create_category(db: &Db, c: &Category) -> Result<i64, CatalogueError> {
    Ok(on_pool!(db, pool => {
        sqlx::query_scalar("INSERT INTO categories (code, name, created_at_ms) VALUES ($1, $2, $3) RETURNING id")
            .bind(&c.code)
            .bind(&c.name)
            .bind(now_ms())
            .fetch_one(pool)
            .await
    })?)
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    code: String,
    name: String,
    price_fen: i64,
    category_id: Option<i64>,
    active: bool,
}

pub async fn items(db: &Db) -> Result<Vec<Item>, DbError> {
    let rows: Vec<ItemRow> = on_pool!(db, pool => {
        sqlx::query_as("SELECT id, code, name, price_fen, category_id, active FROM items ORDER BY code LIMIT 5000")
            .fetch_all(pool)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|r| Item {
            id: r.id,
            code: r.code,
            name: r.name,
            price_fen: r.price_fen,
            category_id: r.category_id,
            active: r.active,
        })
        .collect())
}

/// Adds an item (`id` 0) or changes one; a category that does not exist is refused.
pub async fn save_item(db: &Db, id: i64, item: &Item) -> Result<i64, CatalogueError> {
    if let Some(category) = item.category_id
        && !categories(db).await?.iter().any(|c| c.id == category)
    {
        return Err(CatalogueError::NotFound);
    }
    if id == 0 {
        return Ok(on_pool!(db, pool => {
            sqlx::query_scalar(
                "INSERT INTO items (code, name, price_fen, category_id, created_at_ms) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(&item.code)
            .bind(&item.name)
            .bind(item.price_fen)
            .bind(item.category_id)
            .bind(now_ms())
            .fetch_one(pool)
            .await
        })?);
    }
    let changed = rows_affected!(db, pool => {
        sqlx::query("UPDATE items SET code = $1, name = $2, price_fen = $3, category_id = $4 WHERE id = $5")
            .bind(&item.code)
            .bind(&item.name)
            .bind(item.price_fen)
            .bind(item.category_id)
            .bind(id)
            .execute(pool)
            .await
    })?;
    if changed == 1 {
        Ok(id)
    } else {
        Err(CatalogueError::NotFound)
    }
}
