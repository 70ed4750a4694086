//! The member's pages as HTML: rendered on the server by Leptos' `view!` and
//! sent as they are (no hydration, no wasm): a phone downloads the page, one
//! small style sheet and one small script.

use super::page::CardPage;
use crate::i18n::Locale;
use crate::pages::forms::{delta, money};
use crate::text::{card_kind_label, tx_kind_label};
use domain::card::{CardKind, CardStatus};
use domain::slip::CardView;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use leptos_i18n::td_string;

fn lang(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "en",
        Locale::zh_TW => "zh-TW",
        Locale::zh_CN => "zh-CN",
    }
}

/// A whole page: head, header (with sign-out when signed in), the content.
pub fn page(
    locale: Locale,
    title: String,
    company: &str,
    signed_in: bool,
    content: AnyView,
) -> String {
    let head_title = format!("{title} · {company}");
    let sign_out = signed_in.then(|| {
        view! {
            <form method="post" action="/my/sign-out" data-forget="1">
                <button type="submit" id="sign-out">{td_string!(locale, portal_sign_out)}</button>
            </form>
        }
    });
    let html = view! {
        <html lang=lang(locale)>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#c2410c" />
                <title>{head_title}</title>
                <link rel="manifest" href="/my/manifest.webmanifest" />
                <link rel="icon" href="/my/icon.svg" type="image/svg+xml" />
                <link rel="apple-touch-icon" href="/my/icon-192.png" />
                <link rel="stylesheet" href="/my/app.css" />
                <script src="/my/app.js" defer></script>
            </head>
            <body>
                <header>
                    <h1>{company.to_owned()}</h1>
                    {sign_out}
                </header>
                <main>{content}</main>
            </body>
        </html>
    };
    format!("<!DOCTYPE html>{}", html.to_html())
}

/// The sign-in form, with what went wrong and the key typed (never the PIN).
pub fn sign_in(locale: Locale, key: &str, problem: Option<String>) -> AnyView {
    let problem =
        problem.map(|p| view! { <p class="error" role="alert" id="sign-in-error">{p}</p> });
    view! {
        <section>
            <h2>{td_string!(locale, portal_sign_in_title)}</h2>
            <p class="muted">{td_string!(locale, portal_sign_in_hint)}</p>
            {problem}
            <form method="post" action="/my/sign-in">
                <label for="key">{td_string!(locale, portal_card_or_phone)}</label>
                <input id="key" name="key" autocomplete="username" inputmode="text" maxlength="40" required value=key.to_owned() />
                <label for="pin">{td_string!(locale, field_pin)}</label>
                <input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="current-password" maxlength="6" pattern="[0-9]{6}" required />
                <button class="primary" type="submit">{td_string!(locale, portal_sign_in)}</button>
            </form>
        </section>
    }
    .into_any()
}

fn figure(label: &'static str, value: String, id: String) -> impl IntoView {
    view! { <div class="figure"><span class="muted">{label}</span><b id=id>{value}</b></div> }
}

