//! The one error type every server function returns, and its text in the
//! user's language. Internal causes go to the log; the user gets a message key.

use crate::i18n::*;
use crate::text::{field_label, problem_text};
use domain::FieldError;
use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use leptos_i18n::td_string;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("invalid input: {0}")]
    Invalid(FieldError),
    /// Every problem of a form at once, each shown next to its field.
    #[error("invalid input: {0:?}")]
    Fields(Vec<FieldError>),
    #[error("not signed in")]
    NotSignedIn,
    #[error("permission refused")]
    Forbidden,
    #[error("wrong username or password")]
    WrongCredentials,
    #[error("account deactivated")]
    AccountInactive,
    #[error("already set up")]
    AlreadySetUp,
    #[error("not found in scope")]
    NotFound,
    #[error("current password wrong")]
    WrongCurrentPassword,
    #[error("not on one's own account")]
    NotOnSelf,
    #[error("head office stays active")]
    HeadOfficeStaysActive,
    #[error("a shift is already open")]
    ShiftAlreadyOpen,
    #[error("no open shift")]
    NoOpenShift,
    #[error("a backup is being made")]
    BackupBusy,
    /// This browser is not a registered till of the caller's store (S5).
    #[error("not a registered till")]
    NotATill,
    /// A pairing code that is wrong, used or run out.
    #[error("pairing code refused")]
    BadPairingCode,
    /// A card operation the rules refused, with the reason.
    #[error("refused: {0:?}")]
    Refused(domain::ledger::Refusal),
    /// Details are in the server log, never sent.
    #[error("internal error")]
    Internal,
    /// The request did not make it (network, encoding).
    #[error("transport: {0}")]
    Transport(String),
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(e)
    }
}

impl From<Vec<FieldError>> for AppError {
    fn from(mut errors: Vec<FieldError>) -> Self {
        match errors.len() {
            1 => AppError::Invalid(errors.remove(0)),
            _ => AppError::Fields(errors),
        }
    }
}

impl AppError {
    /// The problems of the form's fields this error names.
    pub fn field_errors(&self) -> Vec<FieldError> {
        match self {
            AppError::Invalid(e) => vec![*e],
            AppError::Fields(errors) => errors.clone(),
            _ => Vec::new(),
        }
    }
}

