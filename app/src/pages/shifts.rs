//! The latest shifts (H1), for a manager: who, where, when, the drawer's count,
//! and each shift's report per payment method. The head office sees every
//! store's and can pick one (`?store=N`); a branch its own.

use super::layout::Signed;
use super::till::MethodTable;
use crate::api::store_shifts;
use crate::error::ErrorNote;
use crate::i18n::*;
use domain::access::Section;
use domain::shift::CashCount;
use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StoreShiftsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let store = move || {
        query
            .try_with(|q| q.get("store").and_then(|s| s.parse::<i64>().ok()))
            .flatten()
    };
    let shifts = Resource::new(store, store_shifts);
    let body = move || {
        Suspend::new(async move {
            let (symbol, list, stores) = match shifts.await {
                Ok(s) => (s.currency_symbol, s.shifts, s.stores),
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            let chosen = store();
            let filter = (!stores.is_empty()).then(|| {
                let link = |to: Option<i64>, name: String| {
                    let href = to.map_or_else(
                        || "/till/shifts".to_owned(),
                        |id| format!("/till/shifts?store={id}"),
                    );
                    let current = (chosen == to).then_some("page");
                    view! { <a href=href aria-current=current>{name}</a> }
                };
                let all = link(
                    None,
                    td_string!(i18n.get_locale_untracked(), all_stores).to_owned(),
                );
                view! {
                    <nav class="tabs" id="shift-stores" aria-label=move || t_string!(i18n, store)>
                        {all}
                        {stores.into_iter().map(|(id, name)| link(Some(id), name)).collect_view()}
                    </nav>
                }
            });
            let list = list.into_iter()
                .map(|s| {
                    let money = |m: Option<domain::money::Money>| m.map(|m| m.with_symbol(&symbol)).unwrap_or_default();
                    let difference = match s.count {
                        Some(CashCount::Short(m)) => format!("-{}", m.with_symbol(&symbol)),
                        Some(CashCount::Over(m)) => format!("+{}", m.with_symbol(&symbol)),
                        Some(CashCount::Balanced) => "0".into(),
                        None => String::new(),
                    };
                    let title = format!(
                        "{} · {} · {} – {} · {} {} · {}",
                        s.store_name,
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
                .collect_view();
            view! { {filter} {list} }.into_any()
        })
    };
    view! {
        <Signed section=Section::Till>
            <h1>{t!(i18n, shift_all)}</h1>
            <Transition>{body}</Transition>
        </Signed>
    }
}
