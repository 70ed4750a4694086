//! The bench's lookups: card number, phone, and the till's item and member
//! searches, one at a time, through the real server.

use crate::http::{Connection, quantile_ms};
use crate::load;
use serde_json::{Value, json};
use std::time::Instant;

/// 1,000 card-number and 1,000 phone lookups, then 1,000 each of the till's item
/// and member searches, one at a time, as the head office.
pub fn lookups(addr: &str, members: i64) -> Result<Value, String> {
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
