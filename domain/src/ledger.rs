//! The rules of value movement (V1, V4-V7, C3-C7): whether a card may be used,
//! how a spend splits between principal and bonus, how a refund undoes exactly
//! what its original did, and why a request is refused.
//!
//! **Spending order (one rule):** a spend takes principal first, then bonus.
//! **Refunds and reversals** give back to each bucket in the original's split, in
//! proportion ([`crate::money::share_of`]), never more than the original took.

use crate::UnixMs;
use crate::card::{CardKind, CardStatus};
use crate::day::Day;
use crate::money::{Money, share_of};
use serde::{Deserialize, Serialize};

/// The most visits one use may take, and a count plan may hold.
pub const VISITS_MAX: i64 = 1_000;

/// Why a card operation was refused. Each variant is a message key; the data is
/// what the message shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    CardNotFound,
    /// A member code from the phone older than its window (or never shown).
    MemberCodeExpired,
    /// A member code a till took already.
    MemberCodeUsed,
    CardFrozen,
    CardReturned,
    /// This number was replaced or exchanged: it is blocked forever.
    CardNumberRetired,
    CardExpired {
        last_day: Day,
    },
    /// The card's plan is not accepted at this store.
    WrongStore,
    OverDailyLimit {
        left_fen: i64,
    },
    InsufficientBalance {
        balance_fen: i64,
    },
    WrongPin {
        tries_left: u32,
    },
    PinLocked {
        minutes: i64,
    },
    PinRequired,
    VisitsExhausted {
        left: i64,
    },
    TimeCardPaused {
        since: Day,
    },
    /// The operation is for another kind of card (a visit on a stored-value card).
    NotForThisCard,
    /// A refund or reversal asks for more than is left to give back.
    NothingLeftToReverse {
        left_fen: i64,
        left_visits: i64,
    },
    /// Only a spend, a visit use or a recharge can be refunded or reversed.
    NotReversible,
    /// The recharged value is already spent, so it cannot be taken back.
    AlreadySpent {
        balance_fen: i64,
    },
    RechargeBelowMinimum {
        min_fen: i64,
    },
    RechargeAboveMaximum {
        max_fen: i64,
    },
    /// The request id was already used for a different operation.
    RequestReused,
    CardNumberTaken,
    CardUidTaken,
    /// The number is another card's chip UID, or the UID another card's number.
    CardKeyTaken,
    /// A typed or swiped value is one card's number and another card's UID.
    AmbiguousCard,
    NotFrozen,
    AlreadyFrozen,
    NotPaused,
    AlreadyPaused,
    /// A card with no end day cannot be paused or renewed.
    NoValidity,
    NoPinSet,
    /// A sale's payments do not sum to its total.
    PaymentsDoNotAddUp {
        total_fen: i64,
        paid_fen: i64,
    },
    /// Less cash handed over than the cash part of a sale.
    CashGivenShort {
        cash_fen: i64,
        given_fen: i64,
    },
    /// One payment method twice on one sale.
    PaymentMethodTwice,
    /// A sale with no lines.
    EmptySale,
    /// The member's points do not cover what is asked.
    NotEnoughPoints,
    /// The gift has no stock left at this store.
    OutOfStock,
    /// The redemption was reversed already.
    AlreadyReversed,
    /// A refund asks for more units of a line than are left to refund.
    RefundMoreThanSold {
        line_no: u32,
        left: i64,
    },
    /// A sale's card payment or visits are refunded with the sale (its receipt).
    RefundAtTheSale {
        sale_id: i64,
    },
    /// An item that is inactive or not sold at this store.
    ItemNotSold,
    /// Paying by member card with no card chosen.
    NoCardForPayment,
    /// A time card already checked in as often today as the shop allows.
    AlreadyCheckedIn {
        per_day: u32,
    },
    /// The chosen count or time card does not cover this item.
    NotCoveredByCard,
    /// A time card lets one person in per check-in: one unit on one line.
    TimeCardOneEntry,
}

