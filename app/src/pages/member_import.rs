//! M3: members brought in from a CSV file — checked first (every bad row with
//! its reason, nothing written), then written all or nothing, or row by row,
//! with the run followed to its end.

use super::layout::Signed;
use crate::api::member_import::{ImportReport, ImportRun, import_progress};
use crate::error::{AppError, ErrorNote};
use crate::i18n::*;
use crate::text::{field_label, problem_text};
use domain::access::{Permission, Section};
use domain::import::{BadRow, IMPORT_MAX_BYTES};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use std::time::Duration;

/// How often a run is looked at while it goes on.
const FOLLOW_EVERY: Duration = Duration::from_millis(500);

/// Sends the chosen file to `/import/members?{query}`.
async fn send(file: web_sys::File, query: String) -> Result<ImportReport, AppError> {
    use leptos::wasm_bindgen::JsValue;
    use wasm_bindgen_futures::JsFuture;
    let transport = |e: JsValue| AppError::Transport(format!("{e:?}"));
    let window = web_sys::window().ok_or(AppError::Internal)?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&file);
    let answer =
        JsFuture::from(window.fetch_with_str_and_init(&format!("/import/members?{query}"), &init))
            .await
            .map_err(transport)?;
    let answer: web_sys::Response = answer.dyn_into().map_err(transport)?;
    let text = JsFuture::from(answer.text().map_err(transport)?)
        .await
        .map_err(transport)?
        .as_string()
        .unwrap_or_default();
    if answer.ok() {
        return serde_json::from_str(&text).map_err(|e| AppError::Transport(e.to_string()));
    }
    if answer.status() == 413 {
        let problem = domain::Problem::TooLong {
            max_chars: IMPORT_MAX_BYTES as u32,
        };
        return Err(AppError::Invalid(domain::FieldError::new(
            domain::Field::ImportFile,
            problem,
        )));
    }
    Err(serde_json::from_str(&text).unwrap_or(AppError::Transport(text)))
}

fn chosen_file() -> Option<web_sys::File> {
    let input = document()
        .get_element_by_id("import-file")?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    input.files()?.get(0)
}

