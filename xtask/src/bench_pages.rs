//! Page weight and speed in a browser: Lighthouse 12.2.3 (npm, pinned by
//! `xtask/lighthouse/package-lock.json`) against Debian's Chromium, mobile and
//! desktop, for the pages people open first. Signed-in pages get the session
//! cookie of a fresh sign-in: the head office's, or a member's on `/my/` (the
//! member pages, target ≤ 250 KB in all and Lighthouse mobile ≥ 90).

use crate::http::Connection;
use crate::tools;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

#[derive(Clone, Copy, PartialEq)]
enum Who {
    Nobody,
    HeadOffice,
    Member,
}

/// (label, path, signed in as whom)
const PAGES: [(&str, &str, Who); 6] = [
    ("sign-in", "/sign-in", Who::Nobody),
    ("till", "/till", Who::HeadOffice),
    ("member", "/members/1", Who::HeadOffice),
    (
        "home (the dashboard comes with the reports)",
        "/",
        Who::HeadOffice,
    ),
    ("member's sign-in (phone)", "/my/", Who::Nobody),
    ("member's card (phone)", "/my/", Who::Member),
];

const BENCH_PIN: &str = "583920";

/// A card with a PIN for the seed's first member, and a member session signed
/// in with it on `/my/sign-in`: its cookie.
fn member_cookie(addr: &str) -> Result<String, String> {
    let mut boss = Connection::open(addr)?;
    boss.sign_in(crate::load::BOSS.0, crate::load::BOSS.1)?;
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let card_no = format!("BP{n}");
    let issue = json!({ "request_id": format!("bench-portal-{n}"), "form": { "plan_id": 1, "member_id": 1,
        "card_no": card_no, "uid": "", "pin": BENCH_PIN, "pin_again": BENCH_PIN, "payment": "cash", "fee": "" } });
    let answer = boss.post("issue_card", "application/json", &issue.to_string())?;
    if answer.status != 200 {
        return Err(format!(
            "a card for the member pages: {} {}",
            answer.status, answer.body
        ));
    }
    let mut phone = Connection::open(addr)?;
    let form = format!("key={card_no}&pin={BENCH_PIN}");
    let answer = phone.post_to("/my/sign-in", "application/x-www-form-urlencoded", &form)?;
    match phone.cookie() {
        Some(cookie) if answer.status == 303 => Ok(cookie.to_owned()),
        _ => Err(format!("member sign-in: {} {}", answer.status, answer.body)),
    }
}

pub fn lighthouse(root: &Path, addr: &str) -> Result<Value, String> {
    let dir = root.join("xtask/lighthouse");
    if !dir.join("node_modules/.bin/lighthouse").exists() {
        tools::npm_ci(&dir)?;
    }
    let chromium = tools::ensure_browser_tools(root)?;
    let mut c = Connection::open(addr)?;
    c.sign_in(crate::load::BOSS.0, crate::load::BOSS.1)?;
    let cookie = c
        .cookie()
        .ok_or("no session cookie after signing in")?
        .to_owned();
    let headers = std::env::temp_dir().join(format!("bench-headers-{}.json", std::process::id()));
    std::fs::write(&headers, json!({ "Cookie": cookie }).to_string()).map_err(|e| e.to_string())?;
    let member_headers =
        std::env::temp_dir().join(format!("bench-member-{}.json", std::process::id()));
    let member = member_cookie(addr)?;
    std::fs::write(&member_headers, json!({ "Cookie": member }).to_string())
        .map_err(|e| e.to_string())?;
    let mut pages = Vec::new();
    for (label, path, who) in PAGES {
        let mut page = json!({ "page": label, "path": path });
        for form in ["mobile", "desktop"] {
            let mut cmd = Command::new(dir.join("node_modules/.bin/lighthouse"));
            cmd.arg(format!("http://{addr}{path}"))
                .args(["--output=json", "--output-path=stdout", "--quiet"])
                .args(["--only-categories=performance", "--max-wait-for-load=60000"])
                .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu")
                .env("CHROME_PATH", &chromium);
            if form == "desktop" {
                cmd.arg("--preset=desktop");
            }
            match who {
                Who::Nobody => {}
                Who::HeadOffice => {
                    cmd.arg(format!("--extra-headers={}", headers.display()));
                }
                Who::Member => {
                    cmd.arg(format!("--extra-headers={}", member_headers.display()));
                }
            }
            let out = cmd.output().map_err(|e| format!("lighthouse: {e}"))?;
            let report: Value = serde_json::from_slice(&out.stdout).map_err(|_| {
                format!(
                    "lighthouse printed no report for {path}: {}",
                    String::from_utf8_lossy(&out.stderr)
                )
            })?;
            let measured = summary(&report);
            eprintln!("   lighthouse {form} {path}: {measured}");
            page[form] = measured;
        }
        pages.push(page);
    }
    let _ = std::fs::remove_file(&headers);
    let _ = std::fs::remove_file(&member_headers);
    Ok(json!(pages))
}

/// Score, time to interactive, and bytes over the wire: in all and for code.
fn summary(report: &Value) -> Value {
    let audit = |name: &str| {
        report["audits"][name]["numericValue"]
            .as_f64()
            .unwrap_or(0.0)
    };
    let requests = report["audits"]["network-requests"]["details"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let code: f64 = requests
        .iter()
        .filter(|r| {
            let url = r["url"].as_str().unwrap_or("");
            url.ends_with(".wasm") || url.ends_with(".js")
        })
        .map(|r| r["transferSize"].as_f64().unwrap_or(0.0))
        .sum();
    json!({
        "score": report["categories"]["performance"]["score"].as_f64().map(|s| (s * 100.0).round()),
        "interactive_ms": audit("interactive").round(),
        "largest_paint_ms": audit("largest-contentful-paint").round(),
        "transferred_bytes": audit("total-byte-weight").round(),
        "code_bytes": code.round(),
        "requests": requests.len(),
        "error": report["runtimeError"]["message"].as_str(),
    })
}
