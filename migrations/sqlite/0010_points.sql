-- Points (P1, P2): one points account per member, moved only by points
-- transactions with immutable entries, as money moves on cards. The member's
-- columns are a cache of the entries' sums: `points` the balance (below zero
-- only when a refund takes back points already spent), `points_earned` the
-- points ever earned less those taken back (levels climb on this, never on
-- the balance).
ALTER TABLE members ADD COLUMN points INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN points_earned INTEGER NOT NULL DEFAULT 0 CHECK (points_earned >= 0);
ALTER TABLE members ADD COLUMN points_version INTEGER NOT NULL DEFAULT 0;

-- Points per yuan in hundredths (150 = 1.5 points per yuan), and the points
-- earned that lift a member to this level (none: set by hand only).
ALTER TABLE levels ADD COLUMN points_rate_pct INTEGER NOT NULL DEFAULT 100
    CHECK (points_rate_pct BETWEEN 0 AND 10000);
ALTER TABLE levels ADD COLUMN upgrade_points INTEGER CHECK (upgrade_points BETWEEN 0 AND 1000000000);

ALTER TABLE settings ADD COLUMN points_rate_pct INTEGER NOT NULL DEFAULT 100
    CHECK (points_rate_pct BETWEEN 0 AND 10000);
ALTER TABLE settings ADD COLUMN points_on TEXT NOT NULL DEFAULT 'all'
    CHECK (points_on IN ('all', 'member_card'));
ALTER TABLE settings ADD COLUMN recharge_points_rate_pct INTEGER NOT NULL DEFAULT 0
    CHECK (recharge_points_rate_pct BETWEEN 0 AND 10000);
ALTER TABLE settings ADD COLUMN level_window_months INTEGER NOT NULL DEFAULT 0
    CHECK (level_window_months BETWEEN 0 AND 120);
ALTER TABLE settings ADD COLUMN level_after_refund TEXT NOT NULL DEFAULT 'keep'
    CHECK (level_after_refund IN ('keep', 'drop'));

CREATE TABLE points_transactions (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    store_id INTEGER NOT NULL REFERENCES stores (id),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    at_ms INTEGER NOT NULL,
    day INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    reverses_id INTEGER REFERENCES points_transactions (id),
    sale_id INTEGER REFERENCES sales (id),
    card_tx_id INTEGER REFERENCES ledger_transactions (id),
    -- The money the points were earned on, and the rate (hundredths per yuan).
    base_fen INTEGER NOT NULL DEFAULT 0,
    rate_pct INTEGER NOT NULL DEFAULT 0,
    -- When its earned points count for a level: a take-back counts at the
    -- time of what it takes back, so a rolling window stays right.
    earned_at_ms INTEGER NOT NULL,
    -- What its entries move (the entries are what the integrity check sums).
    points INTEGER NOT NULL,
    earned INTEGER NOT NULL,
    points_after INTEGER NOT NULL,
    earned_after INTEGER NOT NULL
);
CREATE INDEX points_transactions_member ON points_transactions (member_id, id);
CREATE INDEX points_transactions_sale ON points_transactions (sale_id);
CREATE INDEX points_transactions_reverses ON points_transactions (reverses_id);
CREATE INDEX points_transactions_card_tx ON points_transactions (card_tx_id);

CREATE TABLE points_entries (
    id INTEGER PRIMARY KEY,
    transaction_id INTEGER NOT NULL REFERENCES points_transactions (id),
    member_id INTEGER NOT NULL REFERENCES members (id),
    bucket TEXT NOT NULL CHECK (bucket IN ('points', 'earned')),
    delta INTEGER NOT NULL
);
CREATE INDEX points_entries_member ON points_entries (member_id, bucket);
CREATE INDEX points_entries_transaction ON points_entries (transaction_id);

-- Every change of a member's level: climbed on points, set by hand (with a
-- reason), or dropped after a refund.
CREATE TABLE level_changes (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id),
    from_level_id INTEGER REFERENCES levels (id),
    to_level_id INTEGER REFERENCES levels (id),
    cause TEXT NOT NULL CHECK (cause IN ('points', 'by_hand', 'refund')),
    reason TEXT NOT NULL DEFAULT '',
    earned INTEGER NOT NULL,
    points_tx_id INTEGER REFERENCES points_transactions (id),
    store_id INTEGER NOT NULL REFERENCES stores (id),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    at_ms INTEGER NOT NULL
);
CREATE INDEX level_changes_member ON level_changes (member_id, id);

-- Points once kept on cards move to their member's account, each by a pair of
-- transactions (off the card, onto the member) that name each other's card.
INSERT INTO ledger_transactions (request_id, kind, card_id, store_id, staff_id, at_ms, day, reason,
        principal_after_fen, bonus_after_fen, visits_after, valid_until_after_day)
    SELECT 'points-to-member:' || c.id, 'points_moved', c.id, c.issued_store_id,
        (SELECT MIN(id) FROM staff), CAST(unixepoch('subsec') * 1000 AS INTEGER),
        CAST(unixepoch() / 86400 AS INTEGER), 'migration 0010',
        c.principal_fen, c.bonus_fen, c.visits_left, c.valid_until_day
    FROM cards c WHERE c.points <> 0 AND c.member_id IS NOT NULL;
INSERT INTO ledger_entries (transaction_id, card_id, bucket, delta)
    SELECT t.id, c.id, 'points', -c.points FROM cards c
    JOIN ledger_transactions t ON t.request_id = 'points-to-member:' || c.id;
INSERT INTO points_transactions (request_id, kind, member_id, store_id, staff_id, at_ms, day, reason,
        card_tx_id, earned_at_ms, points, earned, points_after, earned_after)
    SELECT 'points-from-card:' || c.id, 'moved_from_card', c.member_id, t.store_id, t.staff_id, t.at_ms, t.day,
        'migration 0010', t.id, t.at_ms, c.points, c.points,
        (SELECT SUM(o.points) FROM cards o WHERE o.member_id = c.member_id AND o.id <= c.id),
        (SELECT SUM(o.points) FROM cards o WHERE o.member_id = c.member_id AND o.id <= c.id)
    FROM cards c JOIN ledger_transactions t ON t.request_id = 'points-to-member:' || c.id;
INSERT INTO points_entries (transaction_id, member_id, bucket, delta)
    SELECT p.id, c.member_id, b.bucket, c.points FROM cards c
    JOIN points_transactions p ON p.request_id = 'points-from-card:' || c.id
    CROSS JOIN (SELECT 'points' AS bucket UNION ALL SELECT 'earned') b;
UPDATE members SET
    points = (SELECT COALESCE(SUM(c.points), 0) FROM cards c WHERE c.member_id = members.id),
    points_earned = (SELECT COALESCE(SUM(c.points), 0) FROM cards c WHERE c.member_id = members.id)
    WHERE id IN (SELECT member_id FROM cards WHERE points <> 0);
UPDATE cards SET points = 0 WHERE points <> 0 AND member_id IS NOT NULL;
