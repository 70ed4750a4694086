//! Response headers every answer carries, and the refusal of cross-site writes.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Headers for every response. HTML pages get their Content-Security-Policy (with
/// the page's nonce) from the Leptos shell; anything else gets a closed one.
pub async fn security_headers(request: Request<Body>, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'",
        ));
    response
}

/// Refuses state-changing requests that come from another site: the Origin (or,
/// without one, Sec-Fetch-Site) must name this host.
pub async fn same_origin_writes(request: Request<Body>, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let allowed = match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        Some(origin) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
            host.is_some_and(|host| host.eq_ignore_ascii_case(origin_host))
        }
        None => headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_none_or(|site| site == "same-origin" || site == "none"),
    };
    if allowed {
        next.run(request).await
    } else {
        tracing::warn!(?host, origin = ?headers.get(header::ORIGIN), "cross-site write refused");
        (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
    }
}

/// How long browsers keep what they fetched. The site's files under `/pkg` carry
/// their content's hash in their names when `hashed`: a repeat visit downloads no
/// code again until a new version changes the name. Without hashes they are
/// checked with the server each time; other files (icons) are kept a day.
pub async fn cache_headers(
    State(hashed): State<bool>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let site_file = request.uri().path().starts_with("/pkg/");
    let icon = request.uri().path().starts_with("/favicon");
    let mut response = next.run(request).await;
    if response.status() != StatusCode::OK || !(site_file || icon) {
        return response;
    }
    let policy = match (site_file, hashed) {
        (true, true) => "public, max-age=31536000, immutable",
        (true, false) => "no-cache",
        _ => "public, max-age=86400",
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}
