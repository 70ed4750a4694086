//! The benchmark's table, from `bench/results.json`'s shape, with each target.

use serde_json::Value;

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(0.0)
}

fn run_with(runs: &Value, clients: u64) -> Option<&Value> {
    runs.as_array()?
        .iter()
        .find(|r| r["clients"].as_u64() == Some(clients))
}

pub fn table(results: &Value) -> String {
    let databases: Vec<&str> = ["sqlite", "postgres"]
        .into_iter()
        .filter(|d| !results[*d].is_null())
        .collect();
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let clients: Vec<u64> = databases
        .first()
        .and_then(|d| results[*d]["app"]["charges"].as_array())
        .map(|runs| runs.iter().filter_map(|r| r["clients"].as_u64()).collect())
        .unwrap_or_default();
    let target = |d: &str| if d == "sqlite" { 40 } else { 50 };
    for c in clients {
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        let mut ratio = Vec::new();
        let mut ledger = Vec::new();
        for d in &databases {
            let app = run_with(&results[*d]["app"]["charges"], c);
            let base = run_with(&results[*d]["baseline"]["runs"], c);
            let own = run_with(&results[*d]["in_process"]["ledger"], c);
            let (a, b) = (
                app.map_or(0.0, |r| num(&r["per_second"])),
                base.map_or(0.0, |r| num(&r["per_second"])),
            );
            ours.push(app.map_or("-".into(), |r| {
                format!(
                    "{a:.0}/s  p50 {:.1} ms  p99 {:.1} ms",
                    num(&r["p50_ms"]),
                    num(&r["p99_ms"])
                )
            }));
            theirs.push(format!(
                "{b:.0}/s ({})",
                results[*d]["baseline"]["kind"].as_str().unwrap_or("?")
            ));
            ratio.push(if b > 0.0 {
                format!("{:.0}% (target ≥ {}%)", 100.0 * a / b, target(d))
            } else {
                "-".into()
            });
            ledger.push(own.map_or("-".into(), |r| {
                let l = num(&r["per_second"]);
                let of = if b > 0.0 { 100.0 * l / b } else { 0.0 };
                format!("{l:.0}/s ({of:.0}% of the limit)")
            }));
        }
        rows.push((format!("charges over HTTP, {c} clients"), ours));
        rows.push((format!("database's own limit, {c} clients"), theirs));
        rows.push((format!("  ratio, {c} clients"), ratio));
        rows.push((format!("  ledger in-process, {c} clients"), ledger));
    }
    rows.push((
        "charge p99 during a heavy read".into(),
        databases
            .iter()
            .map(|d| {
                let under = &results[*d]["app"]["under_heavy_read"];
                let c = under["charges"]["clients"].as_u64().unwrap_or(0);
                let idle =
                    run_with(&results[*d]["app"]["charges"], c).map_or(0.0, |r| num(&r["p99_ms"]));
                let busy = num(&under["charges"]["p99_ms"]);
                format!(
                    "{busy:.1} ms vs {idle:.1} idle, {:.1}× (target ≤ 2×; {} reads, p50 {:.0} ms)",
                    if idle > 0.0 { busy / idle } else { 0.0 },
                    under["reads"],
                    num(&under["read_p50_ms"])
                )
            })
            .collect(),
    ));
    for (key, label, target) in [
        ("by_card_number", "lookup by card number", 5),
        ("by_phone", "lookup by phone", 5),
        ("item_by_short_code", "till item search: short code", 100),
        ("item_by_barcode", "till item search: barcode", 100),
        ("item_by_name", "till item search: part of a name", 100),
        ("till_member_by_phone", "till member search: phone", 100),
    ] {
        let cells = databases
            .iter()
            .map(|d| {
                let l = &results[*d]["app"]["lookups"][key];
                format!(
                    "p50 {:.2} ms  p99 {:.2} ms (target ≤ {target})",
                    num(&l["p50_ms"]),
                    num(&l["p99_ms"])
                )
            })
            .collect();
        rows.push((label.into(), cells));
    }
    rows.push((
        "server peak RSS".into(),
        databases
            .iter()
            .map(|d| {
                let mb = num(&results[*d]["app"]["server_peak_rss_bytes"]) / 1_048_576.0;
                format!("{mb:.0} MB (target ≤ 150)")
            })
            .collect(),
    ));
    rows.push((
        "seeding".into(),
        databases
            .iter()
            .map(|d| format!("{:.0} s", num(&results[*d]["seed_seconds"])))
            .collect(),
    ));
    let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let mut text = format!(
        "{} members, {} cards, {} transactions; {} s per run; {} on {} cores\n\n",
        results["members"],
        results["cards"],
        results["transactions"],
        results["seconds_per_run"],
        results["machine"]["cpu"].as_str().unwrap_or("?"),
        results["machine"]["cores"]
    );
    text += &format!("| {:width$} | {} |\n", "", databases.join(" | "));
    text += &format!(
        "|{}|{}\n",
        "-".repeat(width + 2),
        "---|".repeat(databases.len())
    );
    for (label, cells) in rows {
        text += &format!("| {label:width$} | {} |\n", cells.join(" | "));
    }
    let wasm = &results["wasm"];
    text += &format!(
        "\nwasm (release): {} files, {} bytes raw, {} brotli, {} gzip in all; the main file {} bytes brotli\n",
        wasm["files"],
        wasm["raw_bytes"],
        wasm["br_bytes"],
        wasm["gzip_bytes"],
        wasm["main"]["br_bytes"]
    );
    if let Some(pages) = results["sqlite"]["app"]["pages"].as_array() {
        text += "\nfirst load of a page (Lighthouse 12.2.3, Chromium; target: ≤ 400 KB of code, a repeat visit downloads no code)\n\n";
        text += "| page | form | score | interactive | transferred | of it code | requests |\n|---|---|---|---|---|---|---|\n";
        for page in pages {
            for form in ["mobile", "desktop"] {
                let p = &page[form];
                text += &format!(
                    "| {} | {form} | {} | {:.1} s | {:.0} KB | {:.0} KB | {} |\n",
                    page["page"].as_str().unwrap_or("?"),
                    p["score"],
                    num(&p["interactive_ms"]) / 1000.0,
                    num(&p["transferred_bytes"]) / 1024.0,
                    num(&p["code_bytes"]) / 1024.0,
                    p["requests"]
                );
            }
        }
    }
    text
}
