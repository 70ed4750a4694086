//! Words for values: field labels, problems, refusals, and the names of kinds,
//! statuses and methods, in the user's language.

use crate::i18n::*;
use domain::card::{CardKind, CardStatus};
use domain::member::{CustomKind, Gender};
use domain::pay_method::MethodNames;
use domain::points::{LevelCause, PointsKind};
use domain::slip::TxKind;
use domain::{Field, Problem};
use leptos_i18n::td_string;

mod audit;
mod refusals;
pub use audit::*;
pub use refusals::refusal_text;

/// The label of a form field in `locale`.
pub fn field_label(locale: Locale, field: Field) -> String {
    let text = match field {
        Field::CompanyName => td_string!(locale, field_company_name),
        Field::CurrencySymbol => td_string!(locale, field_currency_symbol),
        Field::TimeZone => td_string!(locale, field_time_zone),
        Field::StoreCode => td_string!(locale, field_store_code),
        Field::StoreName => td_string!(locale, field_store_name),
        Field::StoreAddress => td_string!(locale, field_store_address),
        Field::StorePhone => td_string!(locale, field_store_phone),
        Field::StoreOwner => td_string!(locale, field_store_owner),
        Field::Username => td_string!(locale, field_username),
        Field::StaffName => td_string!(locale, field_staff_name),
        Field::Password => td_string!(locale, field_password),
        Field::NewPassword => td_string!(locale, field_new_password),
        Field::Role => td_string!(locale, field_role),
        Field::HomeStore => td_string!(locale, field_home_store),
        Field::Float => td_string!(locale, field_float),
        Field::CountedCash => td_string!(locale, field_counted_cash),
        Field::MemberNumber => td_string!(locale, field_member_number),
        Field::MemberName => td_string!(locale, field_member_name),
        Field::Phone => td_string!(locale, field_phone),
        Field::Gender => td_string!(locale, field_gender),
        Field::Birthday => td_string!(locale, field_birthday),
        Field::IdNumber => td_string!(locale, field_id_number),
        Field::Email => td_string!(locale, field_email),
        Field::Address => td_string!(locale, field_address),
        Field::Referrer => td_string!(locale, field_referrer),
        Field::ValidUntil => td_string!(locale, field_valid_until),
        Field::Hobbies => td_string!(locale, field_hobbies),
        Field::Notes => td_string!(locale, field_notes),
        Field::Custom(_) => td_string!(locale, field_custom),
        Field::CustomFieldName => td_string!(locale, field_custom_field_name),
        Field::CustomFieldKind => td_string!(locale, field_custom_field_kind),
        Field::Choices => td_string!(locale, field_choices),
        Field::Search => td_string!(locale, field_search),
        Field::CardNumber => td_string!(locale, field_card_number),
        Field::CardUid => td_string!(locale, field_card_uid),
        Field::Pin => td_string!(locale, field_pin),
        Field::NewPin => td_string!(locale, field_new_pin),
        Field::RepeatPin => td_string!(locale, field_repeat_pin),
        Field::PlanName => td_string!(locale, field_plan_name),
        Field::CardKind => td_string!(locale, field_card_kind),
        Field::Price => td_string!(locale, field_price),
        Field::Bonus => td_string!(locale, field_bonus),
        Field::Visits => td_string!(locale, field_visits),
        Field::Validity => td_string!(locale, field_validity),
        Field::ValidityDays => td_string!(locale, field_validity_days),
        Field::RechargeEvery => td_string!(locale, field_recharge_every),
        Field::RechargeBonus => td_string!(locale, field_recharge_bonus),
        Field::AcceptedStores => td_string!(locale, field_accepted_stores),
        Field::Plan => td_string!(locale, field_plan),
        Field::Amount => td_string!(locale, field_amount),
        Field::Fee => td_string!(locale, field_fee),
        Field::PaymentMethod => td_string!(locale, field_payment_method),
        Field::Reason => td_string!(locale, field_reason),
        Field::RequestId => td_string!(locale, field_request_id),
        Field::BatchCount => td_string!(locale, field_batch_count),
        Field::MinRecharge => td_string!(locale, field_min_recharge),
        Field::MaxRecharge => td_string!(locale, field_max_recharge),
        Field::IssueFee => td_string!(locale, field_issue_fee),
        Field::ReplaceFee => td_string!(locale, field_replace_fee),
        Field::ExchangeFee => td_string!(locale, field_exchange_fee),
        Field::RenewFee => td_string!(locale, field_renew_fee),
        Field::ReturnFee => td_string!(locale, field_return_fee),
        Field::Deposit => td_string!(locale, field_deposit),
        Field::PinRequiredAbove => td_string!(locale, field_pin_required_above),
        Field::DailyLimit => td_string!(locale, field_daily_limit),
        Field::PinMaxFailures => td_string!(locale, field_pin_max_failures),
        Field::PinLockMinutes => td_string!(locale, field_pin_lock_minutes),
        Field::BackupHour => td_string!(locale, field_backup_hour),
        Field::BackupKeep => td_string!(locale, field_backup_keep),
        Field::CheckInsPerDay => td_string!(locale, field_check_ins_per_day),
        Field::VisitsPerUnit => td_string!(locale, field_visits_per_unit),
        Field::CardPrefix => td_string!(locale, field_card_prefix),
        Field::NextCardNo => td_string!(locale, field_next_card_no),
        Field::ReceiptHeader => td_string!(locale, field_receipt_header),
        Field::ReceiptFooter => td_string!(locale, field_receipt_footer),
        Field::ItemCode => td_string!(locale, field_item_code),
        Field::ItemName => td_string!(locale, field_item_name),
        Field::CategoryCode => td_string!(locale, field_category_code),
        Field::CategoryName => td_string!(locale, field_category_name),
        Field::CoveredItems => td_string!(locale, field_covered_items),
        Field::LevelName => td_string!(locale, field_level_name),
        Field::LevelRank => td_string!(locale, field_level_rank),
        Field::DiscountRate => td_string!(locale, field_discount_rate),
        Field::Level => td_string!(locale, field_level),
        Field::Barcode => td_string!(locale, field_barcode),
        Field::ShortCode => td_string!(locale, field_short_code),
        Field::Unit => td_string!(locale, field_unit),
        Field::Cost => td_string!(locale, field_cost),
        Field::ParentCategory => td_string!(locale, field_parent_category),
        Field::SoldAtStores => td_string!(locale, field_sold_at),
        Field::Quantity => td_string!(locale, field_quantity),
        Field::SaleLines => td_string!(locale, field_sale_lines),
        Field::CashGiven => td_string!(locale, field_cash_given),
        Field::Payments => td_string!(locale, field_payments),
        Field::PasswordAgain => td_string!(locale, field_password_again),
        Field::MethodNameZhCn => td_string!(locale, field_method_name_zh_cn),
        Field::MethodNameZhTw => td_string!(locale, field_method_name_zh_tw),
        Field::MethodNameEn => td_string!(locale, field_method_name_en),
        Field::OpeningPoints => td_string!(locale, field_opening_points),
        Field::ImportFile => td_string!(locale, field_import_file),
        Field::TillName => td_string!(locale, field_till_name),
        Field::PairingCode => td_string!(locale, field_pairing_code),
        Field::PointsRate => td_string!(locale, field_points_rate),
        Field::RechargePointsRate => td_string!(locale, field_recharge_points_rate),
        Field::EarnPointsOn => td_string!(locale, field_earn_points_on),
        Field::LevelWindowMonths => td_string!(locale, field_level_window_months),
        Field::LevelAfterRefund => td_string!(locale, field_level_after_refund),
        Field::UpgradePoints => td_string!(locale, field_upgrade_points),
        Field::GiftName => td_string!(locale, field_gift_name),
        Field::PointsPrice => td_string!(locale, field_points_price),
        Field::Stock => td_string!(locale, field_stock),
        Field::Points => td_string!(locale, field_points),
        Field::PointsPerYuan => td_string!(locale, field_points_per_yuan),
        Field::Gift => td_string!(locale, field_gift),
        Field::FirstDay => td_string!(locale, field_first_day),
        Field::LastDay => td_string!(locale, field_last_day),
        Field::RebateRate => td_string!(locale, field_rebate_rate),
        Field::PromotionName => td_string!(locale, field_promotion_name),
        Field::PromotionKind => td_string!(locale, field_promotion_kind),
        Field::PromotionStores => td_string!(locale, field_promotion_stores),
        Field::PromotionTarget => td_string!(locale, field_promotion_target),
        Field::Multiplier => td_string!(locale, field_multiplier),
        Field::Weekdays => td_string!(locale, field_weekdays),
        Field::BirthdayOffer => td_string!(locale, field_birthday_offer),
        Field::RechargeTiers => td_string!(locale, field_recharge_tiers),
        Field::GiftMinimum => td_string!(locale, field_gift_minimum),
        Field::PromotionWithLevel => td_string!(locale, field_promotion_with_level),
    };
    text.to_string()
}

