//! A sale's receipt (K4), for 58 mm or 80 mm thermal paper: the print CSS sizes
//! the page to the paper chosen here; reprints come from the till's history.

use super::forms::money;
use super::layout::Signed;
use super::refund_form::RefundForm;
use crate::api::{RefundSale, sale_receipt};
use crate::error::ErrorNote;
use crate::i18n::*;
use domain::access::Section;
use domain::level::{RateStyle, rate_text};
use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// The paper a receipt or slip is shown and printed on: `?paper=58`, else 80 mm.
pub fn paper_param() -> impl Fn() -> u32 + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        if query.try_with(|q| q.get("paper")).flatten().as_deref() == Some("58") {
            58
        } else {
            80
        }
    }
}

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::members::id_param();
    let paper = paper_param();
    let refund = ServerAction::<RefundSale>::new();
    // Reloaded after a refund that went through: a refused one keeps what was
    // typed in the refund form, to be corrected (a reload would rebuild it empty).
    let refunded = RwSignal::new(0_usize);
    Effect::new(move |_| {
        if let Some(Ok(_)) = refund.value().get() {
            refunded.update(|n| *n += 1);
        }
    });
    let data = Resource::new(move || (id(), refunded.get()), |(id, _)| sale_receipt(id));
    let body = move || {
        Suspend::new(async move {
            let p = match data.await {
                Ok(p) => p,
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            let (r, sym) = (p.receipt, p.currency_symbol);
            let l = i18n.get_locale_untracked();
            let style = if l == Locale::en {
                RateStyle::PercentOff
            } else {
                RateStyle::Zhe
            };
            let lines = r.priced.lines.iter().map(|line| {
                let discount = (line.cover.is_none() && line.rate_bp < domain::level::FULL_RATE_BP).then(|| rate_text(line.rate_bp, style));
                let promotion = line.promotion.as_ref().map(|p| view! { <span class="promotion">{p.name.clone()}</span> });
                let paid = match &line.cover {
                    Some(c) => format!("{} {}", c.card_no, super::basket::cover_text(l, c.kind, c.visits)),
                    None => money(line.total_fen, ""),
                };
                view! {
                    <tr class="item"><td colspan="2">{line.name.clone()}</td></tr>
                    <tr>
                        <th>{format!("{} × {}", line.quantity, money(line.unit_price_fen, ""))}{discount.map(|d| format!(" {d}"))}{promotion}</th>
                        <td>{paid}</td>
                    </tr>
                }
            }).collect_view();
            let payments = r.payments.iter().map(|p| {
                let (by, names) = (p.by, r.method_names.clone());
                view! { <tr><th>{move || crate::text::pay_by_name(i18n.get_locale(), by, &names)}</th><td>{money(p.amount_fen, &sym)}</td></tr> }
            }).collect_view();
            let row = move |label: fn(Locale) -> &'static str, value: String| view! { <tr><th>{move || label(i18n.get_locale())}</th><td>{value}</td></tr> };
            view! {
                <article class=format!("slip receipt paper-{}", paper()) id="receipt">
                    <header>
                        <strong>{r.company_name.clone()}</strong>
                        {(!r.header.is_empty()).then(|| view! { <p>{r.header.clone()}</p> })}
                        <p>{r.store_name.clone()}</p>
                        {(!r.store_address.is_empty()).then(|| view! { <p class="small">{r.store_address.clone()}</p> })}
                        {(!r.store_phone.is_empty()).then(|| view! { <p class="small">{r.store_phone.clone()}</p> })}
                    </header>
                    <table><tbody>
                        {row(|l| td_string!(l, receipt_no), format!("#{}", r.sale_id))}
                        {row(|l| td_string!(l, time), r.at_local.clone())}
                        {row(|l| td_string!(l, cashier), r.cashier_name.clone())}
                        {r.member_name.clone().map(|m| row(|l| td_string!(l, member), format!("{m} {}", r.member_no.clone().unwrap_or_default())))}
                        {r.level_name.clone().map(|lv| row(|l| td_string!(l, field_level), lv))}
                    </tbody></table>
                    <table class="lines"><tbody>{lines}</tbody></table>
                    <table class="sums"><tbody>
                        {row(|l| td_string!(l, sale_list_total), money(r.priced.list_fen, &sym))}
                        {(r.priced.discount_fen > 0).then(|| row(|l| td_string!(l, sale_discount_total), money(r.priced.discount_fen, &sym)))}
                        <tr class="total"><th>{t!(i18n, sale_total)}</th><td>{money(r.priced.total_fen, &sym)}</td></tr>
                        {payments}
                        {(r.cash_given_fen > 0).then(|| row(|l| td_string!(l, field_cash_given), money(r.cash_given_fen, &sym)))}
                        {(r.change_fen > 0).then(|| row(|l| td_string!(l, sale_change), money(r.change_fen, &sym)))}
                        {r.card_no.clone().map(|c| row(|l| td_string!(l, field_card_number), c))}
                        {r.card_balance_after_fen.map(|b| row(|l| td_string!(l, receipt_card_balance_after), money(b, &sym)))}
                        {r.priced.lines.iter().filter_map(|l| l.cover.as_ref()).filter_map(|c| c.visits_left_after.map(|n| format!("{} · {n}", c.card_no))).map(|v| row(|l| td_string!(l, visits_left), v)).collect_view()}
                    </tbody></table>
                    {r.points.clone().map(|p| view! {
                        <table class="sums" id="receipt-points"><tbody>
                            {row(|l| td_string!(l, receipt_points_earned), format!("{:+}", p.earned))}
                            {p.promotion.map(|(pr, factor)| {
                                let factor = domain::points::rate_text(factor);
                                let text = td_string!(l, points_promotion, name = pr.name, factor = factor).to_string();
                                view! { <tr class="promotion-row"><th>{t!(i18n, nav_promotions)}</th><td>{text}</td></tr> }
                            })}
                            {row(|l| td_string!(l, receipt_points_balance), p.balance_after.to_string())}
                            {p.new_level.map(|lv| row(|l| td_string!(l, receipt_new_level), lv))}
                        </tbody></table>
                    })}
                    {(!r.refunds.is_empty()).then(|| view! {
                        <table class="sums" id="receipt-refunds"><tbody>
                            {r.refunds.iter().map(|f| {
                                let back = f.payments.iter().map(|p| {
                                    let (by, names) = (p.by, r.method_names.clone());
                                    view! { <tr><th>{move || crate::text::pay_by_name(i18n.get_locale(), by, &names)}</th><td>{format!("-{}", money(p.amount_fen, &sym))}</td></tr> }
                                }).collect_view();
                                view! {
                                    <tr class="total"><th>{t!(i18n, refund_done)}" "{f.at_local.clone()}</th><td>{format!("-{}", money(f.total_fen, &sym))}</td></tr>
                                    {back}
                                    {(!f.reason.is_empty()).then(|| row(|l| td_string!(l, field_reason), f.reason.clone()))}
                                    {(f.points > 0).then(|| row(|l| td_string!(l, points_kind_sale_refund), format!("-{}", f.points)))}
                                }
                            }).collect_view()}
                        </tbody></table>
                    })}
                    {(!r.footer.is_empty()).then(|| view! { <footer>{r.footer.clone()}</footer> })}
                </article>
                {super::members::can(domain::access::Permission::RefundAndReverse).then(|| view! { <RefundForm receipt=r.clone() refund /> })}
                <p class="no-print buttons">
                    <button class="primary" id="print" on:click=move |_| { let _ = window().print(); }>{t!(i18n, print)}</button>
                    <A href=format!("/receipts/{}?paper=58", r.sale_id) attr:id="paper-58">"58 mm"</A>
                    <A href=format!("/receipts/{}?paper=80", r.sale_id) attr:id="paper-80">"80 mm"</A>
                    <A href="/till">{t!(i18n, nav_till)}</A>
                </p>
            }
            .into_any()
        })
    };
    view! {
        <Signed section=Section::Till>
            <h1 class="no-print">{t!(i18n, receipt_title)}</h1>
            <Transition>{body}</Transition>
        </Signed>
    }
}

