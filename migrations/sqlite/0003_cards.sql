-- Members, card plans, cards and the ledger (issue: cards and the ledger).
-- Money in fen, times in Unix milliseconds UTC, days as days since 1970-01-01 in
-- the company's time zone.

CREATE TABLE settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    min_recharge_fen INTEGER NOT NULL DEFAULT 100 CHECK (min_recharge_fen >= 0),
    max_recharge_fen INTEGER NOT NULL DEFAULT 5000000 CHECK (max_recharge_fen >= min_recharge_fen),
    issue_fee_fen INTEGER NOT NULL DEFAULT 0 CHECK (issue_fee_fen >= 0),
    replace_fee_fen INTEGER NOT NULL DEFAULT 0 CHECK (replace_fee_fen >= 0),
    exchange_fee_fen INTEGER NOT NULL DEFAULT 0 CHECK (exchange_fee_fen >= 0),
    renew_fee_fen INTEGER NOT NULL DEFAULT 0 CHECK (renew_fee_fen >= 0),
    return_fee_fen INTEGER NOT NULL DEFAULT 0 CHECK (return_fee_fen >= 0),
    deposit_fen INTEGER NOT NULL DEFAULT 0 CHECK (deposit_fen >= 0),
    pin_required_above_fen INTEGER,
    default_daily_limit_fen INTEGER,
    pin_max_failures INTEGER NOT NULL DEFAULT 5 CHECK (pin_max_failures BETWEEN 1 AND 10),
    pin_lock_minutes INTEGER NOT NULL DEFAULT 30 CHECK (pin_lock_minutes BETWEEN 1 AND 1440),
    refund_bonus_on_return BOOLEAN NOT NULL DEFAULT FALSE,
    receipt_header TEXT NOT NULL DEFAULT '',
    receipt_footer TEXT NOT NULL DEFAULT '',
    next_member_no INTEGER NOT NULL DEFAULT 1
);
INSERT INTO settings (id) VALUES (1);

CREATE TABLE member_fields (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice')),
    choices TEXT NOT NULL DEFAULT '',
    required BOOLEAN NOT NULL DEFAULT FALSE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    member_no TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT UNIQUE,
    gender TEXT NOT NULL DEFAULT '',
    birthday_day INTEGER,
    id_number TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    home_store_id INTEGER NOT NULL REFERENCES stores (id),
    referrer_id INTEGER REFERENCES members (id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    valid_until_day INTEGER,
    hobbies TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
);
CREATE INDEX members_name ON members (name);
CREATE INDEX members_home_store ON members (home_store_id);

CREATE TABLE member_values (
    member_id INTEGER NOT NULL REFERENCES members (id),
    field_id INTEGER NOT NULL REFERENCES member_fields (id),
    value TEXT NOT NULL,
    PRIMARY KEY (member_id, field_id)
);
CREATE INDEX member_values_search ON member_values (value);

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('stored_value', 'count', 'time')),
    price_fen INTEGER NOT NULL CHECK (price_fen >= 0),
    bonus_fen INTEGER NOT NULL CHECK (bonus_fen >= 0),
    visits INTEGER NOT NULL CHECK (visits >= 0),
    validity TEXT,
    recharge_every_fen INTEGER NOT NULL DEFAULT 0 CHECK (recharge_every_fen >= 0),
    recharge_bonus_fen INTEGER NOT NULL DEFAULT 0 CHECK (recharge_bonus_fen >= 0),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE plan_stores (
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    store_id INTEGER NOT NULL REFERENCES stores (id),
    PRIMARY KEY (plan_id, store_id)
);

CREATE TABLE cards (
    id INTEGER PRIMARY KEY,
    card_no TEXT NOT NULL UNIQUE,
    uid TEXT UNIQUE,
    member_id INTEGER REFERENCES members (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    kind TEXT NOT NULL CHECK (kind IN ('stored_value', 'count', 'time')),
    status TEXT NOT NULL CHECK (status IN ('active', 'frozen', 'returned', 'replaced')),
    principal_fen INTEGER NOT NULL DEFAULT 0 CHECK (principal_fen >= 0),
    bonus_fen INTEGER NOT NULL DEFAULT 0 CHECK (bonus_fen >= 0),
    visits_left INTEGER NOT NULL DEFAULT 0 CHECK (visits_left >= 0),
    points INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
    valid_until_day INTEGER,
    paused_since_day INTEGER,
    daily_limit_fen INTEGER CHECK (daily_limit_fen >= 0),
    spent_day INTEGER,
    spent_on_day_fen INTEGER NOT NULL DEFAULT 0 CHECK (spent_on_day_fen >= 0),
    pin_hash TEXT,
    pin_failures INTEGER NOT NULL DEFAULT 0,
    pin_locked_until_ms INTEGER,
    deposit_fen INTEGER NOT NULL DEFAULT 0 CHECK (deposit_fen >= 0),
    price_paid_fen INTEGER NOT NULL DEFAULT 0,
    visits_bought INTEGER NOT NULL DEFAULT 0,
    days_bought INTEGER NOT NULL DEFAULT 0,
    issued_store_id INTEGER NOT NULL REFERENCES stores (id),
    issued_at_ms INTEGER NOT NULL,
    replaced_by_id INTEGER REFERENCES cards (id),
    version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cards_member ON cards (member_id);

-- Numbers given up by an exchange: blocked forever.
CREATE TABLE retired_card_numbers (
    card_no TEXT PRIMARY KEY,
    card_id INTEGER NOT NULL REFERENCES cards (id),
    retired_at_ms INTEGER NOT NULL
);

CREATE TABLE ledger_transactions (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    card_id INTEGER NOT NULL REFERENCES cards (id),
    store_id INTEGER NOT NULL REFERENCES stores (id),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    shift_id INTEGER REFERENCES shifts (id),
    at_ms INTEGER NOT NULL,
    day INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    reverses_id INTEGER REFERENCES ledger_transactions (id),
    payment_method TEXT NOT NULL DEFAULT '',
    money_in_fen INTEGER NOT NULL DEFAULT 0,
    fee_fen INTEGER NOT NULL DEFAULT 0,
    amount_fen INTEGER NOT NULL DEFAULT 0,
    visits INTEGER NOT NULL DEFAULT 0,
    principal_after_fen INTEGER NOT NULL,
    bonus_after_fen INTEGER NOT NULL,
    visits_after INTEGER NOT NULL,
    valid_until_after_day INTEGER,
    other_card_id INTEGER REFERENCES cards (id),
    -- What the slip shows beside the reason: a card number given up, a new UID.
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ledger_transactions_card ON ledger_transactions (card_id, id);
CREATE INDEX ledger_transactions_reverses ON ledger_transactions (reverses_id);
CREATE INDEX ledger_transactions_store_at ON ledger_transactions (store_id, at_ms);

CREATE TABLE ledger_entries (
    id INTEGER PRIMARY KEY,
    transaction_id INTEGER NOT NULL REFERENCES ledger_transactions (id),
    card_id INTEGER NOT NULL REFERENCES cards (id),
    bucket TEXT NOT NULL CHECK (bucket IN ('principal', 'bonus', 'visits', 'points', 'valid_until')),
    delta INTEGER NOT NULL
);
CREATE INDEX ledger_entries_card ON ledger_entries (card_id, bucket);
CREATE INDEX ledger_entries_transaction ON ledger_entries (transaction_id);
