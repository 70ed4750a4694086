//! M1, M2: the member list with search, a member's page, and the member form.

use super::forms::{
    PaymentSelect, RequestId, Submitted, money, renew_after, suggest_card_number, suggest_on_change,
};
use super::layout::{Signed, current_me};
use super::member_points::MemberPoints;
use super::member_redeem::{MemberRedeem, RedeemActions};
use crate::api::{
    IssueCard, IssueForm, MemberPageData, SetMemberLevel, list_gifts, list_plans, load_levels,
    member_details, member_fields, member_points, search_members,
};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use crate::readers::CardInput;
use crate::text::{card_kind_label, card_state_label, gender_label};
use domain::access::{Permission, Section};
use domain::card::{CARD_NUMBER_MAX_CHARS, CARD_UID_MAX_CHARS, CardKind};
use domain::member::{CustomField, Gender, Member, SEARCH_MAX_CHARS};
use domain::slip::CardView;
use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_router::components::{A, Form};
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

const PAGE_SIZE: u32 = 20;

pub(super) fn can(permission: Permission) -> bool {
    current_me().is_some_and(|me| me.staff.role.can(permission))
}

#[component]
pub fn MembersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // `try_with`: the resource's source may be read after a dropped page is gone.
    let q = move || query.try_with(|m| m.get("q")).flatten().unwrap_or_default();
    let page = move || {
        query
            .try_with(|m| m.get("page").and_then(|p| p.parse::<u32>().ok()))
            .flatten()
            .unwrap_or(0)
    };
    let found = Resource::new(
        move || (q(), page()),
        |(q, page)| search_members(q, page, PAGE_SIZE),
    );
    // A card swiped anywhere on the page (K1, K2) opens its member.
    let navigate = leptos_router::hooks::use_navigate();
    CardInput::listen(None, move |number| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let to = match search_members(number.clone(), 0, 2).await {
                Ok(found) if found.members.len() == 1 => {
                    format!("/members/{}", found.members[0].id)
                }
                _ => format!("/members?q={}", js_free_encode(&number)),
            };
            navigate(&to, Default::default());
        });
    });
    let list = move || {
        Suspend::new(async move {
            match found.await {
                Err(e) => view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
                Ok(result) => {
                    let pages = (result.total as u32).div_ceil(PAGE_SIZE).max(1);
                    let here = result.page;
                    let link =
                        move |p: u32| format!("/members?q={}&page={p}", js_free_encode(&q()));
                    view! {
                        <p class="muted" id="member-count">{move || td_string!(i18n.get_locale(), members_total, count = result.total).to_string()}</p>
                        <table class="list" id="members">
                            <thead><tr>
                                <th>{t!(i18n, field_member_number)}</th>
                                <th>{t!(i18n, field_member_name)}</th>
                                <th>{t!(i18n, field_phone)}</th>
                                <th>{t!(i18n, field_home_store)}</th>
                                <th>{t!(i18n, cards_count)}</th>
                                <th>{t!(i18n, balance)}</th>
                            </tr></thead>
                            <tbody>
                                {result.members.into_iter().map(|m| view! {
                                    <tr class:inactive=!m.active>
                                        <td><A href=format!("/members/{}", m.id)>{m.member_no.clone()}</A></td>
                                        <td><A href=format!("/members/{}", m.id)>{m.name.clone()}</A></td>
                                        <td>{m.phone.clone().unwrap_or_default()}</td>
                                        <td>{m.home_store_name.clone()}</td>
                                        <td class="num">{m.cards}</td>
                                        <td class="num">{money(m.balance_fen, "")}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <nav class="pager">
                            {(here > 0).then(|| view! { <A href=link(here - 1)>{t!(i18n, page_previous)}</A> })}
                            <span>{format!("{} / {}", here + 1, pages)}</span>
                            {(here + 1 < pages).then(|| view! { <A href=link(here + 1)>{t!(i18n, page_next)}</A> })}
                        </nav>
                    }
                    .into_any()
                }
            }
        })
    };
    view! {
        <Signed section=Section::Members>
            <h1>{t!(i18n, members_title)}</h1>
            <div class="toolbar">
                <Form method="GET" action="/members" attr:class="search" attr:id="member-search">
                    <input type="search" name="q" value=q maxlength=SEARCH_MAX_CHARS
                        placeholder=move || t_string!(i18n, members_search_hint) aria-label=move || t_string!(i18n, field_search) />
                    <button type="submit">{t!(i18n, search)}</button>
                </Form>
                {can(Permission::EditMembers).then(|| view! { <A href="/members/new" attr:class="button primary">{t!(i18n, members_new)}</A> })}
                {can(Permission::ViewReports).then(|| view! { <ExportLinks /> })}
            </div>
            <Transition fallback=|| ()>{list}</Transition>
        </Signed>
    }
}

/// Every member, and every card, of the stores in one's scope as CSV (M3).
#[component]
fn ExportLinks() -> impl IntoView {
    let i18n = use_i18n();
    let href = move |what: &'static str| {
        move || {
            let lang = super::report_detail::lang_code(i18n.get_locale());
            format!("/reports/export/{what}.csv?lang={lang}")
        }
    };
    view! {
        <a class="button" id="export-members" href=href("members") rel="external" download="">
            {t!(i18n, export_members)}
        </a>
        <a class="button" id="export-cards" href=href("cards") rel="external" download="">
            {t!(i18n, export_cards)}
        </a>
        {can(Permission::ManageSettings).then(|| view! {
            <A href="/members/import" attr:class="button" attr:id="import-members">{t!(i18n, import_title)}</A>
        })}
    }
}

/// Percent-encodes a query value (the search text may hold any character).
fn js_free_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The page's `:id`, for a resource's source: read with `try_with`, since on the
/// server the source may be read again after a dropped page's signals are gone.
pub(super) fn id_param() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .try_with(|p| p.get("id").and_then(|id| id.parse().ok()))
            .flatten()
            .unwrap_or(0)
    }
}

