//! Shop settings (S2): recharge limits, card fees, deposit, PIN and daily limits,
//! receipt texts. One row per company.

use crate::money::{MAX_AMOUNT_FEN, Money};
use crate::{Field, FieldError, Problem, text};
use serde::{Deserialize, Serialize};

pub const RECEIPT_TEXT_MAX_CHARS: u32 = 200;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub min_recharge_fen: i64,
    pub max_recharge_fen: i64,
    pub issue_fee_fen: i64,
    pub replace_fee_fen: i64,
    pub exchange_fee_fen: i64,
    pub renew_fee_fen: i64,
    pub return_fee_fen: i64,
    pub deposit_fen: i64,
    /// A card payment asks the PIN only above this; `None`: always.
    pub pin_required_above_fen: Option<i64>,
    /// The daily limit a new card gets; `None`: no limit.
    pub default_daily_limit_fen: Option<i64>,
    pub pin_max_failures: u32,
    pub pin_lock_minutes: u32,
    /// Does returning a card refund its bonus too? (Usually not.)
    pub refund_bonus_on_return: bool,
    /// How many times a day one time card may check in; 0: no limit.
    pub check_ins_per_day: u32,
    pub receipt_header: String,
    pub receipt_footer: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_recharge_fen: 100,
            max_recharge_fen: 5_000_000,
            issue_fee_fen: 0,
            replace_fee_fen: 0,
            exchange_fee_fen: 0,
            renew_fee_fen: 0,
            return_fee_fen: 0,
            deposit_fen: 0,
            pin_required_above_fen: None,
            default_daily_limit_fen: None,
            pin_max_failures: 5,
            pin_lock_minutes: 30,
            refund_bonus_on_return: false,
            check_ins_per_day: 1,
            receipt_header: String::new(),
            receipt_footer: String::new(),
        }
    }
}

/// The settings form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsForm {
    pub min_recharge: String,
    pub max_recharge: String,
    pub issue_fee: String,
    pub replace_fee: String,
    pub exchange_fee: String,
    pub renew_fee: String,
    pub return_fee: String,
    pub deposit: String,
    pub pin_required_above: String,
    pub default_daily_limit: String,
    pub pin_max_failures: String,
    pub pin_lock_minutes: String,
    #[serde(default)]
    pub refund_bonus_on_return: Option<String>,
    #[serde(default)]
    pub check_ins_per_day: String,
    pub receipt_header: String,
    pub receipt_footer: String,
}

impl SettingsForm {
    pub fn from_settings(s: &Settings) -> Self {
        let money = |fen: i64| Money::from_fen(fen).plain();
        let optional = |fen: Option<i64>| fen.map(money).unwrap_or_default();
        SettingsForm {
            min_recharge: money(s.min_recharge_fen),
            max_recharge: money(s.max_recharge_fen),
            issue_fee: money(s.issue_fee_fen),
            replace_fee: money(s.replace_fee_fen),
            exchange_fee: money(s.exchange_fee_fen),
            renew_fee: money(s.renew_fee_fen),
            return_fee: money(s.return_fee_fen),
            deposit: money(s.deposit_fen),
            pin_required_above: optional(s.pin_required_above_fen),
            default_daily_limit: optional(s.default_daily_limit_fen),
            pin_max_failures: s.pin_max_failures.to_string(),
            pin_lock_minutes: s.pin_lock_minutes.to_string(),
            refund_bonus_on_return: s.refund_bonus_on_return.then(|| "on".into()),
            check_ins_per_day: s.check_ins_per_day.to_string(),
            receipt_header: s.receipt_header.clone(),
            receipt_footer: s.receipt_footer.clone(),
        }
    }

    pub fn parse(&self) -> Result<Settings, FieldError> {
        self.parse_all().map_err(crate::error::first)
    }

