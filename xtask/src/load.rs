//! Card payments through the real server: N tills, each signed in as a seeded
//! cashier on its own connection, pay 0.01 from random cards with a fresh request
//! id each, for S seconds after a short warm-up.

use crate::http::{Connection, quantile_ms};
use serde_json::{Value, json};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

/// The accounts `server seed` creates (db::seed::BOSS, cashier_username, CASHIER_PASSWORD).
pub const BOSS: (&str, &str) = ("boss", "happy-island-88");
const CASHIER_PASSWORD: &str = "counter-2026";

pub struct Load {
    pub addr: String,
    pub clients: usize,
    pub seconds: u64,
    pub cards: i64,
    pub stores: i64,
}

/// xorshift64, one per till.
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Random {
        Random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const WARM_UP_CHARGES: usize = 5;
const SIGN_IN_TRIES: u32 = 50;

pub fn charges(load: &Load) -> Result<Value, String> {
    let start = Arc::new(Barrier::new(load.clients + 1));
    let run = std::process::id() as u64 ^ Instant::now().elapsed().as_nanos() as u64;
    let stamp = format!(
        "{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis())
    );
    let mut threads = Vec::new();
    for till in 0..load.clients {
        let (start, addr, stamp) = (start.clone(), load.addr.clone(), stamp.clone());
        let (cards, stores, seconds) = (load.cards, load.stores, load.seconds);
        threads.push(std::thread::spawn(move || -> Result<(Vec<u64>, u64), String> {
            let prepared = (|| {
                let mut c = Connection::open(&addr)?;
                let cashier = format!("till{}", 1 + till as i64 % stores);
                // Sixty-four tills share five seeded accounts, and the server
                // checks at most five passwords of one account at a time (the
                // lockout's guarantee): a till refused for that tries again.
                let mut tries = 0;
                while let Err(refused) = c.sign_in(&cashier, CASHIER_PASSWORD) {
                    tries += 1;
                    if tries == SIGN_IN_TRIES {
                        return Err(refused);
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                Ok::<_, String>(c)
            })();
            let mut random = Random::new(run ^ (till as u64 + 1));
            let mut n = 0u64;
            let mut charge = |c: &mut Connection| {
                n += 1;
                let card = 1 + (random.next() % cards as u64);
                let body = format!(
                    r#"{{"request_id":"bench-{stamp}-{till}-{n}","card_id":{card},"action":{{"Spend":{{"amount":"0.01","pin":""}}}},"reason":""}}"#
                );
                let started = Instant::now();
                let answer = c.post("act_on_card", "application/json", &body)?;
                Ok::<_, String>((answer.status == 200, started.elapsed().as_micros() as u64, answer))
            };
            let mut c = match prepared {
                Ok(mut c) => {
                    for _ in 0..WARM_UP_CHARGES {
                        let (ok, _, answer) = charge(&mut c)?;
                        if !ok {
                            start.wait();
                            return Err(format!("warm-up charge refused: {} {}", answer.status, answer.body));
                        }
                    }
                    start.wait();
                    c
                }
                Err(e) => {
                    start.wait();
                    return Err(e);
                }
            };
            let deadline = Instant::now() + Duration::from_secs(seconds);
            let (mut took, mut failed) = (Vec::new(), 0u64);
            while Instant::now() < deadline {
                let (ok, us, _) = charge(&mut c)?;
                if ok {
                    took.push(us);
                } else {
                    failed += 1;
                }
            }
            Ok((took, failed))
        }));
    }
    start.wait();
    let began = Instant::now();
    let mut took = Vec::new();
    let mut failed = 0;
    for thread in threads {
        let (t, f) = thread.join().map_err(|_| "a load thread panicked")??;
        took.extend(t);
        failed += f;
    }
    let seconds = began.elapsed().as_secs_f64();
    took.sort_unstable();
    Ok(json!({
        "clients": load.clients,
        "charges": took.len(),
        "failed": failed,
        "per_second": took.len() as f64 / seconds,
        "p50_ms": quantile_ms(&took, 0.5),
        "p99_ms": quantile_ms(&took, 0.99),
    }))
}
