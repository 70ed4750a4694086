-- Points rebate (P4, 積分返點): a run over a period sums each member's
-- spending (sales less their refunds) not summed before, converts it to rebate
-- points (settings.rebate_rate_pct, hundredths per yuan), adds what the member
-- had left over, and pays tiers from the highest down onto a stored-value card
-- as bonus. The sales summed are marked with the payout that summed them, so no
-- spending is summed twice; what is left over is carried to the next run, so
-- no point is rebated twice.
ALTER TABLE settings ADD COLUMN rebate_rate_pct INTEGER NOT NULL DEFAULT 100
    CHECK (rebate_rate_pct BETWEEN 0 AND 10000);

CREATE TABLE rebate_tiers (
    id INTEGER PRIMARY KEY,
    points INTEGER NOT NULL UNIQUE CHECK (points > 0),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0)
);

CREATE TABLE rebate_runs (
    id INTEGER PRIMARY KEY,
    first_day INTEGER NOT NULL,
    last_day INTEGER NOT NULL CHECK (last_day >= first_day),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    started_at_ms INTEGER NOT NULL,
    finished_at_ms INTEGER,
    members_total INTEGER NOT NULL DEFAULT 0,
    members_done INTEGER NOT NULL DEFAULT 0
);

-- One member's part of a run: one database transaction, its own request id.
CREATE TABLE rebate_payouts (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE,
    run_id INTEGER NOT NULL REFERENCES rebate_runs (id),
    member_id INTEGER NOT NULL REFERENCES members (id),
    spent_fen INTEGER NOT NULL,
    points_summed INTEGER NOT NULL,
    points_carried_in INTEGER NOT NULL,
    points_rebated INTEGER NOT NULL,
    -- Carried to the next run (below zero: refunds took back more than was new).
    points_left INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    card_id INTEGER REFERENCES cards (id),
    card_tx_id INTEGER REFERENCES ledger_transactions (id),
    at_ms INTEGER NOT NULL,
    UNIQUE (run_id, member_id)
);
CREATE INDEX rebate_payouts_member ON rebate_payouts (member_id, id);

-- The payout that summed a sale, and what it summed (its total less refunds
-- then): a later refund is taken off the member's next sum.
ALTER TABLE sales ADD COLUMN rebate_payout_id INTEGER REFERENCES rebate_payouts (id);
ALTER TABLE sales ADD COLUMN rebate_summed_fen INTEGER;
CREATE INDEX sales_rebate ON sales (member_id, day);
CREATE INDEX sales_rebate_payout ON sales (rebate_payout_id);
