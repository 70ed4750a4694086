//! "Card readers" (K1, K2, K3): the wedge timing, pairing a WebSerial or
//! WebHID reader or the PC/SC bridge, and a live test that shows every number
//! read. Settings live in this browser: a reader is plugged into this till PC.

use super::layout::Signed;
use crate::i18n::*;
use crate::readers::{BridgeNews, CardInput, ReaderSettings, has_api};
use domain::access::Section;
use domain::bridge::Refusal;
use domain::reader::{HidFormat, HidParsing, WedgeTiming};
use leptos::prelude::*;

fn number(raw: &str) -> u32 {
    raw.trim().parse().unwrap_or(0)
}

#[component]
pub fn ReadersPage() -> impl IntoView {
    let i18n = use_i18n();
    let settings = RwSignal::new(ReaderSettings::default());
    let apis = RwSignal::new((true, true));
    let last_read = RwSignal::new(Vec::<String>::new());
    let note = RwSignal::new(String::new());
    Effect::new(move |_| {
        settings.set(ReaderSettings::load());
        apis.set((has_api("serial"), has_api("hid")));
    });
    let bridge_news = RwSignal::new(None::<BridgeNews>);
    // The live test: whatever any reader delivers on this page.
    CardInput::listen_with(
        None,
        move |card| {
            last_read.update(|l| {
                l.insert(0, card);
                l.truncate(5);
            })
        },
        move |news| match news {
            BridgeNews::CardError { .. } => note.set(trouble(i18n, &news).unwrap_or_default()),
            news => bridge_news.set(Some(news)),
        },
    );
    let save = move |s: ReaderSettings| {
        s.save();
        settings.set(s);
        note.set(t_string!(i18n, readers_saved).to_string());
    };
    let on_wedge = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = super::forms::Submitted::of(&ev) else {
            return;
        };
        let mut s = settings.get_untracked();
        s.wedge = WedgeTiming::clamped(number(&f.text("max_gap_ms")), number(&f.text("min_chars")));
        save(s);
    };
    let on_hid = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = super::forms::Submitted::of(&ev) else {
            return;
        };
        let mut s = settings.get_untracked();
        s.hid = HidParsing {
            report_id: number(&f.text("report_id")).min(255) as u8,
            offset: number(&f.text("offset")).min(64) as usize,
            length: number(&f.text("length")).min(64) as usize,
            format: HidFormat::from_code(&f.text("format")),
        };
        save(s);
    };
    let pair = move |api: &'static str| {
        #[cfg(web_sys_unstable_apis)]
        leptos::task::spawn_local(async move {
            use crate::readers::browser::{pair_hid, pair_serial};
            let paired = if api == "serial" {
                pair_serial().await
            } else {
                pair_hid().await
            };
            match paired {
                Ok(()) => {
                    let mut s = settings.get_untracked();
                    if api == "serial" {
                        s.serial_enabled = true;
                    } else {
                        s.hid_enabled = true;
                    }
                    s.save();
                    // Reading starts with the page: open it again.
                    let _ = window().location().reload();
                }
                Err(e) => note.set(format!("{e:?}")),
            }
        });
        #[cfg(not(web_sys_unstable_apis))]
        let _ = api;
    };
    let on_pair_bridge = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = super::forms::Submitted::of(&ev) else {
            return;
        };
        let Some(port) = u16::try_from(number(&f.text("port")))
            .ok()
            .filter(|p| *p > 0)
        else {
            bridge_news.set(None);
            note.set(t_string!(i18n, readers_bridge_bad_port).to_string());
            return;
        };
        let code = f.text("code");
        #[cfg(web_sys_unstable_apis)]
        leptos::task::spawn_local(async move {
            bridge_news.set(Some(BridgeNews::Connecting));
            match crate::bridge_link::pair(port, code).await {
                Ok(token) => {
                    let mut s = settings.get_untracked();
                    s.bridge_port = port;
                    s.bridge_token = Some(token);
                    s.save();
                    // The link starts with the page: open it again.
                    let _ = window().location().reload();
                }
                Err(news) => bridge_news.set(Some(news)),
            }
        });
        #[cfg(not(web_sys_unstable_apis))]
        let _ = (port, code);
    };
    let forget_bridge = move |_| {
        let mut s = settings.get_untracked();
        s.bridge_token = None;
        s.save();
        let _ = window().location().reload();
    };
    let bridge_status = move || {
        let news = bridge_news.get();
        if let Some(text) = news.as_ref().and_then(|n| trouble(i18n, n)) {
            return text;
        }
        match news {
            Some(BridgeNews::Ready(readers)) if readers.is_empty() => {
                t_string!(i18n, readers_bridge_no_readers).to_string()
            }
            Some(BridgeNews::Ready(readers)) => {
                t_string!(i18n, readers_bridge_ready, readers = readers.join(" · ")).to_string()
            }
            _ if settings.get().bridge_token.is_some() => {
                t_string!(i18n, readers_bridge_connecting).to_string()
            }
            _ => t_string!(i18n, readers_not_paired).to_string(),
        }
    };
    let bridge_section = move || {
        let port = settings.get().bridge_port;
        let paired = settings.get().bridge_token.is_some();
        view! {
            <section class="card" id="reader-bridge">
                <h2>{t!(i18n, readers_bridge)}</h2>
                <p class="muted small">{t!(i18n, readers_bridge_hint)}</p>
                <p class="status" id="bridge-status" role="status">{bridge_status}</p>
                <form class="form inline" id="bridge-form" novalidate on:submit=on_pair_bridge>
                    <label>{t!(i18n, readers_bridge_port)}<input name="port" inputmode="numeric" maxlength="5" value=port /></label>
                    <label>{t!(i18n, readers_bridge_code)}<input name="code" inputmode="numeric" maxlength="7" autocomplete="off" data-no-wedge="" /></label>
                    <button type="submit">{t!(i18n, readers_bridge_pair)}</button>
                </form>
                <Show when=move || paired>
                    <p class="buttons"><button type="button" class="link" id="bridge-forget" on:click=forget_bridge>{t!(i18n, readers_forget)}</button></p>
                </Show>
            </section>
        }
    };
    let forget = move |api: &'static str| {
        let mut s = settings.get_untracked();
        if api == "serial" {
            s.serial_enabled = false;
        } else {
            s.hid_enabled = false;
        }
        save(s);
    };
    let state_text = move |on: bool| {
        if on {
            t_string!(i18n, readers_paired)
        } else {
            t_string!(i18n, readers_not_paired)
        }
    };
    let device_section = move |api: &'static str, title: &'static str| {
        let enabled = move || {
            if api == "serial" {
                settings.get().serial_enabled
            } else {
                settings.get().hid_enabled
            }
        };
        let available = move || {
            if api == "serial" {
                apis.get().0
            } else {
                apis.get().1
            }
        };
        view! {
            <section class="card" id=format!("reader-{api}")>
                <h2>{title}</h2>
                <Show when=available fallback=move || view! { <p class="error" id=format!("no-{api}")>{t!(i18n, readers_no_api, api = if api == "serial" { "WebSerial" } else { "WebHID" })}</p> }>
                    <p class="status">{move || state_text(enabled())}</p>
                    <p class="buttons">
                        <button type="button" id=format!("pair-{api}") on:click=move |_| pair(api)>{t!(i18n, readers_pair)}</button>
                        <button type="button" class="link" on:click=move |_| forget(api)>{t!(i18n, readers_forget)}</button>
                    </p>
                </Show>
            </section>
        }
    };
    view! {
        <Signed section=Section::Till>
            <h1>{t!(i18n, nav_readers)}</h1>
            <p class="muted">{t!(i18n, readers_intro)}</p>
            <section class="card" id="reader-test">
                <h2>{t!(i18n, readers_test)}</h2>
                <p>{t!(i18n, readers_last_read)}": "<strong id="last-read">{move || last_read.get().first().cloned().unwrap_or_else(|| "—".into())}</strong></p>
                <p class="muted small">{move || last_read.get().iter().skip(1).cloned().collect::<Vec<_>>().join(" · ")}</p>
                <p class="muted small" id="reader-note">{move || note.get()}</p>
            </section>
            <section class="card" id="reader-wedge">
                <h2>{t!(i18n, readers_wedge)}</h2>
                <p class="muted small">{t!(i18n, readers_wedge_hint)}</p>
                {move || {
                    let w = settings.get().wedge;
                    view! {
                        <form class="form inline" novalidate on:submit=on_wedge>
                            <label>{t!(i18n, readers_gap)}<input name="max_gap_ms" inputmode="numeric" maxlength="3" value=w.max_gap_ms /></label>
                            <label>{t!(i18n, readers_min_chars)}<input name="min_chars" inputmode="numeric" maxlength="2" value=w.min_chars /></label>
                            <button type="submit">{t!(i18n, save)}</button>
                        </form>
                    }
                }}
            </section>
            {bridge_section}
            {device_section("serial", "WebSerial")}
            {device_section("hid", "WebHID")}
            {move || {
                let h = settings.get().hid;
                let format = h.format;
                let options = [HidFormat::Ascii, HidFormat::HexUid, HidFormat::Decimal].map(|f| {
                    let label = match f {
                        HidFormat::Ascii => t_string!(i18n, readers_format_ascii),
                        HidFormat::HexUid => t_string!(i18n, readers_format_hex),
                        HidFormat::Decimal => t_string!(i18n, readers_format_decimal),
                    };
                    view! { <option value=f.code() selected=f == format>{label}</option> }
                });
                view! {
                    <section class="card" id="reader-hid-parsing">
                        <h2>{t!(i18n, readers_hid_parsing)}</h2>
                        <form class="form inline" novalidate on:submit=on_hid>
                            <label>{t!(i18n, readers_report_id)}<input name="report_id" inputmode="numeric" maxlength="3" value=h.report_id /></label>
                            <label>{t!(i18n, readers_offset)}<input name="offset" inputmode="numeric" maxlength="2" value=h.offset /></label>
                            <label>{t!(i18n, readers_length)}<input name="length" inputmode="numeric" maxlength="2" value=h.length /></label>
                            <label>{t!(i18n, readers_format)}<select name="format">{options}</select></label>
                            <button type="submit">{t!(i18n, save)}</button>
                        </form>
                    </section>
                }
            }}
        </Signed>
    }
}

/// On the till: a line while the paired bridge cannot be reached or refuses
/// this browser, and when a card on its reader could not be read.
#[component]
pub fn BridgeNote(news: RwSignal<Option<BridgeNews>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let text = trouble(i18n, &news.get()?)?;
        Some(view! { <p class="error small" id="bridge-note" role="alert">{text}</p> })
    }
}

/// What went wrong with the bridge, in words; none when nothing did.
fn trouble(i18n: leptos_i18n::I18nContext<Locale>, news: &BridgeNews) -> Option<String> {
    let text = match news {
        BridgeNews::Down => t_string!(i18n, readers_bridge_down).to_string(),
        BridgeNews::Refused(Refusal::Busy) => t_string!(i18n, readers_bridge_busy).to_string(),
        BridgeNews::Refused(Refusal::Code) => t_string!(i18n, readers_bridge_bad_code).to_string(),
        BridgeNews::Refused(_) => t_string!(i18n, readers_bridge_refused).to_string(),
        BridgeNews::CardError { reader, error } => t_string!(
            i18n,
            readers_card_error,
            reader = reader.clone(),
            error = error.clone()
        )
        .to_string(),
        BridgeNews::Connecting | BridgeNews::Ready(_) => return None,
    };
    Some(text)
}
