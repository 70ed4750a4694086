//! Promotions (P5): kept, switched off, and found running for a sale or a
//! recharge. What each kind gives and how it meets the level discount is
//! `domain::promotion`; the recharge's part is in `crate::ledger` (bonus) and
//! [`gift`] (the gift from stock).

use crate::tx::Tx;
use crate::{Db, DbError, is_unique_violation, now_ms, on_reader, on_tx, tx_rows_affected};
use domain::day::Day;
use domain::promotion::{
    BirthdayOnly, Offer, Offers, PROMOTIONS_MAX, Promotion, Target, Tier, WithLevel,
};
use domain::{Field, FieldError, Problem};

pub mod gift;

#[derive(Debug, thiserror::Error)]
pub enum PromotionError {
    #[error("invalid: {0}")]
    Invalid(FieldError),
    #[error("too many")]
    TooMany,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for PromotionError {
    fn from(e: sqlx::Error) -> Self {
        if is_unique_violation(&e, "name") {
            PromotionError::Invalid(FieldError::new(Field::PromotionName, Problem::Taken))
        } else {
            PromotionError::Db(e.into())
        }
    }
}

type Row = (
    i64,
    String,
    String,
    i64,
    i64,
    i64,
    String,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    i64,
);

const COLUMNS: &str = "id, name, kind, first_day, last_day, weekdays, birthday, target, rate_bp, \
     factor_pct, gift_id, min_fen, active";

fn promotion(r: Row, stores: &[(i64, i64)], tiers: &[(i64, i64, i64)]) -> Promotion {
    let id = r.0;
    let offer = match r.2.as_str() {
        "discount" => Offer::Discount {
            target: r
                .7
                .as_deref()
                .and_then(Target::from_code)
                .unwrap_or(Target::Everything),
            rate_bp: r.8.unwrap_or(10_000) as u32,
        },
        "points" => Offer::Points {
            factor_pct: r.9.unwrap_or(100) as u32,
        },
        "recharge_gift" => Offer::RechargeGift {
            gift_id: r.10.unwrap_or(0),
            min_fen: r.11.unwrap_or(i64::MAX),
        },
        _ => Offer::RechargeBonus {
            tiers: tiers
                .iter()
                .filter(|t| t.0 == id)
                .map(|t| Tier {
                    pay_fen: t.1,
                    bonus_fen: t.2,
                })
                .collect(),
        },
    };
    Promotion {
        id,
        name: r.1,
        first_day: Day(r.3 as i32),
        last_day: Day(r.4 as i32),
        stores: stores.iter().filter(|s| s.0 == id).map(|s| s.1).collect(),
        weekdays: r.5 as u8,
        birthday: BirthdayOnly::from_code(&r.6).unwrap_or(BirthdayOnly::No),
        offer,
        active: r.12 == 1,
    }
}

/// Every promotion, the newest first.
pub async fn list(db: &Db) -> Result<Vec<Promotion>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM promotions ORDER BY id DESC LIMIT {PROMOTIONS_MAX}");
    let rows: Vec<Row> = on_reader!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
    let stores: Vec<(i64, i64)> = on_reader!(db, pool => {
        sqlx::query_as("SELECT promotion_id, store_id FROM promotion_stores").fetch_all(pool).await
    })?;
    let tiers: Vec<(i64, i64, i64)> = on_reader!(db, pool => {
        sqlx::query_as("SELECT promotion_id, pay_fen, bonus_fen FROM promotion_tiers ORDER BY pay_fen")
            .fetch_all(pool)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|r| promotion(r, &stores, &tiers))
        .collect())
}

/// What runs at `store_id` on `today` for a member born on `birthday`, with the
/// shop's combination rule.
pub async fn running_in(
    tx: &mut Tx,
    store_id: i64,
    today: Day,
    birthday: Option<Day>,
) -> Result<Offers, DbError> {
    let day = today.0 as i64;
    let sql = format!(
        "SELECT {COLUMNS} FROM promotions WHERE active = 1 AND first_day <= $1 AND last_day >= $1 ORDER BY id"
    );
    let rows: Vec<Row> = on_tx!(tx, t => sqlx::query_as(&sql).bind(day).fetch_all(&mut **t).await)?;
    // Most sales meet no promotion: one query, and the rule is not needed.
    if rows.is_empty() {
        return Ok(Offers::default());
    }
    let with: String = on_tx!(tx, t => {
        sqlx::query_scalar("SELECT promotion_with_level FROM settings WHERE id = 1").fetch_one(&mut **t).await
    })?;
    let with_level = WithLevel::from_code(&with).unwrap_or_default();
    let stores: Vec<(i64, i64)> = on_tx!(tx, t => {
        sqlx::query_as(
            "SELECT ps.promotion_id, ps.store_id FROM promotion_stores ps JOIN promotions p ON p.id = ps.promotion_id
             WHERE p.active = 1 AND p.last_day >= $1",
        )
        .bind(day)
        .fetch_all(&mut **t)
        .await
    })?;
    let tiers: Vec<(i64, i64, i64)> = on_tx!(tx, t => {
        sqlx::query_as(
            "SELECT pt.promotion_id, pt.pay_fen, pt.bonus_fen FROM promotion_tiers pt JOIN promotions p ON p.id = pt.promotion_id
             WHERE p.active = 1 AND p.last_day >= $1",
        )
        .bind(day)
        .fetch_all(&mut **t)
        .await
    })?;
    let running = rows
        .into_iter()
        .map(|r| promotion(r, &stores, &tiers))
        .filter(|p| p.runs(store_id, today, birthday))
        .collect();
    Ok(Offers {
        running,
        with_level,
    })
}

