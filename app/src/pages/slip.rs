//! A value operation's slip (V1, V4-V7), printable on 58 mm and 80 mm paper.

use super::forms::money;
use super::layout::Signed;
use crate::api::load_slip;
use crate::error::ErrorNote;
use crate::i18n::*;
use crate::text::{method_name, tx_kind_label};
use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_router::components::A;

#[component]
pub fn SlipPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::members::id_param();
    let paper = super::receipt::paper_param();
    let data = Resource::new(id, load_slip);
    let body = move || {
        Suspend::new(async move {
            let p = match data.await {
                Ok(p) => p,
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            let (s, sym) = (p.slip.clone(), p.currency_symbol.clone());
            let kind = s.kind;
            let line = move |label: fn(Locale) -> &'static str, value: String| {
                (!value.is_empty()).then(|| view! { <tr><th>{move || label(i18n.get_locale())}</th><td>{value}</td></tr> })
            };
            let l = i18n.get_locale_untracked();
            // Money handed back (a return, a reversed recharge) reads as a refund.
            let paid = match s.money_in_fen {
                0 => String::new(),
                f => format!(
                    "{} {}",
                    money(f.abs(), &sym),
                    method_name(l, &s.payment_method, &s.payment_names)
                ),
            };
            let paid_label: fn(Locale) -> &'static str = if s.money_in_fen < 0 {
                |l| td_string!(l, money_refunded)
            } else {
                |l| td_string!(l, money_paid)
            };
            view! {
                <article class=format!("slip paper-{}", paper()) id="slip">
                    <header>
                        <strong>{p.company_name.clone()}</strong>
                        {(!p.header.is_empty()).then(|| view! { <p>{p.header.clone()}</p> })}
                        <p>{s.store_name.clone()}</p>
                    </header>
                    <h2>{move || tx_kind_label(i18n.get_locale(), kind)}</h2>
                    <table><tbody>
                        {line(|l| td_string!(l, slip_number), format!("#{}", s.transaction_id))}
                        {line(|l| td_string!(l, time), s.at_local.clone())}
                        {line(|l| td_string!(l, field_card_number), s.card_no.clone())}
                        {line(|l| td_string!(l, member), s.member_name.clone().unwrap_or_default())}
                        {line(|l| td_string!(l, field_amount), if s.amount_fen != 0 { money(s.amount_fen, &sym) } else { String::new() })}
                        {line(|l| td_string!(l, principal), super::forms::delta(s.principal_delta_fen, &sym))}
                        {line(|l| td_string!(l, bonus), super::forms::delta(s.bonus_delta_fen, &sym))}
                        {line(|l| td_string!(l, field_visits), if s.visits_delta != 0 { format!("{:+}", s.visits_delta) } else { String::new() })}
                        {line(|l| td_string!(l, fee), if s.fee_fen != 0 { money(s.fee_fen, &sym) } else { String::new() })}
                        {line(paid_label, paid)}
                        {line(|l| td_string!(l, new_card_number), s.other_card_no.clone().unwrap_or_default())}
                        {line(|l| td_string!(l, field_reason), s.reason.clone())}
                        {line(|l| td_string!(l, balance_after), money(s.principal_after_fen + s.bonus_after_fen, &sym))}
                        {line(|l| td_string!(l, visits_left), if s.visits_after != 0 { s.visits_after.to_string() } else { String::new() })}
                        {line(|l| td_string!(l, field_valid_until), s.valid_until_after.map(|d| d.to_string()).unwrap_or_default())}
                        {line(|l| td_string!(l, nav_promotions), s.promotion.clone().unwrap_or_default())}
                        {s.gift.clone().map(|gift| {
                            let back = s.reverses_id.is_some();
                            view! { <tr class="gift-row"><td colspan="2">{move || if back { td_string!(i18n.get_locale(), slip_gift_back, gift = gift.clone()).to_string() } else { td_string!(i18n.get_locale(), slip_gift, gift = gift.clone()).to_string() }}</td></tr> }
                        })}
                        {line(|l| td_string!(l, receipt_points_earned), if s.points_delta != 0 { format!("{:+}", s.points_delta) } else { String::new() })}
                        {line(|l| td_string!(l, receipt_points_balance), s.points_after.map(|p| p.to_string()).unwrap_or_default())}
                        {line(|l| td_string!(l, cashier), s.staff_name.clone())}
                    </tbody></table>
                    {(!p.footer.is_empty()).then(|| view! { <footer>{p.footer.clone()}</footer> })}
                </article>
                <p class="no-print buttons">
                    <button class="primary" id="print" on:click=move |_| { let _ = window().print(); }>{t!(i18n, print)}</button>
                    <A href=format!("/slips/{}?paper=58", s.transaction_id) attr:id="paper-58">"58 mm"</A>
                    <A href=format!("/slips/{}?paper=80", s.transaction_id) attr:id="paper-80">"80 mm"</A>
                    <A href=format!("/cards/{}", s.card_id)>{t!(i18n, back_to_card)}</A>
                </p>
            }
            .into_any()
        })
    };
    view! {
        <Signed>
            <h1 class="no-print">{t!(i18n, slip_title)}</h1>
            <Suspense fallback=|| ()>{body}</Suspense>
        </Signed>
    }
}
