//! What the bridge's tests share: the bridge binary started on a config of
//! their own, a WebSocket client that can lie about its Origin and Host, and
//! a virtual card speaking vsmartcard-vpcd's protocol.

#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use std::io::{Read, Write};
use std::net::TcpStream as StdStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

pub const ORIGIN: &str = "http://till.test:3000";

pub struct Bridge {
    pub port: u16,
    pub config: PathBuf,
    child: Child,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Bridge {
    /// The bridge binary on a fresh config folder, watching readers whose
    /// name contains `reader`; returns once it listens.
    pub fn start(name: &str, reader: &str) -> Bridge {
        let dir = std::env::temp_dir().join(format!("bridge-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let port = free_port();
        let config = dir.join("bridge.toml");
        std::fs::write(
            &config,
            format!("allowed_origins = [\"{ORIGIN}\"]\nport = {port}\nreaders = [\"{reader}\"]\n"),
        )
        .unwrap();
        let log = std::fs::File::create(dir.join("bridge.log")).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_bridge"))
            .args(["run", "--config"])
            .arg(&config)
            .env("RUST_LOG", "debug")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("the bridge binary starts");
        let deadline = Instant::now() + Duration::from_secs(10);
        while StdStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the bridge did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        Bridge {
            port,
            config,
            child,
        }
    }

    /// `bridge pair`: a fresh code.
    pub fn pairing_code(&self) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_bridge"))
            .args(["pair", "--config"])
            .arg(&self.config)
            .output()
            .unwrap();
        assert!(out.status.success(), "bridge pair: {out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        text.split_whitespace()
            .find(|w| w.len() == 6 && w.chars().all(|c| c.is_ascii_digit()))
            .unwrap_or_else(|| panic!("no code in {text:?}"))
            .to_owned()
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.config.with_file_name("bridge.log")).unwrap_or_default()
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// A connection as a browser page at `origin` on `host` would open it.
    pub async fn connect_as(&self, origin: Option<&str>, host: &str) -> Result<Socket, String> {
        let mut request = format!("ws://127.0.0.1:{}/", self.port)
            .into_client_request()
            .unwrap();
        request.headers_mut().insert("host", host.parse().unwrap());
        if let Some(origin) = origin {
            request
                .headers_mut()
                .insert("origin", origin.parse().unwrap());
        }
        let stream = TcpStream::connect(("127.0.0.1", self.port)).await.unwrap();
        tokio_tungstenite::client_async(request, stream)
            .await
            .map(|(ws, _)| Socket(ws))
            .map_err(|e| e.to_string())
    }

    pub async fn connect(&self) -> Socket {
        self.connect_as(Some(ORIGIN), &format!("127.0.0.1:{}", self.port))
            .await
            .expect("the bridge takes an allowed origin")
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Socket(WebSocketStream<TcpStream>);

impl Socket {
    pub async fn send(&mut self, json: serde_json::Value) {
        self.0.send(Message::text(json.to_string())).await.unwrap();
    }

    /// The next message (JSON), or None when the bridge closed the connection.
    pub async fn next(&mut self) -> Option<serde_json::Value> {
        loop {
            let message = tokio::time::timeout(Duration::from_secs(10), self.0.next())
                .await
                .expect("a message within 10 s");
            match message {
                Some(Ok(Message::Text(text))) => return serde_json::from_str(&text).ok(),
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                _ => return None,
            }
        }
    }

    /// Messages until one of this `type`, which it returns.
    pub async fn until(&mut self, kind: &str) -> serde_json::Value {
        loop {
            let message = self
                .next()
                .await
                .unwrap_or_else(|| panic!("closed before a {kind:?}"));
            if message["type"] == kind {
                return message;
            }
        }
    }

    /// Messages until the reader list is `readers`.
    pub async fn until_readers(&mut self, readers: &[&str]) {
        loop {
            let m = self.next().await.expect("open");
            let list = match m["type"].as_str() {
                Some("readers" | "ready" | "paired") => &m["readers"],
                _ => continue,
            };
            if *list == serde_json::json!(readers) {
                return;
            }
        }
    }
}

/// A contactless card on a vpcd virtual reader: it answers the UID command
/// with `answer` (a UID and 90 00, or an error's status words). Dropping it
/// takes the card away.
pub struct VirtualCard {
    stream: StdStream,
}

/// What PC/SC readers give for a MIFARE Classic 1K (PC/SC part 3).
const ATR: [u8; 20] = [
    0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, 0x01, 0x00,
    0x00, 0x00, 0x00, 0x6A,
];

impl VirtualCard {
    /// Presents the card on the reader whose vpcd port is `port` (35963 is
    /// "Virtual PCD 00 00", 35964 "Virtual PCD 00 01").
    pub fn present(port: u16, answer: Vec<u8>) -> VirtualCard {
        let stream = StdStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| {
            panic!("no virtual reader on port {port} ({e}): is pcscd with vsmartcard-vpcd running?")
        });
        let mut reader = stream.try_clone().unwrap();
        std::thread::spawn(move || {
            let mut length = [0u8; 2];
            while reader.read_exact(&mut length).is_ok() {
                let mut message = vec![0u8; u16::from_be_bytes(length) as usize];
                if reader.read_exact(&mut message).is_err() {
                    return;
                }
                let reply: Option<Vec<u8>> = match message.as_slice() {
                    [0x04] => Some(ATR.to_vec()),
                    [_] => None, // power off, power on, reset
                    [0xFF, 0xCA, 0x00, 0x00, ..] => Some(answer.clone()),
                    _ => Some(vec![0x6D, 0x00]),
                };
                if let Some(reply) = reply {
                    let mut framed = (reply.len() as u16).to_be_bytes().to_vec();
                    framed.extend(reply);
                    if reader.write_all(&framed).is_err() {
                        return;
                    }
                }
            }
        });
        VirtualCard { stream }
    }
}

impl Drop for VirtualCard {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}
