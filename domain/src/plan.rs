//! Card plans (C1): the cards a shop sells. A stored-value plan carries money and
//! its recharge bonus rule; a count plan N visits; a time plan a span of days.

use crate::card::{CardKind, TimeSpan, VALIDITY_MAX_DAYS};
use crate::ledger::VISITS_MAX;
use crate::money::Money;
use crate::settings::parse_count;
use crate::{Field, FieldError, Problem, text};
use serde::{Deserialize, Serialize};

pub const PLAN_NAME_MAX_CHARS: u32 = 40;
/// The most stores a plan may name (more means "every store").
pub const PLAN_STORES_MAX: usize = 200;
/// The most items (or categories) a plan may name.
pub const PLAN_COVERS_MAX: usize = 500;
/// The longest card number prefix a plan may have.
pub const CARD_PREFIX_MAX_CHARS: u32 = 8;
/// The highest number a plan's counter reaches.
pub const CARD_COUNTER_MAX: u32 = 999_999_999;
/// Digits after the prefix in a suggested number (more when the counter needs).
pub const CARD_COUNTER_DIGITS: usize = 6;

/// The number a plan suggests for its next card: "K" and 1 → "K000001".
pub fn card_number(prefix: &str, counter: i64) -> String {
    format!("{prefix}{counter:0CARD_COUNTER_DIGITS$}")
}

/// The counter a card number stands at for a plan with `prefix`: "K000017" → 17;
/// None when the number is not the prefix and digits.
pub fn counter_of(prefix: &str, card_no: &str) -> Option<i64> {
    let digits = card_no.strip_prefix(prefix)?;
    if prefix.is_empty() || digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=i64::from(CARD_COUNTER_MAX)).contains(n))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub id: i64,
    pub name: String,
    pub kind: CardKind,
    /// What the member pays for the card (a stored-value card's first load).
    pub price_fen: i64,
    /// Bonus put on the card when it is issued.
    pub bonus_fen: i64,
    /// A count card's visits.
    pub visits: i64,
    /// Visits one unit of a covered item takes at the till (a count card).
    pub visits_per_unit: i64,
    /// How long the card is valid; a time card always has one.
    pub validity: Option<TimeSpan>,
    /// Recharge rule: every `recharge_every_fen` paid earns `recharge_bonus_fen`.
    pub recharge_every_fen: i64,
    pub recharge_bonus_fen: i64,
    /// Stores that accept the card; empty: every store.
    pub store_ids: Vec<i64>,
    /// What a count or time card covers: these items and everything in these
    /// categories.
    pub item_ids: Vec<i64>,
    pub category_ids: Vec<i64>,
    pub active: bool,
    /// Card numbers this plan suggests: the prefix and the next counter.
    pub card_prefix: String,
    pub next_card_no: i64,
}

/// The plan form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanForm {
    pub name: String,
    /// `stored_value`, `count` or `time`.
    pub kind: String,
    pub price: String,
    pub bonus: String,
    pub visits: String,
    /// Visits one unit of a covered item takes at the till; empty: 1.
    #[serde(default)]
    pub visits_per_unit: String,
    /// `none`, `month`, `season`, `year` or `days`.
    pub validity: String,
    pub validity_days: String,
    pub recharge_every: String,
    pub recharge_bonus: String,
    /// Comma-separated store ids; empty: every store.
    pub stores: String,
    /// Comma-separated ids of the items and categories a count or time card covers.
    #[serde(default)]
    pub items: String,
    #[serde(default)]
    pub categories: String,
    /// Letters and digits the plan's card numbers begin with; empty: none.
    #[serde(default)]
    pub card_prefix: String,
    /// The counter of the next suggested number; empty: 1.
    #[serde(default)]
    pub next_card_no: String,
}

/// A plan that passed every rule, ready to store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInput {
    pub name: String,
    pub kind: CardKind,
    pub price_fen: i64,
    pub bonus_fen: i64,
    pub visits: i64,
    pub visits_per_unit: i64,
    pub validity: Option<TimeSpan>,
    pub recharge_every_fen: i64,
    pub recharge_bonus_fen: i64,
    pub store_ids: Vec<i64>,
    pub item_ids: Vec<i64>,
    pub category_ids: Vec<i64>,
    pub card_prefix: String,
    pub next_card_no: i64,
}

fn money_or_zero(raw: &str, field: Field) -> Result<i64, FieldError> {
    if raw.trim().is_empty() {
        Ok(0)
    } else {
        Money::parse(raw, field).map(Money::fen)
    }
}

impl PlanForm {
    pub fn parse(&self) -> Result<PlanInput, FieldError> {
        self.parse_all().map_err(crate::error::first)
    }

