//! The company and first-run set-up (S1).

use crate::{Db, DbError, now_ms, on_pool, on_reader, secrets, security_log};
use domain::company::Setup;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Company {
    pub name: String,
    pub currency_symbol: String,
    pub time_zone: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("the company is already set up")]
    AlreadySetUp,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for SetupError {
    fn from(e: sqlx::Error) -> Self {
        SetupError::Db(e.into())
    }
}

/// Has first-run set-up been completed?
pub async fn is_set_up(db: &Db) -> Result<bool, DbError> {
    let found: Option<i64> = on_reader!(db, pool => {
        sqlx::query_scalar("SELECT id FROM company WHERE id = 1").fetch_optional(pool).await
    })?;
    Ok(found.is_some())
}

pub async fn company(db: &Db) -> Result<Option<Company>, DbError> {
    let sql = "SELECT name, currency_symbol, time_zone FROM company WHERE id = 1";
    Ok(on_reader!(db, pool => sqlx::query_as(sql).fetch_optional(pool).await)?)
}

/// Creates the company, its head office and the first admin in one transaction.
/// The company row has a fixed id, so a second set-up can never succeed, however
/// many arrive at once. Returns the admin's staff id.
pub async fn set_up(db: &Db, setup: &Setup, ip: &str) -> Result<i64, SetupError> {
    if is_set_up(db).await? {
        return Err(SetupError::AlreadySetUp);
    }
    let hash = secrets::hash_password(setup.admin_password.clone()).await?;
    let now = now_ms();
    let admin_id = on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO company (id, name, currency_symbol, time_zone, created_at_ms)
             VALUES (1, $1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&setup.company_name)
        .bind(&setup.currency_symbol)
        .bind(&setup.time_zone)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() != 1 {
            return Err(SetupError::AlreadySetUp);
        }
        let office = &setup.head_office;
        let store_id: i64 = sqlx::query_scalar(
            "INSERT INTO stores (code, name, address, phone, owner, is_head_office, active, created_at_ms)
             VALUES ($1, $2, $3, $4, $5, TRUE, TRUE, $6) RETURNING id",
        )
        .bind(&office.code)
        .bind(&office.name)
        .bind(&office.address)
        .bind(&office.phone)
        .bind(&office.owner)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let admin_id: i64 = sqlx::query_scalar(
            "INSERT INTO staff (username, name, role, home_store_id, password_hash, active,
                                password_changed_at_ms, created_at_ms)
             VALUES ($1, $2, 'admin', $3, $4, TRUE, $5, $5) RETURNING id",
        )
        .bind(&setup.admin_username)
        .bind(&setup.admin_name)
        .bind(store_id)
        .bind(&hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        security_log::write(
            &mut *tx,
            &security_log::Event {
                kind: security_log::Kind::SetupCompleted,
                staff_id: Some(admin_id),
                username: &setup.admin_username,
                store_id: Some(store_id),
                ip,
                detail: &setup.company_name,
            },
        )
        .await?;
        tx.commit().await?;
        admin_id
    });
    Ok(admin_id)
}
