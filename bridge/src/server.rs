//! The WebSocket server on 127.0.0.1. A connection is taken only when its
//! `Host` is this bridge's own loopback address (a DNS-rebinding page has its
//! own host name there) and its `Origin` is exactly one in the config; then
//! its first message must be a paired browser's token or a pairing code. Only
//! then does it receive events. Failed attempts are rate-limited, and so are
//! connections.

use crate::config::Config;
use crate::pairing::{PairError, Pairing};
use crate::protocol::{Event, FromBrowser, Refusal, ToBrowser, json};
use futures_util::{SinkExt, StreamExt};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, broadcast, watch};
use tokio::time::timeout;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::StatusCode;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::protocol::frame::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tracing::{info, warn};

/// Browsers connected at once (a till has one or two pages open).
pub const MAX_CONNECTIONS: usize = 8;
/// Failed tokens, codes or first messages per minute before everyone waits.
pub const MAX_FAILURES_PER_MINUTE: usize = 10;
/// The handshake and the first message each have this long.
const FIRST_MESSAGE: Duration = Duration::from_secs(5);
/// The longest message a browser may send.
const MAX_MESSAGE_BYTES: usize = 1024;

pub struct Bridge {
    config: Config,
    pairing: Mutex<Pairing>,
    events: broadcast::Sender<Event>,
    readers: watch::Receiver<Vec<String>>,
    failures: Mutex<VecDeque<Instant>>,
    connections: Arc<Semaphore>,
}

/// Why a handshake was refused (403).
#[derive(Debug, PartialEq, Eq)]
pub enum Unwelcome {
    Host,
    Origin,
}

/// Host must be this bridge's loopback address; Origin one of the allowed, exactly.
pub fn check_request(request: &Request, config: &Config) -> Result<(), Unwelcome> {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    let port = config.port;
    let host = header("host");
    if host != format!("127.0.0.1:{port}") && host != format!("localhost:{port}") {
        return Err(Unwelcome::Host);
    }
    let origin = header("origin");
    if !config.allowed_origins.iter().any(|o| o == origin) {
        return Err(Unwelcome::Origin);
    }
    Ok(())
}

impl Bridge {
    pub fn new(
        config: Config,
        events: broadcast::Sender<Event>,
        readers: watch::Receiver<Vec<String>>,
    ) -> Arc<Bridge> {
        Arc::new(Bridge {
            pairing: Mutex::new(Pairing::new(&config.state_dir)),
            config,
            events,
            readers,
            failures: Mutex::default(),
            connections: Arc::new(Semaphore::new(MAX_CONNECTIONS)),
        })
    }

    /// Counts a failed attempt.
    fn failed(&self) {
        if let Ok(mut f) = self.failures.lock() {
            f.push_back(Instant::now());
        }
    }

    fn too_many_failures(&self) -> bool {
        let Ok(mut f) = self.failures.lock() else {
            return true;
        };
        while f
            .front()
            .is_some_and(|t| t.elapsed() > Duration::from_secs(60))
        {
            f.pop_front();
        }
        f.len() >= MAX_FAILURES_PER_MINUTE
    }

    fn readers_now(&self) -> Vec<String> {
        self.readers.borrow().clone()
    }

    /// Takes connections until the listener fails.
    pub async fn serve(self: Arc<Bridge>, listener: TcpListener) {
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                Err(e) => {
                    warn!("accept: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let Ok(permit) = self.connections.clone().try_acquire_owned() else {
                warn!("refused a connection: {MAX_CONNECTIONS} are open already");
                continue;
            };
            let bridge = self.clone();
            tokio::spawn(async move {
                bridge.connection(stream).await;
                drop(permit);
            });
        }
    }

    async fn connection(&self, stream: TcpStream) {
        let mut unwelcome = None;
        // The shape of this callback (a whole HTTP response as the error) is tungstenite's.
        #[allow(clippy::result_large_err)]
        let check =
            |request: &Request, response: Response| match check_request(request, &self.config) {
                Ok(()) => Ok(response),
                Err(why) => {
                    let mut refusal = ErrorResponse::new(Some(format!("{why:?} not allowed\n")));
                    *refusal.status_mut() = StatusCode::FORBIDDEN;
                    unwelcome = Some(why);
                    Err(refusal)
                }
            };
        let limits = WebSocketConfig::default()
            .max_message_size(Some(MAX_MESSAGE_BYTES))
            .max_frame_size(Some(MAX_MESSAGE_BYTES));
        let accepted = timeout(
            FIRST_MESSAGE,
            tokio_tungstenite::accept_hdr_async_with_config(stream, check, Some(limits)),
        )
        .await;
        let mut ws = match accepted {
            Ok(Ok(ws)) => ws,
            _ => {
                if let Some(why) = unwelcome {
                    warn!("refused a connection: {why:?} not allowed");
                }
                return;
            }
        };
        let events = self.events.subscribe();
        if self.welcome(&mut ws).await {
            self.forward(ws, events).await;
        }
    }

