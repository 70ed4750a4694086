-- A minimal catalogue (categories and items) and what count and time plans cover.
CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    price_fen INTEGER NOT NULL CHECK (price_fen >= 0),
    category_id INTEGER REFERENCES categories (id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX items_category ON items (category_id);

CREATE TABLE plan_items (
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    item_id INTEGER NOT NULL REFERENCES items (id),
    PRIMARY KEY (plan_id, item_id)
);

CREATE TABLE plan_categories (
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    category_id INTEGER NOT NULL REFERENCES categories (id),
    PRIMARY KEY (plan_id, category_id)
);
