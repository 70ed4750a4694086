//! `cargo xtask bench`: the till's speed against the database's own limit, on SQLite
//! and on Postgres, with the release build. Prints a table and writes
//! `bench/results.json`. See the README's "Performance" section.

use crate::http::{Connection, quantile_ms};
use crate::load::{self, Load};
use crate::{postgres, tools};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const USAGE: &str = "cargo xtask bench [--members N] [--transactions T] [--clients 16,64]
                  [--seconds S] [--only sqlite|postgres]
  N members (1,000,000) with 2N cards and T ledger transactions (4N) are seeded
  into each database; every client count runs S seconds (20) of card payments.";

struct Options {
    members: i64,
    transactions: i64,
    clients: Vec<usize>,
    seconds: u64,
    databases: Vec<&'static str>,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        members: 1_000_000,
        transactions: 0,
        clients: vec![16, 64],
        seconds: 20,
        databases: vec!["sqlite", "postgres"],
    };
    let mut it = args.iter();
    while let Some(name) = it.next() {
        let value = it.next().ok_or(format!("{name} needs a value\n{USAGE}"))?;
        let number = || {
            value
                .replace('_', "")
                .parse::<i64>()
                .map_err(|_| format!("{name}: {value:?} is not a number"))
        };
        match name.as_str() {
            "--members" => o.members = number()?.clamp(100, 50_000_000),
            "--transactions" => o.transactions = number()?,
            "--seconds" => o.seconds = number()?.clamp(1, 600) as u64,
            "--clients" => {
                o.clients = value
                    .split(',')
                    .map(|c| c.trim().parse::<usize>().map(|c| c.clamp(1, 512)))
                    .collect::<Result<_, _>>()
                    .map_err(|_| format!("--clients: {value:?} is not a list like 16,64"))?;
            }
            "--only" => {
                o.databases = match value.as_str() {
                    "sqlite" => vec!["sqlite"],
                    "postgres" => vec!["postgres"],
                    _ => return Err(format!("--only: sqlite or postgres, not {value:?}")),
                }
            }
            _ => return Err(format!("unknown option {name}\n{USAGE}")),
        }
    }
    if o.transactions < o.members * 2 {
        o.transactions = o.members * 4;
    }
    Ok(o)
}

pub fn bench(args: &[String]) -> Result<(), String> {
    let o = options(args)?;
    let root = crate::root();
    tools::ensure_build_tools(&root)?;
    tools::leptos_build_release(&root)?;
    let server = root.join("target/release/server");
    let mut results = json!({
        "machine": machine(),
        "members": o.members,
        "cards": o.members * 2,
        "transactions": o.transactions,
        "seconds_per_run": o.seconds,
        "wasm": wasm_size(&root)?,
    });
    for database in &o.databases {
        eprintln!("== {database}");
        let keep_alive; // the Postgres cluster lives until this database is measured
        let url = if *database == "sqlite" {
            keep_alive = None;
            let dir = root.join("target/bench");
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(dir.join(format!("bench.db{suffix}")));
            }
            format!("sqlite:{}", dir.join("bench.db").display())
        } else {
            let pg = postgres::start_durable()?;
            let url = pg.create_database("bench")?;
            keep_alive = Some(pg);
            url
        };
        let seeded = seed(&server, &url, &o)?;
        let measured = measure(&root, &server, &url, &o)?;
        let baseline = match &keep_alive {
            None => sqlite_loop(&server, &url, &o)?,
            Some(pg) => pgbench(pg, &o)?,
        };
        results[*database] =
            json!({ "seed_seconds": seeded, "app": measured, "baseline": baseline });
        drop(keep_alive);
    }
    let table = crate::bench_report::table(&results);
    println!("{table}");
    let out = root.join("bench/results.json");
    std::fs::create_dir_all(root.join("bench")).map_err(|e| e.to_string())?;
    let text = serde_json::to_string_pretty(&results).map_err(|e| e.to_string())?;
    std::fs::write(&out, text + "\n").map_err(|e| format!("{}: {e}", out.display()))?;
    println!("written to {}", out.display());
    Ok(())
}

fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    json!({ "cpu": cpu, "cores": cores })
}

/// Raw and gzip size of the release wasm.
fn wasm_size(root: &Path) -> Result<Value, String> {
    // cargo-leptos names it membership.wasm (older versions: membership_bg.wasm).
    let pkg = root.join("target/site/pkg");
    let wasm = ["membership.wasm", "membership_bg.wasm"]
        .into_iter()
        .map(|name| pkg.join(name))
        .find(|path| path.exists())
        .unwrap_or_else(|| pkg.join("membership.wasm"));
    let raw = std::fs::metadata(&wasm)
        .map_err(|e| format!("{}: {e}", wasm.display()))?
        .len();
    let gzip = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(&wasm)
        .output()
        .map_err(|e| format!("gzip: {e}"))?
        .stdout
        .len();
    Ok(json!({ "raw_bytes": raw, "gzip_bytes": gzip }))
}