    /// Reads the first message: true when the browser may have events.
    async fn welcome(&self, ws: &mut WebSocketStream<TcpStream>) -> bool {
        let first = match timeout(FIRST_MESSAGE, ws.next()).await {
            Ok(Some(Ok(Message::Text(text)))) => serde_json::from_str::<FromBrowser>(&text).ok(),
            _ => None,
        };
        if self.too_many_failures() {
            warn!("refused a browser: too many failed attempts in the last minute");
            return refuse(ws, Refusal::Busy).await;
        }
        let answer = match first {
            Some(FromBrowser::Hello { token }) => {
                let known = self
                    .pairing
                    .lock()
                    .map(|p| p.knows(&token))
                    .unwrap_or(false);
                if !known {
                    warn!("refused a browser: its token is not a paired browser's");
                    self.failed();
                    return refuse(ws, Refusal::Token).await;
                }
                info!("a paired browser connected");
                ToBrowser::Ready {
                    readers: self.readers_now(),
                }
            }
            Some(FromBrowser::Pair { code }) => {
                let redeemed = self
                    .pairing
                    .lock()
                    .map_err(|_| PairError::Io("lock".into()))
                    .and_then(|p| p.redeem(&code));
                match redeemed {
                    Ok(token) => {
                        info!("a browser was paired");
                        ToBrowser::Paired {
                            token,
                            readers: self.readers_now(),
                        }
                    }
                    Err(e) => {
                        warn!("pairing refused: {e:?}");
                        self.failed();
                        return refuse(ws, Refusal::Code).await;
                    }
                }
            }
            None => {
                self.failed();
                return refuse(ws, Refusal::Protocol).await;
            }
        };
        ws.send(Message::text(json(&answer))).await.is_ok()
    }

    /// Events until either side goes away. The browser has nothing more to say.
    async fn forward(
        &self,
        mut ws: WebSocketStream<TcpStream>,
        mut events: broadcast::Receiver<Event>,
    ) {
        loop {
            tokio::select! {
                event = events.recv() => match event {
                    Ok(event) => {
                        let text = json(&ToBrowser::from(event));
                        if ws.send(Message::text(text)).await.is_err() {
                            return;
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                message = ws.next() => match message {
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                    Some(Ok(_)) => {
                        let _ = ws.close(Some(close_frame(CloseCode::Policy, "nothing to say"))).await;
                        return;
                    }
                },
            }
        }
    }
}

fn close_frame(code: CloseCode, reason: &'static str) -> CloseFrame {
    CloseFrame {
        code,
        reason: reason.into(),
    }
}

/// Says why and closes; always false (no events for this browser).
async fn refuse(ws: &mut WebSocketStream<TcpStream>, reason: Refusal) -> bool {
    let _ = ws
        .send(Message::text(json(&ToBrowser::Refused { reason })))
        .await;
    let _ = ws
        .close(Some(close_frame(CloseCode::Policy, "refused")))
        .await;
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn request(host: &str, origin: Option<&str>) -> Request {
        let mut builder = Request::builder().uri("/").header("host", host);
        if let Some(origin) = origin {
            builder = builder.header("origin", origin);
        }
        builder.body(()).unwrap()
    }

    #[test]
    fn only_our_host_and_the_allowed_origins() {
        let config = Config::parse(
            "allowed_origins = [\"https://shop.example.com\"]\nport = 35910",
            PathBuf::from("."),
        )
        .unwrap();
        let shop = Some("https://shop.example.com");
        assert_eq!(
            check_request(&request("127.0.0.1:35910", shop), &config),
            Ok(())
        );
        assert_eq!(
            check_request(&request("localhost:35910", shop), &config),
            Ok(())
        );
        assert_eq!(
            check_request(&request("evil.example:35910", shop), &config),
            Err(Unwelcome::Host)
        );
        assert_eq!(
            check_request(&request("127.0.0.1:80", shop), &config),
            Err(Unwelcome::Host)
        );
        assert_eq!(
            check_request(&request("127.0.0.1:35910", None), &config),
            Err(Unwelcome::Origin)
        );
        for origin in [
            "https://evil.example",
            "https://shop.example.com.evil.example",
            "http://shop.example.com",
            "null",
        ] {
            assert_eq!(
                check_request(&request("127.0.0.1:35910", Some(origin)), &config),
                Err(Unwelcome::Origin),
                "{origin}"
            );
        }
    }
}
