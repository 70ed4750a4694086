//! The catalogue (C1, V2): categories with subcategories, and items with a code,
//! a barcode, a short code (pinyin initials, so "可乐" is found by typing KL), a
//! unit, a price and a cost, and the stores that sell them.

use crate::money::Money;
use crate::{Field, FieldError, Problem, text};
use serde::{Deserialize, Serialize};

pub const CODE_MAX_CHARS: u32 = 20;
pub const NAME_MAX_CHARS: u32 = 40;
pub const BARCODE_MAX_CHARS: u32 = 32;
pub const UNIT_MAX_CHARS: u32 = 8;
/// Categories nest at most this deep (a category, its parent, … ).
pub const CATEGORY_DEPTH_MAX: usize = 5;
/// Most categories a shop defines.
pub const CATEGORIES_MAX: usize = 1_000;
/// Most stores listed on one item.
pub const ITEM_STORES_MAX: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub parent_id: Option<i64>,
    /// Offered for new items, subcategories and rules.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: i64,
    pub code: String,
    pub barcode: Option<String>,
    pub short_code: String,
    pub name: String,
    pub unit: String,
    pub price_fen: i64,
    pub cost_fen: i64,
    pub category_id: Option<i64>,
    pub active: bool,
    /// Stores that sell it; empty means every store.
    pub store_ids: Vec<i64>,
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

/// A barcode as the scanner types it: letters, digits, '-' (Code 128 carries
/// letters); empty means none.
pub fn parse_barcode(raw: &str) -> Result<Option<String>, FieldError> {
    let code = text::optional(raw, Field::Barcode, BARCODE_MAX_CHARS)?;
    if code
        .chars()
        .any(|c| !(c.is_ascii_alphanumeric() || c == '-'))
    {
        return Err(FieldError::new(Field::Barcode, Problem::BadCharacters));
    }
    Ok((!code.is_empty()).then(|| code.to_ascii_uppercase()))
}

/// The pinyin initials of a name, upper case: "可口可乐 330ml" → "KKKL330ML".
/// Letters and digits are kept; other characters are dropped.
pub fn short_code_of(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut code = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            code.push(c.to_ascii_uppercase());
        } else if let Some(p) = c.to_pinyin() {
            code.push_str(&p.first_letter().to_ascii_uppercase());
        }
        if code.len() >= CODE_MAX_CHARS as usize {
            break;
        }
    }
    code.truncate(CODE_MAX_CHARS as usize);
    code
}

/// A short code as typed (letters and digits), or the name's pinyin initials.
pub fn parse_short_code(raw: &str, name: &str) -> Result<String, FieldError> {
    let typed = text::optional(raw, Field::ShortCode, CODE_MAX_CHARS)?;
    if typed.is_empty() {
        return Ok(short_code_of(name));
    }
    if !typed.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(FieldError::new(Field::ShortCode, Problem::BadCharacters));
    }
    Ok(typed.to_ascii_uppercase())
}

/// The category and its parents, nearest first; stops at a missing parent, a
/// loop or [`CATEGORY_DEPTH_MAX`].
pub fn category_path(category_id: Option<i64>, categories: &[Category]) -> Vec<i64> {
    let mut path = Vec::new();
    let mut next = category_id;
    while let Some(id) = next {
        if path.contains(&id) || path.len() >= CATEGORY_DEPTH_MAX {
            break;
        }
        let Some(c) = categories.iter().find(|c| c.id == id) else {
            break;
        };
        path.push(id);
        next = c.parent_id;
    }
    path
}

