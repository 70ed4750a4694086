//! Staff sign-in.

use super::layout::{LanguagePicker, Loading};
use crate::api::{SessionInfo, SignIn, current_session};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::password::PASSWORD_MAX_CHARS;
use domain::staff::USERNAME_MAX_CHARS;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SignInPage() -> impl IntoView {
    let info = Resource::new(|| (), |_| current_session());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(SessionInfo::NeedsSetup) => view! { <Redirect path="/setup" /> }.into_any(),
                    Ok(SessionInfo::SignedIn(_)) => view! { <Redirect path="/" /> }.into_any(),
                    _ => view! { <SignInForm /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignInForm() -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = ServerAction::<SignIn>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_in.value().get() {
            navigate("/", Default::default());
        }
    });
    view! {
        <main class="narrow">
            <div class="corner">
                <LanguagePicker />
            </div>
            <h1>{t!(i18n, sign_in_title)}</h1>
            <ActionForm action=sign_in attr:class="form" attr:id="sign-in-form" attr:novalidate=true>
                <label>
                    {t!(i18n, field_username)}
                    <input name="username" autocomplete="username" required autofocus maxlength=USERNAME_MAX_CHARS />
                </label>
                <label>
                    {t!(i18n, field_password)}
                    <input name="password" type="password" autocomplete="current-password" required maxlength=PASSWORD_MAX_CHARS />
                </label>
                <ErrorNote error=action_error(sign_in.value()) />
                <button type="submit" class="primary" disabled=sign_in.pending()>
                    {move || if sign_in.pending().get() { t_string!(i18n, signing_in) } else { t_string!(i18n, sign_in_submit) }}
                </button>
            </ActionForm>
        </main>
    }
}
