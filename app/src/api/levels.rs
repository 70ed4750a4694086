//! Member levels and their discount rules (P1, V2).

use crate::error::AppError;
use domain::level::{DiscountRule, Level, LevelForm};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// The levels page: levels, every rule, and the categories and items rules name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelsPage {
    pub levels: Vec<Level>,
    pub rules: Vec<DiscountRule>,
    pub categories: Vec<domain::catalogue::Category>,
    /// (id, code, name) of the items that have a rule.
    pub items: Vec<(i64, String, String)>,
}

#[server(endpoint = "load_levels")]
pub async fn load_levels() -> Result<LevelsPage, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ViewMembers).await?;
    let db = &state()?.db;
    let rules = db::levels::rules(db).await.map_err(internal)?;
    let mut items = Vec::new();
    for rule in &rules {
        if let domain::level::RuleTarget::Item(id) = rule.target
            && !items.iter().any(|(x, _, _)| *x == id)
            && let Some(item) = db::catalogue::item(db, id).await.map_err(internal)?
        {
            items.push((item.id, item.code, item.name));
        }
    }
    Ok(LevelsPage {
        levels: db::levels::levels(db).await.map_err(internal)?,
        rules,
        categories: db::catalogue::categories(db).await.map_err(internal)?,
        items,
    })
}

#[cfg(feature = "ssr")]
fn level_error(e: db::levels::LevelError) -> AppError {
    use db::levels::LevelError;
    use domain::{Field, FieldError, Problem};
    match e {
        LevelError::NameTaken => FieldError::new(Field::LevelName, Problem::Taken).into(),
        LevelError::RankTaken => FieldError::new(Field::LevelRank, Problem::Taken).into(),
        LevelError::TooMany => {
            let max = domain::level::LEVELS_MAX as u32;
            FieldError::new(Field::LevelName, Problem::TooMany { max }).into()
        }
        LevelError::NotFound => AppError::NotFound,
        LevelError::Db(e) => crate::guard::internal(e),
    }
}

/// Adds a level (`id` 0) or changes one.
#[server(endpoint = "save_level", input = Json)]
pub async fn save_level(id: i64, form: LevelForm) -> Result<i64, AppError> {
    use crate::guard::{require, state};
    require(domain::access::Permission::ManageSettings).await?;
    let level = form.parse_all()?;
    db::levels::save_level(&state()?.db, id, &level)
        .await
        .map_err(level_error)
}

/// A rule as typed: for a category (by id) or an item (by code).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleForm {
    pub level_id: i64,
    /// 0: the rule is for the item `item_code`.
    pub category_id: i64,
    pub item_code: String,
    pub rate: String,
    /// "zhe" or "off".
    pub style: String,
}

#[cfg(feature = "ssr")]
async fn rule_target(
    db: &db::Db,
    category_id: i64,
    item_code: &str,
) -> Result<domain::level::RuleTarget, AppError> {
    use domain::level::RuleTarget;
    use domain::{Field, FieldError, Problem};
    if category_id > 0 {
        return Ok(RuleTarget::Category(category_id));
    }
    let code = domain::catalogue::parse_code(item_code, Field::ItemCode)?;
    let found = db::catalogue::items(db, &code, 1)
        .await
        .map_err(crate::guard::internal)?
        .into_iter()
        .find(|i| i.code == code)
        .ok_or(FieldError::new(Field::ItemCode, Problem::NotFound))?;
    Ok(RuleTarget::Item(found.id))
}

/// Sets a level's rate for a category (and its subcategories) or an item.
#[server(endpoint = "save_discount_rule", input = Json)]
pub async fn save_discount_rule(form: RuleForm) -> Result<(), AppError> {
    use crate::guard::{require, state};
    use domain::Field;
    require(domain::access::Permission::ManageSettings).await?;
    let db = &state()?.db;
    let rate_bp = domain::level::parse_rate(
        &form.rate,
        domain::level::parse_style(&form.style),
        Field::DiscountRate,
    )?;
    let target = rule_target(db, form.category_id, &form.item_code).await?;
    let rule = DiscountRule {
        level_id: form.level_id,
        target,
        rate_bp,
    };
    db::levels::save_rule(db, &rule).await.map_err(level_error)
}

#[server(endpoint = "remove_discount_rule", input = Json)]
pub async fn remove_discount_rule(
    level_id: i64,
    target: domain::level::RuleTarget,
) -> Result<(), AppError> {
    use crate::guard::{require, state};
    require(domain::access::Permission::ManageSettings).await?;
    db::levels::remove_rule(&state()?.db, level_id, target)
        .await
        .map_err(level_error)
}
