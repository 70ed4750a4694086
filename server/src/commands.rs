//! Maintenance subcommands: `server seed` (demo and benchmark data) and
//! `server charge-loop` (the ledger's own speed: card payments in-process, no HTTP),
//! which `cargo xtask bench` runs.

use db::Db;
use db::ledger::Op;
use db::seed::SeedSize;
use domain::money::Money;
use std::time::{Duration, Instant};

/// Reads `--name value` pairs; every name must be one of `known`.
pub fn flags(args: &[String], known: &[&str]) -> Result<Vec<(String, i64)>, String> {
    let mut found = Vec::new();
    let mut it = args.iter();
    while let Some(name) = it.next() {
        let key = name.trim_start_matches("--");
        if !name.starts_with("--") || !known.contains(&key) {
            return Err(format!(
                "unknown option {name:?}; expected one of {known:?}"
            ));
        }
        let value = it
            .next()
            .and_then(|v| v.replace('_', "").parse::<i64>().ok())
            .ok_or(format!("{name} needs a whole number"))?;
        found.push((key.to_owned(), value));
    }
    Ok(found)
}

fn flag(found: &[(String, i64)], name: &str, default: i64) -> i64 {
    found
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map_or(default, |(_, v)| *v)
}

/// `server seed --members N --cards C --transactions T --stores S --items I`
pub async fn seed(db: &Db, args: &[String]) -> Result<(), String> {
    let found = flags(
        args,
        &["members", "cards", "transactions", "stores", "items"],
    )?;
    let members = flag(&found, "members", 10_000);
    let size = SeedSize {
        members,
        cards: flag(&found, "cards", members * 2),
        transactions: flag(&found, "transactions", members * 10),
        stores: flag(&found, "stores", 5),
        items: flag(&found, "items", 1_000),
    };
    let started = Instant::now();
    db::seed::seed(db, size, |step| {
        eprintln!("[{:>6.1} s] {step}", started.elapsed().as_secs_f64());
    })
    .await
    .map_err(|e| e.to_string())?;
    println!(
        "seeded {} members, {} cards, {} transactions, {} stores in {:.1} s; sign in as {} / {} (cashiers: {} … {}, password {})",
        size.members,
        size.cards,
        size.transactions,
        size.stores,
        started.elapsed().as_secs_f64(),
        db::seed::BOSS.0,
        db::seed::BOSS.1,
        db::seed::cashier_username(1),
        db::seed::cashier_username(size.stores),
        db::seed::CASHIER_PASSWORD,
    );
    Ok(())
}

/// `server charge-loop --clients N --seconds S --cards C [--bare 1]`: N tasks pay
/// 0.01 from random seeded cards through `db::ledger::spend` (the statements of
/// one charge, no HTTP, no session) for S seconds; prints one JSON line. With
/// `--bare 1`, through `db::limit::bare_charge` instead: the database's own limit.
pub async fn charge_loop(db: &Db, args: &[String]) -> Result<(), String> {
    let found = flags(args, &["clients", "seconds", "cards", "bare"])?;
    let bare = flag(&found, "bare", 0) != 0;
    let clients = flag(&found, "clients", 16).clamp(1, 1024) as usize;
    let seconds = flag(&found, "seconds", 10).clamp(1, 600) as u64;
    let cards = flag(&found, "cards", 1_000).max(1);
    let caller = db::staff::caller(db, 2)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no cashier with id 2: run `server seed` first")?;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let run = std::process::id() as u64 ^ db::now_ms() as u64;
    let mut tasks = Vec::new();
    for client in 0..clients {
        let (db, caller) = (db.clone(), caller.clone());
        tasks.push(tokio::spawn(async move {
            let mut random = Random(run.wrapping_mul(client as u64 + 1) | 1);
            let mut done = Vec::new();
            let mut failed = 0u64;
            let mut n = 0u64;
            while Instant::now() < deadline {
                n += 1;
                let request_id = format!("loop-{run:x}-{client}-{n}");
                let op = Op {
                    caller: &caller,
                    request_id: &request_id,
                    reason: "",
                };
                let card_id = 1 + (random.next() % cards as u64) as i64;
                let started = Instant::now();
                let paid = if bare {
                    let (store, staff) = (caller.store_id, caller.staff_id);
                    db::limit::bare_charge(&db, card_id, &request_id, store, staff)
                        .await
                        .is_ok_and(|paid| paid)
                } else {
                    db::ledger::spend(&db, &op, card_id, Money::from_fen(1), None)
                        .await
                        .is_ok()
                };
                if paid {
                    done.push(started.elapsed().as_micros() as u64);
                } else {
                    failed += 1;
                }
            }
            (done, failed)
        }));
    }
    let mut latencies = Vec::new();
    let mut failed = 0;
    for task in tasks {
        let (done, f) = task.await.map_err(|e| e.to_string())?;
        latencies.extend(done);
        failed += f;
    }
    latencies.sort_unstable();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q).round() as usize)
            .map_or(0.0, |us| *us as f64 / 1000.0)
    };
    println!(
        "{}",
        serde_json::json!({
            "clients": clients,
            "charges": latencies.len(),
            "failed": failed,
            "seconds": seconds,
            "per_second": latencies.len() as f64 / seconds as f64,
            "p50_ms": at(0.50),
            "p99_ms": at(0.99),
        })
    );
    Ok(())
}

/// xorshift64: spreads the load over the cards without a shared generator.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}
