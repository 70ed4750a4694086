//! O1: the audit log (who changed what, before and after) and the security log
//! (sign-ins, refusals, PIN failures), searched by person, store, what and
//! dates, a page at a time, and downloaded as CSV with the same search.

use super::report_detail::lang_code;
use super::reports::{ReportPage, query_store, query_text, refused};
use crate::api::audit::{
    AUDITED_THINGS, AuditLine, FieldChange, LogQuery, LogView, SecurityLine, Shown, audit_log,
    security_log,
};
use crate::i18n::*;
use crate::text::{
    audit_action_label, audit_field_label, audit_thing_label, card_status_label,
    security_event_label,
};
use domain::card::CardStatus;
use leptos::prelude::*;
use leptos_router::components::{A, Form};

/// The page's search from its address.
fn query() -> impl Fn() -> LogQuery + Copy + Send + Sync + 'static {
    let (store, person, what, which) = (
        query_store(),
        query_text("person"),
        query_text("what"),
        query_text("which"),
    );
    let (first, last, before) = (
        query_text("first"),
        query_text("last"),
        query_text("before"),
    );
    move || LogQuery {
        store: store(),
        person: person(),
        what: what(),
        which: which(),
        first: first(),
        last: last(),
        before: before().parse().ok(),
    }
}

/// The search as an address's query, without the page.
fn search_text(q: &LogQuery) -> String {
    format!(
        "store={}&person={}&what={}&which={}&first={}&last={}",
        q.store.map(|s| s.to_string()).unwrap_or_default(),
        encode(&q.person),
        encode(&q.what),
        encode(&q.which),
        encode(&q.first),
        encode(&q.last)
    )
}

