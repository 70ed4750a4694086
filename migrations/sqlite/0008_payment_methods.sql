-- Payment methods the shop configures (V4): the four built in, and the shop's
-- own (WeChat Pay, Alipay, vouchers …) with a name in each language and whether
-- their money goes into the cash drawer. Switched off, never deleted.
CREATE TABLE payment_methods (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (code IN ('cash', 'member_card', 'bank_card', 'cheque')
        OR (code GLOB 'm[1-9]*' AND code NOT GLOB 'm*[^0-9]*' AND length(code) <= 7)),
    name_zh_cn TEXT NOT NULL DEFAULT '' CHECK (length(name_zh_cn) <= 20),
    name_zh_tw TEXT NOT NULL DEFAULT '' CHECK (length(name_zh_tw) <= 20),
    name_en TEXT NOT NULL DEFAULT '' CHECK (length(name_en) <= 20),
    into_drawer INTEGER NOT NULL DEFAULT 0 CHECK (into_drawer IN (0, 1)),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    -- Cash always goes into the drawer and cash and the member's card are
    -- always offered.
    CHECK (code <> 'cash' OR (into_drawer = 1 AND active = 1)),
    CHECK (code <> 'member_card' OR (into_drawer = 0 AND active = 1))
);

INSERT INTO payment_methods (id, code, into_drawer) VALUES
    (1, 'cash', 1), (2, 'member_card', 0), (3, 'bank_card', 0), (4, 'cheque', 0);

-- A sale's payments name a method of that table (the fixed list is gone):
-- SQLite changes a CHECK only by rebuilding the table.
CREATE TABLE sale_payments_new (
    sale_id INTEGER NOT NULL REFERENCES sales (id),
    method TEXT NOT NULL REFERENCES payment_methods (code),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    PRIMARY KEY (sale_id, method)
);
INSERT INTO sale_payments_new (sale_id, method, amount_fen)
    SELECT sale_id, method, amount_fen FROM sale_payments;
DROP TABLE sale_payments;
ALTER TABLE sale_payments_new RENAME TO sale_payments;
