-- The till (V2, V3): subcategories, full items, levels and discount rules, and
-- sales with their lines and payments.
ALTER TABLE categories ADD COLUMN parent_id INTEGER REFERENCES categories (id);

ALTER TABLE items ADD COLUMN barcode TEXT;
ALTER TABLE items ADD COLUMN short_code TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN cost_fen INTEGER NOT NULL DEFAULT 0 CHECK (cost_fen >= 0);
CREATE UNIQUE INDEX items_barcode ON items (barcode);
CREATE INDEX items_short_code ON items (short_code);
CREATE INDEX items_name ON items (name);

-- Stores that sell an item; none listed means every store.
CREATE TABLE item_stores (
    item_id INTEGER NOT NULL REFERENCES items (id),
    store_id INTEGER NOT NULL REFERENCES stores (id),
    PRIMARY KEY (item_id, store_id)
);

CREATE TABLE levels (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    rank INTEGER NOT NULL UNIQUE,
    rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 1 AND 10000),
    created_at_ms INTEGER NOT NULL
);

ALTER TABLE members ADD COLUMN level_id INTEGER REFERENCES levels (id);

-- A level's rate for one category (and its subcategories) or one item.
CREATE TABLE discount_rules (
    id INTEGER PRIMARY KEY,
    level_id INTEGER NOT NULL REFERENCES levels (id),
    category_id INTEGER REFERENCES categories (id),
    item_id INTEGER REFERENCES items (id),
    rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 1 AND 10000),
    CHECK ((category_id IS NULL) <> (item_id IS NULL))
);
CREATE UNIQUE INDEX discount_rules_category ON discount_rules (level_id, category_id) WHERE category_id IS NOT NULL;
CREATE UNIQUE INDEX discount_rules_item ON discount_rules (level_id, item_id) WHERE item_id IS NOT NULL;

-- One row per sale; the member-card part, if any, is the ledger transaction
-- card_tx_id, written in the same database transaction.
CREATE TABLE sales (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE,
    store_id INTEGER NOT NULL REFERENCES stores (id),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    shift_id INTEGER REFERENCES shifts (id),
    member_id INTEGER REFERENCES members (id),
    level_id INTEGER REFERENCES levels (id),
    card_id INTEGER REFERENCES cards (id),
    card_tx_id INTEGER REFERENCES ledger_transactions (id),
    at_ms INTEGER NOT NULL,
    day INTEGER NOT NULL,
    list_fen INTEGER NOT NULL CHECK (list_fen >= 0),
    discount_fen INTEGER NOT NULL CHECK (discount_fen >= 0),
    total_fen INTEGER NOT NULL CHECK (total_fen >= 0),
    cash_given_fen INTEGER NOT NULL DEFAULT 0 CHECK (cash_given_fen >= 0),
    change_fen INTEGER NOT NULL DEFAULT 0 CHECK (change_fen >= 0),
    CHECK (discount_fen = list_fen - total_fen)
);
CREATE INDEX sales_store_at ON sales (store_id, at_ms);
CREATE INDEX sales_shift ON sales (shift_id);
CREATE INDEX sales_member ON sales (member_id);

CREATE TABLE sale_lines (
    sale_id INTEGER NOT NULL REFERENCES sales (id),
    line_no INTEGER NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen >= 0),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    rate_bp INTEGER NOT NULL,
    rate_source TEXT NOT NULL,
    list_fen INTEGER NOT NULL,
    total_fen INTEGER NOT NULL,
    PRIMARY KEY (sale_id, line_no)
);

CREATE TABLE sale_payments (
    sale_id INTEGER NOT NULL REFERENCES sales (id),
    method TEXT NOT NULL CHECK (method IN ('cash', 'cheque', 'bank_card', 'member_card')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    PRIMARY KEY (sale_id, method)
);
