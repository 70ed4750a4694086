-- Promotions (P5): offers with a first and last business day, the stores they
-- run in (none listed: every store), the weekdays they run on (bit 0 Monday …
-- bit 6 Sunday) and optionally only in a member's birthday week or month.
-- Promotions are never edited (receipts name them): they are switched off.
CREATE TABLE promotions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('discount', 'points', 'recharge_bonus', 'recharge_gift')),
    first_day INTEGER NOT NULL,
    last_day INTEGER NOT NULL,
    weekdays INTEGER NOT NULL CHECK (weekdays BETWEEN 1 AND 127),
    birthday TEXT NOT NULL CHECK (birthday IN ('no', 'week', 'month')),
    -- A discount: its target ('all', 'category:7', 'item:3') and rate.
    target TEXT,
    rate_bp INTEGER CHECK (rate_bp BETWEEN 1 AND 9999),
    -- Points multiplier in hundredths (200: double).
    factor_pct INTEGER CHECK (factor_pct BETWEEN 101 AND 1000),
    -- A gift on recharge, from a recharge of at least min_fen.
    gift_id INTEGER REFERENCES gifts (id),
    min_fen INTEGER CHECK (min_fen > 0),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at_ms INTEGER NOT NULL,
    CHECK (last_day >= first_day)
);
CREATE INDEX promotions_running ON promotions (active, last_day);

CREATE TABLE promotion_stores (
    promotion_id INTEGER NOT NULL REFERENCES promotions (id),
    store_id INTEGER NOT NULL REFERENCES stores (id),
    PRIMARY KEY (promotion_id, store_id)
);

CREATE TABLE promotion_tiers (
    promotion_id INTEGER NOT NULL REFERENCES promotions (id),
    pay_fen INTEGER NOT NULL CHECK (pay_fen > 0),
    bonus_fen INTEGER NOT NULL CHECK (bonus_fen > 0),
    PRIMARY KEY (promotion_id, pay_fen)
);

-- How a promotion meets the level discount (and the plan's recharge bonus):
-- the better of the two, or both.
ALTER TABLE settings ADD COLUMN promotion_with_level TEXT NOT NULL DEFAULT 'better'
    CHECK (promotion_with_level IN ('better', 'both'));

-- The promotion a sale line's discount came from, and a sale's points multiplier.
ALTER TABLE sale_lines ADD COLUMN promotion_id INTEGER REFERENCES promotions (id);
ALTER TABLE sales ADD COLUMN points_promotion_id INTEGER REFERENCES promotions (id);
ALTER TABLE sales ADD COLUMN points_factor_pct INTEGER;

-- What promotions gave a recharge: the bonus's promotion, and a gift taken
-- from the store's stock (given back to stock by the reversal that takes the
-- recharge below the gift's minimum).
CREATE TABLE recharge_offers (
    card_tx_id INTEGER PRIMARY KEY REFERENCES ledger_transactions (id),
    bonus_promotion_id INTEGER REFERENCES promotions (id),
    gift_promotion_id INTEGER REFERENCES promotions (id),
    gift_id INTEGER REFERENCES gifts (id),
    store_id INTEGER NOT NULL REFERENCES stores (id),
    gift_min_fen INTEGER,
    gift_back_tx_id INTEGER UNIQUE REFERENCES ledger_transactions (id)
);
