//! The catalogue (C1, V2): categories with subcategories, items, the stores that
//! sell them, and the till's item search.

use crate::tx::Tx;
use crate::{Db, DbError, is_unique_violation, now_ms, on_reader, on_tx, tx_rows_affected};
use domain::catalogue::{CATEGORIES_MAX, Category, Item, category_path, parent_allowed};
use domain::sale::ItemPrice;

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("code taken")]
    CodeTaken,
    #[error("barcode taken")]
    BarcodeTaken,
    #[error("category not found")]
    NotFound,
    #[error("parent category not allowed")]
    BadParent,
    #[error("store not found")]
    StoreNotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for CatalogueError {
    fn from(e: sqlx::Error) -> Self {
        // "barcode" contains "code": ask for it first.
        if is_unique_violation(&e, "barcode") {
            CatalogueError::BarcodeTaken
        } else if is_unique_violation(&e, "code") {
            CatalogueError::CodeTaken
        } else {
            CatalogueError::Db(e.into())
        }
    }
}

const CATEGORY_SQL: &str =
    "SELECT id, code, name, parent_id, active FROM categories ORDER BY code LIMIT 1000";

type CategoryRow = (i64, String, String, Option<i64>, bool);

fn category(r: CategoryRow) -> Category {
    Category {
        id: r.0,
        code: r.1,
        name: r.2,
        parent_id: r.3,
        active: r.4,
    }
}

pub async fn categories(db: &Db) -> Result<Vec<Category>, DbError> {
    let rows: Vec<CategoryRow> =
        on_reader!(db, pool => sqlx::query_as(CATEGORY_SQL).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(category).collect())
}

pub(crate) async fn categories_in(tx: &mut Tx) -> Result<Vec<Category>, DbError> {
    let rows: Vec<CategoryRow> =
        on_tx!(tx, t => sqlx::query_as(CATEGORY_SQL).fetch_all(&mut **t).await)?;
    Ok(rows.into_iter().map(category).collect())
}

/// Adds a category (`id` 0) or changes one; its parent must exist and may not be
/// itself or below it.
pub async fn save_category(db: &Db, id: i64, c: &Category) -> Result<i64, CatalogueError> {
    let mut tx = db.begin().await?;
    let all = categories_in(&mut tx).await?;
    if id == 0 && all.len() >= CATEGORIES_MAX {
        return Err(CatalogueError::NotFound);
    }
    if id != 0 && !all.iter().any(|x| x.id == id) {
        return Err(CatalogueError::NotFound);
    }
    if let Some(parent) = c.parent_id
        && !parent_allowed(id, parent, &all)
    {
        return Err(CatalogueError::BadParent);
    }
    let saved: i64 = if id == 0 {
        on_tx!(&mut tx, t => {
            sqlx::query_scalar("INSERT INTO categories (code, name, parent_id, active, created_at_ms) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(&c.code).bind(&c.name).bind(c.parent_id).bind(c.active).bind(now_ms())
                .fetch_one(&mut **t).await
        })?
    } else {
        tx_rows_affected!(&mut tx, t => {
            sqlx::query("UPDATE categories SET code = $1, name = $2, parent_id = $3, active = $4 WHERE id = $5")
                .bind(&c.code).bind(&c.name).bind(c.parent_id).bind(c.active).bind(id)
                .execute(&mut **t).await
        })?;
        id
    };
    tx.commit().await?;
    Ok(saved)
}

/// Kept for the plans' tests and the seed: a top-level category.
pub async fn create_category(db: &Db, c: &Category) -> Result<i64, CatalogueError> {
    save_category(db, 0, c).await
}

const ITEM_COLUMNS: &str = "i.id, i.code, i.barcode, i.short_code, i.name, i.unit, i.price_fen, i.cost_fen, i.category_id, i.active";

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    code: String,
    barcode: Option<String>,
    short_code: String,
    name: String,
    unit: String,
    price_fen: i64,
    cost_fen: i64,
    category_id: Option<i64>,
    active: bool,
}

impl ItemRow {
    fn item(self, store_ids: Vec<i64>) -> Item {
        Item {
            id: self.id,
            code: self.code,
            barcode: self.barcode,
            short_code: self.short_code,
            name: self.name,
            unit: self.unit,
            price_fen: self.price_fen,
            cost_fen: self.cost_fen,
            category_id: self.category_id,
            active: self.active,
            store_ids,
        }
    }
}

/// Most items one list or search returns.
pub const ITEMS_PAGE_MAX: i64 = 200;