/// Percent-encoding of a query value (letters, digits and `-._~` kept).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The search form; `things` adds "what" and "number" (the audit log).
#[component]
fn LogFilter<L: 'static>(
    view_of: LogView<L>,
    q: LogQuery,
    action: &'static str,
    things: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let frame = view_of.frame;
    let store_select = (!frame.stores.is_empty()).then(|| {
        let chosen = frame.store_id;
        view! {
            <label>{t!(i18n, store)}
                <select name="store">
                    <option value="" selected=chosen.is_none()>{t!(i18n, all_stores)}</option>
                    {frame.stores.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=chosen == Some(id)>{name}</option>
                    }).collect_view()}
                </select>
            </label>
        }
    });
    let what = q.what.clone();
    let thing_fields = things.then(|| {
        view! {
            <label>{t!(i18n, audit_what)}
                <select name="what" id="audit-what">
                    <option value="" selected=what.is_empty()>{t!(i18n, audit_all_things)}</option>
                    {AUDITED_THINGS.iter().map(|t| {
                        let label = move || audit_thing_label(i18n.get_locale(), t).unwrap_or(t).to_owned();
                        view! { <option value=*t selected=what == *t>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, audit_which)}
                <input name="which" id="audit-which" maxlength=40 value=q.which.clone()
                    placeholder=move || t_string!(i18n, audit_which_hint).to_string() />
            </label>
        }
    });
    view! {
        <Form method="GET" action=action attr:class="toolbar no-print" attr:id="log-filter">
            {store_select}
            <label>{t!(i18n, audit_person)}
                <input name="person" id="log-person" maxlength=40 value=q.person.clone() autocomplete="off" />
            </label>
            {thing_fields}
            <label>{t!(i18n, field_first_day)}
                <input type="date" name="first" value=q.first.clone() max=frame.today.clone() />
            </label>
            <label>{t!(i18n, field_last_day)}
                <input type="date" name="last" value=q.last.clone() max=frame.today.clone() />
            </label>
            <button type="submit">{t!(i18n, report_show)}</button>
        </Form>
    }
}

/// "Older" (the next page) and "Newest" links that keep the search, and the
/// CSV download of the whole search.
#[component]
fn LogPager(
    q: LogQuery,
    path: &'static str,
    log: &'static str,
    older: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let search = search_text(&q);
    let download = {
        let search = search.clone();
        move || {
            format!(
                "/reports/export/{log}.csv?{search}&lang={}",
                lang_code(i18n.get_locale())
            )
        }
    };
    let newest = q.before.is_some().then(|| {
        let href = format!("{path}?{search}");
        view! { <A href=href>{t!(i18n, audit_newest)}</A> }
    });
    let older = older.map(|id| {
        let href = format!("{path}?{search}&before={id}");
        view! { <A href=href attr:id="log-older">{t!(i18n, audit_older)}</A> }
    });
    view! {
        <nav class="pager no-print">{newest}{older}</nav>
        <a class="button no-print" id="export-csv" href=download rel="external" download="">
            {t!(i18n, report_export)}
        </a>
    }
}

fn shown(s: &Shown, card_status: bool) -> AnyView {
    let i18n = use_i18n();
    match s {
        Shown::Empty => view! { <span class="muted">"—"</span> }.into_any(),
        Shown::Text(t) => match CardStatus::from_code(t).filter(|_| card_status) {
            Some(status) => {
                view! { <span>{move || card_status_label(i18n.get_locale(), status)}</span> }
                    .into_any()
            }
            None => view! { <span>{t.clone()}</span> }.into_any(),
        },
        Shown::Yes => view! { <span>{t!(i18n, yes)}</span> }.into_any(),
        Shown::No => view! { <span>{t!(i18n, no)}</span> }.into_any(),
    }
}

fn field_name(l: Locale, field: &str) -> String {
    if let Some(label) = audit_field_label(l, field) {
        return label.to_owned();
    }
    match field.split_once(':') {
        Some(("stock", store)) => format!("{} · {store}", td_string!(l, audit_f_stock)),
        Some(("field", name)) => format!("{} · {name}", td_string!(l, audit_f_field)),
        _ => field.to_owned(),
    }
}

fn change_item(c: FieldChange, on_card: bool) -> impl IntoView {
    let i18n = use_i18n();
    let field = c.field.clone();
    let card_status = on_card && c.field == "status";
    view! {
        <li data-field=c.field.clone()>
            <b>{move || field_name(i18n.get_locale(), &field)}</b>": "
            <span class="before">{shown(&c.before, card_status)}</span>" → "
            <span class="after">{shown(&c.after, card_status)}</span>
        </li>
    }
}

fn audit_row(line: AuditLine) -> impl IntoView {
    let i18n = use_i18n();
    let (what, action) = (line.what.clone(), line.action.clone());
    let on_card = line.what == "cards";
    let which = match line.what.as_str() {
        "members" => {
            view! { <A href=format!("/members/{}", line.which)>{format!("#{}", line.which)}</A> }
                .into_any()
        }
        "cards" => {
            view! { <A href=format!("/cards/{}", line.which)>{format!("#{}", line.which)}</A> }
                .into_any()
        }
        _ => format!("#{}", line.which).into_any(),
    };
    let who = if line.who.is_empty() {
        view! { <span class="muted">{t!(i18n, audit_system)}</span> }.into_any()
    } else if let Some(member) = line.who.strip_prefix("member:") {
        let member = member.to_owned();
        view! { <span>{t!(i18n, audit_member)}" #"{member}</span> }.into_any()
    } else {
        line.who.clone().into_any()
    };
    view! {
        <tr data-what=line.what.clone() data-action=line.action.clone()>
            <td class="nowrap">{line.at}</td>
            <td>{who}</td>
            <td>{line.store}</td>
            <td>
                {move || audit_thing_label(i18n.get_locale(), &what).unwrap_or(&what).to_owned()}
                " "{which}
            </td>
            <td>{move || audit_action_label(i18n.get_locale(), &action)}</td>
            <td><ul class="changes">{line.changes.into_iter().map(|c| change_item(c, on_card)).collect_view()}</ul></td>
        </tr>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = query();
    let found = Resource::new(q, audit_log);
    let body = move || {
        Suspend::new(async move {
            let v = match found.await {
                Ok(v) => v,
                Err(e) => return refused(e),
            };
            let q = q();
            let table = if v.unknown_which {
                view! { <p class="error" id="log-unknown">{t!(i18n, audit_unknown_which)}</p> }
                    .into_any()
            } else if v.lines.is_empty() {
                view! { <p class="muted" id="log-none">{t!(i18n, audit_none)}</p> }.into_any()
            } else {
                let rows = v.lines.clone().into_iter().map(audit_row).collect_view();
                view! {
                    <div class="scrolls-x">
                        <table class="list" id="audit-log">
                            <thead><tr>
                                <th>{t!(i18n, audit_when)}</th>
                                <th>{t!(i18n, audit_who)}</th>
                                <th>{t!(i18n, store)}</th>
                                <th>{t!(i18n, audit_what)}</th>
                                <th>{t!(i18n, audit_action)}</th>
                                <th>{t!(i18n, audit_changes)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            };
            let older = v.older;
            view! {
                <LogFilter view_of=v q=q.clone() action="/reports/audit" things=true />
                <p class="muted">{t!(i18n, audit_intro)}</p>
                {table}
                <LogPager q path="/reports/audit" log="audit" older />
            }
            .into_any()
        })
    };
    view! { <ReportPage title=|l| td_string!(l, nav_audit)>{body}</ReportPage> }
}

fn security_row(line: SecurityLine) -> impl IntoView {
    let i18n = use_i18n();
    let event = line.event.clone();
    view! {
        <tr data-event=line.event.clone()>
            <td class="nowrap">{line.at}</td>
            <td>{move || security_event_label(i18n.get_locale(), &event).unwrap_or(&event).to_owned()}</td>
            <td>{line.who}</td>
            <td>{line.store}</td>
            <td>{line.ip}</td>
            <td>{line.detail}</td>
        </tr>
    }
}

#[component]
pub fn SecurityPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = query();
    let found = Resource::new(q, security_log);
    let body = move || {
        Suspend::new(async move {
            let v = match found.await {
                Ok(v) => v,
                Err(e) => return refused(e),
            };
            let q = q();
            let table = if v.lines.is_empty() {
                view! { <p class="muted" id="log-none">{t!(i18n, audit_none)}</p> }.into_any()
            } else {
                let rows = v.lines.clone().into_iter().map(security_row).collect_view();
                view! {
                    <div class="scrolls-x">
                        <table class="list" id="security-log">
                            <thead><tr>
                                <th>{t!(i18n, audit_when)}</th>
                                <th>{t!(i18n, audit_event)}</th>
                                <th>{t!(i18n, audit_who)}</th>
                                <th>{t!(i18n, store)}</th>
                                <th>{t!(i18n, audit_address)}</th>
                                <th>{t!(i18n, audit_detail)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            };
            let older = v.older;
            view! {
                <LogFilter view_of=v q=q.clone() action="/reports/security" things=false />
                {table}
                <LogPager q path="/reports/security" log="security" older />
            }
            .into_any()
        })
    };
    view! { <ReportPage title=|l| td_string!(l, nav_security_log)>{body}</ReportPage> }
}
