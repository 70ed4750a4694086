//! Installs what the build and the tests need, once per machine, from the package
//! registries only (nothing here downloads a prebuilt binary from elsewhere).

use std::path::Path;
use std::process::Command;

pub const CARGO_LEPTOS_VERSION: &str = "0.3.10";
/// Must equal the `wasm-bindgen = "=..."` pin in the workspace Cargo.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.117";

/// Runs a command, echoing it; an error names the command.
pub fn sh(cmd: &mut Command) -> Result<(), String> {
    eprintln!("$ {}", describe(cmd));
    let status = cmd
        .status()
        .map_err(|e| format!("{}: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", describe(cmd)))
    }
}

pub fn describe(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// The first line a command prints, or None when it cannot run.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn is_root() -> bool {
    output_of("id", &["-u"]).as_deref() == Some("0")
}

/// Installs Debian packages when running as root with apt; otherwise says what is missing.
pub fn apt_install(packages: &[&str], why: &str) -> Result<(), String> {
    if !is_root() || output_of("apt-get", &["--version"]).is_none() {
        return Err(format!(
            "{why}: install the Debian packages {packages:?} (needs root and apt-get)"
        ));
    }
    sh(Command::new("apt-get").arg("update").arg("-qq"))?;
    sh(Command::new("apt-get")
        .args(["install", "-y", "-qq"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// PATH with cargo's bin folder and the npm-installed wasm-opt in front.
pub fn tool_path(root: &Path) -> String {
    let mut parts = vec![
        root.join("xtask/binaryen/node_modules/.bin")
            .display()
            .to_string(),
    ];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo").into()))
    {
        parts.push(Path::new(&home).join("bin").display().to_string());
    }
    parts.push(std::env::var("PATH").unwrap_or_default());
    parts.join(":")
}

pub fn npm_ci(dir: &Path) -> Result<(), String> {
    if output_of("npm", &["--version"]).is_none() {
        apt_install(&["nodejs", "npm"], "node and npm are needed")?;
    }
    sh(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
}

/// wasm target, cargo-leptos, wasm-bindgen-cli (exact version), wasm-opt from npm.
pub fn ensure_build_tools(root: &Path) -> Result<(), String> {
    let targets = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.lines().any(|t| t == "wasm32-unknown-unknown") {
        sh(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let path = tool_path(root);
    let version_of = |program: &str| {
        Command::new(program)
            .arg("--version")
            .env("PATH", &path)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    };
    if !version_of("cargo-leptos").contains(CARGO_LEPTOS_VERSION) {
        eprintln!(
            "installing cargo-leptos {CARGO_LEPTOS_VERSION} (about 12 minutes, once per machine)"
        );
        // Its own release profile links with fat LTO in one codegen unit, which
        // a tool that only drives the build does not need: without them the
        // install took 11.6 min instead of about 14.5 on this 2-core machine.
        sh(Command::new("cargo")
            .args([
                "install",
                "cargo-leptos",
                "--version",
                CARGO_LEPTOS_VERSION,
                "--locked",
            ])
            .env("CARGO_PROFILE_RELEASE_LTO", "off")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"))?;
    }
    if !version_of("wasm-bindgen").contains(WASM_BINDGEN_VERSION) {
        eprintln!(
            "installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} (a few minutes, once per machine)"
        );
        sh(Command::new("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN_VERSION,
            "--locked",
        ]))?;
    }
    if !root
        .join("xtask/binaryen/node_modules/.bin/wasm-opt")
        .exists()
    {
        npm_ci(&root.join("xtask/binaryen"))?;
    }
    Ok(())
}

/// Debian's Chromium and the Playwright package (which never downloads a browser).
pub fn ensure_browser_tools(root: &Path) -> Result<String, String> {
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        apt_install(&["chromium"], "the browser tests need Chromium")?;
    }
    // Chinese text in the tests' screenshots (receipts) needs a CJK font.
    if !Path::new("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").exists() {
        apt_install(
            &["fonts-wqy-microhei"],
            "receipt screenshots need a Chinese font",
        )?;
    }
    // Every package the browser tests import (Playwright, axe-core).
    let e2e = root.join("end2end/node_modules");
    if !e2e.join(".bin/playwright").exists() || !e2e.join("@axe-core/playwright").exists() {
        npm_ci(&root.join("end2end"))?;
    }
    Ok(chromium)
}

/// `cargo leptos build --release`: the server binary and the wasm site.
pub fn leptos_build_release(root: &Path) -> Result<(), String> {
    sh(Command::new("cargo")
        // --precompress writes .br and .gz next to each site file; the server
        // sends them to browsers that accept them.
        .args(["leptos", "build", "--release", "--precompress"])
        .current_dir(root)
        .env("PATH", tool_path(root)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn wasm_bindgen_cli_matches_the_crate_pin() {
        let manifest = include_str!("../../Cargo.toml");
        let pin = format!("wasm-bindgen = \"={}\"", super::WASM_BINDGEN_VERSION);
        assert!(manifest.contains(&pin), "Cargo.toml must pin {pin}");
    }
}
