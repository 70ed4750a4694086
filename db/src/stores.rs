//! Stores (S3).

use crate::{Db, DbError, is_unique_violation, now_ms, on_reader};
use domain::access::Scope;
use domain::store::StoreInput;

pub use domain::store::Store;

/// A `stores` row in `COLUMNS` order.
type StoreRow = (i64, String, String, String, String, String, bool, bool);

fn store_of((id, code, name, address, phone, owner, is_head_office, active): StoreRow) -> Store {
    Store {
        id,
        code,
        name,
        address,
        phone,
        owner,
        is_head_office,
        active,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store code already used")]
    CodeTaken,
    #[error("no such store in scope")]
    NotFound,
    #[error("the head office cannot be deactivated")]
    HeadOfficeStaysActive,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if is_unique_violation(&e, "code") {
            StoreError::CodeTaken
        } else {
            StoreError::Db(e.into())
        }
    }
}

const COLUMNS: &str = "id, code, name, address, phone, owner, is_head_office, active";

/// Stores within `scope`, head office first, then by code. A chain has tens of
/// stores, not thousands; the list is capped at 1,000 all the same.
pub async fn list(db: &Db, scope: Scope) -> Result<Vec<Store>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM stores WHERE ($1 IS NULL OR id = $1)
         ORDER BY is_head_office DESC, code LIMIT 1000"
    );
    let only = scope.only_store();
    let rows: Vec<StoreRow> =
        on_reader!(db, pool => sqlx::query_as(&sql).bind(only).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(store_of).collect())
}

pub async fn get(db: &Db, scope: Scope, id: i64) -> Result<Store, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM stores WHERE id = $1 AND ($2 IS NULL OR id = $2)");
    let only = scope.only_store();
    let found: Option<StoreRow> = on_reader!(db, pool => sqlx::query_as(&sql).bind(id).bind(only).fetch_optional(pool).await)?;
    found.map(store_of).ok_or(StoreError::NotFound)
}

/// Adds a branch. Returns its id.
pub async fn create(db: &Db, store: &StoreInput) -> Result<i64, StoreError> {
    let sql = "INSERT INTO stores (code, name, address, phone, owner, is_head_office, active, created_at_ms)
               VALUES ($1, $2, $3, $4, $5, FALSE, TRUE, $6) RETURNING id";
    let id = crate::audited!(db, pool => {
        sqlx::query_scalar(sql)
            .bind(&store.code)
            .bind(&store.name)
            .bind(&store.address)
            .bind(&store.phone)
            .bind(&store.owner)
            .bind(now_ms())
            .fetch_one(pool)
            .await
    })?;
    Ok(id)
}

pub async fn update(db: &Db, scope: Scope, id: i64, store: &StoreInput) -> Result<(), StoreError> {
    let sql = "UPDATE stores SET code = $1, name = $2, address = $3, phone = $4, owner = $5
               WHERE id = $6 AND ($7 IS NULL OR id = $7)";
    let only = scope.only_store();
    let done = crate::audited_rows!(db, pool => {
        sqlx::query(sql)
            .bind(&store.code)
            .bind(&store.name)
            .bind(&store.address)
            .bind(&store.phone)
            .bind(&store.owner)
            .bind(id)
            .bind(only)
            .execute(pool)
            .await
    })?;
    if done == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

/// Deactivates or reactivates a branch; the head office always stays active.
pub async fn set_active(db: &Db, scope: Scope, id: i64, active: bool) -> Result<(), StoreError> {
    let store = get(db, scope, id).await?;
    if store.is_head_office && !active {
        return Err(StoreError::HeadOfficeStaysActive);
    }
    let sql =
        "UPDATE stores SET active = $1 WHERE id = $2 AND (is_head_office = FALSE OR $1 = TRUE)";
    let done = crate::audited_rows!(db, pool => sqlx::query(sql).bind(active).bind(id).execute(pool).await)?;
    if done == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}
