//! P4: the points rebate — tiers, a preview of who gets what, and runs paid
//! member by member with their progress; a run stopped halfway is continued.

use super::forms::{Submitted, money};
use super::layout::{SettingsTabs, Signed};
use crate::api::{
    RemoveRebateTier, SaveRebateTier, load_rebate, preview_rebate, start_rebate, step_rebate,
};
use crate::error::{AppError, ErrorNote, action_error};
use crate::i18n::*;
use domain::access::Section;
use domain::rebate::{RebateLine, RebateRun, TierForm};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn RebatePage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveRebateTier>::new();
    let remove = ServerAction::<RemoveRebateTier>::new();
    let ran = RwSignal::new(0_usize);
    let page = Resource::new(
        move || {
            (
                super::runs(save.version()),
                super::runs(remove.version()),
                ran.get(),
            )
        },
        |_| load_rebate(),
    );
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            super::forms::clear_form("rebate-tier-form");
        }
    });
    let preview = RwSignal::new(None::<Vec<RebateLine>>);
    let progress = RwSignal::new(None::<RebateRun>);
    let problem = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let on_tier = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        save.dispatch(SaveRebateTier {
            form: TierForm {
                points: f.text("points"),
                amount: f.text("amount"),
            },
        });
    };
    // Steps a run to its end, showing its progress; an error stops it (the
    // run is continued from the list).
    let go = move |run_id: i64| {
        busy.set(true);
        spawn_local(async move {
            loop {
                match step_rebate(run_id).await {
                    Ok(r) => {
                        let finished = r.finished;
                        progress.set(Some(r));
                        if finished {
                            break;
                        }
                    }
                    Err(e) => {
                        problem.set(Some(e));
                        break;
                    }
                }
            }
            busy.set(false);
            ran.update(|n| *n += 1);
        });
    };
    let on_period = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        let (first, last, plan) = (f.text("first_day"), f.text("last_day"), f.id("plan_id"));
        let start = ev
            .submitter()
            .and_then(|b| b.get_attribute("value"))
            .is_some_and(|v| v == "start");
        problem.set(None);
        spawn_local(async move {
            if start {
                match start_rebate(first, last, plan).await {
                    Ok(id) => {
                        preview.set(None);
                        go(id);
                    }
                    Err(e) => problem.set(Some(e)),
                }
            } else {
                match preview_rebate(first, last, plan).await {
                    Ok(lines) => preview.set(Some(lines)),
                    Err(e) => problem.set(Some(e)),
                }
            }
        });
    };
    let body = move || {
        Suspend::new(async move {
            let p = match page.await {
                Ok(p) => p,
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            let sym = p.currency_symbol.clone();
            let sym2 = sym.clone();
            let plan_options = p
                .plans
                .iter()
                .map(|(id, name)| view! { <option value=*id>{name.clone()}</option> })
                .collect_view();
            view! {
                <p class="muted">{t!(i18n, rebate_rate_note, rate = p.rate.clone())}</p>
                <h2>{t!(i18n, rebate_tiers)}</h2>
                <div class="scroll">
                <table class="list" id="rebate-tiers">
                    <thead><tr><th>{t!(i18n, field_points)}</th><th>{t!(i18n, field_amount)}</th><th><span class="sr-only">{t!(i18n, rule_remove)}</span></th></tr></thead>
                    <tbody>
                        {p.tiers.iter().map(|t| {
                            let points = t.points;
                            view! {
                                <tr>
                                    <td class="num">{t.points}</td><td class="num">{money(t.amount_fen, &sym)}</td>
                                    <td><button class="link" on:click=move |_| { remove.dispatch(RemoveRebateTier { points }); }>{t!(i18n, rule_remove)}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
                <form class="form inline" id="rebate-tier-form" novalidate on:submit=on_tier>
                    <label>{t!(i18n, field_points)}<input name="points" inputmode="numeric" maxlength=domain::points::NUMBER_MAX_CHARS /></label>
                    <label>{t!(i18n, field_amount)}<input name="amount" inputmode="decimal" maxlength=24 /></label>
                    <ErrorNote error=action_error(save.value()) />
                    <button type="submit" disabled=save.pending()>{t!(i18n, rebate_tier_add)}</button>
                </form>
                <h2>{t!(i18n, rebate_run)}</h2>
                <form class="form inline" id="rebate-form" novalidate on:submit=on_period>
                    <label>{t!(i18n, field_first_day)}<input name="first_day" type="date" /></label>
                    <label>{t!(i18n, field_last_day)}<input name="last_day" type="date" /></label>
                    <label>{t!(i18n, rebate_onto_plan)}<select name="plan_id">{plan_options}</select></label>
                    <ErrorNote error=Signal::derive(move || problem.get()) />
                    <p class="buttons">
                        <button type="submit" name="do" value="preview" id="rebate-preview" disabled=move || busy.get()>{t!(i18n, rebate_preview)}</button>
                        <button type="submit" name="do" value="start" class="primary" id="rebate-start" disabled=move || busy.get()>{t!(i18n, rebate_start)}</button>
                    </p>
                </form>
                {move || progress.get().map(|r| view! {
                    <p id="rebate-progress" role="status">
                        <progress max=r.members_total.max(1) value=r.members_done aria-label=move || t_string!(i18n, rebate_run)></progress>
                        " " {format!("{} / {}", r.members_done, r.members_total)}
                        " " {if r.finished { t!(i18n, rebate_finished).into_any() } else { ().into_any() }}
                    </p>
                })}
                {
                    let sym = sym2.clone();
                    move || preview.get().map(|lines| {
                        let sym = sym.clone();
                        view! {
                            <div class="scroll">
                            <table class="list" id="rebate-preview-lines">
                                <caption>{t!(i18n, rebate_preview)}</caption>
                                <thead><tr>
                                    <th>{t!(i18n, member)}</th><th>{t!(i18n, rebate_spent)}</th><th>{t!(i18n, rebate_points)}</th>
                                    <th>{t!(i18n, rebate_carried)}</th><th>{t!(i18n, rebate_pays)}</th><th>{t!(i18n, rebate_left)}</th><th>{t!(i18n, field_card_number)}</th>
                                </tr></thead>
                                <tbody>
                                    {lines.into_iter().map(|l| view! {
                                        <tr>
                                            <td>{format!("{} {}", l.member_name, l.member_no)}</td>
                                            <td class="num">{money(l.spent_fen, &sym)}</td>
                                            <td class="num">{l.points_summed}</td>
                                            <td class="num">{l.points_carried_in}</td>
                                            <td class="num">{money(l.payout.amount_fen, &sym)}</td>
                                            <td class="num">{l.payout.points_left}</td>
                                            <td>{l.card_no.unwrap_or_else(|| t_string!(i18n, rebate_no_card).to_string())}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                        }
                    })
                }
                <h2>{t!(i18n, rebate_runs)}</h2>
                <div class="scroll">
                <table class="list" id="rebate-runs">
                    <thead><tr>
                        <th>{t!(i18n, time)}</th><th>{t!(i18n, rebate_period)}</th><th>{t!(i18n, rebate_onto_plan)}</th>
                        <th>{t!(i18n, rebate_members)}</th><th>{t!(i18n, rebate_pays)}</th><th>{t!(i18n, status)}</th>
                    </tr></thead>
                    <tbody>
                        {p.runs.iter().map(|r| {
                            let id = r.id;
                            let state = if r.finished {
                                t!(i18n, rebate_finished).into_any()
                            } else {
                                view! { <button class="link" disabled=move || busy.get() on:click=move |_| go(id)>{t!(i18n, rebate_continue)}</button> }.into_any()
                            };
                            view! {
                                <tr>
                                    <td>{r.started_local.clone()}</td>
                                    <td>{format!("{} – {}", r.first_day, r.last_day)}</td>
                                    <td>{r.plan_name.clone()}</td>
                                    <td class="num">{format!("{} / {}", r.members_done, r.members_total)}</td>
                                    <td class="num">{money(r.paid_fen, &sym2)}</td>
                                    <td>{state}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }
            .into_any()
        })
    };
    view! {
        <Signed section=Section::Settings>
            <SettingsTabs />
            <h1>{t!(i18n, nav_rebate)}</h1>
            <p class="muted">{t!(i18n, rebate_intro)}</p>
            <Transition fallback=|| ()>{body}</Transition>
        </Signed>
    }
}
