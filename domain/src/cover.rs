//! Count and time cards at the till (V5): a line whose item a member's count or
//! time card covers can be paid by that card instead of money — visits for a
//! count card (`visits_per_unit` per unit), one check-in for a time card — in the
//! same sale as the money lines.
//!
//! A covered line costs the sale nothing: its total and discount are zero and it
//! is left out of the sale's sums (the card was paid for when it was sold).

use crate::card::CardKind;
use crate::day::Day;
use crate::ledger::{self, CardState, Refusal, VISITS_MAX};
use crate::sale::{ItemPrice, Priced};
use serde::{Deserialize, Serialize};

/// The basket priced for the till, and for each line the ids of the member's
/// cards that cover it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub priced: Priced,
    pub options: Vec<Vec<i64>>,
}

/// How the cashier wants one line paid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CoverChoice {
    /// The first of the member's cards that covers the line and can pay it now;
    /// money when none can.
    #[default]
    Auto,
    Money,
    Card(i64),
}

/// One of the member's count or time cards, as the till weighs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverCard {
    pub card_id: i64,
    pub card_no: String,
    pub state: CardState,
    pub visits_per_unit: i64,
    pub item_ids: Vec<i64>,
    pub category_ids: Vec<i64>,
}

impl CoverCard {
    /// The card's plan names the item, or its category or a category above it.
    pub fn covers(&self, item: &ItemPrice) -> bool {
        self.state.kind != CardKind::StoredValue
            && (self.item_ids.contains(&item.item_id)
                || item
                    .categories
                    .iter()
                    .any(|c| self.category_ids.contains(c)))
    }
}

/// A line a card pays for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineCover {
    pub card_id: i64,
    pub card_no: String,
    pub kind: CardKind,
    /// Visits taken (a count card); 0 for a time card's check-in.
    pub visits: i64,
    /// A count card's visits left after this sale.
    pub visits_left_after: Option<i64>,
}

/// For each line, the ids of the member's cards that cover its item.
pub fn options(lines: &[(ItemPrice, i64)], cards: &[CoverCard]) -> Vec<Vec<i64>> {
    lines
        .iter()
        .map(|(item, _)| {
            cards
                .iter()
                .filter(|c| c.covers(item))
                .map(|c| c.card_id)
                .collect()
        })
        .collect()
}

/// Decides which card pays each line: a line chosen for a card must be covered
/// by it and the card must be able to pay it here today (with what earlier lines
/// of this sale already took); `Auto` takes the first card that can, else money.
pub fn resolve(
    lines: &[(ItemPrice, i64)],
    choices: &[CoverChoice],
    cards: &[CoverCard],
    store_id: i64,
    today: Day,
    check_ins_per_day: u32,
) -> Result<Vec<Option<LineCover>>, Refusal> {
    // What this sale has taken so far from each card: (visits, check-ins).
    let mut taken: Vec<(i64, i64)> = vec![(0, 0); cards.len()];
    let mut covers = Vec::with_capacity(lines.len());
    for (n, (item, quantity)) in lines.iter().enumerate() {
        let cover = match choices.get(n).copied().unwrap_or(CoverChoice::Money) {
            CoverChoice::Money => None,
            CoverChoice::Card(id) => {
                let k = cards
                    .iter()
                    .position(|c| c.card_id == id)
                    .ok_or(Refusal::CardNotFound)?;
                if !cards[k].covers(item) {
                    return Err(Refusal::NotCoveredByCard);
                }
                let cover = pay_line(
                    &cards[k],
                    taken[k],
                    *quantity,
                    store_id,
                    today,
                    check_ins_per_day,
                )?;
                take(&mut taken[k], &cover);
                Some(cover)
            }
            CoverChoice::Auto => {
                let mut found = None;
                for (k, card) in cards.iter().enumerate().filter(|(_, c)| c.covers(item)) {
                    if let Ok(cover) = pay_line(
                        card,
                        taken[k],
                        *quantity,
                        store_id,
                        today,
                        check_ins_per_day,
                    ) {
                        take(&mut taken[k], &cover);
                        found = Some(cover);
                        break;
                    }
                }
                found
            }
        };
        covers.push(cover);
    }
    Ok(covers)
}

