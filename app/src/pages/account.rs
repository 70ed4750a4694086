//! My account: who I am, what I may do, and my password.

use super::layout::{Signed, current_me};
use super::role_label;
use crate::api::ChangeMyPassword;
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::password::PASSWORD_MAX_CHARS;
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangeMyPassword>::new();
    let facts = move || {
        current_me().map(|me| {
            let role = me.staff.role;
            view! {
                <dl class="facts">
                    <dt>{t!(i18n, signed_in_as)}</dt>
                    <dd>{me.staff.name.clone()} " (" {me.staff.username.clone()} ")"</dd>
                    <dt>{t!(i18n, field_role)}</dt>
                    <dd>{move || role_label(i18n.get_locale(), role)}</dd>
                    <dt>{t!(i18n, store)}</dt>
                    <dd>{me.staff.store_name.clone()}</dd>
                </dl>
            }
        })
    };
    // The passwords leave the form once changed.
    Effect::new(move |_| {
        if let Some(Ok(())) = change.value().get() {
            super::forms::clear_form("change-password-form");
        }
    });
    view! {
        <Signed>
        <h1>{t!(i18n, account_title)}</h1>
        {facts}
        <section class="card">
            <h2>{t!(i18n, change_password)}</h2>
            <ActionForm action=change attr:class="form" attr:id="change-password-form" attr:novalidate=true>
                <label>
                    {t!(i18n, field_current_password)}
                    <input name="current_password" type="password" autocomplete="current-password" maxlength=PASSWORD_MAX_CHARS />
                </label>
                <label>
                    {t!(i18n, field_new_password)}
                    <input name="new_password" type="password" autocomplete="new-password" maxlength=PASSWORD_MAX_CHARS />
                    <small class="muted">{t!(i18n, password_rules)}</small>
                </label>
                <ErrorNote error=action_error(change.value()) />
                <Show when=move || matches!(change.value().get(), Some(Ok(())))>
                    <p class="ok" role="status">{t!(i18n, password_changed)}</p>
                </Show>
                <button type="submit" class="primary" disabled=change.pending()>{t!(i18n, save)}</button>
            </ActionForm>
        </section>
        </Signed>
    }
}
