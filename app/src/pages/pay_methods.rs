//! Payment methods (V4): the four built in and the shop's own (WeChat Pay,
//! Alipay, vouchers …), each with a name per language and whether its money
//! goes into the cash drawer; methods are switched off, never deleted.

use super::forms::Submitted;
use super::layout::{SettingsTabs, Signed};
use crate::api::{AddPayMethod, SavePayMethod, SetPayMethodActive, pay_methods};
use crate::error::{AppError, ErrorNote};
use crate::i18n::*;
use crate::text::method_name;
use domain::access::Section;
use domain::pay_method::{METHOD_NAME_MAX_CHARS, MethodForm, PayMethod};
use leptos::prelude::*;

#[component]
pub fn PayMethodsPage() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddPayMethod>::new();
    let save = ServerAction::<SavePayMethod>::new();
    let switch = ServerAction::<SetPayMethodActive>::new();
    let list = Resource::new(
        move || {
            (
                super::runs(add.version()),
                super::runs(save.version()),
                super::runs(switch.version()),
            )
        },
        |_| pay_methods(),
    );
    let editing = RwSignal::new(None::<PayMethod>);
    // What the last save did, in words ("Saved: WeChat Pay"), until the next.
    let saved = RwSignal::new(None::<String>);
    let typed_name = RwSignal::new(String::new());
    let error = Signal::derive(move || {
        add.value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| save.value().get().and_then(|r| r.err()))
    });
    Effect::new(move |_| {
        let added = matches!(add.value().get(), Some(Ok(_)));
        let changed = matches!(save.value().get(), Some(Ok(())));
        if added || changed {
            saved.set(Some(typed_name.get_untracked()));
            editing.set(None);
            super::forms::clear_form("pay-method-form");
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        let form = MethodForm {
            name_zh_cn: f.text("name_zh_cn"),
            name_zh_tw: f.text("name_zh_tw"),
            name_en: f.text("name_en"),
            into_drawer: f.checked("into_drawer").is_some(),
        };
        let names = domain::pay_method::MethodNames {
            zh_cn: form.name_zh_cn.trim().to_owned(),
            zh_tw: form.name_zh_tw.trim().to_owned(),
            en: form.name_en.trim().to_owned(),
        };
        typed_name.set(
            names
                .get(crate::text::locale_tag(i18n.get_locale_untracked()))
                .to_owned(),
        );
        saved.set(None);
        // Only the latest attempt's refusal shows.
        add.value().set(None);
        save.value().set(None);
        match editing.get_untracked() {
            Some(m) => {
                save.dispatch(SavePayMethod { code: m.code, form });
            }
            None => {
                add.dispatch(AddPayMethod { form });
            }
        }
    };
    let table = move || {
        Suspend::new(async move {
            let methods = match list.await {
                Ok(m) => m,
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            let rows = methods
                .into_iter()
                .map(|m| {
                    let (code, names) = (m.code.clone(), m.names.clone());
                    let name = move || method_name(i18n.get_locale(), &code, &names);
                    let shown = m.clone();
                    let code = m.code.clone();
                    let active = m.active;
                    view! {
                        <tr class:inactive=!m.active>
                            <td>{name}</td>
                            <td>{if m.into_drawer { t!(i18n, yes).into_any() } else { t!(i18n, no).into_any() }}</td>
                            <td>{if m.active { t!(i18n, method_on).into_any() } else { t!(i18n, method_off).into_any() }}</td>
                            <td>
                                {(!m.built_in()).then(|| view! {
                                    <button type="button" class="link" on:click=move |_| { saved.set(None); editing.set(Some(shown.clone())) }>{t!(i18n, edit)}</button>
                                })}
                                {m.can_switch_off().then(|| view! {
                                    <button type="button" class="link"
                                        on:click=move |_| { switch.dispatch(SetPayMethodActive { code: code.clone(), active: !active }); }>
                                        {if active { t!(i18n, method_switch_off).into_any() } else { t!(i18n, method_switch_on).into_any() }}
                                    </button>
                                })}
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="list" id="pay-methods">
                    <thead><tr>
                        <th>{t!(i18n, field_payment_method)}</th><th>{t!(i18n, method_into_drawer)}</th>
                        <th>{t!(i18n, status)}</th><th>{t!(i18n, actions)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        })
    };
    let form = move || {
        let m = editing.get();
        let names = m.as_ref().map(|m| m.names.clone()).unwrap_or_default();
        let into_drawer = m.as_ref().is_some_and(|m| m.into_drawer);
        let editing_one = m.is_some();
        let name_input =
            move |label: fn(Locale) -> &'static str, name: &'static str, value: String| {
                view! {
                    <label>{move || label(i18n.get_locale())}
                        <input name=name value=value maxlength=METHOD_NAME_MAX_CHARS />
                    </label>
                }
            };
        view! {
            <section class="card">
            <form class="form" id="pay-method-form" novalidate on:submit=on_submit>
                <h2>{if editing_one { t!(i18n, method_edit).into_any() } else { t!(i18n, method_add).into_any() }}</h2>
                {name_input(|l| td_string!(l, field_method_name_zh_cn), "name_zh_cn", names.zh_cn)}
                {name_input(|l| td_string!(l, field_method_name_zh_tw), "name_zh_tw", names.zh_tw)}
                {name_input(|l| td_string!(l, field_method_name_en), "name_en", names.en)}
                <small class="muted">{t!(i18n, method_names_hint)}</small>
                <label class="check"><input type="checkbox" name="into_drawer" checked=into_drawer />{t!(i18n, method_into_drawer_hint)}</label>
                <ErrorNote error />
                <button type="submit" class="primary" disabled=move || add.pending().get() || save.pending().get()>
                    {if editing_one { t!(i18n, save).into_any() } else { t!(i18n, method_add).into_any() }}
                </button>
                {editing_one.then(|| view! { <button type="button" on:click=move |_| editing.set(None)>{t!(i18n, cancel)}</button> })}
            </form>
            </section>
        }
    };
    view! {
        <Signed section=Section::Settings>
            <SettingsTabs />
            <h1>{t!(i18n, nav_pay_methods)}</h1>
            <p class="muted">{t!(i18n, pay_methods_intro)}</p>
            <Transition fallback=|| ()>{table}</Transition>
            {move || saved.get().map(|name| view! { <p class="ok" role="status" id="method-saved">{t!(i18n, saved_named, name = name)}</p> })}
            {form}
            <ErrorNote error=Signal::derive(move || switch.value().get().and_then(Result::err).filter(|e: &AppError| e.field_errors().is_empty())) />
        </Signed>
    }
}
