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
    let set_quantity = move |n: usize, raw: String| {
        let q = raw
            .trim()
            .parse::<i64>()
            .unwrap_or(1)
            .clamp(1, domain::sale::QUANTITY_MAX);
        sale.lines.update(|l| {
            if let Some(line) = l.get_mut(n) {
                line.quantity = q;
            }
        });
        sale.requote();
    };
    let set_pay_with = move |n: usize, raw: String| {
        let choice = match raw.parse::<i64>() {
            Ok(id) => CoverChoice::Card(id),
            Err(_) => CoverChoice::Money,
        };
        sale.lines.update(|l| {
            if let Some(line) = l.get_mut(n) {
                line.pay_with = choice;
            }
        });
        sale.requote();
    };
    let remove = move |n: usize| {
        sale.lines.update(|l| {
            if n < l.len() {
                l.remove(n);
            }
        });
        sale.requote();
    };
    let rows = move || {
        let symbol = sale.symbol.get_value();
        let locale = i18n.get_locale();
        let quote = sale.quote.get().and_then(Result::ok);
        let cards = sale
            .member
            .with(|m| m.as_ref().map(|m| m.visit_cards.clone()))
            .unwrap_or_default();
        let style = if locale == Locale::en {
            RateStyle::PercentOff
        } else {
            RateStyle::Zhe
        };
        sale.lines.get().into_iter().enumerate().map(|(n, line)| {
            let p = quote.as_ref().and_then(|q| q.priced.lines.get(n)).filter(|p| p.item_id == line.item.id).cloned();
            let options = sale.options.with(|o| o.get(n).cloned()).unwrap_or_default();
            let discount = p.as_ref().filter(|p| p.cover.is_none() && p.rate_bp < domain::level::FULL_RATE_BP).map(|p| rate_text(p.rate_bp, style)).unwrap_or_default();
            let promotion = p.as_ref().and_then(|p| p.promotion.as_ref()).map(|pr| view! { <span class="promotion">{pr.name.clone()}</span> });
            let total = match &p {
                Some(p) => match &p.cover {
                    Some(c) => cover_text(locale, c.kind, c.visits),
                    None => money(p.total_fen, &symbol),
                },
                None => "…".into(),
            };
            let paid_by = p.as_ref().and_then(|p| p.cover.as_ref().map(|c| c.card_id));
            let chosen_card = match line.pay_with {
                CoverChoice::Card(id) => Some(id),
                CoverChoice::Money => None,
                CoverChoice::Auto => paid_by,
            };
            let pay_with = (!options.is_empty()).then(|| {
                let choices = options.iter().filter_map(|id| cards.iter().find(|c| c.id == *id)).map(|c| {
                    view! { <option value=c.id.to_string() selected=chosen_card == Some(c.id)>{card_choice(locale, c)}</option> }
                }).collect_view();
                view! {
                    <select class="pay-with" id=format!("pay-with-{n}") aria-label=td_string!(locale, sale_pay_with)
                        on:change=move |ev| set_pay_with(n, event_target_value(&ev))>
                        <option value="money" selected=chosen_card.is_none()>{td_string!(locale, sale_pay_money)}</option>
                        {choices}
                    </select>
                }
            });
            let name = line.item.name.clone();
            view! {
                <tr class:covered=paid_by.is_some()>
                    <td>{line.item.code.clone()}</td>
                    <td>{name.clone()}</td>
                    <td><input class="qty" type="number" min="1" max=domain::sale::QUANTITY_MAX prop:value=line.quantity
                        aria-label=format!("{} · {}", td_string!(locale, field_quantity), name)
                        on:change=move |ev| set_quantity(n, event_target_value(&ev)) /></td>
                    <td class="num">{money(line.item.price_fen, &symbol)}</td>
                    <td class="discount">{discount}{promotion}{pay_with}</td>
                    <td class="num line-total">{total}</td>
                    <td><button type="button" class="link" tabindex="-1" on:click=move |_| remove(n)>{t!(i18n, sale_remove_line)}</button></td>
                </tr>
            }
        }).collect_view()
    };
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
