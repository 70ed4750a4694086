//! `cargo test --workspace` inside `cargo xtask test`: its output read line by
//! line into the table's rows (per test binary; the server's HTTP suite per module).

use crate::suites::{NOT_INCREMENTAL, Tally, run_merged};
use std::path::Path;
use std::time::{Duration, Instant};

/// `cargo test --workspace` once, with Postgres available; counts per test binary
/// and, for the database suites, per database.
pub fn run(root: &Path, pg_url: &str, tally: &mut Tally) {
    let t = Instant::now();
    let mut suite = String::from("cargo test");
    let mut counts: Vec<(String, u32, u32)> = Vec::new();
    // The server's HTTP suite is one binary (tests/suite): counted per module.
    let mut by_module = false;
    let (mut sqlite, mut postgres) = ((0, 0), (0, 0));
    let result = run_merged(
        root,
        "cargo test --workspace --exclude frontend --no-fail-fast",
        &[("TEST_DATABASE_URL", pg_url), NOT_INCREMENTAL],
        "",
        |line| {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("Running ") {
                // "Running unittests src/lib.rs (target/debug/deps/domain-1a2b)"
                let binary = rest
                    .rsplit('/')
                    .next()
                    .unwrap_or(rest)
                    .trim_end_matches(')');
                suite = binary
                    .rsplit_once('-')
                    .map(|(name, _)| name)
                    .unwrap_or(binary)
                    .to_owned();
                let kind = if rest.starts_with("unittests") {
                    "unit"
                } else {
                    rest.split_whitespace().next().unwrap_or("")
                };
                by_module = suite == "suite" && kind.ends_with("suite/main.rs");
                suite = format!("{suite} ({kind})");
            } else if let Some(krate) = line.strip_prefix("Doc-tests ") {
                suite = format!("{krate} (doc)");
            } else if let Some(result) = line.strip_prefix("test result: ") {
                let number = |word: &str| {
                    result
                        .split(';')
                        .find_map(|part| {
                            part.trim()
                                .trim_start_matches("ok. ")
                                .trim_start_matches("FAILED. ")
                                .strip_suffix(word)
                        })
                        .and_then(|n| n.trim().parse::<u32>().ok())
                        .unwrap_or(0)
                };
                let (passed, failed) = (number(" passed"), number(" failed"));
                if passed + failed > 0 && !by_module {
                    counts.push((suite.clone(), passed, failed));
                }
            } else if line.starts_with("test ")
                && (line.ends_with(" ok") || line.ends_with(" FAILED"))
            {
                let ok = line.ends_with(" ok");
                if by_module {
                    // "test portal::sqlite::signs_in ... ok"
                    let module = line[5..].split("::").next().unwrap_or("");
                    let label = format!("{module} (server/tests/suite)");
                    match counts.iter_mut().find(|c| c.0 == label) {
                        Some(c) if ok => c.1 += 1,
                        Some(c) => c.2 += 1,
                        None => counts.push((label, u32::from(ok), u32::from(!ok))),
                    }
                }
                let counter = if line.contains(" sqlite::") {
                    Some(&mut sqlite)
                } else if line.contains(" postgres::") {
                    Some(&mut postgres)
                } else {
                    None
                };
                if let Some((p, f)) = counter {
                    if ok { *p += 1 } else { *f += 1 }
                }
            }
        },
    );
    let took = t.elapsed();
    match result {
        Ok(finished_ok) => {
            let failed_before: u32 = counts.iter().map(|c| c.2).sum();
            for (name, passed, failed) in counts {
                tally.add(&name, passed, failed, Duration::ZERO);
            }
            if !finished_ok && failed_before == 0 {
                tally.add("cargo test (did not build or crashed)", 0, 1, took);
            }
            tally.notes.push(format!(
                "cargo test took {:.0}s; of the database suites, SQLite {} passed {} failed, Postgres {} passed {} failed",
                took.as_secs_f64(),
                sqlite.0,
                sqlite.1,
                postgres.0,
                postgres.1
            ));
        }
        Err(e) => {
            tally.gate("cargo test", t, Err(e));
        }
    }
}
