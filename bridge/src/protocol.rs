//! What goes over the WebSocket: the messages are `domain::bridge`'s (the
//! till's page reads the same types); [`Event`] is what the PC/SC side reports.

pub use domain::bridge::{FromBrowser, Refusal, ToBrowser};

/// What the PC/SC side reports; the server passes it on as a [`ToBrowser`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Readers(Vec<String>),
    Card { reader: String, uid: String },
    Removed { reader: String },
    CardError { reader: String, error: String },
}

impl From<Event> for ToBrowser {
    fn from(event: Event) -> ToBrowser {
        match event {
            Event::Readers(readers) => ToBrowser::Readers { readers },
            Event::Card { reader, uid } => ToBrowser::Card { reader, uid },
            Event::Removed { reader } => ToBrowser::Removed { reader },
            Event::CardError { reader, error } => ToBrowser::CardError { reader, error },
        }
    }
}

/// The JSON text of a message.
pub fn json(message: &ToBrowser) -> String {
    serde_json::to_string(message).unwrap_or_default()
}
