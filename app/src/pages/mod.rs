//! One module a screen.

pub mod account;
pub mod audit;
pub mod backups;
pub mod basket;
pub mod card;
pub mod card_actions;
pub mod cards;
pub mod catalogue;
pub mod forms;
pub mod gifts;
pub mod layout;
pub mod levels;
pub mod loyalty;
pub mod member_form;
pub mod member_import;
pub mod member_points;
pub mod member_redeem;
pub mod members;
pub mod pay_methods;
pub mod plans;
pub mod promotions;
pub mod readers;
pub mod rebate;
pub mod receipt;
pub mod refund_form;
pub mod report_detail;
pub mod reports;
pub mod sale;
pub mod sale_items;
pub mod sale_pay;
pub mod setup;
pub mod shifts;
pub mod shop_settings;
pub mod sign_in;
pub mod slip;
pub mod staff;
pub mod stores;
pub mod till;
pub mod till_desk;
pub mod tills;

use crate::error::{AppError, ErrorNote};
use crate::i18n::*;
use domain::access::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A column heading (or any fixed label) in a given language.
pub type Label = fn(Locale) -> &'static str;

/// How many times an action has run, for a resource's source to reload after it.
///
/// On the server a resource's task can outlive its page: a browser that gives up
/// on a page (a reload, a redirect) drops the render and its signals while the
/// resource's task may still re-read its source. A source must therefore read
/// with `try_` and never panic on a signal that is gone.
pub fn runs(version: RwSignal<usize>) -> usize {
    version.try_get().unwrap_or_default()
}

/// The records a resource loads, as a table with one row each; or the error.
#[component]
pub fn ListTable<T, F, V>(
    id: &'static str,
    headers: &'static [Label],
    records: Resource<Result<Vec<T>, AppError>>,
    row: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let table = move || {
        Suspend::new(async move {
            match records.await {
                Ok(list) => view! {
                    <table class="list" id=id>
                        <thead>
                            <tr>
                                {headers
                                    .iter()
                                    .map(|label| {
                                        let label = *label;
                                        view! { <th>{move || label(i18n.get_locale())}</th> }
                                    })
                                    .collect_view()}
                            </tr>
                        </thead>
                        <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                    </table>
                }
                .into_any(),
                Err(e) => view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            }
        })
    };
    view! { <Transition>{table}</Transition> }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main class="narrow">
            <h1>{t!(i18n, not_found_title)}</h1>
            <A href="/">{t!(i18n, back_home)}</A>
        </main>
    }
}

/// A role's name in `locale`.
pub fn role_label(locale: Locale, role: Role) -> &'static str {
    use leptos_i18n::td_string;
    match role {
        Role::Admin => td_string!(locale, role_admin),
        Role::Manager => td_string!(locale, role_manager),
        Role::Cashier => td_string!(locale, role_cashier),
        Role::Finance => td_string!(locale, role_finance),
        Role::Staff => td_string!(locale, role_staff),
    }
}

/// Asks the person to confirm an action that is hard to undo.
pub fn confirm(message: &str) -> bool {
    window().confirm_with_message(message).unwrap_or(false)
}
