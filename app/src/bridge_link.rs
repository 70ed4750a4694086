//! The till's end of the PC/SC bridge (K3): a WebSocket to the bridge daemon
//! on this PC's loopback address. A paired browser sends its token first and
//! then hears of every card presented on a reader; the link comes back by
//! itself when the daemon restarts. Browser only (the server never compiles
//! it: the same cfg as the WebSerial and WebHID readers).

use crate::readers::BridgeNews;
use domain::bridge::{FromBrowser, Refusal, ToBrowser};
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue, closure::Closure};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::time::Duration;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// The longest wait between two tries to reach the bridge.
const MAX_RETRY: Duration = Duration::from_secs(5);

fn address(port: u16) -> String {
    format!("ws://127.0.0.1:{port}/")
}

fn text(message: &FromBrowser) -> String {
    serde_json::to_string(message).unwrap_or_default()
}

fn read(ev: &MessageEvent) -> Option<ToBrowser> {
    serde_json::from_str(&ev.data().as_string()?).ok()
}

type Handlers = (
    Closure<dyn FnMut()>,
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(CloseEvent)>,
);

fn attach(socket: &WebSocket, (open, message, close): &Handlers) {
    socket.set_onopen(Some(open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(close.as_ref().unchecked_ref()));
}

fn detach(socket: &WebSocket) {
    socket.set_onopen(None);
    socket.set_onmessage(None);
    socket.set_onclose(None);
}

struct State {
    port: u16,
    token: String,
    on_card: Rc<dyn Fn(String)>,
    on_news: Rc<dyn Fn(BridgeNews)>,
    socket: Option<WebSocket>,
    handlers: Option<Handlers>,
    tries: u32,
    stopped: bool,
}

/// A link to the bridge for as long as the page listens.
pub struct Link(Rc<RefCell<State>>);

impl Link {
    pub fn connect(
        port: u16,
        token: String,
        on_card: impl Fn(String) + 'static,
        on_news: impl Fn(BridgeNews) + 'static,
    ) -> Link {
        let state = Rc::new(RefCell::new(State {
            port,
            token,
            on_card: Rc::new(on_card),
            on_news: Rc::new(on_news),
            socket: None,
            handlers: None,
            tries: 0,
            stopped: false,
        }));
        open(&state);
        Link(state)
    }

    /// Closes the link for good (the page goes away).
    pub fn stop(&self) {
        let mut st = self.0.borrow_mut();
        st.stopped = true;
        if let Some(socket) = st.socket.take() {
            detach(&socket);
            let _ = socket.close();
        }
        st.handlers = None;
    }
}

/// Tries again later, waiting longer each time up to [`MAX_RETRY`].
fn retry(state: Weak<RefCell<State>>, after: Duration) {
    set_timeout(
        move || {
            if let Some(state) = state.upgrade() {
                open(&state);
            }
        },
        after,
    );
}

fn open(state: &Rc<RefCell<State>>) {
    let mut st = state.borrow_mut();
    if st.stopped {
        return;
    }
    // The previous socket has closed; its handlers are not running now.
    if let Some(old) = st.socket.take() {
        detach(&old);
    }
    st.handlers = None;
    // Said once: while the bridge is away, a page keeps saying it is down.
    if st.tries == 0 {
        (st.on_news)(BridgeNews::Connecting);
    }
    let socket = match WebSocket::new(&address(st.port)) {
        Ok(socket) => socket,
        Err(_) => {
            st.tries += 1;
            retry(Rc::downgrade(state), MAX_RETRY);
            return;
        }
    };
    let hello = text(&FromBrowser::Hello {
        token: st.token.clone(),
    });
    let on_open = {
        let socket = socket.clone();
        Closure::<dyn FnMut()>::new(move || {
            let _ = socket.send_with_str(&hello);
        })
    };
    let weak = Rc::downgrade(state);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let (Some(state), Some(message)) = (weak.upgrade(), read(&ev)) else {
            return;
        };
        let (on_card, on_news) = {
            let st = state.borrow();
            (st.on_card.clone(), st.on_news.clone())
        };
        match message {
            ToBrowser::Ready { readers } | ToBrowser::Readers { readers } => {
                state.borrow_mut().tries = 0;
                on_news(BridgeNews::Ready(readers));
            }
            // As a swipe: after this handler returns (the page may go away).
            ToBrowser::Card { uid, .. } => leptos::task::spawn_local(async move { on_card(uid) }),
            ToBrowser::CardError { reader, error } => {
                on_news(BridgeNews::CardError { reader, error })
            }
            ToBrowser::Refused { reason } => {
                // A refused token stays refused: only pairing again helps.
                if reason != Refusal::Busy {
                    state.borrow_mut().stopped = true;
                }
                on_news(BridgeNews::Refused(reason));
            }
            ToBrowser::Removed { .. } | ToBrowser::Paired { .. } => {}
        }
    });
    let weak = Rc::downgrade(state);
    let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |_: CloseEvent| {
        let Some(state) = weak.upgrade() else {
            return;
        };
        let (stopped, tries, on_news) = {
            let mut st = state.borrow_mut();
            st.tries += 1;
            (st.stopped, st.tries, st.on_news.clone())
        };
        if !stopped {
            on_news(BridgeNews::Down);
            let wait = Duration::from_secs(1 << tries.min(3)).min(MAX_RETRY);
            retry(Rc::downgrade(&state), wait);
        }
    });
    let handlers = (on_open, on_message, on_close);
    attach(&socket, &handlers);
    st.socket = Some(socket);
    st.handlers = Some(handlers);
}

/// Exchanges a pairing code for the bridge's token (the "Pair" button).
pub async fn pair(port: u16, code: String) -> Result<String, BridgeNews> {
    let socket = WebSocket::new(&address(port)).map_err(|_| BridgeNews::Down)?;
    let answer: Rc<RefCell<Option<ToBrowser>>> = Rc::default();
    let mut handlers: Option<Handlers> = None;
    let done = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject| {
        let on_open = {
            let (socket, hello) = (
                socket.clone(),
                text(&FromBrowser::Pair { code: code.clone() }),
            );
            Closure::<dyn FnMut()>::new(move || {
                let _ = socket.send_with_str(&hello);
            })
        };
        let on_message = {
            let (answer, resolve) = (answer.clone(), resolve.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
                *answer.borrow_mut() = read(&ev);
                let _ = resolve.call0(&JsValue::NULL);
            })
        };
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |_: CloseEvent| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let made = (on_open, on_message, on_close);
        attach(&socket, &made);
        handlers = Some(made);
    });
    let _ = JsFuture::from(done).await;
    detach(&socket);
    let _ = socket.close();
    drop(handlers);
    match answer.take() {
        Some(ToBrowser::Paired { token, .. }) => Ok(token),
        Some(ToBrowser::Refused { reason }) => Err(BridgeNews::Refused(reason)),
        _ => Err(BridgeNews::Down),
    }
}
