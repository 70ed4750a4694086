//! Members (M1, M2) and the shop's custom member fields.

use crate::tx::Tx;
use crate::{
    Db, DbError, is_unique_violation, ledger::day_of, now_ms, on_pool, on_reader, on_tx,
    tx_rows_affected,
};
use domain::member::{CustomField, CustomKind, Gender, Member, MemberInput};

pub use crate::member_search::search;

#[derive(Debug, thiserror::Error)]
pub enum MemberError {
    #[error("member number taken")]
    NumberTaken,
    #[error("phone taken")]
    PhoneTaken,
    #[error("referrer not found")]
    ReferrerNotFound,
    #[error("level not found")]
    LevelNotFound,
    #[error("too many custom fields")]
    TooManyFields,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for MemberError {
    fn from(e: sqlx::Error) -> Self {
        if is_unique_violation(&e, "member_no") {
            MemberError::NumberTaken
        } else if is_unique_violation(&e, "phone") {
            MemberError::PhoneTaken
        } else {
            MemberError::Db(e.into())
        }
    }
}

#[derive(sqlx::FromRow)]
struct FieldRow {
    id: i64,
    name: String,
    kind: String,
    choices: String,
    required: bool,
}

/// The custom fields on the member form, in the order they were added.
pub async fn fields(db: &Db) -> Result<Vec<CustomField>, DbError> {
    let rows: Vec<FieldRow> = on_reader!(db, pool => {
        sqlx::query_as("SELECT id, name, kind, choices, required FROM member_fields WHERE active ORDER BY id")
            .fetch_all(pool)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|r| CustomField {
            id: r.id,
            name: r.name,
            kind: CustomKind::from_code(&r.kind).unwrap_or(CustomKind::Text),
            choices: r.choices.lines().map(str::to_owned).collect(),
            required: r.required,
        })
        .collect())
}

pub async fn add_field(db: &Db, field: &CustomField) -> Result<i64, MemberError> {
    if fields(db).await?.len() >= domain::member::CUSTOM_FIELDS_MAX {
        return Err(MemberError::TooManyFields);
    }
    Ok(crate::audited!(db, pool => {
        sqlx::query_scalar(
            "INSERT INTO member_fields (name, kind, choices, required, created_at_ms) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&field.name)
        .bind(field.kind.code())
        .bind(field.choices.join("\n"))
        .bind(field.required)
        .bind(now_ms())
        .fetch_one(pool)
        .await
    })?)
}

/// Takes a custom field off the form (its values stay with the members).
pub async fn remove_field(db: &Db, field_id: i64) -> Result<(), MemberError> {
    let changed = crate::audited_rows!(db, pool => {
        sqlx::query("UPDATE member_fields SET active = FALSE WHERE id = $1").bind(field_id).execute(pool).await
    })?;
    if changed == 1 {
        Ok(())
    } else {
        Err(MemberError::NotFound)
    }
}

async fn referrer_id(tx: &mut Tx, referrer: Option<&str>) -> Result<Option<i64>, MemberError> {
    let Some(key) = referrer else { return Ok(None) };
    let id: Option<i64> = on_tx!(tx, t => {
        sqlx::query_scalar("SELECT id FROM members WHERE member_no = $1 OR phone = $2 LIMIT 1")
            .bind(key.to_ascii_uppercase())
            .bind(key.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>())
            .fetch_optional(&mut **t)
            .await
    })?;
    id.map(Some).ok_or(MemberError::ReferrerNotFound)
}

/// Makes the member's custom values exactly `m.custom`, writing only those that
/// differ (the audit log shows each changed value once).
async fn write_values(tx: &mut Tx, member_id: i64, m: &MemberInput) -> Result<(), MemberError> {
    let held: Vec<(i64, String)> = on_tx!(&mut *tx, t => {
        sqlx::query_as("SELECT field_id, value FROM member_values WHERE member_id = $1")
            .bind(member_id)
            .fetch_all(&mut **t)
            .await
    })?;
    for (field_id, _) in held
        .iter()
        .filter(|(id, _)| !m.custom.iter().any(|(f, _)| f == id))
    {
        tx_rows_affected!(&mut *tx, t => {
            sqlx::query("DELETE FROM member_values WHERE member_id = $1 AND field_id = $2")
                .bind(member_id)
                .bind(field_id)
                .execute(&mut **t)
                .await
        })?;
    }
    for (field_id, value) in &m.custom {
        let sql = match held.iter().find(|(id, _)| id == field_id) {
            Some((_, old)) if old == value => continue,
            Some(_) => "UPDATE member_values SET value = $3 WHERE member_id = $1 AND field_id = $2",
            None => "INSERT INTO member_values (member_id, field_id, value) VALUES ($1, $2, $3)",
        };
        tx_rows_affected!(&mut *tx, t => {
            sqlx::query(sql).bind(member_id).bind(field_id).bind(value).execute(&mut **t).await
        })?;
    }
    Ok(())
}

/// Adds a member; without a number, the next one ("000001", ...) is given.
pub async fn create(db: &Db, m: &MemberInput) -> Result<i64, MemberError> {
    let mut tx = db.begin().await?;
    let id = write(&mut tx, None, m).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(db: &Db, id: i64, m: &MemberInput) -> Result<(), MemberError> {
    let mut tx = db.begin().await?;
    write(&mut tx, Some(id), m).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes every field of the record and its custom values: one INSERT for a new
/// member (`id` None), one UPDATE otherwise, so the audit log holds one row for
/// the change. The level is written only for a new member: after that it climbs
/// on points or a manager sets it with a reason (`crate::points::set_level`),
/// never by editing.
pub(crate) async fn write(
    tx: &mut Tx,
    id: Option<i64>,
    m: &MemberInput,
) -> Result<i64, MemberError> {
    let referrer = referrer_id(tx, m.referrer.as_deref()).await?;
    if referrer.is_some() && referrer == id {
        return Err(MemberError::ReferrerNotFound);
    }
    if let Some(level) = m.level_id.filter(|_| id.is_none()) {
        let found: Option<i64> = on_tx!(&mut *tx, t => {
            sqlx::query_scalar("SELECT id FROM levels WHERE id = $1").bind(level).fetch_optional(&mut **t).await
        })?;
        if found.is_none() {
            return Err(MemberError::LevelNotFound);
        }
    }
    let now = now_ms();
    let (sql, number, joined) = match id {
        None => {
            let next: i64 = on_tx!(&mut *tx, t => {
                sqlx::query_scalar("UPDATE settings SET next_member_no = next_member_no + 1 WHERE id = 1 RETURNING next_member_no - 1")
                    .fetch_one(&mut **t)
                    .await
            })?;
            let time_zone: Option<String> = on_tx!(&mut *tx, t => {
                sqlx::query_scalar("SELECT time_zone FROM company WHERE id = 1").fetch_optional(&mut **t).await
            })?;
            let joined = crate::clock::business_day(now, time_zone.as_deref().unwrap_or("UTC"));
            let number = m.member_no.clone().unwrap_or_else(|| format!("{next:06}"));
            (
                "INSERT INTO members (member_no, name, phone, gender, birthday_day, id_number, email, address,
                     home_store_id, referrer_id, active, valid_until_day, hobbies, notes, level_id,
                     name_initials, created_at_ms, updated_at_ms, joined_day)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $16, $17, $18, $18, $19)
                 RETURNING id",
                Some(number),
                joined.0 as i64,
            )
        }
        Some(_) => (
            "UPDATE members SET member_no = COALESCE($1, member_no), name = $2, phone = $3, gender = $4,
                 birthday_day = $5, id_number = $6, email = $7, address = $8, home_store_id = $9,
                 referrer_id = $10, active = $11, valid_until_day = $12, hobbies = $13, notes = $14,
                 name_initials = $17, updated_at_ms = $18
             WHERE id = $15 AND $19 = 0 RETURNING id",
            m.member_no.clone(),
            0,
        ),
    };
    let written: Option<i64> = on_tx!(&mut *tx, t => {
        sqlx::query_scalar(sql)
            .bind(&number)
            .bind(&m.name)
            .bind(&m.phone)
            .bind(m.gender.code())
            .bind(m.birthday.map(|d| d.0 as i64))
            .bind(&m.id_number)
            .bind(&m.email)
            .bind(&m.address)
            .bind(m.home_store_id)
            .bind(referrer)
            .bind(m.status == domain::member::MemberStatus::Active)
            .bind(m.valid_until.map(|d| d.0 as i64))
            .bind(&m.hobbies)
            .bind(&m.notes)
            .bind(id.unwrap_or_default())
            .bind(m.level_id)
            .bind(initials_of(&m.name))
            .bind(now)
            .bind(joined)
            .fetch_optional(&mut **t)
            .await
    })?;
    let id = written.ok_or(MemberError::NotFound)?;
    write_values(tx, id, m).await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: i64,
    member_no: String,
    name: String,
    phone: Option<String>,
    gender: String,
    birthday_day: Option<i64>,
    id_number: String,
    email: String,
    address: String,
    home_store_id: i64,
    home_store_name: String,
    referrer_no: Option<String>,
    referrer_name: Option<String>,
    active: bool,
    valid_until_day: Option<i64>,
    hobbies: String,
    notes: String,
    level_id: Option<i64>,
    level_name: Option<String>,
    points: i64,
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Member>, DbError> {
    let row: Option<MemberRow> = on_reader!(db, pool => {
        sqlx::query_as(
            "SELECT m.id, m.member_no, m.name, m.phone, m.gender, m.birthday_day, m.id_number, m.email, m.address,
                 m.home_store_id, s.name AS home_store_name, r.member_no AS referrer_no, r.name AS referrer_name,
                 m.active, m.valid_until_day, m.hobbies, m.notes, m.level_id, l.name AS level_name, m.points
             FROM members m JOIN stores s ON s.id = m.home_store_id LEFT JOIN members r ON r.id = m.referrer_id
             LEFT JOIN levels l ON l.id = m.level_id
             WHERE m.id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await
    })?;
    let Some(r) = row else { return Ok(None) };
    let custom: Vec<(i64, String)> = on_reader!(db, pool => {
        sqlx::query_as("SELECT field_id, value FROM member_values WHERE member_id = $1 ORDER BY field_id")
            .bind(id)
            .fetch_all(pool)
            .await
    })?;
    Ok(Some(Member {
        id: r.id,
        member_no: r.member_no,
        name: r.name,
        phone: r.phone,
        gender: Gender::from_code(&r.gender).unwrap_or(Gender::Unknown),
        birthday: day_of(r.birthday_day),
        id_number: r.id_number,
        email: r.email,
        address: r.address,
        home_store_id: r.home_store_id,
        home_store_name: r.home_store_name,
        referrer_no: r.referrer_no,
        referrer_name: r.referrer_name,
        active: r.active,
        valid_until: day_of(r.valid_until_day),
        hobbies: r.hobbies,
        notes: r.notes,
        custom,
        level_id: r.level_id,
        level_name: r.level_name,
        points: r.points,
    }))
}

/// The pinyin initials a name is found by ("陈美玲" → "CML"). A name with no
/// letter, digit or Chinese character has none: '-' keeps it from being filled
/// again and matches no search.
pub fn initials_of(name: &str) -> String {
    let initials = domain::catalogue::short_code_of(name);
    if initials.is_empty() {
        "-".to_owned()
    } else {
        initials
    }
}

/// Fills the pinyin initials of members written before the column existed (or
/// by a statement that left them out), a thousand at a time; returns how many.
/// Gives members from before migration 0015 the company day they joined on
/// (new members per store and day); a member is written with it since.
pub async fn fill_joined_days(db: &Db) -> Result<u64, DbError> {
    let time_zone: Option<String> = on_pool!(db, pool => {
        sqlx::query_scalar("SELECT time_zone FROM company WHERE id = 1").fetch_optional(pool).await
    })?;
    let time_zone = time_zone.unwrap_or_else(|| "UTC".into());
    let mut filled = 0;
    loop {
        let rows: Vec<(i64, i64)> = on_pool!(db, pool => {
            sqlx::query_as("SELECT id, created_at_ms FROM members WHERE joined_day IS NULL ORDER BY id LIMIT 5000")
                .fetch_all(pool)
                .await
        })?;
        if rows.is_empty() {
            return Ok(filled);
        }
        let mut tx = db.begin().await?;
        for (id, at_ms) in &rows {
            let day = crate::clock::business_day(*at_ms, &time_zone);
            tx_rows_affected!(&mut tx, t => {
                sqlx::query("UPDATE members SET joined_day = $1 WHERE id = $2").bind(day.0).bind(id).execute(&mut **t).await
            })?;
        }
        tx.commit().await?;
        filled += rows.len() as u64;
    }
}

pub async fn fill_initials(db: &Db) -> Result<u64, DbError> {
    let mut filled = 0;
    loop {
        let rows: Vec<(i64, String)> = on_pool!(db, pool => {
            sqlx::query_as("SELECT id, name FROM members WHERE name_initials = '' AND name <> '' ORDER BY id LIMIT 1000")
                .fetch_all(pool)
                .await
        })?;
        if rows.is_empty() {
            return Ok(filled);
        }
        let mut tx = db.begin().await?;
        for (id, name) in &rows {
            let initials = initials_of(name);
            tx_rows_affected!(&mut tx, t => {
                sqlx::query("UPDATE members SET name_initials = $1 WHERE id = $2").bind(&initials).bind(id).execute(&mut **t).await
            })?;
        }
        tx.commit().await?;
        filled += rows.len() as u64;
    }
}
