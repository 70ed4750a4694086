-- Payment methods the shop configures (V4): the four built in, and the shop's
-- own (WeChat Pay, Alipay, vouchers …) with a name in each language and whether
-- their money goes into the cash drawer. Switched off, never deleted.
CREATE TABLE payment_methods (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (code IN ('cash', 'member_card', 'bank_card', 'cheque')
        OR code ~ '^m[1-9][0-9]{0,5}$'),
    name_zh_cn TEXT NOT NULL DEFAULT '' CHECK (char_length(name_zh_cn) <= 20),
    name_zh_tw TEXT NOT NULL DEFAULT '' CHECK (char_length(name_zh_tw) <= 20),
    name_en TEXT NOT NULL DEFAULT '' CHECK (char_length(name_en) <= 20),
    into_drawer BOOLEAN NOT NULL DEFAULT FALSE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    -- Cash always goes into the drawer and cash and the member's card are
    -- always offered.
    CHECK (code <> 'cash' OR (into_drawer AND active)),
    CHECK (code <> 'member_card' OR (NOT into_drawer AND active))
);

INSERT INTO payment_methods (code, into_drawer) VALUES
    ('cash', TRUE), ('member_card', FALSE), ('bank_card', FALSE), ('cheque', FALSE);

-- A sale's payments name a method of that table (the fixed list is gone).
ALTER TABLE sale_payments DROP CONSTRAINT sale_payments_method_check;
ALTER TABLE sale_payments ADD CONSTRAINT sale_payments_method_fkey
    FOREIGN KEY (method) REFERENCES payment_methods (code);
