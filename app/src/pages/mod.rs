//! One module a screen.

pub mod account;
pub mod layout;
pub mod setup;
pub mod sign_in;
pub mod staff;
pub mod stores;
pub mod till;

use crate::i18n::*;
use domain::access::Role;
use leptos::prelude::*;
use leptos_router::components::A;

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
