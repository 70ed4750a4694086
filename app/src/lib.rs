//! The Leptos application: routes, pages, components and server functions.
#![recursion_limit = "512"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
#[cfg(feature = "ssr")]
pub mod audit_view;
#[cfg(web_sys_unstable_apis)]
pub mod bridge_link;
pub mod error;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod export_members;
pub mod field_marks;
#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod import_file;
mod pages;
#[cfg(feature = "ssr")]
pub mod portal;
pub mod readers;
pub mod text;

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

/// The HTML document around the application, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    security_headers();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HashedStylesheet id="leptos" options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// A Content-Security-Policy that allows only our own files and the inline
/// scripts Leptos marks with this response's nonce; connections go to this
/// site and to the PC/SC bridge on this PC's loopback address (K3).
#[cfg(feature = "ssr")]
fn security_headers() {
    use axum::http::{HeaderValue, header};
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// How long the language choice is remembered.
const LANGUAGE_COOKIE_DAYS: i64 = 365;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Effects run only in the browser, after hydration: from here on every button
    // and select reacts. Browser tests wait for this mark before they interact.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "");
        }
    });
    // The language chosen in the header holds for the whole site and for a year,
    // not only for the page's folder until the browser closes.
    let language_cookie = leptos_i18n::context::CookieOptions::<Locale>::default()
        .path("/".to_owned())
        .max_age(LANGUAGE_COOKIE_DAYS * 24 * 60 * 60 * 1_000);
    view! {
        <I18nContextProvider cookie_options=language_cookie>
            <AppTitle />
            <Router>
                <Routes fallback=pages::NotFound>
                    <Route path=path!("/setup") view=pages::setup::SetupPage />
                    <Route path=path!("/sign-in") view=pages::sign_in::SignInPage />
                    <ParentRoute path=path!("") view=pages::layout::SignedInLayout>
                        <Route path=path!("") view=pages::layout::Home />
                        <Route path=path!("till") view=pages::till::TillPage />
                        <Route path=path!("till/readers") view=pages::readers::ReadersPage />
                        <Route path=path!("till/shifts") view=pages::shifts::StoreShiftsPage />
                        <Route path=path!("shifts") view=|| view! { <Redirect path="/till/shifts" /> } />
                        <Route path=path!("receipts/:id") view=pages::receipt::ReceiptPage />
                        <Route path=path!("members") view=pages::members::MembersPage />
                        <Route path=path!("members/new") view=pages::member_form::MemberEditPage />
                        <Route path=path!("members/import") view=pages::member_import::MemberImportPage />
                        <Route path=path!("members/:id") view=pages::members::MemberPage />
                        <Route path=path!("members/:id/edit") view=pages::member_form::MemberEditPage />
                        <Route path=path!("cards") view=pages::cards::CardsPage />
                        <Route path=path!("cards/:id") view=pages::card::CardPage />
                        <Route path=path!("slips/:id") view=pages::slip::SlipPage />
                        <Route path=path!("reports") view=pages::reports::DashboardPage />
                        <Route path=path!("reports/liability") view=pages::report_detail::LiabilityPage />
                        <Route path=path!("reports/clearing") view=pages::report_detail::ClearingPage />
                        <Route path=path!("reports/sales") view=pages::report_detail::SalesReportPage />
                        <Route path=path!("reports/recharges") view=pages::report_detail::RechargesReportPage />
                        <Route path=path!("reports/audit") view=pages::audit::AuditPage />
                        <Route path=path!("reports/security") view=pages::audit::SecurityPage />
                        <Route path=path!("settings/shop") view=pages::shop_settings::ShopSettingsPage />
                        <Route path=path!("settings/plans") view=pages::plans::PlansPage />
                        <Route path=path!("settings/member-fields") view=pages::plans::MemberFieldsPage />
                        <Route path=path!("settings/catalogue") view=pages::catalogue::CataloguePage />
                        <Route path=path!("settings/levels") view=pages::levels::LevelsPage />
                        <Route path=path!("settings/stores") view=pages::stores::StoresPage />
                        <Route path=path!("settings/staff") view=pages::staff::StaffPage />
                        <Route path=path!("settings/payment-methods") view=pages::pay_methods::PayMethodsPage />
                        <Route path=path!("settings/loyalty") view=pages::loyalty::LoyaltyPage />
                        <Route path=path!("settings/gifts") view=pages::gifts::GiftsPage />
                        <Route path=path!("settings/rebate") view=pages::rebate::RebatePage />
                        <Route path=path!("settings/promotions") view=pages::promotions::PromotionsPage />
                        <Route path=path!("settings/backups") view=pages::backups::BackupsPage />
                        <Route path=path!("settings/tills") view=pages::tills::TillsPage />
                        <Route path=path!("account") view=pages::account::AccountPage />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

#[component]
fn AppTitle() -> impl IntoView {
    let i18n = use_i18n();
    // The server writes the title once, in the page's language, and never reads the
    // locale signal again: the head can be rendered after a dropped page's signals
    // are gone. In the browser the title follows the language.
    let on_server = leptos_i18n::td_string!(i18n.get_locale_untracked(), app_name).to_string();
    let text = move || {
        if cfg!(feature = "ssr") {
            on_server.clone()
        } else {
            t_string!(i18n, app_name).to_string()
        }
    };
    view! { <Title text=text /> }
}
