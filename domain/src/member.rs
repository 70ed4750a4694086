//! Members (M1, M2): the record, the shop's own custom fields, and search.

use crate::card::parse_member_number;
pub use crate::custom_field::{CustomField, CustomFieldForm, CustomKind};
use crate::day::Day;
use crate::{Field, FieldError, Problem, text};
use serde::{Deserialize, Serialize};

pub const MEMBER_NAME_MAX_CHARS: u32 = 40;
pub const MEMBER_PHONE_MAX_CHARS: u32 = 20;
pub const ID_NUMBER_MAX_CHARS: u32 = 32;
pub const EMAIL_MAX_CHARS: u32 = 100;
pub const ADDRESS_MAX_CHARS: u32 = 200;
pub const HOBBIES_MAX_CHARS: u32 = 200;
pub const NOTES_MAX_CHARS: u32 = 500;
pub const CUSTOM_FIELDS_MAX: usize = 20;
pub const CUSTOM_FIELD_NAME_MAX_CHARS: u32 = 30;
pub const CUSTOM_VALUE_MAX_CHARS: u32 = 100;
pub const CHOICES_MAX: usize = 20;
pub const SEARCH_MAX_CHARS: u32 = 64;
pub const PAGE_SIZE_MAX: u32 = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    Unknown,
    Female,
    Male,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Unknown => "",
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }

    pub fn from_code(code: &str) -> Option<Gender> {
        [Gender::Unknown, Gender::Female, Gender::Male]
            .into_iter()
            .find(|g| g.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MemberStatus {
    Active,
    Inactive,
}

/// The member form as typed. `custom` holds one value per custom field, by id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberForm {
    /// Empty: the next number is given.
    pub member_no: String,
    pub name: String,
    pub phone: String,
    pub gender: String,
    pub birthday: String,
    pub id_number: String,
    pub email: String,
    pub address: String,
    pub home_store_id: i64,
    /// The referrer's member number or phone.
    pub referrer: String,
    pub valid_until: String,
    pub hobbies: String,
    pub notes: String,
    #[serde(default)]
    pub active: Option<String>,
    #[serde(default)]
    pub custom: Vec<(i64, String)>,
    /// 0: no level (full price).
    #[serde(default)]
    pub level_id: i64,
}

/// A member record that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberInput {
    pub member_no: Option<String>,
    pub name: String,
    pub phone: Option<String>,
    pub gender: Gender,
    pub birthday: Option<Day>,
    pub id_number: String,
    pub email: String,
    pub address: String,
    pub home_store_id: i64,
    pub referrer: Option<String>,
    pub valid_until: Option<Day>,
    pub hobbies: String,
    pub notes: String,
    pub status: MemberStatus,
    pub custom: Vec<(i64, String)>,
    pub level_id: Option<i64>,
}

fn optional_day(raw: &str, field: Field) -> Result<Option<Day>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        Day::parse(raw, field).map(Some)
    }
}

/// A mobile or landline number kept as its digits (and a leading '+'): 5 to 20 digits.
pub fn parse_member_phone(raw: &str) -> Result<Option<String>, FieldError> {
    let typed = text::optional(raw, Field::Phone, MEMBER_PHONE_MAX_CHARS + 10)?;
    if typed.is_empty() {
        return Ok(None);
    }
    if !typed
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()".contains(c))
    {
        return Err(FieldError::new(Field::Phone, Problem::BadCharacters));
    }
    let plus = if typed.starts_with('+') { "+" } else { "" };
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 5 {
        return Err(FieldError::new(
            Field::Phone,
            Problem::TooShort { min_chars: 5 },
        ));
    }
    if digits.len() > MEMBER_PHONE_MAX_CHARS as usize {
        return Err(FieldError::new(
            Field::Phone,
            Problem::TooLong {
                max_chars: MEMBER_PHONE_MAX_CHARS,
            },
        ));
    }
    Ok(Some(format!("{plus}{digits}")))
}

impl MemberForm {
    /// Checks the form against the rules and the shop's custom fields.
    pub fn parse(&self, fields: &[CustomField]) -> Result<MemberInput, FieldError> {
        self.parse_all(fields).map_err(crate::error::first)
    }

