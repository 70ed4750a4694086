-- The member's own pages (U1) and the member code (C3).
--
-- A card's member-code key: the secret its time-based codes come from (RFC 6238,
-- 30-second steps) and the newest step the till accepted, so that a code is taken
-- once (a guarded UPDATE: `last_used_step < $step`).
CREATE TABLE member_code_keys (
    card_id INTEGER PRIMARY KEY REFERENCES cards (id),
    secret TEXT NOT NULL,
    last_used_step INTEGER NOT NULL DEFAULT 0
);

-- Wrong PINs typed for a card number or phone that is no card: counted exactly as a
-- card's own PIN tries, so that an unknown card and a wrong PIN read the same
-- (the key is stored only as its SHA-256 digest).
CREATE TABLE member_sign_in_misses (
    key_digest TEXT PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until_ms INTEGER,
    seen_at_ms INTEGER NOT NULL
);

-- Sign-in attempts per client address in a window (one UPSERT counts them).
CREATE TABLE sign_in_addresses (
    ip TEXT PRIMARY KEY,
    window_start_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL
);
