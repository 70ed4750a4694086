//! A minimal catalogue (C1): categories and items, enough for card plans to say
//! what a count or time card covers. The till extends it.

use crate::money::Money;
use crate::{Field, FieldError, Problem, text};
use serde::{Deserialize, Serialize};

pub const CODE_MAX_CHARS: u32 = 20;
pub const NAME_MAX_CHARS: u32 = 40;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub price_fen: i64,
    pub category_id: Option<i64>,
    pub active: bool,
}

/// A code: letters, digits, '-' or '_', kept upper case.
pub fn parse_code(raw: &str, field: Field) -> Result<String, FieldError> {
    let code = text::required(raw, field, CODE_MAX_CHARS)?;
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(FieldError::new(field, Problem::BadCharacters));
    }
    Ok(code.to_ascii_uppercase())
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryForm {
    pub code: String,
    pub name: String,
}

impl CategoryForm {
    pub fn parse(&self) -> Result<Category, FieldError> {
        Ok(Category {
            id: 0,
            code: parse_code(&self.code, Field::CategoryCode)?,
            name: text::required(&self.name, Field::CategoryName, NAME_MAX_CHARS)?,
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemForm {
    pub code: String,
    pub name: String,
    pub price: String,
    /// 0: no category.
    pub category_id: i64,
}

impl ItemForm {
    pub fn parse(&self) -> Result<Item, FieldError> {
        Ok(Item {
            id: 0,
            code: parse_code(&self.code, Field::ItemCode)?,
            name: text::required(&self.name, Field::ItemName, NAME_MAX_CHARS)?,
            price_fen: Money::parse(&self.price, Field::Price)?.fen(),
            category_id: (self.category_id > 0).then_some(self.category_id),
            active: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_and_categories_are_checked() {
        let item = ItemForm {
            code: "play-1h".into(),
            name: "游乐 1 小时".into(),
            price: "45".into(),
            category_id: 2,
        };
        let item = item.parse().unwrap();
        assert_eq!(
            (item.code.as_str(), item.price_fen, item.category_id),
            ("PLAY-1H", 4_500, Some(2))
        );
        let bad = ItemForm {
            code: "a b".into(),
            name: "x".into(),
            price: "1".into(),
            category_id: 0,
        };
        assert_eq!(
            bad.parse(),
            Err(FieldError::new(Field::ItemCode, Problem::BadCharacters))
        );
        let empty = CategoryForm {
            code: "PLAY".into(),
            name: " ".into(),
        };
        assert_eq!(
            empty.parse(),
            Err(FieldError::new(Field::CategoryName, Problem::Required))
        );
    }
}
