//! The member's own pages (U1) under `/my/`: a phone-first area with its own
//! sign-in (card number or phone, and the card's PIN) and its own session
//! cookie (`mc_member`, path `/my`), which no staff server function reads and
//! which staff cookies never open. Plain HTML forms and server-rendered pages:
//! the phone never downloads the till's wasm. The member code (C3) refreshes
//! every 30 seconds through `/my/code`.

mod account;
mod assets;
mod page;
mod views;

use crate::guard::{ServerState, internal};
use crate::i18n::Locale;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use db::member_portal;
use domain::portal::MemberSession;
use domain::session::SessionUse;
use serde::Deserialize;
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
        .route("/my/", get(page::home))
        .route(
            "/my/sign-in",
            post(account::sign_in).get(|| async { Redirect::to("/my/") }),
        )
        .route("/my/sign-out", post(account::sign_out))
        .route("/my/code", get(page::code))
        .route("/my/pin", get(account::pin_form).post(account::change_pin))
        .route("/my/lost", post(account::report_lost))
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

/// The company (its name heads every page; its currency and time zone), read
/// once a request; before set-up there is no member to see (404).
async fn company(state: &ServerState) -> Result<db::company::Company, Response> {
    crate::guard::company(&state.db)
        .await
        .map_err(StatusOf::into_response_status)
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
    // A change the member makes (a card reported lost) is recorded against them.
    db::audit::act_as(db::audit::Actor {
        staff_id: None,
        username: format!("member:{}", found.member_id),
        store_id: None,
    });
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

#[derive(Debug, Deserialize)]
struct CardQuery {
    card: i64,
}

/// The signed-in member, or the answer to give: the sign-in page.
async fn signed(state: &ServerState, session: &Session) -> Result<MemberSession, Response> {
    match member(state, session).await {
        Ok(Some(who)) => Ok(who),
        Ok(None) => Err(Redirect::to("/my/").into_response()),
        Err(r) => Err(r),
    }
}
