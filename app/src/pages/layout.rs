//! The frame of every signed-in page: header, navigation by role, language.

use crate::api::{Me, SessionInfo, current_session, sign_out};
use crate::error::{AppError, ErrorNote};
use crate::i18n::*;
use domain::access::Section;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::use_navigate;

/// Where a section's navigation link leads.
pub fn section_path(section: Section) -> &'static str {
    match section {
        Section::Till => "/till",
        Section::Members => "/members",
        Section::Cards => "/cards",
        Section::Reports => "/reports",
        Section::Settings => "/settings/stores",
    }
}

/// Who is signed in, fetched once per page load and shared by the pages.
#[derive(Clone, Copy)]
pub struct SessionResource(pub Resource<Result<SessionInfo, AppError>>);

/// The signed-in person, once [`Signed`] has awaited the session.
pub fn current_me() -> Option<Me> {
    let info = use_context::<SessionResource>()?.0;
    match info.get_untracked()? {
        Ok(SessionInfo::SignedIn(me)) => Some(me),
        _ => None,
    }
}

/// Leads to set-up when there is no company, to sign-in when signed out, and
/// otherwise shows the header and navigation of this person's role.
///
/// The page (`Outlet`) renders outside any `Suspense`, so the resources a page
/// creates are created once, in the same order on the server and in the browser.
#[component]
pub fn SignedInLayout() -> impl IntoView {
    let info = Resource::new(|| (), |_| current_session());
    provide_context(SessionResource(info));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(SessionInfo::NeedsSetup) => view! { <Redirect path="/setup" /> }.into_any(),
                    Ok(SessionInfo::SignedOut) => view! { <Redirect path="/sign-in" /> }.into_any(),
                    Ok(SessionInfo::SignedIn(me)) => view! { <Header me /> }.into_any(),
                    Err(e) => view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
        <main class="page">
            <Outlet />
        </main>
    }
}

/// Shows `children` once someone is signed in and, when `section` is given, only
/// if their role may open it; others read why not. The server functions behind a
/// page refuse on their own as well. Create no resources inside `children`.
#[component]
pub fn Signed(#[prop(optional)] section: Option<Section>, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let info = expect_context::<SessionResource>().0;
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(SessionInfo::SignedIn(me)) => {
                        if section.is_none_or(|s| me.sections.contains(&s)) {
                            children.with_value(|children| children()).into_any()
                        } else {
                            view! {
                                <h1>{t!(i18n, no_access_title)}</h1>
                                <ErrorNote error=Signal::stored(Some(AppError::Forbidden)) />
                            }
                            .into_any()
                        }
                    }
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading">{t!(i18n, loading)}</p> }
}

/// `/`: opens the first section this person may use.
#[component]
pub fn Home() -> impl IntoView {
    view! {
        <Signed>
            {move || {
                let first = current_me().and_then(|me| me.sections.first().copied());
                let path = first.map(section_path).unwrap_or("/account");
                view! { <Redirect path=path /> }
            }}
        </Signed>
    }
}

#[component]
fn Header(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let sign_out = Action::new(|_: &()| sign_out());
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            navigate("/sign-in", Default::default());
        }
    });
    let role = me.staff.role;
    let links = me
        .sections
        .clone()
        .into_iter()
        .map(|section| {
            let label = move || match section {
                Section::Till => t_string!(i18n, nav_till),
                Section::Members => t_string!(i18n, nav_members),
                Section::Cards => t_string!(i18n, nav_cards),
                Section::Reports => t_string!(i18n, nav_reports),
                Section::Settings => t_string!(i18n, nav_settings),
            };
            let class = match section {
                Section::Till => "nav-till",
                Section::Members => "nav-members",
                Section::Cards => "nav-cards",
                Section::Reports => "nav-reports",
                Section::Settings => "nav-settings",
            };
            view! {
                <li class=class>
                    <A href=section_path(section)>{label}</A>
                </li>
            }
        })
        .collect_view();
    view! {
        <header class="top">
            <div class="brand">
                <strong>{me.company_name.clone()}</strong>
                <span class="muted">{me.staff.store_name.clone()}</span>
            </div>
            <nav aria-label=move || t_string!(i18n, nav_main)>
                <ul class="nav">
                    {links}
                    <li class="nav-account">
                        <A href="/account">{t!(i18n, nav_account)}</A>
                    </li>
                </ul>
            </nav>
            <div class="who">
                <span class="me">
                    {me.staff.name.clone()} " · " {move || super::role_label(i18n.get_locale(), role)}
                </span>
                <LanguagePicker />
                <button class="link" on:click=move |_| { sign_out.dispatch(()); }>
                    {t!(i18n, sign_out)}
                </button>
            </div>
        </header>
    }
}

/// Simplified Chinese, Traditional Chinese or English; remembered in a cookie.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        if let Some(locale) = Locale::get_all().iter().find(|l| l.as_str() == chosen) {
            i18n.set_locale(*locale);
        }
    };
    let options = [
        (Locale::zh_CN, "简体中文"),
        (Locale::zh_TW, "繁體中文"),
        (Locale::en, "English"),
    ];
    view! {
        <label class="language">
            <span class="sr-only">{t!(i18n, language)}</span>
            <select name="language" on:change=on_change prop:value=move || i18n.get_locale().as_str()>
                {options
                    .into_iter()
                    .map(|(locale, name)| {
                        view! {
                            <option value=locale.as_str() selected=move || i18n.get_locale() == locale>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The second row of navigation inside Settings.
#[component]
pub fn SettingsTabs() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="tabs">
            <A href="/settings/stores">{t!(i18n, nav_stores)}</A>
            <A href="/settings/staff">{t!(i18n, nav_staff)}</A>
            <A href="/settings/shop">{t!(i18n, nav_shop_settings)}</A>
            <A href="/settings/payment-methods">{t!(i18n, nav_pay_methods)}</A>
            <A href="/settings/catalogue">{t!(i18n, nav_catalogue)}</A>
            <A href="/settings/levels">{t!(i18n, nav_levels)}</A>
            <A href="/settings/loyalty">{t!(i18n, nav_loyalty)}</A>
            <A href="/settings/gifts">{t!(i18n, nav_gifts)}</A>
            <A href="/settings/rebate">{t!(i18n, nav_rebate)}</A>
            <A href="/settings/promotions">{t!(i18n, nav_promotions)}</A>
            <A href="/settings/plans">{t!(i18n, nav_plans)}</A>
            <A href="/settings/member-fields">{t!(i18n, nav_member_fields)}</A>
            <A href="/settings/backups">{t!(i18n, nav_backups)}</A>
            <A href="/settings/tills">{t!(i18n, nav_tills)}</A>
            <A href="/till/readers">{t!(i18n, nav_readers)}</A>
        </nav>
    }
}
