//! Member levels and discount rules (P1, V2): a level's default discount, and
//! rates for a category (with its subcategories) or a single item.

use super::forms::{SavedNote, Submitted};
use super::layout::{SettingsTabs, Signed};
use crate::api::{RemoveDiscountRule, RuleForm, SaveDiscountRule, SaveLevel, load_levels};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::access::Section;
use domain::level::{Level, LevelForm, RateStyle, RuleTarget, rate_text};
use domain::points::rate_text as points_rate_text;
use leptos::prelude::*;

pub(super) fn style_of(locale: Locale) -> RateStyle {
    if locale == Locale::en {
        RateStyle::PercentOff
    } else {
        RateStyle::Zhe
    }
}

pub(super) fn style_code(locale: Locale) -> String {
    match style_of(locale) {
        RateStyle::PercentOff => "off".into(),
        RateStyle::Zhe => "zhe".into(),
    }
}

/// A rate as typed in this language's style ("8.8" or "12").
fn typed_rate(rate_bp: u32, style: RateStyle) -> String {
    rate_text(rate_bp, style)
        .trim_end_matches("% off")
        .trim_end_matches('折')
        .to_owned()
}

#[component]
pub fn LevelsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save_level = ServerAction::<SaveLevel>::new();
    let save_rule = ServerAction::<SaveDiscountRule>::new();
    let remove_rule = ServerAction::<RemoveDiscountRule>::new();
    // Reloaded after a change that went through: a refused form keeps what
    // was typed.
    let changed = RwSignal::new(0_usize);
    let reload_after = |ok: Signal<bool>| {
        Effect::new(move |_| {
            if ok.get() {
                changed.update(|n| *n += 1);
            }
        });
    };
    reload_after(Signal::derive(move || {
        matches!(save_level.value().get(), Some(Ok(_)))
    }));
    reload_after(Signal::derive(move || {
        matches!(save_rule.value().get(), Some(Ok(_)))
    }));
    reload_after(Signal::derive(move || {
        matches!(remove_rule.value().get(), Some(Ok(_)))
    }));
    let page = Resource::new(move || changed.get(), |_| load_levels());
    let editing = RwSignal::new(None::<Level>);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save_level.value().get() {
            editing.set(None);
        }
    });
    let on_level = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        save_level.dispatch(SaveLevel {
            id: editing.get_untracked().map(|l| l.id).unwrap_or(0),
            form: LevelForm {
                name: f.text("name"),
                rank: f.text("rank"),
                rate: f.text("rate"),
                style: style_code(i18n.get_locale_untracked()),
                points_rate: f.text("points_rate"),
                upgrade_points: f.text("upgrade_points"),
            },
        });
    };
    let on_rule = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        save_rule.dispatch(SaveDiscountRule {
            form: RuleForm {
                level_id: f.id("level_id"),
                category_id: f.id("category_id"),
                item_code: f.text("item_code"),
                rate: f.text("rate"),
                style: style_code(i18n.get_locale_untracked()),
            },
        });
    };
    let body = move || {
        Suspend::new(async move {
            let p = match page.await {
                Ok(p) => p,
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            let style = style_of(i18n.get_locale_untracked());
            let rate = move |bp: u32| {
                if bp >= domain::level::FULL_RATE_BP {
                    t_string!(i18n, full_price).to_string()
                } else {
                    rate_text(bp, style)
                }
            };
            let levels = p.levels.clone();
            let level_name = move |id: i64| {
                levels
                    .iter()
                    .find(|l| l.id == id)
                    .map(|l| l.name.clone())
                    .unwrap_or_default()
            };
            let (categories, items) = (p.categories.clone(), p.items.clone());
            let target_name = move |t: RuleTarget| match t {
                RuleTarget::Category(id) => categories
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                RuleTarget::Item(id) => items
                    .iter()
                    .find(|i| i.0 == id)
                    .map(|i| format!("{} {}", i.1, i.2))
                    .unwrap_or_default(),
            };
            let level_options = p
                .levels
                .iter()
                .map(|l| view! { <option value=l.id>{l.name.clone()}</option> })
                .collect_view();
            let category_options = p
                .categories
                .iter()
                .map(|c| view! { <option value=c.id>{c.name.clone()}</option> })
                .collect_view();
            view! {
                <table class="list" id="levels">
                    <thead><tr><th>{t!(i18n, field_level_rank)}</th><th>{t!(i18n, field_level_name)}</th><th>{t!(i18n, level_default)}</th><th>{t!(i18n, field_points_rate)}</th><th>{t!(i18n, field_upgrade_points)}</th><th></th></tr></thead>
                    <tbody>
                        {p.levels.iter().map(|l| {
                            let shown = l.clone();
                            view! {
                                <tr>
                                    <td>{l.rank}</td><td>{l.name.clone()}</td><td>{rate(l.rate_bp)}</td>
                                    <td class="num">{points_rate_text(l.points_rate_pct)}</td>
                                    <td class="num">{match l.upgrade_points { Some(p) => p.to_string(), None => t_string!(i18n, level_by_hand_only).to_string() }}</td>
                                    <td><button class="link" on:click=move |_| editing.set(Some(shown.clone()))>{t!(i18n, edit)}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {move || {
                    let l = editing.get();
                    let (name, rank, typed) = l.as_ref().map(|l| (l.name.clone(), l.rank.to_string(), typed_rate(l.rate_bp, style))).unwrap_or_default();
                    let points = l.as_ref().map_or("1".to_owned(), |l| points_rate_text(l.points_rate_pct));
                    let upgrade = l.as_ref().and_then(|l| l.upgrade_points).map(|p| p.to_string()).unwrap_or_default();
                    view! {
                        <form class="form inline" id="level-form" novalidate on:submit=on_level>
                            <label>{t!(i18n, field_level_name)}<input name="name" value=name maxlength=domain::level::LEVEL_NAME_MAX_CHARS /></label>
                            <label>{t!(i18n, field_level_rank)}<input name="rank" inputmode="numeric" value=rank maxlength="2" /></label>
                            <label>{t!(i18n, level_default)}<input name="rate" inputmode="decimal" value=typed maxlength=domain::level::RATE_MAX_CHARS /><small class="muted">{t!(i18n, rate_hint)}</small></label>
                            <label>{t!(i18n, field_points_rate)}<input name="points_rate" inputmode="decimal" value=points maxlength=domain::points::NUMBER_MAX_CHARS /><small class="muted">{t!(i18n, points_rate_hint)}</small></label>
                            <label>{t!(i18n, field_upgrade_points)}<input name="upgrade_points" inputmode="numeric" value=upgrade maxlength=domain::points::NUMBER_MAX_CHARS /><small class="muted">{t!(i18n, upgrade_points_hint)}</small></label>
                            <ErrorNote error=action_error(save_level.value()) />
                            <button type="submit" class="primary" disabled=save_level.pending()>{if l.is_some() { t!(i18n, save).into_any() } else { t!(i18n, levels_add).into_any() }}</button>
                        </form>
                    }
                }}
                <h2>{t!(i18n, levels_rules)}</h2>
                <table class="list" id="discount-rules">
                    <thead><tr><th>{t!(i18n, field_level)}</th><th>{t!(i18n, rule_for)}</th><th>{t!(i18n, field_discount_rate)}</th><th></th></tr></thead>
                    <tbody>
                        {p.rules.iter().map(|r| {
                            let (level_id, target) = (r.level_id, r.target);
                            view! {
                                <tr>
                                    <td>{level_name(r.level_id)}</td><td>{target_name(r.target)}</td><td>{rate(r.rate_bp)}</td>
                                    <td><button class="link" on:click=move |_| { remove_rule.dispatch(RemoveDiscountRule { level_id, target }); }>{t!(i18n, rule_remove)}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <form class="form inline" id="rule-form" novalidate on:submit=on_rule>
                    <label>{t!(i18n, field_level)}<select name="level_id">{level_options}</select></label>
                    <label>{t!(i18n, rule_category_or_item)}<select name="category_id"><option value="0">"—"</option>{category_options}</select></label>
                    <label>{t!(i18n, field_item_code)}<input name="item_code" maxlength=domain::catalogue::CODE_MAX_CHARS /></label>
                    <label>{t!(i18n, field_discount_rate)}<input name="rate" inputmode="decimal" maxlength=domain::level::RATE_MAX_CHARS /><small class="muted">{t!(i18n, rate_hint)}</small></label>
                    <ErrorNote error=action_error(save_rule.value()) />
                    <button type="submit" disabled=save_rule.pending()>{t!(i18n, rule_add)}</button>
                </form>
            }
            .into_any()
        })
    };
    view! {
        <Signed section=Section::Settings>
            <SettingsTabs />
            <h1>{t!(i18n, nav_levels)}</h1>
            <p class="muted">{t!(i18n, levels_intro)}</p>
            <SavedNote action=save_level form_id="level-form" name_field="name" />
            <SavedNote action=save_rule form_id="rule-form" />
            <Transition fallback=|| ()>{body}</Transition>
        </Signed>
    }
}