#[component]
pub fn MemberPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let redeem = RedeemActions::new();
    let details = Resource::new(
        move || (id(), super::runs(redeem.to_money.version())),
        |(id, _)| member_details(id),
    );
    let fields = Resource::new(|| (), |_| member_fields());
    let plans = Resource::new(|| (), |_| list_plans());
    let set_level = ServerAction::<SetMemberLevel>::new();
    let points = Resource::new(
        move || (id(), super::runs(set_level.version()), redeem.runs()),
        |(id, _, _)| member_points(id),
    );
    let gifts = Resource::new(|| (), |_| list_gifts());
    let levels = Resource::new(|| (), |_| load_levels());
    let body = move || {
        Suspend::new(async move {
            let MemberPageData {
                member,
                cards,
                history,
                currency_symbol,
            } = match details.await {
                Ok(found) => found,
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            let fields = fields.await.unwrap_or_default();
            let plans = plans.await.unwrap_or_default();
            let account = points.await.ok();
            let levels = levels.await.map(|l| l.levels).unwrap_or_default();
            let gifts = gifts.await.unwrap_or_default();
            let member_id = member.id;
            view! {
                <h1>{member.name.clone()} <small class="muted">" " {member.member_no.clone()}</small></h1>
                <p class="actions">
                    {can(Permission::EditMembers).then(|| view! {
                        <A href=format!("/members/{member_id}/edit") attr:class="button">{t!(i18n, edit)}</A>
                    })}
                    {can(Permission::ViewAudit).then(|| view! {
                        " "<A href=format!("/reports/audit?what=members&which={}", member.member_no) attr:id="member-changes">{t!(i18n, audit_history)}</A>
                    })}
                </p>
                <MemberFacts member=member.clone() fields />
                {account.map(|account| {
                    let (points, points_per_yuan, redemptions) = (account.points, account.points_per_yuan, account.redemptions.clone());
                    let cards = cards.clone();
                    view! {
                        <MemberPoints account levels member_id set_level />
                        <MemberRedeem member_id points points_per_yuan gifts cards redemptions actions=redeem />
                    }
                })}
                <h2>{t!(i18n, member_cards)}</h2>
                <CardList cards />
                {can(Permission::EditMembers).then(|| view! { <IssueCardForm member_id plans /> })}
                <h2>{t!(i18n, history)}</h2>
                <MemberHistory history symbol=currency_symbol />
            }
            .into_any()
        })
    };
    view! {
        <Signed section=Section::Members>
            <Transition fallback=|| ()>{body}</Transition>
        </Signed>
    }
}

