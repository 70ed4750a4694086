//! `cargo xtask test`: every check, a table of counts, and a last line
//! `N passed, M failed` over all suites.

use crate::tools::{self, describe};
use crate::{postgres, root};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Default)]
pub(crate) struct Tally {
    rows: Vec<(String, u32, u32, Duration)>,
    pub(crate) notes: Vec<String>,
}

impl Tally {
    pub(crate) fn add(&mut self, suite: &str, passed: u32, failed: u32, took: Duration) {
        self.rows.push((suite.to_owned(), passed, failed, took));
    }

    /// A check that passes or fails as a whole (fmt, clippy, a build).
    pub(crate) fn gate(
        &mut self,
        suite: &str,
        started: Instant,
        result: Result<(), String>,
    ) -> bool {
        let ok = result.is_ok();
        if let Err(e) = result {
            self.notes.push(format!("{suite}: {e}"));
        }
        self.add(suite, u32::from(ok), u32::from(!ok), started.elapsed());
        ok
    }

    fn totals(&self) -> (u32, u32) {
        self.rows
            .iter()
            .fold((0, 0), |(p, f), row| (p + row.1, f + row.2))
    }

    fn print(&self, total: Duration) {
        println!(
            "\n{:<34} {:>7} {:>7} {:>8}",
            "suite", "passed", "failed", "time"
        );
        for (suite, passed, failed, took) in &self.rows {
            println!(
                "{suite:<34} {passed:>7} {failed:>7} {:>7.0}s",
                took.as_secs_f64()
            );
        }
        for note in &self.notes {
            println!("note: {note}");
        }
        println!("wall time {:.0}s", total.as_secs_f64());
        let (passed, failed) = self.totals();
        println!("{passed} passed, {failed} failed");
    }
}

/// Incremental caches of one run (gigabytes for the app crate) are never reused
/// on a fresh clone (as CI runs): not writing them keeps the disk free.
pub(crate) const NOT_INCREMENTAL: (&str, &str) = ("CARGO_INCREMENTAL", "0");

pub fn test_all(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err(format!("test takes no options, not {args:?}"));
    }
    let root = root();
    let started = Instant::now();
    let mut tally = Tally::default();
    tools::ensure_build_tools(&root)?;
    let chromium = tools::ensure_browser_tools(&root)?;
    crate::pcsc::ensure_tools()?;

    let t = Instant::now();
    tally.gate(
        "fmt",
        t,
        tools::sh(
            Command::new("cargo")
                .args(["fmt", "--all", "--check"])
                .current_dir(&root),
        ),
    );
    let t = Instant::now();
    let clippy = [
        "clippy",
        "--workspace",
        "--exclude",
        "frontend",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ];
    tally.gate(
        "clippy (server side)",
        t,
        tools::sh(
            Command::new("cargo")
                .args(clippy)
                .env(NOT_INCREMENTAL.0, NOT_INCREMENTAL.1)
                .current_dir(&root),
        ),
    );
    let t = Instant::now();
    let wasm = [
        "clippy",
        "-p",
        "frontend",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ];
    tally.gate(
        "clippy (wasm side)",
        t,
        tools::sh(
            Command::new("cargo")
                .args(wasm)
                .env(NOT_INCREMENTAL.0, NOT_INCREMENTAL.1)
                .current_dir(&root),
        ),
    );

    let t = Instant::now();
    tally.gate(
        "container files (Dockerfile, compose.yaml)",
        t,
        crate::container::check(&root),
    );

    let pg = postgres::start()?;
    crate::cargo_tests::run(&root, &pg.url, &mut tally);
    // Each database test made its own SQLite file or Postgres database.
    let _ = std::fs::remove_dir_all(std::env::temp_dir().join("membership-db-tests"));
    pg.drop_test_databases();

    let t = Instant::now();
    let release = tools::leptos_build_release(&root);
    if tally.gate("release build (cargo leptos)", t, release) {
        // The one-file install's code (`embed-site`) compiles only with a built
        // site to carry: checked here, where there is one.
        let t = Instant::now();
        tally.gate(
            "clippy (one-file install)",
            t,
            tools::sh(
                Command::new("cargo")
                    .args(["clippy", "-p", "server", "--features", "embed-site"])
                    .args(["--", "-D", "warnings"])
                    .env("DIST_SITE_DIR", root.join("target/site"))
                    .env("DIST_HASH_FILE", root.join("target/release/hash.txt"))
                    .env(NOT_INCREMENTAL.0, NOT_INCREMENTAL.1)
                    .current_dir(&root),
            ),
        );
        let dir = std::env::temp_dir().join(format!("membership-e2e-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::create_dir_all(&dir);
        let sqlite = format!("sqlite:{}/e2e.db", dir.display());
        let postgres = pg.create_database("membership_e2e");
        // The two suites share nothing (own server, database, results file and
        // output folder): they run side by side, which saves about a third.
        let suites = [
            ("browser on SQLite (Playwright)", Ok(sqlite)),
            ("browser on Postgres (Playwright)", postgres),
        ];
        // The PC/SC bridge's browser test reads cards on pcscd's virtual readers.
        let pcscd = crate::pcsc::start();
        let results: Vec<_> = std::thread::scope(|scope| {
            let running: Vec<_> = suites
                .into_iter()
                .map(|(suite, url)| {
                    let (root, chromium) = (&root, &chromium);
                    let url = match &pcscd {
                        Ok(_) => url,
                        Err(e) => Err(e.clone()),
                    };
                    scope.spawn(move || (suite, browser_tests(root, chromium, suite, url)))
                })
                .collect();
            running.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for (suite, (took, result)) in results {
            match result {
                Ok((passed, failed)) => tally.add(suite, passed, failed, took),
                Err(e) => {
                    tally.notes.push(format!("{suite}: {e}"));
                    tally.add(suite, 0, 1, took);
                }
            }
        }
        drop(pcscd);
        let _ = std::fs::remove_dir_all(&dir);
    }
    drop(pg);
    tally.print(started.elapsed());
    let (_, failed) = tally.totals();
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} failed"))
    }
}

/// Runs a shell command line with stderr merged into stdout, echoing each line
/// (after `[tag] ` when a tag is given: two suites may run at once).
pub(crate) fn run_merged(
    root: &Path,
    line: &str,
    envs: &[(&str, &str)],
    tag: &str,
    mut each: impl FnMut(&str),
) -> Result<bool, String> {
    eprintln!("$ {line}");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("{line} 2>&1"))
        .current_dir(root)
        .stdout(Stdio::piped());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("{}: {e}", describe(&cmd)))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut out = std::io::stdout();
    for text in BufReader::new(stdout).lines().map_while(Result::ok) {
        let _ = if tag.is_empty() {
            writeln!(out, "{text}")
        } else {
            writeln!(out, "[{tag}] {text}")
        };
        each(&text);
    }
    Ok(child.wait().map_err(|e| e.to_string())?.success())
}

