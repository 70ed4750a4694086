-- Reports (R2, R3): per-store, per-day summaries kept by triggers in the same
-- database transaction as every value operation (never a nightly job that can
-- drift); `db::integrity::check` verifies them against the ledger.
--
-- `slot` (the card's or the row's id modulo 8) spreads one store's figures over
-- eight rows, so that payments at one store on Postgres do not all wait for one
-- summary row's lock; reports sum the slots.

-- Stored value the shop owes its card holders, by the store that issued the
-- card (whose liability it is): now (`store_liability`), and what changed it on
-- each company day (`store_value_days`), so that the liability as of a past day
-- is today's less what changed after it. Principal (paid in) and bonus (given)
-- apart. Value moved at a store other than the card's own is what the stores owe
-- each other (`store_clearing_days`, principal only: bonus was never paid in).
CREATE TABLE store_liability (
    store_id INTEGER NOT NULL REFERENCES stores (id),
    slot INTEGER NOT NULL,
    principal_fen INTEGER NOT NULL DEFAULT 0,
    bonus_fen INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (store_id, slot)
);
CREATE TABLE store_value_days (
    store_id INTEGER NOT NULL REFERENCES stores (id),
    day INTEGER NOT NULL,
    slot INTEGER NOT NULL,
    principal_fen INTEGER NOT NULL DEFAULT 0,
    bonus_fen INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, store_id, slot)
);
CREATE TABLE store_clearing_days (
    home_store_id INTEGER NOT NULL REFERENCES stores (id),
    store_id INTEGER NOT NULL REFERENCES stores (id),
    day INTEGER NOT NULL,
    principal_fen INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, home_store_id, store_id)
);

INSERT INTO store_value_days (store_id, day, slot, principal_fen, bonus_fen)
SELECT c.issued_store_id, t.day, e.card_id % 8,
    SUM(CASE WHEN e.bucket = 'principal' THEN e.delta ELSE 0 END),
    SUM(CASE WHEN e.bucket = 'bonus' THEN e.delta ELSE 0 END)
FROM ledger_entries e
JOIN ledger_transactions t ON t.id = e.transaction_id
JOIN cards c ON c.id = e.card_id
WHERE e.bucket IN ('principal', 'bonus')
GROUP BY c.issued_store_id, t.day, e.card_id % 8;
INSERT INTO store_liability (store_id, slot, principal_fen, bonus_fen)
SELECT store_id, slot, SUM(principal_fen), SUM(bonus_fen) FROM store_value_days GROUP BY store_id, slot;
INSERT INTO store_clearing_days (home_store_id, store_id, day, principal_fen)
SELECT c.issued_store_id, t.store_id, t.day, SUM(e.delta)
FROM ledger_entries e
JOIN ledger_transactions t ON t.id = e.transaction_id
JOIN cards c ON c.id = e.card_id
WHERE e.bucket = 'principal' AND t.store_id <> c.issued_store_id
GROUP BY c.issued_store_id, t.store_id, t.day;

CREATE TRIGGER store_value_on_entry AFTER INSERT ON ledger_entries
WHEN NEW.bucket IN ('principal', 'bonus') AND NEW.delta <> 0
BEGIN
    INSERT INTO store_liability (store_id, slot, principal_fen, bonus_fen)
    SELECT c.issued_store_id, NEW.card_id % 8,
        CASE WHEN NEW.bucket = 'principal' THEN NEW.delta ELSE 0 END,
        CASE WHEN NEW.bucket = 'bonus' THEN NEW.delta ELSE 0 END
    FROM cards c WHERE c.id = NEW.card_id
    ON CONFLICT (store_id, slot) DO UPDATE SET
        principal_fen = principal_fen + excluded.principal_fen,
        bonus_fen = bonus_fen + excluded.bonus_fen;
    INSERT INTO store_value_days (store_id, day, slot, principal_fen, bonus_fen)
    SELECT c.issued_store_id, t.day, NEW.card_id % 8,
        CASE WHEN NEW.bucket = 'principal' THEN NEW.delta ELSE 0 END,
        CASE WHEN NEW.bucket = 'bonus' THEN NEW.delta ELSE 0 END
    FROM ledger_transactions t, cards c
    WHERE t.id = NEW.transaction_id AND c.id = NEW.card_id
    ON CONFLICT (day, store_id, slot) DO UPDATE SET
        principal_fen = principal_fen + excluded.principal_fen,
        bonus_fen = bonus_fen + excluded.bonus_fen;
    INSERT INTO store_clearing_days (home_store_id, store_id, day, principal_fen)
    SELECT c.issued_store_id, t.store_id, t.day, NEW.delta
    FROM ledger_transactions t, cards c
    WHERE t.id = NEW.transaction_id AND c.id = NEW.card_id
        AND NEW.bucket = 'principal' AND t.store_id <> c.issued_store_id
    ON CONFLICT (day, home_store_id, store_id) DO UPDATE SET
        principal_fen = principal_fen + excluded.principal_fen;
END;