fn bad_rows(rows: Vec<BadRow>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="bad-rows" id="import-bad">
            {rows.into_iter().map(|b| {
                let problem = b.problem;
                view! {
                    <li data-line=b.line>
                        {move || td_string!(i18n.get_locale(), import_line, line = b.line).to_string()}
                        {move || format!("{}：{}", field_label(i18n.get_locale(), problem.field), problem_text(i18n.get_locale(), problem.problem))}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

fn report_view(r: ImportReport) -> AnyView {
    let i18n = use_i18n();
    if !r.unknown_columns.is_empty() || !r.missing_columns.is_empty() {
        let unknown = r.unknown_columns.join("、");
        let missing = !r.missing_columns.is_empty();
        return view! {
            <div class="error" id="import-columns" role="alert">
                {(!unknown.is_empty()).then(|| view! { <p>{t!(i18n, import_unknown_columns)}{unknown.clone()}</p> })}
                {missing.then(|| view! { <p>{t!(i18n, import_missing_columns)}</p> })}
            </div>
        }
        .into_any();
    }
    let more = r.bad_count.saturating_sub(r.bad.len());
    view! {
        <dl class="facts" id="import-report">
            <dt>{t!(i18n, import_rows)}</dt><dd id="import-rows">{r.rows}</dd>
            <dt>{t!(i18n, import_to_write)}</dt><dd id="import-to-write">{r.to_write}</dd>
            <dt>{t!(i18n, import_already_there)}</dt><dd id="import-already">{r.already_there}</dd>
            <dt>{t!(i18n, import_bad_rows)}</dt><dd id="import-bad-count">{r.bad_count}</dd>
        </dl>
        {(r.bad_count > 0).then(|| bad_rows(r.bad))}
        {(more > 0).then(|| view! { <p class="muted">{move || td_string!(i18n.get_locale(), import_more_bad, count = more).to_string()}</p> })}
    }
    .into_any()
}

fn run_view(p: ImportRun) -> AnyView {
    let i18n = use_i18n();
    if !p.finished {
        return view! {
            <p role="status" id="import-progress">
                {t!(i18n, import_running)}" "
                <progress max=p.total.max(1) value=p.done></progress>
                {format!(" {} / {}", p.done, p.total)}
            </p>
        }
        .into_any();
    }
    if p.failed {
        return view! { <p class="error" id="import-done">{t!(i18n, import_failed)}</p> }
            .into_any();
    }
    let nothing = p.members == 0 && p.cards == 0 && !p.bad.is_empty();
    view! {
        <p class=if nothing { "error" } else { "ok" } id="import-done" role="status">
            {move || td_string!(i18n.get_locale(), import_done, members = p.members, cards = p.cards, skipped = p.already_there).to_string()}
        </p>
        {(!p.bad.is_empty()).then(|| bad_rows(p.bad.clone()))}
    }
    .into_any()
}

#[component]
pub fn MemberImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let whole = RwSignal::new(true);
    let report = RwSignal::new(None::<ImportReport>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let run = RwSignal::new(None::<ImportRun>);
    let go = move |writing: bool| {
        let Some(file) = chosen_file() else {
            error.set(Some(AppError::Invalid(domain::FieldError::new(
                domain::Field::ImportFile,
                domain::Problem::Required,
            ))));
            return;
        };
        let query = if writing {
            format!("run=write&whole={}", u8::from(whole.get_untracked()))
        } else {
            "run=check".to_owned()
        };
        busy.set(true);
        error.set(None);
        run.set(None);
        leptos::task::spawn_local(async move {
            match send(file, query).await {
                Ok(r) => {
                    let started = r.run;
                    report.set(Some(r));
                    match started {
                        Some(id) => return follow(id, run, busy, error),
                        None if writing => {
                            error.set(Some(AppError::Invalid(domain::FieldError::new(
                                domain::Field::ImportFile,
                                domain::Problem::NotAnOption,
                            ))))
                        }
                        None => {}
                    }
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <Signed section=Section::Members>
            <h1>{t!(i18n, import_title)}</h1>
            {(!super::members::can(Permission::ManageSettings)).then(|| view! {
                <ErrorNote error=Signal::stored(Some(AppError::Forbidden)) />
            })}
            <p class="muted">{t!(i18n, import_intro)}</p>
            <p class="muted"><code>{t!(i18n, import_headings)}</code></p>
            <form class="form" id="import-form" on:submit=|ev| ev.prevent_default()>
                <label>{t!(i18n, field_import_file)}
                    <input type="file" id="import-file" name="file" accept=".csv,text/csv" />
                </label>
                <fieldset>
                    <label class="check">
                        <input type="radio" name="mode" value="whole" checked=move || whole.get() on:change=move |_| whole.set(true) />
                        {t!(i18n, import_whole)}
                    </label>
                    <label class="check">
                        <input type="radio" name="mode" value="rows" id="import-row-by-row" checked=move || !whole.get() on:change=move |_| whole.set(false) />
                        {t!(i18n, import_row_by_row)}
                    </label>
                </fieldset>
                <ErrorNote error=error />
                <p class="actions">
                    <button type="button" id="import-check" disabled=busy on:click=move |_| go(false)>{t!(i18n, import_check)}</button>
                    " "
                    <button type="button" class="primary" id="import-write" disabled=busy on:click=move |_| go(true)>{t!(i18n, import_write)}</button>
                </p>
            </form>
            {move || report.get().map(report_view)}
            {move || run.get().map(run_view)}
        </Signed>
    }
}

/// Looks at a run until it ends, every [`FOLLOW_EVERY`].
fn follow(
    id: u64,
    run: RwSignal<Option<ImportRun>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<AppError>>,
) {
    leptos::task::spawn_local(async move {
        match import_progress(id).await {
            Ok(Some(p)) => {
                let finished = p.finished;
                run.set(Some(p));
                if !finished {
                    set_timeout(move || follow(id, run, busy, error), FOLLOW_EVERY);
                    return;
                }
            }
            Ok(None) => {}
            Err(e) => error.set(Some(e)),
        }
        busy.set(false);
    });
}
