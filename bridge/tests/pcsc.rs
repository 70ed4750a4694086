//! The bridge on a real PC/SC stack without hardware: Debian's pcscd with
//! vsmartcard-vpcd, whose readers "Virtual PCD 00 00" and "Virtual PCD 00 01"
//! take a card from whoever connects to TCP 35963 and 35964. This test starts
//! `pcscd -f` itself (none may be running) and stops it; `cargo xtask test`
//! installs the packages.

mod common;

use common::{Bridge, VirtualCard};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const READER: &str = "Virtual PCD 00 00";
const VPCD_PORT: u16 = 35963;

struct Pcscd(Child);

impl Pcscd {
    fn start() -> Pcscd {
        let running = std::os::unix::net::UnixStream::connect("/run/pcscd/pcscd.comm").is_ok();
        assert!(
            !running,
            "a pcscd is running already: stop it (this test starts and stops its own)"
        );
        let child = Command::new("pcscd")
            .arg("-f")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pcscd (Debian's pcscd and vsmartcard-vpcd; `cargo xtask test` installs them)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", VPCD_PORT)).is_err() {
            assert!(
                Instant::now() < deadline,
                "vpcd did not listen on {VPCD_PORT}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Pcscd(child)
    }

    fn stop(self) {}
}

impl Drop for Pcscd {
    /// Stops it as a service manager would (SIGTERM), so it cleans up.
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = Command::new("kill").arg(self.0.id().to_string()).status();
            let _ = self.0.wait();
        }
    }
}

#[tokio::test]
async fn cards_on_the_reader_reach_the_paired_browser() {
    let pcscd = Pcscd::start();
    let mut bridge = Bridge::start("pcsc", READER);
    let code = bridge.pairing_code();
    let mut till = bridge.connect().await;
    till.send(json!({"type": "pair", "code": code})).await;
    let paired = till.until("paired").await;
    let token = paired["token"].as_str().unwrap().to_owned();
    if paired["readers"] != json!([READER]) {
        till.until_readers(&[READER]).await;
    }
    let mut second = bridge.connect().await;
    second.send(json!({"type": "hello", "token": token})).await;
    assert_eq!(
        second.next().await,
        Some(json!({"type": "ready", "readers": [READER]}))
    );

    // A card: its UID on both pages, then its removal.
    let card = VirtualCard::present(
        VPCD_PORT,
        vec![0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6, 0x90, 0x00],
    );
    let presented = json!({"type": "card", "reader": READER, "uid": "04A1B2C3D4E5F6"});
    assert_eq!(till.until("card").await, presented);
    assert_eq!(second.until("card").await, presented);
    drop(card);
    assert_eq!(
        till.until("removed").await,
        json!({"type": "removed", "reader": READER})
    );

    // A card that answers the UID command with 6A 81: reported, not crashed on.
    let odd = VirtualCard::present(VPCD_PORT, vec![0x6A, 0x81]);
    assert_eq!(
        till.until("card_error").await,
        json!({"type": "card_error", "reader": READER, "error": "6A81"})
    );
    drop(odd);
    till.until("removed").await;
    // The other virtual reader is not in this bridge's config: nothing from it.
    let elsewhere = VirtualCard::present(VPCD_PORT + 1, vec![0x01, 0x02, 0x03, 0x04, 0x90, 0x00]);
    let next = VirtualCard::present(VPCD_PORT, vec![0x11, 0x22, 0x33, 0x44, 0x90, 0x00]);
    assert_eq!(till.until("card").await["uid"], "11223344");
    drop((elsewhere, next));
    till.until("removed").await;

    // The readers go away with the PC/SC service, and come back with it.
    pcscd.stop();
    till.until_readers(&[]).await;
    assert!(
        bridge.is_running(),
        "the bridge survives losing its readers"
    );
    let pcscd = Pcscd::start();
    till.until_readers(&[READER]).await;
    let back = VirtualCard::present(VPCD_PORT, vec![0xAA, 0xBB, 0xCC, 0xDD, 0x90, 0x00]);
    assert_eq!(till.until("card").await["uid"], "AABBCCDD");
    // Losing the service with a card on the reader takes the card away too.
    pcscd.stop();
    assert_eq!(
        till.until("removed").await,
        json!({"type": "removed", "reader": READER})
    );
    till.until_readers(&[]).await;
    drop(back);
    let pcscd = Pcscd::start();
    till.until_readers(&[READER]).await;
    assert!(bridge.is_running());
    let log = bridge.log();
    assert!(
        log.contains("card presented") && log.contains("6A81"),
        "{log}"
    );
    drop(pcscd);
}
