//! Reports (R2, R3): figures read from the per-store, per-day summaries that
//! triggers keep in each value operation's own transaction (migration 0015), and
//! the detail rows they sum. Everything here only reads, on a reader connection.

use crate::{Db, DbError, on_reader};
use domain::day::Day;
use domain::report::{DayFigures, Liability, Period, Stores, ValueFlow};

/// Rows on one page of a detail report.
pub const PAGE_ROWS: i64 = 50;
/// The deepest page a detail report opens (an export has no such limit).
pub const PAGE_MAX: u32 = 10_000;

fn store_of(stores: Stores) -> i64 {
    stores.one().unwrap_or(0)
}

/// What the shop owes its card holders at the end of `as_of`, per store that
/// issued the cards: today's liability less what changed after that day.
pub async fn liability(
    db: &Db,
    stores: Stores,
    as_of: Day,
) -> Result<Vec<(i64, Liability)>, DbError> {
    let sql = "SELECT store_id, CAST(SUM(p) AS BIGINT), CAST(SUM(b) AS BIGINT) FROM (
            SELECT store_id, principal_fen AS p, bonus_fen AS b FROM store_liability
            WHERE ($1 = 0 OR store_id = $1)
            UNION ALL
            SELECT store_id, -principal_fen, -bonus_fen FROM store_value_days
            WHERE day > $2 AND ($1 = 0 OR store_id = $1)
        ) x GROUP BY store_id ORDER BY store_id";
    let rows: Vec<(i64, i64, i64)> = on_reader!(db, pool => {
        sqlx::query_as(sql).bind(store_of(stores)).bind(as_of.0).fetch_all(pool).await
    })?;
    Ok(rows
        .into_iter()
        .map(|(id, principal_fen, bonus_fen)| {
            (
                id,
                Liability {
                    principal_fen,
                    bonus_fen,
                },
            )
        })
        .collect())
}

/// Principal moved over `period` at a store other than the card's own, per
/// (card's store, store where it moved): what clearing nets. One store's
/// report has every flow it is part of, on either side.
pub async fn clearing_flows(
    db: &Db,
    stores: Stores,
    period: Period,
) -> Result<Vec<ValueFlow>, DbError> {
    let sql = "SELECT home_store_id, store_id, CAST(SUM(principal_fen) AS BIGINT) FROM store_clearing_days
        WHERE day BETWEEN $1 AND $2 AND ($3 = 0 OR home_store_id = $3 OR store_id = $3)
        GROUP BY home_store_id, store_id ORDER BY home_store_id, store_id";
    let rows: Vec<(i64, i64, i64)> = on_reader!(db, pool => {
        sqlx::query_as(sql)
            .bind(period.first.0)
            .bind(period.last.0)
            .bind(store_of(stores))
            .fetch_all(pool)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|(home_store_id, store_id, principal_fen)| ValueFlow {
            home_store_id,
            store_id,
            principal_fen,
        })
        .collect())
}

/// What each store did on each day of `period` (days with nothing are left
/// out): sales, refunds, recharges and visits from the summaries, new members
/// from the members' join days.
pub async fn store_days(
    db: &Db,
    stores: Stores,
    period: Period,
) -> Result<Vec<(i64, Day, DayFigures)>, DbError> {
    let sql = "SELECT store_id, day, CAST(SUM(sales_count) AS BIGINT), CAST(SUM(sales_fen) AS BIGINT),
            CAST(SUM(refunds_fen) AS BIGINT), CAST(SUM(recharges_fen) AS BIGINT),
            CAST(SUM(visits) AS BIGINT), CAST(SUM(new_members) AS BIGINT)
        FROM (
            SELECT store_id, day, sales_count, sales_fen, refunds_fen, recharges_fen, visits, 0 AS new_members
            FROM store_days WHERE day BETWEEN $1 AND $2 AND ($3 = 0 OR store_id = $3)
            UNION ALL
            SELECT home_store_id, joined_day, 0, 0, 0, 0, 0, 1
            FROM members WHERE joined_day BETWEEN $1 AND $2 AND ($3 = 0 OR home_store_id = $3)
        ) x GROUP BY store_id, day ORDER BY store_id, day";
    type Row = (i64, i64, i64, i64, i64, i64, i64, i64);
    let rows: Vec<Row> = on_reader!(db, pool => {
        sqlx::query_as(sql)
            .bind(period.first.0)
            .bind(period.last.0)
            .bind(store_of(stores))
            .fetch_all(pool)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(
            |(
                store,
                day,
                sales_count,
                sales_fen,
                refunds_fen,
                recharges_fen,
                visits,
                new_members,
            )| {
                let figures = DayFigures {
                    sales_count,
                    sales_fen,
                    refunds_fen,
                    recharges_fen,
                    visits,
                    new_members,
                };
                (store, Day(day as i32), figures)
            },
        )
        .collect())
}

/// One sale in the sales detail.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SaleRow {
    pub id: i64,
    pub day: i64,
    pub at_ms: i64,
    pub store_name: String,
    pub staff_name: String,
    pub member_no: Option<String>,
    pub member_name: Option<String>,
    pub list_fen: i64,
    pub discount_fen: i64,
    pub total_fen: i64,
    pub refunded_fen: i64,
}

