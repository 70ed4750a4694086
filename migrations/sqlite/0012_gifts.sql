-- Gifts for points and points to money (P3). A gift has a points price and a
-- stock per store; a redemption takes the points and one unit of the store's
-- stock in one transaction (both guarded, never below zero), and a manager can
-- reverse it once (the points and the unit come back).
CREATE TABLE gifts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    points_price INTEGER NOT NULL CHECK (points_price > 0),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE gift_stock (
    gift_id INTEGER NOT NULL REFERENCES gifts (id),
    store_id INTEGER NOT NULL REFERENCES stores (id),
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (gift_id, store_id)
);

CREATE TABLE gift_redemptions (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE,
    gift_id INTEGER NOT NULL REFERENCES gifts (id),
    member_id INTEGER NOT NULL REFERENCES members (id),
    store_id INTEGER NOT NULL REFERENCES stores (id),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    at_ms INTEGER NOT NULL,
    points INTEGER NOT NULL CHECK (points > 0),
    points_tx_id INTEGER NOT NULL REFERENCES points_transactions (id),
    reversed_at_ms INTEGER,
    reversal_points_tx_id INTEGER REFERENCES points_transactions (id)
);
CREATE INDEX gift_redemptions_member ON gift_redemptions (member_id, id);

-- Points a member turns into money on a stored-value card: this many points
-- make one yuan (0: not offered). The money lands as bonus.
ALTER TABLE settings ADD COLUMN points_per_yuan INTEGER NOT NULL DEFAULT 0
    CHECK (points_per_yuan BETWEEN 0 AND 1000000);