/// What the rules need to know about a card at the moment of an operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardState {
    pub kind: CardKind,
    pub status: CardStatus,
    pub principal_fen: i64,
    pub bonus_fen: i64,
    pub visits_left: i64,
    pub valid_until: Option<Day>,
    pub paused_since: Option<Day>,
    /// Stores that accept the card; empty means every store.
    pub accepted_store_ids: Vec<i64>,
    pub daily_limit_fen: Option<i64>,
    /// Spent on `spent_day`; another day counts as nothing spent.
    pub spent_day: Option<Day>,
    pub spent_on_day_fen: i64,
    /// Check-ins on `checked_in_day`; another day counts as none.
    pub checked_in_day: Option<Day>,
    pub check_ins_on_day: i64,
}

impl CardState {
    pub fn balance_fen(&self) -> i64 {
        self.principal_fen + self.bonus_fen
    }

    pub fn check_ins_today(&self, today: Day) -> i64 {
        if self.checked_in_day == Some(today) {
            self.check_ins_on_day
        } else {
            0
        }
    }

    pub fn spent_today_fen(&self, today: Day) -> i64 {
        if self.spent_day == Some(today) {
            self.spent_on_day_fen
        } else {
            0
        }
    }
}

/// A card may be used here today: active, in date, accepted at this store.
pub fn check_usable(card: &CardState, store_id: i64, today: Day) -> Result<(), Refusal> {
    match card.status {
        CardStatus::Active => {}
        CardStatus::Frozen => return Err(Refusal::CardFrozen),
        CardStatus::Returned => return Err(Refusal::CardReturned),
        CardStatus::Replaced => return Err(Refusal::CardNumberRetired),
    }
    if let Some(last_day) = card.valid_until
        && today > last_day
    {
        return Err(Refusal::CardExpired { last_day });
    }
    if !card.accepted_store_ids.is_empty() && !card.accepted_store_ids.contains(&store_id) {
        return Err(Refusal::WrongStore);
    }
    Ok(())
}

/// How much of a movement is principal and how much bonus.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    pub principal_fen: i64,
    pub bonus_fen: i64,
}

impl Split {
    pub fn total_fen(self) -> i64 {
        self.principal_fen + self.bonus_fen
    }
}

/// The spending order: principal first, then bonus. `None` when the two together
/// are not enough.
pub fn split_spend(principal_fen: i64, bonus_fen: i64, amount_fen: i64) -> Option<Split> {
    if amount_fen < 0 || principal_fen + bonus_fen < amount_fen {
        return None;
    }
    let from_principal = amount_fen.min(principal_fen);
    Some(Split {
        principal_fen: from_principal,
        bonus_fen: amount_fen - from_principal,
    })
}

/// A stored-value spend of `amount_fen` here today: the card's usability, the
/// daily limit and the balance, in that order. Gives the split to take.
pub fn check_spend(
    card: &CardState,
    store_id: i64,
    today: Day,
    amount_fen: i64,
) -> Result<Split, Refusal> {
    check_usable(card, store_id, today)?;
    if card.kind != CardKind::StoredValue {
        return Err(Refusal::NotForThisCard);
    }
    if let Some(limit) = card.daily_limit_fen {
        let left_fen = (limit - card.spent_today_fen(today)).max(0);
        if amount_fen > left_fen {
            return Err(Refusal::OverDailyLimit { left_fen });
        }
    }
    split_spend(card.principal_fen, card.bonus_fen, amount_fen).ok_or(
        Refusal::InsufficientBalance {
            balance_fen: card.balance_fen(),
        },
    )
}

/// A count card gives `visits` visits here today.
pub fn check_visit_use(
    card: &CardState,
    store_id: i64,
    today: Day,
    visits: i64,
) -> Result<(), Refusal> {
    check_usable(card, store_id, today)?;
    if card.kind != CardKind::Count {
        return Err(Refusal::NotForThisCard);
    }
    if card.visits_left < visits {
        return Err(Refusal::VisitsExhausted {
            left: card.visits_left,
        });
    }
    Ok(())
}

