//! The sale at the till (V2, V3), keyboard first: F2 finds the member (or a
//! swipe does, wherever the focus is), F4 the items, arrows and Enter pick one,
//! F8 goes to the payment, F9 takes it, Esc starts the next customer. Prices and
//! totals on screen are the server's.

use super::basket::Basket;
use super::forms::money;
use super::sale_items::ItemBox;
use super::sale_pay::PaymentPanel;
use super::till_desk::CardDesk;
use crate::api::{TillLookup, TillMember, find_at_till, quote_sale, till_pick_member};
use crate::error::{AppError, ErrorNote};
use crate::i18n::*;
use crate::readers::CardInput;
use domain::catalogue::Item;
use domain::cover::{CoverChoice, Quote};
use domain::level::{RateStyle, rate_text};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::td_string;

/// One basket line as the till holds it: the item, how many, and how the
/// cashier wants it paid (a count or time card, or money).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BasketLine {
    pub item: Item,
    pub quantity: i64,
    pub pay_with: CoverChoice,
}

/// Everything one sale's screen shares.
#[derive(Clone, Copy)]
pub struct Sale {
    pub member: RwSignal<Option<TillMember>>,
    pub card_id: RwSignal<Option<i64>>,
    pub lines: RwSignal<Vec<BasketLine>>,
    pub quote: RwSignal<Option<Result<Quote, AppError>>>,
    /// Each line's covering cards from the last quote the server accepted, so
    /// that a line whose card was refused can still be switched back to money.
    pub options: RwSignal<Vec<Vec<i64>>>,
    /// Bumped for every new customer: the payment panel starts over.
    pub customer: RwSignal<u32>,
    /// The sale on screen is paid: the next swipe or item starts a new one.
    pub paid: RwSignal<bool>,
    pub symbol: StoredValue<String>,
}

impl Sale {
    fn member_id(&self) -> Option<i64> {
        self.member.with_untracked(|m| m.as_ref().map(|m| m.id))
    }

    fn asked(self) -> (Option<i64>, Vec<(i64, i64)>, Vec<CoverChoice>) {
        self.lines.with_untracked(|lines| {
            (
                self.member_id(),
                lines.iter().map(|l| (l.item.id, l.quantity)).collect(),
                lines.iter().map(|l| l.pay_with).collect(),
            )
        })
    }

    /// Asks the server for the prices of the basket as it now is.
    pub fn requote(self) {
        let asked = self.asked();
        if asked.1.is_empty() {
            self.quote.set(None);
            return;
        }
        spawn_local(async move {
            let (member_id, lines, choices) = asked.clone();
            let answer = quote_sale(member_id, lines, choices).await;
            // A later change may have asked again; keep only the latest answer.
            if self.asked() == asked {
                if let Ok(q) = &answer {
                    self.options.set(q.options.clone());
                }
                self.quote.set(Some(answer));
            }
        });
    }

    /// For each line, the card the server's latest quote lets pay it.
    pub fn covers(self) -> Vec<Option<i64>> {
        self.quote.with_untracked(|q| match q {
            Some(Ok(q)) => q
                .priced
                .lines
                .iter()
                .map(|l| l.cover.as_ref().map(|c| c.card_id))
                .collect(),
            _ => Vec::new(),
        })
    }

    /// The member on screen again, as the server now has them (balances after a
    /// sale or a recharge, a card just sold); a member who had no card to pay
    /// with now pays with their first one.
    pub fn refresh_member(self) {
        let Some(id) = self.member_id() else { return };
        spawn_local(async move {
            if let Ok(fresh) = till_pick_member(id).await
                && self.member_id() == Some(id)
            {
                if self.card_id.get_untracked().is_none() {
                    self.card_id.set(fresh.cards.first().map(|c| c.id));
                }
                self.member.set(Some(fresh));
            }
        });
    }

    pub fn choose(self, member: Option<TillMember>) {
        if self.paid.get_untracked() {
            self.next_customer();
        }
        self.card_id
            .set(member.as_ref().and_then(|m| m.cards.first().map(|c| c.id)));
        self.member.set(member);
        self.requote();
    }

    pub fn add(self, item: Item) {
        if self.paid.get_untracked() {
            self.next_customer();
        }
        self.lines.update(
            |lines| match lines.iter_mut().find(|l| l.item.id == item.id) {
                Some(line) => line.quantity = (line.quantity + 1).min(domain::sale::QUANTITY_MAX),
                None => lines.push(BasketLine {
                    item,
                    quantity: 1,
                    pay_with: CoverChoice::Auto,
                }),
            },
        );
        self.requote();
    }

    pub fn next_customer(self) {
        self.member.set(None);
        self.card_id.set(None);
        self.lines.set(Vec::new());
        self.quote.set(None);
        self.options.set(Vec::new());
        self.paid.set(false);
        self.customer.update(|n| *n += 1);
    }
}

pub fn focus(id: &str) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(input) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = input.focus();
    }
}