    /// Every problem at once.
    pub fn parse_all(&self) -> Result<Settings, Vec<FieldError>> {
        let money = |raw: &str, field| Money::parse(raw, field).map(Money::fen);
        let optional = |raw: &str, field| {
            if raw.trim().is_empty() {
                Ok(None)
            } else {
                money(raw, field).map(Some)
            }
        };
        let mut p = crate::Problems::default();
        let min_recharge_fen = p.check(money(&self.min_recharge, Field::MinRecharge));
        let max_recharge_fen = p.check(money(&self.max_recharge, Field::MaxRecharge));
        if let (Some(min), Some(max)) = (min_recharge_fen, max_recharge_fen)
            && max < min
        {
            p.add(FieldError::new(Field::MaxRecharge, Problem::BelowMinimum));
        }
        let issue_fee_fen = p.check(money(&self.issue_fee, Field::IssueFee));
        let replace_fee_fen = p.check(money(&self.replace_fee, Field::ReplaceFee));
        let exchange_fee_fen = p.check(money(&self.exchange_fee, Field::ExchangeFee));
        let renew_fee_fen = p.check(money(&self.renew_fee, Field::RenewFee));
        let return_fee_fen = p.check(money(&self.return_fee, Field::ReturnFee));
        let deposit_fen = p.check(money(&self.deposit, Field::Deposit));
        let pin_required_above_fen =
            p.check(optional(&self.pin_required_above, Field::PinRequiredAbove));
        let default_daily_limit_fen =
            p.check(optional(&self.default_daily_limit, Field::DailyLimit));
        let pin_max_failures = p.check(parse_count(
            &self.pin_max_failures,
            Field::PinMaxFailures,
            1,
            10,
        ));
        let pin_lock_minutes = p.check(parse_count(
            &self.pin_lock_minutes,
            Field::PinLockMinutes,
            1,
            1_440,
        ));
        let check_ins_per_day = p.check(parse_count(
            &self.check_ins_per_day,
            Field::CheckInsPerDay,
            0,
            100,
        ));
        let receipt_header = p.check(text::optional(
            &self.receipt_header,
            Field::ReceiptHeader,
            RECEIPT_TEXT_MAX_CHARS,
        ));
        let receipt_footer = p.check(text::optional(
            &self.receipt_footer,
            Field::ReceiptFooter,
            RECEIPT_TEXT_MAX_CHARS,
        ));
        let settings = (|| {
            Some(Settings {
                min_recharge_fen: min_recharge_fen?,
                max_recharge_fen: max_recharge_fen?,
                issue_fee_fen: issue_fee_fen?,
                replace_fee_fen: replace_fee_fen?,
                exchange_fee_fen: exchange_fee_fen?,
                renew_fee_fen: renew_fee_fen?,
                return_fee_fen: return_fee_fen?,
                deposit_fen: deposit_fen?,
                pin_required_above_fen: pin_required_above_fen?,
                default_daily_limit_fen: default_daily_limit_fen?,
                pin_max_failures: pin_max_failures?,
                pin_lock_minutes: pin_lock_minutes?,
                refund_bonus_on_return: self.refund_bonus_on_return.is_some(),
                check_ins_per_day: check_ins_per_day?,
                receipt_header: receipt_header?,
                receipt_footer: receipt_footer?,
            })
        })();
        p.finish(settings)
    }
}

/// A whole number people type, within `min..=max`.
pub fn parse_count(raw: &str, field: Field, min: u32, max: u32) -> Result<u32, FieldError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    if text.len() > 9 || !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::new(field, Problem::NotAWholeNumber));
    }
    let n: u32 = text
        .parse()
        .map_err(|_| FieldError::new(field, Problem::NotAWholeNumber))?;
    if n < min || n > max {
        return Err(FieldError::new(field, Problem::OutOfRange { min, max }));
    }
    Ok(n)
}

const _: () = assert!(MAX_AMOUNT_FEN > 5_000_000);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_survive_the_form() {
        let s = Settings::default();
        assert_eq!(SettingsForm::from_settings(&s).parse(), Ok(s));
    }

    #[test]
    fn bad_settings_name_the_field() {
        let mut form = SettingsForm::from_settings(&Settings::default());
        form.max_recharge = "0.5".into();
        assert_eq!(
            form.parse(),
            Err(FieldError::new(Field::MaxRecharge, Problem::BelowMinimum))
        );
        let mut form = SettingsForm::from_settings(&Settings::default());
        form.pin_max_failures = "0".into();
        assert_eq!(
            form.parse(),
            Err(FieldError::new(
                Field::PinMaxFailures,
                Problem::OutOfRange { min: 1, max: 10 }
            ))
        );
        form.pin_max_failures = "x".into();
        assert_eq!(form.parse().unwrap_err().problem, Problem::NotAWholeNumber);
        let mut form = SettingsForm::from_settings(&Settings::default());
        form.deposit = "-1".into();
        assert_eq!(
            form.parse(),
            Err(FieldError::new(Field::Deposit, Problem::Negative))
        );
    }
}