/// The recharge offers running at `store_id` today (the company's day), for
/// the recharge screen.
pub async fn recharge_offers_at(db: &Db, store_id: i64) -> Result<Vec<Promotion>, DbError> {
    let mut tx = db.begin().await?;
    let zone: String = on_tx!(&mut tx, t => {
        sqlx::query_scalar("SELECT time_zone FROM company WHERE id = 1").fetch_one(&mut **t).await
    })?;
    let today = crate::clock::business_day(now_ms(), &zone);
    let offers = running_in(&mut tx, store_id, today, None).await?;
    drop(tx); // read only: rolled back
    Ok(offers
        .running
        .into_iter()
        .filter(|p| {
            matches!(
                p.offer,
                Offer::RechargeBonus { .. } | Offer::RechargeGift { .. }
            )
        })
        .collect())
}

/// Adds a promotion; the stores, the target and the gift it names must exist.
pub async fn create(db: &Db, p: &Promotion) -> Result<i64, PromotionError> {
    let mut tx = db.begin().await?;
    let count: i64 = on_tx!(&mut tx, t => sqlx::query_scalar("SELECT COUNT(*) FROM promotions").fetch_one(&mut **t).await)?;
    if count >= PROMOTIONS_MAX {
        return Err(PromotionError::TooMany);
    }
    let missing = |field| PromotionError::Invalid(FieldError::new(field, Problem::NotFound));
    let (mut target, mut rate_bp, mut factor_pct, mut gift_id, mut min_fen) =
        (None, None, None, None, None);
    match &p.offer {
        Offer::Discount {
            target: t,
            rate_bp: r,
        } => {
            let exists_sql = match t {
                Target::Everything => None,
                Target::Category(_) => Some("SELECT COUNT(*) FROM categories WHERE id = $1"),
                Target::Item(_) => Some("SELECT COUNT(*) FROM items WHERE id = $1"),
            };
            if let (Some(sql), Target::Category(id) | Target::Item(id)) = (exists_sql, t) {
                let n: i64 = on_tx!(&mut tx, tt => sqlx::query_scalar(sql).bind(*id).fetch_one(&mut **tt).await)?;
                if n == 0 {
                    return Err(missing(Field::PromotionTarget));
                }
            }
            target = Some(t.code());
            rate_bp = Some(*r as i64);
        }
        Offer::Points { factor_pct: f } => factor_pct = Some(*f as i64),
        Offer::RechargeBonus { .. } => {}
        Offer::RechargeGift {
            min_fen: m,
            gift_id: g,
        } => {
            let n: i64 = on_tx!(&mut tx, t => sqlx::query_scalar("SELECT COUNT(*) FROM gifts WHERE id = $1").bind(*g).fetch_one(&mut **t).await)?;
            if n == 0 {
                return Err(missing(Field::Gift));
            }
            gift_id = Some(*g);
            min_fen = Some(*m);
        }
    }
    for store_id in &p.stores {
        let n: i64 = on_tx!(&mut tx, t => sqlx::query_scalar("SELECT COUNT(*) FROM stores WHERE id = $1").bind(*store_id).fetch_one(&mut **t).await)?;
        if n == 0 {
            return Err(missing(Field::PromotionStores));
        }
    }
    let id: i64 = on_tx!(&mut tx, t => {
        sqlx::query_scalar(
            "INSERT INTO promotions (name, kind, first_day, last_day, weekdays, birthday, target, rate_bp,
                 factor_pct, gift_id, min_fen, active, created_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12) RETURNING id",
        )
        .bind(&p.name)
        .bind(p.offer.kind_code())
        .bind(p.first_day.0 as i64)
        .bind(p.last_day.0 as i64)
        .bind(p.weekdays as i64)
        .bind(p.birthday.code())
        .bind(&target)
        .bind(rate_bp)
        .bind(factor_pct)
        .bind(gift_id)
        .bind(min_fen)
        .bind(now_ms())
        .fetch_one(&mut **t)
        .await
    })?;
    for store_id in &p.stores {
        tx_rows_affected!(&mut tx, t => {
            sqlx::query("INSERT INTO promotion_stores (promotion_id, store_id) VALUES ($1, $2)")
                .bind(id).bind(*store_id).execute(&mut **t).await
        })?;
    }
    if let Offer::RechargeBonus { tiers } = &p.offer {
        for t in tiers {
            tx_rows_affected!(&mut tx, tt => {
                sqlx::query("INSERT INTO promotion_tiers (promotion_id, pay_fen, bonus_fen) VALUES ($1, $2, $3)")
                    .bind(id).bind(t.pay_fen).bind(t.bonus_fen).execute(&mut **tt).await
            })?;
        }
    }
    tx.commit().await?;
    Ok(id)
}

/// Switches a promotion off (or on again).
pub async fn set_active(db: &Db, id: i64, active: bool) -> Result<(), PromotionError> {
    let done = crate::audited_rows!(db, pool => {
        sqlx::query("UPDATE promotions SET active = $1 WHERE id = $2")
            .bind(i64::from(active)).bind(id).execute(pool).await
    })?;
    if done == 0 {
        return Err(PromotionError::NotFound);
    }
    Ok(())
}

/// The shop's combination rule.
pub async fn with_level(db: &Db) -> Result<WithLevel, DbError> {
    let code: String = on_reader!(db, pool => {
        sqlx::query_scalar("SELECT promotion_with_level FROM settings WHERE id = 1").fetch_one(pool).await
    })?;
    Ok(WithLevel::from_code(&code).unwrap_or_default())
}

pub async fn set_with_level(db: &Db, with: WithLevel) -> Result<(), DbError> {
    crate::audited_rows!(db, pool => {
        sqlx::query("UPDATE settings SET promotion_with_level = $1 WHERE id = 1")
            .bind(with.code()).execute(pool).await
    })?;
    Ok(())
}