-- What a store did on a company day: sales (count, total) and their refunds,
-- money taken for recharges (less recharges taken back), visits used (a count
-- card's visits, a time card's check-ins, less visits given back).
CREATE TABLE store_days (
    store_id INTEGER NOT NULL REFERENCES stores (id),
    day INTEGER NOT NULL,
    slot INTEGER NOT NULL,
    sales_count INTEGER NOT NULL DEFAULT 0,
    sales_fen INTEGER NOT NULL DEFAULT 0,
    refunds_fen INTEGER NOT NULL DEFAULT 0,
    recharges_fen INTEGER NOT NULL DEFAULT 0,
    visits INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, store_id, slot)
);

INSERT INTO store_days (store_id, day, slot, sales_count, sales_fen)
SELECT store_id, day, id % 8, COUNT(*), SUM(total_fen) FROM sales WHERE TRUE GROUP BY store_id, day, id % 8
ON CONFLICT (day, store_id, slot) DO UPDATE SET
    sales_count = sales_count + excluded.sales_count, sales_fen = sales_fen + excluded.sales_fen;
INSERT INTO store_days (store_id, day, slot, refunds_fen)
SELECT store_id, day, id % 8, SUM(total_fen) FROM sale_refunds WHERE TRUE GROUP BY store_id, day, id % 8
ON CONFLICT (day, store_id, slot) DO UPDATE SET refunds_fen = refunds_fen + excluded.refunds_fen;
INSERT INTO store_days (store_id, day, slot, recharges_fen, visits)
SELECT store_id, day, id % 8,
    SUM(CASE WHEN kind IN ('recharge', 'reversal') THEN money_in_fen ELSE 0 END),
    SUM(CASE kind WHEN 'visit_use' THEN visits WHEN 'check_in' THEN 1 WHEN 'refund' THEN -visits ELSE 0 END)
FROM ledger_transactions
WHERE kind IN ('recharge', 'reversal', 'visit_use', 'check_in', 'refund')
GROUP BY store_id, day, id % 8
ON CONFLICT (day, store_id, slot) DO UPDATE SET
    recharges_fen = recharges_fen + excluded.recharges_fen, visits = visits + excluded.visits;

CREATE TRIGGER store_days_on_sale AFTER INSERT ON sales
BEGIN
    INSERT INTO store_days (store_id, day, slot, sales_count, sales_fen)
    VALUES (NEW.store_id, NEW.day, NEW.id % 8, 1, NEW.total_fen)
    ON CONFLICT (day, store_id, slot) DO UPDATE SET
        sales_count = sales_count + 1, sales_fen = sales_fen + excluded.sales_fen;
END;

CREATE TRIGGER store_days_on_sale_refund AFTER INSERT ON sale_refunds
BEGIN
    INSERT INTO store_days (store_id, day, slot, refunds_fen)
    VALUES (NEW.store_id, NEW.day, NEW.id % 8, NEW.total_fen)
    ON CONFLICT (day, store_id, slot) DO UPDATE SET
        refunds_fen = refunds_fen + excluded.refunds_fen;
END;

CREATE TRIGGER store_days_on_card_tx AFTER INSERT ON ledger_transactions
WHEN NEW.kind IN ('recharge', 'reversal', 'visit_use', 'check_in', 'refund')
BEGIN
    INSERT INTO store_days (store_id, day, slot, recharges_fen, visits)
    VALUES (NEW.store_id, NEW.day, NEW.id % 8,
        CASE WHEN NEW.kind IN ('recharge', 'reversal') THEN NEW.money_in_fen ELSE 0 END,
        CASE NEW.kind WHEN 'visit_use' THEN NEW.visits WHEN 'check_in' THEN 1
            WHEN 'refund' THEN -NEW.visits ELSE 0 END)
    ON CONFLICT (day, store_id, slot) DO UPDATE SET
        recharges_fen = recharges_fen + excluded.recharges_fen,
        visits = visits + excluded.visits;
END;

-- A sale moved to another day or store (or its total corrected) by any
-- statement moves its figures with it.
CREATE TRIGGER store_days_on_sale_moved AFTER UPDATE OF day, store_id, total_fen ON sales
WHEN OLD.day IS NOT NEW.day OR OLD.store_id IS NOT NEW.store_id OR OLD.total_fen IS NOT NEW.total_fen
BEGIN
    UPDATE store_days SET sales_count = sales_count - 1, sales_fen = sales_fen - OLD.total_fen
    WHERE day = OLD.day AND store_id = OLD.store_id AND slot = OLD.id % 8;
    INSERT INTO store_days (store_id, day, slot, sales_count, sales_fen)
    VALUES (NEW.store_id, NEW.day, NEW.id % 8, 1, NEW.total_fen)
    ON CONFLICT (day, store_id, slot) DO UPDATE SET
        sales_count = sales_count + 1, sales_fen = sales_fen + excluded.sales_fen;
END;

-- The company day a member joined (new members per store and day); written with
-- the member, filled at start-up for older rows (`db::members::fill_joined_days`).
ALTER TABLE members ADD COLUMN joined_day INTEGER;
CREATE INDEX members_joined ON members (home_store_id, joined_day);

-- The detail reports' filters: a store's days, or every store's.
CREATE INDEX sales_store_day ON sales (store_id, day);
CREATE INDEX sales_day ON sales (day);
CREATE INDEX ledger_transactions_kind_day ON ledger_transactions (kind, day, store_id);
CREATE INDEX sale_refunds_store_day ON sale_refunds (store_id, day);
