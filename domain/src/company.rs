//! The company created at first run (S1).

use crate::password::check_strength;
use crate::staff::{parse_staff_name, parse_username};
use crate::store::{StoreInput, parse_store_code};
use crate::{Field, FieldError, Problem, text};
use serde::{Deserialize, Serialize};

pub const COMPANY_NAME_MAX_CHARS: u32 = 60;
pub const CURRENCY_SYMBOL_MAX_CHARS: u32 = 6;

/// Time zones offered at set-up: the markets the product is sold in, first.
pub const TIME_ZONES: &[&str] = &[
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Macau",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Kuala_Lumpur",
    "Asia/Bangkok",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Sydney",
    "Europe/London",
    "America/Los_Angeles",
    "America/New_York",
    "UTC",
];

/// What the set-up wizard sends, as typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SetupForm {
    pub company_name: String,
    pub currency_symbol: String,
    pub time_zone: String,
    pub head_office_name: String,
    pub admin_username: String,
    pub admin_name: String,
    pub admin_password: String,
    /// The password typed a second time: the two must match.
    #[serde(default)]
    pub admin_password_again: String,
}

/// A set-up request that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setup {
    pub company_name: String,
    pub currency_symbol: String,
    pub time_zone: String,
    pub head_office: StoreInput,
    pub admin_username: String,
    pub admin_name: String,
    pub admin_password: String,
}

impl SetupForm {
    /// Checks every field; reports the first problem in form order.
    pub fn parse(&self) -> Result<Setup, FieldError> {
        self.parse_all().map_err(crate::error::first)
    }

    /// Every problem at once.
    pub fn parse_all(&self) -> Result<Setup, Vec<FieldError>> {
        let mut p = crate::Problems::default();
        let company_name = p.check(text::required(
            &self.company_name,
            Field::CompanyName,
            COMPANY_NAME_MAX_CHARS,
        ));
        let currency_symbol = p.check(text::required(
            &self.currency_symbol,
            Field::CurrencySymbol,
            CURRENCY_SYMBOL_MAX_CHARS,
        ));
        let time_zone = self.time_zone.trim();
        let time_zone = p.check(if time_zone.is_empty() {
            Err(FieldError::new(Field::TimeZone, Problem::Required))
        } else if !TIME_ZONES.contains(&time_zone) {
            Err(FieldError::new(Field::TimeZone, Problem::NotAnOption))
        } else {
            Ok(time_zone.to_owned())
        });
        let head_office_name = p.check(text::required(
            &self.head_office_name,
            Field::StoreName,
            crate::store::STORE_NAME_MAX_CHARS,
        ));
        let admin_username = p.check(parse_username(&self.admin_username));
        let admin_name = p.check(parse_staff_name(&self.admin_name));
        let strong = p.check(check_strength(
            &self.admin_password,
            admin_username.as_deref().unwrap_or(""),
            Field::Password,
        ));
        if strong.is_some() && self.admin_password != self.admin_password_again {
            p.add(FieldError::new(Field::PasswordAgain, Problem::Mismatch));
        }
        let code = p.check(parse_store_code("HQ"));
        let setup = (|| {
            Some(Setup {
                company_name: company_name?,
                currency_symbol: currency_symbol?,
                time_zone: time_zone?,
                head_office: StoreInput {
                    code: code?,
                    name: head_office_name?,
                    address: String::new(),
                    phone: String::new(),
                    owner: String::new(),
                },
                admin_username: admin_username?,
                admin_name: admin_name?,
                admin_password: self.admin_password.clone(),
            })
        })();
        p.finish(setup)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> SetupForm {
        SetupForm {
            company_name: "欢乐岛儿童乐园".into(),
            currency_symbol: "¥".into(),
            time_zone: "Asia/Shanghai".into(),
            head_office_name: "总店".into(),
            admin_username: "Boss".into(),
            admin_name: "王老板".into(),
            admin_password: "happy-island-88".into(),
            admin_password_again: "happy-island-88".into(),
        }
    }

    #[test]
    fn a_good_form_parses_with_username_lowercased() {
        let setup = good().parse().unwrap();
        assert_eq!(setup.admin_username, "boss");
        assert_eq!(setup.head_office.code, "HQ");
        assert_eq!(setup.head_office.name, "总店");
    }

    #[test]
    fn each_field_is_checked() {
        type Spoil = fn(&mut SetupForm);
        let cases: Vec<(Spoil, Field, Problem)> = vec![
            (
                |f| f.company_name = " ".into(),
                Field::CompanyName,
                Problem::Required,
            ),
            (
                |f| f.company_name = "乐".repeat(61),
                Field::CompanyName,
                Problem::TooLong { max_chars: 60 },
            ),
            (
                |f| f.currency_symbol.clear(),
                Field::CurrencySymbol,
                Problem::Required,
            ),
            (
                |f| f.time_zone = "Mars/Olympus".into(),
                Field::TimeZone,
                Problem::NotAnOption,
            ),
            (
                |f| f.head_office_name.clear(),
                Field::StoreName,
                Problem::Required,
            ),
            (
                |f| f.admin_username = "a b".into(),
                Field::Username,
                Problem::BadCharacters,
            ),
            (
                |f| f.admin_name.clear(),
                Field::StaffName,
                Problem::Required,
            ),
            (
                |f| f.admin_password = "short1".into(),
                Field::Password,
                Problem::TooShort { min_chars: 8 },
            ),
        ];
        for (spoil, field, problem) in cases {
            let mut form = good();
            spoil(&mut form);
            assert_eq!(form.parse(), Err(FieldError::new(field, problem)));
        }
    }
}