pub fn problem_text(locale: Locale, problem: Problem) -> String {
    match problem {
        Problem::Required => td_string!(locale, err_required).to_string(),
        Problem::TooLong { max_chars } => {
            td_string!(locale, err_too_long, max = max_chars).to_string()
        }
        Problem::TooShort { min_chars } => {
            td_string!(locale, err_too_short, min = min_chars).to_string()
        }
        Problem::BadCharacters => td_string!(locale, err_bad_characters).to_string(),
        Problem::NotAnOption => td_string!(locale, err_not_an_option).to_string(),
        Problem::PasswordTooWeak => td_string!(locale, err_password_weak).to_string(),
        Problem::PasswordContainsUsername => {
            td_string!(locale, err_password_contains_username).to_string()
        }
        Problem::Taken => td_string!(locale, err_taken).to_string(),
        Problem::NotAnAmount => td_string!(locale, err_not_an_amount).to_string(),
        Problem::TooManyDecimals => td_string!(locale, err_too_many_decimals).to_string(),
        Problem::Negative => td_string!(locale, err_negative).to_string(),
        Problem::AmountTooLarge { max_fen } => {
            let max = domain::money::Money::from_fen(max_fen).plain();
            td_string!(locale, err_amount_too_large, max = max).to_string()
        }
        Problem::NotADate => td_string!(locale, err_not_a_date).to_string(),
        Problem::NotANumber => td_string!(locale, err_not_a_number).to_string(),
        Problem::NotAWholeNumber => td_string!(locale, err_not_a_whole_number).to_string(),
        Problem::OutOfRange { min, max } => {
            td_string!(locale, err_out_of_range, min = min, max = max).to_string()
        }
        Problem::TooMany { max } => td_string!(locale, err_too_many, max = max).to_string(),
        Problem::BelowMinimum => td_string!(locale, err_below_minimum).to_string(),
        Problem::PinNotSixDigits => td_string!(locale, err_pin_six_digits).to_string(),
        Problem::TrivialPin => td_string!(locale, err_trivial_pin).to_string(),
        Problem::LooksLikeMemberCode => td_string!(locale, err_looks_like_member_code).to_string(),
        Problem::Zero => td_string!(locale, err_zero).to_string(),
        Problem::NotFound => td_string!(locale, err_no_such_record).to_string(),
        Problem::Mismatch => td_string!(locale, err_mismatch).to_string(),
        Problem::Invisible => td_string!(locale, err_invisible).to_string(),
        Problem::MisplacedComma => td_string!(locale, err_misplaced_comma).to_string(),
    }
}

