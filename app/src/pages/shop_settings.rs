//! S2: recharge limits, card fees and deposit, PIN and daily limits, receipt text.

use super::forms::Submitted;
use super::layout::{SettingsTabs, Signed};
use crate::api::{SaveShopSettings, shop_settings};
use crate::error::{ErrorNote, action_error};
use crate::i18n::*;
use domain::access::Section;
use domain::settings::{RECEIPT_TEXT_MAX_CHARS, SettingsForm};
use leptos::prelude::*;
use leptos_i18n::td_string;

#[component]
pub fn ShopSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveShopSettings>::new();
    let current = Resource::new(move || super::runs(save.version()), |_| shop_settings());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(f) = Submitted::of(&ev) else { return };
        save.dispatch(SaveShopSettings {
            form: SettingsForm {
                min_recharge: f.text("min_recharge"),
                max_recharge: f.text("max_recharge"),
                issue_fee: f.text("issue_fee"),
                replace_fee: f.text("replace_fee"),
                exchange_fee: f.text("exchange_fee"),
                renew_fee: f.text("renew_fee"),
                return_fee: f.text("return_fee"),
                deposit: f.text("deposit"),
                pin_required_above: f.text("pin_required_above"),
                default_daily_limit: f.text("default_daily_limit"),
                pin_max_failures: f.text("pin_max_failures"),
                pin_lock_minutes: f.text("pin_lock_minutes"),
                refund_bonus_on_return: f.checked("refund_bonus_on_return"),
                check_ins_per_day: f.text("check_ins_per_day"),
                receipt_header: f.text("receipt_header"),
                receipt_footer: f.text("receipt_footer"),
            },
        });
    };
    let form = move || {
        Suspend::new(async move {
            let s = match current.await {
                Ok(s) => s,
                Err(e) => return view! { <ErrorNote error=Signal::stored(Some(e)) /> }.into_any(),
            };
            let money = move |label: fn(Locale) -> &'static str,
                              name: &'static str,
                              value: String| {
                view! { <label>{move || label(i18n.get_locale())}<input name=name inputmode="decimal" value=value maxlength=24 /></label> }
            };
            view! {
                <form class="form" id="shop-settings-form" novalidate on:submit=on_submit>
                    <h2>{t!(i18n, settings_recharge)}</h2>
                    {money(|l| td_string!(l, field_min_recharge), "min_recharge", s.min_recharge)}
                    {money(|l| td_string!(l, field_max_recharge), "max_recharge", s.max_recharge)}
                    <h2>{t!(i18n, settings_fees)}</h2>
                    {money(|l| td_string!(l, field_issue_fee), "issue_fee", s.issue_fee)}
                    {money(|l| td_string!(l, field_replace_fee), "replace_fee", s.replace_fee)}
                    {money(|l| td_string!(l, field_exchange_fee), "exchange_fee", s.exchange_fee)}
                    {money(|l| td_string!(l, field_renew_fee), "renew_fee", s.renew_fee)}
                    {money(|l| td_string!(l, field_return_fee), "return_fee", s.return_fee)}
                    {money(|l| td_string!(l, field_deposit), "deposit", s.deposit)}
                    <label class="check"><input type="checkbox" name="refund_bonus_on_return" checked=s.refund_bonus_on_return.is_some() />{t!(i18n, refund_bonus_on_return)}</label>
                    <h2>{t!(i18n, settings_safety)}</h2>
                    {money(|l| td_string!(l, field_pin_required_above), "pin_required_above", s.pin_required_above)}
                    <small class="muted">{t!(i18n, pin_required_above_hint)}</small>
                    {money(|l| td_string!(l, field_daily_limit), "default_daily_limit", s.default_daily_limit)}
                    <small class="muted">{t!(i18n, daily_limit_hint)}</small>
                    <label>{t!(i18n, field_pin_max_failures)}<input name="pin_max_failures" inputmode="numeric" value=s.pin_max_failures maxlength=2 /></label>
                    <label>{t!(i18n, field_pin_lock_minutes)}<input name="pin_lock_minutes" inputmode="numeric" value=s.pin_lock_minutes maxlength=4 /></label>
                    <label>{t!(i18n, field_check_ins_per_day)}<input name="check_ins_per_day" inputmode="numeric" value=s.check_ins_per_day maxlength=3 /></label>
                    <small class="muted">{t!(i18n, check_ins_per_day_hint)}</small>
                    <h2>{t!(i18n, settings_receipt)}</h2>
                    <label>{t!(i18n, field_receipt_header)}<textarea name="receipt_header" maxlength=RECEIPT_TEXT_MAX_CHARS>{s.receipt_header}</textarea></label>
                    <label>{t!(i18n, field_receipt_footer)}<textarea name="receipt_footer" maxlength=RECEIPT_TEXT_MAX_CHARS>{s.receipt_footer}</textarea></label>
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
            <h1>{t!(i18n, nav_shop_settings)}</h1>
            <Transition fallback=|| ()>{form}</Transition>
        </Signed>
    }
}