    /// Every problem at once.
    pub fn parse_all(&self, fields: &[CustomField]) -> Result<MemberInput, Vec<FieldError>> {
        let mut p = crate::Problems::default();
        let member_no = p.check(if self.member_no.trim().is_empty() {
            Ok(None)
        } else {
            parse_member_number(&self.member_no).map(Some)
        });
        let name = p.check(text::required(
            &self.name,
            Field::MemberName,
            MEMBER_NAME_MAX_CHARS,
        ));
        let phone = p.check(parse_member_phone(&self.phone));
        let gender = p.check(
            Gender::from_code(self.gender.trim())
                .ok_or(FieldError::new(Field::Gender, Problem::NotAnOption)),
        );
        let birthday = p.check(optional_day(&self.birthday, Field::Birthday));
        let id_number = p.check(
            text::optional(&self.id_number, Field::IdNumber, ID_NUMBER_MAX_CHARS).and_then(|n| {
                if n.chars().all(|c| c.is_ascii_alphanumeric()) {
                    Ok(n.to_ascii_uppercase())
                } else {
                    Err(FieldError::new(Field::IdNumber, Problem::BadCharacters))
                }
            }),
        );
        let email = p.check(
            text::optional(&self.email, Field::Email, EMAIL_MAX_CHARS).and_then(|e| {
                if !e.is_empty() && (!e.contains('@') || e.contains(' ')) {
                    Err(FieldError::new(Field::Email, Problem::BadCharacters))
                } else {
                    Ok(e)
                }
            }),
        );
        let address = p.check(text::optional(
            &self.address,
            Field::Address,
            ADDRESS_MAX_CHARS,
        ));
        let referrer = p.check(text::optional(
            &self.referrer,
            Field::Referrer,
            MEMBER_PHONE_MAX_CHARS,
        ));
        let valid_until = p.check(optional_day(&self.valid_until, Field::ValidUntil));
        let hobbies = p.check(text::optional(
            &self.hobbies,
            Field::Hobbies,
            HOBBIES_MAX_CHARS,
        ));
        let notes = p.check(text::optional(&self.notes, Field::Notes, NOTES_MAX_CHARS));
        let mut custom = Vec::new();
        if self.custom.len() > CUSTOM_FIELDS_MAX {
            p.add(FieldError::new(
                Field::CustomFieldName,
                Problem::TooMany {
                    max: CUSTOM_FIELDS_MAX as u32,
                },
            ));
        } else {
            for field in fields {
                let raw = self
                    .custom
                    .iter()
                    .find(|(id, _)| *id == field.id)
                    .map(|(_, v)| v.as_str())
                    .unwrap_or("");
                if let Some(Some(value)) = p.check(field.parse_value(raw)) {
                    custom.push((field.id, value));
                }
            }
        }
        let member = (|| {
            let referrer = referrer?;
            Some(MemberInput {
                member_no: member_no?,
                name: name?,
                phone: phone?,
                gender: gender?,
                birthday: birthday?,
                id_number: id_number?,
                email: email?,
                address: address?,
                home_store_id: self.home_store_id,
                referrer: (!referrer.is_empty()).then_some(referrer),
                valid_until: valid_until?,
                hobbies: hobbies?,
                notes: notes?,
                status: if self.active.is_some() {
                    MemberStatus::Active
                } else {
                    MemberStatus::Inactive
                },
                custom,
                level_id: (self.level_id > 0).then_some(self.level_id),
            })
        })();
        p.finish(member)
    }
}

/// What the member search box sends.
pub fn parse_search(raw: &str) -> Result<String, FieldError> {
    text::optional(raw, Field::Search, SEARCH_MAX_CHARS)
}

