//! A promotion as typed on the promotions page, checked all at once.

use super::{
    BirthdayOnly, DAYS_MAX, EVERY_DAY, NAME_MAX_CHARS, Offer, Promotion, TIERS_MAX, Target, Tier,
    parse_discount,
};
use crate::day::Day;
use crate::money::{MAX_AMOUNT_FEN, Money};
use crate::{Field, FieldError, Problem, Problems};
use serde::{Deserialize, Serialize};

/// Most stores one promotion names.
pub const STORES_MAX: usize = 200;
const TIERS_MAX_CHARS: usize = 300;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionForm {
    pub name: String,
    /// "discount", "points", "recharge_bonus" or "recharge_gift".
    pub kind: String,
    pub first_day: String,
    pub last_day: String,
    /// None named: every store.
    pub stores: Vec<i64>,
    /// Monday 0 … Sunday 6; none ticked: every day.
    pub weekdays: Vec<u8>,
    /// "no", "week" or "month".
    pub birthday: String,
    /// A discount's rate, in `style` ("zhe" or "off").
    pub rate: String,
    pub style: String,
    /// "all", "category:7" or "item:3".
    pub target: String,
    /// Points multiplier: "2" is double points.
    pub factor: String,
    /// "500=50, 1000=120".
    pub tiers: String,
    pub gift_id: String,
    /// The least a recharge must be to get the gift.
    pub min: String,
}

fn err(field: Field, problem: Problem) -> FieldError {
    FieldError::new(field, problem)
}

/// "500=50, 1000=120" (also "500送50，1000送120"): pay at least, get bonus.
pub fn parse_tiers(raw: &str) -> Result<Vec<Tier>, FieldError> {
    let field = Field::RechargeTiers;
    if raw.chars().count() > TIERS_MAX_CHARS {
        let max_chars = TIERS_MAX_CHARS as u32;
        return Err(err(field, Problem::TooLong { max_chars }));
    }
    let mut tiers = Vec::new();
    for part in raw.split([',', '，', ';', '；', '\n', '、']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let part = part.trim_start_matches('充').trim_start_matches('满');
        let (pay, bonus) = part
            .split_once(['=', ':', '：', '送', '→'])
            .ok_or(err(field, Problem::NotAnAmount))?;
        let positive = |s: &str| {
            Money::parse(s.trim(), field).map(Money::fen).and_then(|f| {
                if f > 0 {
                    Ok(f)
                } else {
                    Err(err(field, Problem::Zero))
                }
            })
        };
        let (pay_fen, bonus_fen) = (positive(pay)?, positive(bonus)?);
        if pay_fen > MAX_AMOUNT_FEN || bonus_fen > MAX_AMOUNT_FEN {
            let max_fen = MAX_AMOUNT_FEN;
            return Err(err(field, Problem::AmountTooLarge { max_fen }));
        }
        if tiers.iter().any(|t: &Tier| t.pay_fen == pay_fen) {
            return Err(err(field, Problem::Taken));
        }
        tiers.push(Tier { pay_fen, bonus_fen });
    }
    if tiers.is_empty() {
        return Err(err(field, Problem::Required));
    }
    if tiers.len() > TIERS_MAX {
        let max = TIERS_MAX as u32;
        return Err(err(field, Problem::TooMany { max }));
    }
    tiers.sort_by_key(|t| t.pay_fen);
    Ok(tiers)
}

/// A points multiplier as typed: "2" (double), "1.5"; more than 1, at most 10.
pub fn parse_factor(raw: &str) -> Result<u32, FieldError> {
    let field = Field::Multiplier;
    if raw.trim().is_empty() {
        return Err(err(field, Problem::Required));
    }
    let hundredths = Money::parse(raw.trim_end_matches(['x', 'X', '×', '倍']), field)?.fen();
    if !(101..=1_000).contains(&hundredths) {
        return Err(err(field, Problem::OutOfRange { min: 1, max: 10 }));
    }
    Ok(hundredths as u32)
}