pub fn card_kind_label(locale: Locale, kind: CardKind) -> &'static str {
    match kind {
        CardKind::StoredValue => td_string!(locale, kind_stored_value),
        CardKind::Count => td_string!(locale, kind_count),
        CardKind::Time => td_string!(locale, kind_time),
    }
}

pub fn card_status_label(locale: Locale, status: CardStatus) -> &'static str {
    match status {
        CardStatus::Active => td_string!(locale, card_status_active),
        CardStatus::Frozen => td_string!(locale, card_status_frozen),
        CardStatus::Returned => td_string!(locale, card_status_returned),
        CardStatus::Replaced => td_string!(locale, card_status_replaced),
    }
}

/// A card's state as its badge reads it: a paused time card is "Paused", not
/// "Active".
pub fn card_state_label(locale: Locale, status: CardStatus, paused: bool) -> &'static str {
    if paused && status == CardStatus::Active {
        td_string!(locale, card_status_paused)
    } else {
        card_status_label(locale, status)
    }
}

pub fn points_kind_label(locale: Locale, kind: PointsKind) -> &'static str {
    match kind {
        PointsKind::Sale => td_string!(locale, points_kind_sale),
        PointsKind::Recharge => td_string!(locale, points_kind_recharge),
        PointsKind::SaleRefund => td_string!(locale, points_kind_sale_refund),
        PointsKind::RechargeReversal => td_string!(locale, points_kind_recharge_reversal),
        PointsKind::MovedFromCard => td_string!(locale, points_kind_moved_from_card),
        PointsKind::Opening => td_string!(locale, points_kind_opening),
        PointsKind::Gift => td_string!(locale, points_kind_gift),
        PointsKind::GiftReversal => td_string!(locale, points_kind_gift_reversal),
        PointsKind::ToMoney => td_string!(locale, points_kind_to_money),
    }
}

