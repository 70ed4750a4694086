//! P3 on the member page: redeem a gift at this store, turn points into bonus
//! on a stored-value card, the gifts redeemed, and a manager's reversal.

use super::forms::{RequestId, Submitted, renew_after};
use super::members::can;
use crate::api::{PointsToMoney, RedeemGift, ReverseRedemption};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::access::Permission;
use domain::card::{CardKind, CardStatus};
use domain::gift::{Gift, Redemption};
use domain::slip::CardView;
use leptos::prelude::*;

/// The actions of this part, created by the page (their answers reload the
/// points).
#[derive(Clone, Copy)]
pub struct RedeemActions {
    pub redeem: ServerAction<RedeemGift>,
    pub to_money: ServerAction<PointsToMoney>,
    pub reverse: ServerAction<ReverseRedemption>,
}

impl RedeemActions {
    pub fn new() -> Self {
        RedeemActions {
            redeem: ServerAction::new(),
            to_money: ServerAction::new(),
            reverse: ServerAction::new(),
        }
    }

    /// Changes when any of them answered.
    pub fn runs(self) -> usize {
        super::runs(self.redeem.version())
            + super::runs(self.to_money.version())
            + super::runs(self.reverse.version())
    }
}

#[component]
pub fn MemberRedeem(
    member_id: i64,
    points: i64,
    points_per_yuan: i64,
    gifts: Vec<Gift>,
    cards: Vec<CardView>,
    redemptions: Vec<Redemption>,
    actions: RedeemActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let store_id = super::layout::current_me().map_or(0, |me| me.staff.store_id);
    let (redeem_id, money_id) = (RequestId::new(), RequestId::new());
    renew_after(actions.redeem, redeem_id);
    renew_after(actions.to_money, money_id);
    let on_redeem = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        actions.redeem.dispatch(RedeemGift {
            request_id: redeem_id.current(),
            member_id,
            gift_id: f.id("gift_id"),
        });
    };
    let on_money = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        actions.to_money.dispatch(PointsToMoney {
            request_id: money_id.current(),
            card_id: f.id("card_id"),
            points: f.text("points"),
        });
    };
    let offered: Vec<Gift> = gifts
        .into_iter()
        .filter(|g| g.active && g.stock_at(store_id) > 0)
        .collect();
    let gift_options = offered
        .iter()
        .map(|g| {
            let label = format!("{} · {} · {}", g.name, g.points_price, g.stock_at(store_id));
            view! { <option value=g.id disabled={g.points_price > points}>{label}</option> }
        })
        .collect_view();
    let card_options = cards
        .iter()
        .filter(|c| c.kind == CardKind::StoredValue && c.status == CardStatus::Active)
        .map(|c| view! { <option value=c.id>{c.card_no.clone()}</option> })
        .collect_view();
    let has_cards = cards
        .iter()
        .any(|c| c.kind == CardKind::StoredValue && c.status == CardStatus::Active);
    let may_redeem = can(Permission::RedeemPoints);
    let may_reverse = can(Permission::RefundAndReverse);
    view! {
        {(may_redeem && !offered.is_empty()).then(|| view! {
            <form class="form inline" id="redeem-form" novalidate on:submit=on_redeem>
                <label>{t!(i18n, field_gift)}<select name="gift_id">{gift_options}</select></label>
                <ErrorNote error=action_error(actions.redeem.value()) />
                <button type="submit" disabled=actions.redeem.pending()>{t!(i18n, gift_redeem)}</button>
            </form>
        })}
        {(may_redeem && points_per_yuan > 0 && has_cards).then(|| view! {
            <form class="form inline" id="to-money-form" novalidate on:submit=on_money>
                <label>{t!(i18n, field_card_number)}<select name="card_id">{card_options}</select></label>
                <label>{t!(i18n, field_points)}<input name="points" inputmode="numeric" maxlength=domain::points::NUMBER_MAX_CHARS /></label>
                <small class="muted">{t!(i18n, to_money_hint, n = points_per_yuan)}</small>
                <ErrorNote error=action_error(actions.to_money.value()) />
                <button type="submit" disabled=actions.to_money.pending()>{t!(i18n, to_money_do)}</button>
            </form>
        })}
        {(!redemptions.is_empty()).then(|| view! {
            <div class="scroll">
            <table class="list" id="redemptions">
                <caption>{t!(i18n, redemptions)}</caption>
                <thead><tr>
                    <th>{t!(i18n, time)}</th><th>{t!(i18n, field_gift)}</th><th>{t!(i18n, field_points)}</th>
                    <th>{t!(i18n, where_who)}</th><th>{t!(i18n, status)}</th>
                </tr></thead>
                <tbody>
                    {redemptions.into_iter().map(|r| {
                        let id = r.id;
                        let state = if r.reversed {
                            t!(i18n, redemption_reversed).into_any()
                        } else if may_reverse {
                            view! { <button class="link" on:click=move |_| { actions.reverse.dispatch(ReverseRedemption { redemption_id: id, reason: String::new() }); }>{t!(i18n, redemption_reverse)}</button> }.into_any()
                        } else {
                            ().into_any()
                        };
                        view! {
                            <tr>
                                <td>{r.at_local}</td><td>{r.gift_name}</td><td class="num">{format!("-{}", r.points)}</td>
                                <td>{r.store_name} " · " {r.staff_name}</td><td>{state}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        })}
        <ErrorNote error=action_error(actions.reverse.value()) />
    }
}
