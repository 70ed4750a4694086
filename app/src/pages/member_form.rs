//! M1: the member form, new or edit, with the shop's custom fields.

use super::forms::Submitted;
use super::layout::{Signed, current_me};
use super::members::id_param;
use crate::api::{SaveMember, list_stores, load_levels, member_details, member_fields};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use crate::text::gender_label;
use domain::access::Section;
use domain::member::{CustomField, Member, MemberForm};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn MemberEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let existing = Resource::new(id, |id| async move {
        if id == 0 {
            Ok(None)
        } else {
            member_details(id).await.map(|d| Some(d.member))
        }
    });
    let fields = Resource::new(|| (), |_| member_fields());
    let stores = Resource::new(|| (), |_| list_stores());
    let levels = Resource::new(|| (), |_| load_levels());
    let save = ServerAction::<SaveMember>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            navigate(&format!("/members/{saved}"), Default::default());
        }
    });
    let body = move || {
        Suspend::new(async move {
            let member: Option<Member> = match existing.await {
                Ok(m) => m,
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            let fields = fields.await.unwrap_or_default();
            let stores = stores.await.unwrap_or_default();
            // The level is chosen when a member joins; after that it climbs on
            // points or a manager sets it on the member page, with a reason.
            let levels = levels.await.map(|l| l.levels).unwrap_or_default();
            let levels = if member.is_some() { Vec::new() } else { levels };
            let form = member
                .as_ref()
                .map(Member::form)
                .unwrap_or_else(|| MemberForm {
                    home_store_id: current_me().map(|me| me.staff.store_id).unwrap_or_default(),
                    active: Some("on".into()),
                    ..MemberForm::default()
                });
            let fields_for_submit = fields.clone();
            let on_submit = move |ev: leptos::ev::SubmitEvent| {
                let Some(f) = Submitted::of(&ev) else { return };
                let custom = fields_for_submit
                    .iter()
                    .map(|c| (c.id, f.text(&format!("custom_{}", c.id))))
                    .collect();
                save.dispatch(SaveMember {
                    id: id(),
                    form: MemberForm {
                        member_no: f.text("member_no"),
                        name: f.text("name"),
                        phone: f.text("phone"),
                        gender: f.text("gender"),
                        birthday: f.text("birthday"),
                        id_number: f.text("id_number"),
                        email: f.text("email"),
                        address: f.text("address"),
                        home_store_id: f.id("home_store_id"),
                        referrer: f.text("referrer"),
                        valid_until: f.text("valid_until"),
                        hobbies: f.text("hobbies"),
                        notes: f.text("notes"),
                        active: f.checked("active"),
                        custom,
                        level_id: f.id("level_id"),
                    },
                });
            };
            view! { <MemberFields form fields stores levels on_submit save /> }.into_any()
        })
    };
    view! {
        <Signed section=Section::Members>
            <h1>{move || if id() == 0 { t_string!(i18n, members_new) } else { t_string!(i18n, member_edit) }}</h1>
            <Suspense fallback=|| ()>{body}</Suspense>
        </Signed>
    }
}