/// A page size within 1..=[`PAGE_SIZE_MAX`].
pub fn page_size(asked: u32) -> u32 {
    asked.clamp(1, PAGE_SIZE_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Vec<CustomField> {
        vec![
            CustomField {
                id: 1,
                name: "孩子姓名".into(),
                kind: CustomKind::Text,
                choices: vec![],
                required: true,
            },
            CustomField {
                id: 2,
                name: "鞋码".into(),
                kind: CustomKind::Number,
                choices: vec![],
                required: false,
            },
            CustomField {
                id: 3,
                name: "入园日".into(),
                kind: CustomKind::Date,
                choices: vec![],
                required: false,
            },
            CustomField {
                id: 4,
                name: "来源".into(),
                kind: CustomKind::Choice,
                choices: vec!["朋友".into(), "商场".into()],
                required: false,
            },
        ]
    }

    fn form() -> MemberForm {
        MemberForm {
            name: "李小明".into(),
            phone: "138 0013 8000".into(),
            home_store_id: 1,
            active: Some("on".into()),
            custom: vec![
                (1, "小宝".into()),
                (2, "31.5".into()),
                (3, "2026/9/1".into()),
                (4, "商场".into()),
            ],
            ..MemberForm::default()
        }
    }

    #[test]
    fn a_member_with_custom_fields() {
        let m = form().parse(&fields()).unwrap();
        assert_eq!(m.phone.as_deref(), Some("13800138000"));
        assert_eq!(m.member_no, None);
        assert_eq!(m.custom[2], (3, "2026-09-01".into()));
        assert_eq!(m.status, MemberStatus::Active);
    }

    #[test]
    fn custom_field_refusals() {
        let check = |id: i64, value: &str| {
            let mut f = form();
            f.custom.retain(|(i, _)| *i != id);
            f.custom.push((id, value.into()));
            f.parse(&fields()).map(|_| ()).map_err(|e| e.problem)
        };
        assert_eq!(check(1, " "), Err(Problem::Required));
        assert_eq!(check(2, "3l"), Err(Problem::NotANumber));
        assert_eq!(check(3, "2026-02-30"), Err(Problem::NotADate));
        assert_eq!(check(4, "路过"), Err(Problem::NotAnOption));
        assert_eq!(check(4, ""), Ok(()));
    }

    #[test]
    fn member_refusals_name_the_field() {
        let mut f = form();
        f.phone = "12".into();
        assert_eq!(
            f.parse(&fields()).unwrap_err(),
            FieldError::new(Field::Phone, Problem::TooShort { min_chars: 5 })
        );
        let mut f = form();
        f.name = "名".repeat(41);
        assert_eq!(f.parse(&fields()).unwrap_err().field, Field::MemberName);
        let mut f = form();
        f.email = "not-an-email".into();
        assert_eq!(f.parse(&fields()).unwrap_err().field, Field::Email);
        let mut f = form();
        f.gender = "x".into();
        assert_eq!(f.parse(&fields()).unwrap_err().field, Field::Gender);
    }

    #[test]
    fn choice_fields_need_choices() {
        let form = CustomFieldForm {
            name: "来源".into(),
            kind: "choice".into(),
            choices: "\n \n".into(),
            required: None,
        };
        assert_eq!(
            form.parse(),
            Err(FieldError::new(Field::Choices, Problem::Required))
        );
    }
}

/// A member as the member page shows and edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: i64,
    pub member_no: String,
    pub name: String,
    pub phone: Option<String>,
    pub gender: Gender,
    pub birthday: Option<Day>,
    pub id_number: String,
    pub email: String,
    pub address: String,
    pub home_store_id: i64,
    pub home_store_name: String,
    pub referrer_no: Option<String>,
    pub referrer_name: Option<String>,
    pub active: bool,
    pub valid_until: Option<Day>,
    pub hobbies: String,
    pub notes: String,
    pub custom: Vec<(i64, String)>,
    pub level_id: Option<i64>,
    pub level_name: Option<String>,
    /// The points balance (`crate::points`).
    #[serde(default)]
    pub points: i64,
}

impl Member {
    pub fn form(&self) -> MemberForm {
        MemberForm {
            member_no: self.member_no.clone(),
            name: self.name.clone(),
            phone: self.phone.clone().unwrap_or_default(),
            gender: self.gender.code().into(),
            birthday: self.birthday.map(|d| d.to_string()).unwrap_or_default(),
            id_number: self.id_number.clone(),
            email: self.email.clone(),
            address: self.address.clone(),
            home_store_id: self.home_store_id,
            referrer: self.referrer_no.clone().unwrap_or_default(),
            valid_until: self.valid_until.map(|d| d.to_string()).unwrap_or_default(),
            hobbies: self.hobbies.clone(),
            notes: self.notes.clone(),
            active: self.active.then(|| "on".into()),
            custom: self.custom.clone(),
            level_id: self.level_id.unwrap_or(0),
        }
    }
}

/// One line of the member list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberLine {
    pub id: i64,
    pub member_no: String,
    pub name: String,
    pub phone: Option<String>,
    pub home_store_name: String,
    pub active: bool,
    /// Cards not returned or replaced.
    pub cards: i64,
    pub balance_fen: i64,
}

/// A page of the member list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberPage {
    pub members: Vec<MemberLine>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}
