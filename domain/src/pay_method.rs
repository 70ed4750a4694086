//! Payment methods (V4, S2). Cash, the member's card, bank card and cheque are
//! built in; the shop adds its own (WeChat Pay, Alipay, vouchers …), each with a
//! name in each language and whether its money goes into the cash drawer. A
//! shop's own method is known by the code `m<n>`; methods are switched off,
//! never deleted, so old receipts keep their names.

use crate::text;
use crate::{Field, FieldError, Problem};
use serde::{Deserialize, Serialize};

/// Most methods a shop may add of its own.
pub const SHOP_METHODS_MAX: i64 = 20;
/// Longest name of a method, in characters.
pub const METHOD_NAME_MAX_CHARS: u32 = 20;

/// The codes of the built-in methods, in the till's order.
pub const BUILT_IN: [&str; 4] = ["cash", "member_card", "bank_card", "cheque"];

/// Is `code` a built-in method (named by the app in every language)?
pub fn is_built_in(code: &str) -> bool {
    BUILT_IN.contains(&code)
}

/// Cash and the member's card are always offered (the database's `CHECK` keeps
/// them switched on).
pub fn always_on(code: &str) -> bool {
    matches!(code, "cash" | "member_card")
}

/// The number of a shop's own method from its code ("m3" → 3).
pub fn shop_number(code: &str) -> Option<u32> {
    let digits = code.strip_prefix('m')?;
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n > 0)
}

/// The code of a shop's own method.
pub fn shop_code(number: u32) -> String {
    format!("m{number}")
}

/// A shop method's name in each language; empty where none was given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodNames {
    pub zh_cn: String,
    pub zh_tw: String,
    pub en: String,
}

impl MethodNames {
    /// The name in the language `tag` ("zh-CN", "zh-TW", "en"); the first given
    /// name otherwise, so that a method named in one language still reads.
    pub fn get(&self, tag: &str) -> &str {
        let own = match tag {
            "zh-TW" => &self.zh_tw,
            "en" => &self.en,
            _ => &self.zh_cn,
        };
        [own, &self.zh_cn, &self.zh_tw, &self.en]
            .into_iter()
            .find(|n| !n.is_empty())
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// One payment method as the till and the settings show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayMethod {
    pub code: String,
    /// Empty for the built-in methods.
    pub names: MethodNames,
    /// Its money is counted in the cash drawer at the end of a shift.
    pub into_drawer: bool,
    pub active: bool,
}

impl PayMethod {
    pub fn built_in(&self) -> bool {
        is_built_in(&self.code)
    }

    /// Cash and the member's card are always offered; the others may be
    /// switched off.
    pub fn can_switch_off(&self) -> bool {
        !always_on(&self.code)
    }
}

/// A shop method as typed in the settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodForm {
    pub name_zh_cn: String,
    pub name_zh_tw: String,
    pub name_en: String,
    pub into_drawer: bool,
}

/// A checked shop method.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMethod {
    pub names: MethodNames,
    pub into_drawer: bool,
}

impl MethodForm {
    /// Each name is optional, but at least one is needed; every problem is
    /// reported at once.
    pub fn parse(&self) -> Result<NewMethod, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut name = |raw: &str, field: Field| {
            text::optional(raw, field, METHOD_NAME_MAX_CHARS).unwrap_or_else(|e| {
                errors.push(e);
                String::new()
            })
        };
        let names = MethodNames {
            zh_cn: name(&self.name_zh_cn, Field::MethodNameZhCn),
            zh_tw: name(&self.name_zh_tw, Field::MethodNameZhTw),
            en: name(&self.name_en, Field::MethodNameEn),
        };
        if errors.is_empty() && names.get("zh-CN").is_empty() {
            errors.push(FieldError::new(Field::MethodNameZhCn, Problem::Required));
        }
        if errors.is_empty() {
            Ok(NewMethod {
                names,
                into_drawer: self.into_drawer,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shop_codes_read_back_and_nothing_else_does() {
        assert_eq!(shop_number(&shop_code(7)), Some(7));
        for bad in ["m", "m0", "m-1", "mx", "cash", "7", "m1234567", "m１"] {
            assert_eq!(shop_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_name_falls_back_to_one_that_was_given() {
        let names = MethodNames {
            zh_cn: "微信支付".into(),
            zh_tw: String::new(),
            en: "WeChat Pay".into(),
        };
        assert_eq!(names.get("zh-TW"), "微信支付");
        assert_eq!(names.get("en"), "WeChat Pay");
        let only_en = MethodNames {
            en: "Voucher".into(),
            ..Default::default()
        };
        assert_eq!(only_en.get("zh-CN"), "Voucher");
    }

    #[test]
    fn a_method_needs_a_name_and_every_problem_is_told() {
        let none = MethodForm::default().parse().unwrap_err();
        assert_eq!(
            none,
            vec![FieldError::new(Field::MethodNameZhCn, Problem::Required)]
        );
        let long = "长".repeat(21);
        let both = MethodForm {
            name_zh_cn: long.clone(),
            name_en: "a\u{7}".to_string(),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        let fields: Vec<Field> = both.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![Field::MethodNameZhCn, Field::MethodNameEn]);
        let ok = MethodForm {
            name_en: " Alipay ".into(),
            into_drawer: false,
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(ok.names.get("zh-CN"), "Alipay");
    }
}
