//! Gifts for points and points to money (P3).

use crate::error::AppError;
use domain::gift::{Gift, GiftForm};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
fn gift_error(e: db::gifts::GiftError) -> AppError {
    use db::gifts::GiftError;
    use domain::{Field, FieldError, Problem};
    match e {
        GiftError::NameTaken => FieldError::new(Field::GiftName, Problem::Taken).into(),
        GiftError::TooMany => {
            let max = domain::gift::GIFTS_MAX as u32;
            FieldError::new(Field::GiftName, Problem::TooMany { max }).into()
        }
        GiftError::NotFound => AppError::NotFound,
        GiftError::Db(e) => crate::guard::internal(e),
    }
}

/// The gift catalogue with each store's stock (everyone who serves members
/// sees it, to offer a gift).
#[server(endpoint = "list_gifts")]
pub async fn list_gifts() -> Result<Vec<Gift>, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ViewMembers).await?;
    db::gifts::list(&state()?.db).await.map_err(internal)
}

/// Adds a gift (`id` 0) or changes one; gives its id.
#[server(endpoint = "save_gift", input = Json)]
pub async fn save_gift(id: i64, form: GiftForm) -> Result<i64, AppError> {
    use crate::guard::{require, state};
    require(domain::access::Permission::ManageSettings).await?;
    let gift = form.parse_all()?;
    db::gifts::save(&state()?.db, id, &gift)
        .await
        .map_err(gift_error)
}

/// Sets a gift's stock at a store in the caller's scope.
#[server(endpoint = "set_gift_stock")]
pub async fn set_gift_stock(gift_id: i64, store_id: i64, quantity: String) -> Result<(), AppError> {
    use crate::guard::{require, state};
    let caller = require(domain::access::Permission::ManageSettings).await?;
    if !caller.scope.covers(store_id) {
        return Err(AppError::NotFound);
    }
    let quantity = domain::gift::parse_stock(&quantity)?;
    db::gifts::set_stock(&state()?.db, gift_id, store_id, quantity)
        .await
        .map_err(gift_error)
}

/// Redeems one unit of a gift at the caller's store for a member.
#[server(endpoint = "redeem_gift")]
pub async fn redeem_gift(
    request_id: String,
    member_id: i64,
    gift_id: i64,
) -> Result<i64, AppError> {
    use crate::guard::{require, state};
    let caller = require(domain::access::Permission::RedeemPoints).await?;
    let request_id = domain::slip::parse_request_id(&request_id)?;
    let op = db::ledger::Op {
        caller: &caller,
        request_id: &request_id,
        reason: "",
    };
    db::gifts::redeem(&state()?.db, &op, member_id, gift_id)
        .await
        .map_err(super::cards::ledger_error)
}

/// Reverses a redemption (points and the unit come back), once.
#[server(endpoint = "reverse_redemption")]
pub async fn reverse_redemption(redemption_id: i64, reason: String) -> Result<(), AppError> {
    use crate::guard::{require, state};
    let caller = require(domain::access::Permission::RefundAndReverse).await?;
    let reason = super::cards::reason_of(&reason)?;
    let op = db::ledger::Op {
        caller: &caller,
        request_id: "",
        reason: &reason,
    };
    db::gifts::reverse(&state()?.db, &op, redemption_id)
        .await
        .map_err(super::cards::ledger_error)
}

/// Turns a member's points into bonus on one of their stored-value cards.
#[server(endpoint = "points_to_money")]
pub async fn points_to_money(
    request_id: String,
    card_id: i64,
    points: String,
) -> Result<domain::slip::Slip, AppError> {
    use crate::guard::{require, state};
    let caller = require(domain::access::Permission::RedeemPoints).await?;
    let request_id = domain::slip::parse_request_id(&request_id)?;
    let points = domain::gift::parse_points(&points)?;
    let op = db::ledger::Op {
        caller: &caller,
        request_id: &request_id,
        reason: "",
    };
    db::ledger::points_to_money(&state()?.db, &op, card_id, points)
        .await
        .map_err(super::cards::ledger_error)
}
