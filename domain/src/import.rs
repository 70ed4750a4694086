//! Members brought over from the shop's old system (M3): one CSV row per member,
//! or per card (a member's number repeated on another row adds another card).
//! The row's words become a checked member, their points and their card's
//! opening balance, visits and validity; every problem is named by its row.

use crate::card::{CardKind, parse_card_number};
use crate::custom_field::CustomField;
use crate::day::Day;
use crate::error::{Field, FieldError, Problem};
use crate::member::{Gender, MemberForm, MemberInput};
use crate::money::Money;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The largest file taken, in bytes (about 150,000 members with their cards).
pub const IMPORT_MAX_BYTES: usize = 32 * 1024 * 1024;
/// The most rows in one file.
pub const IMPORT_MAX_ROWS: usize = 200_000;
/// The most opening points or visits on one row.
pub const OPENING_MAX: i64 = 100_000_000;

/// What a column of the file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    MemberNumber,
    Name,
    Phone,
    Gender,
    Birthday,
    IdNumber,
    Email,
    Address,
    HomeStore,
    Level,
    ValidUntil,
    Hobbies,
    Notes,
    Status,
    Points,
    CardNumber,
    Plan,
    Principal,
    Bonus,
    Visits,
    CardValidUntil,
    /// A shop-defined member field, by its id.
    Custom(i64),
}

/// The columns every file must have.
pub const REQUIRED_COLUMNS: [Column; 2] = [Column::MemberNumber, Column::Name];

/// What the shop has that rows name: stores by code or name, levels and plans
/// by name (any case), the member form's own fields.
#[derive(Clone, Debug, Default)]
pub struct Lookups {
    pub stores: HashMap<String, i64>,
    /// Members without a store go to the importer's.
    pub default_store: i64,
    pub levels: HashMap<String, i64>,
    pub plans: HashMap<String, (i64, CardKind)>,
    pub fields: Vec<CustomField>,
}

fn key(text: &str) -> String {
    text.trim().to_lowercase()
}

/// A card brought over with what is left on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningCard {
    pub card_no: String,
    pub plan_id: i64,
    pub kind: CardKind,
    pub principal_fen: i64,
    pub bonus_fen: i64,
    pub visits: i64,
    pub valid_until: Option<Day>,
}

/// One checked row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    /// The row's line in the file (the headings are line 1).
    pub line: u64,
    pub member_no: String,
    pub member: MemberInput,
    pub points: i64,
    pub card: Option<OpeningCard>,
}

/// A row refused, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadRow {
    pub line: u64,
    pub problem: FieldError,
}

/// Words for a gender or a status in any of the shop's languages, as the
/// export writes them.
const MALE: &[&str] = &["male", "m", "男", "男性"];
const FEMALE: &[&str] = &["female", "f", "女", "女性"];
const UNKNOWN: &[&str] = &["", "unknown", "not given", "未填", "未知"];
const INACTIVE: &[&str] = &["inactive", "已停用", "停用", "no", "否", "0"];

fn gender_code(raw: &str) -> Result<&'static str, FieldError> {
    let k = key(raw);
    if MALE.contains(&k.as_str()) {
        Ok(Gender::Male.code())
    } else if FEMALE.contains(&k.as_str()) {
        Ok(Gender::Female.code())
    } else if UNKNOWN.contains(&k.as_str()) {
        Ok(Gender::Unknown.code())
    } else {
        Err(FieldError::new(Field::Gender, Problem::NotAnOption))
    }
}

fn count(raw: &str, field: Field) -> Result<i64, FieldError> {
    let raw = raw.trim().replace(',', "");
    if raw.is_empty() {
        return Ok(0);
    }
    let n: i64 = raw
        .parse()
        .map_err(|_| FieldError::new(field, Problem::NotAWholeNumber))?;
    if n < 0 {
        return Err(FieldError::new(field, Problem::Negative));
    }
    if n > OPENING_MAX {
        let problem = Problem::OutOfRange {
            min: 0,
            max: OPENING_MAX as u32,
        };
        return Err(FieldError::new(field, problem));
    }
    Ok(n)
}

fn money(raw: &str, field: Field) -> Result<i64, FieldError> {
    if raw.trim().is_empty() {
        return Ok(0);
    }
    Ok(Money::parse(raw, field)?.fen())
}

/// Checks one row; `values[i]` is the text under `columns[i]`.
pub fn parse_row(
    line: u64,
    columns: &[Column],
    values: &[String],
    look: &Lookups,
) -> Result<ImportRow, FieldError> {
    let get = |c: Column| -> &str {
        columns
            .iter()
            .position(|x| *x == c)
            .and_then(|i| values.get(i))
            .map_or("", |v| v.as_str())
    };
    if get(Column::MemberNumber).trim().is_empty() {
        return Err(FieldError::new(Field::MemberNumber, Problem::Required));
    }
    let home_store_id = match key(get(Column::HomeStore)) {
        k if k.is_empty() => look.default_store,
        k => *look
            .stores
            .get(&k)
            .ok_or(FieldError::new(Field::HomeStore, Problem::NotAnOption))?,
    };
    let level_id = match key(get(Column::Level)) {
        k if k.is_empty() => 0,
        k => *look
            .levels
            .get(&k)
            .ok_or(FieldError::new(Field::Level, Problem::NotAnOption))?,
    };
    let active = !INACTIVE.contains(&key(get(Column::Status)).as_str());
    let form = MemberForm {
        member_no: get(Column::MemberNumber).to_owned(),
        name: get(Column::Name).to_owned(),
        phone: get(Column::Phone).to_owned(),
        gender: gender_code(get(Column::Gender))?.to_owned(),
        birthday: get(Column::Birthday).to_owned(),
        id_number: get(Column::IdNumber).to_owned(),
        email: get(Column::Email).to_owned(),
        address: get(Column::Address).to_owned(),
        home_store_id,
        referrer: String::new(),
        valid_until: get(Column::ValidUntil).to_owned(),
        hobbies: get(Column::Hobbies).to_owned(),
        notes: get(Column::Notes).to_owned(),
        active: active.then(|| "on".to_owned()),
        custom: look
            .fields
            .iter()
            .map(|f| (f.id, get(Column::Custom(f.id)).to_owned()))
            .collect(),
        level_id,
    };
    let member = form.parse(&look.fields)?;
    let member_no = member.member_no.clone().unwrap_or_default();
    let points = count(get(Column::Points), Field::OpeningPoints)?;
    let card = opening_card(&get, look)?;
    Ok(ImportRow {
        line,
        member_no,
        member,
        points,
        card,
    })
}

