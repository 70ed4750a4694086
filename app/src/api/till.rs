//! The till's sale (V2, V3): find the member and the items, price the basket on
//! the server, sell, and print or reprint the receipt (K4).

use crate::error::AppError;
use domain::catalogue::Item;
use domain::cover::{CoverChoice, Quote};
use domain::member::MemberLine;
use domain::sale::Receipt;
use domain::slip::CardView;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// Longest text the till's search boxes send.
pub const TILL_SEARCH_MAX_CHARS: u32 = 40;

/// The member at the till: who, at which level, and the cards that can pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TillMember {
    pub id: i64,
    pub member_no: String,
    pub name: String,
    pub phone: Option<String>,
    pub level_name: Option<String>,
    /// The level's default rate (10_000: none).
    pub rate_bp: u32,
    /// Active stored-value cards, the swiped one first.
    pub cards: Vec<CardView>,
    /// Active count and time cards: they pay the lines they cover.
    #[serde(default)]
    pub visit_cards: Vec<CardView>,
    /// The member's points balance.
    #[serde(default)]
    pub points: i64,
}

/// What a lookup at the till found: one member (chosen) or a list to pick from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TillLookup {
    pub chosen: Option<TillMember>,
    pub matches: Vec<MemberLine>,
}

#[cfg(feature = "ssr")]
fn search_text(raw: &str) -> Result<String, AppError> {
    Ok(domain::text::optional(
        raw,
        domain::Field::Search,
        TILL_SEARCH_MAX_CHARS,
    )?)
}

#[cfg(feature = "ssr")]
async fn till_member(db: &db::Db, id: i64, swiped: &str) -> Result<TillMember, AppError> {
    use crate::guard::internal;
    use domain::card::{CardKind, CardStatus};
    let member = db::members::get(db, id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let levels = db::levels::levels(db).await.map_err(internal)?;
    let rate_bp = member
        .level_id
        .and_then(|l| levels.iter().find(|x| x.id == l))
        .map(|l| l.rate_bp)
        .unwrap_or(domain::level::FULL_RATE_BP);
    let swiped = swiped.trim().to_ascii_uppercase();
    let (mut cards, visit_cards): (Vec<CardView>, Vec<CardView>) = db::cards::of_member(db, id)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|c| c.status == CardStatus::Active)
        .partition(|c| c.kind == CardKind::StoredValue);
    cards.sort_by_key(|c| !(c.card_no == swiped || c.uid.as_deref() == Some(swiped.as_str())));
    Ok(TillMember {
        id: member.id,
        member_no: member.member_no,
        name: member.name,
        phone: member.phone,
        level_name: member.level_name,
        rate_bp,
        cards,
        visit_cards,
        points: member.points,
    })
}

/// Finds the member by a swipe, card number, phone, member number or name.
#[server(endpoint = "find_at_till")]
pub async fn find_at_till(text: String) -> Result<TillLookup, AppError> {
    use crate::guard::{internal, require, state};
    require(domain::access::Permission::UseTill).await?;
    let text = search_text(&text)?;
    if text.is_empty() {
        return Ok(TillLookup::default());
    }
    let db = &state()?.db;
    if let Some(code) = domain::member_code::read(&text) {
        return member_code_at_till(db, &code).await;
    }
    let page = db::members::search(db, &text, 0, 10)
        .await
        .map_err(internal)?;
    if page.members.len() == 1 {
        let chosen = till_member(db, page.members[0].id, &text).await?;
        return Ok(TillLookup {
            chosen: Some(chosen),
            matches: page.members,
        });
    }
    Ok(TillLookup {
        chosen: None,
        matches: page.members,
    })
}

/// A member code from the member's phone, scanned like a card: the card it
/// names (once, while fresh, and only an active card) and its member.
#[cfg(feature = "ssr")]
async fn member_code_at_till(
    db: &db::Db,
    code: &domain::member_code::MemberCode,
) -> Result<TillLookup, AppError> {
    use crate::guard::internal;
    use db::member_codes::{CodeError, CodeRefusal};
    use domain::ledger::Refusal;
    let card_id = match db::member_codes::take(db, code, db::member_codes::unix_s()).await {
        Ok(id) => id,
        Err(CodeError::Refused(r)) => {
            return Err(AppError::Refused(match r {
                CodeRefusal::Expired => Refusal::MemberCodeExpired,
                CodeRefusal::Used => Refusal::MemberCodeUsed,
                CodeRefusal::CardNotActive => Refusal::CardFrozen,
            }));
        }
        Err(CodeError::Db(e)) => return Err(internal(e)),
    };
    let card = db::cards::view(db, card_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let member_id = card.member_id.ok_or(AppError::NotFound)?;
    let chosen = till_member(db, member_id, &card.card_no).await?;
    Ok(TillLookup {
        matches: Vec::new(),
        chosen: Some(chosen),
    })
}

/// One member for the till, picked from a list.
#[server(endpoint = "till_pick_member")]
pub async fn till_pick_member(id: i64) -> Result<TillMember, AppError> {
    use crate::guard::{require, state};
    require(domain::access::Permission::UseTill).await?;
    till_member(&state()?.db, id, "").await
}

/// Items as the cashier types: barcode, code, short code or part of the name.
#[server(endpoint = "till_items")]
pub async fn till_items(text: String) -> Result<Vec<Item>, AppError> {
    use crate::guard::{internal, require, state};
    let caller = require(domain::access::Permission::UseTill).await?;
    let text = search_text(&text)?;
    db::catalogue::till_search(&state()?.db, caller.store_id, &text, 12)
        .await
        .map_err(internal)
}

#[cfg(feature = "ssr")]
pub(crate) fn sale_error(e: db::sales::SaleError) -> AppError {
    use db::sales::SaleError;
    match e {
        SaleError::Refused(r) => AppError::Refused(r),
        SaleError::Invalid(f) => AppError::Invalid(f),
        SaleError::NoOpenShift => AppError::NoOpenShift,
        SaleError::NotFound => AppError::NotFound,
        SaleError::Db(e) => crate::guard::internal(e),
    }
}

/// The basket priced by the server for the member (none: a walk-in), each line
/// paid as `choices` says (a count or time card, money, or the first card that
/// can), with the cards that could pay each line.
#[server(endpoint = "quote_sale", input = Json)]
pub async fn quote_sale(
    member_id: Option<i64>,
    lines: Vec<(i64, i64)>,
    #[server(default)] choices: Vec<CoverChoice>,
) -> Result<Quote, AppError> {
    use crate::guard::{require, state};
    let caller = require(domain::access::Permission::UseTill).await?;
    if choices.len() > domain::sale::LINES_MAX {
        return Err(AppError::Refused(domain::ledger::Refusal::NotCoveredByCard));
    }
    db::sales::quote(&state()?.db, caller.store_id, member_id, &lines, &choices)
        .await
        .map_err(sale_error)
}

/// A sale as the till sends it; amounts as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleForm {
    pub request_id: String,
    pub member_id: Option<i64>,
    pub card_id: Option<i64>,
    /// (item, quantity)
    pub lines: Vec<(i64, i64)>,
    /// (method code, amount as typed)
    pub payments: Vec<(String, String)>,
    /// Cash handed over; empty: exactly the cash part.
    pub cash_given: String,
    pub pin: String,
    /// For each line, the count or time card that pays it (none: money).
    #[serde(default)]
    pub covers: Vec<Option<i64>>,
}

