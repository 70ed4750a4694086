//! The catalogue (C1, V2): categories with subcategories; items with code,
//! barcode, short code (pinyin initials unless typed), unit, price, cost,
//! category, the stores that sell them and whether they are for sale; a search.

use super::forms::{Submitted, money};
use super::layout::{SettingsTabs, Signed};
use crate::api::{SaveCategory, SaveItem, load_catalogue};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::access::Section;
use domain::catalogue::{
    BARCODE_MAX_CHARS, CODE_MAX_CHARS, Category, CategoryForm, Item, ItemForm, NAME_MAX_CHARS,
    UNIT_MAX_CHARS, category_path,
};
use leptos::prelude::*;

/// "Toys › Building blocks": a category with its parents.
fn category_label(id: Option<i64>, all: &[Category]) -> String {
    let mut names: Vec<String> = category_path(id, all)
        .into_iter()
        .filter_map(|id| all.iter().find(|c| c.id == id).map(|c| c.name.clone()))
        .collect();
    names.reverse();
    names.join(" › ")
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let i18n = use_i18n();
    let save_category = ServerAction::<SaveCategory>::new();
    let save_item = ServerAction::<SaveItem>::new();
    let search = RwSignal::new(String::new());
    // Reloaded after a save that went through: a refused form keeps what was
    // typed, to be corrected; a saved one starts empty.
    let saved = RwSignal::new(0_usize);
    let catalogue = Resource::new(
        move || (saved.get(), search.get()),
        |(_, text)| load_catalogue(text),
    );
    let editing = RwSignal::new(None::<Item>);
    let editing_category = RwSignal::new(None::<Category>);
    // The parent chosen last stays chosen for the next subcategory.
    let parent = RwSignal::new(0_i64);
    // What the last save did, in words, until the next.
    let done = RwSignal::new(None::<String>);
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = save_item.value().get() {
            editing.set(None);
            done.set(Some(typed.get_untracked()));
            saved.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = save_category.value().get() {
            editing_category.set(None);
            done.set(Some(typed.get_untracked()));
            saved.update(|n| *n += 1);
        }
    });
    let on_category = move |ev: leptos::ev::SubmitEvent| {
        if let Some(f) = Submitted::of(&ev) {
            typed.set(f.text("name").trim().to_owned());
            done.set(None);
            parent.set(f.id("parent_id"));
            save_category.dispatch(SaveCategory {
                id: editing_category.get_untracked().map(|c| c.id).unwrap_or(0),
                form: CategoryForm {
                    code: f.text("code"),
                    name: f.text("name"),
                    parent_id: f.id("parent_id"),
                    inactive: f.checked("inactive").is_some(),
                },
            });
        }
    };
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        if let Some(f) = Submitted::of(&ev) {
            search.set(f.text("q"));
        }
    };
    let body = move || {
        Suspend::new(async move {
            let c = match catalogue.await {
                Ok(c) => c,
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            let all = StoredValue::new(c.categories.clone());
            let stores = StoredValue::new(c.stores.clone());
            let on_item = move |ev: leptos::ev::SubmitEvent| {
                let Some(f) = Submitted::of(&ev) else { return };
                typed.set(f.text("name").trim().to_owned());
                done.set(None);
                let store_ids = stores
                    .get_value()
                    .iter()
                    .filter(|(id, _)| f.checked(&format!("store_{id}")).is_some())
                    .map(|(id, _)| *id)
                    .collect();
                save_item.dispatch(SaveItem {
                    id: editing.get_untracked().map(|i| i.id).unwrap_or(0),
                    form: ItemForm {
                        code: f.text("code"),
                        barcode: f.text("barcode"),
                        short_code: f.text("short_code"),
                        name: f.text("name"),
                        unit: f.text("unit"),
                        price: f.text("price"),
                        cost: f.text("cost"),
                        category_id: f.id("category_id"),
                        store_ids,
                        inactive: f.checked("inactive").is_some(),
                    },
                });
            };
            view! {
                <h2>{t!(i18n, categories)}</h2>
                <table class="list" id="categories">
                    <thead><tr><th>{t!(i18n, field_category_code)}</th><th>{t!(i18n, field_category_name)}</th><th>{t!(i18n, actions)}</th></tr></thead>
                    <tbody>{c.categories.iter().map(|x| {
                        let shown = x.clone();
                        view! {
                            <tr>
                                <td>{x.code.clone()}</td>
                                <td>{category_label(Some(x.id), &all.get_value())}{(!x.active).then(|| view! { " "<span class="badge">{t!(i18n, category_inactive)}</span> })}</td>
                                <td><button type="button" class="link" on:click=move |_| { done.set(None); editing_category.set(Some(shown.clone())) }>{t!(i18n, edit)}</button></td>
                            </tr>
                        }
                    }).collect_view()}</tbody>
                </table>
                {move || {
                    let editing_one = editing_category.get();
                    let e = editing_one.clone();
                    let (code, name, inactive) = e.as_ref().map(|c| (c.code.clone(), c.name.clone(), !c.active)).unwrap_or_default();
                    let chosen = e.as_ref().map(|c| c.parent_id.unwrap_or(0)).unwrap_or_else(|| parent.get_untracked());
                    let own = e.as_ref().map(|c| c.id).unwrap_or(0);
                    // Switched-off categories are offered no more (unless already the parent).
                    let parent_options = all.get_value().iter()
                        .filter(|x| x.id != own && (x.active || x.id == chosen))
                        .map(|x| view! { <option value=x.id selected=x.id == chosen>{category_label(Some(x.id), &all.get_value())}</option> })
                        .collect_view();
                    view! {
                        <form class="form inline" id="category-form" novalidate on:submit=on_category>
                            <label>{t!(i18n, field_category_code)}<input name="code" value=code maxlength=CODE_MAX_CHARS /></label>
                            <label>{t!(i18n, field_category_name)}<input name="name" value=name maxlength=NAME_MAX_CHARS /></label>
                            <label>{t!(i18n, field_parent_category)}<select name="parent_id"><option value="0">"—"</option>{parent_options}</select></label>
                            {editing_one.is_some().then(|| view! {
                                <label class="check"><input type="checkbox" name="inactive" checked=inactive />{t!(i18n, category_inactive)}</label>
                            })}
                            <ErrorNote error=action_error(save_category.value()) />
                            <button type="submit" disabled=save_category.pending()>
                                {if editing_one.is_some() { t!(i18n, save).into_any() } else { t!(i18n, categories_add).into_any() }}
                            </button>
                            {editing_one.is_some().then(|| view! { <button type="button" on:click=move |_| editing_category.set(None)>{t!(i18n, cancel)}</button> })}
                        </form>
                    }
                }}
                <h2>{t!(i18n, items)}</h2>
                <form class="search" id="item-search-form" on:submit=on_search>
                    <input name="q" value=search.get_untracked() maxlength="40" placeholder=move || t_string!(i18n, sale_items_search) />
                    <button type="submit">{t!(i18n, items_search)}</button>
                </form>
                <table class="list" id="items">
                    <thead><tr>
                        <th>{t!(i18n, field_item_code)}</th><th>{t!(i18n, field_item_name)}</th><th>{t!(i18n, field_short_code)}</th><th>{t!(i18n, field_barcode)}</th>
                        <th>{t!(i18n, field_price)}</th><th>{t!(i18n, field_category_name)}</th><th>{t!(i18n, actions)}</th>
                    </tr></thead>
                    <tbody>
                        {c.items.iter().map(|item| {
                            let shown = item.clone();
                            view! {
                                <tr class:muted=!item.active>
                                    <td>{item.code.clone()}</td><td>{item.name.clone()}{(!item.active).then(|| view! { " "<span class="badge">{t!(i18n, item_inactive)}</span> })}</td>
                                    <td>{item.short_code.clone()}</td><td>{item.barcode.clone().unwrap_or_default()}</td>
                                    <td class="num">{money(item.price_fen, "")}{(!item.unit.is_empty()).then(|| format!(" / {}", item.unit))}</td>
                                    <td>{category_label(item.category_id, &all.get_value())}</td>
                                    <td><button class="link" on:click=move |_| editing.set(Some(shown.clone()))>{t!(i18n, edit)}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {move || {
                    let item = editing.get();
                    let i = item.clone().unwrap_or_default();
                    let category = i.category_id.unwrap_or(0);
                    let options = all.get_value().iter()
                        .filter(|x| x.active || x.id == category)
                        .map(|x| view! { <option value=x.id selected=x.id == category>{category_label(Some(x.id), &all.get_value())}</option> })
                        .collect_view();
                    let sold_at = stores.get_value().into_iter().map(|(id, name)| {
                        let checked = i.store_ids.contains(&id);
                        view! { <label class="check"><input type="checkbox" name=format!("store_{id}") checked=checked />{name}</label> }
                    }).collect_view();
                    let price = if item.is_some() { money(i.price_fen, "") } else { String::new() };
                    let cost = if item.is_some() && i.cost_fen > 0 { money(i.cost_fen, "") } else { String::new() };
                    view! {
                        <section class="card">
                            <h2>{if item.is_some() { t!(i18n, items_edit).into_any() } else { t!(i18n, items_add).into_any() }}</h2>
                            <form class="form" id="item-form" novalidate on:submit=on_item>
                                <label>{t!(i18n, field_item_code)}<input name="code" value=i.code.clone() maxlength=CODE_MAX_CHARS /></label>
                                <label>{t!(i18n, field_item_name)}<input name="name" value=i.name.clone() maxlength=NAME_MAX_CHARS /></label>
                                <label>{t!(i18n, field_short_code)}<input name="short_code" value=i.short_code.clone() maxlength=CODE_MAX_CHARS /><small class="muted">{t!(i18n, short_code_auto)}</small></label>
                                <label>{t!(i18n, field_barcode)}<input name="barcode" value=i.barcode.clone().unwrap_or_default() maxlength=BARCODE_MAX_CHARS /></label>
                                <label>{t!(i18n, field_unit)}<input name="unit" value=i.unit.clone() maxlength=UNIT_MAX_CHARS /></label>
                                <label>{t!(i18n, field_price)}<input name="price" inputmode="decimal" value=price maxlength=24 /></label>
                                <label>{t!(i18n, field_cost)}<input name="cost" inputmode="decimal" value=cost maxlength=24 /></label>
                                <label>{t!(i18n, field_category_name)}<select name="category_id"><option value="0">"—"</option>{options}</select></label>
                                <fieldset><legend>{t!(i18n, field_sold_at)}</legend><small class="muted">{t!(i18n, sold_at_all)}</small>{sold_at}</fieldset>
                                <label class="check"><input type="checkbox" name="inactive" checked=item.is_some() && !i.active />{t!(i18n, item_inactive)}</label>
                                <ErrorNote error=action_error(save_item.value()) />
                                <div class="buttons">
                                    <button type="submit" class="primary" disabled=save_item.pending()>{t!(i18n, save)}</button>
                                    {item.is_some().then(|| view! { <button type="button" on:click=move |_| editing.set(None)>{t!(i18n, cancel)}</button> })}
                                </div>
                            </form>
                        </section>
                    }
                }}
            }
            .into_any()
        })
    };
    view! {
        <Signed section=Section::Settings>
            <SettingsTabs />
            <h1>{t!(i18n, nav_catalogue)}</h1>
            <p class="muted">{t!(i18n, catalogue_intro)}</p>
            {move || done.get().map(|name| view! { <p class="ok" role="status" id="catalogue-saved">{t!(i18n, saved_named, name = name)}</p> })}
            <Transition fallback=|| ()>{body}</Transition>
        </Signed>
    }
}
