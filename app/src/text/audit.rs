//! Words for the audit and security logs (O1).

use crate::i18n::*;
use leptos_i18n::td_string;

/// What was changed ("members" → 会员); none for a name not offered.
pub fn audit_thing_label(l: Locale, thing: &str) -> Option<&'static str> {
    Some(match thing {
        "members" => td_string!(l, audit_t_members),
        "cards" => td_string!(l, audit_t_cards),
        "plans" => td_string!(l, audit_t_plans),
        "items" => td_string!(l, audit_t_items),
        "categories" => td_string!(l, audit_t_categories),
        "levels" => td_string!(l, audit_t_levels),
        "discount_rules" => td_string!(l, audit_t_discount_rules),
        "stores" => td_string!(l, audit_t_stores),
        "staff" => td_string!(l, audit_t_staff),
        "settings" => td_string!(l, audit_t_settings),
        "company" => td_string!(l, audit_t_company),
        "payment_methods" => td_string!(l, audit_t_payment_methods),
        "member_fields" => td_string!(l, audit_t_member_fields),
        "gifts" => td_string!(l, audit_t_gifts),
        "promotions" => td_string!(l, audit_t_promotions),
        "rebate_tiers" => td_string!(l, audit_t_rebate_tiers),
        "backup_plan" => td_string!(l, audit_t_backup_plan),
        "shifts" => td_string!(l, audit_t_shifts),
        "sales" => td_string!(l, audit_t_sales),
        "sale_refunds" => td_string!(l, audit_t_sale_refunds),
        "gift_redemptions" => td_string!(l, audit_t_gift_redemptions),
        _ => return None,
    })
}

/// A changed field's label; none for one without a label of its own (shown as
/// stored, or already a custom field's own name).
pub fn audit_field_label(l: Locale, field: &str) -> Option<&'static str> {
    Some(match field {
        "name" => td_string!(l, audit_f_name),
        "phone" => td_string!(l, audit_f_phone),
        "level_id" => td_string!(l, audit_f_level_id),
        "status" => td_string!(l, audit_f_status),
        "principal_fen" => td_string!(l, audit_f_principal_fen),
        "bonus_fen" => td_string!(l, audit_f_bonus_fen),
        "visits_left" => td_string!(l, audit_f_visits_left),
        "valid_until_day" => td_string!(l, audit_f_valid_until_day),
        "points" => td_string!(l, audit_f_points),
        "points_earned" => td_string!(l, audit_f_points_earned),
        "active" => td_string!(l, audit_f_active),
        "price_fen" => td_string!(l, audit_f_price_fen),
        "role" => td_string!(l, audit_f_role),
        "home_store_id" => td_string!(l, audit_f_home_store_id),
        "member_id" => td_string!(l, audit_f_member_id),
        "plan_id" => td_string!(l, audit_f_plan_id),
        "card_no" => td_string!(l, audit_f_card_no),
        "member_no" => td_string!(l, audit_f_member_no),
        "address" => td_string!(l, audit_f_address),
        "notes" => td_string!(l, audit_f_notes),
        "password_changed_at_ms" => td_string!(l, audit_f_password_changed_at_ms),
        "paused_since_day" => td_string!(l, audit_f_paused_since_day),
        "daily_limit_fen" => td_string!(l, audit_f_daily_limit_fen),
        "birthday_day" => td_string!(l, audit_f_birthday_day),
        "store_id" => td_string!(l, audit_f_store_id),
        "total_fen" => td_string!(l, audit_f_total_fen),
        "username" => td_string!(l, audit_f_username),
        _ => return None,
    })
}

/// "create", "update" ... in words.
pub fn audit_action_label(l: Locale, action: &str) -> &'static str {
    match action {
        "create" => td_string!(l, audit_create),
        "delete" => td_string!(l, audit_delete),
        "add" => td_string!(l, audit_add),
        "remove" => td_string!(l, audit_remove),
        _ => td_string!(l, audit_update),
    }
}

/// A security-log event in words.
pub fn security_event_label(l: Locale, event: &str) -> Option<&'static str> {
    Some(match event {
        "setup_completed" => td_string!(l, sec_setup_completed),
        "signed_in" => td_string!(l, sec_signed_in),
        "sign_in_failed" => td_string!(l, sec_sign_in_failed),
        "account_locked" => td_string!(l, sec_account_locked),
        "sign_in_while_locked" => td_string!(l, sec_sign_in_while_locked),
        "signed_out" => td_string!(l, sec_signed_out),
        "password_changed" => td_string!(l, sec_password_changed),
        "password_reset" => td_string!(l, sec_password_reset),
        "permission_refused" => td_string!(l, sec_permission_refused),
        "wrong_pin" => td_string!(l, sec_wrong_pin),
        "pin_locked" => td_string!(l, sec_pin_locked),
        "pin_while_locked" => td_string!(l, sec_pin_while_locked),
        "pin_set" => td_string!(l, sec_pin_set),
        "pin_reset" => td_string!(l, sec_pin_reset),
        "member_signed_in" => td_string!(l, sec_member_signed_in),
        "member_sign_in_failed" => td_string!(l, sec_member_sign_in_failed),
        "member_sign_in_locked" => td_string!(l, sec_member_sign_in_locked),
        "member_sign_in_busy" => td_string!(l, sec_member_sign_in_busy),
        "member_signed_out" => td_string!(l, sec_member_signed_out),
        "member_pin_changed" => td_string!(l, sec_member_pin_changed),
        "member_reported_loss" => td_string!(l, sec_member_reported_loss),
        "till_refused" => td_string!(l, sec_till_refused),
        "pairing_refused" => td_string!(l, sec_pairing_refused),
        _ => return None,
    })
}
