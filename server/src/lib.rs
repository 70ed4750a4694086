//! The server: configuration, the axum router around the Leptos app, sessions,
//! security headers, static files and the health check.

pub mod backups;
pub mod commands;
pub mod config;
pub mod language;
pub mod security;
pub mod sessions;
#[cfg(feature = "embed-site")]
mod site;

use app::guard::ServerState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Router, middleware};
use config::Config;
use db::{Db, PoolOptions};
use domain::password::LockoutPolicy;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sessions::DbSessionStore;
use std::net::SocketAddr;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// The name cargo-leptos gives the site's files (`[[workspace.metadata.leptos]] name`).
pub const OUTPUT_NAME: &str = "membership";

/// Connects to the configured database (creating the SQLite folder if needed) and
/// brings its schema up to date.
pub async fn connect(config: &Config) -> Result<Db, String> {
    if let Some(dir) = config.sqlite_dir().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let options = PoolOptions {
        max_connections: config.db_max_connections,
        read_connections: config.db_read_connections,
        ..PoolOptions::default()
    };
    Db::connect(&config.database_url, options)
        .await
        .map_err(|e| format!("database {}: {e}", redact(&config.database_url)))
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user_info = &url[scheme + 3..at];
            let user = user_info.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// The whole application as a router: pages, server functions, static files,
/// `/healthz`, sessions and security layers.
pub async fn router(config: &Config, db: Db) -> Result<Router, String> {
    // A release build by cargo-leptos names the site's files by their content's
    // hash and lists the hashes in hash.txt next to this binary.
    // A shop's one-file install (`embed-site`) carries the site and its hashes.
    #[cfg(feature = "embed-site")]
    let (hashed, hash_file) = (true, site::hash_file()?.display().to_string());
    #[cfg(not(feature = "embed-site"))]
    let (hashed, hash_file) = (
        std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.join("hash.txt")))
            .is_some_and(|hashes| hashes.is_file()),
        "hash.txt".to_owned(),
    );
    let options = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.listen_addr)
        .env(leptos::config::Env::PROD)
        .hash_files(hashed)
        .hash_file(std::sync::Arc::from(hash_file.as_str()))
        .build();
    let state = ServerState {
        db: db.clone(),
        lockout: LockoutPolicy {
            max_failures: config.signin_max_failures,
            lock_ms: config.signin_lock_minutes * 60_000,
        },
        sessions: config.sessions,
        backups: config.backup_place(),
        secure_cookies: config.secure_cookies,
    };
    backups::start_daily(db.clone(), config.backup_place()).await;
    let store = DbSessionStore::new(&db)
        .await
        .map_err(|e| format!("session store: {e}"))?;
    let cleanup = store.clone();
    tokio::spawn(async move {
        use tower_sessions::session_store::ExpiredDeletion;
        let _ = cleanup
            .continuously_delete_expired(std::time::Duration::from_secs(600))
            .await;
    });
    // SQLite: every request reads its session from memory; writes go to both, so
    // a restart loses nothing. Postgres, which several servers may share: from
    // the database, so that a session ended on one server ends on all.
    let store = sessions::Sessions::for_database(&db, store);
    // The member pages' own session: another cookie, only sent to /my.
    let member_sessions = SessionManagerLayer::new(store.clone())
        .with_name(app::portal::COOKIE)
        .with_path("/my")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::milliseconds(
            domain::portal::SESSION.idle_ms,
        )));
    let sessions = SessionManagerLayer::new(store)
        .with_name("mc_session")
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(config.secure_cookies)
        // The stored expiry is pushed back whenever the guard touches a session in
        // use (`domain::session`); the guard also checks both limits itself.
        .with_expiry(Expiry::OnInactivity(time::Duration::milliseconds(
            config.sessions.idle_ms,
        )));

    let routes = generate_route_list(app::App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let shell = {
        let options = options.clone();
        move || app::shell(options.clone())
    };
    let portal = app::portal::router(state.clone()).layer(member_sessions);
    let staff = Router::new();
    #[cfg(feature = "embed-site")]
    let staff = staff.merge(site::routes());
    let staff = staff
        .route("/healthz", get(healthz).with_state(db))
        .route(
            "/reports/export/{report}",
            get(app::export::handler).with_state(state.clone()),
        )
        .route(
            "/import/members",
            axum::routing::post(app::import_file::handler)
                .with_state(state.clone())
                .layer(axum::extract::DefaultBodyLimit::max(
                    domain::import::IMPORT_MAX_BYTES + 1024,
                )),
        )
        .leptos_routes_with_context(&options, routes, context.clone(), shell)
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context,
            app::shell,
        ))
        .with_state(options)
        .layer(sessions);
    let router = Router::new()
        .merge(portal)
        .merge(staff)
        .layer(compression())
        .layer(middleware::from_fn_with_state(
            hashed,
            security::cache_headers,
        ))
        .layer(middleware::from_fn(language::map_traditional_chinese))
        .layer(middleware::from_fn(security::same_origin_writes))
        .layer(middleware::from_fn(security::security_headers))
        .layer(middleware::from_fn(audit_scope));
    Ok(router)
}

/// Each request names, once signed in, who its changes are recorded against (O1).
async fn audit_scope(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    db::audit::request_scope(next.run(request)).await
}

/// gzip for pages and for site files that have no precompressed copy (a release
/// build writes .br and .gz files, which are sent as they are). A streamed page
/// still arrives in chunks: the encoder flushes whenever the page waits for data.
/// Server functions' answers are small and on the till's hot path: left alone.
fn compression()
-> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    let predicate = SizeAbove::new(1024)
        .and(NotForContentType::const_new("application/json"))
        .and(NotForContentType::GRPC)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::SSE);
    tower_http::compression::CompressionLayer::new().compress_when(predicate)
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
async fn healthz(State(db): State<Db>) -> (StatusCode, &'static str) {
    match db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// Serves `router` on `listener` until Ctrl-C or SIGTERM.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            super::redact("postgres://shop:s3cret@db:5432/cards"),
            "postgres://shop:***@db:5432/cards"
        );
        assert_eq!(
            super::redact("sqlite:data/membership.db"),
            "sqlite:data/membership.db"
        );
    }
}
