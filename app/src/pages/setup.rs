//! S1: the first-run wizard. Shown only while no company exists.

use super::layout::{LanguagePicker, Loading};
use crate::api::{SessionInfo, SetUp, current_session};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::company::{COMPANY_NAME_MAX_CHARS, CURRENCY_SYMBOL_MAX_CHARS, TIME_ZONES};
use domain::password::PASSWORD_MAX_CHARS;
use domain::staff::{STAFF_NAME_MAX_CHARS, USERNAME_MAX_CHARS};
use domain::store::STORE_NAME_MAX_CHARS;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn SetupPage() -> impl IntoView {
    let info = Resource::new(|| (), |_| current_session());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(SessionInfo::NeedsSetup) => view! { <SetupForm /> }.into_any(),
                    _ => view! { <Redirect path="/sign-in" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SetupForm() -> impl IntoView {
    let i18n = use_i18n();
    let set_up = ServerAction::<SetUp>::new();
    let done = move || matches!(set_up.value().get(), Some(Ok(())));
    let pending = set_up.pending();
    view! {
        <main class="narrow">
            <div class="corner">
                <LanguagePicker />
            </div>
            <h1>{t!(i18n, setup_title)}</h1>
            <Show
                when=done
                fallback=move || {
                    view! {
                        <p class="muted">{t!(i18n, setup_intro)}</p>
                        <ActionForm action=set_up attr:class="form" attr:id="setup-form" attr:novalidate=true>
                            <fieldset>
                                <legend>{t!(i18n, setup_company)}</legend>
                                <label>
                                    {t!(i18n, field_company_name)}
                                    <input name="company_name" required maxlength=COMPANY_NAME_MAX_CHARS />
                                </label>
                                <label>
                                    {t!(i18n, field_currency_symbol)}
                                    <input name="currency_symbol" value="¥" required maxlength=CURRENCY_SYMBOL_MAX_CHARS />
                                </label>
                                <label>
                                    {t!(i18n, field_time_zone)}
                                    <select name="time_zone">
                                        {TIME_ZONES
                                            .iter()
                                            .map(|zone| view! { <option value=*zone>{*zone}</option> })
                                            .collect_view()}
                                    </select>
                                </label>
                                <label>
                                    {t!(i18n, field_head_office_name)}
                                    <input name="head_office_name" required maxlength=STORE_NAME_MAX_CHARS />
                                </label>
                            </fieldset>
                            <fieldset>
                                <legend>{t!(i18n, setup_admin)}</legend>
                                <label>
                                    {t!(i18n, field_username)}
                                    <input name="admin_username" autocomplete="username" required maxlength=USERNAME_MAX_CHARS />
                                    <small class="muted">{t!(i18n, username_rules)}</small>
                                </label>
                                <label>
                                    {t!(i18n, field_staff_name)}
                                    <input name="admin_name" required maxlength=STAFF_NAME_MAX_CHARS />
                                </label>
                                <label>
                                    {t!(i18n, field_password)}
                                    <input name="admin_password" type="password" autocomplete="new-password" required maxlength=PASSWORD_MAX_CHARS />
                                    <small class="muted">{t!(i18n, password_rules)}</small>
                                </label>
                                <label>
                                    {t!(i18n, field_password_again)}
                                    <input name="admin_password_again" type="password" autocomplete="new-password" required maxlength=PASSWORD_MAX_CHARS />
                                </label>
                            </fieldset>
                            <ErrorNote error=action_error(set_up.value()) />
                            <button type="submit" class="primary" disabled=pending>
                                {t!(i18n, setup_submit)}
                            </button>
                        </ActionForm>
                    }
                }
            >
                // Signed in as the new admin: on to the shop.
                <p class="ok" role="status">{t!(i18n, setup_done)}</p>
                <Redirect path="/" />
            </Show>
        </main>
    }
}
