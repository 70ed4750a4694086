//! Shop settings (S2), plans (C1) and custom member fields: admins change them;
//! everyone signed in reads the plans and fields (forms need them).

use crate::error::AppError;
use domain::member::{CustomField, CustomFieldForm};
use domain::plan::{Plan, PlanForm};
use domain::settings::SettingsForm;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "shop_settings")]
pub async fn shop_settings() -> Result<SettingsForm, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ManageSettings).await?;
    let settings = db::settings::read(&state()?.db).await.map_err(internal)?;
    Ok(SettingsForm::from_settings(&settings))
}

#[server(endpoint = "save_shop_settings", input = Json)]
pub async fn save_shop_settings(form: SettingsForm) -> Result<(), AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ManageSettings).await?;
    let settings = form.parse_all()?;
    db::settings::update(&state()?.db, &settings)
        .await
        .map_err(internal)
}

#[server(endpoint = "list_plans")]
pub async fn list_plans() -> Result<Vec<Plan>, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ViewMembers).await?;
    db::plans::list(&state()?.db).await.map_err(internal)
}

/// Creates a plan (`id` 0) or changes one.
#[server(endpoint = "save_plan", input = Json)]
pub async fn save_plan(id: i64, form: PlanForm) -> Result<i64, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ManageSettings).await?;
    let plan = form.parse_all()?;
    let db = &state()?.db;
    if id == 0 {
        return db::plans::create(db, &plan).await.map_err(internal);
    }
    // A plan's kind never changes: its cards were issued as that kind.
    match db::plans::update(db, id, &plan).await.map_err(internal)? {
        true => Ok(id),
        false => Err(domain::FieldError::new(
            domain::Field::CardKind,
            domain::Problem::NotAnOption,
        )
        .into()),
    }
}

#[server(endpoint = "set_plan_active")]
pub async fn set_plan_active(id: i64, active: bool) -> Result<(), AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ManageSettings).await?;
    match db::plans::set_active(&state()?.db, id, active)
        .await
        .map_err(internal)?
    {
        true => Ok(()),
        false => Err(AppError::NotFound),
    }
}

#[server(endpoint = "member_fields")]
pub async fn member_fields() -> Result<Vec<CustomField>, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ViewMembers).await?;
    db::members::fields(&state()?.db).await.map_err(internal)
}

#[server(endpoint = "add_member_field", input = Json)]
pub async fn add_member_field(form: CustomFieldForm) -> Result<i64, AppError> {
    use crate::guard::{require, state};
    require(domain::access::Permission::ManageSettings).await?;
    let field = form.parse()?;
    db::members::add_field(&state()?.db, &field)
        .await
        .map_err(super::members::member_error)
}

#[server(endpoint = "remove_member_field")]
pub async fn remove_member_field(id: i64) -> Result<(), AppError> {
    use crate::guard::{require, state};
    require(domain::access::Permission::ManageSettings).await?;
    db::members::remove_field(&state()?.db, id)
        .await
        .map_err(super::members::member_error)
}

/// The catalogue: categories, the items matching a search, and the stores an
/// item may be sold at.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Catalogue {
    pub categories: Vec<domain::catalogue::Category>,
    pub items: Vec<domain::catalogue::Item>,
    /// (id, name)
    pub stores: Vec<(i64, String)>,
}

#[server(endpoint = "load_catalogue")]
pub async fn load_catalogue(search: String) -> Result<Catalogue, AppError> {
    use crate::guard::{internal, require, state};
    let caller = require(domain::access::Permission::ViewMembers).await?;
    let search = domain::text::optional(&search, domain::Field::Search, 40)?;
    let db = &state()?.db;
    let stores = db::stores::list(db, caller.scope)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    Ok(Catalogue {
        categories: db::catalogue::categories(db).await.map_err(internal)?,
        items: db::catalogue::items(db, &search, db::catalogue::ITEMS_PAGE_MAX)
            .await
            .map_err(internal)?,
        stores,
    })
}

#[cfg(feature = "ssr")]
fn catalogue_error(e: db::catalogue::CatalogueError, code_field: domain::Field) -> AppError {
    use db::catalogue::CatalogueError;
    use domain::{Field, FieldError, Problem};
    match e {
        CatalogueError::CodeTaken => FieldError::new(code_field, Problem::Taken).into(),
        CatalogueError::BarcodeTaken => FieldError::new(Field::Barcode, Problem::Taken).into(),
        CatalogueError::NotFound => FieldError::new(Field::CategoryName, Problem::NotFound).into(),
        CatalogueError::BadParent => {
            FieldError::new(Field::ParentCategory, Problem::NotAnOption).into()
        }
        CatalogueError::StoreNotFound => {
            FieldError::new(Field::SoldAtStores, Problem::NotFound).into()
        }
        CatalogueError::Db(e) => crate::guard::internal(e),
    }
}

/// Adds a category (`id` 0) or changes one.
#[server(endpoint = "save_category", input = Json)]
pub async fn save_category(
    id: i64,
    form: domain::catalogue::CategoryForm,
) -> Result<i64, AppError> {
    use crate::guard::{require, state};
    require(domain::access::Permission::ManageSettings).await?;
    let category = form.parse_all()?;
    db::catalogue::save_category(&state()?.db, id, &category)
        .await
        .map_err(|e| catalogue_error(e, domain::Field::CategoryCode))
}

/// Adds an item (`id` 0) or changes one.
#[server(endpoint = "save_item", input = Json)]
pub async fn save_item(id: i64, form: domain::catalogue::ItemForm) -> Result<i64, AppError> {
    use crate::guard::{require, state};
    require(domain::access::Permission::ManageSettings).await?;
    let item = form.parse_all()?;
    db::catalogue::save_item(&state()?.db, id, &item)
        .await
        .map_err(|e| catalogue_error(e, domain::Field::ItemCode))
}
