//! Promotions (P5): the list, a new one, switching one off, and the rule by
//! which they meet the level discount.

use crate::error::AppError;
use domain::promotion::{Promotion, PromotionForm};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionsPage {
    pub promotions: Vec<Promotion>,
    /// "better" or "both".
    pub with_level: String,
    /// The stores a promotion can name: (id, name).
    pub stores: Vec<(i64, String)>,
    pub names: Names,
    pub currency_symbol: String,
    /// The company's business day today ("2026-12-01"), for the form.
    pub today: String,
}

/// What a promotion's offer can name: (id, name) each.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Names {
    pub gifts: Vec<(i64, String)>,
    pub categories: Vec<(i64, String)>,
    pub items: Vec<(i64, String)>,
}

/// The gifts' names (all a recharge offer names).
#[cfg(feature = "ssr")]
pub(crate) async fn gift_names(db: &db::Db) -> Result<Vec<(i64, String)>, AppError> {
    Ok(db::gifts::list(db)
        .await
        .map_err(crate::guard::internal)?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect())
}

#[cfg(feature = "ssr")]
fn promotion_error(e: db::promotions::PromotionError) -> AppError {
    use db::promotions::PromotionError;
    use domain::{Field, FieldError, Problem};
    match e {
        PromotionError::Invalid(f) => f.into(),
        PromotionError::TooMany => {
            let max = domain::promotion::PROMOTIONS_MAX as u32;
            FieldError::new(Field::PromotionName, Problem::TooMany { max }).into()
        }
        PromotionError::NotFound => AppError::NotFound,
        PromotionError::Db(e) => crate::guard::internal(e),
    }
}

#[server(endpoint = "load_promotions")]
pub async fn load_promotions() -> Result<PromotionsPage, AppError> {
    use crate::guard::{company, internal, require, state};
    let caller = require(domain::access::Permission::ManageSettings).await?;
    let db = &state()?.db;
    let company = company(db).await?;
    Ok(PromotionsPage {
        promotions: db::promotions::list(db).await.map_err(internal)?,
        with_level: db::promotions::with_level(db)
            .await
            .map_err(internal)?
            .code()
            .into(),
        stores: db::stores::list(db, caller.scope)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect(),
        names: Names {
            gifts: gift_names(db).await?,
            categories: db::catalogue::categories(db)
                .await
                .map_err(internal)?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect(),
            items: db::catalogue::items(db, "", db::catalogue::ITEMS_PAGE_MAX)
                .await
                .map_err(internal)?
                .into_iter()
                .map(|i| (i.id, format!("{} {}", i.code, i.name)))
                .collect(),
        },
        today: db::clock::business_day(db::now_ms(), &company.time_zone).to_string(),
        currency_symbol: company.currency_symbol,
    })
}

/// Adds a promotion; gives its id. Every store it names must be in the
/// caller's scope.
#[server(endpoint = "add_promotion", input = Json)]
pub async fn add_promotion(form: PromotionForm) -> Result<i64, AppError> {
    use crate::guard::{require, state};
    use domain::{Field, FieldError, Problem};
    let caller = require(domain::access::Permission::ManageSettings).await?;
    let promotion = form.parse_all()?;
    if promotion.stores.iter().any(|s| !caller.scope.covers(*s)) {
        return Err(FieldError::new(Field::PromotionStores, Problem::NotFound).into());
    }
    db::promotions::create(&state()?.db, &promotion)
        .await
        .map_err(promotion_error)
}

/// Switches a promotion off, or on again.
#[server(endpoint = "set_promotion_active")]
pub async fn set_promotion_active(id: i64, active: bool) -> Result<(), AppError> {
    use crate::guard::{require, state};
    require(domain::access::Permission::ManageSettings).await?;
    db::promotions::set_active(&state()?.db, id, active)
        .await
        .map_err(promotion_error)
}

/// How promotions meet the level discount: "better" or "both".
#[server(endpoint = "save_promotion_rule")]
pub async fn save_promotion_rule(with_level: String) -> Result<(), AppError> {
    use crate::guard::{internal, require, state};
    use domain::{Field, FieldError, Problem};
    require(domain::access::Permission::ManageSettings).await?;
    let with = domain::promotion::WithLevel::from_code(&with_level).ok_or(FieldError::new(
        Field::PromotionWithLevel,
        Problem::NotAnOption,
    ))?;
    db::promotions::set_with_level(&state()?.db, with)
        .await
        .map_err(internal)
}
