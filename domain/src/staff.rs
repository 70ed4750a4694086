//! Staff accounts (S4).

use crate::access::Role;
use crate::password::check_strength;
use crate::{Field, FieldError, Problem, text};
use serde::{Deserialize, Serialize};

pub const USERNAME_MIN_CHARS: u32 = 2;
pub const USERNAME_MAX_CHARS: u32 = 32;
pub const STAFF_NAME_MAX_CHARS: u32 = 40;

/// A username: 2 to 32 of a-z, 0-9, '.', '_' and '-', compared in lower case.
pub fn parse_username(raw: &str) -> Result<String, FieldError> {
    let name = text::required(raw, Field::Username, USERNAME_MAX_CHARS)?.to_lowercase();
    if name.chars().count() < USERNAME_MIN_CHARS as usize {
        return Err(FieldError::new(
            Field::Username,
            Problem::TooShort {
                min_chars: USERNAME_MIN_CHARS,
            },
        ));
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
    if !name.chars().all(allowed) {
        return Err(FieldError::new(Field::Username, Problem::BadCharacters));
    }
    Ok(name)
}

pub fn parse_staff_name(raw: &str) -> Result<String, FieldError> {
    text::required(raw, Field::StaffName, STAFF_NAME_MAX_CHARS)
}

pub fn parse_role(raw: &str) -> Result<Role, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(Field::Role, Problem::Required));
    }
    Role::from_code(raw.trim()).ok_or(FieldError::new(Field::Role, Problem::NotAnOption))
}

/// What the new-staff form sends, as typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct NewStaffForm {
    pub username: String,
    pub name: String,
    pub role: String,
    pub home_store_id: i64,
    pub password: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStaff {
    pub username: String,
    pub name: String,
    pub role: Role,
    pub home_store_id: i64,
    pub password: String,
}

impl NewStaffForm {
    pub fn parse(&self) -> Result<NewStaff, FieldError> {
        self.parse_all().map_err(crate::error::first)
    }

    /// Every problem at once.
    pub fn parse_all(&self) -> Result<NewStaff, Vec<FieldError>> {
        let mut p = crate::Problems::default();
        let username = p.check(parse_username(&self.username));
        let name = p.check(parse_staff_name(&self.name));
        let role = p.check(parse_role(&self.role));
        if self.home_store_id <= 0 {
            p.add(FieldError::new(Field::HomeStore, Problem::Required));
        }
        p.check(check_strength(
            &self.password,
            username.as_deref().unwrap_or(""),
            Field::Password,
        ));
        let staff = (|| {
            Some(NewStaff {
                username: username?,
                name: name?,
                role: role?,
                home_store_id: self.home_store_id,
                password: self.password.clone(),
            })
        })();
        p.finish(staff)
    }
}

/// Edits to an existing account; the username never changes.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct StaffEditForm {
    pub name: String,
    pub role: String,
    pub home_store_id: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffEdit {
    pub name: String,
    pub role: Role,
    pub home_store_id: i64,
}

impl StaffEditForm {
    pub fn parse(&self) -> Result<StaffEdit, FieldError> {
        let name = parse_staff_name(&self.name)?;
        let role = parse_role(&self.role)?;
        if self.home_store_id <= 0 {
            return Err(FieldError::new(Field::HomeStore, Problem::Required));
        }
        Ok(StaffEdit {
            name,
            role,
            home_store_id: self.home_store_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(parse_username(" Li.Na ").unwrap(), "li.na");
        assert_eq!(
            parse_username("x").unwrap_err().problem,
            Problem::TooShort { min_chars: 2 }
        );
        assert_eq!(
            parse_username("李娜").unwrap_err().problem,
            Problem::BadCharacters
        );
        assert_eq!(
            parse_username(&"a".repeat(33)).unwrap_err().problem,
            Problem::TooLong { max_chars: 32 }
        );
    }

    #[test]
    fn new_staff_checks_role_store_and_password() {
        let good = NewStaffForm {
            username: "lina".into(),
            name: "李娜".into(),
            role: "cashier".into(),
            home_store_id: 2,
            password: "till-4-ever".into(),
        };
        assert_eq!(good.parse().unwrap().role, Role::Cashier);
        let mut bad = good.clone();
        bad.role = "owner".into();
        assert_eq!(
            bad.parse().unwrap_err(),
            FieldError::new(Field::Role, Problem::NotAnOption)
        );
        let mut bad = good.clone();
        bad.home_store_id = 0;
        assert_eq!(
            bad.parse().unwrap_err(),
            FieldError::new(Field::HomeStore, Problem::Required)
        );
        let mut bad = good;
        bad.password = "lina12345".into();
        assert_eq!(
            bad.parse().unwrap_err(),
            FieldError::new(Field::Password, Problem::PasswordContainsUsername)
        );
    }
}
