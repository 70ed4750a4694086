//! The PC/SC bridge (K3): a small daemon on the till PC that watches the
//! desktop contactless readers through PC/SC and tells the till's browser page,
//! over a WebSocket on 127.0.0.1 only, which card was presented on which reader.
//! It sends card UIDs and reader names, nothing else: no APDU from a client ever
//! reaches a card.
//!
//! - [`config`]: the one small config file (port, allowed origins, readers).
//! - [`pairing`]: one-time pairing codes and the tokens that browsers keep.
//! - [`readers`]: the PC/SC watcher thread (readers plugged in or out, cards).
//! - [`server`]: the WebSocket server (Origin and Host checks, rate limits).
//! - [`protocol`]: the JSON messages both ways.

pub mod config;
pub mod pairing;
pub mod protocol;
pub mod readers;
pub mod server;
