-- Company, stores, staff and the security log (issue: foundation).
-- Times are Unix milliseconds, UTC.

CREATE TABLE company (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    currency_symbol TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE stores (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    is_head_office BOOLEAN NOT NULL DEFAULT FALSE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at_ms INTEGER NOT NULL
);
CREATE UNIQUE INDEX stores_one_head_office ON stores (is_head_office) WHERE is_head_office;

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'cashier', 'finance', 'staff')),
    home_store_id INTEGER NOT NULL REFERENCES stores (id),
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    failed_signins INTEGER NOT NULL DEFAULT 0,
    locked_until_ms INTEGER,
    password_changed_at_ms INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX staff_home_store ON staff (home_store_id);

CREATE TABLE security_log (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    event TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff (id),
    username TEXT NOT NULL DEFAULT '',
    store_id INTEGER,
    ip TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX security_log_at ON security_log (at_ms);
