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
    for c in clients {
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        let mut ratio = Vec::new();
        for d in &databases {
            let app = run_with(&results[*d]["app"]["charges"], c);
            let base = run_with(&results[*d]["baseline"]["runs"], c);
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
            theirs.push(format!("{b:.0}/s"));
            ratio.push(if b > 0.0 {
                format!("{:.0}% (target ≥ 50%)", 100.0 * a / b)
            } else {
                "-".into()
            });
        }
        rows.push((format!("charges over HTTP, {c} clients"), ours));
        rows.push((format!("database's own limit, {c} clients"), theirs));
        rows.push((format!("  ratio, {c} clients"), ratio));
    }
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
        "\nwasm (release): {} bytes raw, {} bytes gzip\n",
        wasm["raw_bytes"], wasm["gzip_bytes"]
    );
    text
}
