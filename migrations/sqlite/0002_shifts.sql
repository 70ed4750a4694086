-- Cashier shifts (H1): a float when opening, counted cash when closing.
CREATE TABLE shifts (
    id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL REFERENCES stores (id),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    opened_at_ms INTEGER NOT NULL,
    float_fen INTEGER NOT NULL CHECK (float_fen >= 0),
    closed_at_ms INTEGER,
    expected_cash_fen INTEGER,
    counted_cash_fen INTEGER CHECK (counted_cash_fen >= 0)
);
-- One open shift per cashier, whatever arrives at once.
CREATE UNIQUE INDEX shifts_one_open_per_staff ON shifts (staff_id) WHERE closed_at_ms IS NULL;
CREATE INDEX shifts_store_opened ON shifts (store_id, opened_at_ms);
