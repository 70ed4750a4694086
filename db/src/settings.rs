//! Shop settings (S2): one row, `id = 1`, created by the migration.

use crate::{Db, DbError, on_reader};
use domain::settings::Settings;

pub(crate) const COLUMNS: &str = "min_recharge_fen, max_recharge_fen, issue_fee_fen, replace_fee_fen, exchange_fee_fen, \
     renew_fee_fen, return_fee_fen, deposit_fen, pin_required_above_fen, default_daily_limit_fen, \
     pin_max_failures, pin_lock_minutes, refund_bonus_on_return, receipt_header, receipt_footer, check_ins_per_day";

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    min_recharge_fen: i64,
    max_recharge_fen: i64,
    issue_fee_fen: i64,
    replace_fee_fen: i64,
    exchange_fee_fen: i64,
    renew_fee_fen: i64,
    return_fee_fen: i64,
    deposit_fen: i64,
    pin_required_above_fen: Option<i64>,
    default_daily_limit_fen: Option<i64>,
    pin_max_failures: i64,
    pin_lock_minutes: i64,
    refund_bonus_on_return: bool,
    receipt_header: String,
    receipt_footer: String,
    check_ins_per_day: i64,
}

impl From<Row> for Settings {
    fn from(r: Row) -> Settings {
        Settings {
            min_recharge_fen: r.min_recharge_fen,
            max_recharge_fen: r.max_recharge_fen,
            issue_fee_fen: r.issue_fee_fen,
            replace_fee_fen: r.replace_fee_fen,
            exchange_fee_fen: r.exchange_fee_fen,
            renew_fee_fen: r.renew_fee_fen,
            return_fee_fen: r.return_fee_fen,
            deposit_fen: r.deposit_fen,
            pin_required_above_fen: r.pin_required_above_fen,
            default_daily_limit_fen: r.default_daily_limit_fen,
            pin_max_failures: r.pin_max_failures.clamp(1, 10) as u32,
            pin_lock_minutes: r.pin_lock_minutes.clamp(1, 1_440) as u32,
            refund_bonus_on_return: r.refund_bonus_on_return,
            check_ins_per_day: r.check_ins_per_day.clamp(0, 100) as u32,
            receipt_header: r.receipt_header,
            receipt_footer: r.receipt_footer,
        }
    }
}

pub async fn read(db: &Db) -> Result<Settings, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM settings WHERE id = 1");
    let row: Row = on_reader!(db, pool => sqlx::query_as(&sql).fetch_one(pool).await)?;
    Ok(row.into())
}

pub async fn update(db: &Db, s: &Settings) -> Result<(), DbError> {
    crate::audited_rows!(db, pool => {
        sqlx::query(
            "UPDATE settings SET min_recharge_fen = $1, max_recharge_fen = $2, issue_fee_fen = $3,
                 replace_fee_fen = $4, exchange_fee_fen = $5, renew_fee_fen = $6, return_fee_fen = $7,
                 deposit_fen = $8, pin_required_above_fen = $9, default_daily_limit_fen = $10,
                 pin_max_failures = $11, pin_lock_minutes = $12, refund_bonus_on_return = $13,
                 receipt_header = $14, receipt_footer = $15, check_ins_per_day = $16
             WHERE id = 1",
        )
        .bind(s.min_recharge_fen)
        .bind(s.max_recharge_fen)
        .bind(s.issue_fee_fen)
        .bind(s.replace_fee_fen)
        .bind(s.exchange_fee_fen)
        .bind(s.renew_fee_fen)
        .bind(s.return_fee_fen)
        .bind(s.deposit_fen)
        .bind(s.pin_required_above_fen)
        .bind(s.default_daily_limit_fen)
        .bind(s.pin_max_failures as i64)
        .bind(s.pin_lock_minutes as i64)
        .bind(s.refund_bonus_on_return)
        .bind(&s.receipt_header)
        .bind(&s.receipt_footer)
        .bind(s.check_ins_per_day as i64)
        .execute(pool)
        .await
    })?;
    Ok(())
}
