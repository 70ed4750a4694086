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
        Ok(self.begin_sqlx().await?)
    }

    /// [`Db::begin`] with the driver's error, for [`crate::audited!`].
    pub async fn begin_sqlx(&self) -> Result<Tx, sqlx::Error> {
        let mut tx = match self {
            Db::Sqlite(sqlite) => Tx::Sqlite(sqlite.write.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        };
        crate::audit::begin(&mut tx).await?;
        Ok(tx)
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), DbError> {
        Ok(self.commit_sqlx().await?)
    }

    /// [`Tx::commit`] with the driver's error, for [`crate::audited!`].
    pub async fn commit_sqlx(mut self) -> Result<(), sqlx::Error> {
        crate::audit::end(&mut self).await?;
        match self {
            Tx::Sqlite(t) => t.commit().await,
            Tx::Postgres(t) => t.commit().await,
        }
    }
}
