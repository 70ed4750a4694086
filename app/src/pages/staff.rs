//! S4: staff accounts, roles and home stores; admin password reset.

use super::forms::SavedNote;
use super::layout::{SettingsTabs, Signed};
use super::{Label, ListTable};
use super::{confirm, role_label};
use crate::api::{
    CreateStaff, ResetStaffPassword, SetStaffActive, StaffView, Store, UpdateStaff, list_staff,
    list_stores,
};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::access::Role;
use domain::access::Section;
use domain::password::PASSWORD_MAX_CHARS;
use domain::staff::{STAFF_NAME_MAX_CHARS, USERNAME_MAX_CHARS};
use leptos::prelude::*;
use leptos_i18n::td_string;

#[component]
pub fn StaffPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateStaff>::new();
    let update = ServerAction::<UpdateStaff>::new();
    let set_active = ServerAction::<SetStaffActive>::new();
    let reset = ServerAction::<ResetStaffPassword>::new();
    let editing = RwSignal::new(None::<StaffView>);
    let resetting = RwSignal::new(None::<StaffView>);
    let staff = Resource::new(
        move || {
            (
                super::runs(create.version()),
                super::runs(update.version()),
                super::runs(set_active.version()),
                super::runs(reset.version()),
            )
        },
        |_| list_staff(),
    );
    let stores = Resource::new(|| (), |_| list_stores());
    Effect::new(move |_| {
        if let Some(Ok(())) = update.value().get() {
            editing.set(None);
        }
    });
    // A new password never stays in the form.
    Effect::new(move |_| {
        if let Some(Ok(())) = reset.value().get() {
            super::forms::clear_form("reset-password-form");
        }
    });
    let store_options = move |selected: i64| {
        Suspend::new(async move {
            let list = stores.await.unwrap_or_default();
            view! { <StoreSelect stores=list selected /> }
        })
    };
    view! {
        <Signed section=Section::Settings>
        <SettingsTabs />
        <h1>{t!(i18n, staff_title)}</h1>
        <ErrorNote error=action_error(set_active.value()) />
        <ListTable id="staff" headers=STAFF_COLUMNS records=staff row=move |person| view! { <StaffRow person editing resetting set_active /> } />
        {move || {
            editing
                .get()
                .map(|person| {
                    let store_id = person.home_store_id;
                    view! {
                        <section class="card">
                            <h2>{t!(i18n, staff_edit)} " · " {person.username.clone()}</h2>
                            <ActionForm action=update attr:class="form" attr:id="edit-staff-form" attr:novalidate=true>
                                <input type="hidden" name="id" value=person.id />
                                <div class="grid">
                                    <label>
                                        {t!(i18n, field_staff_name)}
                                        <input name="name" value=person.name.clone() maxlength=STAFF_NAME_MAX_CHARS />
                                    </label>
                                    <RoleSelect selected=Some(person.role) />
                                    <Transition>{store_options(store_id)}</Transition>
                                </div>
                                <ErrorNote error=action_error(update.value()) />
                                <div class="buttons">
                                    <button type="submit" class="primary">{t!(i18n, save)}</button>
                                    <button type="button" on:click=move |_| editing.set(None)>{t!(i18n, cancel)}</button>
                                </div>
                            </ActionForm>
                        </section>
                    }
                })
        }}
        {move || {
            resetting
                .get()
                .map(|person| {
                    view! {
                        <section class="card">
                            <h2>{t!(i18n, reset_password)} " · " {person.username.clone()}</h2>
                            <ActionForm action=reset attr:class="form" attr:id="reset-password-form" attr:novalidate=true>
                                <input type="hidden" name="id" value=person.id />
                                <label>
                                    {t!(i18n, field_new_password)}
                                    <input name="new_password" type="password" autocomplete="new-password" maxlength=PASSWORD_MAX_CHARS />
                                    <small class="muted">{t!(i18n, password_rules)}</small>
                                </label>
                                <ErrorNote error=action_error(reset.value()) />
                                <Show when=move || matches!(reset.value().get(), Some(Ok(())))>
                                    <p class="ok" role="status">{t!(i18n, password_reset_done)}</p>
                                </Show>
                                <div class="buttons">
                                    <button type="submit" class="primary">{t!(i18n, save)}</button>
                                    <button type="button" on:click=move |_| resetting.set(None)>{t!(i18n, cancel)}</button>
                                </div>
                            </ActionForm>
                        </section>
                    }
                })
        }}
        <section class="card">
            <h2>{t!(i18n, staff_add)}</h2>
            <ActionForm action=create attr:class="form" attr:id="add-staff-form" attr:novalidate=true>
                <div class="grid">
                    <label>
                        {t!(i18n, field_username)}
                        <input name="username" autocomplete="off" maxlength=USERNAME_MAX_CHARS />
                        <small class="muted">{t!(i18n, username_rules)}</small>
                    </label>
                    <label>
                        {t!(i18n, field_staff_name)}
                        <input name="name" maxlength=STAFF_NAME_MAX_CHARS />
                    </label>
                    <RoleSelect selected=None />
                    <Transition>{store_options(0)}</Transition>
                    <label>
                        {t!(i18n, field_password)}
                        <input name="password" type="password" autocomplete="new-password" maxlength=PASSWORD_MAX_CHARS />
                        <small class="muted">{t!(i18n, password_rules)}</small>
                    </label>
                </div>
                <ErrorNote error=action_error(create.value()) />
                <SavedNote action=create form_id="add-staff-form" name_field="name" />
                <button type="submit" class="primary" disabled=create.pending()>{t!(i18n, save)}</button>
            </ActionForm>
        </section>
        </Signed>
    }
}

