//! The PC/SC side: one thread that watches every reader the config allows —
//! readers plugged in or out while it runs, the PC/SC service stopping and
//! coming back — and reads the UID of every card presented
//! (`FF CA 00 00 00`, PC/SC part 3's Get Data). A card or reader that answers
//! with an error is reported as such; nothing here panics on what a reader says.

use crate::protocol::Event;
use pcsc::{
    Context, Disposition, Error, PNP_NOTIFICATION, Protocols, ReaderState, Scope, ShareMode, State,
};
use std::collections::HashMap;
use std::ffi::CString;
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tracing::{info, warn};

/// PC/SC part 3 "Get Data": the card's UID.
pub const GET_UID: [u8; 5] = [0xFF, 0xCA, 0x00, 0x00, 0x00];
/// A UID is 4, 7 or 10 bytes; anything longer is not one.
const MAX_UID_BYTES: usize = 16;

/// The UID in upper-case hex from a Get Data answer, or the status words
/// ("6A81") or what was wrong with the answer.
pub fn uid_from_answer(answer: &[u8]) -> Result<String, String> {
    if answer.len() < 2 {
        return Err(format!("short answer ({} bytes)", answer.len()));
    }
    let (data, status) = answer.split_at(answer.len() - 2);
    let status = format!("{:02X}{:02X}", status[0], status[1]);
    if status != "9000" {
        return Err(status);
    }
    if data.is_empty() || data.len() > MAX_UID_BYTES {
        return Err(format!("no UID in the answer ({} bytes)", data.len()));
    }
    Ok(data.iter().map(|b| format!("{b:02X}")).collect())
}

fn read_uid(ctx: &Context, reader: &CString) -> Result<String, String> {
    let card = ctx
        .connect(reader, ShareMode::Shared, Protocols::ANY)
        .map_err(|e| format!("connect: {e}"))?;
    let mut buffer = [0; pcsc::MAX_BUFFER_SIZE];
    let answer = card
        .transmit(&GET_UID, &mut buffer)
        .map(<[u8]>::to_vec)
        .map_err(|e| format!("transmit: {e}"));
    let _ = card.disconnect(Disposition::LeaveCard);
    uid_from_answer(&answer?)
}

/// Publishes events and the list of readers being watched.
pub struct Outlet {
    pub events: broadcast::Sender<Event>,
    pub readers: watch::Sender<Vec<String>>,
}

impl Outlet {
    fn send(&self, event: Event) {
        // No browser connected is fine: the event has nobody to go to.
        let _ = self.events.send(event);
    }

    fn set_readers(&self, names: Vec<String>) {
        if *self.readers.borrow() != names {
            info!(readers = ?names, "readers");
            self.readers.send_replace(names.clone());
            self.send(Event::Readers(names));
        }
    }
}

/// Starts the watcher thread; it runs as long as the process.
pub fn spawn(
    watches: impl Fn(&str) -> bool + Send + 'static,
    outlet: Outlet,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("pcsc".into())
        .spawn(move || {
            let mut said_down = false;
            let mut seen = HashMap::new();
            loop {
                match Context::establish(Scope::User) {
                    Ok(ctx) => {
                        info!("connected to the PC/SC service");
                        said_down = false;
                        if let Err(e) = watch_readers(&ctx, &watches, &outlet, &mut seen) {
                            warn!("PC/SC: {e}; connecting again");
                        }
                    }
                    Err(e) if !said_down => {
                        warn!("no PC/SC service ({e}); trying again every second");
                        said_down = true;
                    }
                    Err(_) => {}
                }
                // The service went away with its readers and their cards.
                for (reader, _) in seen.drain().filter(|(_, s): &(String, Seen)| s.card) {
                    outlet.send(Event::Removed { reader });
                }
                outlet.set_readers(Vec::new());
                std::thread::sleep(Duration::from_secs(1));
            }
        })
        .map(|_| ())
}