pub fn level_cause_label(locale: Locale, cause: LevelCause) -> &'static str {
    match cause {
        LevelCause::Points => td_string!(locale, level_cause_points),
        LevelCause::ByHand => td_string!(locale, level_cause_by_hand),
        LevelCause::Refund => td_string!(locale, level_cause_refund),
    }
}

pub fn tx_kind_label(locale: Locale, kind: TxKind) -> &'static str {
    match kind {
        TxKind::Issue => td_string!(locale, tx_issue),
        TxKind::Recharge => td_string!(locale, tx_recharge),
        TxKind::Spend => td_string!(locale, tx_spend),
        TxKind::Sale => td_string!(locale, tx_sale),
        TxKind::VisitUse => td_string!(locale, tx_visit_use),
        TxKind::CheckIn => td_string!(locale, tx_check_in),
        TxKind::Refund => td_string!(locale, tx_refund),
        TxKind::Reversal => td_string!(locale, tx_reversal),
        TxKind::Freeze => td_string!(locale, tx_freeze),
        TxKind::Unfreeze => td_string!(locale, tx_unfreeze),
        TxKind::Replace => td_string!(locale, tx_replace),
        TxKind::Exchange => td_string!(locale, tx_exchange),
        TxKind::Repair => td_string!(locale, tx_repair),
        TxKind::Return => td_string!(locale, tx_return),
        TxKind::Renew => td_string!(locale, tx_renew),
        TxKind::Pause => td_string!(locale, tx_pause),
        TxKind::Resume => td_string!(locale, tx_resume),
        TxKind::PointsToMoney => td_string!(locale, tx_points_to_money),
        TxKind::PointsMoved => td_string!(locale, tx_points_moved),
        TxKind::Rebate => td_string!(locale, tx_rebate),
        TxKind::Opening => td_string!(locale, tx_opening),
    }
}

/// A built-in payment method ("cash", "member_card", …) in words; empty for
/// any other code.
pub fn built_in_method_label(locale: Locale, code: &str) -> &'static str {
    match code {
        "cash" => td_string!(locale, pay_cash),
        "cheque" => td_string!(locale, pay_cheque),
        "bank_card" => td_string!(locale, pay_bank_card),
        "member_card" => td_string!(locale, pay_member_card),
        _ => "",
    }
}

/// The language tag a shop method's names are kept under.
pub fn locale_tag(locale: Locale) -> &'static str {
    match locale {
        Locale::zh_CN => "zh-CN",
        Locale::zh_TW => "zh-TW",
        Locale::en => "en",
    }
}

/// A payment method in words: the app's name for a built-in one, the shop's
/// own name (in this language when it gave one) for the others.
pub fn method_name(locale: Locale, code: &str, names: &MethodNames) -> String {
    if domain::pay_method::is_built_in(code) {
        built_in_method_label(locale, code).to_owned()
    } else {
        names.get(locale_tag(locale)).to_owned()
    }
}

/// How a sale was paid, with the names of the shop's own methods on its receipt.
pub fn pay_by_name(
    locale: Locale,
    by: domain::sale::PayBy,
    shop_names: &[(String, MethodNames)],
) -> String {
    let code = by.code();
    let names = shop_names
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    method_name(locale, &code, &names)
}

pub fn gender_label(locale: Locale, gender: Gender) -> &'static str {
    match gender {
        Gender::Unknown => td_string!(locale, gender_unknown),
        Gender::Female => td_string!(locale, gender_female),
        Gender::Male => td_string!(locale, gender_male),
    }
}

pub fn custom_kind_label(locale: Locale, kind: CustomKind) -> &'static str {
    match kind {
        CustomKind::Text => td_string!(locale, custom_text),
        CustomKind::Number => td_string!(locale, custom_number),
        CustomKind::Date => td_string!(locale, custom_date),
        CustomKind::Choice => td_string!(locale, custom_choice),
    }
}