/// What a detail report's filter matched, summed over every page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct SalesTotals {
    pub count: i64,
    pub list_fen: i64,
    pub discount_fen: i64,
    pub total_fen: i64,
    pub refunded_fen: i64,
}

fn sales_where(stores: Stores) -> &'static str {
    // Two texts, so that each uses its index: (store_id, day) or (day).
    match stores {
        Stores::One(_) => "s.store_id = $3 AND s.day BETWEEN $1 AND $2",
        Stores::All => "s.day BETWEEN $1 AND $2 AND $3 = 0",
    }
}

/// Where a page of a detail report starts: a page number (the screen), or just
/// after the last row sent (an export reads on in chunks, never all at once).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    Page(u32),
    After { day: i64, id: i64 },
}

impl Start {
    /// (day, id) to read below, and the rows to skip.
    fn bounds(self, rows: i64) -> (i64, i64, i64) {
        match self {
            Start::Page(page) => (i64::MAX, i64::MAX, i64::from(page.min(PAGE_MAX)) * rows),
            Start::After { day, id } => (day, id, 0),
        }
    }
}

/// Sales of `period`, newest first, `rows` of them from `start`.
pub async fn sales_rows(
    db: &Db,
    stores: Stores,
    period: Period,
    start: Start,
    rows: i64,
) -> Result<Vec<SaleRow>, DbError> {
    let filter = sales_where(stores);
    let sql = format!(
        "SELECT s.id, s.day, s.at_ms, so.name AS store_name, st.name AS staff_name, m.member_no, m.name AS member_name,
            s.list_fen, s.discount_fen, s.total_fen, s.refunded_fen
         FROM sales s JOIN stores so ON so.id = s.store_id JOIN staff st ON st.id = s.staff_id
         LEFT JOIN members m ON m.id = s.member_id
         WHERE {filter} AND (s.day < $6 OR (s.day = $6 AND s.id < $7))
         ORDER BY s.day DESC, s.id DESC LIMIT $4 OFFSET $5"
    );
    let (below_day, below_id, skip) = start.bounds(rows);
    Ok(on_reader!(db, pool => {
        sqlx::query_as(&sql)
            .bind(period.first.0)
            .bind(period.last.0)
            .bind(store_of(stores))
            .bind(rows.clamp(1, 1_000))
            .bind(skip)
            .bind(below_day)
            .bind(below_id)
            .fetch_all(pool)
            .await
    })?)
}

/// The sales of `period`, one page (`page` from 0) with the totals of every
/// page. The totals equal the dashboard's for the same filter.
pub async fn sales(
    db: &Db,
    stores: Stores,
    period: Period,
    page: u32,
) -> Result<(Vec<SaleRow>, SalesTotals), DbError> {
    let rows = sales_rows(db, stores, period, Start::Page(page), PAGE_ROWS).await?;
    let sql = format!(
        "SELECT COUNT(*) AS count, CAST(COALESCE(SUM(s.list_fen), 0) AS BIGINT) AS list_fen,
            CAST(COALESCE(SUM(s.discount_fen), 0) AS BIGINT) AS discount_fen,
            CAST(COALESCE(SUM(s.total_fen), 0) AS BIGINT) AS total_fen,
            CAST(COALESCE(SUM(s.refunded_fen), 0) AS BIGINT) AS refunded_fen
         FROM sales s WHERE {}",
        sales_where(stores)
    );
    let totals: SalesTotals = on_reader!(db, pool => {
        sqlx::query_as(&sql)
            .bind(period.first.0)
            .bind(period.last.0)
            .bind(store_of(stores))
            .fetch_one(pool)
            .await
    })?;
    Ok((rows, totals))
}

