//! PC/SC for the bridge's tests, without hardware: Debian's pcscd with
//! vsmartcard-vpcd, whose virtual readers "Virtual PCD 00 00" and "00 01" take
//! a card from whoever connects to TCP 35963 and 35964. The packages are
//! installed before anything is built (the bridge links libpcsclite); pcscd
//! runs for the browser suites (the bridge's own test starts its own before).

use crate::tools::apt_install;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SOCKET: &str = "/run/pcscd/pcscd.comm";
const VPCD_DRIVER: &str = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
/// The first virtual reader's port; the second listens on the next.
pub const VPCD_PORT: u16 = 35963;

/// pcscd, the virtual reader driver, and the headers to build the bridge.
pub fn ensure_tools() -> Result<(), String> {
    let present = Path::new("/usr/sbin/pcscd").exists()
        && Path::new(VPCD_DRIVER).exists()
        && Path::new("/usr/include/PCSC/winscard.h").exists()
        && Command::new("pkg-config")
            .args(["--exists", "libpcsclite"])
            .status()
            .is_ok_and(|s| s.success());
    if present {
        return Ok(());
    }
    apt_install(
        &["pcscd", "vsmartcard-vpcd", "libpcsclite-dev", "pkgconf"],
        "the PC/SC bridge and its tests need pcscd, vsmartcard-vpcd and libpcsclite-dev",
    )
}

/// A pcscd this run started (stopped with SIGTERM when dropped), or one that
/// was running already (left alone).
pub struct Pcscd(Option<Child>);

pub fn start() -> Result<Pcscd, String> {
    if std::os::unix::net::UnixStream::connect(SOCKET).is_ok() {
        return Ok(Pcscd(None));
    }
    let child = Command::new("pcscd")
        .arg("-f")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start pcscd: {e}"))?;
    let pcscd = Pcscd(Some(child));
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", VPCD_PORT)).is_err() {
        if Instant::now() > deadline {
            return Err(format!(
                "pcscd's virtual reader did not listen on {VPCD_PORT}"
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(pcscd)
}

impl Drop for Pcscd {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
    }
}

/// The environment of one browser suite: the bridge binary and its own
/// virtual reader (the SQLite suite the first, the Postgres suite the second).
pub fn browser_env(root: &Path, second_reader: bool) -> Vec<(&'static str, String)> {
    let n = u16::from(second_reader);
    vec![
        (
            "BRIDGE_BIN",
            root.join("target/debug/bridge").display().to_string(),
        ),
        ("VPCD_PORT", (VPCD_PORT + n).to_string()),
        ("VPCD_READER", format!("Virtual PCD 00 0{n}")),
    ]
}
