//! One endpoint for every action on a card; each action names its permission.

use crate::error::AppError;
use domain::slip::Slip;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// One action on a card, with the fields as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CardAction {
    Recharge {
        amount: String,
        payment: String,
        bonus: String,
    },
    Spend {
        amount: String,
        pin: String,
    },
    UseVisits {
        visits: String,
    },
    CheckIn,
    Freeze,
    Unfreeze,
    Replace {
        new_no: String,
        new_uid: String,
        payment: String,
        fee: String,
    },
    Exchange {
        new_no: String,
        payment: String,
        fee: String,
    },
    Repair {
        new_uid: String,
    },
    Return {
        payment: String,
        fee: String,
    },
    Renew {
        payment: String,
        fee: String,
    },
    Pause,
    Resume,
}

impl CardAction {
    /// The permission this action needs (ARCHITECTURE.md lists who holds it).
    pub fn needs(&self) -> domain::access::Permission {
        use domain::access::Permission as P;
        match self {
            CardAction::Recharge { bonus, .. } if !bonus.trim().is_empty() => P::ManageCards,
            CardAction::Recharge { .. } => P::Recharge,
            CardAction::Spend { .. } => P::ChargeCard,
            CardAction::UseVisits { .. } | CardAction::CheckIn => P::UseVisits,
            CardAction::Freeze => P::ReportLoss,
            _ => P::ManageCards,
        }
    }
}

/// Runs one action on a card and gives its slip.
#[server(endpoint = "act_on_card", input = Json)]
pub async fn act_on_card(
    request_id: String,
    card_id: i64,
    action: CardAction,
    reason: String,
) -> Result<Slip, AppError> {
    use crate::guard::{require, state};
    use db::ledger;
    use domain::Field;
    let caller = require(action.needs()).await?;
    let request_id = domain::slip::parse_request_id(&request_id)?;
    let reason = super::cards::reason_of(&reason)?;
    let op = ledger::Op {
        caller: &caller,
        request_id: &request_id,
        reason: &reason,
    };
    let db = &state()?.db;
    let uid = |raw: &str| domain::card::parse_card_uid(raw);
    let number = |raw: &str| domain::card::parse_card_number(raw, Field::CardNumber);
    let done = match &action {
        CardAction::Recharge {
            amount,
            payment,
            bonus,
        } => {
            let bonus = super::cards::optional_money(bonus, Field::Bonus)?;
            ledger::recharge(
                db,
                &op,
                card_id,
                super::cards::positive_money(amount)?,
                crate::guard::payment(db, payment).await?,
                bonus,
            )
            .await
        }
        CardAction::Spend { amount, pin } => {
            let pin = if pin.trim().is_empty() {
                None
            } else {
                Some(domain::card::Pin::entered(pin)?)
            };
            ledger::spend(
                db,
                &op,
                card_id,
                super::cards::positive_money(amount)?,
                pin.as_ref(),
            )
            .await
        }
        CardAction::UseVisits { visits } => {
            let max = domain::ledger::VISITS_MAX as u32;
            let n = domain::settings::parse_count(visits, Field::Visits, 1, max)?;
            ledger::use_visits(db, &op, card_id, n as i64).await
        }
        CardAction::CheckIn => ledger::check_in(db, &op, card_id).await,
        CardAction::Freeze => ledger::set_frozen(db, &op, card_id, true).await,
        CardAction::Unfreeze => ledger::set_frozen(db, &op, card_id, false).await,
        CardAction::Replace {
            new_no,
            new_uid,
            payment,
            fee,
        } => {
            let (no, u) = (number(new_no)?, uid(new_uid)?);
            let fee = super::cards::optional_money(fee, Field::Fee)?;
            ledger::replace(
                db,
                &op,
                card_id,
                &no,
                u.as_deref(),
                crate::guard::payment(db, payment).await?,
                fee,
            )
            .await
        }
        CardAction::Exchange {
            new_no,
            payment,
            fee,
        } => {
            let no = number(new_no)?;
            let fee = super::cards::optional_money(fee, Field::Fee)?;
            ledger::exchange(
                db,
                &op,
                card_id,
                &no,
                crate::guard::payment(db, payment).await?,
                fee,
            )
            .await
        }
        CardAction::Repair { new_uid } => {
            ledger::repair(db, &op, card_id, uid(new_uid)?.as_deref()).await
        }
        CardAction::Return { payment, fee } => {
            let fee = super::cards::optional_money(fee, Field::Fee)?;
            ledger::return_card(
                db,
                &op,
                card_id,
                crate::guard::payment(db, payment).await?,
                fee,
            )
            .await
        }
        CardAction::Renew { payment, fee } => {
            let fee = super::cards::optional_money(fee, Field::Fee)?;
            ledger::renew(
                db,
                &op,
                card_id,
                crate::guard::payment(db, payment).await?,
                fee,
            )
            .await
        }
        CardAction::Pause => ledger::set_paused(db, &op, card_id, true).await,
        CardAction::Resume => ledger::set_paused(db, &op, card_id, false).await,
    };
    done.map_err(super::cards::ledger_error)
}