/// Whether `parent_id` may be the parent of category `id` (0 for a new one): it
/// exists, it is not the category itself or below it, and the result is not
/// deeper than [`CATEGORY_DEPTH_MAX`].
pub fn parent_allowed(id: i64, parent_id: i64, categories: &[Category]) -> bool {
    let path = category_path(Some(parent_id), categories);
    let depth_below = |id: i64| {
        // The deepest chain under `id` (a new category has none).
        let mut deepest = 0;
        for c in categories {
            let p = category_path(Some(c.id), categories);
            if let Some(at) = p.iter().position(|x| *x == id) {
                deepest = deepest.max(at);
            }
        }
        deepest
    };
    !path.is_empty()
        && !path.contains(&id)
        && path.len() + 1 + depth_below(id) <= CATEGORY_DEPTH_MAX
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryForm {
    pub code: String,
    pub name: String,
    /// 0: a top-level category.
    pub parent_id: i64,
    /// Switched off (the box "no longer used").
    #[serde(default)]
    pub inactive: bool,
}

impl CategoryForm {
    pub fn parse(&self) -> Result<Category, FieldError> {
        self.parse_all().map_err(crate::error::first)
    }

    /// Every problem at once.
    pub fn parse_all(&self) -> Result<Category, Vec<FieldError>> {
        let mut p = crate::Problems::default();
        let code = p.check(parse_code(&self.code, Field::CategoryCode));
        let name = p.check(text::required(
            &self.name,
            Field::CategoryName,
            NAME_MAX_CHARS,
        ));
        let category = (|| {
            Some(Category {
                id: 0,
                code: code?,
                name: name?,
                parent_id: (self.parent_id > 0).then_some(self.parent_id),
                active: !self.inactive,
            })
        })();
        p.finish(category)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemForm {
    pub code: String,
    pub barcode: String,
    /// Empty: the name's pinyin initials.
    pub short_code: String,
    pub name: String,
    pub unit: String,
    pub price: String,
    pub cost: String,
    /// 0: no category.
    pub category_id: i64,
    /// Stores that sell it; none: every store.
    pub store_ids: Vec<i64>,
    pub inactive: bool,
}

impl ItemForm {
    pub fn parse(&self) -> Result<Item, FieldError> {
        self.parse_all().map_err(crate::error::first)
    }

    /// Every problem at once.
    pub fn parse_all(&self) -> Result<Item, Vec<FieldError>> {
        let mut p = crate::Problems::default();
        if self.store_ids.len() > ITEM_STORES_MAX {
            let max = ITEM_STORES_MAX as u32;
            p.add(FieldError::new(
                Field::SoldAtStores,
                Problem::TooMany { max },
            ));
        }
        let name = p.check(text::required(&self.name, Field::ItemName, NAME_MAX_CHARS));
        let mut store_ids = self.store_ids.clone();
        store_ids.sort_unstable();
        store_ids.dedup();
        let code = p.check(parse_code(&self.code, Field::ItemCode));
        let barcode = p.check(parse_barcode(&self.barcode));
        let short_code = p.check(parse_short_code(
            &self.short_code,
            name.as_deref().unwrap_or(""),
        ));
        let unit = p.check(text::optional(&self.unit, Field::Unit, UNIT_MAX_CHARS));
        let price = p.check(Money::parse(&self.price, Field::Price));
        let cost = p.check(if self.cost.trim().is_empty() {
            Ok(Money::ZERO)
        } else {
            Money::parse(&self.cost, Field::Cost)
        });
        let item = (|| {
            Some(Item {
                id: 0,
                code: code?,
                barcode: barcode?,
                short_code: short_code?,
                unit: unit?,
                price_fen: price?.fen(),
                cost_fen: cost?.fen(),
                category_id: (self.category_id > 0).then_some(self.category_id),
                active: !self.inactive,
                store_ids,
                name: name?,
            })
        })();
        p.finish(item)
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
            barcode: " 6901234567892 ".into(),
            store_ids: vec![3, 1, 3],
            ..Default::default()
        };
        let item = item.parse().unwrap();
        assert_eq!(
            (item.code.as_str(), item.price_fen, item.category_id),
            ("PLAY-1H", 4_500, Some(2))
        );
        assert_eq!(item.barcode.as_deref(), Some("6901234567892"));
        assert_eq!(item.short_code, "YL1XS");
        assert_eq!(item.store_ids, vec![1, 3]);
        assert!(item.active);
        let bad = ItemForm {
            code: "a b".into(),
            name: "x".into(),
            price: "1".into(),
            ..Default::default()
        };
        assert_eq!(
            bad.parse(),
            Err(FieldError::new(Field::ItemCode, Problem::BadCharacters))
        );
        let bad_barcode = ItemForm {
            code: "A".into(),
            name: "x".into(),
            price: "1".into(),
            barcode: "69 01".into(),
            ..Default::default()
        };
        assert_eq!(
            bad_barcode.parse().map_err(|e| e.field),
            Err(Field::Barcode)
        );
        let empty = CategoryForm {
            code: "PLAY".into(),
            name: " ".into(),
            parent_id: 0,
            inactive: false,
        };
        assert_eq!(
            empty.parse(),
            Err(FieldError::new(Field::CategoryName, Problem::Required))
        );
        // Every problem of a form at once, in the form's order.
        let both = ItemForm {
            code: "a b".into(),
            name: String::new(),
            price: "1.234".into(),
            ..Default::default()
        };
        let fields: Vec<Field> = both
            .parse_all()
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec![Field::ItemName, Field::ItemCode, Field::Price]);
    }

    #[test]
    fn short_codes_are_pinyin_initials_or_typed() {
        assert_eq!(short_code_of("可口可乐 330ml"), "KKKL330ML");
        assert_eq!(short_code_of("儿童乐园·畅玩"), "ETLYCW");
        assert_eq!(short_code_of("洗剪吹"), "XJC");
        assert_eq!(parse_short_code("kl", "可乐"), Ok("KL".into()));
        assert_eq!(parse_short_code("", "可乐"), Ok("KL".into()));
        assert_eq!(
            parse_short_code("k l", "可乐").map_err(|e| e.problem),
            Err(Problem::BadCharacters)
        );
        assert_eq!(short_code_of(&"乐".repeat(50)).len(), 20);
    }

    fn cat(id: i64, parent_id: Option<i64>) -> Category {
        Category {
            id,
            code: format!("C{id}"),
            name: format!("c{id}"),
            parent_id,
            active: true,
        }
    }

    #[test]
    fn subcategories_nest_without_loops() {
        let cats = vec![
            cat(1, None),
            cat(2, Some(1)),
            cat(3, Some(2)),
            cat(9, Some(9)),
        ];
        assert_eq!(category_path(Some(3), &cats), vec![3, 2, 1]);
        assert_eq!(category_path(Some(9), &cats), vec![9], "a loop stops");
        assert_eq!(category_path(None, &cats), Vec::<i64>::new());
        assert!(parent_allowed(0, 3, &cats), "a new category under 3");
        assert!(!parent_allowed(1, 3, &cats), "1 under its own grandchild");
        assert!(!parent_allowed(2, 2, &cats), "under itself");
        assert!(!parent_allowed(0, 42, &cats), "a missing parent");
        let deep = vec![
            cat(1, None),
            cat(2, Some(1)),
            cat(3, Some(2)),
            cat(4, Some(3)),
            cat(5, Some(4)),
        ];
        assert!(!parent_allowed(0, 5, &deep), "a sixth level is too deep");
        let mut moved = deep.clone();
        moved.push(cat(6, None));
        moved.push(cat(7, Some(6)));
        assert!(parent_allowed(6, 3, &moved), "6 and its child fit under 3");
        assert!(!parent_allowed(6, 4, &moved), "… but not under 4");
    }
}
