-- The till's whole day: count and time cards pay for the lines they cover; a
-- time card checks in at most so many times a day.

-- How many times a day one time card may check in (0: no limit).
ALTER TABLE settings ADD COLUMN check_ins_per_day INTEGER NOT NULL DEFAULT 1
    CHECK (check_ins_per_day BETWEEN 0 AND 100);

-- Check-ins on checked_in_day (another day counts as none); the guard in the
-- check-in's UPDATE reads them, as the daily spending limit reads spent_day.
ALTER TABLE cards ADD COLUMN checked_in_day INTEGER;
ALTER TABLE cards ADD COLUMN check_ins_on_day INTEGER NOT NULL DEFAULT 0 CHECK (check_ins_on_day >= 0);

-- Visits one unit of a covered item takes at the till (count plans).
ALTER TABLE plans ADD COLUMN visits_per_unit INTEGER NOT NULL DEFAULT 1
    CHECK (visits_per_unit BETWEEN 1 AND 1000);

-- A sale line a count or time card paid for: the card, its ledger transaction
-- (a visit use or a check-in, written in the sale's database transaction), the
-- visits it took and the visits left after.
ALTER TABLE sale_lines ADD COLUMN card_id INTEGER REFERENCES cards (id);
ALTER TABLE sale_lines ADD COLUMN card_tx_id INTEGER REFERENCES ledger_transactions (id);
ALTER TABLE sale_lines ADD COLUMN visits INTEGER NOT NULL DEFAULT 0 CHECK (visits >= 0);
ALTER TABLE sale_lines ADD COLUMN visits_left_after INTEGER;

-- Search the way cashiers search: the last four digits of a phone, a phone
-- prefix, and the pinyin initials of a name (陈美玲 → CML), each by an index.
-- The server fills name_initials for rows written before this column existed.
ALTER TABLE members ADD COLUMN name_initials TEXT NOT NULL DEFAULT '';
CREATE INDEX members_name_initials ON members (name_initials);
CREATE INDEX members_phone_tail ON members (substr(phone, -4));

-- Card numbers: each plan suggests the next number from its prefix and counter
-- (K000001, K000002 …); issuing a number of that form moves the counter past it.
ALTER TABLE plans ADD COLUMN card_prefix TEXT NOT NULL DEFAULT '';
ALTER TABLE plans ADD COLUMN next_card_no INTEGER NOT NULL DEFAULT 1 CHECK (next_card_no BETWEEN 1 AND 999999999);