fn seed(server: &Path, url: &str, o: &Options) -> Result<f64, String> {
    let started = Instant::now();
    tools::sh(
        Command::new(server)
            .arg("seed")
            .args(["--members", &o.members.to_string()])
            .args(["--cards", &(o.members * 2).to_string()])
            .args(["--transactions", &o.transactions.to_string()])
            .args(["--stores", "5"])
            .args(["--items", "100000"])
            .env("DATABASE_URL", url)
            // Seeding statements are slow on purpose: no slow-statement warnings.
            .env("RUST_LOG", "warn,sqlx=error"),
    )?;
    Ok(started.elapsed().as_secs_f64())
}

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the release server on a free port and waits until it answers.
fn start_server(root: &Path, server: &Path, url: &str) -> Result<(Running, String), String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let addr = format!("127.0.0.1:{port}");
    let child = Command::new(server)
        .env("DATABASE_URL", url)
        .env("LISTEN_ADDR", &addr)
        .env("SITE_ROOT", root.join("target/site"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", server.display()))?;
    let running = Running(child);
    let deadline = Instant::now() + Duration::from_secs(120);
    while Connection::open(&addr).is_err() {
        if Instant::now() > deadline {
            return Err("the server did not start within 120 s".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((running, addr))
}

/// Lookups, then card payments at each client count, then the server's peak memory.
fn measure(root: &Path, server: &Path, url: &str, o: &Options) -> Result<Value, String> {
    let (running, addr) = start_server(root, server, url)?;
    let lookups = lookups(&addr, o.members)?;
    let mut charges = Vec::new();
    for &clients in &o.clients {
        let load = Load {
            addr: addr.clone(),
            clients,
            seconds: o.seconds,
            cards: o.members * 2,
            stores: 5,
        };
        let result = load::charges(&load)?;
        eprintln!("   {clients} clients: {result}");
        charges.push(result);
    }
    let rss = peak_rss_bytes(running.0.id());
    Ok(json!({ "lookups": lookups, "charges": charges, "server_peak_rss_bytes": rss }))
}

/// VmHWM: the most memory the process has held at once.
fn peak_rss_bytes(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// 1,000 card-number and 1,000 phone lookups, then 1,000 each of the till's item
/// and member searches, one at a time, as the head office.
fn lookups(addr: &str, members: i64) -> Result<Value, String> {
    let mut c = Connection::open(addr)?;
    c.sign_in(crate::load::BOSS.0, crate::load::BOSS.1)?;
    let mut random = load::Random::new(7);
    let mut time = |function: &str, body: &dyn Fn(i64) -> String, range: i64| {
        let mut took = Vec::new();
        for _ in 0..1_000 {
            let n = 1 + (random.next() % range as u64) as i64;
            let started = Instant::now();
            let answer = c.post(function, "application/x-www-form-urlencoded", &body(n))?;
            took.push(started.elapsed().as_micros() as u64);
            if answer.status != 200 {
                return Err(format!("{function}: {} {}", answer.status, answer.body));
            }
        }
        took.sort_unstable();
        Ok::<Value, String>(
            json!({ "p50_ms": quantile_ms(&took, 0.5), "p99_ms": quantile_ms(&took, 0.99) }),
        )
    };
    let by_card = time(
        "find_card",
        &|n| format!("number=S{}", 10_000_000 + n),
        members * 2,
    )?;
    let by_phone = time(
        "search_members",
        &|n| format!("query=139{}&page=0&page_size=20", 10_000_000 + n),
        members,
    )?;
    // The till (100,000 items): a short code as typed, a barcode as scanned, part
    // of a name; and the member found by phone through the till's own lookup.
    let items = 100_000;
    let word =
        |n: i64| ["KL", "XB", "KQS", "SP", "BG", "JM", "XJC", "RF", "YL", "MJ"][(n % 10) as usize];
    let by_short_code = time(
        "till_items",
        &|n| format!("text={}{}", word(n), n / 10),
        items,
    )?;
    let by_barcode = time(
        "till_items",
        &|n| format!("text={}", 6_900_000_000_000 + n),
        items,
    )?;
    let by_name = time(
        "till_items",
        &|n| format!("text=%E5%8F%AF%E4%B9%90+{}", n * 10 % items),
        items,
    )?;
    let till_member = time(
        "find_at_till",
        &|n| format!("text=139{}", 10_000_000 + n),
        members,
    )?;
    // The way cashiers search: the last four digits of a phone, the pinyin
    // initials of a name (the seed's names: surname, given name, third), and
    // letters inside a short code.
    let by_phone_end = time(
        "find_at_till",
        &|n| format!("text={:04}", n % 10_000),
        members,
    )?;
    let initials = |n: i64| {
        let (s, g, t) = (
            "WLZLCYHZWZXSMZHGHLLG",
            "WFNMJLQLJYYYJJTMCXXPGGYH",
            "ZYRXHYYXHX",
        );
        let at = |w: &str, i: i64| w.as_bytes()[i as usize % w.len()] as char;
        format!(
            "{}{}{}",
            at(s, n % 20),
            at(g, (n / 20) % 24),
            at(t, (n / 480) % 10)
        )
    };
    let by_initials = time(
        "find_at_till",
        &|n| format!("text={}", initials(n)),
        members,
    )?;
    let inside_short_code = time(
        "till_items",
        &|n| format!("text={}", &format!("{}{}", word(n), n / 10)[1..]),
        items,
    )?;
    Ok(
        json!({ "by_card_number": by_card, "by_phone": by_phone, "item_by_short_code": by_short_code,
        "item_by_barcode": by_barcode, "item_by_name": by_name, "till_member_by_phone": till_member,
        "till_member_by_phone_end": by_phone_end, "till_member_by_initials": by_initials,
        "item_inside_short_code": inside_short_code }),
    )
}

/// The same statements as one charge, in-process, no HTTP: `server charge-loop`.
fn sqlite_loop(server: &Path, url: &str, o: &Options) -> Result<Value, String> {
    let mut runs = Vec::new();
    for &clients in &o.clients {
        let out = Command::new(server)
            .arg("charge-loop")
            .args(["--clients", &clients.to_string()])
            .args(["--seconds", &o.seconds.to_string()])
            .args(["--cards", &(o.members * 2).to_string()])
            .env("DATABASE_URL", url)
            .env("RUST_LOG", "warn")
            .output()
            .map_err(|e| format!("charge-loop: {e}"))?;
        let line = String::from_utf8_lossy(&out.stdout);
        let run: Value = serde_json::from_str(line.trim()).map_err(|_| {
            format!(
                "charge-loop printed {line:?}; {}",
                String::from_utf8_lossy(&out.stderr)
            )
        })?;
        eprintln!("   in-process loop, {clients} clients: {run}");
        runs.push(run);
    }
    Ok(json!({ "kind": "in-process ledger loop", "runs": runs }))
}

/// `pgbench -b tpcb-like` on the same server, at the same client counts.
fn pgbench(pg: &postgres::Postgres, o: &Options) -> Result<Value, String> {
    let url = pg.create_database("pgbench")?;
    let pgbench: PathBuf = pg.program("pgbench");
    let scale = o.clients.iter().copied().max().unwrap_or(16).to_string();
    let init = Command::new(&pgbench)
        .args(["-i", "-q", "-s", &scale])
        .arg(&url)
        .output()
        .map_err(|e| format!("{}: {e}", pgbench.display()))?;
    if !init.status.success() {
        return Err(format!(
            "pgbench -i: {}",
            String::from_utf8_lossy(&init.stderr)
        ));
    }
    let mut runs = Vec::new();
    for &clients in &o.clients {
        let out = Command::new(&pgbench)
            .args(["-b", "tpcb-like", "-M", "prepared", "-n", "-j", "2"])
            .args(["-c", &clients.to_string(), "-T", &o.seconds.to_string()])
            .arg(&url)
            .output()
            .map_err(|e| format!("pgbench: {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout);
        let number_after = |prefix: &str| {
            text.lines()
                .find_map(|l| l.trim().strip_prefix(prefix))
                .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
        };
        let tps = number_after("tps = ").ok_or_else(|| {
            format!(
                "pgbench printed no tps:\n{text}{}",
                String::from_utf8_lossy(&out.stderr)
            )
        })?;
        let latency = number_after("latency average = ").unwrap_or(0.0);
        eprintln!("   pgbench tpcb-like, {clients} clients: {tps:.0} tps");
        runs.push(json!({ "clients": clients, "per_second": tps, "latency_average_ms": latency }));
    }
    Ok(json!({ "kind": format!("pgbench -b tpcb-like -M prepared, scale {scale}"), "runs": runs }))
}