const STAFF_COLUMNS: &[Label] = &[
    |l| td_string!(l, field_username),
    |l| td_string!(l, field_staff_name),
    |l| td_string!(l, field_role),
    |l| td_string!(l, field_home_store),
    |l| td_string!(l, status),
    |l| td_string!(l, actions),
];

#[component]
fn StaffRow(
    person: StaffView,
    editing: RwSignal<Option<StaffView>>,
    resetting: RwSignal<Option<StaffView>>,
    set_active: ServerAction<SetStaffActive>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (id, active, locked, role) = (person.id, person.active, person.locked, person.role);
    let toggle = move |_| {
        if active && !confirm(t_string!(i18n, confirm_deactivate_staff)) {
            return;
        }
        set_active.dispatch(SetStaffActive {
            id,
            active: !active,
        });
    };
    let (for_edit, for_reset) = (person.clone(), person.clone());
    view! {
        <tr class:inactive=!active data-username=person.username.clone()>
            <td>{person.username.clone()}</td>
            <td>{person.name.clone()}</td>
            <td>{move || role_label(i18n.get_locale(), role)}</td>
            <td>{person.store_name.clone()}</td>
            <td>
                <span>{move || if active { t_string!(i18n, in_use) } else { t_string!(i18n, inactive) }}</span>
                {locked.then(|| view! { <span class="badge warn">{t!(i18n, staff_locked)}</span> })}
            </td>
            <td class="actions">
                <button class="link" on:click=move |_| editing.set(Some(for_edit.clone()))>{t!(i18n, edit)}</button>
                <button class="link" on:click=move |_| resetting.set(Some(for_reset.clone()))>{t!(i18n, reset_password)}</button>
                <button class="link" on:click=toggle>
                    {move || if active { t_string!(i18n, deactivate) } else { t_string!(i18n, reactivate) }}
                </button>
            </td>
        </tr>
    }
}

#[component]
fn RoleSelect(selected: Option<Role>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            {t!(i18n, field_role)}
            <select name="role">
                <option value="" selected=selected.is_none()>"—"</option>
                {Role::ALL
                    .into_iter()
                    .map(|role| {
                        view! {
                            <option value=role.code() selected=selected == Some(role)>
                                {move || role_label(i18n.get_locale(), role)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
fn StoreSelect(stores: Vec<Store>, selected: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            {t!(i18n, field_home_store)}
            <select name="home_store_id">
                <option value="0" selected=selected == 0>"—"</option>
                {stores
                    .into_iter()
                    .filter(|s| s.active || s.id == selected)
                    .map(|s| {
                        view! {
                            <option value=s.id selected=s.id == selected>
                                {format!("{} {}", s.code, s.name)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