/// The sale screen, shown while the cashier's shift is open.
#[component]
pub fn SaleScreen(symbol: String, plans: Vec<domain::plan::Plan>) -> impl IntoView {
    let sale = Sale {
        member: RwSignal::new(None),
        card_id: RwSignal::new(None),
        lines: RwSignal::new(Vec::new()),
        quote: RwSignal::new(None),
        options: RwSignal::new(Vec::new()),
        customer: RwSignal::new(0),
        paid: RwSignal::new(false),
        symbol: StoredValue::new(symbol),
    };
    // The card desk stays while the member does (a refreshed member keeps it).
    let has_member = Memo::new(move |_| sale.member.with(Option::is_some));
    let keys = window_event_listener(leptos::ev::keydown, move |ev| match ev.key().as_str() {
        "F2" => {
            ev.prevent_default();
            focus("member-search");
        }
        "F4" => {
            ev.prevent_default();
            focus("item-search");
        }
        "F8" => {
            ev.prevent_default();
            focus("pay-first");
        }
        _ => {}
    });
    on_cleanup(move || keys.remove());
    view! {
        <div class="sale" id="sale">
            <div class="sale-main">
                <MemberBox sale />
                <ItemBox sale />
                {move || has_member.get().then(|| view! { <CardDesk sale plans=plans.clone() /> })}
                <Basket sale />
            </div>
            <PaymentPanel sale />
        </div>
    }
}

#[component]
fn MemberBox(sale: Sale) -> impl IntoView {
    let i18n = use_i18n();
    let lookup = RwSignal::new(None::<Result<TillLookup, AppError>>);
    let input = NodeRef::<Input>::new();
    let find = move |text: String| {
        spawn_local(async move {
            let found = find_at_till(text).await;
            if let Ok(TillLookup {
                chosen: Some(m), ..
            }) = &found
            {
                sale.choose(Some(m.clone()));
                if let Some(i) = input.get_untracked() {
                    i.set_value("");
                }
                focus("item-search");
            }
            lookup.set(Some(found));
        });
    };
    // A swipe anywhere on the page (a wedge, a serial, HID or PC/SC reader) finds the member.
    let bridge = RwSignal::new(None);
    CardInput::listen_with(Some("item-search"), find, move |news| {
        bridge.set(Some(news))
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            if let Some(i) = input.get_untracked() {
                find(i.value());
            }
        }
    };
    let pick = move |id: i64| {
        spawn_local(async move {
            match till_pick_member(id).await {
                Ok(m) => {
                    sale.choose(Some(m));
                    lookup.set(None);
                    focus("item-search");
                }
                Err(e) => lookup.set(Some(Err(e))),
            }
        });
    };
    let matches = move || {
        lookup.get().and_then(Result::ok).filter(|l| l.chosen.is_none()).map(|l| {
            if l.matches.is_empty() {
                return view! { <p class="muted" id="member-none">{t!(i18n, sale_member_not_found)}</p> }.into_any();
            }
            view! {
                <ul class="picker" id="member-matches">
                    {l.matches.into_iter().map(|m| {
                        let id = m.id;
                        view! { <li><button type="button" on:click=move |_| pick(id)>{format!("{} · {} · {}", m.name, m.member_no, m.phone.unwrap_or_default())}</button></li> }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })
    };
    let error = Signal::derive(move || lookup.get().and_then(Result::err));
    let chosen = move || {
        sale.member.get().map(|m| {
            let style = if i18n.get_locale() == Locale::en { RateStyle::PercentOff } else { RateStyle::Zhe };
            let rate = (m.rate_bp < domain::level::FULL_RATE_BP).then(|| rate_text(m.rate_bp, style));
            let symbol = sale.symbol.get_value();
            let cards = m.cards.clone().into_iter().map(|c| {
                let id = c.id;
                let label = format!("{} · {}", c.card_no, money(c.principal_fen + c.bonus_fen, &symbol));
                view! {
                    <label class="check">
                        <input type="radio" name="pay-card" checked=move || sale.card_id.get() == Some(id) on:change=move |_| sale.card_id.set(Some(id)) />
                        {label}
                    </label>
                }
            }).collect_view();
            let locale = i18n.get_locale();
            let visit_cards = m.visit_cards.iter().map(|c| {
                let what = match c.kind {
                    domain::card::CardKind::Count => td_string!(locale, visits_left_n, n = c.visits_left).to_string(),
                    _ => match c.valid_until {
                        Some(day) => td_string!(locale, valid_until_day, day = day.to_string()).to_string(),
                        None => crate::text::card_kind_label(locale, c.kind).to_string(),
                    },
                };
                view! { <li>{format!("{} · {} · {}", c.card_no, c.plan_name, what)}</li> }
            }).collect_view();
            view! {
                <div class="member-chosen" id="member-chosen">
                    <strong>{m.name.clone()}</strong>
                    <span class="muted">{format!(" {} ", m.member_no)}</span>
                    {m.level_name.clone().map(|l| view! { <span class="badge">{l}{rate.map(|r| format!(" · {r}"))}</span> })}
                    <span class="muted small" id="member-points">{format!(" {} {}", t_string!(i18n, points_balance), m.points)}</span>
                    <div class="cards">{cards}</div>
                    {m.cards.is_empty().then(|| view! { <p class="muted small">{t!(i18n, sale_no_card)}</p> })}
                    <ul class="plain small" id="visit-cards">{visit_cards}</ul>
                    <button type="button" class="link" on:click=move |_| { sale.choose(None); focus("member-search"); }>{t!(i18n, sale_clear_member)}</button>
                </div>
            }
        })
    };
    view! {
        <section class="card till-box">
            <label class="wide">
                {t!(i18n, sale_member)}" (F2)"
                <input node_ref=input id="member-search" autocomplete="off" maxlength=crate::api::TILL_SEARCH_MAX_CHARS
                    placeholder=move || t_string!(i18n, sale_member_search) on:keydown=on_key />
            </label>
            <super::readers::BridgeNote news=bridge />
            {chosen}
            {move || sale.member.get().is_none().then(|| view! { <p class="muted small">{t!(i18n, sale_walk_in)}</p> })}
            {matches}
            <ErrorNote error />
        </section>
    }
}
