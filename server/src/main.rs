//! `server`: runs the membership-card web application. See `server --help`.

use server::config::{Config, HELP};
use tracing_subscriber::EnvFilter;

/// One thread runs every request and every page's reactive tasks. Leptos' reactive
/// graph (reactive_graph 0.2.16) reads a resource's source memo with a lock's
/// `try_read` and reports a failed try as "Tried to access a reactive value that has
/// already been disposed" (a panic): with several worker threads, a page whose
/// browser gave up mid-render left its resource task racing the render on another
/// thread (the release server panicked in 2 of 5 starts under dropped pages; none in
/// 8 starts on one thread, `cargo xtask test` checks it on every run). The database
/// work happens outside this thread (Postgres, SQLite's own worker thread) and
/// password hashing on the blocking pool, so one thread is not the bottleneck.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut command = None;
    match args.first().map(String::as_str) {
        None => {}
        Some(name @ ("check" | "seed" | "charge-loop" | "backup" | "restore")) => {
            command = Some(name.to_owned())
        }
        Some("--help" | "-h" | "help") => {
            print!("{HELP}");
            return;
        }
        Some("--version" | "-V") => {
            println!("server {}", env!("CARGO_PKG_VERSION"));
            return;
        }
        Some(other) => {
            eprintln!("unknown argument {other:?}\n\n{HELP}");
            std::process::exit(2);
        }
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("configuration error: {e}");
            std::process::exit(2);
        }
    };
    init_logging(config.log_json);
    match command.as_deref() {
        Some("check") => std::process::exit(check(&config).await),
        Some("restore") => std::process::exit(restore(&config, &args[1..]).await),
        Some(name) => std::process::exit(maintenance(&config, name, &args[1..]).await),
        None => {}
    }
    if let Err(e) = run(config).await {
        tracing::error!("{e}");
        std::process::exit(1);
    }
}

async fn run(config: Config) -> Result<(), String> {
    let db = server::connect(&config).await?;
    tracing::info!(database = db.kind(), "database ready");
    let router = server::router(&config, db.clone()).await?;
    let listener = tokio::net::TcpListener::bind(config.listen_addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen_addr))?;
    tracing::info!("serving on http://{}", config.listen_addr);
    println!("Open http://{} in a browser.", config.listen_addr);
    server::serve(listener, router)
        .await
        .map_err(|e| e.to_string())?;
    db.close().await;
    Ok(())
}

/// `server check`: prints the integrity report; 0 when clean, 1 when not, 2 on error.
async fn check(config: &Config) -> i32 {
    let db = match server::connect(config).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let code = match db::integrity::check(&db).await {
        Ok(report) => {
            print!("{report}");
            if report.is_clean() { 0 } else { 1 }
        }
        Err(e) => {
            eprintln!("integrity check failed to run: {e}");
            2
        }
    };
    db.close().await;
    code
}

/// `server restore FILE`: 0 when restored and clean, 1 when the restored ledger
/// does not add up, 2 when nothing was restored.
async fn restore(config: &Config, args: &[String]) -> i32 {
    let [file] = args else {
        eprintln!("usage: server restore FILE (a copy made by `server backup`)");
        return 2;
    };
    match server::backups::restore(&config.database_url, std::path::Path::new(file)).await {
        Ok(()) => 0,
        Err(e) if e.starts_with("restored,") => {
            eprintln!("{e}");
            1
        }
        Err(e) => {
            eprintln!("restore: {e}");
            2
        }
    }
}

/// `server seed`, `server backup` and `server charge-loop`: 0 when done, 2 on error.
async fn maintenance(config: &Config, name: &str, args: &[String]) -> i32 {
    let db = match server::connect(config).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let done = match name {
        "seed" => server::commands::seed(&db, args).await,
        "backup" if args.is_empty() => {
            server::backups::command_line(&db, &config.backup_place()).await
        }
        "backup" => Err(format!(
            "takes no options, not {args:?}; BACKUP_DIR sets the folder"
        )),
        _ => server::commands::charge_loop(&db, args).await,
    };
    db.close().await;
    match done {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{name}: {e}");
            2
        }
    }
}

fn init_logging(json: bool) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
