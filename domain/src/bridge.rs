//! The PC/SC bridge's messages (K3), JSON text frames tagged by `type`: the
//! bridge daemon (`bridge` crate) and the till's page (`app::bridge_link`)
//! both read and write these.
//!
//! The browser's first message is one of
//! `{"type":"hello","token":"…"}` (a paired browser) or
//! `{"type":"pair","code":"482913"}` (pairing), within five seconds. The bridge
//! answers `ready` or `paired` (with the new token), or `refused` and closes.
//! Then it only sends: `readers` when readers come or go, `card` when a card is
//! presented, `removed` when it is taken away, `card_error` when a card or
//! reader answers the UID command with an error. It takes nothing more from
//! the browser.

use serde::{Deserialize, Serialize};

/// The port the bridge listens on unless its config says otherwise.
pub const DEFAULT_PORT: u16 = 35910;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromBrowser {
    Hello { token: String },
    Pair { code: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToBrowser {
    Ready { readers: Vec<String> },
    Paired { token: String, readers: Vec<String> },
    Refused { reason: Refusal },
    Readers { readers: Vec<String> },
    Card { reader: String, uid: String },
    Removed { reader: String },
    CardError { reader: String, error: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The token is not one of a paired browser's: pair again.
    Token,
    /// The pairing code is wrong, used or expired.
    Code,
    /// Too many failed attempts lately: wait a minute.
    Busy,
    /// The first message was not a hello or a pairing.
    Protocol,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_documented() {
        let hello: FromBrowser = serde_json::from_str(r#"{"type":"hello","token":"ab"}"#).unwrap();
        assert_eq!(hello, FromBrowser::Hello { token: "ab".into() });
        assert!(
            serde_json::from_str::<FromBrowser>(r#"{"type":"apdu","data":"FFCA000000"}"#).is_err()
        );
        let card = ToBrowser::Card {
            reader: "ACS ACR122U 00 00".into(),
            uid: "04A1B2C3".into(),
        };
        assert_eq!(
            serde_json::to_string(&card).unwrap(),
            r#"{"type":"card","reader":"ACS ACR122U 00 00","uid":"04A1B2C3"}"#
        );
        assert_eq!(
            serde_json::to_string(&ToBrowser::Refused {
                reason: Refusal::Token
            })
            .unwrap(),
            r#"{"type":"refused","reason":"token"}"#
        );
    }
}
