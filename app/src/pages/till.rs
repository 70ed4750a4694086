//! The till (cashier's screen).

use crate::api::Me;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn TillPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<Me>();
    view! {
        <h1>{t!(i18n, nav_till)} " · " {me.store_name.clone()}</h1>
    }
}
