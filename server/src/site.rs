//! The site's files (wasm, JS, CSS, icons) inside the binary, for the shop's
//! one-file install (`cargo xtask dist` builds with the `embed-site` feature).
//! Precompressed copies (`.br`, `.gz`) are sent to browsers that take them.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

#[derive(rust_embed::Embed)]
#[folder = "$DIST_SITE_DIR"]
struct Site;

/// cargo-leptos' `hash.txt` of the embedded build (the hashed file names).
const HASHES: &str = include_str!(env!("DIST_HASH_FILE"));

/// Writes the embedded build's file hashes where Leptos reads them (it reads a
/// file); returns its path, absolute, for `LeptosOptions::hash_file`.
pub fn hash_file() -> Result<std::path::PathBuf, String> {
    let path = std::env::temp_dir().join(format!("membership-hash-{}.txt", std::process::id()));
    std::fs::write(&path, HASHES).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// `/pkg/…` and `/favicon.svg` from the binary.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/pkg/{*file}", get(pkg))
        .route("/favicon.svg", get(favicon))
}

async fn pkg(
    axum::extract::Path(file): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    serve(&format!("pkg/{file}"), &headers)
}

async fn favicon(headers: HeaderMap) -> Response {
    serve("favicon.svg", &headers)
}

fn serve(path: &str, headers: &HeaderMap) -> Response {
    if path.ends_with(".br") || path.ends_with(".gz") || path.contains("..") {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some(plain) = Site::get(path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let accepts = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let takes = |coding: &str| accepts.split(',').any(|c| c.trim().starts_with(coding));
    let (file, coding) = if takes("br")
        && let Some(br) = Site::get(&format!("{path}.br"))
    {
        (br, Some("br"))
    } else if takes("gzip")
        && let Some(gz) = Site::get(&format!("{path}.gz"))
    {
        (gz, Some("gzip"))
    } else {
        (plain.clone(), None)
    };
    let mime = plain.metadata.mimetype().to_owned();
    let mut response = Response::new(Body::from(file.data.into_owned()));
    let h = response.headers_mut();
    if let Ok(mime) = HeaderValue::from_str(&mime) {
        h.insert(header::CONTENT_TYPE, mime);
    }
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(coding) = coding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    response
}