fn card_section(locale: Locale, symbol: &str, card: &CardView) -> impl IntoView + use<> {
    let id = card.id;
    let mut figures = Vec::new();
    match card.kind {
        CardKind::StoredValue => {
            figures.push(
                figure(
                    td_string!(locale, portal_principal),
                    money(card.principal_fen, symbol),
                    format!("principal-{id}"),
                )
                .into_any(),
            );
            figures.push(
                figure(
                    td_string!(locale, portal_bonus),
                    money(card.bonus_fen, symbol),
                    format!("bonus-{id}"),
                )
                .into_any(),
            );
        }
        CardKind::Count => {
            figures.push(
                figure(
                    td_string!(locale, portal_visits_left),
                    card.visits_left.to_string(),
                    format!("visits-{id}"),
                )
                .into_any(),
            );
        }
        CardKind::Time => {}
    }
    if let Some(day) = card.valid_until {
        figures.push(
            figure(
                td_string!(locale, field_valid_until),
                day.to_string(),
                format!("valid-{id}"),
            )
            .into_any(),
        );
    }
    let paused = card.paused_since.map(|since| {
        view! { <p class="muted">{td_string!(locale, portal_paused_since, day = since.to_string())}</p> }
    });
    let frozen = card.status == CardStatus::Frozen;
    let status = if frozen {
        view! { <span class="status frozen" id=format!("status-{id}")>{td_string!(locale, portal_reported_lost)}</span> }.into_any()
    } else {
        view! { <span class="status" id=format!("status-{id}")>{card_kind_label(locale, card.kind)}</span> }.into_any()
    };
    let lost = (!frozen).then(|| {
        view! {
            <details>
                <summary>{td_string!(locale, portal_report_lost)}</summary>
                <p class="muted">{td_string!(locale, portal_report_lost_hint)}</p>
                <form method="post" action="/my/lost">
                    <input type="hidden" name="card" value=id.to_string() />
                    <button class="danger" type="submit" id=format!("lost-{id}")>{td_string!(locale, portal_report_lost_confirm)}</button>
                </form>
            </details>
        }
    });
    view! {
        <section class="card" id=format!("card-{id}")>
            <div class="card-head">
                <h2>{card.plan_name.clone()}</h2>
                {status}
            </div>
            <p class="card-no muted">{card.card_no.clone()}</p>
            <div class="figures">{figures}</div>
            {paused}
            {lost}
        </section>
    }
}

fn code_section(locale: Locale, page: &CardPage) -> Option<AnyView> {
    let code = page.code.as_ref()?;
    let chooser = (page.code_cards.len() > 1).then(|| {
        let links = page
            .code_cards
            .iter()
            .map(|(id, label)| {
                let current = (*id == code.card_id).then_some("true");
                view! { <a href=format!("/my/?card={id}") aria-current=current>{label.clone()}</a> }
            })
            .collect_view();
        view! { <nav class="chooser">{links}</nav> }
    });
    Some(
        view! {
            <section id="member-code" data-card=code.card_id.to_string() data-left=code.seconds_left.to_string() data-at=page.at_ms.to_string()>
                <h2>{td_string!(locale, portal_member_code)}</h2>
                {chooser}
                <div class="code-live">
                    <div class="qr" id="code-qr" inner_html=code.qr_svg.clone()></div>
                    <div class="bar" id="code-bar" inner_html=code.bar_svg.clone()></div>
                    <p class="code-text" id="code-text">{code.text.clone()}</p>
                    <p class="code-left muted">
                        {td_string!(locale, portal_code_changes_in)} " " <span id="code-seconds">{code.seconds_left.to_string()}</span> " s"
                    </p>
                    <p class="muted">{td_string!(locale, portal_code_hint)}</p>
                </div>
                <p class="code-off muted">{td_string!(locale, portal_code_needs_connection)}</p>
            </section>
        }
        .into_any(),
    )
}

fn points_section(locale: Locale, page: &CardPage) -> impl IntoView + use<> {
    let p = &page.points;
    let level = p
        .level_name
        .clone()
        .unwrap_or_else(|| td_string!(locale, portal_no_level).to_owned());
    let next = p.next_level.clone().map(|(name, missing)| {
        let have = p.earned_for_level.max(0);
        view! {
            <p class="muted" id="next-level">{td_string!(locale, portal_next_level, points = missing, level = name)}</p>
            <progress max=(have + missing).max(1).to_string() value=have.to_string()></progress>
        }
    });
    view! {
        <section id="points">
            <h2>{td_string!(locale, portal_points_and_level)}</h2>
            <div class="figures">
                {figure(td_string!(locale, portal_points), p.points.to_string(), "points-balance".into())}
                {figure(td_string!(locale, portal_level), level, "level-name".into())}
            </div>
            {next}
        </section>
    }
}