#[component]
fn MemberFields<F>(
    form: MemberForm,
    fields: Vec<CustomField>,
    stores: Vec<domain::store::Store>,
    levels: Vec<domain::level::Level>,
    on_submit: F,
    save: ServerAction<SaveMember>,
) -> impl IntoView
where
    F: Fn(leptos::ev::SubmitEvent) + 'static,
{
    use domain::member::*;
    let i18n = use_i18n();
    let home = form.home_store_id;
    let gender = form.gender.clone();
    let genders = [Gender::Unknown, Gender::Female, Gender::Male].map(|g| {
        let selected = g.code() == gender;
        view! { <option value=g.code() selected=selected>{move || gender_label(i18n.get_locale(), g)}</option> }
    });
    let store_options = stores
        .into_iter()
        .filter(|s| s.active)
        .map(|s| view! { <option value=s.id selected=s.id == home>{s.name.clone()}</option> })
        .collect_view();
    let level = form.level_id;
    let has_levels = !levels.is_empty();
    let level_options = levels
        .into_iter()
        .map(|l| view! { <option value=l.id selected=l.id == level>{l.name.clone()}</option> })
        .collect_view();
    let custom = fields
        .into_iter()
        .map(|field| {
            let name = format!("custom_{}", field.id);
            let value = form.custom.iter().find(|(id, _)| *id == field.id).map(|(_, v)| v.clone()).unwrap_or_default();
            let input = match field.kind {
                CustomKind::Choice => {
                    let options = field.choices.iter().map(|c| view! { <option value=c.clone() selected=*c == value>{c.clone()}</option> }).collect_view();
                    view! { <select name=name><option value="">"—"</option>{options}</select> }.into_any()
                }
                CustomKind::Date => view! { <input name=name type="date" value=value /> }.into_any(),
                CustomKind::Number => view! { <input name=name inputmode="decimal" value=value maxlength=CUSTOM_VALUE_MAX_CHARS /> }.into_any(),
                CustomKind::Text => view! { <input name=name value=value maxlength=CUSTOM_VALUE_MAX_CHARS /> }.into_any(),
            };
            view! { <label>{field.name.clone()}{field.required.then_some(" *")}{input}</label> }
        })
        .collect_view();
    view! {
        <form class="form" id="member-form" novalidate on:submit=on_submit>
            <label>{t!(i18n, field_member_name)}" *"<input name="name" value=form.name maxlength=MEMBER_NAME_MAX_CHARS /></label>
            <label>{t!(i18n, field_phone)}<input name="phone" type="tel" value=form.phone maxlength=MEMBER_PHONE_MAX_CHARS + 10 /></label>
            <label>{t!(i18n, field_member_number)}<input name="member_no" value=form.member_no maxlength=domain::card::MEMBER_NUMBER_MAX_CHARS placeholder=move || t_string!(i18n, member_number_auto) /></label>
            <label>{t!(i18n, field_gender)}<select name="gender">{genders}</select></label>
            <label>{t!(i18n, field_birthday)}<input name="birthday" type="date" value=form.birthday /></label>
            <label>{t!(i18n, field_home_store)}<select name="home_store_id">{store_options}</select></label>
            {has_levels.then(|| view! { <label>{t!(i18n, field_level)}<select name="level_id"><option value="0">"—"</option>{level_options}</select></label> })}
            <label>{t!(i18n, field_id_number)}<input name="id_number" value=form.id_number maxlength=ID_NUMBER_MAX_CHARS /></label>
            <label>{t!(i18n, field_email)}<input name="email" type="email" value=form.email maxlength=EMAIL_MAX_CHARS /></label>
            <label>{t!(i18n, field_address)}<input name="address" value=form.address maxlength=ADDRESS_MAX_CHARS /></label>
            <label>{t!(i18n, field_referrer)}<input name="referrer" value=form.referrer maxlength=MEMBER_PHONE_MAX_CHARS placeholder=move || t_string!(i18n, referrer_hint) /></label>
            <label>{t!(i18n, field_valid_until)}<input name="valid_until" type="date" value=form.valid_until /></label>
            <label>{t!(i18n, field_hobbies)}<input name="hobbies" value=form.hobbies maxlength=HOBBIES_MAX_CHARS /></label>
            <label>{t!(i18n, field_notes)}<textarea name="notes" maxlength=NOTES_MAX_CHARS>{form.notes}</textarea></label>
            {custom}
            <label class="check"><input type="checkbox" name="active" checked=form.active.is_some() />{t!(i18n, in_use)}</label>
            <ErrorNote error=action_error(save.value()) />
            <button type="submit" class="primary" disabled=save.pending()>{t!(i18n, save)}</button>
        </form>
    }
}
