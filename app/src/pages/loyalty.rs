//! P1, P2: how points are earned (the rate without a level, which payments
//! earn, recharges), how levels count earned points, and what a refund does to
//! a level. Each level's own rate and threshold are on the levels page.

use super::forms::Submitted;
use super::layout::{SettingsTabs, Signed};
use crate::api::{SaveLoyalty, load_loyalty};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::access::Section;
use domain::points::{LoyaltyForm, NUMBER_MAX_CHARS};
use leptos::prelude::*;

#[component]
pub fn LoyaltyPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveLoyalty>::new();
    let current = Resource::new(move || super::runs(save.version()), |_| load_loyalty());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        save.dispatch(SaveLoyalty {
            form: LoyaltyForm {
                points_rate: f.text("points_rate"),
                earn_on: f.text("earn_on"),
                recharge_rate: f.text("recharge_rate"),
                window_months: f.text("window_months"),
                after_refund: f.text("after_refund"),
                points_per_yuan: f.text("points_per_yuan"),
                rebate_rate: f.text("rebate_rate"),
            },
        });
    };
    let form = move || {
        Suspend::new(async move {
            let s = match current.await {
                Ok(s) => s,
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            let on_card = s.earn_on == "member_card";
            let drop = s.after_refund == "drop";
            view! {
                <form class="form" id="loyalty-form" novalidate on:submit=on_submit>
                    <h2>{t!(i18n, loyalty_earning)}</h2>
                    <label>{t!(i18n, field_points_rate)}<input name="points_rate" inputmode="decimal" value=s.points_rate maxlength=NUMBER_MAX_CHARS /></label>
                    <small class="muted">{t!(i18n, loyalty_points_rate_hint)}</small>
                    <label>{t!(i18n, field_earn_points_on)}<select name="earn_on">
                        <option value="all" selected=!on_card>{t!(i18n, loyalty_earn_on_all)}</option>
                        <option value="member_card" selected=on_card>{t!(i18n, loyalty_earn_on_card)}</option>
                    </select></label>
                    <label>{t!(i18n, field_recharge_points_rate)}<input name="recharge_rate" inputmode="decimal" value=s.recharge_rate maxlength=NUMBER_MAX_CHARS /></label>
                    <small class="muted">{t!(i18n, loyalty_recharge_rate_hint)}</small>
                    <p class="muted">{t!(i18n, loyalty_rounding)}</p>
                    <h2>{t!(i18n, loyalty_levels)}</h2>
                    <label>{t!(i18n, field_level_window_months)}<input name="window_months" inputmode="numeric" value=s.window_months maxlength=3 /></label>
                    <small class="muted">{t!(i18n, loyalty_window_hint)}</small>
                    <label>{t!(i18n, field_level_after_refund)}<select name="after_refund">
                        <option value="keep" selected=!drop>{t!(i18n, loyalty_after_refund_keep)}</option>
                        <option value="drop" selected=drop>{t!(i18n, loyalty_after_refund_drop)}</option>
                    </select></label>
                    <h2>{t!(i18n, loyalty_spending)}</h2>
                    <label>{t!(i18n, field_points_per_yuan)}<input name="points_per_yuan" inputmode="numeric" value=s.points_per_yuan maxlength=7 /></label>
                    <small class="muted">{t!(i18n, loyalty_points_per_yuan_hint)}</small>
                    <label>{t!(i18n, field_rebate_rate)}<input name="rebate_rate" inputmode="decimal" value=s.rebate_rate maxlength=NUMBER_MAX_CHARS /></label>
                    <small class="muted">{t!(i18n, loyalty_rebate_rate_hint)}</small>
                    <ErrorNote error=action_error(save.value()) />
                    <Show when=move || matches!(save.value().get(), Some(Ok(())))>
                        <p class="ok" role="status">{t!(i18n, saved)}</p>
                    </Show>
                    <button type="submit" class="primary" disabled=save.pending()>{t!(i18n, save)}</button>
                </form>
            }
            .into_any()
        })
    };
    view! {
        <Signed section=Section::Settings>
            <SettingsTabs />
            <h1>{t!(i18n, nav_loyalty)}</h1>
            <p class="muted">{t!(i18n, loyalty_intro)}</p>
            <Transition fallback=|| ()>{form}</Transition>
        </Signed>
    }
}
