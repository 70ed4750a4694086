//! The member pages' own files, built into the server: one style sheet, one
//! script, the service worker, the icons and the web app manifest.

use super::{CSP, locale};
use crate::guard::ServerState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use leptos_i18n::td_string;

const CSS: &str = include_str!("assets/portal.css");
const JS: &str = include_str!("assets/portal.js");
const WORKER: &str = include_str!("assets/sw.js");
const ICON_SVG: &str = include_str!("assets/icon.svg");
const ICON_192: &[u8] = include_bytes!("assets/icon-192.png");
const ICON_512: &[u8] = include_bytes!("assets/icon-512.png");

fn answer(body: impl IntoResponse, content_type: &'static str, cache: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// `GET /my/<file>`. Checked with the server on each use (`no-cache`, an ETag
/// would need a hash; they are small), so a new version reaches phones at once.
pub async fn file(Path(file): Path<String>) -> Response {
    const DAY: &str = "public, max-age=86400";
    match file.as_str() {
        "app.css" => answer(CSS, "text/css; charset=utf-8", "no-cache"),
        "app.js" => answer(JS, "text/javascript; charset=utf-8", "no-cache"),
        "sw.js" => {
            let mut r = answer(WORKER, "text/javascript; charset=utf-8", "no-cache");
            let headers = r.headers_mut();
            headers.insert("service-worker-allowed", HeaderValue::from_static("/my/"));
            // A worker lives under its own script's policy: it fetches the pages it keeps.
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; connect-src 'self'"),
            );
            r
        }
        "icon.svg" => answer(ICON_SVG, "image/svg+xml", DAY),
        "icon-192.png" => answer(ICON_192, "image/png", DAY),
        "icon-512.png" => answer(ICON_512, "image/png", DAY),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `GET /my/manifest.webmanifest`: the member pages as an app on the home
/// screen, named after the shop, in the phone's language.
pub async fn manifest(State(state): State<ServerState>, headers: HeaderMap) -> Response {
    let locale = locale(&headers);
    let company = db::company::company(&state.db)
        .await
        .ok()
        .flatten()
        .map(|c| c.name)
        .unwrap_or_default();
    let short: String = company.chars().take(12).collect();
    let body = serde_json::json!({
        "name": format!("{company} · {}", td_string!(locale, portal_my_card)),
        "short_name": if short.is_empty() { td_string!(locale, portal_my_card).to_owned() } else { short },
        "start_url": "/my/",
        "scope": "/my/",
        "display": "standalone",
        "background_color": "#f5f5f4",
        "theme_color": "#c2410c",
        "icons": [
            { "src": "/my/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any" },
            { "src": "/my/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any" },
            { "src": "/my/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any" }
        ]
    });
    let mut r = answer(
        body.to_string(),
        "application/manifest+json; charset=utf-8",
        "no-cache",
    );
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    r
}
