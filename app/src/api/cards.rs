//! Cards and value operations (C2-C7, V1, V4-V7). Each operation names its
//! permission; every value operation carries a request id made by the page, so
//! a double click or a retry returns the first answer.

use crate::error::AppError;
use domain::slip::{CardView, Slip};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// What the card page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardPage {
    pub card: CardView,
    pub history: Vec<Slip>,
    pub currency_symbol: String,
    /// Returning the card today would refund this before the fee ...
    pub return_before_fee_fen: i64,
    /// ... less the shop's return fee (unless the cashier types another).
    pub return_fee_fen: i64,
    /// Recharge promotions running at the caller's store today.
    #[serde(default)]
    pub recharge_offers: Vec<domain::promotion::Promotion>,
    /// The names of the gifts they give: (id, name).
    #[serde(default)]
    pub gift_names: Vec<(i64, String)>,
}

/// A slip with what its printout needs around it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintableSlip {
    pub slip: Slip,
    pub company_name: String,
    pub currency_symbol: String,
    pub header: String,
    pub footer: String,
}

#[cfg(feature = "ssr")]
pub(crate) fn ledger_error(e: db::ledger::LedgerError) -> AppError {
    use db::ledger::LedgerError;
    match e {
        LedgerError::Refused(r) => AppError::Refused(r),
        LedgerError::Invalid(f) => AppError::Invalid(f),
        LedgerError::NotFound => AppError::NotFound,
        LedgerError::Db(e) => crate::guard::internal(e),
    }
}

#[cfg(feature = "ssr")]
pub(crate) fn optional_money(
    raw: &str,
    field: domain::Field,
) -> Result<Option<domain::money::Money>, AppError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        Ok(Some(domain::money::Money::parse(raw, field)?))
    }
}

#[cfg(feature = "ssr")]
pub(crate) fn positive_money(raw: &str) -> Result<domain::money::Money, AppError> {
    let amount = domain::money::Money::parse(raw, domain::Field::Amount)?;
    if amount.fen() == 0 {
        return Err(domain::FieldError::new(domain::Field::Amount, domain::Problem::Zero).into());
    }
    Ok(amount)
}

#[cfg(feature = "ssr")]
pub(crate) fn reason_of(raw: &str) -> Result<String, AppError> {
    Ok(domain::text::optional(
        raw,
        domain::Field::Reason,
        domain::slip::REASON_MAX_CHARS,
    )?)
}

/// The card a number or reader UID names.
#[server(endpoint = "find_card")]
pub async fn find_card(number: String) -> Result<i64, AppError> {
    use crate::guard::{require, state};
    require(domain::access::Permission::ViewMembers).await?;
    let number = domain::text::required(
        &number,
        domain::Field::CardNumber,
        domain::card::CARD_NUMBER_MAX_CHARS,
    )?;
    db::cards::find(&state()?.db, &number)
        .await
        .map_err(|e| match e {
            db::cards::FindError::Refused(r) => AppError::Refused(r),
            db::cards::FindError::Db(e) => crate::guard::internal(e),
        })
}

#[server(endpoint = "load_card_page")]
pub async fn load_card_page(id: i64) -> Result<CardPage, AppError> {
    use crate::guard::{internal, require, state};
    let caller = require(domain::access::Permission::ViewMembers).await?;
    let db = &state()?.db;
    let card = db::cards::view(db, id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let history = db::ledger::history(db, id, None, 100)
        .await
        .map_err(internal)?;
    let company = crate::guard::company(db).await?;
    let (return_before_fee_fen, return_fee_fen) = db::ledger::return_quote(db, id)
        .await
        .map_err(ledger_error)?;
    let recharge_offers = db::promotions::recharge_offers_at(db, caller.store_id)
        .await
        .map_err(internal)?;
    let gift_names = if recharge_offers.is_empty() {
        Vec::new()
    } else {
        super::promotions::gift_names(db).await?
    };
    Ok(CardPage {
        card,
        history,
        currency_symbol: company.currency_symbol,
        return_before_fee_fen,
        return_fee_fen,
        recharge_offers,
        gift_names,
    })
}

/// The issue form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueForm {
    pub plan_id: i64,
    /// 0: an anonymous stored-value card.
    pub member_id: i64,
    pub card_no: String,
    pub uid: String,
    pub pin: String,
    pub pin_again: String,
    pub payment: String,
    /// Empty: the settings' issue fee.
    pub fee: String,
}