/// Sells. Paying by member card needs the right to charge a card as well.
#[server(endpoint = "sell", input = Json)]
pub async fn sell(form: SaleForm) -> Result<Receipt, AppError> {
    use crate::guard::{require, state};
    use domain::sale::{PAYMENTS_MAX, PayBy, Payment};
    use domain::{Field, FieldError, Problem};
    let caller = require(domain::access::Permission::UseTill).await?;
    // Only at a registered till of the cashier's store (S5); the sale records it.
    let till = crate::guard::at_till(&state()?, &caller).await?;
    let request_id = domain::slip::parse_request_id(&form.request_id)?;
    if form.payments.len() > PAYMENTS_MAX {
        let max = PAYMENTS_MAX as u32;
        return Err(FieldError::new(Field::Payments, Problem::TooMany { max }).into());
    }
    let mut payments = Vec::with_capacity(form.payments.len());
    for (method, amount) in &form.payments {
        let by = PayBy::from_code(method)
            .ok_or(FieldError::new(Field::PaymentMethod, Problem::NotAnOption))?;
        let amount = domain::money::Money::parse(amount, Field::Payments)?;
        payments.push(Payment {
            by,
            amount_fen: amount.fen(),
        });
    }
    let codes: Vec<String> = payments.iter().map(|p| p.by.code()).collect();
    crate::guard::usable_methods(&state()?.db, &codes).await?;
    if payments.iter().any(|p| p.by == PayBy::MemberCard) {
        require(domain::access::Permission::ChargeCard).await?;
    }
    if form.covers.iter().any(Option::is_some) {
        require(domain::access::Permission::UseVisits).await?;
    }
    let cash_given = super::cards::optional_money(&form.cash_given, Field::CashGiven)?;
    let pin = if form.pin.trim().is_empty() {
        None
    } else {
        Some(domain::card::Pin::entered(&form.pin)?)
    };
    let request = db::sales::SaleRequest {
        member_id: form.member_id,
        card_id: form.card_id,
        lines: form.lines,
        payments,
        cash_given_fen: cash_given.map(|m| m.fen()),
        pin,
        covers: form.covers,
    };
    let op = db::ledger::Op {
        caller: &caller,
        request_id: &request_id,
        reason: "",
    };
    db::sales::sell_at(&state()?.db, &op, &request, till.map(|t| t.id))
        .await
        .map_err(sale_error)
}

/// A receipt with what its printout needs around it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintableReceipt {
    pub receipt: Receipt,
    pub currency_symbol: String,
    pub time_zone: String,
}

/// A sale's receipt for printing or reprinting, within the caller's stores.
#[server(endpoint = "sale_receipt")]
pub async fn sale_receipt(sale_id: i64) -> Result<PrintableReceipt, AppError> {
    use crate::guard::{company, internal, require, state};
    let caller = require(domain::access::Permission::UseTill).await?;
    let db = &state()?.db;
    let store = db::sales::store_of(db, sale_id).await.map_err(internal)?;
    if !store.is_some_and(|s| caller.scope.covers(s)) {
        return Err(AppError::NotFound);
    }
    let receipt = db::sales::receipt(db, sale_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let company = company(db).await?;
    Ok(PrintableReceipt {
        receipt,
        currency_symbol: company.currency_symbol,
        time_zone: company.time_zone,
    })
}

/// The store's latest sales, for the till's reprint list after a sale.
#[server(endpoint = "recent_sales")]
pub async fn recent_sales() -> Result<Vec<domain::sale::SaleSummary>, AppError> {
    use crate::guard::{internal, require, state};
    let caller = require(domain::access::Permission::UseTill).await?;
    db::sales::recent(&state()?.db, caller.store_id, 20)
        .await
        .map_err(internal)
}
