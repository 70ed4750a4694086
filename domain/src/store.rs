//! Stores of a chain (S3): one head office and any number of branches.

use crate::{Field, FieldError, Problem, text};
use serde::{Deserialize, Serialize};

pub const STORE_CODE_MAX_CHARS: u32 = 16;
pub const STORE_NAME_MAX_CHARS: u32 = 60;
pub const STORE_ADDRESS_MAX_CHARS: u32 = 200;
pub const STORE_PHONE_MAX_CHARS: u32 = 32;
pub const STORE_OWNER_MAX_CHARS: u32 = 60;

/// A store of the chain as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Store {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub owner: String,
    pub is_head_office: bool,
    pub active: bool,
}

/// What the store form sends, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreForm {
    pub code: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    /// For mall-style settlement: who owns this store, when not the company.
    pub owner: String,
}

/// A store's details that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreInput {
    pub code: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub owner: String,
}

/// A store code: 1 to 16 letters, digits or '-', kept upper case ("SZ-01").
pub fn parse_store_code(raw: &str) -> Result<String, FieldError> {
    let code = text::required(raw, Field::StoreCode, STORE_CODE_MAX_CHARS)?;
    if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(FieldError::new(Field::StoreCode, Problem::BadCharacters));
    }
    Ok(code.to_ascii_uppercase())
}

/// A phone as shops write it: digits, spaces, '+', '-', '(' and ')'; may be empty.
pub fn parse_phone(raw: &str, field: Field, max_chars: u32) -> Result<String, FieldError> {
    let phone = text::optional(raw, field, max_chars)?;
    let allowed = |c: char| c.is_ascii_digit() || " +-()".contains(c);
    if !phone.chars().all(allowed) {
        return Err(FieldError::new(field, Problem::BadCharacters));
    }
    Ok(phone)
}

impl StoreForm {
    pub fn parse(&self) -> Result<StoreInput, FieldError> {
        self.parse_all().map_err(crate::error::first)
    }

    /// Every problem at once.
    pub fn parse_all(&self) -> Result<StoreInput, Vec<FieldError>> {
        let mut p = crate::Problems::default();
        let code = p.check(parse_store_code(&self.code));
        let name = p.check(text::required(
            &self.name,
            Field::StoreName,
            STORE_NAME_MAX_CHARS,
        ));
        let address = p.check(text::optional(
            &self.address,
            Field::StoreAddress,
            STORE_ADDRESS_MAX_CHARS,
        ));
        let phone = p.check(parse_phone(
            &self.phone,
            Field::StorePhone,
            STORE_PHONE_MAX_CHARS,
        ));
        let owner = p.check(text::optional(
            &self.owner,
            Field::StoreOwner,
            STORE_OWNER_MAX_CHARS,
        ));
        let store = (|| {
            Some(StoreInput {
                code: code?,
                name: name?,
                address: address?,
                phone: phone?,
                owner: owner?,
            })
        })();
        p.finish(store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_form_rules() {
        let form = StoreForm {
            code: " sz-01 ".into(),
            name: "深圳南山店".into(),
            address: "南山区科技园 1 号".into(),
            phone: "+86 755-1234 5678".into(),
            owner: String::new(),
        };
        let store = form.parse().unwrap();
        assert_eq!(store.code, "SZ-01");
        assert_eq!(store.phone, "+86 755-1234 5678");

        let bad_code = StoreForm {
            code: "南山".into(),
            ..form.clone()
        };
        assert_eq!(
            bad_code.parse(),
            Err(FieldError::new(Field::StoreCode, Problem::BadCharacters))
        );
        let bad_phone = StoreForm {
            phone: "call me".into(),
            ..form.clone()
        };
        assert_eq!(
            bad_phone.parse(),
            Err(FieldError::new(Field::StorePhone, Problem::BadCharacters))
        );
        let no_name = StoreForm {
            name: String::new(),
            ..form
        };
        assert_eq!(
            no_name.parse(),
            Err(FieldError::new(Field::StoreName, Problem::Required))
        );
    }
}