/// A time card lets its holder in here today, at most `per_day` times a day
/// (0: no limit).
pub fn check_in(card: &CardState, store_id: i64, today: Day, per_day: u32) -> Result<(), Refusal> {
    check_usable(card, store_id, today)?;
    if card.kind != CardKind::Time {
        return Err(Refusal::NotForThisCard);
    }
    if let Some(since) = card.paused_since {
        return Err(Refusal::TimeCardPaused { since });
    }
    if per_day > 0 && card.check_ins_today(today) >= i64::from(per_day) {
        return Err(Refusal::AlreadyCheckedIn { per_day });
    }
    Ok(())
}

/// The split to give back for a refund of `amount_fen` out of an original movement
/// `original`, of which `already` has been given back before. Proportional to the
/// original's split; the last refund takes exactly what is left, so a full refund
/// in any number of steps returns the original to the fen.
pub fn split_refund(original: Split, already: Split, amount_fen: i64) -> Result<Split, Refusal> {
    let left = Split {
        principal_fen: original.principal_fen - already.principal_fen,
        bonus_fen: original.bonus_fen - already.bonus_fen,
    };
    if amount_fen <= 0 || amount_fen > left.total_fen() {
        return Err(Refusal::NothingLeftToReverse {
            left_fen: left.total_fen(),
            left_visits: 0,
        });
    }
    if amount_fen == left.total_fen() {
        return Ok(left);
    }
    let principal = share_of(
        Money::from_fen(amount_fen),
        original.principal_fen,
        original.total_fen(),
    )
    .fen()
    .clamp(
        amount_fen - left.bonus_fen,
        left.principal_fen.min(amount_fen),
    );
    Ok(Split {
        principal_fen: principal,
        bonus_fen: amount_fen - principal,
    })
}

/// The bonus a recharge earns: the plan's rule is "pay `pay_fen` get `bonus_fen`",
/// applied as many whole times as the amount holds (pay 1000 get 100: 2500 → 200).
pub fn recharge_bonus(amount_fen: i64, pay_fen: i64, bonus_fen: i64) -> i64 {
    if pay_fen <= 0 || bonus_fen <= 0 {
        return 0;
    }
    (amount_fen / pay_fen).saturating_mul(bonus_fen)
}

/// What the member gets back when returning a card: the principal (and the bonus
/// when the shop says so), the deposit, less the return fee; never below zero.
/// A count or time card returns its price in proportion to what is left unused.
pub fn return_refund(card: &ReturnBasis, return_fee_fen: i64) -> i64 {
    let value = match card.kind {
        CardKind::StoredValue => {
            card.principal_fen + if card.refund_bonus { card.bonus_fen } else { 0 }
        }
        CardKind::Count if card.visits_bought > 0 => share_of(
            Money::from_fen(card.price_paid_fen),
            card.visits_left,
            card.visits_bought,
        )
        .fen(),
        CardKind::Time if card.days_bought > 0 => share_of(
            Money::from_fen(card.price_paid_fen),
            card.days_left.clamp(0, card.days_bought),
            card.days_bought,
        )
        .fen(),
        _ => 0,
    };
    (value + card.deposit_fen - return_fee_fen).max(0)
}

/// What [`return_refund`] needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnBasis {
    pub kind: CardKind,
    pub principal_fen: i64,
    pub bonus_fen: i64,
    pub refund_bonus: bool,
    pub deposit_fen: i64,
    pub price_paid_fen: i64,
    pub visits_left: i64,
    pub visits_bought: i64,
    pub days_left: i64,
    pub days_bought: i64,
}

/// After a wrong PIN: the new failure count, and until when the PIN is locked
/// (when this failure reaches `max_failures`).
pub fn pin_failure(
    failures_before: u32,
    max_failures: u32,
    lock_minutes: u32,
    now_ms: UnixMs,
) -> (u32, Option<UnixMs>) {
    let failures = failures_before + 1;
    if failures >= max_failures {
        (failures, Some(now_ms + lock_minutes as i64 * 60_000))
    } else {
        (failures, None)
    }
}

/// Is the PIN asked for this card payment? Only when the card has one; then
/// always, or only above the shop's threshold when one is set.
pub fn pin_needed(pin_set: bool, amount_fen: i64, required_above_fen: Option<i64>) -> bool {
    pin_set && required_above_fen.is_none_or(|above| amount_fen > above)
}
