//! `cargo xtask dist`: the shop's one-file install. The release site is built,
//! then the server with the `embed-site` feature (the site's files and their
//! hashes inside the binary), stripped, as `dist/membership-server`. The binary
//! is then started alone in an empty folder to show that it needs nothing else:
//! it answers a page and its compressed wasm, and makes `data/` next to itself.

use crate::root;
use crate::tools::{self, sh};
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub fn dist(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err(format!("dist takes no options, not {args:?}"));
    }
    let root = root();
    tools::ensure_build_tools(&root)?;
    tools::leptos_build_release(&root)?;
    sh(Command::new("cargo")
        .args([
            "build",
            "--release",
            "-p",
            "server",
            "--features",
            "embed-site",
        ])
        .env("DIST_SITE_DIR", root.join("target/site"))
        .env("DIST_HASH_FILE", root.join("target/release/hash.txt"))
        .env("PATH", tools::tool_path(&root))
        .current_dir(&root))?;
    let out = root.join("dist");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let binary = out.join("membership-server");
    std::fs::copy(root.join("target/release/server"), &binary)
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    sh(Command::new("strip").arg(&binary))?;
    let size = std::fs::metadata(&binary).map_err(|e| e.to_string())?.len();
    let (page, wasm) = try_alone(&binary)?;
    println!(
        "{}: {:.1} MB, stripped; started alone it served a page ({page} bytes) and its wasm \
         ({wasm} bytes, brotli) and made data/membership.db next to itself",
        binary.display(),
        size as f64 / 1_048_576.0
    );
    Ok(())
}

/// Starts a copy of `binary` in an empty folder with no configuration but a port:
/// (bytes of the home page, bytes of its wasm as sent compressed).
fn try_alone(binary: &Path) -> Result<(usize, usize), String> {
    let folder = std::env::temp_dir().join(format!("membership-dist-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    let copy = folder.join("membership-server");
    std::fs::copy(binary, &copy).map_err(|e| e.to_string())?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| e.to_string())?;
    let mut server = Command::new(&copy)
        .current_dir(std::env::temp_dir())
        .env_clear()
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", copy.display()))?;
    let outcome = (|| {
        let deadline = Instant::now() + Duration::from_secs(30);
        let page = loop {
            match get(port, "/sign-in", false) {
                Ok((200, _, body)) => break String::from_utf8_lossy(&body).into_owned(),
                _ if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(200)),
                other => return Err(format!("the one-file server did not answer: {other:?}")),
            }
        };
        let wasm = page
            .split('"')
            .find(|part| part.starts_with("/pkg/") && part.ends_with(".wasm"))
            .ok_or("the page names no wasm file")?
            .to_owned();
        let (status, encoding, body) = get(port, &wasm, true)?;
        if status != 200 || encoding != "br" {
            return Err(format!("{wasm}: status {status}, encoding {encoding:?}"));
        }
        if !folder.join("data/membership.db").is_file() {
            return Err("the database was not made in data/ next to the binary".into());
        }
        Ok((page.len(), body.len()))
    })();
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&folder);
    outcome
}

/// GET `path`, asking for brotli or not: (status, content-encoding, body).
fn get(port: u16, path: &str, brotli: bool) -> Result<(u16, String, Vec<u8>), String> {
    let mut stream =
        std::net::TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    let encoding = if brotli { "br" } else { "identity" };
    let request = format!(
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: {encoding}\r\nAccept-Language: zh-CN\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of headers")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw[split + 4..].to_vec();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let encoding = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-encoding")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_default();
    Ok((status, encoding, body))
}
