//! The till (cashier's screen).

use super::layout::{Signed, current_me};
use crate::i18n::*;
use domain::access::Section;
use leptos::prelude::*;

#[component]
pub fn TillPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Signed section=Section::Till>
            <h1>{t!(i18n, nav_till)} " · " {move || current_me().map(|me| me.store_name)}</h1>
        </Signed>
    }
}
