//! Members (M1, M2): search, view, create, edit. Members belong to the whole
//! chain, so every store finds every member.

use crate::error::AppError;
use domain::member::{Member, MemberForm, MemberPage};
use domain::slip::{CardView, Slip};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub(crate) fn member_error(e: db::members::MemberError) -> AppError {
    use db::members::MemberError;
    use domain::{Field, FieldError, Problem};
    match e {
        MemberError::NumberTaken => FieldError::new(Field::MemberNumber, Problem::Taken).into(),
        MemberError::PhoneTaken => FieldError::new(Field::Phone, Problem::Taken).into(),
        MemberError::ReferrerNotFound => FieldError::new(Field::Referrer, Problem::NotFound).into(),
        MemberError::LevelNotFound => FieldError::new(Field::Level, Problem::NotFound).into(),
        MemberError::TooManyFields => {
            let max = domain::member::CUSTOM_FIELDS_MAX as u32;
            FieldError::new(Field::CustomFieldName, Problem::TooMany { max }).into()
        }
        MemberError::NotFound => AppError::NotFound,
        MemberError::Db(e) => crate::guard::internal(e),
    }
}

/// A page of members matching `query` (card number, UID, phone, name, member
/// number, custom value); `page_size` is capped at 100.
#[server(endpoint = "search_members")]
pub async fn search_members(
    query: String,
    page: u32,
    page_size: u32,
) -> Result<MemberPage, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ViewMembers).await?;
    let query = domain::member::parse_search(&query)?;
    db::members::search(&state()?.db, &query, page, page_size)
        .await
        .map_err(internal)
}

/// A member with their cards and their latest transactions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberPageData {
    pub member: Member,
    pub cards: Vec<CardView>,
    pub history: Vec<Slip>,
    pub currency_symbol: String,
}

#[server(endpoint = "member_details")]
pub async fn member_details(id: i64) -> Result<MemberPageData, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ViewMembers).await?;
    let db = &state()?.db;
    let member = db::members::get(db, id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let cards = db::cards::of_member(db, id).await.map_err(internal)?;
    let history = db::ledger::member_history(db, id, 50)
        .await
        .map_err(internal)?;
    let company = crate::guard::company(db).await?;
    Ok(MemberPageData {
        member,
        cards,
        history,
        currency_symbol: company.currency_symbol,
    })
}

/// Creates a member (`id` 0) or changes one; gives the member's id.
#[server(endpoint = "save_member", input = Json)]
pub async fn save_member(id: i64, form: MemberForm) -> Result<i64, AppError> {
    use crate::guard::{internal, require, state};
    let caller = require(domain::access::Permission::EditMembers).await?;
    let db = &state()?.db;
    // A branch registers members at its own store; head office anywhere.
    if !caller.scope.covers(form.home_store_id) {
        return Err(domain::FieldError::new(
            domain::Field::HomeStore,
            domain::Problem::NotAnOption,
        )
        .into());
    }
    db::stores::get(db, caller.scope, form.home_store_id)
        .await
        .map_err(|_| {
            domain::FieldError::new(domain::Field::HomeStore, domain::Problem::NotAnOption)
        })?;
    let fields = db::members::fields(db).await.map_err(internal)?;
    let member = form.parse_all(&fields)?;
    if id == 0 {
        db::members::create(db, &member).await.map_err(member_error)
    } else {
        db::members::update(db, id, &member)
            .await
            .map_err(member_error)?;
        Ok(id)
    }
}