#[component]
fn MemberFacts(member: Member, fields: Vec<CustomField>) -> impl IntoView {
    let i18n = use_i18n();
    let gender = member.gender;
    let fact = move |label: fn(Locale) -> &'static str, value: String| {
        (!value.is_empty())
            .then(|| view! { <dt>{move || label(i18n.get_locale())}</dt><dd>{value}</dd> })
    };
    let named = |name: String, value: String| {
        (!value.is_empty()).then(|| view! { <dt>{name}</dt><dd>{value}</dd> })
    };
    let custom = fields
        .iter()
        .filter_map(|f| {
            member
                .custom
                .iter()
                .find(|(id, _)| *id == f.id)
                .map(|(_, v)| named(f.name.clone(), v.clone()))
        })
        .collect_view();
    let referrer = member
        .referrer_name
        .clone()
        .map(|n| format!("{n} ({})", member.referrer_no.clone().unwrap_or_default()));
    view! {
        <dl class="facts" id="member-facts">
            {fact(|l| td_string!(l, field_phone), member.phone.clone().unwrap_or_default())}
            {(gender != Gender::Unknown).then(|| view! { <dt>{t!(i18n, field_gender)}</dt><dd>{move || gender_label(i18n.get_locale(), gender)}</dd> })}
            {fact(|l| td_string!(l, field_birthday), member.birthday.map(|d| d.to_string()).unwrap_or_default())}
            {fact(|l| td_string!(l, field_home_store), member.home_store_name.clone())}
            {fact(|l| td_string!(l, field_id_number), member.id_number.clone())}
            {fact(|l| td_string!(l, field_email), member.email.clone())}
            {fact(|l| td_string!(l, field_address), member.address.clone())}
            {fact(|l| td_string!(l, field_referrer), referrer.unwrap_or_default())}
            {fact(|l| td_string!(l, field_valid_until), member.valid_until.map(|d| d.to_string()).unwrap_or_default())}
            {fact(|l| td_string!(l, field_hobbies), member.hobbies.clone())}
            {fact(|l| td_string!(l, field_notes), member.notes.clone())}
            {custom}
            {(!member.active).then(|| view! { <dt>{t!(i18n, status)}</dt><dd>{t!(i18n, inactive)}</dd> })}
        </dl>
    }
}

/// What is on a card, in one short phrase.
pub fn card_value(locale: Locale, card: &CardView) -> String {
    match card.kind {
        CardKind::StoredValue => money(card.principal_fen + card.bonus_fen, ""),
        CardKind::Count => td_string!(locale, visits_left_n, n = card.visits_left).to_string(),
        CardKind::Time => card
            .valid_until
            .map(|d| td_string!(locale, valid_until_day, day = d.to_string()).to_string())
            .unwrap_or_default(),
    }
}

