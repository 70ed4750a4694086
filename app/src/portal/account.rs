//! Signing in and out, the PIN change and the loss report: plain forms posted
//! to `/my/…`, answered with a redirect or the form again with what is wrong.

use super::page::wallet;
use super::{CardQuery, MEMBER_KEY, StatusOf, company, html, locale, signed, views};
use crate::guard::{ServerState, internal};
use crate::i18n::Locale;
use axum::extract::{ConnectInfo, Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use db::member_portal::{self, PortalError};
use domain::portal::{MemberSession, PinChangeForm, SignInForm, SignInRefusal};
use leptos_i18n::td_string;
use serde::Deserialize;
use std::net::SocketAddr;
use tower_sessions::Session;

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
pub(super) async fn sign_in(
    State(state): State<ServerState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let locale = locale(&headers);
    let company = match company(&state).await {
        Ok(c) => c.name,
        Err(r) => return r,
    };
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
pub(super) async fn sign_out(
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

/// What the PIN form needs besides the member: the shop's name and the cards
/// that have a PIN.
async fn pin_context(
    state: &ServerState,
    member_id: i64,
    locale: Locale,
) -> Result<(String, Vec<(i64, String)>), Response> {
    let company = company(state).await?.name;
    Ok((company, pin_cards(state, member_id, locale).await?))
}

/// The PIN form as an answer, with `chosen` selected and what went wrong.
fn pin_answer(
    status: StatusCode,
    locale: Locale,
    (company, cards): &(String, Vec<(i64, String)>),
    chosen: i64,
    problem: Option<String>,
) -> Response {
    let title = td_string!(locale, portal_change_pin).to_owned();
    let content = views::pin_page(locale, cards, chosen, problem);
    html(
        status,
        views::page(locale, title, company, true, content),
        false,
    )
}

/// `GET /my/pin`: the PIN change form.
pub(super) async fn pin_form(
    State(state): State<ServerState>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let locale = locale(&headers);
    let who = match signed(&state, &session).await {
        Ok(who) => who,
        Err(r) => return r,
    };
    match pin_context(&state, who.member_id, locale).await {
        Ok(context) => pin_answer(StatusCode::OK, locale, &context, who.card_id, None),
        Err(r) => r,
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct PinChange {
    card: i64,
    #[serde(flatten)]
    form: PinChangeForm,
}

/// `POST /my/pin`: the current PIN (counted as any PIN try) and the new one twice.
pub(super) async fn change_pin(
    State(state): State<ServerState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    session: Session,
    headers: HeaderMap,
    Form(change): Form<PinChange>,
) -> Response {
    let locale = locale(&headers);
    let mut who = match signed(&state, &session).await {
        Ok(who) => who,
        Err(r) => return r,
    };
    let context = match pin_context(&state, who.member_id, locale).await {
        Ok(context) => context,
        Err(r) => return r,
    };
    let again = |status: StatusCode, problem: String| {
        pin_answer(status, locale, &context, change.card, Some(problem))
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
pub(super) async fn report_lost(
    State(state): State<ServerState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    session: Session,
    headers: HeaderMap,
    Form(q): Form<CardQuery>,
) -> Response {
    let locale = locale(&headers);
    let who = match signed(&state, &session).await {
        Ok(who) => who,
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
