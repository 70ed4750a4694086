//! The till's item search (F4): code, barcode, short code anywhere in it, or a
//! name; ↑↓ and Enter take an item into the basket.

use super::forms::money;
use super::sale::Sale;
use crate::api::till_items;
use crate::error::{AppError, ErrorNote};
use crate::i18n::*;
use domain::catalogue::Item;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ItemBox(sale: Sale) -> impl IntoView {
    let i18n = use_i18n();
    let results = RwSignal::new(Vec::<Item>::new());
    let highlighted = RwSignal::new(0usize);
    let searched = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let input = NodeRef::<Input>::new();
    let search = move |text: String| {
        searched.set(text.clone());
        if text.trim().is_empty() {
            results.set(Vec::new());
            return;
        }
        spawn_local(async move {
            let found = till_items(text.clone()).await;
            // Typing goes on while the answer travels: show only the latest.
            if searched.get_untracked() != text {
                return;
            }
            match found {
                Ok(items) => {
                    error.set(None);
                    results.set(items);
                    highlighted.set(0);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let take = move |item: Item| {
        sale.add(item);
        results.set(Vec::new());
        searched.set(String::new());
        if let Some(i) = input.get_untracked() {
            i.set_value("");
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            let n = results.with_untracked(Vec::len);
            highlighted.update(|h| *h = (*h + 1).min(n.saturating_sub(1)));
        }
        "ArrowUp" => {
            ev.prevent_default();
            highlighted.update(|h| *h = h.saturating_sub(1));
        }
        "Enter" => {
            ev.prevent_default();
            let typed = input.get_untracked().map(|i| i.value()).unwrap_or_default();
            let shown = results.get_untracked();
            if searched.get_untracked() == typed && !shown.is_empty() {
                let pick = shown
                    .get(highlighted.get_untracked())
                    .cloned()
                    .unwrap_or_else(|| shown[0].clone());
                take(pick);
            } else if !typed.trim().is_empty() {
                // A scanner types faster than the search answers: look the code
                // up and take it if it names one item.
                spawn_local(async move {
                    match till_items(typed.clone()).await {
                        Ok(items) if items.len() == 1 => take(items[0].clone()),
                        Ok(items) => {
                            searched.set(typed);
                            results.set(items);
                            highlighted.set(0);
                        }
                        Err(e) => error.set(Some(e)),
                    }
                });
            }
        }
        "Escape" => {
            results.set(Vec::new());
        }
        _ => {}
    };
    let list = move || {
        let shown = results.get();
        let none = shown.is_empty() && !searched.get().trim().is_empty();
        let symbol = sale.symbol.get_value();
        view! {
            {none.then(|| view! { <p class="muted small">{t!(i18n, sale_no_items_found)}</p> })}
            <ul class="picker" id="item-results">
                {shown.into_iter().enumerate().map(|(n, item)| {
                    let label = format!("{} · {} · {}", item.code, item.name, money(item.price_fen, &symbol));
                    let chosen = item.clone();
                    view! { <li class:active=move || highlighted.get() == n><button type="button" tabindex="-1" on:click=move |_| take(chosen.clone())>{label}</button></li> }
                }).collect_view()}
            </ul>
        }
    };
    view! {
        <section class="card till-box">
            <label class="wide">
                {t!(i18n, items)}" (F4)"
                <input node_ref=input id="item-search" autocomplete="off" maxlength=crate::api::TILL_SEARCH_MAX_CHARS
                    placeholder=move || t_string!(i18n, sale_items_search)
                    on:input=move |ev| search(event_target_value(&ev)) on:keydown=on_key />
            </label>
            {list}
            <ErrorNote error=Signal::derive(move || error.get()) />
        </section>
    }
}
