//! A Postgres server for the test suite: TEST_DATABASE_URL when given; otherwise a
//! throwaway cluster in a temp folder on a free port; otherwise Debian's
//! postgresql is installed first. Never skipped: failing to get one is an error.

use crate::tools::{apt_install, sh};
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Postgres {
    pub url: String,
    cluster: Option<Cluster>,
}

struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    as_postgres_user: bool,
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(c) = &self.cluster {
            let data = c.dir.join("data");
            let mut stop = c.command("pg_ctl");
            stop.args([
                "-D",
                &data.to_string_lossy(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ]);
            let _ = stop.output();
            let _ = std::fs::remove_dir_all(&c.dir);
        }
    }
}

impl Postgres {
    /// Creates an empty database on this server and returns its URL.
    pub fn create_database(&self, name: &str) -> Result<String, String> {
        let psql = match &self.cluster {
            Some(c) => c.bin.join("psql"),
            None => find_bin()
                .map(|b| b.join("psql"))
                .unwrap_or_else(|| PathBuf::from("psql")),
        };
        let out = Command::new(&psql)
            .arg(&self.url)
            .args(["-v", "ON_ERROR_STOP=1", "-c"])
            .arg(format!("DROP DATABASE IF EXISTS {name}"))
            .arg("-c")
            .arg(format!("CREATE DATABASE {name}"))
            .output()
            .map_err(|e| format!("{}: {e}", psql.display()))?;
        if !out.status.success() {
            return Err(format!(
                "creating database {name}: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let (base, _) = self
            .url
            .rsplit_once('/')
            .ok_or("the Postgres URL has no /dbname")?;
        Ok(format!("{base}/{name}"))
    }

    /// Drops the databases the cargo tests made (`t<pid>_<hex>`, one per test) on
    /// a throwaway cluster: some hundreds of them hold gigabytes of disk.
    pub fn drop_test_databases(&self) {
        let Some(c) = &self.cluster else { return };
        let psql = c.bin.join("psql");
        let names = Command::new(&psql)
            .arg(&self.url)
            .args(["-At", "-c"])
            .arg("SELECT datname FROM pg_database WHERE datname ~ '^t[0-9]+_[0-9a-f]+$'")
            .output();
        let Ok(names) = names else { return };
        for name in String::from_utf8_lossy(&names.stdout).lines() {
            let _ = Command::new(&psql)
                .arg(&self.url)
                .args(["-q", "-c"])
                .arg(format!("DROP DATABASE IF EXISTS {name}"))
                .output();
        }
    }
}

impl Cluster {
    /// initdb and postgres refuse to run as root: as root, run them as `postgres`.
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres_user {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(path);
            cmd
        } else {
            Command::new(path)
        }
    }
}

fn find_bin() -> Option<PathBuf> {
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").exists() {
            return Some(dir);
        }
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The test suite's server: fsync off (a test database need not survive a power cut).
pub fn start() -> Result<Postgres, String> {
    start_with("-c fsync=off -c full_page_writes=off")
}

/// The benchmark's server: Postgres' own durable defaults, as a shop would run it.
pub fn start_durable() -> Result<Postgres, String> {
    start_with("")
}

impl Postgres {
    /// A program from the server's own bin folder (pgbench, psql), else from PATH.
    pub fn program(&self, name: &str) -> PathBuf {
        self.cluster
            .as_ref()
            .map(|c| c.bin.join(name))
            .filter(|p| p.exists())
            .unwrap_or_else(|| PathBuf::from(name))
    }
}

fn start_with(settings: &str) -> Result<Postgres, String> {
    if let Ok(url) = std::env::var("TEST_DATABASE_URL") {
        eprintln!("Postgres: using TEST_DATABASE_URL");
        return Ok(Postgres { url, cluster: None });
    }
    let bin = match find_bin() {
        Some(bin) => bin,
        None => {
            apt_install(
                &["postgresql"],
                "the Postgres half of the suite needs a Postgres server",
            )?;
            find_bin().ok_or("postgresql installed, but initdb is still not found")?
        }
    };
    let as_postgres_user = is_root();
    let dir = std::env::temp_dir().join(format!("membership-pg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if as_postgres_user {
        sh(Command::new("chown").arg("postgres").arg(&dir))?;
    }
    let cluster = Cluster {
        bin,
        dir: dir.clone(),
        as_postgres_user,
    };
    let data = dir.join("data");
    let port = free_port()?;
    let quiet = |cmd: &mut Command| -> Result<(), String> {
        let out = cmd.output().map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    };
    quiet(cluster.command("initdb").args([
        "-D",
        &data.to_string_lossy(),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-locale",
    ]))
    .map_err(|e| format!("initdb failed: {e}"))?;
    let options = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200 {settings}",
        dir.display()
    );
    let log = dir.join("log");
    quiet(cluster.command("pg_ctl").args([
        "-D",
        &data.to_string_lossy(),
        "-o",
        &options,
        "-l",
        &log.to_string_lossy(),
        "-w",
        "start",
    ]))
    .map_err(|e| format!("pg_ctl start failed: {e}\n{}", read(&log)))?;
    eprintln!("Postgres: throwaway cluster on 127.0.0.1:{port}");
    Ok(Postgres {
        url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        cluster: Some(cluster),
    })
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}
