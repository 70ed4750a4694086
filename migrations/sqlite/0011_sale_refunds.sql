-- Refunds of sales (V6): whole or by lines. Each refund names its sale; the
-- sale and its lines count what was refunded, with the guard in a CHECK, so
-- that refunds never add up to more than the sale.
ALTER TABLE sales ADD COLUMN refunded_fen INTEGER NOT NULL DEFAULT 0
    CHECK (refunded_fen >= 0 AND refunded_fen <= total_fen);
ALTER TABLE sale_lines ADD COLUMN refunded_quantity INTEGER NOT NULL DEFAULT 0
    CHECK (refunded_quantity >= 0 AND refunded_quantity <= quantity);
CREATE INDEX sales_card_tx ON sales (card_tx_id);
CREATE INDEX sale_lines_card_tx ON sale_lines (card_tx_id);

CREATE TABLE sale_refunds (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE,
    sale_id INTEGER NOT NULL REFERENCES sales (id),
    store_id INTEGER NOT NULL REFERENCES stores (id),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    shift_id INTEGER REFERENCES shifts (id),
    at_ms INTEGER NOT NULL,
    day INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    total_fen INTEGER NOT NULL CHECK (total_fen >= 0),
    points INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sale_refunds_sale ON sale_refunds (sale_id, id);
CREATE INDEX sale_refunds_shift ON sale_refunds (shift_id);

CREATE TABLE sale_refund_lines (
    refund_id INTEGER NOT NULL REFERENCES sale_refunds (id),
    line_no INTEGER NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    -- Visits given back to the count card that paid the line.
    visits INTEGER NOT NULL DEFAULT 0,
    card_tx_id INTEGER REFERENCES ledger_transactions (id),
    PRIMARY KEY (refund_id, line_no)
);

CREATE TABLE sale_refund_payments (
    refund_id INTEGER NOT NULL REFERENCES sale_refunds (id),
    method TEXT NOT NULL REFERENCES payment_methods (code),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    -- The member card's refund transaction (back in the original split).
    card_tx_id INTEGER REFERENCES ledger_transactions (id),
    PRIMARY KEY (refund_id, method)
);