#[component]
fn CardList(cards: Vec<CardView>) -> impl IntoView {
    let i18n = use_i18n();
    if cards.is_empty() {
        return view! { <p class="muted">{t!(i18n, member_no_cards)}</p> }.into_any();
    }
    view! {
        <table class="list" id="member-cards">
            <thead><tr>
                <th>{t!(i18n, field_card_number)}</th>
                <th>{t!(i18n, field_plan)}</th>
                <th>{t!(i18n, field_card_kind)}</th>
                <th>{t!(i18n, on_card)}</th>
                <th>{t!(i18n, status)}</th>
            </tr></thead>
            <tbody>
                {cards.into_iter().map(|c| {
                    let (kind, status, id, plan) = (c.kind, c.status, c.id, c.plan_name.clone());
                    let paused = c.paused_since.is_some();
                    let number = c.card_no.clone();
                    let value = move || card_value(i18n.get_locale(), &c);
                    view! {
                        <tr>
                            <td><A href=format!("/cards/{id}")>{number}</A></td>
                            <td>{plan}</td>
                            <td>{move || card_kind_label(i18n.get_locale(), kind)}</td>
                            <td class="num">{value}</td>
                            <td>{move || card_state_label(i18n.get_locale(), status, paused)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The member's latest transactions on any of their cards.
#[component]
fn MemberHistory(history: Vec<domain::slip::Slip>, symbol: String) -> impl IntoView {
    let i18n = use_i18n();
    if history.is_empty() {
        return ().into_any();
    }
    view! {
        <table class="list" id="member-history">
            <thead><tr>
                <th>{t!(i18n, time)}</th><th>{t!(i18n, field_card_number)}</th><th>{t!(i18n, what)}</th>
                <th>{t!(i18n, change)}</th><th>{t!(i18n, where_who)}</th><th>{t!(i18n, slip)}</th>
            </tr></thead>
            <tbody>
                {history.into_iter().map(|s| {
                    let kind = s.kind;
                    let change = [super::forms::delta(s.principal_delta_fen + s.bonus_delta_fen, &symbol), match s.visits_delta { 0 => String::new(), n => format!("{n:+}×") }]
                        .into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(" ");
                    view! {
                        <tr>
                            <td>{s.at_local.clone()}</td>
                            <td><A href=format!("/cards/{}", s.card_id)>{s.card_no.clone()}</A></td>
                            <td>{move || crate::text::tx_kind_label(i18n.get_locale(), kind)}</td>
                            <td class="num">{change}</td>
                            <td>{s.store_name.clone()} " · " {s.staff_name.clone()}</td>
                            <td><A href=format!("/slips/{}", s.transaction_id)>{t!(i18n, slip)}</A></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Issues a card of a plan to this member (C2).
#[component]
fn IssueCardForm(member_id: i64, plans: Vec<domain::plan::Plan>) -> impl IntoView {
    let i18n = use_i18n();
    let issue = ServerAction::<IssueCard>::new();
    let request = RequestId::new();
    renew_after(issue, request);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(slip)) = issue.value().get() {
            navigate(
                &format!("/cards/{}?slip={}", slip.card_id, slip.transaction_id),
                Default::default(),
            );
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        issue.dispatch(IssueCard {
            request_id: request.current(),
            form: IssueForm {
                plan_id: f.id("plan_id"),
                member_id,
                card_no: f.text("card_no"),
                uid: f.text("uid"),
                pin: f.text("pin"),
                pin_again: f.text("pin_again"),
                payment: f.text("payment"),
                fee: f.text("fee"),
            },
        });
    };
    let first_plan = plans.iter().find(|p| p.active).map(|p| p.id);
    Effect::new(move |_| {
        if let Some(id) = first_plan {
            suggest_card_number(id, "issue-card-no");
        }
    });
    let options = plans
        .into_iter()
        .filter(|p| p.active)
        .map(|p| view! { <option value=p.id>{p.name.clone()} " · " {money(p.price_fen, "")}</option> })
        .collect_view();
    view! {
        <section class="card">
            <h2>{t!(i18n, issue_card)}</h2>
            <form class="form" id="issue-card-form" novalidate on:submit=on_submit>
                <label>{t!(i18n, field_plan)}<select name="plan_id" on:change=move |ev| suggest_on_change(ev, "issue-card-no")>{options}</select></label>
                <label>{t!(i18n, field_card_number)}<input id="issue-card-no" name="card_no" maxlength=CARD_NUMBER_MAX_CHARS autocomplete="off" /></label>
                <label>{t!(i18n, field_card_uid)}<input name="uid" maxlength=CARD_UID_MAX_CHARS autocomplete="off" /></label>
                <label>{t!(i18n, field_pin)}<input name="pin" type="password" inputmode="numeric" maxlength=6 autocomplete="off" /><small class="muted">{t!(i18n, pin_rules)}</small></label>
                <label>{t!(i18n, pin_again)}<input name="pin_again" type="password" inputmode="numeric" maxlength=6 autocomplete="off" /></label>
                <PaymentSelect />
                {can(Permission::ManageCards).then(|| view! {
                    <label>{t!(i18n, fee_override)}<input name="fee" inputmode="decimal" maxlength=24 /></label>
                })}
                <ErrorNote error=action_error(issue.value()) />
                <button type="submit" class="primary" disabled=issue.pending()>{t!(i18n, issue_card)}</button>
            </form>
        </section>
    }
}
