//! Payment methods (V4): the built-in four and the shop's own. A sale's
//! payments name one by its code (a foreign key); a card operation's
//! `payment_method` is checked against [`list`] before it is written.

use crate::{Db, DbError, is_unique_violation, on_reader};
use domain::pay_method::{MethodNames, NewMethod, PayMethod, SHOP_METHODS_MAX};

#[derive(sqlx::FromRow)]
struct Row {
    code: String,
    name_zh_cn: String,
    name_zh_tw: String,
    name_en: String,
    into_drawer: bool,
    active: bool,
}

impl From<Row> for PayMethod {
    fn from(r: Row) -> Self {
        PayMethod {
            code: r.code,
            names: MethodNames {
                zh_cn: r.name_zh_cn,
                zh_tw: r.name_zh_tw,
                en: r.name_en,
            },
            into_drawer: r.into_drawer,
            active: r.active,
        }
    }
}

/// Every method, switched off ones too, the built-in ones first.
pub async fn list(db: &Db) -> Result<Vec<PayMethod>, DbError> {
    let rows: Vec<Row> = on_reader!(db, pool => {
        sqlx::query_as(
            "SELECT code, name_zh_cn, name_zh_tw, name_en, into_drawer, active
             FROM payment_methods ORDER BY id",
        )
        .fetch_all(pool)
        .await
    })?;
    Ok(rows.into_iter().map(PayMethod::from).collect())
}

/// What adding a method did.
#[derive(Debug, PartialEq, Eq)]
pub enum Added {
    /// Its code.
    Added(String),
    /// The shop already has [`SHOP_METHODS_MAX`] methods of its own.
    TooMany,
}

/// Adds a shop method under the next code `m<n>`; the count and the limit are
/// in the one statement. Two added at the same moment may draw the same code:
/// the unique index refuses the second, which tries again.
pub async fn add(db: &Db, method: &NewMethod) -> Result<Added, DbError> {
    const SQL: &str =
        "INSERT INTO payment_methods (code, name_zh_cn, name_zh_tw, name_en, into_drawer)
         SELECT 'm' || CAST(COUNT(*) + 1 AS TEXT), $1, $2, $3, $4 FROM payment_methods
         WHERE code NOT IN ('cash', 'member_card', 'bank_card', 'cheque')
         HAVING COUNT(*) < $5
         RETURNING code";
    for _ in 0..3 {
        let added: Result<Option<String>, sqlx::Error> = crate::audited!(db, pool => {
            sqlx::query_scalar(SQL)
                .bind(&method.names.zh_cn)
                .bind(&method.names.zh_tw)
                .bind(&method.names.en)
                .bind(method.into_drawer)
                .bind(SHOP_METHODS_MAX)
                .fetch_optional(pool)
                .await
        });
        match added {
            Ok(Some(code)) => return Ok(Added::Added(code)),
            Ok(None) => return Ok(Added::TooMany),
            Err(e)
                if is_unique_violation(&e, "payment_methods")
                    || is_unique_violation(&e, "code") => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Added::TooMany)
}

/// Renames a shop method and says whether it goes into the drawer; false when
/// there is no such shop method (the built-in ones keep their names).
pub async fn update(db: &Db, code: &str, method: &NewMethod) -> Result<bool, DbError> {
    let changed = crate::audited_rows!(db, pool => {
        sqlx::query(
            "UPDATE payment_methods SET name_zh_cn = $1, name_zh_tw = $2, name_en = $3, into_drawer = $4
             WHERE code = $5 AND code NOT IN ('cash', 'member_card', 'bank_card', 'cheque')",
        )
        .bind(&method.names.zh_cn)
        .bind(&method.names.zh_tw)
        .bind(&method.names.en)
        .bind(method.into_drawer)
        .bind(code)
        .execute(pool)
        .await
    })?;
    Ok(changed == 1)
}

/// Switches a method on or off; cash and the member's card stay on (false).
pub async fn set_active(db: &Db, code: &str, active: bool) -> Result<bool, DbError> {
    let changed = crate::audited_rows!(db, pool => {
        sqlx::query(
            "UPDATE payment_methods SET active = $1 WHERE code = $2 AND code NOT IN ('cash', 'member_card')",
        )
        .bind(active)
        .bind(code)
        .execute(pool)
        .await
    })?;
    Ok(changed == 1)
}
