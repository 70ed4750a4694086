//! What the card and member forms share: reading a submitted form, request ids,
//! and money as the shop writes it.

use crate::i18n::*;
use domain::money::Money;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use web_sys::{FormData, HtmlFormElement};

/// The fields of a submitted form, read by name.
pub struct Submitted(FormData);

impl Submitted {
    /// Stops the browser's own submit and reads the form.
    pub fn of(ev: &SubmitEvent) -> Option<Submitted> {
        ev.prevent_default();
        let form: HtmlFormElement = event_target(ev);
        FormData::new_with_form(&form).ok().map(Submitted)
    }

    /// The field's text; empty when absent (an unchecked box).
    pub fn text(&self, name: &str) -> String {
        self.0.get(name).as_string().unwrap_or_default()
    }

    pub fn id(&self, name: &str) -> i64 {
        self.text(name).trim().parse().unwrap_or(0)
    }

    pub fn checked(&self, name: &str) -> Option<String> {
        self.0.get(name).as_string().map(|_| "on".to_owned())
    }
}

/// A request id for the next attempt of one form: the same id until an answer
/// arrives (so a double click or a retry after a network error cannot act
/// twice), a new one after.
#[derive(Clone, Copy)]
pub struct RequestId(RwSignal<String>);

impl RequestId {
    pub fn new() -> Self {
        RequestId(RwSignal::new(String::new()))
    }

    /// The id of the attempt in progress (made in the browser when first asked).
    pub fn current(self) -> String {
        if self.0.get_untracked().is_empty() {
            let random = (js_sys::Math::random() * 1e15) as u64;
            let now = js_sys::Date::now() as u64;
            self.0.set(format!("{now:x}-{random:x}"));
        }
        self.0.get_untracked()
    }

    /// After an answer: the next attempt is a new request.
    pub fn next(self) {
        self.0.set(String::new());
    }
}

/// Renews `id` whenever `action` has an answer that is not a network failure.
pub fn renew_after<I, O>(action: ServerAction<I>, id: RequestId)
where
    I: leptos::server_fn::ServerFn<Output = O, Error = crate::error::AppError>
        + Clone
        + Send
        + Sync
        + 'static,
    O: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(result) = action.value().get()
            && !matches!(result, Err(crate::error::AppError::Transport(_)))
        {
            id.next();
        }
    });
}

/// Money with the shop's currency symbol.
pub fn money(fen: i64, symbol: &str) -> String {
    Money::from_fen(fen).with_symbol(symbol)
}

/// A signed change: "+¥10.00", "-¥4.50", or empty for none.
pub fn delta(fen: i64, symbol: &str) -> String {
    match fen {
        0 => String::new(),
        f if f > 0 => format!("+{}", money(f, symbol)),
        f => money(f, symbol),
    }
}

/// The payment method choices for money at the counter: the methods switched
/// on (the shop's own too), without the member's card.
#[component]
pub fn PaymentSelect(#[prop(default = "payment")] name: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let methods: Vec<domain::pay_method::PayMethod> = super::layout::current_me()
        .map(|me| me.pay_methods)
        .unwrap_or_default()
        .into_iter()
        .filter(|m| m.code != "member_card")
        .collect();
    let options = move || {
        methods
            .iter()
            .map(|m| {
                let label = crate::text::method_name(i18n.get_locale(), &m.code, &m.names);
                view! { <option value=m.code.clone()>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <label>
            {t!(i18n, field_payment_method)}
            <select name=name>{options}</select>
        </label>
    }
}

/// The form last submitted on a page (by its id), emptied once its action
/// succeeds, so that pressing Enter again cannot repeat a done operation with a
/// new request id. (After a refusal the fields stay, to be corrected.)
#[derive(Clone, Copy)]
pub struct LastForm(RwSignal<Option<String>>);

impl LastForm {
    pub fn new() -> Self {
        LastForm(RwSignal::new(None))
    }

    pub fn remember(self, ev: &SubmitEvent) {
        let form: HtmlFormElement = event_target(ev);
        self.0.set(Some(form.id()));
    }

    pub fn clear_after<I, O>(self, action: ServerAction<I>)
    where
        I: leptos::server_fn::ServerFn<Output = O, Error = crate::error::AppError>
            + Clone
            + Send
            + Sync
            + 'static,
        O: Clone + Send + Sync + 'static,
    {
        Effect::new(move |_| {
            if let Some(Ok(_)) = action.value().get()
                && let Some(id) = self.0.get_untracked()
            {
                clear_form(&id);
            }
        });
    }
}

/// Puts the plan's next free card number into the text box `input_id` (the
/// cashier may change it); leaves the box alone when the plan has no prefix.
pub fn suggest_card_number(plan_id: i64, input_id: &'static str) {
    use leptos::wasm_bindgen::JsCast;
    leptos::task::spawn_local(async move {
        if let Ok(Some(number)) = crate::api::suggest_card_no(plan_id).await
            && let Some(input) = document()
                .get_element_by_id(input_id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.set_value(&number);
        }
    });
}

/// Suggests a number for the plan chosen first, once the page runs in the
/// browser, and for every plan chosen after (`on:change` of the select).
pub fn suggest_on_change(ev: leptos::ev::Event, input_id: &'static str) {
    if let Ok(plan_id) = event_target_value(&ev).parse::<i64>() {
        suggest_card_number(plan_id, input_id);
    }
}

/// After `action` succeeds, empties the form `form_id` (its passwords with it)
/// and says what was saved: "Saved: <name>", the name being the form's field
/// `name_field` as it was sent ("Saved" alone when there is none). A refused
/// form keeps what was typed, to be corrected.
#[component]
pub fn SavedNote<I, O>(
    action: ServerAction<I>,
    form_id: &'static str,
    #[prop(optional)] name_field: Option<&'static str>,
) -> impl IntoView
where
    I: leptos::server_fn::ServerFn<Output = O, Error = crate::error::AppError>
        + Clone
        + Send
        + Sync
        + 'static,
    O: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let saved = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(result) = action.value().get() else {
            return;
        };
        let Some(form) = form_by_id(form_id) else {
            return;
        };
        if result.is_err() {
            saved.set(None);
            return;
        }
        let name = name_field
            .and_then(|f| FormData::new_with_form(&form).ok()?.get(f).as_string())
            .map(|n| n.trim().to_owned())
            .unwrap_or_default();
        saved.set(Some(name));
        form.reset();
    });
    move || {
        saved.get().map(|name| {
            let text = if name.is_empty() {
                t_string!(i18n, saved).to_string()
            } else {
                t_string!(i18n, saved_named, name = name).to_string()
            };
            view! { <p class="ok saved" role="status">{text}</p> }
        })
    }
}

/// The page's form `id`, if it is there.
fn form_by_id(id: &str) -> Option<HtmlFormElement> {
    use leptos::wasm_bindgen::JsCast;
    document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<HtmlFormElement>().ok())
}

/// Empties the form `id` (its fields back to their first values).
pub fn clear_form(id: &str) {
    if let Some(form) = form_by_id(id) {
        form.reset();
    }
}
