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
        let measured = measure(&root, &server, &url, &o, *database == "sqlite")?;
        let loops = in_process(&server, &url, &o)?;
        // SQLite's limit is its bare statements on our driver; Postgres has pgbench.
        let baseline = match &keep_alive {
            None => {
                json!({ "kind": "bare statements of one charge, in-process", "runs": loops["bare"] })
            }
            Some(pg) => pgbench(pg, &o)?,
        };
        results[*database] = json!({ "seed_seconds": seeded, "app": measured,
            "in_process": loops, "baseline": baseline });
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

/// The release site's wasm files (the main one and the lazy routes' pieces):
/// raw, and as sent (the .br and .gz files `--precompress` writes).
fn wasm_size(root: &Path) -> Result<Value, String> {
    let pkg = root.join("target/site/pkg");
    let size = |path: &Path| std::fs::metadata(path).map_or(0, |m| m.len());
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&pkg).map_err(|e| format!("{}: {e}", pkg.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_owned();
        if !name.ends_with(".wasm") {
            continue;
        }
        let with = |suffix: &str| size(&pkg.join(format!("{name}{suffix}")));
        files.push(json!({ "file": name, "raw_bytes": size(&path),
            "br_bytes": with(".br"), "gzip_bytes": with(".gz") }));
    }
    let total = |key: &str| {
        files
            .iter()
            .map(|f| f[key].as_u64().unwrap_or(0))
            .sum::<u64>()
    };
    let main = files
        .iter()
        .find(|f| {
            f["file"]
                .as_str()
                .is_some_and(|n| n.starts_with(crate::OUTPUT_NAME))
        })
        .cloned()
        .unwrap_or(Value::Null);
    Ok(
        json!({ "files": files.len(), "raw_bytes": total("raw_bytes"), "br_bytes": total("br_bytes"),
        "gzip_bytes": total("gzip_bytes"), "main": main }),
    )
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

/// Lookups, pages in Lighthouse (once), card payments at each client count, the
/// same under a heavy read, then the server's peak memory.
fn measure(
    root: &Path,
    server: &Path,
    url: &str,
    o: &Options,
    pages: bool,
) -> Result<Value, String> {
    let (running, addr) = start_server(root, server, url)?;
    let lookups = crate::bench_lookups::lookups(&addr, o.members)?;
    let pages = if pages {
        crate::bench_pages::lighthouse(root, &addr)?
    } else {
        Value::Null
    };
    let mut charges = Vec::new();
    for &clients in &o.clients {
        let result = load::charges(&tills(&addr, clients, o))?;
        eprintln!("   {clients} clients: {result}");
        charges.push(result);
    }
    let under_read = charges_under_heavy_read(&addr, o)?;
    let rss = peak_rss_bytes(running.0.id());
    Ok(
        json!({ "lookups": lookups, "pages": pages, "charges": charges,
        "under_heavy_read": under_read, "server_peak_rss_bytes": rss }),
    )
}

/// Charges at the first client count again while one client runs a heavy read in
/// a loop (a member search for a name nobody has: every member row is read, and
/// counted). Reads must not hold up the till: charge p99 here ≤ 2× idle.
fn charges_under_heavy_read(addr: &str, o: &Options) -> Result<Value, String> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let clients = o.clients.first().copied().unwrap_or(16);
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let reader = {
        let (stop, addr) = (stop.clone(), addr.to_owned());
        std::thread::spawn(move || -> Result<Vec<u64>, String> {
            let mut c = Connection::open(&addr)?;
            c.sign_in(crate::load::BOSS.0, crate::load::BOSS.1)?;
            let mut took = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let started = Instant::now();
                let body = "query=%E6%B5%8B%E8%AF%95%E6%97%A0%E4%BA%BA&page=0&page_size=20";
                let answer = c.post("search_members", "application/x-www-form-urlencoded", body)?;
                if answer.status != 200 {
                    return Err(format!("search_members: {} {}", answer.status, answer.body));
                }
                took.push(started.elapsed().as_micros() as u64);
            }
            Ok(took)
        })
    };
    let charged = load::charges(&tills(addr, clients, o));
    stop.store(true, Ordering::Relaxed);
    let mut reads = reader.join().map_err(|_| "the reading thread panicked")??;
    let charged = charged?;
    reads.sort_unstable();
    let result = json!({ "charges": charged, "reads": reads.len(),
        "read_p50_ms": quantile_ms(&reads, 0.5) });
    eprintln!("   {clients} clients with a heavy read looping: {result}");
    Ok(result)
}

/// `clients` tills paying from the seeded cards of the seeded five stores.
fn tills(addr: &str, clients: usize, o: &Options) -> Load {
    Load {
        addr: addr.to_owned(),
        clients,
        seconds: o.seconds,
        cards: o.members * 2,
        stores: 5,
    }
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

/// Card payments in-process, no HTTP (`server charge-loop`): through the ledger,
/// and with only a charge's bare statements (`--bare 1`), at each client count.
fn in_process(server: &Path, url: &str, o: &Options) -> Result<Value, String> {
    let mut ledger = Vec::new();
    let mut bare = Vec::new();
    for &clients in &o.clients {
        for (is_bare, runs) in [(false, &mut ledger), (true, &mut bare)] {
            let out = Command::new(server)
                .arg("charge-loop")
                .args(["--clients", &clients.to_string()])
                .args(["--seconds", &o.seconds.to_string()])
                .args(["--cards", &(o.members * 2).to_string()])
                .args(["--bare", if is_bare { "1" } else { "0" }])
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
            let what = if is_bare { "bare statements" } else { "ledger" };
            eprintln!("   in-process {what}, {clients} clients: {run}");
            runs.push(run);
        }
    }
    Ok(json!({ "ledger": ledger, "bare": bare }))
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