/// Items for the back office: all (by code) or those matching `text` by barcode,
/// code, short code or name; at most `limit` (≤ [`ITEMS_PAGE_MAX`]).
pub async fn items(db: &Db, text: &str, limit: i64) -> Result<Vec<Item>, DbError> {
    let limit = limit.clamp(1, ITEMS_PAGE_MAX);
    let rows = find(db, text, None, false, limit).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let stores = stores_of(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mine = stores
                .iter()
                .filter(|(item, _)| *item == r.id)
                .map(|(_, s)| *s)
                .collect();
            r.item(mine)
        })
        .collect())
}

async fn stores_of(db: &Db, item_ids: &[i64]) -> Result<Vec<(i64, i64)>, DbError> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = id_list(item_ids);
    let sql = format!(
        "SELECT item_id, store_id FROM item_stores WHERE item_id IN ({list}) ORDER BY item_id, store_id"
    );
    Ok(on_reader!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)?)
}

/// Ids for an `IN (…)` list: integers only, so nothing typed reaches the SQL.
fn id_list(ids: &[i64]) -> String {
    ids.iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// The upper end of a prefix range: every code starting with `prefix` sorts
/// below it (codes are upper-case ASCII, compared byte-wise).
fn after_prefix(prefix: &str) -> String {
    format!("{prefix}\u{7f}")
}

/// Exact barcode or code first, then code and short-code prefixes, then names
/// containing the text: each step through an index but the last, which only runs
/// when the others found nothing. `store`: only items sold there; `active_only`
/// for the till.
async fn find(
    db: &Db,
    text: &str,
    store: Option<i64>,
    active_only: bool,
    limit: i64,
) -> Result<Vec<ItemRow>, DbError> {
    let mut filter = String::new();
    if active_only {
        filter.push_str(" AND i.active");
    }
    if let Some(store) = store {
        // Sets computed once (hashed), not a lookup per item: a name search reads
        // every item, and per-row subqueries made it 100 ms on Postgres at 100k.
        filter.push_str(&format!(
            " AND (i.id NOT IN (SELECT item_id FROM item_stores)
                   OR i.id IN (SELECT item_id FROM item_stores WHERE store_id = {store}))"
        ));
    }
    let text = text.trim();
    if text.is_empty() {
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM items i WHERE 1 = 1{filter} ORDER BY i.code LIMIT $1"
        );
        return Ok(on_reader!(db, pool => sqlx::query_as(&sql).bind(limit).fetch_all(pool).await)?);
    }
    let upper = text.to_uppercase();
    let exact = format!(
        "SELECT {ITEM_COLUMNS} FROM items i WHERE (i.barcode = $1 OR i.code = $1){filter} LIMIT $2"
    );
    let rows: Vec<ItemRow> = on_reader!(db, pool => sqlx::query_as(&exact).bind(&upper).bind(limit).fetch_all(pool).await)?;
    if !rows.is_empty() {
        return Ok(rows);
    }
    let prefix = format!(
        "SELECT {ITEM_COLUMNS} FROM items i WHERE i.id IN (
             SELECT id FROM items WHERE code >= $1 AND code < $2
             UNION SELECT id FROM items WHERE short_code >= $1 AND short_code < $2){filter}
         ORDER BY i.short_code, i.code LIMIT $3"
    );
    let mut rows: Vec<ItemRow> = on_reader!(db, pool => {
        sqlx::query_as(&prefix).bind(&upper).bind(after_prefix(&upper)).bind(limit).fetch_all(pool).await
    })?;
    if rows.len() as i64 >= limit {
        return Ok(rows);
    }
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    // Letters and digits: also anywhere in a short code (KL finds 可口可乐, KKKL),
    // after the prefix matches. Short codes are short: reading them all is cheap.
    if upper.chars().all(|c| c.is_ascii_alphanumeric()) {
        let anywhere = format!(
            "SELECT {ITEM_COLUMNS} FROM items i WHERE i.short_code LIKE $1{filter}
             ORDER BY i.short_code, i.code LIMIT $2"
        );
        let more: Vec<ItemRow> = on_reader!(db, pool => {
            sqlx::query_as(&anywhere).bind(format!("%{upper}%")).bind(limit).fetch_all(pool).await
        })?;
        for row in more {
            if rows.len() as i64 >= limit {
                break;
            }
            if !rows.iter().any(|r| r.id == row.id) {
                rows.push(row);
            }
        }
        if !rows.is_empty() {
            return Ok(rows);
        }
    }
    // Part of a name: every name is read, so only when nothing else matched.
    let like = format!(
        "SELECT {ITEM_COLUMNS} FROM items i WHERE i.name LIKE $1 ESCAPE '\\'{filter} ORDER BY i.name LIMIT $2"
    );
    Ok(on_reader!(db, pool => {
        sqlx::query_as(&like).bind(format!("%{escaped}%")).bind(limit).fetch_all(pool).await
    })?)
}

