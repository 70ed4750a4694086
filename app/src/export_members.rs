//! Members and cards as CSV (M3): `GET /reports/export/members.csv` and
//! `cards.csv`, the report scope (a branch: its own members and the cards it
//! issued), streamed a chunk at a time in id order, headed in the page's language.

use crate::api::report_ask::Ask;
use crate::export::{csv_body, fen, record};
use crate::i18n::Locale;
use crate::text::{card_kind_label, card_status_label, gender_label};
use axum::body::Body;
use domain::card::{CardKind, CardStatus};
use domain::day::Day;
use domain::member::Gender;
use leptos_i18n::td_string;

/// Rows read from the database per chunk.
const CHUNK_ROWS: i64 = 1_000;

fn day(d: Option<Day>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

pub async fn members(ask: Ask, l: Locale) -> Result<Body, db::DbError> {
    let fields = db::members::fields(&ask.db).await?;
    let mut headings: Vec<String> = [
        td_string!(l, field_member_number),
        td_string!(l, field_member_name),
        td_string!(l, field_phone),
        td_string!(l, field_gender),
        td_string!(l, field_birthday),
        td_string!(l, field_id_number),
        td_string!(l, field_email),
        td_string!(l, field_address),
        td_string!(l, field_home_store),
        td_string!(l, field_level),
        td_string!(l, field_valid_until),
        td_string!(l, field_hobbies),
        td_string!(l, field_notes),
        td_string!(l, status),
        td_string!(l, field_points),
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    headings.extend(fields.iter().map(|f| f.name.clone()));
    let field_ids: Vec<i64> = fields.iter().map(|f| f.id).collect();
    let store = ask.stores.one();
    Ok(csv_body(headings, move |after| {
        let (db, field_ids) = (ask.db.clone(), field_ids.clone());
        async move {
            let rows = db::exports::members_after(&db, store, after, CHUNK_ROWS).await?;
            let last = rows.last().map(|r| r.id);
            let mut out = Vec::new();
            for m in rows {
                let gender = Gender::from_code(&m.gender).unwrap_or(Gender::Unknown);
                let status = if m.active {
                    td_string!(l, card_status_active)
                } else {
                    td_string!(l, inactive)
                };
                let mut fields = vec![
                    m.member_no,
                    m.name,
                    m.phone.unwrap_or_default(),
                    gender_label(l, gender).to_owned(),
                    day(m.birthday),
                    m.id_number,
                    m.email,
                    m.address,
                    m.store_code,
                    m.level_name.unwrap_or_default(),
                    day(m.valid_until),
                    m.hobbies,
                    m.notes,
                    status.to_owned(),
                    m.points.to_string(),
                ];
                fields.extend(field_ids.iter().map(|id| {
                    m.custom
                        .iter()
                        .find(|(f, _)| f == id)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                }));
                out.extend(record(&fields));
            }
            Ok((out, last))
        }
    }))
}

pub fn cards(ask: Ask, l: Locale) -> Body {
    let headings: Vec<String> = [
        td_string!(l, field_card_number),
        td_string!(l, field_member_number),
        td_string!(l, field_member_name),
        td_string!(l, field_plan),
        td_string!(l, field_card_kind),
        td_string!(l, status),
        td_string!(l, report_principal),
        td_string!(l, report_bonus),
        td_string!(l, field_visits),
        td_string!(l, field_valid_until),
        td_string!(l, report_issuing_store),
        td_string!(l, field_sold_at),
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let store = ask.stores.one();
    let (db, zone) = (ask.db, ask.time_zone);
    csv_body(headings, move |after| {
        let (db, zone) = (db.clone(), zone.clone());
        async move {
            let rows = db::exports::cards_after(&db, store, after, CHUNK_ROWS).await?;
            let last = rows.last().map(|r| r.id);
            let mut out = Vec::new();
            for c in rows {
                let kind = CardKind::from_code(&c.kind).map(|k| card_kind_label(l, k));
                let status = CardStatus::from_code(&c.status).map(|s| card_status_label(l, s));
                out.extend(record(&[
                    c.card_no,
                    c.member_no.unwrap_or_default(),
                    c.member_name.unwrap_or_default(),
                    c.plan_name,
                    kind.unwrap_or_default().to_owned(),
                    status.unwrap_or_default().to_owned(),
                    fen(c.principal_fen),
                    fen(c.bonus_fen),
                    c.visits_left.to_string(),
                    day(c.valid_until_day.map(|d| Day(d as i32))),
                    c.store_code,
                    db::clock::local_minute(c.issued_at_ms, &zone),
                ]));
            }
            Ok((out, last))
        }
    })
}
