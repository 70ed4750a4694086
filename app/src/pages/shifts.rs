//! Every shift of the store (H1), for a manager: who, when, the drawer's count,
//! and each shift's report per payment method.

use super::layout::Signed;
use super::till::MethodTable;
use crate::api::store_shifts;
use crate::error::ErrorNote;
use crate::i18n::*;
use domain::access::Section;
use domain::shift::CashCount;
use leptos::prelude::*;

#[component]
pub fn StoreShiftsPage() -> impl IntoView {
    let i18n = use_i18n();
    let shifts = Resource::new(|| (), |_| store_shifts());
    let body = move || {
        Suspend::new(async move {
            let (symbol, list) = match shifts.await {
                Ok(s) => (s.currency_symbol, s.shifts),
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            list.into_iter()
                .map(|s| {
                    let money = |m: Option<domain::money::Money>| m.map(|m| m.with_symbol(&symbol)).unwrap_or_default();
                    let difference = match s.count {
                        Some(CashCount::Short(m)) => format!("-{}", m.with_symbol(&symbol)),
                        Some(CashCount::Over(m)) => format!("+{}", m.with_symbol(&symbol)),
                        Some(CashCount::Balanced) => "0".into(),
                        None => String::new(),
                    };
                    let title = format!(
                        "{} · {} – {} · {} {} · {}",
                        s.cashier_name,
                        s.opened_at,
                        s.closed_at.clone().unwrap_or_else(|| "…".into()),
                        money(s.expected_cash),
                        money(s.counted_cash),
                        difference
                    );
                    view! {
                        <details class="card more shift">
                            <summary>{title}</summary>
                            <MethodTable summary=s.summary float=s.float counted=s.counted_cash symbol=symbol.clone() />
                        </details>
                    }
                })
                .collect_view()
                .into_any()
        })
    };
    view! {
        <Signed section=Section::Till>
            <h1>{t!(i18n, shift_all)}</h1>
            <Transition>{body}</Transition>
        </Signed>
    }
}
