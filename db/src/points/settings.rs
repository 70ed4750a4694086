//! The loyalty settings: columns of the one `settings` row.

use crate::tx::Tx;
use crate::{Db, DbError, on_reader, on_tx};
use domain::points::{AfterRefund, EarnOn, Loyalty, RATE_MAX_PCT, WINDOW_MONTHS_MAX};

const SELECT: &str = "SELECT points_rate_pct, points_on, recharge_points_rate_pct, level_window_months, \
     level_after_refund, points_per_yuan, rebate_rate_pct FROM settings WHERE id = 1";

type Row = (i64, String, i64, i64, String, i64, i64);

fn from_row(r: Row) -> Loyalty {
    let rate = |v: i64| v.clamp(0, RATE_MAX_PCT as i64) as u32;
    Loyalty {
        points_rate_pct: rate(r.0),
        earn_on: EarnOn::from_code(&r.1),
        recharge_rate_pct: rate(r.2),
        window_months: r.3.clamp(0, WINDOW_MONTHS_MAX as i64) as u32,
        after_refund: AfterRefund::from_code(&r.4),
        points_per_yuan: r.5.max(0),
        rebate_rate_pct: rate(r.6),
    }
}

pub async fn loyalty(db: &Db) -> Result<Loyalty, DbError> {
    let row: Row = on_reader!(db, pool => sqlx::query_as(SELECT).fetch_one(pool).await)?;
    Ok(from_row(row))
}

pub(crate) async fn loyalty_in(tx: &mut Tx) -> Result<Loyalty, DbError> {
    let row: Row = on_tx!(tx, t => sqlx::query_as(SELECT).fetch_one(&mut **t).await)?;
    Ok(from_row(row))
}

pub async fn save_loyalty(db: &Db, l: &Loyalty) -> Result<(), DbError> {
    crate::audited_rows!(db, pool => {
        sqlx::query(
            "UPDATE settings SET points_rate_pct = $1, points_on = $2, recharge_points_rate_pct = $3,
                 level_window_months = $4, level_after_refund = $5, points_per_yuan = $6,
                 rebate_rate_pct = $7
             WHERE id = 1",
        )
        .bind(l.points_rate_pct as i64)
        .bind(l.earn_on.code())
        .bind(l.recharge_rate_pct as i64)
        .bind(l.window_months as i64)
        .bind(l.after_refund.code())
        .bind(l.points_per_yuan)
        .bind(l.rebate_rate_pct as i64)
        .execute(pool)
        .await
    })?;
    Ok(())
}
