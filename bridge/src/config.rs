//! The bridge's config file, `bridge.toml`:
//!
//! ```toml
//! # The till's address exactly as the browser shows it (scheme, host, port).
//! allowed_origins = ["https://shop.example.com"]
//! # The port on 127.0.0.1 the till connects to.
//! port = 35910
//! # Only readers whose name contains one of these (empty: every reader).
//! readers = ["ACR122"]
//! ```
//!
//! Paired browsers and the pending pairing code are kept next to it.

use serde::Deserialize;
use std::path::{Path, PathBuf};

pub use domain::bridge::DEFAULT_PORT;
/// At most this many origins and reader filters: a config file, not a database.
const MAX_ENTRIES: usize = 16;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub allowed_origins: Vec<String>,
    pub port: u16,
    pub readers: Vec<String>,
    /// The folder of the config file: tokens and the pairing code live there.
    pub state_dir: PathBuf,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    allowed_origins: Vec<String>,
    #[serde(default = "default_port")]
    port: u16,
    #[serde(default)]
    readers: Vec<String>,
}

fn default_port() -> u16 {
    DEFAULT_PORT
}

impl Config {
    /// Reads and checks the config file; the error says what to fix.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "cannot read the config file {}: {e}\n(`bridge init --origin https://your-shop-address` writes one)",
                path.display()
            )
        })?;
        let state_dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        Config::parse(&text, state_dir).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str, state_dir: PathBuf) -> Result<Config, String> {
        let file: File = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        if file.allowed_origins.is_empty() {
            return Err("allowed_origins is empty: name the till's address, e.g. \"https://shop.example.com\"".into());
        }
        if file.allowed_origins.len() > MAX_ENTRIES || file.readers.len() > MAX_ENTRIES {
            return Err(format!(
                "at most {MAX_ENTRIES} origins and {MAX_ENTRIES} readers"
            ));
        }
        for origin in &file.allowed_origins {
            check_origin(origin)?;
        }
        if file.port == 0 {
            return Err("port must be between 1 and 65535".into());
        }
        if file
            .readers
            .iter()
            .any(|r| r.trim().is_empty() || r.len() > 100)
        {
            return Err("a reader filter is empty or longer than 100 characters".into());
        }
        Ok(Config {
            allowed_origins: file.allowed_origins,
            port: file.port,
            readers: file.readers,
            state_dir,
        })
    }

    /// Whether a reader of this name is one the bridge watches.
    pub fn watches(&self, reader: &str) -> bool {
        self.readers.is_empty() || self.readers.iter().any(|r| reader.contains(r.as_str()))
    }

    /// The text of a new config file for this origin.
    pub fn template(origin: &str, port: u16) -> Result<String, String> {
        check_origin(origin)?;
        Ok(format!(
            "# The PC/SC bridge's settings (see the README, \"Desktop contactless readers\").\n\
             # The till's address exactly as the browser shows it: scheme, host and port, no path.\n\
             allowed_origins = [\"{origin}\"]\n\
             # The port on 127.0.0.1 that the till's page connects to (Till > Card readers).\n\
             port = {port}\n\
             # Only readers whose name contains one of these; empty: every reader.\n\
             readers = []\n"
        ))
    }
}

/// An origin as browsers send it: `scheme://host[:port]`, nothing after.
fn check_origin(origin: &str) -> Result<(), String> {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(|| format!("origin {origin:?} must start with https:// or http://"))?;
    let fine = !rest.is_empty()
        && rest.len() <= 253
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        && rest == rest.to_ascii_lowercase();
    if fine {
        Ok(())
    } else {
        Err(format!(
            "origin {origin:?} must be scheme://host[:port] in lower case, with no path or trailing slash"
        ))
    }
}

/// Where the config file is when `--config` is not given: the user's config
/// folder (`~/.config/card-bridge/bridge.toml`, `%APPDATA%\card-bridge\bridge.toml`).
pub fn default_path() -> PathBuf {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("card-bridge").join("bridge.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, PathBuf::from("."))
    }

    #[test]
    fn a_config_needs_exact_origins() {
        let c = parse("allowed_origins = [\"https://shop.example.com\"]").unwrap();
        assert_eq!(c.port, DEFAULT_PORT);
        assert!(c.watches("ACS ACR122U PICC Interface 00 00"));
        for bad in [
            "allowed_origins = []",
            "allowed_origins = [\"shop.example.com\"]",
            "allowed_origins = [\"https://shop.example.com/\"]",
            "allowed_origins = [\"https://shop.example.com/till\"]",
            "allowed_origins = [\"https://Shop.example.com\"]",
            "allowed_origins = [\"*\"]",
            "allowed_origins = [\"https://a\"]\nport = 0",
            "allowed_origins = [\"https://a\"]\nlisten = \"0.0.0.0\"",
        ] {
            assert!(parse(bad).is_err(), "{bad} was taken");
        }
    }

    #[test]
    fn reader_filters_match_part_of_the_name() {
        let c = parse(
            "allowed_origins = [\"http://127.0.0.1:3000\"]\nport = 4000\nreaders = [\"ACR122\"]",
        )
        .unwrap();
        assert_eq!(c.port, 4000);
        assert!(c.watches("ACS ACR122U 00 00"));
        assert!(!c.watches("Alcor Micro AU9540 00 00"));
    }

    #[test]
    fn the_template_reads_back() {
        let text = Config::template("http://127.0.0.1:3000", 35910).unwrap();
        let c = parse(&text).unwrap();
        assert_eq!(c.allowed_origins, ["http://127.0.0.1:3000"]);
        assert!(Config::template("http://127.0.0.1:3000/", 1).is_err());
    }
}
