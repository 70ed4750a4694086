//! The member's page: the cards, the member code, points and level, the
//! history and the shop; and the code's refresh.

use super::views;
use super::{CardQuery, StatusOf, company, html, locale, member};
use crate::guard::{ServerState, internal};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::card::{CardKind, CardStatus};
use domain::points::PointsAccount;
use domain::portal::MemberSession;
use domain::slip::{CardView, Slip};
use leptos_i18n::td_string;
use serde::Deserialize;
use tower_sessions::Session;

/// Everything the member's page shows.
pub struct CardPage {
    pub member_name: String,
    pub symbol: String,
    pub cards: Vec<CardView>,
    pub points: PointsAccount,
    pub history: Vec<Slip>,
    /// The id to page on from ("older"), when there may be more.
    pub older_than: Option<i64>,
    pub paged: bool,
    pub code: Option<ShownCode>,
    /// The active cards a code can be shown for: id and a short label.
    pub code_cards: Vec<(i64, String)>,
    pub shop_name: String,
    pub shop_phone: Option<String>,
    pub shop_address: String,
    pub at_ms: i64,
    pub at_local: String,
}

pub struct ShownCode {
    pub card_id: i64,
    pub text: String,
    pub seconds_left: u64,
    pub qr_svg: String,
    pub bar_svg: String,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct PageQuery {
    #[serde(default)]
    card: Option<i64>,
    #[serde(default)]
    before: Option<i64>,
    #[serde(default)]
    done: Option<String>,
}

/// The cards a member sees: active and frozen (returned and replaced ones are
/// gone from their wallet).
pub(super) async fn wallet(state: &ServerState, member_id: i64) -> Result<Vec<CardView>, Response> {
    let mut cards = db::cards::of_member(&state.db, member_id)
        .await
        .map_err(|e| internal(e).into_response_status())?;
    cards.retain(|c| matches!(c.status, CardStatus::Active | CardStatus::Frozen));
    cards.sort_by_key(|c| c.id);
    Ok(cards)
}

/// A card as a member tells it apart: its plan and the last digits of its number.
fn card_label(c: &CardView) -> String {
    let digits = c.card_no.chars().count();
    let tail: String = c.card_no.chars().skip(digits.saturating_sub(4)).collect();
    format!("{} ··{tail}", c.plan_name)
}

/// The SVG pictures of a code: a QR code and a Code 128 bar code under it.
pub fn pictures(text: &str) -> (String, String) {
    let qr = qrcode::QrCode::new(text.as_bytes())
        .map(|code| {
            code.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(220, 220)
                .build()
        })
        .unwrap_or_default();
    // The SVG element only: the XML declaration has no place inside HTML.
    let qr = qr
        .find("<svg")
        .map(|at| qr[at..].to_owned())
        .unwrap_or_default();
    // Character set B for the letters, C (digit pairs) for the digits.
    let digits = &text[2..];
    let (odd, pairs) = digits.split_at(digits.len() % 2);
    let data = format!("\u{0181}{}{odd}\u{0106}{pairs}", &text[..2]);
    let bar = barcoders::sym::code128::Code128::new(data)
        .ok()
        .and_then(|b| {
            barcoders::generators::svg::SVG::new(64)
                .xmlns("http://www.w3.org/2000/svg".into())
                .generate(b.encode())
                .ok()
        })
        // Bars stretch to the width on screen (a scanner reads them wider); the
        // height stays.
        .map(|svg| svg.replacen("<svg ", "<svg preserveAspectRatio=\"none\" ", 1))
        .unwrap_or_default();
    (qr, bar)
}

async fn shown_code(state: &ServerState, card_id: i64) -> Result<ShownCode, Response> {
    let (text, seconds_left) = db::member_codes::current(&state.db, card_id)
        .await
        .map_err(|e| internal(e).into_response_status())?;
    let (qr_svg, bar_svg) = pictures(&text);
    Ok(ShownCode {
        card_id,
        text,
        seconds_left,
        qr_svg,
        bar_svg,
    })
}

async fn card_page(
    state: &ServerState,
    company: &db::company::Company,
    who: &MemberSession,
    q: &PageQuery,
) -> Result<CardPage, Response> {
    let fail = |e: db::DbError| internal(e).into_response_status();
    let db = &state.db;
    let member = db::members::get(db, who.member_id).await.map_err(fail)?;
    let Some(member) = member else {
        return Err(StatusCode::NOT_FOUND.into_response());
    };
    let cards = wallet(state, who.member_id).await?;
    let points = db::points::account(db, who.member_id).await.map_err(fail)?;
    let Some(points) = points else {
        return Err(StatusCode::NOT_FOUND.into_response());
    };
    let before = q.before.filter(|b| *b > 0);
    let page_size = domain::portal::HISTORY_PAGE;
    let history = db::ledger::member_history_page(db, who.member_id, before, page_size)
        .await
        .map_err(fail)?;
    let older_than = (history.len() == page_size as usize)
        .then(|| history.last().map(|s| s.transaction_id))
        .flatten();
    let usable: Vec<&CardView> = cards
        .iter()
        .filter(|c| c.status == CardStatus::Active)
        .collect();
    let code_cards: Vec<(i64, String)> = usable.iter().map(|c| (c.id, card_label(c))).collect();
    // The card asked for, else the one signed in with, else a stored-value card.
    let chosen = q
        .card
        .filter(|id| usable.iter().any(|c| c.id == *id))
        .or_else(|| usable.iter().find(|c| c.id == who.card_id).map(|c| c.id))
        .or_else(|| {
            usable
                .iter()
                .find(|c| c.kind == CardKind::StoredValue)
                .map(|c| c.id)
        })
        .or_else(|| usable.first().map(|c| c.id));
    let code = match chosen {
        Some(id) => Some(shown_code(state, id).await?),
        None => None,
    };
    let store = db::stores::get(db, domain::access::Scope::AllStores, member.home_store_id)
        .await
        .ok();
    let now = db::now_ms();
    Ok(CardPage {
        member_name: member.name,
        symbol: company.currency_symbol.clone(),
        cards,
        points,
        history,
        older_than,
        paged: before.is_some(),
        code,
        code_cards,
        shop_name: store
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or(member.home_store_name),
        shop_phone: store.as_ref().map(|s| s.phone.clone()),
        shop_address: store.map(|s| s.address).unwrap_or_default(),
        at_ms: now,
        at_local: db::clock::local_minute(now, &company.time_zone),
    })
}

/// `GET /my/`: the member's page, or the sign-in form.
pub(super) async fn home(
    State(state): State<ServerState>,
    session: Session,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Response {
    let locale = locale(&headers);
    let company = match company(&state).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let who = match member(&state, &session).await {
        Ok(who) => who,
        Err(r) => return r,
    };
    let Some(who) = who else {
        let body = views::page(
            locale,
            td_string!(locale, portal_sign_in_title).to_owned(),
            &company.name,
            false,
            views::sign_in(locale, "", None),
        );
        return html(StatusCode::OK, body, false);
    };
    let page = match card_page(&state, &company, &who, &q).await {
        Ok(page) => page,
        Err(r) => return r,
    };
    let note = match q.done.as_deref() {
        Some("pin") => Some(td_string!(locale, portal_pin_changed).to_owned()),
        Some("lost") => Some(td_string!(locale, portal_lost_done).to_owned()),
        _ => None,
    };
    let body = views::page(
        locale,
        td_string!(locale, portal_my_card).to_owned(),
        &company.name,
        true,
        views::card_page(locale, &page, note),
    );
    html(StatusCode::OK, body, true)
}

/// `GET /my/code?card=N`: the member code of one of the member's active cards,
/// as JSON (text, seconds left, QR and bar code as SVG). Never cached.
pub(super) async fn code(
    State(state): State<ServerState>,
    session: Session,
    Query(q): Query<CardQuery>,
) -> Response {
    let who = match member(&state, &session).await {
        Ok(Some(who)) => who,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(r) => return r,
    };
    let cards = match wallet(&state, who.member_id).await {
        Ok(cards) => cards,
        Err(r) => return r,
    };
    if !cards
        .iter()
        .any(|c| c.id == q.card && c.status == CardStatus::Active)
    {
        return StatusCode::NOT_FOUND.into_response();
    }
    let shown = match shown_code(&state, q.card).await {
        Ok(shown) => shown,
        Err(r) => return r,
    };
    let body = serde_json::json!({
        "code": shown.text,
        "left": shown.seconds_left,
        "qr": shown.qr_svg,
        "bar": shown.bar_svg,
    });
    let mut response = axum::Json(body).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