    /// Every problem at once (the kind's own fields are checked for the kind
    /// chosen; an unknown kind is checked as a stored-value plan).
    pub fn parse_all(&self) -> Result<PlanInput, Vec<FieldError>> {
        let mut p = crate::Problems::default();
        let name = p.check(text::required(
            &self.name,
            Field::PlanName,
            PLAN_NAME_MAX_CHARS,
        ));
        let kind = p.check(
            CardKind::from_code(self.kind.trim())
                .ok_or(FieldError::new(Field::CardKind, Problem::NotAnOption)),
        );
        let k = kind.unwrap_or(CardKind::StoredValue);
        let price_fen = p.check(money_or_zero(&self.price, Field::Price));
        let bonus_fen = p.check(money_or_zero(&self.bonus, Field::Bonus));
        let visits = p.check(if k == CardKind::Count {
            parse_count(&self.visits, Field::Visits, 1, VISITS_MAX as u32).map(i64::from)
        } else {
            Ok(0)
        });
        let visits_per_unit = p.check(
            if k == CardKind::Count && !self.visits_per_unit.trim().is_empty() {
                parse_count(
                    &self.visits_per_unit,
                    Field::VisitsPerUnit,
                    1,
                    VISITS_MAX as u32,
                )
                .map(i64::from)
            } else {
                Ok(1)
            },
        );
        let validity = p.check(match self.validity.trim() {
            "" | "none" if k != CardKind::Time => Ok(None),
            "" | "none" => Err(FieldError::new(Field::Validity, Problem::Required)),
            "days" => parse_count(
                &self.validity_days,
                Field::ValidityDays,
                1,
                VALIDITY_MAX_DAYS,
            )
            .map(|d| Some(TimeSpan::Days(d))),
            code => TimeSpan::from_code(code)
                .map(Some)
                .ok_or(FieldError::new(Field::Validity, Problem::NotAnOption)),
        });
        let recharge = p.check(if k == CardKind::StoredValue {
            money_or_zero(&self.recharge_every, Field::RechargeEvery).and_then(|every| {
                let bonus = money_or_zero(&self.recharge_bonus, Field::RechargeBonus)?;
                if bonus > 0 && every == 0 {
                    Err(FieldError::new(Field::RechargeEvery, Problem::Required))
                } else {
                    Ok((every, bonus))
                }
            })
        } else {
            Ok((0, 0))
        });
        let card_prefix = p.check(
            text::optional(&self.card_prefix, Field::CardPrefix, CARD_PREFIX_MAX_CHARS).and_then(
                |prefix| {
                    let prefix = prefix.to_ascii_uppercase();
                    if prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
                        Ok(prefix)
                    } else {
                        Err(FieldError::new(Field::CardPrefix, Problem::BadCharacters))
                    }
                },
            ),
        );
        let next_card_no = p.check(if self.next_card_no.trim().is_empty() {
            Ok(1)
        } else {
            parse_count(&self.next_card_no, Field::NextCardNo, 1, CARD_COUNTER_MAX).map(i64::from)
        });
        let store_ids = p.check(parse_id_list(
            &self.stores,
            Field::AcceptedStores,
            PLAN_STORES_MAX,
        ));
        let (item_ids, category_ids) = if k == CardKind::StoredValue {
            (Some(vec![]), Some(vec![]))
        } else {
            (
                p.check(parse_id_list(
                    &self.items,
                    Field::CoveredItems,
                    PLAN_COVERS_MAX,
                )),
                p.check(parse_id_list(
                    &self.categories,
                    Field::CoveredItems,
                    PLAN_COVERS_MAX,
                )),
            )
        };
        let plan = (|| {
            let kind = kind?;
            let (recharge_every_fen, recharge_bonus_fen) = recharge?;
            Some(PlanInput {
                card_prefix: card_prefix?,
                next_card_no: next_card_no?,
                name: name?,
                kind,
                price_fen: price_fen?,
                bonus_fen: if kind == CardKind::StoredValue {
                    bonus_fen?
                } else {
                    0
                },
                visits: visits?,
                visits_per_unit: visits_per_unit?,
                validity: validity?,
                recharge_every_fen,
                recharge_bonus_fen,
                store_ids: store_ids?,
                item_ids: item_ids?,
                category_ids: category_ids?,
            })
        })();
        p.finish(plan)
    }

    pub fn from_plan(plan: &Plan) -> PlanForm {
        let money = |fen: i64| Money::from_fen(fen).plain();
        let (validity, validity_days) = match plan.validity {
            None => ("none".to_owned(), String::new()),
            Some(TimeSpan::Days(n)) => ("days".to_owned(), n.to_string()),
            Some(span) => (span.code(), String::new()),
        };
        PlanForm {
            name: plan.name.clone(),
            kind: plan.kind.code().into(),
            price: money(plan.price_fen),
            bonus: money(plan.bonus_fen),
            visits: plan.visits.to_string(),
            visits_per_unit: plan.visits_per_unit.to_string(),
            validity,
            validity_days,
            recharge_every: money(plan.recharge_every_fen),
            recharge_bonus: money(plan.recharge_bonus_fen),
            stores: join_ids(&plan.store_ids),
            items: join_ids(&plan.item_ids),
            categories: join_ids(&plan.category_ids),
            card_prefix: plan.card_prefix.clone(),
            next_card_no: plan.next_card_no.to_string(),
        }
    }
}

