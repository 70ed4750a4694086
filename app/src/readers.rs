//! Card readers in the browser (K1, K2, K3): a keyboard-wedge reader is told
//! from a person typing by key timing; a paired WebSerial or WebHID reader, or
//! a PC/SC reader through the paired bridge daemon, delivers numbers by
//! itself. Pages that take a card call [`CardInput::listen`]; the "Card
//! readers" settings page pairs devices and keeps the settings in this browser
//! (a reader belongs to the till PC, not to the shop).

use domain::reader::{HidParsing, WedgeTiming};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const STORAGE_KEY: &str = "card-readers";

/// This browser's reader settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderSettings {
    pub wedge: WedgeTiming,
    pub serial_enabled: bool,
    pub serial_baud: u32,
    pub hid_enabled: bool,
    pub hid: HidParsing,
    /// The PC/SC bridge's port on this PC, and the token it gave at pairing.
    #[serde(default = "bridge_port")]
    pub bridge_port: u16,
    #[serde(default)]
    pub bridge_token: Option<String>,
}

fn bridge_port() -> u16 {
    domain::bridge::DEFAULT_PORT
}

/// What the PC/SC bridge link reports to a page that wants to show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BridgeNews {
    Connecting,
    /// Connected; these readers are being watched.
    Ready(Vec<String>),
    /// The bridge cannot be reached (tried again by itself).
    Down,
    Refused(domain::bridge::Refusal),
    /// A card was presented but its UID could not be read.
    CardError {
        reader: String,
        error: String,
    },
}