fn take(taken: &mut (i64, i64), cover: &LineCover) {
    taken.0 += cover.visits;
    if cover.kind == CardKind::Time {
        taken.1 += 1;
    }
}

/// What paying one line of `quantity` with `card` takes, given what this sale
/// already took from it.
fn pay_line(
    card: &CoverCard,
    (visits_taken, check_ins_taken): (i64, i64),
    quantity: i64,
    store_id: i64,
    today: Day,
    check_ins_per_day: u32,
) -> Result<LineCover, Refusal> {
    let mut state = card.state.clone();
    match state.kind {
        CardKind::Count => {
            state.visits_left -= visits_taken;
            let visits = quantity
                .checked_mul(card.visits_per_unit)
                .filter(|v| *v <= VISITS_MAX)
                .ok_or(Refusal::VisitsExhausted {
                    left: state.visits_left,
                })?;
            ledger::check_visit_use(&state, store_id, today, visits)?;
            Ok(LineCover {
                card_id: card.card_id,
                card_no: card.card_no.clone(),
                kind: CardKind::Count,
                visits,
                visits_left_after: Some(state.visits_left - visits),
            })
        }
        CardKind::Time => {
            // One check-in lets one person in: one unit, once per sale.
            if quantity != 1 || check_ins_taken > 0 {
                return Err(Refusal::TimeCardOneEntry);
            }
            ledger::check_in(&state, store_id, today, check_ins_per_day)?;
            Ok(LineCover {
                card_id: card.card_id,
                card_no: card.card_no.clone(),
                kind: CardKind::Time,
                visits: 0,
                visits_left_after: None,
            })
        }
        CardKind::StoredValue => Err(Refusal::NotForThisCard),
    }
}

