-- Hardening: a password change ends the account's other sessions; card numbers
-- and reader UIDs share one key space.

-- Raised by every password change or reset; a session signed in under an older
-- epoch is over.
ALTER TABLE staff ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;

-- Every card number and every reader UID, in one key space: a number can never
-- equal another card's UID (a swipe of that chip would open the wrong card).
-- A card whose UID is its own number holds the key once. Kept by triggers, so
-- no statement can go around it.
CREATE TABLE card_keys (
    key TEXT PRIMARY KEY,
    card_id INTEGER NOT NULL REFERENCES cards (id)
);
CREATE INDEX card_keys_card ON card_keys (card_id);
INSERT INTO card_keys (key, card_id) SELECT card_no, id FROM cards;
INSERT OR IGNORE INTO card_keys (key, card_id)
    SELECT uid, id FROM cards WHERE uid IS NOT NULL AND uid <> card_no;

CREATE TRIGGER card_keys_on_insert AFTER INSERT ON cards
BEGIN
    INSERT INTO card_keys (key, card_id) VALUES (NEW.card_no, NEW.id);
    INSERT INTO card_keys (key, card_id)
        SELECT NEW.uid, NEW.id WHERE NEW.uid IS NOT NULL AND NEW.uid <> NEW.card_no;
END;

CREATE TRIGGER card_keys_on_update AFTER UPDATE OF card_no, uid ON cards
WHEN OLD.card_no IS NOT NEW.card_no OR OLD.uid IS NOT NEW.uid
BEGIN
    DELETE FROM card_keys WHERE card_id = OLD.id;
    INSERT INTO card_keys (key, card_id) VALUES (NEW.card_no, NEW.id);
    INSERT INTO card_keys (key, card_id)
        SELECT NEW.uid, NEW.id WHERE NEW.uid IS NOT NULL AND NEW.uid <> NEW.card_no;
END;
