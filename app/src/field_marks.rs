//! Every field error of a refused form, shown next to its field: the form's
//! `ErrorNote` finds its form, and each named field's input gets its problem
//! beside it (and `aria-invalid`), while the note keeps the full sentences.

use domain::Field;

/// The `name` an input of `field` has in the forms. One form never has two of
/// these for different fields, so a field maps to the names it goes by.
pub fn input_names(field: Field) -> &'static [&'static str] {
    use Field as F;
    match field {
        F::CompanyName => &["company_name"],
        F::CurrencySymbol => &["currency_symbol"],
        F::TimeZone => &["time_zone"],
        F::StoreCode | F::ItemCode | F::CategoryCode => &["code"],
        F::StoreName => &["name", "head_office_name"],
        F::StoreAddress | F::Address => &["address"],
        F::StorePhone | F::Phone => &["phone"],
        F::StoreOwner => &["owner"],
        F::Username => &["username", "admin_username"],
        F::StaffName => &["name", "admin_name"],
        F::Password => &["password", "admin_password"],
        F::PasswordAgain => &["admin_password_again", "password_again"],
        F::NewPassword => &["new_password"],
        F::Role => &["role"],
        F::HomeStore => &["home_store_id"],
        F::Float => &["float"],
        F::CountedCash => &["counted_cash"],
        F::MemberNumber => &["member_no"],
        F::MemberName
        | F::PlanName
        | F::ItemName
        | F::CategoryName
        | F::LevelName
        | F::CustomFieldName => &["name"],
        F::Gender => &["gender"],
        F::Birthday => &["birthday"],
        F::IdNumber => &["id_number"],
        F::Email => &["email"],
        F::Referrer => &["referrer"],
        F::ValidUntil => &["valid_until"],
        F::Hobbies => &["hobbies"],
        F::Notes => &["notes"],
        F::CustomFieldKind => &["kind"],
        F::Choices => &["choices"],
        F::CardNumber => &["card_no", "new_no", "first_no"],
        F::CardUid => &["uid", "new_uid"],
        F::Pin => &["pin", "new_pin"],
        F::CardKind => &["kind"],
        F::Price => &["price"],
        F::Bonus => &["bonus"],
        F::Visits => &["visits"],
        F::Validity => &["validity"],
        F::ValidityDays => &["validity_days"],
        F::RechargeEvery => &["recharge_every"],
        F::RechargeBonus => &["recharge_bonus"],
        F::Amount => &["amount"],
        F::Fee => &["fee"],
        F::PaymentMethod => &["payment"],
        F::Reason => &["reason"],
        F::BatchCount => &["count"],
        F::MinRecharge => &["min_recharge"],
        F::MaxRecharge => &["max_recharge"],
        F::IssueFee => &["issue_fee"],
        F::ReplaceFee => &["replace_fee"],
        F::ExchangeFee => &["exchange_fee"],
        F::RenewFee => &["renew_fee"],
        F::ReturnFee => &["return_fee"],
        F::Deposit => &["deposit"],
        F::PinRequiredAbove => &["pin_required_above"],
        F::DailyLimit => &["default_daily_limit", "limit"],
        F::PinMaxFailures => &["pin_max_failures"],
        F::PinLockMinutes => &["pin_lock_minutes"],
        F::BackupHour => &["daily_hour"],
        F::BackupKeep => &["keep_copies"],
        F::CheckInsPerDay => &["check_ins_per_day"],
        F::VisitsPerUnit => &["visits_per_unit"],
        F::CardPrefix => &["card_prefix"],
        F::NextCardNo => &["next_card_no"],
        F::ReceiptHeader => &["receipt_header"],
        F::ReceiptFooter => &["receipt_footer"],
        F::LevelRank => &["rank"],
        F::DiscountRate => &["rate"],
        F::Level => &["level_id"],
        F::Barcode => &["barcode"],
        F::ShortCode => &["short_code"],
        F::Unit => &["unit"],
        F::Cost => &["cost"],
        F::ParentCategory => &["parent_id"],
        F::MethodNameZhCn => &["name_zh_cn"],
        F::MethodNameZhTw => &["name_zh_tw"],
        F::MethodNameEn => &["name_en"],
        F::PointsRate => &["points_rate"],
        F::RechargePointsRate => &["recharge_rate"],
        F::EarnPointsOn => &["earn_on"],
        F::LevelWindowMonths => &["window_months"],
        F::LevelAfterRefund => &["after_refund"],
        F::UpgradePoints => &["upgrade_points"],
        F::GiftName => &["name"],
        F::PointsPrice => &["points_price"],
        F::Stock => &["quantity"],
        F::Points => &["points"],
        F::PointsPerYuan => &["points_per_yuan"],
        F::Gift => &["gift_id"],
        F::FirstDay => &["first_day"],
        F::LastDay => &["last_day"],
        F::RebateRate => &["rebate_rate"],
        F::PromotionName => &["name"],
        F::PromotionKind => &["kind"],
        F::PromotionTarget => &["target"],
        F::Multiplier => &["factor"],
        F::BirthdayOffer => &["birthday"],
        F::RechargeTiers => &["tiers"],
        F::GiftMinimum => &["min"],
        F::PromotionWithLevel => &["with_level"],
        _ => &[],
    }
}

/// Marks the inputs of the form around `anchor` with `errors` (field, text),
/// after taking away the marks of the last attempt.
#[cfg(feature = "hydrate")]
pub fn mark(anchor: &web_sys::Element, errors: &[(Field, String)]) {
    let Ok(Some(form)) = anchor.closest("form") else {
        return;
    };
    if let Ok(old) = form.query_selector_all(".field-error[data-mark]") {
        for n in 0..old.length() {
            if let Some(node) = old.item(n)
                && let Some(parent) = node.parent_node()
            {
                let _ = parent.remove_child(&node);
            }
        }
    }
    if let Ok(marked) = form.query_selector_all("[aria-invalid]") {
        for n in 0..marked.length() {
            if let Some(el) = marked
                .item(n)
                .and_then(|n| leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
            {
                let _ = el.remove_attribute("aria-invalid");
            }
        }
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    for (field, text) in errors {
        let input = input_names(*field).iter().find_map(|name| {
            form.query_selector(&format!("[name=\"{name}\"]"))
                .ok()
                .flatten()
        });
        let Some(input) = input else { continue };
        let _ = input.set_attribute("aria-invalid", "true");
        if let Ok(note) = document.create_element("small") {
            note.set_class_name("field-error");
            let _ = note.set_attribute("data-mark", "");
            note.set_text_content(Some(text));
            let _ = input.after_with_node_1(&note);
        }
    }
}
