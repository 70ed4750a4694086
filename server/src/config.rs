//! Configuration from environment variables; each one is listed in `HELP` and in
//! the README.

use std::net::SocketAddr;

pub const HELP: &str = "\
membership server: serves the membership-card web application.

USAGE:
    server [--help] [--version]   serve the application
    server check                  integrity check (O4): every cached balance, visit
                                  count, point total and validity must equal the sum
                                  of its ledger entries; lists offenders and exits 1
                                  when one does not
    server seed [--members N] [--cards C] [--transactions T] [--stores S]
                                  fill a new, empty database with demo data:
                                  N members (10,000), C cards (2N), T ledger
                                  transactions (10N), S stores (5); prints how
                                  to sign in
    server backup                 a verified copy of the database into BACKUP_DIR
                                  while the shop may go on selling (SQLite:
                                  VACUUM INTO; Postgres: pg_dump), keeping the
                                  newest copies the backups page sets (7)
    server restore FILE           restore such a copy into DATABASE_URL, which must
                                  be empty (SQLite: a missing file or one never set
                                  up; Postgres: a database without tables; stop the
                                  server first), then run the integrity check
    server charge-loop [--clients N] [--seconds S] [--cards C] [--bare 1]
                                  benchmark: N tasks pay 0.01 from seeded cards
                                  1..C in-process (no HTTP) for S seconds; one
                                  JSON line with charges/s, p50 and p99; with
                                  --bare 1 only a charge's minimal statements
                                  (the database's own limit)

All configuration comes from environment variables:
    DATABASE_URL          sqlite:data/membership.db (default; created if absent;
                          the one-file install: data/ next to the binary)
                          or postgres://user:password@host:port/dbname
    LISTEN_ADDR           address to listen on (default 127.0.0.1:3000)
    SITE_ROOT             folder with the built site: pkg/ with wasm, js and css
                          (default target/site, as cargo-leptos builds it; the
                          one-file install carries its site inside)
    SECURE_COOKIES        1 when served over https: session cookie gets Secure (default 0)
    SESSION_IDLE_MINUTES  a session not used for this long ends; every use pushes
                          the end back (default 720)
    SESSION_MAX_HOURS     a session ends this long after sign-in, used or not
                          (default 24)
    SIGNIN_MAX_FAILURES   wrong passwords in a row that lock an account (default 5)
    SIGNIN_LOCK_MINUTES   how long such a lock lasts (default 15)
    DB_MAX_CONNECTIONS    size of the database connection pool (default 16 on
                          Postgres; 1 on SQLite, which has one writer at a
                          time: one connection queues them in order instead
                          of letting them sleep and retry on a busy file)
    DB_READ_CONNECTIONS   SQLite only: read-only connections next to the writing
                          one, so lookups and pages never wait for a sale
                          (default 4)
    BACKUP_DIR            folder of backup copies (default: backups/ beside the
                          SQLite file, or ./backups on Postgres)
    LOG_FORMAT            text (default, readable) or json
    RUST_LOG              log filter, e.g. info or server=debug,sqlx=warn (default info)
";

/// `sqlite:data/membership.db` under the working folder; in the one-file install
/// (`embed-site`), `data/membership.db` next to the binary, wherever it is started.
fn default_database_url() -> String {
    #[cfg(feature = "embed-site")]
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(std::path::Path::to_path_buf))
    {
        return format!(
            "sqlite:{}",
            dir.join("data").join("membership.db").display()
        );
    }
    "sqlite:data/membership.db".into()
}

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub listen_addr: SocketAddr,
    pub site_root: String,
    pub secure_cookies: bool,
    /// Idle and absolute session limits (`SESSION_IDLE_MINUTES`, `SESSION_MAX_HOURS`).
    pub sessions: domain::session::SessionPolicy,
    pub signin_max_failures: u32,
    pub signin_lock_minutes: i64,
    pub db_max_connections: u32,
    pub db_read_connections: u32,
    pub log_json: bool,
    /// `BACKUP_DIR`; unset: `backups` beside the SQLite file, or `./backups`.
    pub backup_dir: Option<std::path::PathBuf>,
}

