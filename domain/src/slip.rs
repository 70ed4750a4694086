//! What a value operation leaves behind for people: the slip (receipt) of a
//! ledger transaction, a card as the card page shows it, and the request id that
//! makes a retry harmless.

use crate::card::{CardKind, CardStatus};
use crate::day::Day;
use crate::{Field, FieldError, Problem, UnixMs};
use serde::{Deserialize, Serialize};

pub const REASON_MAX_CHARS: u32 = 100;

/// What a ledger transaction did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TxKind {
    Issue,
    Recharge,
    Spend,
    /// The member-card part of a sale at the till.
    Sale,
    VisitUse,
    CheckIn,
    /// Gives back (part of) a spend or a visit use.
    Refund,
    /// Takes back (part of) a recharge.
    Reversal,
    Freeze,
    Unfreeze,
    Replace,
    Exchange,
    Repair,
    Return,
    Renew,
    Pause,
    Resume,
    /// A member's points turned into bonus on the card (P3).
    PointsToMoney,
    /// Points kept on the card, moved to its member's account (migration 0010).
    PointsMoved,
    /// A points rebate paid onto the card as bonus (P4).
    Rebate,
    /// A card brought over from the shop's old system with its balance, visits
    /// and validity (M3 import): liability carried over, no money taken.
    Opening,
}

impl TxKind {
    pub const ALL: [TxKind; 21] = [
        TxKind::Issue,
        TxKind::Recharge,
        TxKind::Spend,
        TxKind::Sale,
        TxKind::VisitUse,
        TxKind::CheckIn,
        TxKind::Refund,
        TxKind::Reversal,
        TxKind::Freeze,
        TxKind::Unfreeze,
        TxKind::Replace,
        TxKind::Exchange,
        TxKind::Repair,
        TxKind::Return,
        TxKind::Renew,
        TxKind::Pause,
        TxKind::Resume,
        TxKind::PointsToMoney,
        TxKind::PointsMoved,
        TxKind::Rebate,
        TxKind::Opening,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TxKind::Issue => "issue",
            TxKind::Recharge => "recharge",
            TxKind::Spend => "spend",
            TxKind::Sale => "sale",
            TxKind::VisitUse => "visit_use",
            TxKind::CheckIn => "check_in",
            TxKind::Refund => "refund",
            TxKind::PointsToMoney => "points_to_money",
            TxKind::PointsMoved => "points_moved",
            TxKind::Rebate => "rebate",
            TxKind::Opening => "opening",
            TxKind::Reversal => "reversal",
            TxKind::Freeze => "freeze",
            TxKind::Unfreeze => "unfreeze",
            TxKind::Replace => "replace",
            TxKind::Exchange => "exchange",
            TxKind::Repair => "repair",
            TxKind::Return => "return",
            TxKind::Renew => "renew",
            TxKind::Pause => "pause",
            TxKind::Resume => "resume",
        }
    }

    pub fn from_code(code: &str) -> Option<TxKind> {
        TxKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// How money changed hands at the counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaymentMethod {
    Cash,
    Cheque,
    BankCard,
    /// One of the shop's own methods (`m<n>`, [`crate::pay_method`]).
    Shop(u32),
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 3] = [
        PaymentMethod::Cash,
        PaymentMethod::Cheque,
        PaymentMethod::BankCard,
    ];

    pub fn code(self) -> String {
        match self {
            PaymentMethod::Cash => "cash".into(),
            PaymentMethod::Cheque => "cheque".into(),
            PaymentMethod::BankCard => "bank_card".into(),
            PaymentMethod::Shop(n) => crate::pay_method::shop_code(n),
        }
    }

    /// A built-in method or the code of a shop's own (whether that one exists
    /// and is switched on is the database's to say).
    pub fn parse(raw: &str) -> Result<PaymentMethod, FieldError> {
        let raw = raw.trim();
        PaymentMethod::ALL
            .into_iter()
            .find(|m| m.code() == raw)
            .or_else(|| crate::pay_method::shop_number(raw).map(PaymentMethod::Shop))
            .ok_or(FieldError::new(Field::PaymentMethod, Problem::NotAnOption))
    }
}

/// A client-made id for one attempt at an operation: 8 to 64 letters, digits or '-'.
/// The same id again returns the first result and changes nothing.
pub fn parse_request_id(raw: &str) -> Result<String, FieldError> {
    let ok =
        (8..=64).contains(&raw.len()) && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(raw.to_owned())
    } else {
        Err(FieldError::new(Field::RequestId, Problem::BadCharacters))
    }
}

/// One ledger transaction as a slip: what moved, what is left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slip {
    pub transaction_id: i64,
    pub kind: TxKind,
    pub card_id: i64,
    pub card_no: String,
    pub member_name: Option<String>,
    pub store_id: i64,
    pub store_name: String,
    pub staff_name: String,
    pub at_ms: UnixMs,
    /// "2026-11-25 17:30" in the company's time zone.
    pub at_local: String,
    pub reason: String,
    pub detail: String,
    pub amount_fen: i64,
    pub principal_delta_fen: i64,
    pub bonus_delta_fen: i64,
    pub visits_delta: i64,
    /// Money the member paid (negative: paid back to the member).
    pub money_in_fen: i64,
    pub fee_fen: i64,
    pub payment_method: String,
    /// The names of a shop's own method (empty for the built-in ones).
    #[serde(default)]
    pub payment_names: crate::pay_method::MethodNames,
    pub principal_after_fen: i64,
    pub bonus_after_fen: i64,
    pub visits_after: i64,
    pub valid_until_after: Option<Day>,
    pub reverses_id: Option<i64>,
    pub other_card_no: Option<String>,
    /// The member's points this transaction moved (a recharge earns, its
    /// reversal takes back, points to money spends) and the balance after.
    #[serde(default)]
    pub points_delta: i64,
    #[serde(default)]
    pub points_after: Option<i64>,
    /// The promotion that gave this recharge its bonus or gift.
    #[serde(default)]
    pub promotion: Option<String>,
    /// The gift a promotion gave with this recharge (or, on a reversal, took
    /// back into stock).
    #[serde(default)]
    pub gift: Option<String>,
}

/// A card as the card page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardView {
    pub id: i64,
    pub card_no: String,
    pub uid: Option<String>,
    pub kind: CardKind,
    pub status: CardStatus,
    pub plan_id: i64,
    pub plan_name: String,
    pub member_id: Option<i64>,
    pub member_name: Option<String>,
    pub member_no: Option<String>,
    pub principal_fen: i64,
    pub bonus_fen: i64,
    pub visits_left: i64,
    pub points: i64,
    pub valid_until: Option<Day>,
    pub paused_since: Option<Day>,
    pub daily_limit_fen: Option<i64>,
    pub spent_today_fen: i64,
    pub pin_set: bool,
    pub pin_locked: bool,
    pub deposit_fen: i64,
    pub replaced_by_no: Option<String>,
    #[serde(default)]
    pub replaced_by_id: Option<i64>,
    pub accepted_store_names: Vec<String>,
    /// What a count or time card covers: item and category names.
    pub covers: Vec<String>,
}
