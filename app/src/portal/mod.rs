//! The member's own pages (U1) under `/my/`: a phone-first area with its own
//! sign-in (card number or phone, and the card's PIN) and its own session
//! cookie (`mc_member`, path `/my`), which no staff server function reads and
//! which staff cookies never open. Plain HTML forms and server-rendered pages:
//! the phone never downloads the till's wasm. The member code (C3) refreshes
//! every 30 seconds through `/my/code`.

mod assets;
mod views;

use crate::guard::{ServerState, internal};
use crate::i18n::Locale;
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use db::member_portal::{self, PortalError};
use domain::card::{CardKind, CardStatus};
use domain::points::PointsAccount;
use domain::portal::{MemberSession, PinChangeForm, SignInForm, SignInRefusal};
use domain::session::SessionUse;
use domain::slip::{CardView, Slip};
use leptos_i18n::td_string;
use serde::Deserialize;
use std::net::SocketAddr;
use tower_sessions::Session;

/// The session key holding the signed-in member (`MemberSession`).
pub const MEMBER_KEY: &str = "member";
/// The member session's cookie (path `/my`): never the staff's `mc_session`.
pub const COOKIE: &str = "mc_member";
/// The largest form a member page takes.
const FORM_MAX_BYTES: usize = 2_048;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
    connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; \
    base-uri 'none'; frame-ancestors 'none'";

/// The member pages' routes; the caller adds the member session layer.
pub fn router(state: ServerState) -> Router {
    Router::new()
        .route("/my", get(|| async { Redirect::permanent("/my/") }))
        .route("/my/", get(home))
        .route(
            "/my/sign-in",
            post(sign_in).get(|| async { Redirect::to("/my/") }),
        )
        .route("/my/sign-out", post(sign_out))
        .route("/my/code", get(code))
        .route("/my/pin", get(pin_form).post(change_pin))
        .route("/my/lost", post(report_lost))
        .route("/my/manifest.webmanifest", get(assets::manifest))
        .route("/my/{file}", get(assets::file))
        .layer(DefaultBodyLimit::max(FORM_MAX_BYTES))
        .with_state(state)
}

/// The phone's language (Accept-Language; Hong Kong and Macau arrive as zh-TW).
fn locale(headers: &HeaderMap) -> Locale {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut tags: Vec<(f32, String)> = accept
        .split(',')
        .filter_map(|part| {
            let mut bits = part.split(';');
            let tag = bits.next()?.trim().to_ascii_lowercase();
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q=")?.parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((q, tag))
        })
        .collect();
    tags.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, tag) in tags {
        if tag == "zh-tw" || tag.starts_with("zh-hant") {
            return Locale::zh_TW;
        }
        if tag.starts_with("zh") {
            return Locale::zh_CN;
        }
        if tag.starts_with("en") {
            return Locale::en;
        }
    }
    Locale::zh_CN
}

fn html(status: StatusCode, body: String, member_page: bool) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    let kind = if member_page { "card" } else { "other" };
    headers.insert("x-member-page", HeaderValue::from_static(kind));
    response
}

async fn company_name(state: &ServerState) -> (String, String) {
    match db::company::company(&state.db).await {
        Ok(Some(c)) => (c.name, c.currency_symbol),
        _ => (String::new(), "¥".into()),
    }
}

/// The signed-in member, if the session holds one still good: within its idle
/// and absolute limits, its card still the member's, its PIN unchanged.
async fn member(state: &ServerState, session: &Session) -> Result<Option<MemberSession>, Response> {
    let fail = |e: String| internal(e).into_response_status();
    let found: Option<MemberSession> = session
        .get(MEMBER_KEY)
        .await
        .map_err(|e| fail(e.to_string()))?;
    let Some(mut found) = found else {
        return Ok(None);
    };
    let now = db::now_ms();
    let usage = found.on_use(now);
    let holds = usage != SessionUse::Ended
        && member_portal::session_holds(&state.db, found.member_id, found.card_id, found.pin_stamp)
            .await
            .map_err(|e| fail(e.to_string()))?;
    if !holds {
        session.flush().await.map_err(|e| fail(e.to_string()))?;
        return Ok(None);
    }
    if usage == SessionUse::Touch {
        found.seen_at_ms = now;
        session
            .insert(MEMBER_KEY, found)
            .await
            .map_err(|e| fail(e.to_string()))?;
    }
    Ok(Some(found))
}

trait StatusOf {
    fn into_response_status(self) -> Response;
}

impl StatusOf for crate::error::AppError {
    fn into_response_status(self) -> Response {
        let status =
            StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, self.to_string()).into_response()
    }
}

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
struct PageQuery {
    #[serde(default)]
    card: Option<i64>,
    #[serde(default)]
    before: Option<i64>,
    #[serde(default)]
    done: Option<String>,
}

