//! Shop-defined member fields (M1): text, number, date or choice, required or
//! not; shown on the member form and searchable.

use crate::day::Day;
use crate::member::{CHOICES_MAX, CUSTOM_FIELD_NAME_MAX_CHARS, CUSTOM_VALUE_MAX_CHARS};
use crate::{Field, FieldError, Problem, text};
use serde::{Deserialize, Serialize};

/// The kinds of custom field a shop may define.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CustomKind {
    Text,
    Number,
    Date,
    Choice,
}

impl CustomKind {
    pub const ALL: [CustomKind; 4] = [
        CustomKind::Text,
        CustomKind::Number,
        CustomKind::Date,
        CustomKind::Choice,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CustomKind::Text => "text",
            CustomKind::Number => "number",
            CustomKind::Date => "date",
            CustomKind::Choice => "choice",
        }
    }

    pub fn from_code(code: &str) -> Option<CustomKind> {
        CustomKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A field the shop added to the member form ("child's name", "shoe size").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomField {
    pub id: i64,
    pub name: String,
    pub kind: CustomKind,
    pub choices: Vec<String>,
    pub required: bool,
}

/// A custom field definition as typed: choices one per line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomFieldForm {
    pub name: String,
    pub kind: String,
    pub choices: String,
    #[serde(default)]
    pub required: Option<String>,
}

impl CustomFieldForm {
    pub fn parse(&self) -> Result<CustomField, FieldError> {
        let name = text::required(
            &self.name,
            Field::CustomFieldName,
            CUSTOM_FIELD_NAME_MAX_CHARS,
        )?;
        let kind = CustomKind::from_code(self.kind.trim()).ok_or(FieldError::new(
            Field::CustomFieldKind,
            Problem::NotAnOption,
        ))?;
        let mut choices = Vec::new();
        if kind == CustomKind::Choice {
            for line in self.choices.lines() {
                let choice = text::optional(line, Field::Choices, CUSTOM_FIELD_NAME_MAX_CHARS)?;
                if !choice.is_empty() && !choices.contains(&choice) {
                    choices.push(choice);
                }
            }
            if choices.is_empty() {
                return Err(FieldError::new(Field::Choices, Problem::Required));
            }
            if choices.len() > CHOICES_MAX {
                return Err(FieldError::new(
                    Field::Choices,
                    Problem::TooMany {
                        max: CHOICES_MAX as u32,
                    },
                ));
            }
        }
        Ok(CustomField {
            id: 0,
            name,
            kind,
            choices,
            required: self.required.is_some(),
        })
    }
}

impl CustomField {
    /// A value for this field as typed; empty is `None` unless the field is required.
    pub fn parse_value(&self, raw: &str) -> Result<Option<String>, FieldError> {
        let field = Field::Custom(self.id);
        let value = text::optional(raw, field, CUSTOM_VALUE_MAX_CHARS)?;
        if value.is_empty() {
            return if self.required {
                Err(FieldError::new(field, Problem::Required))
            } else {
                Ok(None)
            };
        }
        let value = match self.kind {
            CustomKind::Text => value,
            CustomKind::Number => {
                let digits = value.strip_prefix('-').unwrap_or(&value);
                let (whole, frac) = digits.split_once('.').unwrap_or((digits, "0"));
                let ok = !whole.is_empty()
                    && whole.len() <= 12
                    && frac.len() <= 6
                    && whole
                        .chars()
                        .chain(frac.chars())
                        .all(|c| c.is_ascii_digit());
                if !ok {
                    return Err(FieldError::new(field, Problem::NotANumber));
                }
                value
            }
            CustomKind::Date => Day::parse(&value, field)?.to_string(),
            CustomKind::Choice => {
                if !self.choices.contains(&value) {
                    return Err(FieldError::new(field, Problem::NotAnOption));
                }
                value
            }
        };
        Ok(Some(value))
    }
}