impl Default for ReaderSettings {
    fn default() -> Self {
        ReaderSettings {
            wedge: WedgeTiming::default(),
            serial_enabled: false,
            serial_baud: 9_600,
            hid_enabled: false,
            hid: HidParsing::default(),
            bridge_port: bridge_port(),
            bridge_token: None,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

impl ReaderSettings {
    /// The saved settings (defaults on the server and before any are saved).
    pub fn load() -> ReaderSettings {
        if cfg!(feature = "ssr") {
            return ReaderSettings::default();
        }
        storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    pub fn save(&self) {
        if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(self)) {
            let _ = s.set_item(STORAGE_KEY, &json);
        }
    }
}

/// Whether this browser has `navigator.<api>` ("serial", "hid").
pub fn has_api(api: &str) -> bool {
    js_sys::Reflect::has(&window().navigator(), &api.into()).unwrap_or(false)
}

pub struct CardInput;

impl CardInput {
    /// Calls `on_card` with every card number read on this page: a wedge swipe
    /// (wherever the focus is, except in the text box `skip`, which takes a
    /// barcode scanner's input, and in password and PIN fields, which a PIN pad
    /// types into as fast as a reader), and the paired serial, HID and PC/SC
    /// (bridge) readers.
    pub fn listen(skip: Option<&'static str>, on_card: impl Fn(String) + Clone + 'static) {
        Self::listen_with(skip, on_card, |_| {});
    }

    /// As [`CardInput::listen`], and tells `on_news` how the bridge link is.
    pub fn listen_with(
        skip: Option<&'static str>,
        on_card: impl Fn(String) + Clone + 'static,
        on_news: impl Fn(BridgeNews) + 'static,
    ) {
        #[cfg(web_sys_unstable_apis)]
        browser::listen(skip, on_card, on_news);
        #[cfg(not(web_sys_unstable_apis))]
        let _ = (skip, on_card, on_news);
    }
}

/// Only in the browser build, which has the unstable WebSerial and WebHID APIs.
#[cfg(web_sys_unstable_apis)]
pub mod browser {
    use super::ReaderSettings;
    use domain::reader::{SerialLines, Wedge, read_hid_report};
    use leptos::prelude::*;
    use leptos::wasm_bindgen::{JsCast, JsValue, closure::Closure};
    use send_wrapper::SendWrapper;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen_futures::{JsFuture, spawn_local};

    pub(super) fn listen(
        skip: Option<&'static str>,
        on_card: impl Fn(String) + Clone + 'static,
        on_news: impl Fn(super::BridgeNews) + 'static,
    ) {
        let settings = ReaderSettings::load();
        let bridge = settings.bridge_token.clone().map(|token| {
            crate::bridge_link::Link::connect(settings.bridge_port, token, on_card.clone(), on_news)
        });
        let wedge = watch_keys(settings.wedge, skip, on_card.clone());
        let serial: Rc<RefCell<Option<web_sys::ReadableStreamDefaultReader>>> = Rc::default();
        if settings.serial_enabled {
            let (serial, on_card) = (serial.clone(), on_card.clone());
            spawn_local(async move {
                if let Err(e) = read_serial(settings.serial_baud, serial, on_card).await {
                    leptos::logging::warn!("serial reader: {e:?}");
                }
            });
        }
        let hid: Rc<RefCell<Option<web_sys::HidDevice>>> = Rc::default();
        if settings.hid_enabled {
            let hid = hid.clone();
            spawn_local(async move {
                match open_hid(settings.hid, on_card).await {
                    Ok(device) => *hid.borrow_mut() = Some(device),
                    Err(e) => leptos::logging::warn!("HID reader: {e:?}"),
                }
            });
        }
        let held = SendWrapper::new((wedge, serial, hid, bridge));
        on_cleanup(move || {
            let (wedge, serial, hid, bridge) = held.take();
            if let Some(link) = bridge {
                link.stop();
            }
            let _ = window().remove_event_listener_with_callback_and_bool(
                "keydown",
                wedge.as_ref().unchecked_ref(),
                true,
            );
            if let Some(reader) = serial.borrow_mut().take() {
                let _ = reader.cancel();
            }
            if let Some(device) = hid.borrow_mut().take() {
                device.set_oninputreport(None);
            }
        });
    }

    /// Watches every key on the page before any text box sees it.
    fn watch_keys(
        timing: domain::reader::WedgeTiming,
        skip: Option<&'static str>,
        on_card: impl Fn(String) + 'static,
    ) -> Closure<dyn FnMut(web_sys::KeyboardEvent)> {
        let mut wedge = Wedge::new(timing);
        let listener =
            Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
                // An input method composing Chinese is a person typing.
                if ev.is_composing() || ev.key() == "Process" {
                    return;
                }
                let input = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                if let (Some(skip), Some(input)) = (skip, &input)
                    && input.id() == skip
                {
                    return;
                }
                // A PIN pad or a fast typist in a PIN or password field types
                // as fast as a reader: those fields are never a swipe.
                if input
                    .as_ref()
                    .is_some_and(|i| i.type_() == "password" || i.has_attribute("data-no-wedge"))
                {
                    return;
                }
                let pending = wedge.pending().to_owned();
                if let Some(number) = wedge.key(&ev.key(), ev.time_stamp()) {
                    ev.prevent_default();
                    ev.stop_propagation();
                    // The reader's keys went into the focused box: take them back out.
                    if let Some(input) = input {
                        let value = input.value();
                        if value.to_ascii_uppercase().ends_with(&pending) {
                            input.set_value(&value[..value.len() - pending.len()]);
                        }
                    }
                    on_card(number);
                }
            });
        let _ = window().add_event_listener_with_callback_and_bool(
            "keydown",
            listener.as_ref().unchecked_ref(),
            true,
        );
        listener
    }

    fn navigator_api<T: JsCast>(name: &str) -> Result<T, JsValue> {
        let api = js_sys::Reflect::get(&window().navigator(), &name.into())?;
        if api.is_undefined() {
            return Err(JsValue::from_str("not in this browser"));
        }
        Ok(api.unchecked_into())
    }

    /// Reads lines from the paired serial port (the first one this site may use)
    /// until the page goes away.
    pub async fn read_serial(
        baud: u32,
        holder: Rc<RefCell<Option<web_sys::ReadableStreamDefaultReader>>>,
        on_card: impl Fn(String),
    ) -> Result<(), JsValue> {
        let serial: web_sys::Serial = navigator_api("serial")?;
        let ports: js_sys::Array = JsFuture::from(serial.get_ports()).await?.unchecked_into();
        if ports.length() == 0 {
            return Ok(());
        }
        let port: web_sys::SerialPort = ports.get(0).unchecked_into();
        JsFuture::from(port.open(&web_sys::SerialOptions::new(baud))).await?;
        let reader: web_sys::ReadableStreamDefaultReader =
            port.readable().get_reader().unchecked_into();
        *holder.borrow_mut() = Some(reader.clone());
        let mut lines = SerialLines::default();
        loop {
            let chunk = JsFuture::from(reader.read()).await?;
            let done = js_sys::Reflect::get(&chunk, &"done".into())?
                .as_bool()
                .unwrap_or(true);
            if done {
                break;
            }
            let value = js_sys::Reflect::get(&chunk, &"value".into())?;
            let bytes = js_sys::Uint8Array::new(&value).to_vec();
            for line in lines.push(&bytes) {
                on_card(line);
            }
        }
        reader.release_lock();
        let _ = JsFuture::from(port.close()).await;
        Ok(())
    }

    /// Opens the paired HID reader and reads a card out of every input report.
    pub async fn open_hid(
        parsing: domain::reader::HidParsing,
        on_card: impl Fn(String) + 'static,
    ) -> Result<web_sys::HidDevice, JsValue> {
        let hid: web_sys::Hid = navigator_api("hid")?;
        let devices: js_sys::Array = JsFuture::from(hid.get_devices()).await?.unchecked_into();
        if devices.length() == 0 {
            return Err(JsValue::from_str("no paired device"));
        }
        let device: web_sys::HidDevice = devices.get(0).unchecked_into();
        if !device.opened() {
            JsFuture::from(device.open()).await?;
        }
        let on_report = Closure::<dyn FnMut(web_sys::HidInputReportEvent)>::new(
            move |ev: web_sys::HidInputReportEvent| {
                let data = ev.data();
                let bytes = js_sys::Uint8Array::new_with_byte_offset_and_length(
                    &data.buffer(),
                    data.byte_offset() as u32,
                    data.byte_length() as u32,
                )
                .to_vec();
                if let Some(card) = read_hid_report(&parsing, ev.report_id(), &bytes) {
                    on_card(card);
                }
            },
        );
        device.set_oninputreport(Some(on_report.as_ref().unchecked_ref()));
        // The device keeps the handler for as long as the page listens.
        on_report.forget();
        Ok(device)
    }

    /// Asks the person to choose a serial port (a click must come first).
    pub async fn pair_serial() -> Result<(), JsValue> {
        let serial: web_sys::Serial = navigator_api("serial")?;
        JsFuture::from(serial.request_port()).await?;
        Ok(())
    }

    /// Asks the person to choose a HID device (any vendor-defined reader).
    pub async fn pair_hid() -> Result<(), JsValue> {
        let hid: web_sys::Hid = navigator_api("hid")?;
        let options = web_sys::HidDeviceRequestOptions::new(&[]);
        let chosen: js_sys::Array = JsFuture::from(hid.request_device(&options))
            .await?
            .unchecked_into();
        if chosen.length() == 0 {
            return Err(JsValue::from_str("no device chosen"));
        }
        Ok(())
    }
}