/// The cards a member sees: active and frozen (returned and replaced ones are
/// gone from their wallet).
async fn wallet(state: &ServerState, member_id: i64) -> Result<Vec<CardView>, Response> {
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
    who: &MemberSession,
    q: &PageQuery,
) -> Result<CardPage, Response> {
    let fail = |e: db::DbError| internal(e).into_response_status();
    let db = &state.db;
    let member = db::members::get(db, who.member_id).await.map_err(fail)?;
    let Some(member) = member else {
        return Err(StatusCode::NOT_FOUND.into_response());
    };
    let (_, symbol) = company_name(state).await;
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
    let zone = db::company::company(db)
        .await
        .ok()
        .flatten()
        .map(|c| c.time_zone)
        .unwrap_or_else(|| "UTC".into());
    let now = db::now_ms();
    Ok(CardPage {
        member_name: member.name,
        symbol,
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
        at_local: db::clock::local_minute(now, &zone),
    })
}

/// `GET /my/`: the member's page, or the sign-in form.
async fn home(
    State(state): State<ServerState>,
    session: Session,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Response {
    let locale = locale(&headers);
    let (company, _) = company_name(&state).await;
    let who = match member(&state, &session).await {
        Ok(who) => who,
        Err(r) => return r,
    };
    let Some(who) = who else {
        let body = views::page(
            locale,
            td_string!(locale, portal_sign_in_title).to_owned(),
            &company,
            false,
            views::sign_in(locale, "", None),
        );
        return html(StatusCode::OK, body, false);
    };
    let page = match card_page(&state, &who, &q).await {
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
        &company,
        true,
        views::card_page(locale, &page, note),
    );
    html(StatusCode::OK, body, true)
}

fn refusal_text(locale: Locale, refusal: SignInRefusal) -> (StatusCode, String) {
    match refusal {
        SignInRefusal::Wrong { tries_left } => (
            StatusCode::UNAUTHORIZED,
            td_string!(locale, portal_wrong, tries = tries_left).to_string(),
        ),
        SignInRefusal::Locked { minutes } => (
            StatusCode::TOO_MANY_REQUESTS,
            td_string!(locale, portal_locked, minutes = minutes).to_string(),
        ),
        SignInRefusal::Busy { minutes } => (
            StatusCode::TOO_MANY_REQUESTS,
            td_string!(locale, portal_busy, minutes = minutes).to_string(),
        ),
    }
}

fn field_problem(locale: Locale, e: &domain::FieldError) -> String {
    format!(
        "{}: {}",
        crate::text::field_label(locale, e.field),
        crate::text::problem_text(locale, e.problem)
    )
}

/// `POST /my/sign-in`: a card number, UID or phone and the card's PIN.
async fn sign_in(
    State(state): State<ServerState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let locale = locale(&headers);
    let (company, _) = company_name(&state).await;
    let title = td_string!(locale, portal_sign_in_title).to_owned();
    let typed: String = form
        .key
        .chars()
        .take(domain::portal::KEY_MAX_CHARS as usize)
        .collect();
    let again = |status: StatusCode, problem: String| {
        html(
            status,
            views::page(
                locale,
                title.clone(),
                &company,
                false,
                views::sign_in(locale, &typed, Some(problem)),
            ),
            false,
        )
    };
    let parsed = match form.parse() {
        Ok(p) => p,
        Err(e) => return again(StatusCode::BAD_REQUEST, field_problem(locale, &e)),
    };
    let ip = addr.ip().to_string();
    match member_portal::count_address(&state.db, &ip).await {
        Ok(None) => {}
        Ok(Some(minutes)) => {
            let event = db::security_log::Event {
                kind: db::security_log::Kind::MemberSignInBusy,
                staff_id: None,
                username: "",
                store_id: None,
                ip: &ip,
                detail: &parsed.key,
            };
            if let Err(e) = db::security_log::record(&state.db, &event).await {
                return internal(e).into_response_status();
            }
            let (status, text) = refusal_text(locale, SignInRefusal::Busy { minutes });
            return again(status, text);
        }
        Err(e) => return internal(e).into_response_status(),
    }
    match member_portal::sign_in(&state.db, &parsed.key, &parsed.pin, &ip).await {
        Ok(signed) => {
            if let Err(e) = session.cycle_id().await {
                return internal(e).into_response_status();
            }
            let now = db::now_ms();
            let who = MemberSession {
                member_id: signed.member_id,
                card_id: signed.card_id,
                pin_stamp: signed.pin_stamp,
                signed_in_at_ms: now,
                seen_at_ms: now,
            };
            if let Err(e) = session.insert(MEMBER_KEY, who).await {
                return internal(e).into_response_status();
            }
            Redirect::to("/my/").into_response()
        }
        Err(PortalError::Refused(r)) => {
            let (status, text) = refusal_text(locale, r);
            again(status, text)
        }
        Err(e) => internal(e).into_response_status(),
    }
}

/// `POST /my/sign-out`.
async fn sign_out(
    State(state): State<ServerState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    session: Session,
) -> Response {
    if let Ok(Some(who)) = session.get::<MemberSession>(MEMBER_KEY).await {
        let _ = member_portal::signed_out(&state.db, who.card_id, &addr.ip().to_string()).await;
    }
    if let Err(e) = session.flush().await {
        return internal(e).into_response_status();
    }
    Redirect::to("/my/").into_response()
}

#[derive(Debug, Deserialize)]
struct CardQuery {
    card: i64,
}

/// `GET /my/code?card=N`: the member code of one of the member's active cards,
/// as JSON (text, seconds left, QR and bar code as SVG). Never cached.
async fn code(
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

/// The member's cards that have a PIN: id and label.
async fn pin_cards(
    state: &ServerState,
    member_id: i64,
    locale: Locale,
) -> Result<Vec<(i64, String)>, Response> {
    Ok(wallet(state, member_id)
        .await?
        .iter()
        .filter(|c| c.pin_set)
        .map(|c| (c.id, format!("{} · {}", c.plan_name, c.card_no)))
        .map(|(id, label)| {
            (
                id,
                if locale == Locale::en {
                    label
                } else {
                    label.replace(" · ", "·")
                },
            )
        })
        .collect())
}

/// `GET /my/pin`: the PIN change form.
async fn pin_form(
    State(state): State<ServerState>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let locale = locale(&headers);
    let who = match member(&state, &session).await {
        Ok(Some(who)) => who,
        Ok(None) => return Redirect::to("/my/").into_response(),
        Err(r) => return r,
    };
    let (company, _) = company_name(&state).await;
    let cards = match pin_cards(&state, who.member_id, locale).await {
        Ok(cards) => cards,
        Err(r) => return r,
    };
    let title = td_string!(locale, portal_change_pin).to_owned();
    html(
        StatusCode::OK,
        views::page(
            locale,
            title,
            &company,
            true,
            views::pin_page(locale, &cards, who.card_id, None),
        ),
        false,
    )
}

#[derive(Debug, Deserialize)]
struct PinChange {
    card: i64,
    #[serde(flatten)]
    form: PinChangeForm,
}

/// `POST /my/pin`: the current PIN (counted as any PIN try) and the new one twice.
async fn change_pin(
    State(state): State<ServerState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    session: Session,
    headers: HeaderMap,
    Form(change): Form<PinChange>,
) -> Response {
    let locale = locale(&headers);
    let mut who = match member(&state, &session).await {
        Ok(Some(who)) => who,
        Ok(None) => return Redirect::to("/my/").into_response(),
        Err(r) => return r,
    };
    let (company, _) = company_name(&state).await;
    let cards = match pin_cards(&state, who.member_id, locale).await {
        Ok(cards) => cards,
        Err(r) => return r,
    };
    let title = td_string!(locale, portal_change_pin).to_owned();
    let again = |status: StatusCode, problem: String| {
        html(
            status,
            views::page(
                locale,
                title.clone(),
                &company,
                true,
                views::pin_page(locale, &cards, change.card, Some(problem)),
            ),
            false,
        )
    };
    let (current, new_pin) = match change.form.parse() {
        Ok(pins) => pins,
        Err(e) => return again(StatusCode::BAD_REQUEST, field_problem(locale, &e)),
    };
    let ip = addr.ip().to_string();
    match member_portal::change_pin(
        &state.db,
        who.member_id,
        change.card,
        &current,
        &new_pin,
        &ip,
    )
    .await
    {
        Ok(stamp) => {
            if change.card == who.card_id {
                // This session goes on under the new PIN (others on the old one end).
                who.pin_stamp = stamp;
                if let Err(e) = session.insert(MEMBER_KEY, who).await {
                    return internal(e).into_response_status();
                }
            }
            Redirect::to("/my/?done=pin").into_response()
        }
        Err(PortalError::Refused(r)) => {
            let (status, text) = refusal_text(locale, r);
            again(status, text)
        }
        Err(PortalError::NotFound) => again(
            StatusCode::NOT_FOUND,
            td_string!(locale, portal_not_your_card).to_owned(),
        ),
        Err(e) => internal(e).into_response_status(),
    }
}

/// `POST /my/lost`: the member reports a card lost; it is frozen at once.
async fn report_lost(
    State(state): State<ServerState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    session: Session,
    headers: HeaderMap,
    Form(q): Form<CardQuery>,
) -> Response {
    let locale = locale(&headers);
    let who = match member(&state, &session).await {
        Ok(Some(who)) => who,
        Ok(None) => return Redirect::to("/my/").into_response(),
        Err(r) => return r,
    };
    match member_portal::report_lost(&state.db, who.member_id, q.card, &addr.ip().to_string()).await
    {
        Ok(()) => Redirect::to("/my/?done=lost").into_response(),
        Err(PortalError::NotActive) => Redirect::to("/my/").into_response(),
        Err(PortalError::NotFound) => (
            StatusCode::NOT_FOUND,
            td_string!(locale, portal_not_your_card).to_owned(),
        )
            .into_response(),
        Err(e) => internal(e).into_response_status(),
    }
}