/// The store's latest sales at the till, refreshed after each sale.
#[derive(Clone, Copy)]
pub struct RecentList(pub RwSignal<Vec<domain::sale::SaleSummary>>);

/// The latest sales of the store, each with its receipt to reprint.
#[component]
pub fn RecentSales(sales: RwSignal<Vec<domain::sale::SaleSummary>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let sales = sales.get();
        (!sales.is_empty()).then(|| view! {
            <details class="card more" id="recent-sales">
                <summary>{t!(i18n, sale_recent)}</summary>
                <table class="list">
                    <thead><tr>
                        <th>{t!(i18n, receipt_no)}</th><th>{t!(i18n, time)}</th><th>{t!(i18n, member)}</th>
                        <th>{t!(i18n, sale_total)}</th><th>{t!(i18n, cashier)}</th><th><span class="sr-only">{t!(i18n, sale_reprint)}</span></th>
                    </tr></thead>
                    <tbody>
                        {sales.into_iter().map(|s| view! {
                            <tr>
                                <td>{format!("#{}", s.sale_id)}</td><td>{s.at_local}</td>
                                <td>{s.member_name.unwrap_or_default()}</td>
                                <td class="num">{money(s.total_fen, "")}</td><td>{s.cashier_name}</td>
                                <td><A href=format!("/receipts/{}", s.sale_id)>{t!(i18n, sale_reprint)}</A></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        })
    }
}
