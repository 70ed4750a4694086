//! S5: the shop's tills. The admin adds a till (its name and store) and gets a
//! one-time code to type on that PC; makes a new code when the PC changes;
//! revokes a till; and says whether only registered tills sell.

use super::forms::Submitted;
use super::layout::{SettingsTabs, Signed};
use crate::api::{
    AddTill, NewTillCode, PairTill, PairingCode, RevokeTill, SetTillsRequired, TillLine, TillsView,
    load_tills,
};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::access::Section;
use domain::till::TILL_NAME_MAX_CHARS;
use leptos::prelude::*;

#[component]
pub fn TillsPage() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddTill>::new();
    let code = ServerAction::<NewTillCode>::new();
    let revoke = ServerAction::<RevokeTill>::new();
    let rule = ServerAction::<SetTillsRequired>::new();
    let view_data = Resource::new(
        move || {
            (
                super::runs(add.version()),
                super::runs(code.version()),
                super::runs(revoke.version()),
                super::runs(rule.version()),
            )
        },
        |_| load_tills(),
    );
    let content = move || {
        Suspend::new(async move {
            match view_data.await {
                Ok(v) => page(v, add, code, revoke, rule).into_any(),
                Err(e) => view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            }
        })
    };
    view! {
        <Signed section=Section::Settings>
            <SettingsTabs />
            <h1>{t!(i18n, nav_tills)}</h1>
            <p class="muted">{t!(i18n, tills_intro)}</p>
            <Transition fallback=|| ()>{content}</Transition>
        </Signed>
    }
}

fn code_note(c: PairingCode) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="ok" role="status" id="pairing-code-note">
            <p>{move || td_string!(i18n.get_locale(), tills_code_for, name = c.name.clone(), until = c.until.clone()).to_string()}</p>
            <p class="big"><code id="pairing-code">{c.code.clone()}</code></p>
        </div>
    }
}

fn page(
    v: TillsView,
    add: ServerAction<AddTill>,
    code: ServerAction<NewTillCode>,
    revoke: ServerAction<RevokeTill>,
    rule: ServerAction<SetTillsRequired>,
) -> impl IntoView {
    let i18n = use_i18n();
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        add.dispatch(AddTill {
            name: f.text("name"),
            store_id: f.text("store_id").parse().unwrap_or_default(),
        });
    };
    let required = v.required;
    let chosen = v.store_id;
    let rule_box = v.may_change_rule.then(|| {
        view! {
            <label class="check">
                <input type="checkbox" id="tills-required" checked=required
                    on:change=move |_| { rule.dispatch(SetTillsRequired { on: !required }); } />
                {t!(i18n, tills_required)}
            </label>
            <ErrorNote error=action_error(rule.value()) />
        }
    });
    let fresh = move || {
        let added = add.value().get().and_then(Result::ok);
        let again = code.value().get().and_then(Result::ok);
        added.or(again).map(code_note)
    };
    view! {
        {rule_box}
        <form class="form" id="add-till-form" novalidate on:submit=on_add>
            <label>{t!(i18n, field_till_name)}
                <input name="name" maxlength=TILL_NAME_MAX_CHARS placeholder=move || t_string!(i18n, tills_name_hint).to_string() />
            </label>
            <label>{t!(i18n, store)}
                <select name="store_id">
                    {v.stores.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=id == chosen>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            <ErrorNote error=action_error(add.value()) />
            <button type="submit" class="primary" disabled=add.pending()>{t!(i18n, tills_add)}</button>
        </form>
        {fresh}
        <ErrorNote error=action_error(code.value()) />
        <ErrorNote error=action_error(revoke.value()) />
        <table class="list" id="tills">
            <thead><tr>
                <th>{t!(i18n, field_till_name)}</th>
                <th>{t!(i18n, store)}</th>
                <th>{t!(i18n, status)}</th>
                <th>{t!(i18n, tills_last_used)}</th>
                <th></th>
            </tr></thead>
            <tbody>{v.tills.into_iter().map(|t| till_row(t, code, revoke)).collect_view()}</tbody>
        </table>
    }
}

fn till_row(
    t: TillLine,
    code: ServerAction<NewTillCode>,
    revoke: ServerAction<RevokeTill>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = t.id;
    let state = match (&t.revoked, &t.paired, &t.code_until) {
        (Some(at), _, _) => (
            "revoked",
            td_string!(i18n.get_locale_untracked(), tills_revoked, at = at.clone()).to_string(),
        ),
        (None, Some(at), _) => (
            "paired",
            td_string!(i18n.get_locale_untracked(), tills_paired, at = at.clone()).to_string(),
        ),
        (None, None, Some(until)) => (
            "waiting",
            td_string!(
                i18n.get_locale_untracked(),
                tills_waiting,
                until = until.clone()
            )
            .to_string(),
        ),
        (None, None, None) => ("unpaired", t_string!(i18n, tills_unpaired).to_string()),
    };
    let live = t.revoked.is_none();
    let name = t.name.clone();
    view! {
        <tr data-state=state.0 data-name=t.name.clone()>
            <td>{t.name.clone()}</td>
            <td>{t.store_name}</td>
            <td>{state.1}</td>
            <td>{t.last_used.unwrap_or_default()}</td>
            <td class="actions">
                {live.then(|| view! {
                    <button type="button" class="new-code" on:click=move |_| { code.dispatch(NewTillCode { id }); }>
                        {t!(i18n, tills_new_code)}
                    </button>
                    " "
                    <button type="button" class="danger revoke" on:click=move |_| {
                        if super::confirm(&td_string!(i18n.get_locale_untracked(), tills_confirm_revoke, name = name.clone()).to_string()) {
                            revoke.dispatch(RevokeTill { id });
                        }
                    }>{t!(i18n, tills_revoke)}</button>
                })}
            </td>
        </tr>
    }
}

/// On the till page of a browser that is not yet a till: the code from the
/// admin, typed once.
#[component]
pub fn PairThisBrowser(pair: ServerAction<PairTill>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" id="pair-till">
            <p>{t!(i18n, err_not_a_till)}</p>
            <ActionForm action=pair attr:class="form inline" attr:novalidate=true>
                <label>{t!(i18n, field_pairing_code)}
                    <input name="code" autocomplete="off" maxlength=20 placeholder="ABCD-EFGH-JKMN" autofocus />
                </label>
                <ErrorNote error=action_error(pair.value()) />
                <button type="submit" class="primary" disabled=pair.pending()>{t!(i18n, tills_pair)}</button>
            </ActionForm>
        </section>
    }
}