/// One item by id.
pub async fn item(db: &Db, id: i64) -> Result<Option<Item>, DbError> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM items i WHERE i.id = $1");
    let row: Option<ItemRow> =
        on_reader!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
    let Some(row) = row else { return Ok(None) };
    let stores = stores_of(db, &[id])
        .await?
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    Ok(Some(row.item(stores)))
}

/// What the till's item box shows as the cashier types: active items sold at
/// `store_id`, at most `limit`.
pub async fn till_search(
    db: &Db,
    store_id: i64,
    text: &str,
    limit: i64,
) -> Result<Vec<Item>, DbError> {
    let rows = find(db, text, Some(store_id), true, limit.clamp(1, 50)).await?;
    Ok(rows.into_iter().map(|r| r.item(Vec::new())).collect())
}

/// Adds an item (`id` 0) or changes one. A category or store that does not exist
/// is refused; the stores that sell it are replaced.
pub async fn save_item(db: &Db, id: i64, item: &Item) -> Result<i64, CatalogueError> {
    let mut tx = db.begin().await?;
    if let Some(category) = item.category_id
        && !categories_in(&mut tx)
            .await?
            .iter()
            .any(|c| c.id == category)
    {
        return Err(CatalogueError::NotFound);
    }
    for store in &item.store_ids {
        let found: Option<i64> = on_tx!(&mut tx, t => {
            sqlx::query_scalar("SELECT id FROM stores WHERE id = $1").bind(store).fetch_optional(&mut **t).await
        })?;
        if found.is_none() {
            return Err(CatalogueError::StoreNotFound);
        }
    }
    let saved: Option<i64> = on_tx!(&mut tx, t => {
        let q = if id == 0 {
            sqlx::query_scalar(
                "INSERT INTO items (code, barcode, short_code, name, unit, price_fen, cost_fen, category_id, active, created_at_ms)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
        } else {
            sqlx::query_scalar(
                "UPDATE items SET code = $1, barcode = $2, short_code = $3, name = $4, unit = $5, price_fen = $6,
                     cost_fen = $7, category_id = $8, active = $9
                 WHERE id = $10 RETURNING id",
            )
        };
        q.bind(&item.code)
            .bind(&item.barcode)
            .bind(&item.short_code)
            .bind(&item.name)
            .bind(&item.unit)
            .bind(item.price_fen)
            .bind(item.cost_fen)
            .bind(item.category_id)
            .bind(item.active)
            .bind(if id == 0 { now_ms() } else { id })
            .fetch_optional(&mut **t)
            .await
    })?;
    let saved = saved.ok_or(CatalogueError::NotFound)?;
    // Only the stores that differ are removed or added (the audit log shows those).
    let held: Vec<i64> = on_tx!(&mut tx, t => {
        sqlx::query_scalar("SELECT store_id FROM item_stores WHERE item_id = $1")
            .bind(saved).fetch_all(&mut **t).await
    })?;
    for gone in held.iter().filter(|s| !item.store_ids.contains(s)) {
        tx_rows_affected!(&mut tx, t => {
            sqlx::query("DELETE FROM item_stores WHERE item_id = $1 AND store_id = $2")
                .bind(saved).bind(gone).execute(&mut **t).await
        })?;
    }
    for store in item.store_ids.iter().filter(|s| !held.contains(s)) {
        tx_rows_affected!(&mut tx, t => {
            sqlx::query("INSERT INTO item_stores (item_id, store_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(saved).bind(store).execute(&mut **t).await
        })?;
    }
    tx.commit().await?;
    Ok(saved)
}

/// The items of a sale as sold at `store_id` now, with their category paths for
/// the discount; an item that is missing, inactive or not sold there is left out.
pub(crate) async fn prices_in(
    tx: &mut Tx,
    store_id: i64,
    item_ids: &[i64],
) -> Result<Vec<ItemPrice>, DbError> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = id_list(item_ids);
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM items i WHERE i.id IN ({list}) AND i.active
           AND (NOT EXISTS (SELECT 1 FROM item_stores x WHERE x.item_id = i.id)
                OR EXISTS (SELECT 1 FROM item_stores x WHERE x.item_id = i.id AND x.store_id = $1))"
    );
    let rows: Vec<ItemRow> =
        on_tx!(tx, t => sqlx::query_as(&sql).bind(store_id).fetch_all(&mut **t).await)?;
    let categories = categories_in(tx).await?;
    Ok(rows
        .into_iter()
        .map(|r| ItemPrice {
            item_id: r.id,
            categories: category_path(r.category_id, &categories),
            code: r.code,
            name: r.name,
            unit: r.unit,
            price_fen: r.price_fen,
        })
        .collect())
}