/// One recharge (or a recharge taken back) in the recharge detail.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RechargeRow {
    pub id: i64,
    pub day: i64,
    pub at_ms: i64,
    pub kind: String,
    pub store_name: String,
    pub staff_name: String,
    pub card_no: String,
    pub member_no: Option<String>,
    pub member_name: Option<String>,
    pub payment_method: String,
    pub money_in_fen: i64,
    pub principal_fen: i64,
    pub bonus_fen: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct RechargeTotals {
    pub count: i64,
    pub money_in_fen: i64,
    pub principal_fen: i64,
    pub bonus_fen: i64,
}

fn card_tx_where(stores: Stores) -> &'static str {
    match stores {
        Stores::One(_) => "t.store_id = $3 AND t.day BETWEEN $1 AND $2",
        Stores::All => "t.day BETWEEN $1 AND $2 AND $3 = 0",
    }
}

/// A transaction's own entries in one bucket (a correlated sum, by the
/// entries' index on the transaction).
fn moved(bucket: &str) -> String {
    format!(
        "COALESCE((SELECT SUM(e.delta) FROM ledger_entries e
            WHERE e.transaction_id = t.id AND e.bucket = '{bucket}'), 0)"
    )
}

/// Recharges and recharges taken back over `period`, newest first, `rows` of
/// them from `start`: the money taken, the principal and bonus put on the card.
pub async fn recharge_rows(
    db: &Db,
    stores: Stores,
    period: Period,
    start: Start,
    rows: i64,
) -> Result<Vec<RechargeRow>, DbError> {
    let sql = format!(
        "SELECT t.id, t.day, t.at_ms, t.kind, so.name AS store_name, st.name AS staff_name, c.card_no,
            m.member_no, m.name AS member_name, t.payment_method, t.money_in_fen,
            CAST({} AS BIGINT) AS principal_fen, CAST({} AS BIGINT) AS bonus_fen
         FROM ledger_transactions t JOIN stores so ON so.id = t.store_id JOIN staff st ON st.id = t.staff_id
         JOIN cards c ON c.id = t.card_id LEFT JOIN members m ON m.id = c.member_id
         WHERE {} AND t.kind IN ('recharge', 'reversal') AND (t.day < $6 OR (t.day = $6 AND t.id < $7))
         ORDER BY t.day DESC, t.id DESC LIMIT $4 OFFSET $5",
        moved("principal"),
        moved("bonus"),
        card_tx_where(stores)
    );
    let (below_day, below_id, skip) = start.bounds(rows);
    Ok(on_reader!(db, pool => {
        sqlx::query_as(&sql)
            .bind(period.first.0)
            .bind(period.last.0)
            .bind(store_of(stores))
            .bind(rows.clamp(1, 1_000))
            .bind(skip)
            .bind(below_day)
            .bind(below_id)
            .fetch_all(pool)
            .await
    })?)
}

/// One page of the recharge detail and the totals of every page.
pub async fn recharges(
    db: &Db,
    stores: Stores,
    period: Period,
    page: u32,
) -> Result<(Vec<RechargeRow>, RechargeTotals), DbError> {
    let rows = recharge_rows(db, stores, period, Start::Page(page), PAGE_ROWS).await?;
    let sql = format!(
        "SELECT COUNT(*) AS count, CAST(COALESCE(SUM(t.money_in_fen), 0) AS BIGINT) AS money_in_fen,
            CAST(COALESCE(SUM({}), 0) AS BIGINT) AS principal_fen,
            CAST(COALESCE(SUM({}), 0) AS BIGINT) AS bonus_fen
         FROM ledger_transactions t WHERE {} AND t.kind IN ('recharge', 'reversal')",
        moved("principal"),
        moved("bonus"),
        card_tx_where(stores)
    );
    let totals: RechargeTotals = on_reader!(db, pool => {
        sqlx::query_as(&sql)
            .bind(period.first.0)
            .bind(period.last.0)
            .bind(store_of(stores))
            .fetch_one(pool)
            .await
    })?;
    Ok((rows, totals))
}
