//! P1, P2 on the member page: the points balance, what was earned, the level
//! and the progress to the next, every movement of points, the level history,
//! and a manager's form to set the level by hand.

use super::forms::Submitted;
use super::members::can;
use crate::api::SetMemberLevel;
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use crate::text::{level_cause_label, points_kind_label};
use domain::access::Permission;
use domain::level::Level;
use domain::money::Money;
use domain::points::PointsAccount;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn MemberPoints(
    account: PointsAccount,
    levels: Vec<Level>,
    member_id: i64,
    set_level: ServerAction<SetMemberLevel>,
) -> impl IntoView {
    let i18n = use_i18n();
    let a = account;
    let progress = a.next_level.clone().map(|(name, missing)| {
        let needed = a.earned_for_level + missing;
        view! {
            <dt>{t!(i18n, points_next_level)}</dt>
            <dd id="points-next-level">
                {move || if missing > 0 { format!("{name}: {}", t_string!(i18n, points_missing, n = missing)) } else { format!("{name}: {}", t_string!(i18n, points_reached)) }}
                <progress max=needed.max(1) value=a.earned_for_level aria-label=move || t_string!(i18n, points_next_level)></progress>
            </dd>
        }
    });
    let window = (a.window_months > 0).then(|| {
        let months = a.window_months;
        view! {
            <dt>{move || t_string!(i18n, points_earned_window, n = months).to_string()}</dt>
            <dd>{a.earned_for_level}</dd>
        }
    });
    let negative = (a.points < 0).then(|| view! { <p class="warn" id="points-negative" role="note">{t!(i18n, points_negative_note)}</p> });
    let current = a.level_name.clone();
    let level_options = levels
        .into_iter()
        .map(|l| {
            let selected = current.as_deref() == Some(l.name.as_str());
            view! { <option value=l.id selected=selected>{l.name}</option> }
        })
        .collect_view();
    let on_set = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        set_level.dispatch(SetMemberLevel {
            member_id,
            level_id: f.id("level_id"),
            reason: f.text("reason"),
        });
    };
    view! {
        <h2>{t!(i18n, points_and_level)}</h2>
        <dl class="facts" id="member-points">
            <dt>{t!(i18n, points_balance)}</dt><dd id="points-balance">{a.points}</dd>
            <dt>{t!(i18n, points_earned)}</dt><dd id="points-earned">{a.earned}</dd>
            {window}
            <dt>{t!(i18n, field_level)}</dt><dd id="member-level">{a.level_name.clone().unwrap_or_else(|| "—".into())}</dd>
            {progress}
        </dl>
        {negative}
        {(!a.lines.is_empty()).then(|| view! {
            <div class="scroll">
            <table class="list" id="points-lines">
                <caption>{t!(i18n, points_lines)}</caption>
                <thead><tr>
                    <th>{t!(i18n, time)}</th><th>{t!(i18n, what)}</th><th>{t!(i18n, points_base)}</th>
                    <th>{t!(i18n, points_change)}</th><th>{t!(i18n, points_after)}</th><th>{t!(i18n, where_who)}</th>
                </tr></thead>
                <tbody>
                    {a.lines.iter().map(|l| {
                        let kind = l.kind;
                        let base = if l.base_fen != 0 { Money::from_fen(l.base_fen).plain() } else { String::new() };
                        view! {
                            <tr>
                                <td>{l.at_local.clone()}</td>
                                <td>{move || points_kind_label(i18n.get_locale(), kind)}
                                    {l.sale_id.map(|id| view! { " " <A href=format!("/receipts/{id}")>{format!("#{id}")}</A> })}</td>
                                <td class="num">{base}</td>
                                <td class="num">{format!("{:+}", l.points)}</td>
                                <td class="num">{l.points_after}</td>
                                <td>{l.store_name.clone()} " · " {l.staff_name.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        })}
        {(!a.level_history.is_empty()).then(|| view! {
            <div class="scroll">
            <table class="list" id="level-history">
                <caption>{t!(i18n, level_history)}</caption>
                <thead><tr>
                    <th>{t!(i18n, time)}</th><th>{t!(i18n, level_from)}</th><th>{t!(i18n, level_to)}</th>
                    <th>{t!(i18n, what)}</th><th>{t!(i18n, points_earned)}</th><th>{t!(i18n, where_who)}</th>
                </tr></thead>
                <tbody>
                    {a.level_history.iter().map(|c| {
                        let cause = c.cause;
                        let reason = if c.reason.is_empty() { String::new() } else { format!(" · {}", c.reason) };
                        view! {
                            <tr>
                                <td>{c.at_local.clone()}</td>
                                <td>{c.from_level.clone().unwrap_or_else(|| "—".into())}</td>
                                <td>{c.to_level.clone().unwrap_or_else(|| "—".into())}</td>
                                <td>{move || level_cause_label(i18n.get_locale(), cause)}{reason}</td>
                                <td class="num">{c.earned}</td>
                                <td>{c.staff_name.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        })}
        {can(Permission::ManageCards).then(|| view! {
            <form class="form inline" id="set-level-form" novalidate on:submit=on_set>
                <label>{t!(i18n, field_level)}<select name="level_id"><option value="0">"—"</option>{level_options}</select></label>
                <label>{t!(i18n, field_reason)}<input name="reason" maxlength=domain::slip::REASON_MAX_CHARS /></label>
                <ErrorNote error=action_error(set_level.value()) />
                <button type="submit" disabled=set_level.pending()>{t!(i18n, level_set_by_hand)}</button>
            </form>
        })}
    }
}