/// "3,5,8" → [3, 5, 8]; at most `max` ids, no duplicates.
pub fn parse_id_list(raw: &str, field: Field, max: usize) -> Result<Vec<i64>, FieldError> {
    let mut ids = Vec::new();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let id: i64 = part
            .parse()
            .ok()
            .filter(|id| *id > 0)
            .ok_or(FieldError::new(field, Problem::NotAnOption))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
        if ids.len() > max {
            return Err(FieldError::new(field, Problem::TooMany { max: max as u32 }));
        }
    }
    ids.sort_unstable();
    Ok(ids)
}

pub fn join_ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_of_a_plan_is_told_at_once() {
        let bad = PlanForm {
            name: " ".into(),
            price: "1.234".into(),
            visits: String::new(),
            ..form("count")
        };
        let fields: Vec<Field> = bad
            .parse_all()
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec![Field::PlanName, Field::Price, Field::Visits]);
    }

    fn form(kind: &str) -> PlanForm {
        PlanForm {
            name: "十次卡".into(),
            kind: kind.into(),
            price: "300".into(),
            visits: "10".into(),
            validity: "year".into(),
            ..PlanForm::default()
        }
    }

    #[test]
    fn a_count_plan() {
        let plan = form("count").parse().unwrap();
        assert_eq!(plan.kind, CardKind::Count);
        assert_eq!((plan.price_fen, plan.visits), (30_000, 10));
        assert_eq!(plan.validity, Some(TimeSpan::Year));
        assert!(plan.store_ids.is_empty());
    }

    #[test]
    fn refusals_name_the_field() {
        let mut f = form("count");
        f.visits = "0".into();
        assert_eq!(f.parse().unwrap_err().field, Field::Visits);
        let mut f = form("time");
        f.validity = "none".into();
        assert_eq!(
            f.parse(),
            Err(FieldError::new(Field::Validity, Problem::Required))
        );
        let mut f = form("gift");
        f.visits = "1".into();
        assert_eq!(f.parse().unwrap_err().field, Field::CardKind);
        let mut f = form("stored_value");
        f.recharge_bonus = "100".into();
        assert_eq!(
            f.parse(),
            Err(FieldError::new(Field::RechargeEvery, Problem::Required))
        );
        let mut f = form("count");
        f.stores = "1,x".into();
        assert_eq!(f.parse().unwrap_err().field, Field::AcceptedStores);
    }

    #[test]
    fn a_plan_survives_its_form() {
        let input = form("count").parse().unwrap();
        let plan = Plan {
            id: 1,
            name: input.name.clone(),
            kind: input.kind,
            price_fen: input.price_fen,
            bonus_fen: input.bonus_fen,
            visits: input.visits,
            visits_per_unit: 2,
            validity: input.validity,
            recharge_every_fen: 0,
            recharge_bonus_fen: 0,
            store_ids: vec![2, 3],
            item_ids: vec![7],
            category_ids: vec![],
            active: true,
            card_prefix: "K".into(),
            next_card_no: 17,
        };
        let again = PlanForm::from_plan(&plan).parse().unwrap();
        assert_eq!(again.store_ids, vec![2, 3]);
        assert_eq!(again.item_ids, vec![7]);
        assert_eq!((again.visits, again.visits_per_unit), (10, 2));
        assert_eq!((again.card_prefix.as_str(), again.next_card_no), ("K", 17));
    }

    #[test]
    fn card_numbers_from_a_prefix_and_a_counter() {
        assert_eq!(card_number("K", 1), "K000001");
        assert_eq!(card_number("VIP", 1_234_567), "VIP1234567");
        assert_eq!(counter_of("K", "K000017"), Some(17));
        assert_eq!(counter_of("K", "KX00017"), None);
        assert_eq!(counter_of("K", "K"), None);
        assert_eq!(counter_of("", "000017"), None, "no prefix: no counter");
        assert_eq!(counter_of("K", "K0"), None, "the counter starts at 1");
        let mut f = form("count");
        f.card_prefix = "k-1".into();
        assert_eq!(f.parse().unwrap_err().field, Field::CardPrefix);
        f.card_prefix = "vip".into();
        assert_eq!(f.parse().unwrap().card_prefix, "VIP");
    }
}