fn history_section(locale: Locale, page: &CardPage) -> impl IntoView + use<> {
    let symbol = page.symbol.clone();
    let rows = page
        .history
        .iter()
        .map(|s| {
            let value = s.principal_delta_fen + s.bonus_delta_fen;
            let mut amount = delta(value, &symbol);
            if s.visits_delta != 0 {
                let visits = td_string!(locale, portal_visits_delta, n = format!("{:+}", s.visits_delta));
                amount = if amount.is_empty() { visits.to_string() } else { format!("{amount} · {visits}") };
            }
            let class = if value > 0 || s.visits_delta > 0 { "amount in" } else { "amount" };
            view! {
                <li>
                    <span>
                        <b>{tx_kind_label(locale, s.kind)}</b>
                        <br /><span class="muted">{format!("{} · {} · {}", s.at_local, s.store_name, s.card_no)}</span>
                    </span>
                    <span class=class>{amount}</span>
                </li>
            }
        })
        .collect_view();
    let empty = page
        .history
        .is_empty()
        .then(|| view! { <p class="muted">{td_string!(locale, portal_no_history)}</p> });
    let older = page.older_than.map(|id| {
        view! { <p><a id="older" href=format!("/my/?before={id}#history")>{td_string!(locale, portal_older)}</a></p> }
    });
    let newest = page
        .paged
        .then(|| view! { <p><a href="/my/#history">{td_string!(locale, portal_newest)}</a></p> });
    view! {
        <section id="history">
            <h2>{td_string!(locale, portal_history)}</h2>
            {empty}
            <ul class="history">{rows}</ul>
            {older}
            {newest}
        </section>
    }
}

/// The member's page: the code, the cards, points and level, the history, the shop.
pub fn card_page(locale: Locale, page: &CardPage, note: Option<String>) -> AnyView {
    let symbol = page.symbol.clone();
    let note = note.map(|n| view! { <p class="note" role="status" id="note">{n}</p> });
    let cards = page
        .cards
        .iter()
        .map(|c| card_section(locale, &symbol, c))
        .collect_view();
    let shop_phone = page
        .shop_phone
        .clone()
        .filter(|p| !p.is_empty())
        .map(|phone| {
            view! { <p><a href=format!("tel:{phone}") id="shop-phone">{phone.clone()}</a></p> }
        });
    view! {
        <p class="muted" id="hello">{td_string!(locale, portal_hello, name = page.member_name.clone())}</p>
        {note}
        <p class="offline-note" role="status">{td_string!(locale, portal_offline, at = page.at_local.clone())}</p>
        {cards}
        {code_section(locale, page)}
        {points_section(locale, page)}
        {history_section(locale, page)}
        <section id="shop">
            <h2>{page.shop_name.clone()}</h2>
            {shop_phone}
            <p class="muted">{page.shop_address.clone()}</p>
            <p class="muted" id="as-of">{td_string!(locale, portal_as_of, at = page.at_local.clone())}</p>
        </section>
        <p class="links"><a href="/my/pin" id="change-pin">{td_string!(locale, portal_change_pin)}</a></p>
    }
    .into_any()
}

/// The PIN change form: which card, the current PIN, the new one twice.
pub fn pin_page(
    locale: Locale,
    cards: &[(i64, String)],
    chosen: i64,
    problem: Option<String>,
) -> AnyView {
    let problem = problem.map(|p| view! { <p class="error" role="alert" id="pin-error">{p}</p> });
    let options = cards
        .iter()
        .map(|(id, label)| {
            let selected = *id == chosen;
            view! { <option value=id.to_string() selected=selected>{label.clone()}</option> }
        })
        .collect_view();
    view! {
        <section>
            <h2>{td_string!(locale, portal_change_pin)}</h2>
            {problem}
            <form method="post" action="/my/pin">
                <label for="card">{td_string!(locale, portal_which_card)}</label>
                <select id="card" name="card">{options}</select>
                <label for="current">{td_string!(locale, portal_current_pin)}</label>
                <input id="current" name="current" type="password" inputmode="numeric" autocomplete="current-password" maxlength="6" required />
                <label for="new_pin">{td_string!(locale, field_new_pin)}</label>
                <input id="new_pin" name="new_pin" type="password" inputmode="numeric" autocomplete="new-password" maxlength="6" required />
                <label for="repeat">{td_string!(locale, field_repeat_pin)}</label>
                <input id="repeat" name="repeat" type="password" inputmode="numeric" autocomplete="new-password" maxlength="6" required />
                <button class="primary" type="submit">{td_string!(locale, portal_save_pin)}</button>
            </form>
            <p class="links"><a href="/my/">{td_string!(locale, portal_back)}</a></p>
        </section>
    }
    .into_any()
}