/// Starts the release server on a fresh database and a free port, then runs
/// Playwright against it in Chromium: (time taken, (passed, failed)).
fn browser_tests(
    root: &Path,
    chromium: &str,
    suite: &str,
    database_url: Result<String, String>,
) -> (Duration, Result<(u32, u32), String>) {
    let t = Instant::now();
    let result = (|| -> Result<(u32, u32), String> {
        let database_url = database_url?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(|e| e.to_string())?;
        let log_path = server_log_path(root, suite);
        let log = std::fs::File::create(&log_path).map_err(|e| e.to_string())?;
        let mut server = Command::new(root.join("target/release/server"))
            .env("DATABASE_URL", &database_url)
            .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
            .env("SITE_ROOT", root.join("target/site"))
            .env(
                "BACKUP_DIR",
                root.join(format!("target/e2e-backups-{}", suite_database(suite))),
            )
            .env("RUST_LOG", "warn")
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let database = suite_database(suite);
        let results = root.join(format!("target/e2e-results-{database}.json"));
        let output = root.join(format!("target/e2e-output-{database}"));
        let outcome = wait_healthy(port).and_then(|()| {
            let base = format!("http://127.0.0.1:{port}");
            let _ = std::fs::remove_file(&results);
            let (results_env, output_env) =
                (results.display().to_string(), output.display().to_string());
            let bridge = crate::pcsc::browser_env(root, database == "postgres");
            let mut envs = vec![
                ("BASE_URL", base.as_str()),
                ("CHROMIUM_PATH", chromium),
                ("RESULTS_FILE", &results_env),
                ("OUTPUT_DIR", &output_env),
            ];
            envs.extend(bridge.iter().map(|(k, v)| (*k, v.as_str())));
            run_merged(
                &root.join("end2end"),
                "./node_modules/.bin/playwright test",
                &envs,
                database,
                |_| {},
            )?;
            let counts = playwright_counts(&results)?;
            // Then pages given up on mid-render, on the shop the browser tests made:
            // a panic they cause is counted below with the others.
            let addr = format!("127.0.0.1:{port}");
            let sent = crate::dropped::pages(&addr, "boss", "happy-island-88", 40)?;
            eprintln!("{suite}: {sent} pages requested and dropped mid-render");
            Ok(counts)
        });
        let _ = server.kill();
        let _ = server.wait();
        // A panic in a request handler can leave a page half-sent while every
        // test still passes: the suite fails when the server log shows one.
        let (passed, failed) = outcome?;
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        let panics: Vec<&str> = log.lines().filter(|l| l.contains("panicked")).collect();
        for line in &panics {
            eprintln!("server panic during {suite}: {line}");
        }
        Ok((passed, failed + panics.len() as u32))
    })();
    (t.elapsed(), result)
}

/// "postgres" or "sqlite" for "browser on Postgres (Playwright)" and the like.
fn suite_database(suite: &str) -> &'static str {
    if suite.contains("Postgres") {
        "postgres"
    } else {
        "sqlite"
    }
}

/// `target/e2e-server-sqlite.log` for "browser on SQLite (Playwright)".
fn server_log_path(root: &Path, suite: &str) -> std::path::PathBuf {
    root.join(format!("target/e2e-server-{}.log", suite_database(suite)))
}

fn wait_healthy(port: u16) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            let request = format!("GET /healthz HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n");
            let mut answer = String::new();
            let sent = stream.write_all(request.as_bytes()).is_ok()
                && stream.read_to_string(&mut answer).is_ok();
            if sent && (answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200")) {
                return Ok(());
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err("the server did not become healthy within 30 s (see target/e2e-server-*.log)".into())
}

/// Passed and failed tests from Playwright's JSON report.
fn playwright_counts(report: &Path) -> Result<(u32, u32), String> {
    let text = std::fs::read_to_string(report).map_err(|e| format!("{}: {e}", report.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let stat = |key: &str| json["stats"][key].as_u64().unwrap_or(0) as u32;
    Ok((stat("expected") + stat("flaky"), stat("unexpected")))
}
