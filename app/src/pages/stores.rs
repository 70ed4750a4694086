//! S3: stores of the chain.

use super::confirm;
use super::forms::SavedNote;
use super::layout::{SettingsTabs, Signed};
use super::{Label, ListTable};
use crate::api::{CreateStore, SetStoreActive, Store, UpdateStore, list_stores};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::access::Section;
use domain::store::{
    STORE_ADDRESS_MAX_CHARS, STORE_CODE_MAX_CHARS, STORE_NAME_MAX_CHARS, STORE_OWNER_MAX_CHARS,
    STORE_PHONE_MAX_CHARS,
};
use leptos::prelude::*;
use leptos_i18n::td_string;

#[component]
pub fn StoresPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateStore>::new();
    let update = ServerAction::<UpdateStore>::new();
    let set_active = ServerAction::<SetStoreActive>::new();
    let editing = RwSignal::new(None::<Store>);
    let stores = Resource::new(
        move || {
            (
                super::runs(create.version()),
                super::runs(update.version()),
                super::runs(set_active.version()),
            )
        },
        |_| list_stores(),
    );
    Effect::new(move |_| {
        if let Some(Ok(())) = update.value().get() {
            editing.set(None);
        }
    });
    view! {
        <Signed section=Section::Settings>
        <SettingsTabs />
        <h1>{t!(i18n, stores_title)}</h1>
        <ErrorNote error=action_error(set_active.value()) />
        <ListTable id="stores" headers=STORE_COLUMNS records=stores row=move |store| view! { <StoreRow store editing set_active /> } />
        {move || {
            editing
                .get()
                .map(|store| {
                    view! {
                        <section class="card">
                            <h2>{t!(i18n, stores_edit)}</h2>
                            <ActionForm action=update attr:class="form" attr:id="edit-store-form" attr:novalidate=true>
                                <input type="hidden" name="id" value=store.id />
                                <StoreFields store=Some(store.clone()) />
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
        <section class="card">
            <h2>{t!(i18n, stores_add)}</h2>
            <ActionForm action=create attr:class="form" attr:id="add-store-form" attr:novalidate=true>
                <StoreFields store=None />
                <ErrorNote error=action_error(create.value()) />
                <SavedNote action=create form_id="add-store-form" name_field="name" />
                <button type="submit" class="primary" disabled=create.pending()>{t!(i18n, save)}</button>
            </ActionForm>
        </section>
        </Signed>
    }
}

const STORE_COLUMNS: &[Label] = &[
    |l| td_string!(l, field_store_code),
    |l| td_string!(l, field_store_name),
    |l| td_string!(l, field_store_address),
    |l| td_string!(l, field_store_phone),
    |l| td_string!(l, field_store_owner),
    |l| td_string!(l, status),
    |l| td_string!(l, actions),
];

#[component]
fn StoreRow(
    store: Store,
    editing: RwSignal<Option<Store>>,
    set_active: ServerAction<SetStoreActive>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (id, active, is_head_office) = (store.id, store.active, store.is_head_office);
    let toggle = move |_| {
        if active && !confirm(t_string!(i18n, confirm_deactivate_store)) {
            return;
        }
        set_active.dispatch(SetStoreActive {
            id,
            active: !active,
        });
    };
    let shown = store.clone();
    view! {
        <tr class:inactive=!active data-code=store.code.clone()>
            <td>{store.code.clone()}</td>
            <td>
                <span>{store.name.clone()}</span>
                {is_head_office.then(|| view! { <span class="badge">{t!(i18n, head_office)}</span> })}
            </td>
            <td>{store.address.clone()}</td>
            <td>{store.phone.clone()}</td>
            <td>{store.owner.clone()}</td>
            <td>{move || if active { t_string!(i18n, active) } else { t_string!(i18n, inactive) }}</td>
            <td class="actions">
                <button class="link" on:click=move |_| editing.set(Some(shown.clone()))>{t!(i18n, edit)}</button>
                {(!is_head_office)
                    .then(|| {
                        view! {
                            <button class="link" on:click=toggle>
                                {move || if active { t_string!(i18n, deactivate) } else { t_string!(i18n, reactivate) }}
                            </button>
                        }
                    })}
            </td>
        </tr>
    }
}

/// The fields of the store form, filled with `store` when editing.
#[component]
fn StoreFields(store: Option<Store>) -> impl IntoView {
    let i18n = use_i18n();
    let s = store.unwrap_or_default();
    view! {
        <div class="grid">
            <label>
                {t!(i18n, field_store_code)}
                <input name="code" value=s.code maxlength=STORE_CODE_MAX_CHARS />
            </label>
            <label>
                {t!(i18n, field_store_name)}
                <input name="name" value=s.name maxlength=STORE_NAME_MAX_CHARS />
            </label>
            <label>
                {t!(i18n, field_store_address)}
                <input name="address" value=s.address maxlength=STORE_ADDRESS_MAX_CHARS />
            </label>
            <label>
                {t!(i18n, field_store_phone)}
                <input name="phone" type="tel" value=s.phone maxlength=STORE_PHONE_MAX_CHARS />
            </label>
            <label>
                {t!(i18n, field_store_owner)}
                <input name="owner" value=s.owner maxlength=STORE_OWNER_MAX_CHARS />
            </label>
        </div>
    }
}