/// Issues a card to a member (or an anonymous stored-value card).
#[server(endpoint = "issue_card", input = Json)]
pub async fn issue_card(request_id: String, form: IssueForm) -> Result<Slip, AppError> {
    use crate::guard::{require, state};
    use domain::{Field, FieldError, Problem};
    let IssueForm {
        plan_id,
        member_id,
        card_no,
        uid,
        pin,
        pin_again,
        payment,
        fee,
    } = form;
    let caller = require(domain::access::Permission::EditMembers).await?;
    let fee = optional_money(&fee, Field::Fee)?;
    if fee.is_some() && !caller.role.can(domain::access::Permission::ManageCards) {
        return Err(AppError::Forbidden);
    }
    let request_id = domain::slip::parse_request_id(&request_id)?;
    let card_no = domain::card::parse_card_number(&card_no, Field::CardNumber)?;
    let uid = domain::card::parse_card_uid(&uid)?;
    let pin = if pin.trim().is_empty() {
        None
    } else {
        let chosen = domain::card::Pin::choose(&pin)?;
        if pin.trim() != pin_again.trim() {
            return Err(FieldError::new(Field::Pin, Problem::Mismatch).into());
        }
        Some(chosen)
    };
    let payment = crate::guard::payment(&state()?.db, &payment).await?;
    let new = db::ledger::NewCard {
        plan_id,
        member_id: (member_id > 0).then_some(member_id),
        card_no: &card_no,
        uid: uid.as_deref(),
        pin: pin.as_ref(),
        payment,
        fee,
    };
    let op = db::ledger::Op {
        caller: &caller,
        request_id: &request_id,
        reason: "",
    };
    db::ledger::issue(&state()?.db, &op, &new)
        .await
        .map_err(ledger_error)
}

/// Issues a numbered batch of anonymous stored-value cards; gives their numbers.
#[server(endpoint = "issue_batch")]
pub async fn issue_batch(
    request_id: String,
    plan_id: i64,
    first_no: String,
    count: String,
    payment: String,
) -> Result<Vec<String>, AppError> {
    use crate::guard::{require, state};
    let caller = require(domain::access::Permission::ManageCards).await?;
    let request_id = domain::slip::parse_request_id(&request_id)?;
    if request_id.len() > 56 {
        return Err(domain::FieldError::new(
            domain::Field::RequestId,
            domain::Problem::TooLong { max_chars: 56 },
        )
        .into());
    }
    let count = domain::settings::parse_count(
        &count,
        domain::Field::BatchCount,
        1,
        domain::card::BATCH_MAX_CARDS,
    )?;
    let payment = crate::guard::payment(&state()?.db, &payment).await?;
    let op = db::ledger::Op {
        caller: &caller,
        request_id: &request_id,
        reason: "",
    };
    db::ledger::issue_batch(&state()?.db, &op, plan_id, &first_no, count, payment)
        .await
        .map_err(ledger_error)
}

