//! Pages given up on mid-render, against the release server after the browser
//! suite (its database then holds a shop with members, cards, slips and sales).
//! A browser drops a page on every reload, redirect or closed tab; the render's
//! resources may go on running without it. Whatever they do must not panic: the
//! browser suite's server-log check counts every panic as a failure.

use crate::http::Connection;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const PATHS: &[&str] = &[
    "/",
    "/sign-in",
    "/setup",
    "/till",
    "/till/readers",
    "/till/shifts",
    "/receipts/1",
    "/members",
    "/members?q=1",
    "/members/new",
    "/members/1",
    "/members/2",
    "/members/1/edit",
    "/cards",
    "/cards/1",
    "/cards/2",
    "/slips/1",
    "/slips/2",
    "/settings/shop",
    "/settings/plans",
    "/settings/member-fields",
    "/settings/catalogue",
    "/settings/levels",
    "/settings/stores",
    "/settings/staff",
    "/settings/payment-methods",
    "/settings/loyalty",
    "/settings/gifts",
    "/settings/promotions",
    "/settings/rebate",
    "/reports",
    "/reports/liability",
    "/reports/sales",
    "/account",
];

/// A small random number source (no dependency): xorshift seeded per thread.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below.max(1)
    }
}

/// One page asked for and dropped at a random stage: right after asking, after a
/// few milliseconds, or after its first bytes.
fn drop_one(addr: &str, cookie: &str, dice: &mut Dice) {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return;
    };
    let path = PATHS[dice.roll(PATHS.len() as u64) as usize];
    let cookie = if cookie.is_empty() {
        String::new()
    } else {
        format!("Cookie: {cookie}\r\n")
    };
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/html\r\n{cookie}\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return;
    }
    match dice.roll(3) {
        0 => {}
        1 => std::thread::sleep(Duration::from_millis(dice.roll(25))),
        _ => {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut head = vec![0u8; [1, 200, 4_000][dice.roll(3) as usize]];
            let _ = stream.read(&mut head);
        }
    }
}

/// `per_thread` dropped pages from each of 16 threads, signed in as `username`
/// (and as many again signed out); gives how many were sent.
pub fn pages(addr: &str, username: &str, password: &str, per_thread: u32) -> Result<u32, String> {
    let mut session = Connection::open(addr)?;
    session.sign_in(username, password)?;
    let cookie = session.cookie().unwrap_or_default().to_owned();
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
        | 1;
    let threads: Vec<_> = (0..16u64)
        .map(|n| {
            let (addr, cookie) = (addr.to_owned(), cookie.clone());
            std::thread::spawn(move || {
                let mut dice = Dice(seed.wrapping_mul(n + 1) | 1);
                for i in 0..per_thread * 2 {
                    let who = if i % 2 == 0 { cookie.as_str() } else { "" };
                    drop_one(&addr, who, &mut dice);
                }
            })
        })
        .collect();
    for thread in threads {
        thread
            .join()
            .map_err(|_| "a dropping thread failed".to_string())?;
    }
    // What the dropped pages left running finishes (or panics) now.
    std::thread::sleep(Duration::from_secs(2));
    Ok(16 * per_thread * 2)
}
