//! One-time pairing. `bridge pair` (or the daemon at its first start) makes a
//! six-digit code that lasts ten minutes and five wrong tries; the till's
//! "Card readers" page sends it once and gets back a random token, which the
//! browser keeps and sends as its first message on every connection. Only
//! SHA-256 digests of codes and tokens are written down, next to the config
//! file, readable by its owner only.

use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

const CODE_FILE: &str = "pairing-code.json";
const TOKENS_FILE: &str = "paired.json";
pub const CODE_MINUTES: u64 = 10;
pub const CODE_TRIES: u32 = 5;
/// Browsers paired at most; pairing one more forgets the oldest.
pub const MAX_PAIRED: usize = 50;
/// The longest code or token a client may send.
pub const MAX_SECRET_CHARS: usize = 128;

#[derive(Debug, PartialEq, Eq)]
pub enum PairError {
    /// No code is waiting, or it expired or ran out of tries.
    NoCode,
    /// A wrong code (the tries left).
    Wrong(u32),
    /// The state folder cannot be written.
    Io(String),
}

#[derive(Serialize, Deserialize)]
struct PendingCode {
    digest: String,
    expires_at_s: u64,
    tries_left: u32,
}

#[derive(Serialize, Deserialize, Default)]
struct Paired {
    tokens: Vec<PairedToken>,
}

#[derive(Serialize, Deserialize)]
struct PairedToken {
    digest: String,
    paired_at_s: u64,
}

pub struct Pairing {
    dir: PathBuf,
}

fn now_s() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Digits only: "482 913" and "482-913" are "482913".
fn code_digits(typed: &str) -> String {
    typed.chars().filter(char::is_ascii_digit).collect()
}

impl Pairing {
    pub fn new(dir: &Path) -> Pairing {
        Pairing {
            dir: dir.to_path_buf(),
        }
    }

    fn read<T: for<'de> Deserialize<'de>>(&self, name: &str) -> Option<T> {
        let text = std::fs::read_to_string(self.dir.join(name)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Written whole or not at all (a temporary file renamed over the old one).
    fn write<T: Serialize>(&self, name: &str, value: &T) -> Result<(), PairError> {
        let io = |e: std::io::Error| PairError::Io(format!("{}: {e}", self.dir.display()));
        std::fs::create_dir_all(&self.dir).map_err(io)?;
        let temp = self.dir.join(format!(".{name}.new"));
        let text = serde_json::to_string_pretty(value).map_err(|e| PairError::Io(e.to_string()))?;
        std::fs::write(&temp, text).map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&temp, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
        }
        std::fs::rename(&temp, self.dir.join(name)).map_err(io)
    }

    fn forget_code(&self) {
        let _ = std::fs::remove_file(self.dir.join(CODE_FILE));
    }

    /// A new code, replacing any earlier one.
    pub fn new_code(&self) -> Result<String, PairError> {
        let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
        self.write(
            CODE_FILE,
            &PendingCode {
                digest: digest(&code),
                expires_at_s: now_s() + CODE_MINUTES * 60,
                tries_left: CODE_TRIES,
            },
        )?;
        Ok(code)
    }

    /// Whether any browser has been paired.
    pub fn has_paired(&self) -> bool {
        self.read::<Paired>(TOKENS_FILE)
            .is_some_and(|p| !p.tokens.is_empty())
    }

    /// Exchanges the code for a new token, once.
    pub fn redeem(&self, typed: &str) -> Result<String, PairError> {
        let Some(mut pending) = self.read::<PendingCode>(CODE_FILE) else {
            return Err(PairError::NoCode);
        };
        if pending.expires_at_s <= now_s() || pending.tries_left == 0 {
            self.forget_code();
            return Err(PairError::NoCode);
        }
        if typed.len() > MAX_SECRET_CHARS || digest(&code_digits(typed)) != pending.digest {
            pending.tries_left -= 1;
            if pending.tries_left == 0 {
                self.forget_code();
            } else {
                self.write(CODE_FILE, &pending)?;
            }
            return Err(PairError::Wrong(pending.tries_left));
        }
        self.forget_code();
        let bytes: [u8; 32] = rand::thread_rng().r#gen();
        let token = hex(&bytes);
        let mut paired = self.read::<Paired>(TOKENS_FILE).unwrap_or_default();
        paired.tokens.push(PairedToken {
            digest: digest(&token),
            paired_at_s: now_s(),
        });
        if paired.tokens.len() > MAX_PAIRED {
            let extra = paired.tokens.len() - MAX_PAIRED;
            paired.tokens.drain(..extra);
        }
        self.write(TOKENS_FILE, &paired)?;
        Ok(token)
    }

    /// Whether this token belongs to a paired browser.
    pub fn knows(&self, token: &str) -> bool {
        if token.is_empty() || token.len() > MAX_SECRET_CHARS {
            return false;
        }
        let wanted = digest(token);
        self.read::<Paired>(TOKENS_FILE)
            .is_some_and(|p| p.tokens.iter().any(|t| t.digest == wanted))
    }

    /// Forgets every paired browser (`bridge unpair`).
    pub fn forget_all(&self) -> Result<(), PairError> {
        self.forget_code();
        self.write(TOKENS_FILE, &Paired::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("bridge-pairing-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_code_works_once_and_its_token_is_known() {
        let p = Pairing::new(&folder("once"));
        assert_eq!(p.redeem("000000"), Err(PairError::NoCode));
        let code = p.new_code().unwrap();
        assert!(!p.has_paired());
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        let token = p.redeem(&spaced).unwrap();
        assert_eq!(token.len(), 64);
        assert!(p.knows(&token));
        assert!(p.has_paired());
        assert!(!p.knows("not-the-token"));
        assert!(!p.knows(""));
        assert_eq!(p.redeem(&code), Err(PairError::NoCode), "a code works once");
        p.forget_all().unwrap();
        assert!(!p.knows(&token));
    }

    #[test]
    fn five_wrong_tries_burn_the_code() {
        let p = Pairing::new(&folder("tries"));
        let code = p.new_code().unwrap();
        let wrong = if code == "111111" { "222222" } else { "111111" };
        for left in (1..CODE_TRIES).rev() {
            assert_eq!(p.redeem(wrong), Err(PairError::Wrong(left)));
        }
        assert_eq!(p.redeem(wrong), Err(PairError::Wrong(0)));
        assert_eq!(p.redeem(&code), Err(PairError::NoCode), "burnt");
        assert_eq!(p.redeem(&"9".repeat(1000)), Err(PairError::NoCode));
    }

    #[test]
    fn only_the_newest_paired_browsers_are_kept() {
        let p = Pairing::new(&folder("many"));
        let first = {
            let code = p.new_code().unwrap();
            p.redeem(&code).unwrap()
        };
        for _ in 0..MAX_PAIRED {
            let code = p.new_code().unwrap();
            p.redeem(&code).unwrap();
        }
        assert!(!p.knows(&first));
    }
}
