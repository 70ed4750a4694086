//! The till's basket: the lines, their prices from the server, and for a line a
//! member's count or time card covers, the choice to pay it with that card
//! (visits or a check-in) or with money.

use super::forms::money;
use super::sale::Sale;
use crate::error::ErrorNote;
use crate::i18n::*;
use domain::card::CardKind;
use domain::cover::CoverChoice;
use domain::level::{RateStyle, rate_text};
use domain::slip::CardView;
use leptos::prelude::*;

/// What a card pays on a line, in words: "2 visits" or "check in".
pub fn cover_text(locale: Locale, kind: CardKind, visits: i64) -> String {
    match kind {
        CardKind::Time => td_string!(locale, tx_check_in).to_string(),
        _ => td_string!(locale, visits_n, n = visits).to_string(),
    }
}

/// A card as the line's choice reads it: "K0001 · 8 visits left".
fn card_choice(locale: Locale, card: &CardView) -> String {
    let what = match card.kind {
        CardKind::Count => td_string!(locale, visits_left_n, n = card.visits_left).to_string(),
        _ => crate::text::card_kind_label(locale, card.kind).to_string(),
    };
    format!("{} · {}", card.card_no, what)
}

#[component]
pub fn Basket(sale: Sale) -> impl IntoView {
    let i18n = use_i18n();
    // Lines are found by their item (a basket holds an item once): a row stays
    // the same element while prices come and go, so a quantity being typed is
    // never replaced by an answer to an earlier question.
    let position = move |item_id: i64| {
        sale.lines
            .with_untracked(|l| l.iter().position(|l| l.item.id == item_id))
    };
    let set_quantity = move |item_id: i64, raw: String| {
        let q = raw
            .trim()
            .parse::<i64>()
            .unwrap_or(1)
            .clamp(1, domain::sale::QUANTITY_MAX);
        sale.lines.update(|l| {
            if let Some(line) = l.iter_mut().find(|l| l.item.id == item_id) {
                line.quantity = q;
            }
        });
        sale.requote();
    };
    let set_pay_with = move |item_id: i64, raw: String| {
        let choice = match raw.parse::<i64>() {
            Ok(id) => CoverChoice::Card(id),
            Err(_) => CoverChoice::Money,
        };
        sale.lines.update(|l| {
            if let Some(line) = l.iter_mut().find(|l| l.item.id == item_id) {
                line.pay_with = choice;
            }
        });
        sale.requote();
    };
    let remove = move |item_id: i64| {
        sale.lines.update(|l| l.retain(|l| l.item.id != item_id));
        sale.requote();
    };
    let row = move |item: domain::catalogue::Item| {
        let item_id = item.id;
        let line = move || {
            sale.lines
                .with(|l| l.iter().find(|l| l.item.id == item_id).cloned())
        };
        // This line as the latest quote priced it.
        let priced = move || {
            let n = sale
                .lines
                .with(|l| l.iter().position(|l| l.item.id == item_id))?;
            sale.quote.with(|q| match q {
                Some(Ok(q)) => q
                    .priced
                    .lines
                    .get(n)
                    .filter(|p| p.item_id == item_id)
                    .cloned(),
                _ => None,
            })
        };
        let discount = move || {
            let locale = i18n.get_locale();
            let style = if locale == Locale::en {
                RateStyle::PercentOff
            } else {
                RateStyle::Zhe
            };
            let p = priced()?;
            let rate = (p.cover.is_none() && p.rate_bp < domain::level::FULL_RATE_BP)
                .then(|| rate_text(p.rate_bp, style));
            let promotion = p
                .promotion
                .map(|pr| view! { <span class="promotion">{pr.name}</span> });
            Some(view! { {rate}{promotion} })
        };
        let pay_with = move || {
            let locale = i18n.get_locale();
            let options = sale
                .options
                .with(|o| position(item_id).and_then(|n| o.get(n).cloned()))
                .unwrap_or_default();
            if options.is_empty() {
                return None;
            }
            let cards = sale
                .member
                .with(|m| m.as_ref().map(|m| m.visit_cards.clone()))
                .unwrap_or_default();
            let paid_by = priced().and_then(|p| p.cover.map(|c| c.card_id));
            let chosen_card = match line().map(|l| l.pay_with) {
                Some(CoverChoice::Card(id)) => Some(id),
                Some(CoverChoice::Auto) => paid_by,
                _ => None,
            };
            let choices = options.iter().filter_map(|id| cards.iter().find(|c| c.id == *id)).map(|c| {
                view! { <option value=c.id.to_string() selected=chosen_card == Some(c.id)>{card_choice(locale, c)}</option> }
            }).collect_view();
            let n = position(item_id).unwrap_or_default();
            Some(view! {
                <select class="pay-with" id=format!("pay-with-{n}") aria-label=td_string!(locale, sale_pay_with)
                    on:change=move |ev| set_pay_with(item_id, event_target_value(&ev))>
                    <option value="money" selected=chosen_card.is_none()>{td_string!(locale, sale_pay_money)}</option>
                    {choices}
                </select>
            })
        };
        let total = move || match priced() {
            Some(p) => match &p.cover {
                Some(c) => cover_text(i18n.get_locale(), c.kind, c.visits),
                None => money(p.total_fen, &sale.symbol.get_value()),
            },
            None => "…".into(),
        };
        let covered = move || priced().is_some_and(|p| p.cover.is_some());
        let name = item.name.clone();
        let quantity_label = move || {
            format!(
                "{} · {}",
                td_string!(i18n.get_locale(), field_quantity),
                name
            )
        };
        view! {
            <tr class:covered=covered>
                <td>{item.code.clone()}</td>
                <td>{item.name.clone()}</td>
                <td><input class="qty" type="number" min="1" max=domain::sale::QUANTITY_MAX
                    prop:value=move || line().map(|l| l.quantity)
                    aria-label=quantity_label
                    on:change=move |ev| set_quantity(item_id, event_target_value(&ev)) /></td>
                <td class="num">{money(item.price_fen, &sale.symbol.get_value())}</td>
                <td class="discount">{discount}{pay_with}</td>
                <td class="num line-total">{total}</td>
                <td><button type="button" class="link" tabindex="-1" on:click=move |_| remove(item_id)>{t!(i18n, sale_remove_line)}</button></td>
            </tr>
        }
    };
    let items = move || {
        sale.lines
            .with(|l| l.iter().map(|l| l.item.clone()).collect::<Vec<_>>())
    };
    let rows = view! { <For each=items key=|item| item.id children=row /> };
    // A quote the server refused (a card that cannot pay a line) shows here,
    // by the lines; the totals are in the payment panel.
    let refused = move || match sale.quote.get() {
        Some(Err(e)) => Some(view! { <ErrorNote error=Signal::stored(Some(e)) /> }),
        _ => None,
    };
    view! {
        <section class="card">
            <table class="list basket" id="basket">
                <thead><tr>
                    <th>{t!(i18n, field_item_code)}</th><th>{t!(i18n, field_item_name)}</th><th>{t!(i18n, field_quantity)}</th>
                    <th>{t!(i18n, sale_list_price)}</th><th>{t!(i18n, sale_discount_or_card)}</th><th>{t!(i18n, sale_line_total)}</th>
                    <th><span class="sr-only">{t!(i18n, sale_remove_line)}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {refused}
        </section>
    }
}

/// The basket's list price, discount and total, as the server priced them.
#[component]
pub fn Totals(sale: Sale) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let symbol = sale.symbol.get_value();
        sale.quote.get().and_then(Result::ok).map(|q| {
            let p = q.priced;
            view! {
                <dl class="facts totals" id="sale-totals">
                    <dt>{t!(i18n, sale_list_total)}</dt><dd class="money">{money(p.list_fen, &symbol)}</dd>
                    <dt>{t!(i18n, sale_discount_total)}</dt><dd class="money">{money(p.discount_fen, &symbol)}</dd>
                    <dt>{t!(i18n, sale_total)}</dt><dd class="money big" id="sale-total">{money(p.total_fen, &symbol)}</dd>
                </dl>
            }
        })
    }
}