fn opening_card<'a>(
    get: &impl Fn(Column) -> &'a str,
    look: &Lookups,
) -> Result<Option<OpeningCard>, FieldError> {
    let number = get(Column::CardNumber);
    let value_given = [
        Column::Plan,
        Column::Principal,
        Column::Bonus,
        Column::Visits,
        Column::CardValidUntil,
    ]
    .iter()
    .any(|c| !get(*c).trim().is_empty());
    if number.trim().is_empty() {
        return if value_given {
            Err(FieldError::new(Field::CardNumber, Problem::Required))
        } else {
            Ok(None)
        };
    }
    let card_no = parse_card_number(number, Field::CardNumber)?;
    let (plan_id, kind) = *look
        .plans
        .get(&key(get(Column::Plan)))
        .ok_or(FieldError::new(Field::Plan, Problem::NotAnOption))?;
    let principal_fen = money(get(Column::Principal), Field::Amount)?;
    let bonus_fen = money(get(Column::Bonus), Field::Bonus)?;
    let visits = count(get(Column::Visits), Field::Visits)?;
    let valid_until = match get(Column::CardValidUntil).trim() {
        "" => None,
        typed => Some(Day::parse(typed, Field::ValidUntil)?),
    };
    // Only what the card's kind holds: money on stored value, visits on count
    // cards, a last day on time cards.
    let wrong = match kind {
        CardKind::StoredValue => visits != 0,
        CardKind::Count => principal_fen != 0 || bonus_fen != 0,
        CardKind::Time => principal_fen != 0 || bonus_fen != 0 || visits != 0,
    };
    if wrong {
        return Err(FieldError::new(Field::CardKind, Problem::NotAnOption));
    }
    if kind == CardKind::Time && valid_until.is_none() {
        return Err(FieldError::new(Field::ValidUntil, Problem::Required));
    }
    Ok(Some(OpeningCard {
        card_no,
        plan_id,
        kind,
        principal_fen,
        bonus_fen,
        visits,
        valid_until,
    }))
}

/// Problems between rows of one file: the same card twice, one phone for two
/// members. A member's number on several rows is one member with several cards.
pub fn cross_check(rows: &[ImportRow]) -> Vec<BadRow> {
    let mut bad = Vec::new();
    let mut cards = HashSet::new();
    let mut phones: HashMap<&str, &str> = HashMap::new();
    for row in rows {
        if let Some(card) = &row.card
            && !cards.insert(card.card_no.as_str())
        {
            bad.push(BadRow {
                line: row.line,
                problem: FieldError::new(Field::CardNumber, Problem::Taken),
            });
            continue;
        }
        if let Some(phone) = row.member.phone.as_deref() {
            match phones.get(phone) {
                Some(owner) if *owner != row.member_no => bad.push(BadRow {
                    line: row.line,
                    problem: FieldError::new(Field::Phone, Problem::Taken),
                }),
                _ => {
                    phones.insert(phone, &row.member_no);
                }
            }
        }
    }
    bad
}

/// What the shop already holds that a file's rows may meet.
#[derive(Clone, Debug, Default)]
pub struct Held {
    pub members: HashSet<String>,
    /// Phone → the number of the member who has it.
    pub phones: HashMap<String, String>,
    /// Card numbers in use or retired.
    pub cards: HashSet<String>,
}

/// A file's rows sorted against the shop: those to write, how many are already
/// there (a member's number the shop has: running a file twice changes
/// nothing), and those refused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sorted {
    pub to_write: Vec<ImportRow>,
    pub already_there: usize,
    pub bad: Vec<BadRow>,
}

pub fn against_shop(rows: Vec<ImportRow>, held: &Held) -> Sorted {
    let mut sorted = Sorted::default();
    for row in rows {
        if held.members.contains(&row.member_no) {
            sorted.already_there += 1;
            continue;
        }
        let taken = |field| BadRow {
            line: row.line,
            problem: FieldError::new(field, Problem::Taken),
        };
        if let Some(phone) = row.member.phone.as_deref()
            && held
                .phones
                .get(phone)
                .is_some_and(|owner| *owner != row.member_no)
        {
            sorted.bad.push(taken(Field::Phone));
            continue;
        }
        if let Some(card) = &row.card
            && held.cards.contains(&card.card_no)
        {
            sorted.bad.push(taken(Field::CardNumber));
            continue;
        }
        sorted.to_write.push(row);
    }
    sorted
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
