//! What a member's points account looks like to people: its movements, its
//! level history, the progress to the next level.

use serde::{Deserialize, Serialize};

/// What moved a member's points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PointsKind {
    /// Earned on a sale at the till.
    Sale,
    /// Earned on a recharge.
    Recharge,
    /// Taken back by a refund of a sale.
    SaleRefund,
    /// Taken back with a recharge that was reversed.
    RechargeReversal,
    /// Points once kept on a card, moved to the member (migration 0010).
    MovedFromCard,
    /// Spent on a gift.
    Gift,
    /// Given back when a gift's redemption was reversed.
    GiftReversal,
    /// Turned into money on a stored-value card.
    ToMoney,
    /// A balance brought over from the shop's old system (M3 import).
    Opening,
}

impl PointsKind {
    pub const ALL: [PointsKind; 9] = [
        PointsKind::Sale,
        PointsKind::Recharge,
        PointsKind::SaleRefund,
        PointsKind::RechargeReversal,
        PointsKind::MovedFromCard,
        PointsKind::Gift,
        PointsKind::GiftReversal,
        PointsKind::ToMoney,
        PointsKind::Opening,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PointsKind::Sale => "sale",
            PointsKind::Recharge => "recharge",
            PointsKind::SaleRefund => "sale_refund",
            PointsKind::RechargeReversal => "recharge_reversal",
            PointsKind::MovedFromCard => "moved_from_card",
            PointsKind::Gift => "gift",
            PointsKind::GiftReversal => "gift_reversal",
            PointsKind::ToMoney => "to_money",
            PointsKind::Opening => "opening",
        }
    }

    pub fn from_code(code: &str) -> Option<PointsKind> {
        PointsKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One movement of a member's points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsLine {
    pub id: i64,
    pub at_local: String,
    pub kind: PointsKind,
    pub store_name: String,
    pub staff_name: String,
    /// The sale it belongs to (a receipt to open), if any.
    pub sale_id: Option<i64>,
    pub base_fen: i64,
    pub points: i64,
    pub points_after: i64,
}

/// Why a level changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LevelCause {
    /// The member's earned points reached the level's threshold.
    Points,
    /// A manager set it, with a reason.
    ByHand,
    /// A refund took back earned points and the setting drops the level.
    Refund,
}

impl LevelCause {
    pub fn code(self) -> &'static str {
        match self {
            LevelCause::Points => "points",
            LevelCause::ByHand => "by_hand",
            LevelCause::Refund => "refund",
        }
    }

    pub fn from_code(code: &str) -> LevelCause {
        match code {
            "by_hand" => LevelCause::ByHand,
            "refund" => LevelCause::Refund,
            _ => LevelCause::Points,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelChange {
    pub at_local: String,
    pub from_level: Option<String>,
    pub to_level: Option<String>,
    pub cause: LevelCause,
    pub reason: String,
    /// The earned points counted then.
    pub earned: i64,
    pub staff_name: String,
}

/// A member's points as the member page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsAccount {
    /// Below zero when a refund took back points already spent.
    pub points: i64,
    /// Earned over the member's life (less what refunds took back).
    pub earned: i64,
    /// What counts for a level now (the same as `earned` without a window).
    pub earned_for_level: i64,
    pub window_months: u32,
    pub level_name: Option<String>,
    /// The next level the member can climb to, and the points still missing.
    pub next_level: Option<(String, i64)>,
    pub lines: Vec<PointsLine>,
    pub level_history: Vec<LevelChange>,
    /// Gifts redeemed, newest first.
    #[serde(default)]
    pub redemptions: Vec<crate::gift::Redemption>,
    /// How many points make one yuan on a card (0: not offered).
    #[serde(default)]
    pub points_per_yuan: i64,
}

/// The points part of a receipt or slip.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsOnReceipt {
    pub earned: i64,
    pub balance_after: i64,
    /// The level this sale lifted the member to, if it did.
    pub new_level: Option<String>,
    /// The points multiplier that applied, and its factor (200: double).
    #[serde(default)]
    pub promotion: Option<(crate::promotion::Named, u32)>,
}