/// Refunds (part of) a spend or visit use, or reverses (part of) a recharge,
/// made at a store in the caller's scope.
#[server(endpoint = "reverse_transaction")]
pub async fn reverse_transaction(
    request_id: String,
    original_id: i64,
    amount: String,
    visits: String,
    reason: String,
) -> Result<Slip, AppError> {
    use crate::guard::{require, state};
    let caller = require(domain::access::Permission::RefundAndReverse).await?;
    let db = &state()?.db;
    let original = db::ledger::slip(db, original_id)
        .await
        .map_err(ledger_error)?;
    if !caller.scope.covers(original.store_id) {
        return Err(AppError::NotFound);
    }
    let request_id = domain::slip::parse_request_id(&request_id)?;
    let reason = reason_of(&reason)?;
    let amount = optional_money(&amount, domain::Field::Amount)?;
    let visits = if visits.trim().is_empty() {
        None
    } else {
        let max = domain::ledger::VISITS_MAX as u32;
        Some(domain::settings::parse_count(&visits, domain::Field::Visits, 1, max)? as i64)
    };
    let op = db::ledger::Op {
        caller: &caller,
        request_id: &request_id,
        reason: &reason,
    };
    db::ledger::reverse(db, &op, original_id, amount, visits)
        .await
        .map_err(ledger_error)
}

/// The member changes the PIN by typing the current one; with `reset`, an admin
/// sets a new one without it.
#[server(endpoint = "set_card_pin")]
pub async fn set_card_pin(
    request_id: String,
    card_id: i64,
    current: String,
    new_pin: String,
    new_pin_again: String,
    reset: bool,
) -> Result<(), AppError> {
    use crate::guard::{require, state};
    use domain::access::Permission;
    let permission = if reset {
        Permission::ResetCardPin
    } else {
        Permission::ChargeCard
    };
    let caller = require(permission).await?;
    let request_id = domain::slip::parse_request_id(&request_id)?;
    let new_pin_parsed = domain::card::Pin::choose(&new_pin)?;
    if new_pin.trim() != new_pin_again.trim() {
        return Err(domain::FieldError::new(domain::Field::Pin, domain::Problem::Mismatch).into());
    }
    let current = if current.trim().is_empty() {
        None
    } else {
        Some(domain::card::Pin::entered(&current)?)
    };
    let op = db::ledger::Op {
        caller: &caller,
        request_id: &request_id,
        reason: "",
    };
    db::ledger::set_pin(
        &state()?.db,
        &op,
        card_id,
        current.as_ref(),
        &new_pin_parsed,
        reset,
    )
    .await
    .map_err(ledger_error)
}

/// A card's own daily limit (C7); empty lifts it.
#[server(endpoint = "set_card_daily_limit")]
pub async fn set_card_daily_limit(card_id: i64, limit: String) -> Result<(), AppError> {
    use crate::guard::{require, state};
    require(domain::access::Permission::ManageCards).await?;
    let limit = optional_money(&limit, domain::Field::DailyLimit)?;
    db::ledger::set_daily_limit(&state()?.db, card_id, limit)
        .await
        .map_err(ledger_error)
}

/// A slip to print. A card's history belongs to the card, which the whole chain
/// serves: whoever may see the card's history (every store) may print any slip of
/// it, as `member_details` and `load_card_page` show it (ARCHITECTURE.md, "Another
/// store's history"). Correcting a transaction stays with its own store.
#[server(endpoint = "load_slip")]
pub async fn load_slip(id: i64) -> Result<PrintableSlip, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::ViewMembers).await?;
    let db = &state()?.db;
    let slip = db::ledger::slip(db, id).await.map_err(ledger_error)?;
    let company = crate::guard::company(db).await?;
    let settings = db::settings::read(db).await.map_err(internal)?;
    Ok(PrintableSlip {
        slip,
        company_name: company.name,
        currency_symbol: company.currency_symbol,
        header: settings.receipt_header,
        footer: settings.receipt_footer,
    })
}

/// The next free card number of a plan (its prefix and counter), for the issue
/// forms to suggest; None when the plan has no prefix.
#[server(endpoint = "suggest_card_no")]
pub async fn suggest_card_no(plan_id: i64) -> Result<Option<String>, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::EditMembers).await?;
    db::plans::suggest_card_no(&state()?.db, plan_id)
        .await
        .map_err(internal)
}
