//! O2: when the daily backup is made and how many copies are kept, a backup made
//! now with its progress, and every copy with its outcome.

use super::forms::Submitted;
use super::layout::{SettingsTabs, Signed};
use crate::api::{BackupsView, CopyLine, SaveBackupPlan, StartBackup, backups};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::access::Section;
use domain::backup::BackupPlanForm;
use leptos::prelude::*;
use std::time::Duration;

/// How often the page looks again while a copy is being made.
const FOLLOW_EVERY: Duration = Duration::from_secs(1);

#[component]
pub fn BackupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveBackupPlan>::new();
    let start = ServerAction::<StartBackup>::new();
    let tick = RwSignal::new(0_u32);
    let view_data = Resource::new(
        move || {
            (
                super::runs(save.version()),
                super::runs(start.version()),
                tick.get(),
            )
        },
        |_| backups(),
    );
    // While a copy is running, look again every second.
    Effect::new(move |_| {
        let running = view_data.with(
            |v| matches!(v, Some(Ok(v)) if v.copies.iter().any(|c| c.row.state == "running")),
        );
        if running {
            set_timeout(move || tick.update(|t| *t += 1), FOLLOW_EVERY);
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        save.dispatch(SaveBackupPlan {
            form: BackupPlanForm {
                daily_hour: f.text("daily_hour"),
                keep_copies: f.text("keep_copies"),
            },
        });
    };
    let content = move || {
        Suspend::new(async move {
            match view_data.await {
                Ok(v) => page(v, save, start, on_submit).into_any(),
                Err(e) => view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            }
        })
    };
    view! {
        <Signed section=Section::Settings>
            <SettingsTabs />
            <h1>{t!(i18n, nav_backups)}</h1>
            <Transition fallback=|| ()>{content}</Transition>
        </Signed>
    }
}

fn page(
    v: BackupsView,
    save: ServerAction<SaveBackupPlan>,
    start: ServerAction<StartBackup>,
    on_submit: impl Fn(leptos::ev::SubmitEvent) + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let running = v.copies.iter().any(|c| c.row.state == "running");
    let copies = if v.copies.is_empty() {
        view! { <p class="muted" id="backup-none">{t!(i18n, backup_none)}</p> }.into_any()
    } else {
        view! {
            <table class="list" id="backup-copies">
                <thead>
                    <tr>
                        <th>{t!(i18n, backup_started)}</th>
                        <th>{t!(i18n, backup_state)}</th>
                        <th class="num">{t!(i18n, backup_size)}</th>
                        <th>{t!(i18n, backup_by)}</th>
                        <th>{t!(i18n, backup_file)}</th>
                    </tr>
                </thead>
                <tbody>{v.copies.into_iter().map(copy_row).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <form class="form" id="backup-plan-form" novalidate on:submit=on_submit>
            <label>
                {t!(i18n, field_backup_hour)}
                <input name="daily_hour" inputmode="numeric" maxlength=2 value=v.plan.daily_hour />
            </label>
            <small class="muted">{t!(i18n, backup_hour_hint)}</small>
            <label>
                {t!(i18n, field_backup_keep)}
                <input name="keep_copies" inputmode="numeric" maxlength=3 value=v.plan.keep_copies />
            </label>
            <small class="muted">{t!(i18n, backup_keep_hint)}</small>
            <ErrorNote error=action_error(save.value()) />
            <Show when=move || matches!(save.value().get(), Some(Ok(())))>
                <p class="ok" role="status">{t!(i18n, saved)}</p>
            </Show>
            <button type="submit" class="primary" disabled=save.pending()>{t!(i18n, save)}</button>
        </form>
        <h2>{t!(i18n, backup_copies)}</h2>
        <p>
            {t!(i18n, backup_folder)}<code id="backup-folder">{v.folder}</code>
        </p>
        <p>
            <button
                type="button"
                id="backup-now"
                class="primary"
                disabled=move || running || start.pending().get()
                on:click=move |_| {
                    start.dispatch(StartBackup {});
                }
            >
                {t!(i18n, backup_now)}
            </button>
        </p>
        <ErrorNote error=action_error(start.value()) />
        {copies}
        <p class="muted">{t!(i18n, backup_restore_hint)}</p>
    }
}

fn copy_row(c: CopyLine) -> impl IntoView {
    let i18n = use_i18n();
    let by = c.row.staff_name.clone();
    let daily = c.row.daily;
    let size = c
        .row
        .bytes
        .map(|b| size_text(b.max(0) as u64))
        .unwrap_or_default();
    let state = match c.row.state.as_str() {
        "done" => view! { <span class="ok">{t!(i18n, backup_done)}</span> }.into_any(),
        "running" => {
            let max = c.total.unwrap_or(0).max(c.written).max(1);
            view! {
                <span role="status">
                    {t!(i18n, backup_running)}" "
                    <progress max=max value=c.written></progress>
                    " "{size_text(c.written)}
                </span>
            }
            .into_any()
        }
        _ => view! {
            <span class="error">{t!(i18n, backup_failed)}{c.row.message.clone()}</span>
        }
        .into_any(),
    };
    view! {
        <tr data-state=c.row.state.clone()>
            <td>{c.started}</td>
            <td>{state}</td>
            <td class="num">{size}</td>
            <td>
                {move || match (&by, daily) {
                    (Some(name), _) => name.clone(),
                    (None, true) => t_string!(i18n, backup_daily).to_string(),
                    (None, false) => t_string!(i18n, backup_command_line).to_string(),
                }}
            </td>
            <td><code>{c.row.file_name}</code></td>
        </tr>
    }
}

/// "812 KB", "3.4 MB", "1.2 GB".
fn size_text(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB * KB {
        format!("{:.0} KB", (b / KB).ceil())
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / KB / KB)
    } else {
        format!("{:.2} GB", b / KB / KB / KB)
    }
}