fn name_of(state: &ReaderState) -> String {
    state.name().to_string_lossy().into_owned()
}

/// One reader as last seen: a card on it, and the reader's event count.
#[derive(Clone, Copy, Default)]
struct Seen {
    card: bool,
    count: u32,
}

fn watch_readers(
    ctx: &Context,
    watches: &impl Fn(&str) -> bool,
    outlet: &Outlet,
    seen: &mut HashMap<String, Seen>,
) -> Result<(), Error> {
    let mut states = vec![ReaderState::new(PNP_NOTIFICATION(), State::UNAWARE)];
    let mut buffer = vec![0; 16 * 1024];
    loop {
        let names: Vec<CString> = match ctx.list_readers(&mut buffer) {
            Ok(names) => names
                .filter(|n| watches(&n.to_string_lossy()))
                .map(CString::from)
                .collect(),
            Err(Error::NoReadersAvailable) => Vec::new(),
            Err(e) => return Err(e),
        };
        // Readers unplugged: their card is gone with them.
        states.retain(|s| {
            let keep = s.name() == PNP_NOTIFICATION()
                || (names.iter().any(|n| n.as_c_str() == s.name())
                    && !s.event_state().intersects(State::UNKNOWN | State::IGNORE));
            if !keep {
                let name = name_of(s);
                if seen.remove(&name).is_some_and(|r| r.card) {
                    outlet.send(Event::Removed { reader: name });
                }
            }
            keep
        });
        for name in names {
            if !states.iter().any(|s| s.name() == name.as_c_str()) {
                states.push(ReaderState::new(name, State::UNAWARE));
            }
        }
        outlet.set_readers(
            states
                .iter()
                .filter(|s| s.name() != PNP_NOTIFICATION())
                .map(name_of)
                .collect(),
        );
        for s in &mut states {
            s.sync_current_state();
        }
        match ctx.get_status_change(Duration::from_secs(1), &mut states) {
            Ok(()) | Err(Error::Timeout) => {}
            Err(e) => return Err(e),
        }
        for s in states.iter().filter(|s| s.name() != PNP_NOTIFICATION()) {
            let state = s.event_state();
            if state.intersects(State::UNKNOWN | State::IGNORE) {
                continue;
            }
            let name = name_of(s);
            let before = seen.get(&name).copied().unwrap_or_default();
            let card = state.contains(State::PRESENT);
            // Taken away and put back between two looks: the count moved.
            let again = card && before.card && s.event_count() != before.count;
            if before.card && (!card || again) {
                info!(reader = %name, "card removed");
                outlet.send(Event::Removed {
                    reader: name.clone(),
                });
            }
            if card && (!before.card || again) {
                match read_uid(ctx, &CString::from(s.name())) {
                    Ok(uid) => {
                        info!(reader = %name, uid = %uid, "card presented");
                        outlet.send(Event::Card {
                            reader: name.clone(),
                            uid,
                        });
                    }
                    Err(error) => {
                        warn!(reader = %name, error = %error, "the card's UID could not be read");
                        outlet.send(Event::CardError {
                            reader: name.clone(),
                            error,
                        });
                    }
                }
            }
            seen.insert(
                name,
                Seen {
                    card,
                    count: s.event_count(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::uid_from_answer;

    #[test]
    fn a_uid_or_the_status_words() {
        assert_eq!(
            uid_from_answer(&[0x04, 0xa1, 0xb2, 0xc3, 0x90, 0x00]),
            Ok("04A1B2C3".into())
        );
        assert_eq!(uid_from_answer(&[0x6a, 0x81]), Err("6A81".into()));
        assert_eq!(uid_from_answer(&[0x63, 0x00]), Err("6300".into()));
        assert!(uid_from_answer(&[0x90]).is_err());
        assert!(uid_from_answer(&[0x90, 0x00]).is_err(), "no UID");
        assert!(uid_from_answer(&[0; 40]).is_err());
    }
}
