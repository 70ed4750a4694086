//! Members and cards for CSV export (M3): a chunk at a time in id order, within a
//! store scope (a member by home store, a card by issuing store). Reads only.

use crate::{Db, DbError, on_reader};
use domain::day::Day;

/// One member as exported; `custom` holds (field id, value) of the shop's own fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberLine {
    pub id: i64,
    pub member_no: String,
    pub name: String,
    pub phone: Option<String>,
    pub gender: String,
    pub birthday: Option<Day>,
    pub id_number: String,
    pub email: String,
    pub address: String,
    pub store_code: String,
    pub level_name: Option<String>,
    pub valid_until: Option<Day>,
    pub hobbies: String,
    pub notes: String,
    pub active: bool,
    pub points: i64,
    pub custom: Vec<(i64, String)>,
}

type MemberRow = (
    i64,
    String,
    String,
    Option<String>,
    String,
    Option<i64>,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    String,
    String,
    bool,
    i64,
);

/// Members with an id above `after`, at most `limit`, in id order.
pub async fn members_after(
    db: &Db,
    store: Option<i64>,
    after: i64,
    limit: i64,
) -> Result<Vec<MemberLine>, DbError> {
    let sql = "SELECT m.id, m.member_no, m.name, m.phone, m.gender, m.birthday_day, m.id_number,
               m.email, m.address, s.code, l.name, m.valid_until_day, m.hobbies, m.notes, m.active,
               m.points
        FROM members m JOIN stores s ON s.id = m.home_store_id
        LEFT JOIN levels l ON l.id = m.level_id
        WHERE m.id > $1 AND ($2 = 0 OR m.home_store_id = $2)
        ORDER BY m.id LIMIT $3";
    let rows: Vec<MemberRow> = on_reader!(db, pool => sqlx::query_as(sql)
        .bind(after)
        .bind(store.unwrap_or(0))
        .bind(limit.clamp(1, 5_000))
        .fetch_all(pool)
        .await)?;
    let (Some(first), Some(last)) = (rows.first().map(|r| r.0), rows.last().map(|r| r.0)) else {
        return Ok(Vec::new());
    };
    let values_sql = "SELECT member_id, field_id, value FROM member_values
        WHERE member_id BETWEEN $1 AND $2 ORDER BY member_id, field_id";
    let values: Vec<(i64, i64, String)> = on_reader!(db, pool => sqlx::query_as(values_sql)
        .bind(first)
        .bind(last)
        .fetch_all(pool)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|r| MemberLine {
            custom: values
                .iter()
                .filter(|v| v.0 == r.0)
                .map(|v| (v.1, v.2.clone()))
                .collect(),
            id: r.0,
            member_no: r.1,
            name: r.2,
            phone: r.3,
            gender: r.4,
            birthday: r.5.map(|d| Day(d as i32)),
            id_number: r.6,
            email: r.7,
            address: r.8,
            store_code: r.9,
            level_name: r.10,
            valid_until: r.11.map(|d| Day(d as i32)),
            hobbies: r.12,
            notes: r.13,
            active: r.14,
            points: r.15,
        })
        .collect())
}

/// One card as exported.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CardLine {
    pub id: i64,
    pub card_no: String,
    pub member_no: Option<String>,
    pub member_name: Option<String>,
    pub plan_name: String,
    pub kind: String,
    pub status: String,
    pub principal_fen: i64,
    pub bonus_fen: i64,
    pub visits_left: i64,
    pub valid_until_day: Option<i64>,
    pub store_code: String,
    pub issued_at_ms: i64,
}

/// Cards with an id above `after`, at most `limit`, in id order.
pub async fn cards_after(
    db: &Db,
    store: Option<i64>,
    after: i64,
    limit: i64,
) -> Result<Vec<CardLine>, DbError> {
    let sql = "SELECT c.id, c.card_no, m.member_no, m.name AS member_name, p.name AS plan_name,
               c.kind, c.status, c.principal_fen, c.bonus_fen, c.visits_left, c.valid_until_day,
               s.code AS store_code, c.issued_at_ms
        FROM cards c JOIN plans p ON p.id = c.plan_id
        JOIN stores s ON s.id = c.issued_store_id
        LEFT JOIN members m ON m.id = c.member_id
        WHERE c.id > $1 AND ($2 = 0 OR c.issued_store_id = $2)
        ORDER BY c.id LIMIT $3";
    let rows = on_reader!(db, pool => sqlx::query_as(sql)
        .bind(after)
        .bind(store.unwrap_or(0))
        .bind(limit.clamp(1, 5_000))
        .fetch_all(pool)
        .await)?;
    Ok(rows)
}
