//! One database transaction on either pool. `on_tx!(tx, t => statement(&mut **t))`
//! runs one SQL text on whichever connection the transaction holds, so a
//! multi-statement operation is written once for both databases.

use crate::{Db, DbError};

pub enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $t:ident => $body:expr) => {
        match $tx {
            $crate::tx::Tx::Sqlite($t) => $body,
            $crate::tx::Tx::Postgres($t) => $body,
        }
    };
}

/// Like [`on_tx!`] for `.execute(..)`: the number of rows changed.
#[macro_export]
macro_rules! tx_rows_affected {
    ($tx:expr, $t:ident => $body:expr) => {
        match $tx {
            $crate::tx::Tx::Sqlite($t) => $body.map(|done| done.rows_affected()),
            $crate::tx::Tx::Postgres($t) => $body.map(|done| done.rows_affected()),
        }
    };
}

impl Db {
    pub async fn begin(&self) -> Result<Tx, DbError> {
        Ok(match self {
            Db::Sqlite(sqlite) => Tx::Sqlite(sqlite.write.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), DbError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}