impl AppError {
    /// The HTTP status a refusal is answered with, so that logs and monitoring
    /// tell a wrong PIN from a crash: 400 invalid input, 401 not signed in,
    /// 403 forbidden, 404 not found, 409 refused by a rule, 429 locked after too
    /// many tries, 500 only for an internal error.
    pub fn status(&self) -> u16 {
        use domain::ledger::Refusal;
        match self {
            // On the server, a request whose arguments cannot be read.
            AppError::Invalid(_)
            | AppError::Fields(_)
            | AppError::Transport(_)
            | AppError::WrongCurrentPassword => 400,
            AppError::NotSignedIn | AppError::WrongCredentials => 401,
            AppError::Forbidden | AppError::AccountInactive | AppError::NotATill => 403,
            AppError::BadPairingCode => 400,
            AppError::NotFound | AppError::Refused(Refusal::CardNotFound) => 404,
            AppError::Refused(Refusal::PinLocked { .. }) => 429,
            AppError::AlreadySetUp
            | AppError::NotOnSelf
            | AppError::HeadOfficeStaysActive
            | AppError::ShiftAlreadyOpen
            | AppError::NoOpenShift
            | AppError::BackupBusy
            | AppError::Refused(_) => 409,
            AppError::Internal => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }

    /// On the server, also sets the response's status (`AppError::status`); the
    /// body stays the error, which the page translates.
    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
            && let Ok(status) = axum::http::StatusCode::from_u16(self.status())
        {
            response.set_status(status);
        }
        <Self::Encoder as leptos::server_fn::Encodes<Self>>::encode(self)
            .unwrap_or_else(|_| leptos::server_fn::Bytes::from_static(br#""Internal""#))
    }
}

/// What a person reads for `error` in `locale`.
pub fn error_text(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::Invalid(e) => {
            let separator = if locale == Locale::en { ": " } else { "：" };
            format!(
                "{}{separator}{}",
                field_label(locale, e.field),
                problem_text(locale, e.problem)
            )
        }
        AppError::Fields(errors) => errors
            .iter()
            .map(|e| error_text(locale, &AppError::Invalid(*e)))
            .collect::<Vec<_>>()
            .join(if locale == Locale::en { "; " } else { "；" }),
        AppError::NotSignedIn => td_string!(locale, err_not_signed_in).to_string(),
        AppError::Forbidden => td_string!(locale, err_forbidden).to_string(),
        AppError::WrongCredentials => td_string!(locale, err_wrong_credentials).to_string(),
        AppError::AccountInactive => td_string!(locale, err_inactive).to_string(),
        AppError::AlreadySetUp => td_string!(locale, err_already_set_up).to_string(),
        AppError::NotFound => td_string!(locale, err_not_found).to_string(),
        AppError::WrongCurrentPassword => {
            td_string!(locale, err_wrong_current_password).to_string()
        }
        AppError::NotOnSelf => td_string!(locale, err_not_on_self).to_string(),
        AppError::HeadOfficeStaysActive => td_string!(locale, err_head_office_active).to_string(),
        AppError::ShiftAlreadyOpen => td_string!(locale, err_shift_already_open).to_string(),
        AppError::NoOpenShift => td_string!(locale, err_no_open_shift).to_string(),
        AppError::BackupBusy => td_string!(locale, err_backup_busy).to_string(),
        AppError::NotATill => td_string!(locale, err_not_a_till).to_string(),
        AppError::BadPairingCode => td_string!(locale, err_bad_pairing_code).to_string(),
        AppError::Refused(refusal) => crate::text::refusal_text(locale, *refusal),
        AppError::Internal => td_string!(locale, err_internal).to_string(),
        AppError::Transport(_) => td_string!(locale, err_network).to_string(),
    }
}

/// Shows the error of the last attempt, if any, in the current language; in a
/// form, each field error also stands next to its field (`field_marks`).
#[component]
pub fn ErrorNote(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let anchor = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let locale = i18n.get_locale();
        let marks: Vec<(domain::Field, String)> = error
            .with(|e| e.as_ref().map(AppError::field_errors).unwrap_or_default())
            .into_iter()
            .map(|f| (f.field, problem_text(locale, f.problem)))
            .collect();
        #[cfg(feature = "hydrate")]
        if let Some(el) = anchor.get() {
            crate::field_marks::mark(&el, &marks);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (marks, anchor);
    });
    view! {
        <div class="note" node_ref=anchor>
            {move || {
                error.get().map(|e| {
                    view! { <p class="error" role="alert">{error_text(i18n.get_locale(), &e)}</p> }
                })
            }}
        </div>
    }
}

/// The error of a finished action's last result.
pub fn action_error<T, S>(value: S) -> Signal<Option<AppError>>
where
    T: 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || value.get().and_then(|r| r.err()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{Field, Problem};
    use std::collections::BTreeSet;

    fn keys(json: &str) -> BTreeSet<String> {
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(json).expect("locale JSON");
        for (key, value) in &map {
            assert!(
                value.as_str().is_some_and(|s| !s.trim().is_empty()),
                "{key} is empty"
            );
        }
        map.keys().cloned().collect()
    }

    /// A key missing from one file would silently show Simplified Chinese there.
    #[test]
    fn every_locale_translates_every_key() {
        let zh_cn = keys(include_str!("../locales/zh-CN.json"));
        assert_eq!(keys(include_str!("../locales/zh-TW.json")), zh_cn, "zh-TW");
        assert_eq!(keys(include_str!("../locales/en.json")), zh_cn, "en");
    }

    #[test]
    fn field_errors_read_as_a_sentence_in_each_language() {
        let e = AppError::Invalid(FieldError::new(
            Field::CompanyName,
            Problem::TooLong { max_chars: 60 },
        ));
        assert_eq!(
            error_text(Locale::zh_CN, &e),
            "公司名称：不能超过 60 个字符"
        );
        assert_eq!(
            error_text(Locale::zh_TW, &e),
            "公司名稱：不能超過 60 個字元"
        );
        assert_eq!(
            error_text(Locale::en, &e),
            "Company name: must be at most 60 characters"
        );
        let big = AppError::Invalid(FieldError::new(
            Field::Float,
            Problem::AmountTooLarge {
                max_fen: domain::money::MAX_AMOUNT_FEN,
            },
        ));
        assert_eq!(
            error_text(Locale::en, &big),
            "Float: cannot exceed 10000000.00"
        );
        let wrong = AppError::WrongCredentials;
        assert!(error_text(Locale::zh_CN, &wrong).contains("锁定"));
    }
}
