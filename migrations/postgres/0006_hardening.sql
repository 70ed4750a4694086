-- Hardening: a password change ends the account's other sessions; card numbers
-- and reader UIDs share one key space.

-- Raised by every password change or reset; a session signed in under an older
-- epoch is over.
ALTER TABLE staff ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;

-- Every card number and every reader UID, in one key space: a number can never
-- equal another card's UID (a swipe of that chip would open the wrong card).
-- A card whose UID is its own number holds the key once. Kept by triggers, so
-- no statement can go around it.
CREATE TABLE card_keys (
    key TEXT PRIMARY KEY,
    card_id BIGINT NOT NULL REFERENCES cards (id)
);
CREATE INDEX card_keys_card ON card_keys (card_id);
INSERT INTO card_keys (key, card_id) SELECT card_no, id FROM cards;
INSERT INTO card_keys (key, card_id)
    SELECT uid, id FROM cards WHERE uid IS NOT NULL AND uid <> card_no
    ON CONFLICT DO NOTHING;

CREATE FUNCTION card_keys_sync() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM card_keys WHERE card_id = OLD.id;
    END IF;
    INSERT INTO card_keys (key, card_id) VALUES (NEW.card_no, NEW.id);
    IF NEW.uid IS NOT NULL AND NEW.uid <> NEW.card_no THEN
        INSERT INTO card_keys (key, card_id) VALUES (NEW.uid, NEW.id);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER card_keys_on_insert AFTER INSERT ON cards
    FOR EACH ROW EXECUTE FUNCTION card_keys_sync();
CREATE TRIGGER card_keys_on_update AFTER UPDATE OF card_no, uid ON cards
    FOR EACH ROW WHEN (OLD.card_no IS DISTINCT FROM NEW.card_no OR OLD.uid IS DISTINCT FROM NEW.uid)
    EXECUTE FUNCTION card_keys_sync();