fn positive_money(raw: &str, field: Field) -> Result<i64, FieldError> {
    if raw.trim().is_empty() {
        return Err(err(field, Problem::Required));
    }
    let fen = Money::parse(raw, field)?.fen();
    if fen <= 0 {
        return Err(err(field, Problem::Zero));
    }
    Ok(fen)
}

impl PromotionForm {
    /// Every problem at once; the promotion comes back with id 0, running.
    pub fn parse_all(&self) -> Result<Promotion, Vec<FieldError>> {
        let mut p = Problems::default();
        let name = p.check(crate::text::required(
            &self.name,
            Field::PromotionName,
            NAME_MAX_CHARS,
        ));
        let first = p.check(Day::parse(&self.first_day, Field::FirstDay));
        let last = p.check(Day::parse(&self.last_day, Field::LastDay));
        if let (Some(f), Some(l)) = (first, last)
            && (l < f || f.days_until(l) >= DAYS_MAX)
        {
            let max = DAYS_MAX as u32;
            p.add(err(Field::LastDay, Problem::OutOfRange { min: 1, max }));
        }
        if self.stores.len() > STORES_MAX {
            let max = STORES_MAX as u32;
            p.add(err(Field::PromotionStores, Problem::TooMany { max }));
        }
        let mut weekdays = 0u8;
        if self.weekdays.len() > 7 {
            p.add(err(Field::Weekdays, Problem::TooMany { max: 7 }));
        }
        for d in self.weekdays.iter().take(7) {
            if *d > 6 {
                p.add(err(Field::Weekdays, Problem::NotAnOption));
            } else {
                weekdays |= 1 << d;
            }
        }
        if weekdays == 0 {
            weekdays = EVERY_DAY;
        }
        let birthday = BirthdayOnly::from_code(&self.birthday);
        if birthday.is_none() {
            p.add(err(Field::BirthdayOffer, Problem::NotAnOption));
        }
        let offer = p.check(self.offer());
        if let (Some(b), Some(o)) = (birthday, &offer)
            && b != BirthdayOnly::No
            && !matches!(o, Offer::Discount { .. } | Offer::Points { .. })
        {
            // A birthday offer is a discount or a multiplier.
            p.add(err(Field::BirthdayOffer, Problem::NotAnOption));
        }
        let mut stores = self.stores.clone();
        stores.sort_unstable();
        stores.dedup();
        let promotion = (|| {
            Some(Promotion {
                id: 0,
                name: name?,
                first_day: first?,
                last_day: last?,
                stores,
                weekdays,
                birthday: birthday?,
                offer: offer?,
                active: true,
            })
        })();
        p.finish(promotion)
    }

    fn offer(&self) -> Result<Offer, FieldError> {
        match self.kind.as_str() {
            "discount" => {
                let target = Target::from_code(&self.target)
                    .ok_or(err(Field::PromotionTarget, Problem::NotAnOption))?;
                let style = crate::level::parse_style(&self.style);
                let rate_bp = parse_discount(&self.rate, style)?;
                Ok(Offer::Discount { target, rate_bp })
            }
            "points" => Ok(Offer::Points {
                factor_pct: parse_factor(&self.factor)?,
            }),
            "recharge_bonus" => Ok(Offer::RechargeBonus {
                tiers: parse_tiers(&self.tiers)?,
            }),
            "recharge_gift" => {
                let gift_id = Some(self.gift_id.trim())
                    .filter(|t| t.len() <= 20)
                    .and_then(|t| t.parse::<i64>().ok())
                    .filter(|id| *id > 0)
                    .ok_or(err(Field::Gift, Problem::Required))?;
                let min_fen = positive_money(&self.min, Field::GiftMinimum)?;
                Ok(Offer::RechargeGift { min_fen, gift_id })
            }
            _ => Err(err(Field::PromotionKind, Problem::NotAnOption)),
        }
    }
}