/// Marks the covered lines: they cost nothing and leave the sale's sums.
pub fn apply(priced: &mut Priced, covers: Vec<Option<LineCover>>) {
    for (line, cover) in priced.lines.iter_mut().zip(covers) {
        if cover.is_some() {
            line.total_fen = 0;
            line.discount_fen = 0;
            line.promotion = None;
        }
        line.cover = cover;
    }
    let paid = priced.lines.iter().filter(|l| l.cover.is_none());
    let (mut list_fen, mut total_fen) = (0, 0);
    for line in paid {
        list_fen += line.list_fen;
        total_fen += line.total_fen;
    }
    priced.list_fen = list_fen;
    priced.total_fen = total_fen;
    priced.discount_fen = list_fen - total_fen;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::CardStatus;
    use crate::sale::price;

    fn today() -> Day {
        Day::from_ymd(2026, 11, 30).unwrap()
    }

    fn ticket(id: i64, category: i64) -> ItemPrice {
        ItemPrice {
            item_id: id,
            code: format!("T{id}"),
            name: "入场券".into(),
            unit: "张".into(),
            price_fen: 5_000,
            categories: vec![category, 1],
        }
    }

    fn card(id: i64, kind: CardKind, visits_left: i64) -> CoverCard {
        CoverCard {
            card_id: id,
            card_no: format!("C{id}"),
            state: CardState {
                kind,
                status: CardStatus::Active,
                principal_fen: 0,
                bonus_fen: 0,
                visits_left,
                valid_until: None,
                paused_since: None,
                accepted_store_ids: vec![],
                daily_limit_fen: None,
                spent_day: None,
                spent_on_day_fen: 0,
                checked_in_day: None,
                check_ins_on_day: 0,
            },
            visits_per_unit: 1,
            item_ids: vec![],
            category_ids: vec![1],
        }
    }

    #[test]
    fn a_count_card_pays_its_lines_and_money_pays_the_rest() {
        let drink = ItemPrice {
            categories: vec![9],
            ..ticket(2, 5)
        };
        let lines = vec![(ticket(1, 5), 2), (drink, 1)];
        let cards = vec![card(7, CardKind::Count, 3)];
        assert_eq!(options(&lines, &cards), vec![vec![7], vec![]]);
        let covers = resolve(&lines, &[CoverChoice::Auto; 2], &cards, 1, today(), 1).unwrap();
        let first = covers[0].as_ref().unwrap();
        assert_eq!((first.visits, first.visits_left_after), (2, Some(1)));
        assert!(covers[1].is_none());
        let mut priced = price(&lines, None, &[]).unwrap();
        apply(&mut priced, covers);
        assert_eq!(priced.total_fen, 5_000, "only the drink is paid in money");
        assert_eq!(priced.lines[0].total_fen, 0);
        assert_eq!(priced.discount_fen, 0);
    }

    #[test]
    fn visits_are_counted_across_the_lines_of_one_sale() {
        let lines = vec![(ticket(1, 5), 2), (ticket(3, 5), 2)];
        let cards = vec![card(7, CardKind::Count, 3)];
        let auto = resolve(&lines, &[CoverChoice::Auto; 2], &cards, 1, today(), 1).unwrap();
        assert!(
            auto[0].is_some() && auto[1].is_none(),
            "the second line falls back to money"
        );
        assert_eq!(
            resolve(&lines, &[CoverChoice::Card(7); 2], &cards, 1, today(), 1),
            Err(Refusal::VisitsExhausted { left: 1 })
        );
        let mut per_two = card(7, CardKind::Count, 3);
        per_two.visits_per_unit = 2;
        assert_eq!(
            resolve(
                &lines[..1],
                &[CoverChoice::Card(7)],
                &[per_two],
                1,
                today(),
                1
            ),
            Err(Refusal::VisitsExhausted { left: 3 }),
            "2 units × 2 visits"
        );
    }

    #[test]
    fn a_time_card_lets_one_person_in_once() {
        let cards = vec![card(8, CardKind::Time, 0)];
        let one = vec![(ticket(1, 5), 1)];
        let covers = resolve(&one, &[CoverChoice::Card(8)], &cards, 1, today(), 1).unwrap();
        assert_eq!(covers[0].as_ref().map(|c| c.kind), Some(CardKind::Time));
        let two = vec![(ticket(1, 5), 2)];
        assert_eq!(
            resolve(&two, &[CoverChoice::Card(8)], &cards, 1, today(), 1),
            Err(Refusal::TimeCardOneEntry)
        );
        let twice = vec![(ticket(1, 5), 1), (ticket(3, 5), 1)];
        assert_eq!(
            resolve(&twice, &[CoverChoice::Card(8); 2], &cards, 1, today(), 0),
            Err(Refusal::TimeCardOneEntry)
        );
        let mut checked = card(8, CardKind::Time, 0);
        checked.state.checked_in_day = Some(today());
        checked.state.check_ins_on_day = 1;
        assert_eq!(
            resolve(
                &one,
                &[CoverChoice::Card(8)],
                &[checked.clone()],
                1,
                today(),
                1
            ),
            Err(Refusal::AlreadyCheckedIn { per_day: 1 })
        );
        let auto = resolve(&one, &[CoverChoice::Auto], &[checked], 1, today(), 1).unwrap();
        assert_eq!(auto, vec![None], "Auto falls back to money");
    }

    #[test]
    fn a_card_pays_only_what_it_covers_and_only_its_own() {
        let lines = vec![(
            ItemPrice {
                categories: vec![9],
                ..ticket(2, 9)
            },
            1,
        )];
        let cards = vec![card(7, CardKind::Count, 3)];
        assert_eq!(
            resolve(&lines, &[CoverChoice::Card(7)], &cards, 1, today(), 1),
            Err(Refusal::NotCoveredByCard)
        );
        assert_eq!(
            resolve(&lines, &[CoverChoice::Card(99)], &cards, 1, today(), 1),
            Err(Refusal::CardNotFound)
        );
        let mut frozen = card(7, CardKind::Count, 3);
        frozen.state.status = CardStatus::Frozen;
        frozen.item_ids = vec![2];
        assert_eq!(
            resolve(&lines, &[CoverChoice::Card(7)], &[frozen], 1, today(), 1),
            Err(Refusal::CardFrozen)
        );
    }
}