impl Config {
    /// Reads the environment; a malformed value is an error naming the variable.
    pub fn from_env() -> Result<Config, String> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        fn parse<T: std::str::FromStr>(
            name: &str,
            raw: Option<String>,
            default: T,
        ) -> Result<T, String> {
            match raw {
                None => Ok(default),
                Some(v) if v.trim().is_empty() => Ok(default),
                Some(v) => v
                    .trim()
                    .parse()
                    .map_err(|_| format!("{name}: cannot read {v:?}")),
            }
        }
        let flag = |name: &str| -> Result<bool, String> {
            match get(name).as_deref().map(str::trim) {
                None | Some("") | Some("0") | Some("false") => Ok(false),
                Some("1") | Some("true") => Ok(true),
                Some(other) => Err(format!("{name}: expected 0 or 1, got {other:?}")),
            }
        };
        let log_json = match get("LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("") | Some("text") => false,
            Some("json") => true,
            Some(other) => return Err(format!("LOG_FORMAT: expected text or json, got {other:?}")),
        };
        let database_url = get("DATABASE_URL")
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(default_database_url);
        let pool_default = if database_url.starts_with("sqlite:") {
            1
        } else {
            16
        };
        let config = Config {
            database_url,
            listen_addr: parse(
                "LISTEN_ADDR",
                get("LISTEN_ADDR"),
                SocketAddr::from(([127, 0, 0, 1], 3000)),
            )?,
            site_root: get("SITE_ROOT")
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| "target/site".into()),
            secure_cookies: flag("SECURE_COOKIES")?,
            sessions: domain::session::SessionPolicy {
                idle_ms: parse::<i64>("SESSION_IDLE_MINUTES", get("SESSION_IDLE_MINUTES"), 720)?
                    .saturating_mul(60_000),
                max_ms: parse::<i64>("SESSION_MAX_HOURS", get("SESSION_MAX_HOURS"), 24)?
                    .saturating_mul(3_600_000),
            },
            signin_max_failures: parse("SIGNIN_MAX_FAILURES", get("SIGNIN_MAX_FAILURES"), 5)?,
            signin_lock_minutes: parse("SIGNIN_LOCK_MINUTES", get("SIGNIN_LOCK_MINUTES"), 15)?,
            db_max_connections: parse(
                "DB_MAX_CONNECTIONS",
                get("DB_MAX_CONNECTIONS"),
                pool_default,
            )?,
            db_read_connections: parse("DB_READ_CONNECTIONS", get("DB_READ_CONNECTIONS"), 4)?,
            log_json,
            backup_dir: get("BACKUP_DIR")
                .filter(|v| !v.trim().is_empty())
                .map(std::path::PathBuf::from),
        };
        if config.signin_max_failures == 0
            || config.sessions.idle_ms <= 0
            || config.sessions.max_ms <= 0
            || config.db_max_connections == 0
            || config.db_read_connections == 0
        {
            return Err(
                "SIGNIN_MAX_FAILURES, SESSION_IDLE_MINUTES, SESSION_MAX_HOURS, DB_MAX_CONNECTIONS and DB_READ_CONNECTIONS must be above 0"
                    .into(),
            );
        }
        Ok(config)
    }

    /// Where backups go, and the database `pg_dump` reads.
    pub fn backup_place(&self) -> db::backup::BackupPlace {
        let dir = self
            .backup_dir
            .clone()
            .unwrap_or_else(|| self.sqlite_dir().unwrap_or_default().join("backups"));
        db::backup::BackupPlace {
            dir,
            database_url: self.database_url.clone(),
        }
    }

    /// The SQLite file's folder, to create before connecting.
    pub fn sqlite_dir(&self) -> Option<std::path::PathBuf> {
        let path = self.database_url.strip_prefix("sqlite:")?;
        let path = path.trim_start_matches("//");
        let path = path.split('?').next().unwrap_or(path);
        std::path::Path::new(path).parent().map(|p| p.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_serve_sqlite_under_data_on_localhost() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.database_url, "sqlite:data/membership.db");
        assert_eq!(c.listen_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.signin_max_failures, 5);
        assert_eq!(c.sqlite_dir().unwrap(), std::path::Path::new("data"));
        assert!(!c.secure_cookies);
        assert_eq!(
            c.db_max_connections, 1,
            "SQLite: one writer, one connection"
        );
        let pg = Config::from_lookup(|n| (n == "DATABASE_URL").then(|| "postgres://h/db".into()));
        assert_eq!(pg.unwrap().db_max_connections, 16);
    }

    #[test]
    fn bad_values_name_the_variable() {
        let err =
            Config::from_lookup(|n| (n == "LISTEN_ADDR").then(|| "nowhere".into())).unwrap_err();
        assert!(err.contains("LISTEN_ADDR"), "{err}");
        let err = Config::from_lookup(|n| (n == "LOG_FORMAT").then(|| "xml".into())).unwrap_err();
        assert!(err.contains("LOG_FORMAT"), "{err}");
        let err =
            Config::from_lookup(|n| (n == "SECURE_COOKIES").then(|| "yes".into())).unwrap_err();
        assert!(err.contains("SECURE_COOKIES"), "{err}");
    }
}
