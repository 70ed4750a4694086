//! `cargo xtask`: set-up, run and test in one command each, on a fresh machine.
//!
//!   cargo xtask run     install what is missing, build (release), serve on SQLite under ./data
//!   cargo xtask test    fmt, clippy, unit and db tests on SQLite and Postgres, the
//!                       real server over HTTP, and Playwright in Chromium
//!   cargo xtask bench   charge throughput vs the database's own limit, lookups,
//!                       memory and wasm size, on SQLite and Postgres (release)
//!   cargo xtask dist    one self-contained, stripped server binary with the site in it

mod bench;
mod bench_lookups;
mod bench_pages;
mod bench_report;
mod cargo_tests;
mod container;
mod dist;
mod dropped;
mod http;
mod load;
mod pcsc;
mod postgres;
mod suites;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <run|test|bench|dist|help>
  run    install missing tools, build in release, serve on http://127.0.0.1:3000
         (SQLite under ./data; DATABASE_URL=postgres://... to use Postgres)
  test   everything: fmt, clippy, unit, db on SQLite and Postgres, HTTP (with the
         hardening tests: permissions, replay, crash, bad input, PIN), browser
  bench  measure the till against the database's own limit; writes bench/results.json
  dist   the shop's one-file install: dist/membership-server with the site inside";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(),
        Some("test") => suites::test_all(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("dist") => dist::dist(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The site's name (`[[workspace.metadata.leptos]] name`): the main wasm file starts with it.
pub const OUTPUT_NAME: &str = "membership";

/// The repository root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn run() -> Result<(), String> {
    let root = root();
    tools::ensure_build_tools(&root)?;
    tools::leptos_build_release(&root)?;
    let mut server = std::process::Command::new(root.join("target/release/server"));
    server
        .current_dir(&root)
        .env("SITE_ROOT", root.join("target/site"));
    if std::env::var_os("DATABASE_URL").is_none() {
        std::fs::create_dir_all(root.join("data"))
            .map_err(|e| format!("cannot create ./data: {e}"))?;
        server.env("DATABASE_URL", "sqlite:data/membership.db");
    }
    println!("Starting the server; press Ctrl-C to stop it.");
    let status = server
        .status()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("server exited with {status}"))
    }
}
