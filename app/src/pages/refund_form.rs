//! V6 on the receipt page: refund a sale whole or some quantity of some lines.
//! Each line offers what is left to refund; the server works out what goes
//! back to each payment and the points that come off.

use super::forms::{RequestId, renew_after};
use crate::api::RefundSale;
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::sale::Receipt;
use domain::sale::refund::RefundLine;
use leptos::prelude::*;

#[component]
pub fn RefundForm(receipt: Receipt, refund: ServerAction<RefundSale>) -> impl IntoView {
    let i18n = use_i18n();
    let rid = RequestId::new();
    renew_after(refund, rid);
    let sale_id = receipt.sale_id;
    let left: Vec<(u32, String, i64)> = receipt
        .priced
        .lines
        .iter()
        .enumerate()
        .map(|(n, l)| {
            let line_no = n as u32 + 1;
            (line_no, l.name.clone(), receipt.refundable(line_no))
        })
        .collect();
    if left.iter().all(|l| l.2 <= 0) {
        return view! { <p class="muted no-print" id="refund-none">{t!(i18n, refund_nothing_left)}</p> }.into_any();
    }
    let wanted: Vec<RwSignal<String>> = left.iter().map(|_| RwSignal::new(String::new())).collect();
    let reason = RwSignal::new(String::new());
    let all = {
        let (wanted, left) = (wanted.clone(), left.clone());
        move |_| {
            for (w, l) in wanted.iter().zip(&left) {
                w.set(if l.2 > 0 {
                    l.2.to_string()
                } else {
                    String::new()
                });
            }
        }
    };
    let on_submit = {
        let wanted = wanted.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let lines: Vec<RefundLine> = wanted
                .iter()
                .enumerate()
                .filter_map(|(n, w)| {
                    let quantity = w.get_untracked().trim().parse::<i64>().unwrap_or(0);
                    (quantity > 0).then_some(RefundLine {
                        line_no: n as u32 + 1,
                        quantity,
                    })
                })
                .collect();
            refund.dispatch(RefundSale {
                request_id: rid.current(),
                sale_id,
                lines,
                reason: reason.get_untracked(),
            });
        }
    };
    let rows = left
        .into_iter()
        .zip(wanted)
        .map(|((line_no, name, left), w)| {
            view! {
                <tr>
                    <td>{line_no}</td>
                    <td>{name.clone()}</td>
                    <td class="num">{left}</td>
                    <td><input class="qty" type="number" min="0" max=left step="1" name=format!("refund-{line_no}")
                        disabled=left <= 0 aria-label=move || format!("{} {name}", t_string!(i18n, refund_quantity))
                        prop:value=move || w.get() on:input=move |ev| w.set(event_target_value(&ev)) /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card no-print" id="refund">
            <h2>{t!(i18n, refund_title)}</h2>
            <form class="form" id="refund-form" novalidate on:submit=on_submit>
                <div class="scroll">
                <table class="list">
                    <thead><tr><th>"#"</th><th>{t!(i18n, field_item_name)}</th><th>{t!(i18n, refund_left)}</th><th>{t!(i18n, refund_quantity)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                </div>
                <label>{t!(i18n, field_reason)}<input name="reason" maxlength=domain::slip::REASON_MAX_CHARS
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) /></label>
                <ErrorNote error=action_error(refund.value()) />
                <p class="buttons">
                    <button type="button" id="refund-all" on:click=all>{t!(i18n, refund_all)}</button>
                    <button type="submit" class="primary" disabled=refund.pending()>{t!(i18n, refund_do)}</button>
                </p>
            </form>
        </section>
    }
    .into_any()
}
