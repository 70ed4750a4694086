-- The audit log (O1): every change to the shop's data and every movement of value
-- writes one row here, by a trigger, in the same transaction as the change. A
-- change that fails or is refused is rolled back with its row; an UPDATE that
-- changes no audited column writes none. Secrets (password and PIN hashes) and
-- bookkeeping columns (lock versions, counters of failed tries) are left out.
--
-- Who did it: the application writes the signed-in person into `audit_actor` as
-- the first statement of the transaction and clears it before the commit (SQLite
-- has one writing connection, so one row is enough); a change made outside such a
-- transaction is recorded with nobody (the system).
--
-- `db/tests/audit.rs` checks that every column of an audited table is either
-- recorded here or deliberately left out.

CREATE TABLE audit_actor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    staff_id INTEGER,
    username TEXT,
    store_id INTEGER
);
INSERT INTO audit_actor (id) VALUES (1);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    staff_id INTEGER,
    username TEXT NOT NULL DEFAULT '',
    store_id INTEGER,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_at ON audit_log (at_ms);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_staff ON audit_log (staff_id);
CREATE INDEX security_log_staff ON security_log (staff_id);

-- Neither log can be changed or emptied, whatever the application asks.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
CREATE TRIGGER security_log_no_update BEFORE UPDATE ON security_log
BEGIN SELECT RAISE(ABORT, 'the security log cannot be changed'); END;
CREATE TRIGGER security_log_no_delete BEFORE DELETE ON security_log
BEGIN SELECT RAISE(ABORT, 'the security log cannot be changed'); END;

CREATE TRIGGER audit_company_insert AFTER INSERT ON company BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'company', NEW.id, 'create', NULL, json_object('name', NEW.name, 'currency_symbol', NEW.currency_symbol, 'time_zone', NEW.time_zone, 'created_at_ms', NEW.created_at_ms)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_company_update AFTER UPDATE ON company
WHEN OLD.name IS NOT NEW.name OR OLD.currency_symbol IS NOT NEW.currency_symbol OR OLD.time_zone IS NOT NEW.time_zone OR OLD.created_at_ms IS NOT NEW.created_at_ms
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'company', NEW.id, 'update',
           json_remove(json_object('name', OLD.name, 'currency_symbol', OLD.currency_symbol, 'time_zone', OLD.time_zone, 'created_at_ms', OLD.created_at_ms), CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.currency_symbol IS NEW.currency_symbol THEN '$.currency_symbol' ELSE '$.~' END, CASE WHEN OLD.time_zone IS NEW.time_zone THEN '$.time_zone' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END),
           json_remove(json_object('name', NEW.name, 'currency_symbol', NEW.currency_symbol, 'time_zone', NEW.time_zone, 'created_at_ms', NEW.created_at_ms), CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.currency_symbol IS NEW.currency_symbol THEN '$.currency_symbol' ELSE '$.~' END, CASE WHEN OLD.time_zone IS NEW.time_zone THEN '$.time_zone' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_company_delete AFTER DELETE ON company BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'company', OLD.id, 'delete', json_object('name', OLD.name, 'currency_symbol', OLD.currency_symbol, 'time_zone', OLD.time_zone, 'created_at_ms', OLD.created_at_ms), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_stores_insert AFTER INSERT ON stores BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'stores', NEW.id, 'create', NULL, json_object('code', NEW.code, 'name', NEW.name, 'address', NEW.address, 'phone', NEW.phone, 'owner', NEW.owner, 'is_head_office', NEW.is_head_office, 'active', NEW.active, 'created_at_ms', NEW.created_at_ms)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_stores_update AFTER UPDATE ON stores
WHEN OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.address IS NOT NEW.address OR OLD.phone IS NOT NEW.phone OR OLD.owner IS NOT NEW.owner OR OLD.is_head_office IS NOT NEW.is_head_office OR OLD.active IS NOT NEW.active OR OLD.created_at_ms IS NOT NEW.created_at_ms
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'stores', NEW.id, 'update',
           json_remove(json_object('code', OLD.code, 'name', OLD.name, 'address', OLD.address, 'phone', OLD.phone, 'owner', OLD.owner, 'is_head_office', OLD.is_head_office, 'active', OLD.active, 'created_at_ms', OLD.created_at_ms), CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.~' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.address IS NEW.address THEN '$.address' ELSE '$.~' END, CASE WHEN OLD.phone IS NEW.phone THEN '$.phone' ELSE '$.~' END, CASE WHEN OLD.owner IS NEW.owner THEN '$.owner' ELSE '$.~' END, CASE WHEN OLD.is_head_office IS NEW.is_head_office THEN '$.is_head_office' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END),
           json_remove(json_object('code', NEW.code, 'name', NEW.name, 'address', NEW.address, 'phone', NEW.phone, 'owner', NEW.owner, 'is_head_office', NEW.is_head_office, 'active', NEW.active, 'created_at_ms', NEW.created_at_ms), CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.~' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.address IS NEW.address THEN '$.address' ELSE '$.~' END, CASE WHEN OLD.phone IS NEW.phone THEN '$.phone' ELSE '$.~' END, CASE WHEN OLD.owner IS NEW.owner THEN '$.owner' ELSE '$.~' END, CASE WHEN OLD.is_head_office IS NEW.is_head_office THEN '$.is_head_office' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_stores_delete AFTER DELETE ON stores BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'stores', OLD.id, 'delete', json_object('code', OLD.code, 'name', OLD.name, 'address', OLD.address, 'phone', OLD.phone, 'owner', OLD.owner, 'is_head_office', OLD.is_head_office, 'active', OLD.active, 'created_at_ms', OLD.created_at_ms), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_staff_insert AFTER INSERT ON staff BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'staff', NEW.id, 'create', NULL, json_object('username', NEW.username, 'name', NEW.name, 'role', NEW.role, 'home_store_id', NEW.home_store_id, 'active', NEW.active, 'password_changed_at_ms', NEW.password_changed_at_ms, 'created_at_ms', NEW.created_at_ms)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_staff_update AFTER UPDATE ON staff
WHEN OLD.username IS NOT NEW.username OR OLD.name IS NOT NEW.name OR OLD.role IS NOT NEW.role OR OLD.home_store_id IS NOT NEW.home_store_id OR OLD.active IS NOT NEW.active OR OLD.password_changed_at_ms IS NOT NEW.password_changed_at_ms OR OLD.created_at_ms IS NOT NEW.created_at_ms
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'staff', NEW.id, 'update',
           json_remove(json_object('username', OLD.username, 'name', OLD.name, 'role', OLD.role, 'home_store_id', OLD.home_store_id, 'active', OLD.active, 'password_changed_at_ms', OLD.password_changed_at_ms, 'created_at_ms', OLD.created_at_ms), CASE WHEN OLD.username IS NEW.username THEN '$.username' ELSE '$.~' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.role IS NEW.role THEN '$.role' ELSE '$.~' END, CASE WHEN OLD.home_store_id IS NEW.home_store_id THEN '$.home_store_id' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.password_changed_at_ms IS NEW.password_changed_at_ms THEN '$.password_changed_at_ms' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END),
           json_remove(json_object('username', NEW.username, 'name', NEW.name, 'role', NEW.role, 'home_store_id', NEW.home_store_id, 'active', NEW.active, 'password_changed_at_ms', NEW.password_changed_at_ms, 'created_at_ms', NEW.created_at_ms), CASE WHEN OLD.username IS NEW.username THEN '$.username' ELSE '$.~' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.role IS NEW.role THEN '$.role' ELSE '$.~' END, CASE WHEN OLD.home_store_id IS NEW.home_store_id THEN '$.home_store_id' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.password_changed_at_ms IS NEW.password_changed_at_ms THEN '$.password_changed_at_ms' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_staff_delete AFTER DELETE ON staff BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'staff', OLD.id, 'delete', json_object('username', OLD.username, 'name', OLD.name, 'role', OLD.role, 'home_store_id', OLD.home_store_id, 'active', OLD.active, 'password_changed_at_ms', OLD.password_changed_at_ms, 'created_at_ms', OLD.created_at_ms), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_settings_insert AFTER INSERT ON settings BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'settings', NEW.id, 'create', NULL, json_object('min_recharge_fen', NEW.min_recharge_fen, 'max_recharge_fen', NEW.max_recharge_fen, 'issue_fee_fen', NEW.issue_fee_fen, 'replace_fee_fen', NEW.replace_fee_fen, 'exchange_fee_fen', NEW.exchange_fee_fen, 'renew_fee_fen', NEW.renew_fee_fen, 'return_fee_fen', NEW.return_fee_fen, 'deposit_fen', NEW.deposit_fen, 'pin_required_above_fen', NEW.pin_required_above_fen, 'default_daily_limit_fen', NEW.default_daily_limit_fen, 'pin_max_failures', NEW.pin_max_failures, 'pin_lock_minutes', NEW.pin_lock_minutes, 'refund_bonus_on_return', NEW.refund_bonus_on_return, 'receipt_header', NEW.receipt_header, 'receipt_footer', NEW.receipt_footer, 'check_ins_per_day', NEW.check_ins_per_day, 'points_rate_pct', NEW.points_rate_pct, 'points_on', NEW.points_on, 'recharge_points_rate_pct', NEW.recharge_points_rate_pct, 'level_window_months', NEW.level_window_months, 'level_after_refund', NEW.level_after_refund, 'points_per_yuan', NEW.points_per_yuan, 'rebate_rate_pct', NEW.rebate_rate_pct, 'promotion_with_level', NEW.promotion_with_level)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_settings_update AFTER UPDATE ON settings
WHEN OLD.min_recharge_fen IS NOT NEW.min_recharge_fen OR OLD.max_recharge_fen IS NOT NEW.max_recharge_fen OR OLD.issue_fee_fen IS NOT NEW.issue_fee_fen OR OLD.replace_fee_fen IS NOT NEW.replace_fee_fen OR OLD.exchange_fee_fen IS NOT NEW.exchange_fee_fen OR OLD.renew_fee_fen IS NOT NEW.renew_fee_fen OR OLD.return_fee_fen IS NOT NEW.return_fee_fen OR OLD.deposit_fen IS NOT NEW.deposit_fen OR OLD.pin_required_above_fen IS NOT NEW.pin_required_above_fen OR OLD.default_daily_limit_fen IS NOT NEW.default_daily_limit_fen OR OLD.pin_max_failures IS NOT NEW.pin_max_failures OR OLD.pin_lock_minutes IS NOT NEW.pin_lock_minutes OR OLD.refund_bonus_on_return IS NOT NEW.refund_bonus_on_return OR OLD.receipt_header IS NOT NEW.receipt_header OR OLD.receipt_footer IS NOT NEW.receipt_footer OR OLD.check_ins_per_day IS NOT NEW.check_ins_per_day OR OLD.points_rate_pct IS NOT NEW.points_rate_pct OR OLD.points_on IS NOT NEW.points_on OR OLD.recharge_points_rate_pct IS NOT NEW.recharge_points_rate_pct OR OLD.level_window_months IS NOT NEW.level_window_months OR OLD.level_after_refund IS NOT NEW.level_after_refund OR OLD.points_per_yuan IS NOT NEW.points_per_yuan OR OLD.rebate_rate_pct IS NOT NEW.rebate_rate_pct OR OLD.promotion_with_level IS NOT NEW.promotion_with_level
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'settings', NEW.id, 'update',
           json_remove(json_object('min_recharge_fen', OLD.min_recharge_fen, 'max_recharge_fen', OLD.max_recharge_fen, 'issue_fee_fen', OLD.issue_fee_fen, 'replace_fee_fen', OLD.replace_fee_fen, 'exchange_fee_fen', OLD.exchange_fee_fen, 'renew_fee_fen', OLD.renew_fee_fen, 'return_fee_fen', OLD.return_fee_fen, 'deposit_fen', OLD.deposit_fen, 'pin_required_above_fen', OLD.pin_required_above_fen, 'default_daily_limit_fen', OLD.default_daily_limit_fen, 'pin_max_failures', OLD.pin_max_failures, 'pin_lock_minutes', OLD.pin_lock_minutes, 'refund_bonus_on_return', OLD.refund_bonus_on_return, 'receipt_header', OLD.receipt_header, 'receipt_footer', OLD.receipt_footer, 'check_ins_per_day', OLD.check_ins_per_day, 'points_rate_pct', OLD.points_rate_pct, 'points_on', OLD.points_on, 'recharge_points_rate_pct', OLD.recharge_points_rate_pct, 'level_window_months', OLD.level_window_months, 'level_after_refund', OLD.level_after_refund, 'points_per_yuan', OLD.points_per_yuan, 'rebate_rate_pct', OLD.rebate_rate_pct, 'promotion_with_level', OLD.promotion_with_level), CASE WHEN OLD.min_recharge_fen IS NEW.min_recharge_fen THEN '$.min_recharge_fen' ELSE '$.~' END, CASE WHEN OLD.max_recharge_fen IS NEW.max_recharge_fen THEN '$.max_recharge_fen' ELSE '$.~' END, CASE WHEN OLD.issue_fee_fen IS NEW.issue_fee_fen THEN '$.issue_fee_fen' ELSE '$.~' END, CASE WHEN OLD.replace_fee_fen IS NEW.replace_fee_fen THEN '$.replace_fee_fen' ELSE '$.~' END, CASE WHEN OLD.exchange_fee_fen IS NEW.exchange_fee_fen THEN '$.exchange_fee_fen' ELSE '$.~' END, CASE WHEN OLD.renew_fee_fen IS NEW.renew_fee_fen THEN '$.renew_fee_fen' ELSE '$.~' END, CASE WHEN OLD.return_fee_fen IS NEW.return_fee_fen THEN '$.return_fee_fen' ELSE '$.~' END, CASE WHEN OLD.deposit_fen IS NEW.deposit_fen THEN '$.deposit_fen' ELSE '$.~' END, CASE WHEN OLD.pin_required_above_fen IS NEW.pin_required_above_fen THEN '$.pin_required_above_fen' ELSE '$.~' END, CASE WHEN OLD.default_daily_limit_fen IS NEW.default_daily_limit_fen THEN '$.default_daily_limit_fen' ELSE '$.~' END, CASE WHEN OLD.pin_max_failures IS NEW.pin_max_failures THEN '$.pin_max_failures' ELSE '$.~' END, CASE WHEN OLD.pin_lock_minutes IS NEW.pin_lock_minutes THEN '$.pin_lock_minutes' ELSE '$.~' END, CASE WHEN OLD.refund_bonus_on_return IS NEW.refund_bonus_on_return THEN '$.refund_bonus_on_return' ELSE '$.~' END, CASE WHEN OLD.receipt_header IS NEW.receipt_header THEN '$.receipt_header' ELSE '$.~' END, CASE WHEN OLD.receipt_footer IS NEW.receipt_footer THEN '$.receipt_footer' ELSE '$.~' END, CASE WHEN OLD.check_ins_per_day IS NEW.check_ins_per_day THEN '$.check_ins_per_day' ELSE '$.~' END, CASE WHEN OLD.points_rate_pct IS NEW.points_rate_pct THEN '$.points_rate_pct' ELSE '$.~' END, CASE WHEN OLD.points_on IS NEW.points_on THEN '$.points_on' ELSE '$.~' END, CASE WHEN OLD.recharge_points_rate_pct IS NEW.recharge_points_rate_pct THEN '$.recharge_points_rate_pct' ELSE '$.~' END, CASE WHEN OLD.level_window_months IS NEW.level_window_months THEN '$.level_window_months' ELSE '$.~' END, CASE WHEN OLD.level_after_refund IS NEW.level_after_refund THEN '$.level_after_refund' ELSE '$.~' END, CASE WHEN OLD.points_per_yuan IS NEW.points_per_yuan THEN '$.points_per_yuan' ELSE '$.~' END, CASE WHEN OLD.rebate_rate_pct IS NEW.rebate_rate_pct THEN '$.rebate_rate_pct' ELSE '$.~' END, CASE WHEN OLD.promotion_with_level IS NEW.promotion_with_level THEN '$.promotion_with_level' ELSE '$.~' END),
           json_remove(json_object('min_recharge_fen', NEW.min_recharge_fen, 'max_recharge_fen', NEW.max_recharge_fen, 'issue_fee_fen', NEW.issue_fee_fen, 'replace_fee_fen', NEW.replace_fee_fen, 'exchange_fee_fen', NEW.exchange_fee_fen, 'renew_fee_fen', NEW.renew_fee_fen, 'return_fee_fen', NEW.return_fee_fen, 'deposit_fen', NEW.deposit_fen, 'pin_required_above_fen', NEW.pin_required_above_fen, 'default_daily_limit_fen', NEW.default_daily_limit_fen, 'pin_max_failures', NEW.pin_max_failures, 'pin_lock_minutes', NEW.pin_lock_minutes, 'refund_bonus_on_return', NEW.refund_bonus_on_return, 'receipt_header', NEW.receipt_header, 'receipt_footer', NEW.receipt_footer, 'check_ins_per_day', NEW.check_ins_per_day, 'points_rate_pct', NEW.points_rate_pct, 'points_on', NEW.points_on, 'recharge_points_rate_pct', NEW.recharge_points_rate_pct, 'level_window_months', NEW.level_window_months, 'level_after_refund', NEW.level_after_refund, 'points_per_yuan', NEW.points_per_yuan, 'rebate_rate_pct', NEW.rebate_rate_pct, 'promotion_with_level', NEW.promotion_with_level), CASE WHEN OLD.min_recharge_fen IS NEW.min_recharge_fen THEN '$.min_recharge_fen' ELSE '$.~' END, CASE WHEN OLD.max_recharge_fen IS NEW.max_recharge_fen THEN '$.max_recharge_fen' ELSE '$.~' END, CASE WHEN OLD.issue_fee_fen IS NEW.issue_fee_fen THEN '$.issue_fee_fen' ELSE '$.~' END, CASE WHEN OLD.replace_fee_fen IS NEW.replace_fee_fen THEN '$.replace_fee_fen' ELSE '$.~' END, CASE WHEN OLD.exchange_fee_fen IS NEW.exchange_fee_fen THEN '$.exchange_fee_fen' ELSE '$.~' END, CASE WHEN OLD.renew_fee_fen IS NEW.renew_fee_fen THEN '$.renew_fee_fen' ELSE '$.~' END, CASE WHEN OLD.return_fee_fen IS NEW.return_fee_fen THEN '$.return_fee_fen' ELSE '$.~' END, CASE WHEN OLD.deposit_fen IS NEW.deposit_fen THEN '$.deposit_fen' ELSE '$.~' END, CASE WHEN OLD.pin_required_above_fen IS NEW.pin_required_above_fen THEN '$.pin_required_above_fen' ELSE '$.~' END, CASE WHEN OLD.default_daily_limit_fen IS NEW.default_daily_limit_fen THEN '$.default_daily_limit_fen' ELSE '$.~' END, CASE WHEN OLD.pin_max_failures IS NEW.pin_max_failures THEN '$.pin_max_failures' ELSE '$.~' END, CASE WHEN OLD.pin_lock_minutes IS NEW.pin_lock_minutes THEN '$.pin_lock_minutes' ELSE '$.~' END, CASE WHEN OLD.refund_bonus_on_return IS NEW.refund_bonus_on_return THEN '$.refund_bonus_on_return' ELSE '$.~' END, CASE WHEN OLD.receipt_header IS NEW.receipt_header THEN '$.receipt_header' ELSE '$.~' END, CASE WHEN OLD.receipt_footer IS NEW.receipt_footer THEN '$.receipt_footer' ELSE '$.~' END, CASE WHEN OLD.check_ins_per_day IS NEW.check_ins_per_day THEN '$.check_ins_per_day' ELSE '$.~' END, CASE WHEN OLD.points_rate_pct IS NEW.points_rate_pct THEN '$.points_rate_pct' ELSE '$.~' END, CASE WHEN OLD.points_on IS NEW.points_on THEN '$.points_on' ELSE '$.~' END, CASE WHEN OLD.recharge_points_rate_pct IS NEW.recharge_points_rate_pct THEN '$.recharge_points_rate_pct' ELSE '$.~' END, CASE WHEN OLD.level_window_months IS NEW.level_window_months THEN '$.level_window_months' ELSE '$.~' END, CASE WHEN OLD.level_after_refund IS NEW.level_after_refund THEN '$.level_after_refund' ELSE '$.~' END, CASE WHEN OLD.points_per_yuan IS NEW.points_per_yuan THEN '$.points_per_yuan' ELSE '$.~' END, CASE WHEN OLD.rebate_rate_pct IS NEW.rebate_rate_pct THEN '$.rebate_rate_pct' ELSE '$.~' END, CASE WHEN OLD.promotion_with_level IS NEW.promotion_with_level THEN '$.promotion_with_level' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_settings_delete AFTER DELETE ON settings BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'settings', OLD.id, 'delete', json_object('min_recharge_fen', OLD.min_recharge_fen, 'max_recharge_fen', OLD.max_recharge_fen, 'issue_fee_fen', OLD.issue_fee_fen, 'replace_fee_fen', OLD.replace_fee_fen, 'exchange_fee_fen', OLD.exchange_fee_fen, 'renew_fee_fen', OLD.renew_fee_fen, 'return_fee_fen', OLD.return_fee_fen, 'deposit_fen', OLD.deposit_fen, 'pin_required_above_fen', OLD.pin_required_above_fen, 'default_daily_limit_fen', OLD.default_daily_limit_fen, 'pin_max_failures', OLD.pin_max_failures, 'pin_lock_minutes', OLD.pin_lock_minutes, 'refund_bonus_on_return', OLD.refund_bonus_on_return, 'receipt_header', OLD.receipt_header, 'receipt_footer', OLD.receipt_footer, 'check_ins_per_day', OLD.check_ins_per_day, 'points_rate_pct', OLD.points_rate_pct, 'points_on', OLD.points_on, 'recharge_points_rate_pct', OLD.recharge_points_rate_pct, 'level_window_months', OLD.level_window_months, 'level_after_refund', OLD.level_after_refund, 'points_per_yuan', OLD.points_per_yuan, 'rebate_rate_pct', OLD.rebate_rate_pct, 'promotion_with_level', OLD.promotion_with_level), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_member_fields_insert AFTER INSERT ON member_fields BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'member_fields', NEW.id, 'create', NULL, json_object('name', NEW.name, 'kind', NEW.kind, 'choices', NEW.choices, 'required', NEW.required, 'active', NEW.active, 'created_at_ms', NEW.created_at_ms)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_member_fields_update AFTER UPDATE ON member_fields
WHEN OLD.name IS NOT NEW.name OR OLD.kind IS NOT NEW.kind OR OLD.choices IS NOT NEW.choices OR OLD.required IS NOT NEW.required OR OLD.active IS NOT NEW.active OR OLD.created_at_ms IS NOT NEW.created_at_ms
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'member_fields', NEW.id, 'update',
           json_remove(json_object('name', OLD.name, 'kind', OLD.kind, 'choices', OLD.choices, 'required', OLD.required, 'active', OLD.active, 'created_at_ms', OLD.created_at_ms), CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.~' END, CASE WHEN OLD.choices IS NEW.choices THEN '$.choices' ELSE '$.~' END, CASE WHEN OLD.required IS NEW.required THEN '$.required' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END),
           json_remove(json_object('name', NEW.name, 'kind', NEW.kind, 'choices', NEW.choices, 'required', NEW.required, 'active', NEW.active, 'created_at_ms', NEW.created_at_ms), CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.~' END, CASE WHEN OLD.choices IS NEW.choices THEN '$.choices' ELSE '$.~' END, CASE WHEN OLD.required IS NEW.required THEN '$.required' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_member_fields_delete AFTER DELETE ON member_fields BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'member_fields', OLD.id, 'delete', json_object('name', OLD.name, 'kind', OLD.kind, 'choices', OLD.choices, 'required', OLD.required, 'active', OLD.active, 'created_at_ms', OLD.created_at_ms), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_members_insert AFTER INSERT ON members BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'members', NEW.id, 'create', NULL, json_object('member_no', NEW.member_no, 'name', NEW.name, 'phone', NEW.phone, 'gender', NEW.gender, 'birthday_day', NEW.birthday_day, 'id_number', NEW.id_number, 'email', NEW.email, 'address', NEW.address, 'home_store_id', NEW.home_store_id, 'referrer_id', NEW.referrer_id, 'active', NEW.active, 'valid_until_day', NEW.valid_until_day, 'hobbies', NEW.hobbies, 'notes', NEW.notes, 'created_at_ms', NEW.created_at_ms, 'level_id', NEW.level_id, 'points', NEW.points, 'points_earned', NEW.points_earned, 'joined_day', NEW.joined_day)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_members_update AFTER UPDATE ON members
WHEN OLD.member_no IS NOT NEW.member_no OR OLD.name IS NOT NEW.name OR OLD.phone IS NOT NEW.phone OR OLD.gender IS NOT NEW.gender OR OLD.birthday_day IS NOT NEW.birthday_day OR OLD.id_number IS NOT NEW.id_number OR OLD.email IS NOT NEW.email OR OLD.address IS NOT NEW.address OR OLD.home_store_id IS NOT NEW.home_store_id OR OLD.referrer_id IS NOT NEW.referrer_id OR OLD.active IS NOT NEW.active OR OLD.valid_until_day IS NOT NEW.valid_until_day OR OLD.hobbies IS NOT NEW.hobbies OR OLD.notes IS NOT NEW.notes OR OLD.created_at_ms IS NOT NEW.created_at_ms OR OLD.level_id IS NOT NEW.level_id OR OLD.points IS NOT NEW.points OR OLD.points_earned IS NOT NEW.points_earned OR OLD.joined_day IS NOT NEW.joined_day
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'members', NEW.id, 'update',
           json_remove(json_object('member_no', OLD.member_no, 'name', OLD.name, 'phone', OLD.phone, 'gender', OLD.gender, 'birthday_day', OLD.birthday_day, 'id_number', OLD.id_number, 'email', OLD.email, 'address', OLD.address, 'home_store_id', OLD.home_store_id, 'referrer_id', OLD.referrer_id, 'active', OLD.active, 'valid_until_day', OLD.valid_until_day, 'hobbies', OLD.hobbies, 'notes', OLD.notes, 'created_at_ms', OLD.created_at_ms, 'level_id', OLD.level_id, 'points', OLD.points, 'points_earned', OLD.points_earned, 'joined_day', OLD.joined_day), CASE WHEN OLD.member_no IS NEW.member_no THEN '$.member_no' ELSE '$.~' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.phone IS NEW.phone THEN '$.phone' ELSE '$.~' END, CASE WHEN OLD.gender IS NEW.gender THEN '$.gender' ELSE '$.~' END, CASE WHEN OLD.birthday_day IS NEW.birthday_day THEN '$.birthday_day' ELSE '$.~' END, CASE WHEN OLD.id_number IS NEW.id_number THEN '$.id_number' ELSE '$.~' END, CASE WHEN OLD.email IS NEW.email THEN '$.email' ELSE '$.~' END, CASE WHEN OLD.address IS NEW.address THEN '$.address' ELSE '$.~' END, CASE WHEN OLD.home_store_id IS NEW.home_store_id THEN '$.home_store_id' ELSE '$.~' END, CASE WHEN OLD.referrer_id IS NEW.referrer_id THEN '$.referrer_id' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.valid_until_day IS NEW.valid_until_day THEN '$.valid_until_day' ELSE '$.~' END, CASE WHEN OLD.hobbies IS NEW.hobbies THEN '$.hobbies' ELSE '$.~' END, CASE WHEN OLD.notes IS NEW.notes THEN '$.notes' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END, CASE WHEN OLD.level_id IS NEW.level_id THEN '$.level_id' ELSE '$.~' END, CASE WHEN OLD.points IS NEW.points THEN '$.points' ELSE '$.~' END, CASE WHEN OLD.points_earned IS NEW.points_earned THEN '$.points_earned' ELSE '$.~' END, CASE WHEN OLD.joined_day IS NEW.joined_day THEN '$.joined_day' ELSE '$.~' END),
           json_remove(json_object('member_no', NEW.member_no, 'name', NEW.name, 'phone', NEW.phone, 'gender', NEW.gender, 'birthday_day', NEW.birthday_day, 'id_number', NEW.id_number, 'email', NEW.email, 'address', NEW.address, 'home_store_id', NEW.home_store_id, 'referrer_id', NEW.referrer_id, 'active', NEW.active, 'valid_until_day', NEW.valid_until_day, 'hobbies', NEW.hobbies, 'notes', NEW.notes, 'created_at_ms', NEW.created_at_ms, 'level_id', NEW.level_id, 'points', NEW.points, 'points_earned', NEW.points_earned, 'joined_day', NEW.joined_day), CASE WHEN OLD.member_no IS NEW.member_no THEN '$.member_no' ELSE '$.~' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.phone IS NEW.phone THEN '$.phone' ELSE '$.~' END, CASE WHEN OLD.gender IS NEW.gender THEN '$.gender' ELSE '$.~' END, CASE WHEN OLD.birthday_day IS NEW.birthday_day THEN '$.birthday_day' ELSE '$.~' END, CASE WHEN OLD.id_number IS NEW.id_number THEN '$.id_number' ELSE '$.~' END, CASE WHEN OLD.email IS NEW.email THEN '$.email' ELSE '$.~' END, CASE WHEN OLD.address IS NEW.address THEN '$.address' ELSE '$.~' END, CASE WHEN OLD.home_store_id IS NEW.home_store_id THEN '$.home_store_id' ELSE '$.~' END, CASE WHEN OLD.referrer_id IS NEW.referrer_id THEN '$.referrer_id' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.valid_until_day IS NEW.valid_until_day THEN '$.valid_until_day' ELSE '$.~' END, CASE WHEN OLD.hobbies IS NEW.hobbies THEN '$.hobbies' ELSE '$.~' END, CASE WHEN OLD.notes IS NEW.notes THEN '$.notes' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END, CASE WHEN OLD.level_id IS NEW.level_id THEN '$.level_id' ELSE '$.~' END, CASE WHEN OLD.points IS NEW.points THEN '$.points' ELSE '$.~' END, CASE WHEN OLD.points_earned IS NEW.points_earned THEN '$.points_earned' ELSE '$.~' END, CASE WHEN OLD.joined_day IS NEW.joined_day THEN '$.joined_day' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_members_delete AFTER DELETE ON members BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'members', OLD.id, 'delete', json_object('member_no', OLD.member_no, 'name', OLD.name, 'phone', OLD.phone, 'gender', OLD.gender, 'birthday_day', OLD.birthday_day, 'id_number', OLD.id_number, 'email', OLD.email, 'address', OLD.address, 'home_store_id', OLD.home_store_id, 'referrer_id', OLD.referrer_id, 'active', OLD.active, 'valid_until_day', OLD.valid_until_day, 'hobbies', OLD.hobbies, 'notes', OLD.notes, 'created_at_ms', OLD.created_at_ms, 'level_id', OLD.level_id, 'points', OLD.points, 'points_earned', OLD.points_earned, 'joined_day', OLD.joined_day), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_plans_insert AFTER INSERT ON plans BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'plans', NEW.id, 'create', NULL, json_object('name', NEW.name, 'kind', NEW.kind, 'price_fen', NEW.price_fen, 'bonus_fen', NEW.bonus_fen, 'visits', NEW.visits, 'validity', NEW.validity, 'recharge_every_fen', NEW.recharge_every_fen, 'recharge_bonus_fen', NEW.recharge_bonus_fen, 'active', NEW.active, 'created_at_ms', NEW.created_at_ms, 'visits_per_unit', NEW.visits_per_unit, 'card_prefix', NEW.card_prefix)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_plans_update AFTER UPDATE ON plans
WHEN OLD.name IS NOT NEW.name OR OLD.kind IS NOT NEW.kind OR OLD.price_fen IS NOT NEW.price_fen OR OLD.bonus_fen IS NOT NEW.bonus_fen OR OLD.visits IS NOT NEW.visits OR OLD.validity IS NOT NEW.validity OR OLD.recharge_every_fen IS NOT NEW.recharge_every_fen OR OLD.recharge_bonus_fen IS NOT NEW.recharge_bonus_fen OR OLD.active IS NOT NEW.active OR OLD.created_at_ms IS NOT NEW.created_at_ms OR OLD.visits_per_unit IS NOT NEW.visits_per_unit OR OLD.card_prefix IS NOT NEW.card_prefix
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'plans', NEW.id, 'update',
           json_remove(json_object('name', OLD.name, 'kind', OLD.kind, 'price_fen', OLD.price_fen, 'bonus_fen', OLD.bonus_fen, 'visits', OLD.visits, 'validity', OLD.validity, 'recharge_every_fen', OLD.recharge_every_fen, 'recharge_bonus_fen', OLD.recharge_bonus_fen, 'active', OLD.active, 'created_at_ms', OLD.created_at_ms, 'visits_per_unit', OLD.visits_per_unit, 'card_prefix', OLD.card_prefix), CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.~' END, CASE WHEN OLD.price_fen IS NEW.price_fen THEN '$.price_fen' ELSE '$.~' END, CASE WHEN OLD.bonus_fen IS NEW.bonus_fen THEN '$.bonus_fen' ELSE '$.~' END, CASE WHEN OLD.visits IS NEW.visits THEN '$.visits' ELSE '$.~' END, CASE WHEN OLD.validity IS NEW.validity THEN '$.validity' ELSE '$.~' END, CASE WHEN OLD.recharge_every_fen IS NEW.recharge_every_fen THEN '$.recharge_every_fen' ELSE '$.~' END, CASE WHEN OLD.recharge_bonus_fen IS NEW.recharge_bonus_fen THEN '$.recharge_bonus_fen' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END, CASE WHEN OLD.visits_per_unit IS NEW.visits_per_unit THEN '$.visits_per_unit' ELSE '$.~' END, CASE WHEN OLD.card_prefix IS NEW.card_prefix THEN '$.card_prefix' ELSE '$.~' END),
           json_remove(json_object('name', NEW.name, 'kind', NEW.kind, 'price_fen', NEW.price_fen, 'bonus_fen', NEW.bonus_fen, 'visits', NEW.visits, 'validity', NEW.validity, 'recharge_every_fen', NEW.recharge_every_fen, 'recharge_bonus_fen', NEW.recharge_bonus_fen, 'active', NEW.active, 'created_at_ms', NEW.created_at_ms, 'visits_per_unit', NEW.visits_per_unit, 'card_prefix', NEW.card_prefix), CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.~' END, CASE WHEN OLD.price_fen IS NEW.price_fen THEN '$.price_fen' ELSE '$.~' END, CASE WHEN OLD.bonus_fen IS NEW.bonus_fen THEN '$.bonus_fen' ELSE '$.~' END, CASE WHEN OLD.visits IS NEW.visits THEN '$.visits' ELSE '$.~' END, CASE WHEN OLD.validity IS NEW.validity THEN '$.validity' ELSE '$.~' END, CASE WHEN OLD.recharge_every_fen IS NEW.recharge_every_fen THEN '$.recharge_every_fen' ELSE '$.~' END, CASE WHEN OLD.recharge_bonus_fen IS NEW.recharge_bonus_fen THEN '$.recharge_bonus_fen' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END, CASE WHEN OLD.visits_per_unit IS NEW.visits_per_unit THEN '$.visits_per_unit' ELSE '$.~' END, CASE WHEN OLD.card_prefix IS NEW.card_prefix THEN '$.card_prefix' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_plans_delete AFTER DELETE ON plans BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'plans', OLD.id, 'delete', json_object('name', OLD.name, 'kind', OLD.kind, 'price_fen', OLD.price_fen, 'bonus_fen', OLD.bonus_fen, 'visits', OLD.visits, 'validity', OLD.validity, 'recharge_every_fen', OLD.recharge_every_fen, 'recharge_bonus_fen', OLD.recharge_bonus_fen, 'active', OLD.active, 'created_at_ms', OLD.created_at_ms, 'visits_per_unit', OLD.visits_per_unit, 'card_prefix', OLD.card_prefix), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_cards_insert AFTER INSERT ON cards BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'cards', NEW.id, 'create', NULL, json_object('card_no', NEW.card_no, 'uid', NEW.uid, 'member_id', NEW.member_id, 'plan_id', NEW.plan_id, 'kind', NEW.kind, 'status', NEW.status, 'principal_fen', NEW.principal_fen, 'bonus_fen', NEW.bonus_fen, 'visits_left', NEW.visits_left, 'points', NEW.points, 'valid_until_day', NEW.valid_until_day, 'paused_since_day', NEW.paused_since_day, 'daily_limit_fen', NEW.daily_limit_fen, 'deposit_fen', NEW.deposit_fen, 'price_paid_fen', NEW.price_paid_fen, 'visits_bought', NEW.visits_bought, 'days_bought', NEW.days_bought, 'issued_store_id', NEW.issued_store_id, 'issued_at_ms', NEW.issued_at_ms, 'replaced_by_id', NEW.replaced_by_id, 'checked_in_day', NEW.checked_in_day, 'check_ins_on_day', NEW.check_ins_on_day)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_cards_update AFTER UPDATE ON cards
WHEN OLD.card_no IS NOT NEW.card_no OR OLD.uid IS NOT NEW.uid OR OLD.member_id IS NOT NEW.member_id OR OLD.plan_id IS NOT NEW.plan_id OR OLD.kind IS NOT NEW.kind OR OLD.status IS NOT NEW.status OR OLD.principal_fen IS NOT NEW.principal_fen OR OLD.bonus_fen IS NOT NEW.bonus_fen OR OLD.visits_left IS NOT NEW.visits_left OR OLD.points IS NOT NEW.points OR OLD.valid_until_day IS NOT NEW.valid_until_day OR OLD.paused_since_day IS NOT NEW.paused_since_day OR OLD.daily_limit_fen IS NOT NEW.daily_limit_fen OR OLD.deposit_fen IS NOT NEW.deposit_fen OR OLD.price_paid_fen IS NOT NEW.price_paid_fen OR OLD.visits_bought IS NOT NEW.visits_bought OR OLD.days_bought IS NOT NEW.days_bought OR OLD.issued_store_id IS NOT NEW.issued_store_id OR OLD.issued_at_ms IS NOT NEW.issued_at_ms OR OLD.replaced_by_id IS NOT NEW.replaced_by_id OR OLD.checked_in_day IS NOT NEW.checked_in_day OR OLD.check_ins_on_day IS NOT NEW.check_ins_on_day
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'cards', NEW.id, 'update',
           json_remove(json_object('card_no', OLD.card_no, 'uid', OLD.uid, 'member_id', OLD.member_id, 'plan_id', OLD.plan_id, 'kind', OLD.kind, 'status', OLD.status, 'principal_fen', OLD.principal_fen, 'bonus_fen', OLD.bonus_fen, 'visits_left', OLD.visits_left, 'points', OLD.points, 'valid_until_day', OLD.valid_until_day, 'paused_since_day', OLD.paused_since_day, 'daily_limit_fen', OLD.daily_limit_fen, 'deposit_fen', OLD.deposit_fen, 'price_paid_fen', OLD.price_paid_fen, 'visits_bought', OLD.visits_bought, 'days_bought', OLD.days_bought, 'issued_store_id', OLD.issued_store_id, 'issued_at_ms', OLD.issued_at_ms, 'replaced_by_id', OLD.replaced_by_id, 'checked_in_day', OLD.checked_in_day, 'check_ins_on_day', OLD.check_ins_on_day), CASE WHEN OLD.card_no IS NEW.card_no THEN '$.card_no' ELSE '$.~' END, CASE WHEN OLD.uid IS NEW.uid THEN '$.uid' ELSE '$.~' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.~' END, CASE WHEN OLD.plan_id IS NEW.plan_id THEN '$.plan_id' ELSE '$.~' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.~' END, CASE WHEN OLD.status IS NEW.status THEN '$.status' ELSE '$.~' END, CASE WHEN OLD.principal_fen IS NEW.principal_fen THEN '$.principal_fen' ELSE '$.~' END, CASE WHEN OLD.bonus_fen IS NEW.bonus_fen THEN '$.bonus_fen' ELSE '$.~' END, CASE WHEN OLD.visits_left IS NEW.visits_left THEN '$.visits_left' ELSE '$.~' END, CASE WHEN OLD.points IS NEW.points THEN '$.points' ELSE '$.~' END, CASE WHEN OLD.valid_until_day IS NEW.valid_until_day THEN '$.valid_until_day' ELSE '$.~' END, CASE WHEN OLD.paused_since_day IS NEW.paused_since_day THEN '$.paused_since_day' ELSE '$.~' END, CASE WHEN OLD.daily_limit_fen IS NEW.daily_limit_fen THEN '$.daily_limit_fen' ELSE '$.~' END, CASE WHEN OLD.deposit_fen IS NEW.deposit_fen THEN '$.deposit_fen' ELSE '$.~' END, CASE WHEN OLD.price_paid_fen IS NEW.price_paid_fen THEN '$.price_paid_fen' ELSE '$.~' END, CASE WHEN OLD.visits_bought IS NEW.visits_bought THEN '$.visits_bought' ELSE '$.~' END, CASE WHEN OLD.days_bought IS NEW.days_bought THEN '$.days_bought' ELSE '$.~' END, CASE WHEN OLD.issued_store_id IS NEW.issued_store_id THEN '$.issued_store_id' ELSE '$.~' END, CASE WHEN OLD.issued_at_ms IS NEW.issued_at_ms THEN '$.issued_at_ms' ELSE '$.~' END, CASE WHEN OLD.replaced_by_id IS NEW.replaced_by_id THEN '$.replaced_by_id' ELSE '$.~' END, CASE WHEN OLD.checked_in_day IS NEW.checked_in_day THEN '$.checked_in_day' ELSE '$.~' END, CASE WHEN OLD.check_ins_on_day IS NEW.check_ins_on_day THEN '$.check_ins_on_day' ELSE '$.~' END),
           json_remove(json_object('card_no', NEW.card_no, 'uid', NEW.uid, 'member_id', NEW.member_id, 'plan_id', NEW.plan_id, 'kind', NEW.kind, 'status', NEW.status, 'principal_fen', NEW.principal_fen, 'bonus_fen', NEW.bonus_fen, 'visits_left', NEW.visits_left, 'points', NEW.points, 'valid_until_day', NEW.valid_until_day, 'paused_since_day', NEW.paused_since_day, 'daily_limit_fen', NEW.daily_limit_fen, 'deposit_fen', NEW.deposit_fen, 'price_paid_fen', NEW.price_paid_fen, 'visits_bought', NEW.visits_bought, 'days_bought', NEW.days_bought, 'issued_store_id', NEW.issued_store_id, 'issued_at_ms', NEW.issued_at_ms, 'replaced_by_id', NEW.replaced_by_id, 'checked_in_day', NEW.checked_in_day, 'check_ins_on_day', NEW.check_ins_on_day), CASE WHEN OLD.card_no IS NEW.card_no THEN '$.card_no' ELSE '$.~' END, CASE WHEN OLD.uid IS NEW.uid THEN '$.uid' ELSE '$.~' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.~' END, CASE WHEN OLD.plan_id IS NEW.plan_id THEN '$.plan_id' ELSE '$.~' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.~' END, CASE WHEN OLD.status IS NEW.status THEN '$.status' ELSE '$.~' END, CASE WHEN OLD.principal_fen IS NEW.principal_fen THEN '$.principal_fen' ELSE '$.~' END, CASE WHEN OLD.bonus_fen IS NEW.bonus_fen THEN '$.bonus_fen' ELSE '$.~' END, CASE WHEN OLD.visits_left IS NEW.visits_left THEN '$.visits_left' ELSE '$.~' END, CASE WHEN OLD.points IS NEW.points THEN '$.points' ELSE '$.~' END, CASE WHEN OLD.valid_until_day IS NEW.valid_until_day THEN '$.valid_until_day' ELSE '$.~' END, CASE WHEN OLD.paused_since_day IS NEW.paused_since_day THEN '$.paused_since_day' ELSE '$.~' END, CASE WHEN OLD.daily_limit_fen IS NEW.daily_limit_fen THEN '$.daily_limit_fen' ELSE '$.~' END, CASE WHEN OLD.deposit_fen IS NEW.deposit_fen THEN '$.deposit_fen' ELSE '$.~' END, CASE WHEN OLD.price_paid_fen IS NEW.price_paid_fen THEN '$.price_paid_fen' ELSE '$.~' END, CASE WHEN OLD.visits_bought IS NEW.visits_bought THEN '$.visits_bought' ELSE '$.~' END, CASE WHEN OLD.days_bought IS NEW.days_bought THEN '$.days_bought' ELSE '$.~' END, CASE WHEN OLD.issued_store_id IS NEW.issued_store_id THEN '$.issued_store_id' ELSE '$.~' END, CASE WHEN OLD.issued_at_ms IS NEW.issued_at_ms THEN '$.issued_at_ms' ELSE '$.~' END, CASE WHEN OLD.replaced_by_id IS NEW.replaced_by_id THEN '$.replaced_by_id' ELSE '$.~' END, CASE WHEN OLD.checked_in_day IS NEW.checked_in_day THEN '$.checked_in_day' ELSE '$.~' END, CASE WHEN OLD.check_ins_on_day IS NEW.check_ins_on_day THEN '$.check_ins_on_day' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_cards_delete AFTER DELETE ON cards BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'cards', OLD.id, 'delete', json_object('card_no', OLD.card_no, 'uid', OLD.uid, 'member_id', OLD.member_id, 'plan_id', OLD.plan_id, 'kind', OLD.kind, 'status', OLD.status, 'principal_fen', OLD.principal_fen, 'bonus_fen', OLD.bonus_fen, 'visits_left', OLD.visits_left, 'points', OLD.points, 'valid_until_day', OLD.valid_until_day, 'paused_since_day', OLD.paused_since_day, 'daily_limit_fen', OLD.daily_limit_fen, 'deposit_fen', OLD.deposit_fen, 'price_paid_fen', OLD.price_paid_fen, 'visits_bought', OLD.visits_bought, 'days_bought', OLD.days_bought, 'issued_store_id', OLD.issued_store_id, 'issued_at_ms', OLD.issued_at_ms, 'replaced_by_id', OLD.replaced_by_id, 'checked_in_day', OLD.checked_in_day, 'check_ins_on_day', OLD.check_ins_on_day), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_categories_insert AFTER INSERT ON categories BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'categories', NEW.id, 'create', NULL, json_object('code', NEW.code, 'name', NEW.name, 'created_at_ms', NEW.created_at_ms, 'parent_id', NEW.parent_id, 'active', NEW.active)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_categories_update AFTER UPDATE ON categories
WHEN OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.created_at_ms IS NOT NEW.created_at_ms OR OLD.parent_id IS NOT NEW.parent_id OR OLD.active IS NOT NEW.active
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'categories', NEW.id, 'update',
           json_remove(json_object('code', OLD.code, 'name', OLD.name, 'created_at_ms', OLD.created_at_ms, 'parent_id', OLD.parent_id, 'active', OLD.active), CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.~' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END, CASE WHEN OLD.parent_id IS NEW.parent_id THEN '$.parent_id' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END),
           json_remove(json_object('code', NEW.code, 'name', NEW.name, 'created_at_ms', NEW.created_at_ms, 'parent_id', NEW.parent_id, 'active', NEW.active), CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.~' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END, CASE WHEN OLD.parent_id IS NEW.parent_id THEN '$.parent_id' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_categories_delete AFTER DELETE ON categories BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'categories', OLD.id, 'delete', json_object('code', OLD.code, 'name', OLD.name, 'created_at_ms', OLD.created_at_ms, 'parent_id', OLD.parent_id, 'active', OLD.active), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_items_insert AFTER INSERT ON items BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'items', NEW.id, 'create', NULL, json_object('code', NEW.code, 'name', NEW.name, 'price_fen', NEW.price_fen, 'category_id', NEW.category_id, 'active', NEW.active, 'created_at_ms', NEW.created_at_ms, 'barcode', NEW.barcode, 'short_code', NEW.short_code, 'unit', NEW.unit, 'cost_fen', NEW.cost_fen)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_items_update AFTER UPDATE ON items
WHEN OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.price_fen IS NOT NEW.price_fen OR OLD.category_id IS NOT NEW.category_id OR OLD.active IS NOT NEW.active OR OLD.created_at_ms IS NOT NEW.created_at_ms OR OLD.barcode IS NOT NEW.barcode OR OLD.short_code IS NOT NEW.short_code OR OLD.unit IS NOT NEW.unit OR OLD.cost_fen IS NOT NEW.cost_fen
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'items', NEW.id, 'update',
           json_remove(json_object('code', OLD.code, 'name', OLD.name, 'price_fen', OLD.price_fen, 'category_id', OLD.category_id, 'active', OLD.active, 'created_at_ms', OLD.created_at_ms, 'barcode', OLD.barcode, 'short_code', OLD.short_code, 'unit', OLD.unit, 'cost_fen', OLD.cost_fen), CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.~' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.price_fen IS NEW.price_fen THEN '$.price_fen' ELSE '$.~' END, CASE WHEN OLD.category_id IS NEW.category_id THEN '$.category_id' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END, CASE WHEN OLD.barcode IS NEW.barcode THEN '$.barcode' ELSE '$.~' END, CASE WHEN OLD.short_code IS NEW.short_code THEN '$.short_code' ELSE '$.~' END, CASE WHEN OLD.unit IS NEW.unit THEN '$.unit' ELSE '$.~' END, CASE WHEN OLD.cost_fen IS NEW.cost_fen THEN '$.cost_fen' ELSE '$.~' END),
           json_remove(json_object('code', NEW.code, 'name', NEW.name, 'price_fen', NEW.price_fen, 'category_id', NEW.category_id, 'active', NEW.active, 'created_at_ms', NEW.created_at_ms, 'barcode', NEW.barcode, 'short_code', NEW.short_code, 'unit', NEW.unit, 'cost_fen', NEW.cost_fen), CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.~' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.price_fen IS NEW.price_fen THEN '$.price_fen' ELSE '$.~' END, CASE WHEN OLD.category_id IS NEW.category_id THEN '$.category_id' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END, CASE WHEN OLD.barcode IS NEW.barcode THEN '$.barcode' ELSE '$.~' END, CASE WHEN OLD.short_code IS NEW.short_code THEN '$.short_code' ELSE '$.~' END, CASE WHEN OLD.unit IS NEW.unit THEN '$.unit' ELSE '$.~' END, CASE WHEN OLD.cost_fen IS NEW.cost_fen THEN '$.cost_fen' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_items_delete AFTER DELETE ON items BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'items', OLD.id, 'delete', json_object('code', OLD.code, 'name', OLD.name, 'price_fen', OLD.price_fen, 'category_id', OLD.category_id, 'active', OLD.active, 'created_at_ms', OLD.created_at_ms, 'barcode', OLD.barcode, 'short_code', OLD.short_code, 'unit', OLD.unit, 'cost_fen', OLD.cost_fen), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_levels_insert AFTER INSERT ON levels BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'levels', NEW.id, 'create', NULL, json_object('name', NEW.name, 'rank', NEW.rank, 'rate_bp', NEW.rate_bp, 'created_at_ms', NEW.created_at_ms, 'points_rate_pct', NEW.points_rate_pct, 'upgrade_points', NEW.upgrade_points)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_levels_update AFTER UPDATE ON levels
WHEN OLD.name IS NOT NEW.name OR OLD.rank IS NOT NEW.rank OR OLD.rate_bp IS NOT NEW.rate_bp OR OLD.created_at_ms IS NOT NEW.created_at_ms OR OLD.points_rate_pct IS NOT NEW.points_rate_pct OR OLD.upgrade_points IS NOT NEW.upgrade_points
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'levels', NEW.id, 'update',
           json_remove(json_object('name', OLD.name, 'rank', OLD.rank, 'rate_bp', OLD.rate_bp, 'created_at_ms', OLD.created_at_ms, 'points_rate_pct', OLD.points_rate_pct, 'upgrade_points', OLD.upgrade_points), CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.rank IS NEW.rank THEN '$.rank' ELSE '$.~' END, CASE WHEN OLD.rate_bp IS NEW.rate_bp THEN '$.rate_bp' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END, CASE WHEN OLD.points_rate_pct IS NEW.points_rate_pct THEN '$.points_rate_pct' ELSE '$.~' END, CASE WHEN OLD.upgrade_points IS NEW.upgrade_points THEN '$.upgrade_points' ELSE '$.~' END),
           json_remove(json_object('name', NEW.name, 'rank', NEW.rank, 'rate_bp', NEW.rate_bp, 'created_at_ms', NEW.created_at_ms, 'points_rate_pct', NEW.points_rate_pct, 'upgrade_points', NEW.upgrade_points), CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.rank IS NEW.rank THEN '$.rank' ELSE '$.~' END, CASE WHEN OLD.rate_bp IS NEW.rate_bp THEN '$.rate_bp' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END, CASE WHEN OLD.points_rate_pct IS NEW.points_rate_pct THEN '$.points_rate_pct' ELSE '$.~' END, CASE WHEN OLD.upgrade_points IS NEW.upgrade_points THEN '$.upgrade_points' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_levels_delete AFTER DELETE ON levels BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'levels', OLD.id, 'delete', json_object('name', OLD.name, 'rank', OLD.rank, 'rate_bp', OLD.rate_bp, 'created_at_ms', OLD.created_at_ms, 'points_rate_pct', OLD.points_rate_pct, 'upgrade_points', OLD.upgrade_points), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_discount_rules_insert AFTER INSERT ON discount_rules BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'discount_rules', NEW.id, 'create', NULL, json_object('level_id', NEW.level_id, 'category_id', NEW.category_id, 'item_id', NEW.item_id, 'rate_bp', NEW.rate_bp)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_discount_rules_update AFTER UPDATE ON discount_rules
WHEN OLD.level_id IS NOT NEW.level_id OR OLD.category_id IS NOT NEW.category_id OR OLD.item_id IS NOT NEW.item_id OR OLD.rate_bp IS NOT NEW.rate_bp
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'discount_rules', NEW.id, 'update',
           json_remove(json_object('level_id', OLD.level_id, 'category_id', OLD.category_id, 'item_id', OLD.item_id, 'rate_bp', OLD.rate_bp), CASE WHEN OLD.level_id IS NEW.level_id THEN '$.level_id' ELSE '$.~' END, CASE WHEN OLD.category_id IS NEW.category_id THEN '$.category_id' ELSE '$.~' END, CASE WHEN OLD.item_id IS NEW.item_id THEN '$.item_id' ELSE '$.~' END, CASE WHEN OLD.rate_bp IS NEW.rate_bp THEN '$.rate_bp' ELSE '$.~' END),
           json_remove(json_object('level_id', NEW.level_id, 'category_id', NEW.category_id, 'item_id', NEW.item_id, 'rate_bp', NEW.rate_bp), CASE WHEN OLD.level_id IS NEW.level_id THEN '$.level_id' ELSE '$.~' END, CASE WHEN OLD.category_id IS NEW.category_id THEN '$.category_id' ELSE '$.~' END, CASE WHEN OLD.item_id IS NEW.item_id THEN '$.item_id' ELSE '$.~' END, CASE WHEN OLD.rate_bp IS NEW.rate_bp THEN '$.rate_bp' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_discount_rules_delete AFTER DELETE ON discount_rules BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'discount_rules', OLD.id, 'delete', json_object('level_id', OLD.level_id, 'category_id', OLD.category_id, 'item_id', OLD.item_id, 'rate_bp', OLD.rate_bp), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_payment_methods_insert AFTER INSERT ON payment_methods BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'payment_methods', NEW.id, 'create', NULL, json_object('code', NEW.code, 'name_zh_cn', NEW.name_zh_cn, 'name_zh_tw', NEW.name_zh_tw, 'name_en', NEW.name_en, 'into_drawer', NEW.into_drawer, 'active', NEW.active)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_payment_methods_update AFTER UPDATE ON payment_methods
WHEN OLD.code IS NOT NEW.code OR OLD.name_zh_cn IS NOT NEW.name_zh_cn OR OLD.name_zh_tw IS NOT NEW.name_zh_tw OR OLD.name_en IS NOT NEW.name_en OR OLD.into_drawer IS NOT NEW.into_drawer OR OLD.active IS NOT NEW.active
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'payment_methods', NEW.id, 'update',
           json_remove(json_object('code', OLD.code, 'name_zh_cn', OLD.name_zh_cn, 'name_zh_tw', OLD.name_zh_tw, 'name_en', OLD.name_en, 'into_drawer', OLD.into_drawer, 'active', OLD.active), CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.~' END, CASE WHEN OLD.name_zh_cn IS NEW.name_zh_cn THEN '$.name_zh_cn' ELSE '$.~' END, CASE WHEN OLD.name_zh_tw IS NEW.name_zh_tw THEN '$.name_zh_tw' ELSE '$.~' END, CASE WHEN OLD.name_en IS NEW.name_en THEN '$.name_en' ELSE '$.~' END, CASE WHEN OLD.into_drawer IS NEW.into_drawer THEN '$.into_drawer' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END),
           json_remove(json_object('code', NEW.code, 'name_zh_cn', NEW.name_zh_cn, 'name_zh_tw', NEW.name_zh_tw, 'name_en', NEW.name_en, 'into_drawer', NEW.into_drawer, 'active', NEW.active), CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.~' END, CASE WHEN OLD.name_zh_cn IS NEW.name_zh_cn THEN '$.name_zh_cn' ELSE '$.~' END, CASE WHEN OLD.name_zh_tw IS NEW.name_zh_tw THEN '$.name_zh_tw' ELSE '$.~' END, CASE WHEN OLD.name_en IS NEW.name_en THEN '$.name_en' ELSE '$.~' END, CASE WHEN OLD.into_drawer IS NEW.into_drawer THEN '$.into_drawer' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_payment_methods_delete AFTER DELETE ON payment_methods BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'payment_methods', OLD.id, 'delete', json_object('code', OLD.code, 'name_zh_cn', OLD.name_zh_cn, 'name_zh_tw', OLD.name_zh_tw, 'name_en', OLD.name_en, 'into_drawer', OLD.into_drawer, 'active', OLD.active), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_gifts_insert AFTER INSERT ON gifts BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'gifts', NEW.id, 'create', NULL, json_object('name', NEW.name, 'points_price', NEW.points_price, 'active', NEW.active, 'created_at_ms', NEW.created_at_ms)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_gifts_update AFTER UPDATE ON gifts
WHEN OLD.name IS NOT NEW.name OR OLD.points_price IS NOT NEW.points_price OR OLD.active IS NOT NEW.active OR OLD.created_at_ms IS NOT NEW.created_at_ms
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'gifts', NEW.id, 'update',
           json_remove(json_object('name', OLD.name, 'points_price', OLD.points_price, 'active', OLD.active, 'created_at_ms', OLD.created_at_ms), CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.points_price IS NEW.points_price THEN '$.points_price' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END),
           json_remove(json_object('name', NEW.name, 'points_price', NEW.points_price, 'active', NEW.active, 'created_at_ms', NEW.created_at_ms), CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.points_price IS NEW.points_price THEN '$.points_price' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_gifts_delete AFTER DELETE ON gifts BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'gifts', OLD.id, 'delete', json_object('name', OLD.name, 'points_price', OLD.points_price, 'active', OLD.active, 'created_at_ms', OLD.created_at_ms), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_promotions_insert AFTER INSERT ON promotions BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'promotions', NEW.id, 'create', NULL, json_object('name', NEW.name, 'kind', NEW.kind, 'first_day', NEW.first_day, 'last_day', NEW.last_day, 'weekdays', NEW.weekdays, 'birthday', NEW.birthday, 'target', NEW.target, 'rate_bp', NEW.rate_bp, 'factor_pct', NEW.factor_pct, 'gift_id', NEW.gift_id, 'min_fen', NEW.min_fen, 'active', NEW.active, 'created_at_ms', NEW.created_at_ms)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_promotions_update AFTER UPDATE ON promotions
WHEN OLD.name IS NOT NEW.name OR OLD.kind IS NOT NEW.kind OR OLD.first_day IS NOT NEW.first_day OR OLD.last_day IS NOT NEW.last_day OR OLD.weekdays IS NOT NEW.weekdays OR OLD.birthday IS NOT NEW.birthday OR OLD.target IS NOT NEW.target OR OLD.rate_bp IS NOT NEW.rate_bp OR OLD.factor_pct IS NOT NEW.factor_pct OR OLD.gift_id IS NOT NEW.gift_id OR OLD.min_fen IS NOT NEW.min_fen OR OLD.active IS NOT NEW.active OR OLD.created_at_ms IS NOT NEW.created_at_ms
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'promotions', NEW.id, 'update',
           json_remove(json_object('name', OLD.name, 'kind', OLD.kind, 'first_day', OLD.first_day, 'last_day', OLD.last_day, 'weekdays', OLD.weekdays, 'birthday', OLD.birthday, 'target', OLD.target, 'rate_bp', OLD.rate_bp, 'factor_pct', OLD.factor_pct, 'gift_id', OLD.gift_id, 'min_fen', OLD.min_fen, 'active', OLD.active, 'created_at_ms', OLD.created_at_ms), CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.~' END, CASE WHEN OLD.first_day IS NEW.first_day THEN '$.first_day' ELSE '$.~' END, CASE WHEN OLD.last_day IS NEW.last_day THEN '$.last_day' ELSE '$.~' END, CASE WHEN OLD.weekdays IS NEW.weekdays THEN '$.weekdays' ELSE '$.~' END, CASE WHEN OLD.birthday IS NEW.birthday THEN '$.birthday' ELSE '$.~' END, CASE WHEN OLD.target IS NEW.target THEN '$.target' ELSE '$.~' END, CASE WHEN OLD.rate_bp IS NEW.rate_bp THEN '$.rate_bp' ELSE '$.~' END, CASE WHEN OLD.factor_pct IS NEW.factor_pct THEN '$.factor_pct' ELSE '$.~' END, CASE WHEN OLD.gift_id IS NEW.gift_id THEN '$.gift_id' ELSE '$.~' END, CASE WHEN OLD.min_fen IS NEW.min_fen THEN '$.min_fen' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END),
           json_remove(json_object('name', NEW.name, 'kind', NEW.kind, 'first_day', NEW.first_day, 'last_day', NEW.last_day, 'weekdays', NEW.weekdays, 'birthday', NEW.birthday, 'target', NEW.target, 'rate_bp', NEW.rate_bp, 'factor_pct', NEW.factor_pct, 'gift_id', NEW.gift_id, 'min_fen', NEW.min_fen, 'active', NEW.active, 'created_at_ms', NEW.created_at_ms), CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.~' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.~' END, CASE WHEN OLD.first_day IS NEW.first_day THEN '$.first_day' ELSE '$.~' END, CASE WHEN OLD.last_day IS NEW.last_day THEN '$.last_day' ELSE '$.~' END, CASE WHEN OLD.weekdays IS NEW.weekdays THEN '$.weekdays' ELSE '$.~' END, CASE WHEN OLD.birthday IS NEW.birthday THEN '$.birthday' ELSE '$.~' END, CASE WHEN OLD.target IS NEW.target THEN '$.target' ELSE '$.~' END, CASE WHEN OLD.rate_bp IS NEW.rate_bp THEN '$.rate_bp' ELSE '$.~' END, CASE WHEN OLD.factor_pct IS NEW.factor_pct THEN '$.factor_pct' ELSE '$.~' END, CASE WHEN OLD.gift_id IS NEW.gift_id THEN '$.gift_id' ELSE '$.~' END, CASE WHEN OLD.min_fen IS NEW.min_fen THEN '$.min_fen' ELSE '$.~' END, CASE WHEN OLD.active IS NEW.active THEN '$.active' ELSE '$.~' END, CASE WHEN OLD.created_at_ms IS NEW.created_at_ms THEN '$.created_at_ms' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_promotions_delete AFTER DELETE ON promotions BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'promotions', OLD.id, 'delete', json_object('name', OLD.name, 'kind', OLD.kind, 'first_day', OLD.first_day, 'last_day', OLD.last_day, 'weekdays', OLD.weekdays, 'birthday', OLD.birthday, 'target', OLD.target, 'rate_bp', OLD.rate_bp, 'factor_pct', OLD.factor_pct, 'gift_id', OLD.gift_id, 'min_fen', OLD.min_fen, 'active', OLD.active, 'created_at_ms', OLD.created_at_ms), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_rebate_tiers_insert AFTER INSERT ON rebate_tiers BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'rebate_tiers', NEW.id, 'create', NULL, json_object('points', NEW.points, 'amount_fen', NEW.amount_fen)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_rebate_tiers_update AFTER UPDATE ON rebate_tiers
WHEN OLD.points IS NOT NEW.points OR OLD.amount_fen IS NOT NEW.amount_fen
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'rebate_tiers', NEW.id, 'update',
           json_remove(json_object('points', OLD.points, 'amount_fen', OLD.amount_fen), CASE WHEN OLD.points IS NEW.points THEN '$.points' ELSE '$.~' END, CASE WHEN OLD.amount_fen IS NEW.amount_fen THEN '$.amount_fen' ELSE '$.~' END),
           json_remove(json_object('points', NEW.points, 'amount_fen', NEW.amount_fen), CASE WHEN OLD.points IS NEW.points THEN '$.points' ELSE '$.~' END, CASE WHEN OLD.amount_fen IS NEW.amount_fen THEN '$.amount_fen' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_rebate_tiers_delete AFTER DELETE ON rebate_tiers BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'rebate_tiers', OLD.id, 'delete', json_object('points', OLD.points, 'amount_fen', OLD.amount_fen), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_backup_plan_insert AFTER INSERT ON backup_plan BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'backup_plan', NEW.id, 'create', NULL, json_object('daily_hour', NEW.daily_hour, 'keep_copies', NEW.keep_copies)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_backup_plan_update AFTER UPDATE ON backup_plan
WHEN OLD.daily_hour IS NOT NEW.daily_hour OR OLD.keep_copies IS NOT NEW.keep_copies
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'backup_plan', NEW.id, 'update',
           json_remove(json_object('daily_hour', OLD.daily_hour, 'keep_copies', OLD.keep_copies), CASE WHEN OLD.daily_hour IS NEW.daily_hour THEN '$.daily_hour' ELSE '$.~' END, CASE WHEN OLD.keep_copies IS NEW.keep_copies THEN '$.keep_copies' ELSE '$.~' END),
           json_remove(json_object('daily_hour', NEW.daily_hour, 'keep_copies', NEW.keep_copies), CASE WHEN OLD.daily_hour IS NEW.daily_hour THEN '$.daily_hour' ELSE '$.~' END, CASE WHEN OLD.keep_copies IS NEW.keep_copies THEN '$.keep_copies' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_backup_plan_delete AFTER DELETE ON backup_plan BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'backup_plan', OLD.id, 'delete', json_object('daily_hour', OLD.daily_hour, 'keep_copies', OLD.keep_copies), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_shifts_insert AFTER INSERT ON shifts BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'shifts', NEW.id, 'create', NULL, json_object('store_id', NEW.store_id, 'staff_id', NEW.staff_id, 'opened_at_ms', NEW.opened_at_ms, 'float_fen', NEW.float_fen, 'closed_at_ms', NEW.closed_at_ms, 'expected_cash_fen', NEW.expected_cash_fen, 'counted_cash_fen', NEW.counted_cash_fen)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_shifts_update AFTER UPDATE ON shifts
WHEN OLD.store_id IS NOT NEW.store_id OR OLD.staff_id IS NOT NEW.staff_id OR OLD.opened_at_ms IS NOT NEW.opened_at_ms OR OLD.float_fen IS NOT NEW.float_fen OR OLD.closed_at_ms IS NOT NEW.closed_at_ms OR OLD.expected_cash_fen IS NOT NEW.expected_cash_fen OR OLD.counted_cash_fen IS NOT NEW.counted_cash_fen
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'shifts', NEW.id, 'update',
           json_remove(json_object('store_id', OLD.store_id, 'staff_id', OLD.staff_id, 'opened_at_ms', OLD.opened_at_ms, 'float_fen', OLD.float_fen, 'closed_at_ms', OLD.closed_at_ms, 'expected_cash_fen', OLD.expected_cash_fen, 'counted_cash_fen', OLD.counted_cash_fen), CASE WHEN OLD.store_id IS NEW.store_id THEN '$.store_id' ELSE '$.~' END, CASE WHEN OLD.staff_id IS NEW.staff_id THEN '$.staff_id' ELSE '$.~' END, CASE WHEN OLD.opened_at_ms IS NEW.opened_at_ms THEN '$.opened_at_ms' ELSE '$.~' END, CASE WHEN OLD.float_fen IS NEW.float_fen THEN '$.float_fen' ELSE '$.~' END, CASE WHEN OLD.closed_at_ms IS NEW.closed_at_ms THEN '$.closed_at_ms' ELSE '$.~' END, CASE WHEN OLD.expected_cash_fen IS NEW.expected_cash_fen THEN '$.expected_cash_fen' ELSE '$.~' END, CASE WHEN OLD.counted_cash_fen IS NEW.counted_cash_fen THEN '$.counted_cash_fen' ELSE '$.~' END),
           json_remove(json_object('store_id', NEW.store_id, 'staff_id', NEW.staff_id, 'opened_at_ms', NEW.opened_at_ms, 'float_fen', NEW.float_fen, 'closed_at_ms', NEW.closed_at_ms, 'expected_cash_fen', NEW.expected_cash_fen, 'counted_cash_fen', NEW.counted_cash_fen), CASE WHEN OLD.store_id IS NEW.store_id THEN '$.store_id' ELSE '$.~' END, CASE WHEN OLD.staff_id IS NEW.staff_id THEN '$.staff_id' ELSE '$.~' END, CASE WHEN OLD.opened_at_ms IS NEW.opened_at_ms THEN '$.opened_at_ms' ELSE '$.~' END, CASE WHEN OLD.float_fen IS NEW.float_fen THEN '$.float_fen' ELSE '$.~' END, CASE WHEN OLD.closed_at_ms IS NEW.closed_at_ms THEN '$.closed_at_ms' ELSE '$.~' END, CASE WHEN OLD.expected_cash_fen IS NEW.expected_cash_fen THEN '$.expected_cash_fen' ELSE '$.~' END, CASE WHEN OLD.counted_cash_fen IS NEW.counted_cash_fen THEN '$.counted_cash_fen' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_shifts_delete AFTER DELETE ON shifts BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'shifts', OLD.id, 'delete', json_object('store_id', OLD.store_id, 'staff_id', OLD.staff_id, 'opened_at_ms', OLD.opened_at_ms, 'float_fen', OLD.float_fen, 'closed_at_ms', OLD.closed_at_ms, 'expected_cash_fen', OLD.expected_cash_fen, 'counted_cash_fen', OLD.counted_cash_fen), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_sales_insert AFTER INSERT ON sales BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'sales', NEW.id, 'create', NULL, json_object('request_id', NEW.request_id, 'store_id', NEW.store_id, 'staff_id', NEW.staff_id, 'shift_id', NEW.shift_id, 'member_id', NEW.member_id, 'level_id', NEW.level_id, 'card_id', NEW.card_id, 'card_tx_id', NEW.card_tx_id, 'at_ms', NEW.at_ms, 'day', NEW.day, 'list_fen', NEW.list_fen, 'discount_fen', NEW.discount_fen, 'total_fen', NEW.total_fen, 'cash_given_fen', NEW.cash_given_fen, 'change_fen', NEW.change_fen, 'refunded_fen', NEW.refunded_fen, 'rebate_payout_id', NEW.rebate_payout_id, 'rebate_summed_fen', NEW.rebate_summed_fen, 'points_promotion_id', NEW.points_promotion_id, 'points_factor_pct', NEW.points_factor_pct)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_sales_update AFTER UPDATE ON sales
WHEN OLD.request_id IS NOT NEW.request_id OR OLD.store_id IS NOT NEW.store_id OR OLD.staff_id IS NOT NEW.staff_id OR OLD.shift_id IS NOT NEW.shift_id OR OLD.member_id IS NOT NEW.member_id OR OLD.level_id IS NOT NEW.level_id OR OLD.card_id IS NOT NEW.card_id OR OLD.card_tx_id IS NOT NEW.card_tx_id OR OLD.at_ms IS NOT NEW.at_ms OR OLD.day IS NOT NEW.day OR OLD.list_fen IS NOT NEW.list_fen OR OLD.discount_fen IS NOT NEW.discount_fen OR OLD.total_fen IS NOT NEW.total_fen OR OLD.cash_given_fen IS NOT NEW.cash_given_fen OR OLD.change_fen IS NOT NEW.change_fen OR OLD.refunded_fen IS NOT NEW.refunded_fen OR OLD.rebate_payout_id IS NOT NEW.rebate_payout_id OR OLD.rebate_summed_fen IS NOT NEW.rebate_summed_fen OR OLD.points_promotion_id IS NOT NEW.points_promotion_id OR OLD.points_factor_pct IS NOT NEW.points_factor_pct
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'sales', NEW.id, 'update',
           json_remove(json_object('request_id', OLD.request_id, 'store_id', OLD.store_id, 'staff_id', OLD.staff_id, 'shift_id', OLD.shift_id, 'member_id', OLD.member_id, 'level_id', OLD.level_id, 'card_id', OLD.card_id, 'card_tx_id', OLD.card_tx_id, 'at_ms', OLD.at_ms, 'day', OLD.day, 'list_fen', OLD.list_fen, 'discount_fen', OLD.discount_fen, 'total_fen', OLD.total_fen, 'cash_given_fen', OLD.cash_given_fen, 'change_fen', OLD.change_fen, 'refunded_fen', OLD.refunded_fen, 'rebate_payout_id', OLD.rebate_payout_id, 'rebate_summed_fen', OLD.rebate_summed_fen, 'points_promotion_id', OLD.points_promotion_id, 'points_factor_pct', OLD.points_factor_pct), CASE WHEN OLD.request_id IS NEW.request_id THEN '$.request_id' ELSE '$.~' END, CASE WHEN OLD.store_id IS NEW.store_id THEN '$.store_id' ELSE '$.~' END, CASE WHEN OLD.staff_id IS NEW.staff_id THEN '$.staff_id' ELSE '$.~' END, CASE WHEN OLD.shift_id IS NEW.shift_id THEN '$.shift_id' ELSE '$.~' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.~' END, CASE WHEN OLD.level_id IS NEW.level_id THEN '$.level_id' ELSE '$.~' END, CASE WHEN OLD.card_id IS NEW.card_id THEN '$.card_id' ELSE '$.~' END, CASE WHEN OLD.card_tx_id IS NEW.card_tx_id THEN '$.card_tx_id' ELSE '$.~' END, CASE WHEN OLD.at_ms IS NEW.at_ms THEN '$.at_ms' ELSE '$.~' END, CASE WHEN OLD.day IS NEW.day THEN '$.day' ELSE '$.~' END, CASE WHEN OLD.list_fen IS NEW.list_fen THEN '$.list_fen' ELSE '$.~' END, CASE WHEN OLD.discount_fen IS NEW.discount_fen THEN '$.discount_fen' ELSE '$.~' END, CASE WHEN OLD.total_fen IS NEW.total_fen THEN '$.total_fen' ELSE '$.~' END, CASE WHEN OLD.cash_given_fen IS NEW.cash_given_fen THEN '$.cash_given_fen' ELSE '$.~' END, CASE WHEN OLD.change_fen IS NEW.change_fen THEN '$.change_fen' ELSE '$.~' END, CASE WHEN OLD.refunded_fen IS NEW.refunded_fen THEN '$.refunded_fen' ELSE '$.~' END, CASE WHEN OLD.rebate_payout_id IS NEW.rebate_payout_id THEN '$.rebate_payout_id' ELSE '$.~' END, CASE WHEN OLD.rebate_summed_fen IS NEW.rebate_summed_fen THEN '$.rebate_summed_fen' ELSE '$.~' END, CASE WHEN OLD.points_promotion_id IS NEW.points_promotion_id THEN '$.points_promotion_id' ELSE '$.~' END, CASE WHEN OLD.points_factor_pct IS NEW.points_factor_pct THEN '$.points_factor_pct' ELSE '$.~' END),
           json_remove(json_object('request_id', NEW.request_id, 'store_id', NEW.store_id, 'staff_id', NEW.staff_id, 'shift_id', NEW.shift_id, 'member_id', NEW.member_id, 'level_id', NEW.level_id, 'card_id', NEW.card_id, 'card_tx_id', NEW.card_tx_id, 'at_ms', NEW.at_ms, 'day', NEW.day, 'list_fen', NEW.list_fen, 'discount_fen', NEW.discount_fen, 'total_fen', NEW.total_fen, 'cash_given_fen', NEW.cash_given_fen, 'change_fen', NEW.change_fen, 'refunded_fen', NEW.refunded_fen, 'rebate_payout_id', NEW.rebate_payout_id, 'rebate_summed_fen', NEW.rebate_summed_fen, 'points_promotion_id', NEW.points_promotion_id, 'points_factor_pct', NEW.points_factor_pct), CASE WHEN OLD.request_id IS NEW.request_id THEN '$.request_id' ELSE '$.~' END, CASE WHEN OLD.store_id IS NEW.store_id THEN '$.store_id' ELSE '$.~' END, CASE WHEN OLD.staff_id IS NEW.staff_id THEN '$.staff_id' ELSE '$.~' END, CASE WHEN OLD.shift_id IS NEW.shift_id THEN '$.shift_id' ELSE '$.~' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.~' END, CASE WHEN OLD.level_id IS NEW.level_id THEN '$.level_id' ELSE '$.~' END, CASE WHEN OLD.card_id IS NEW.card_id THEN '$.card_id' ELSE '$.~' END, CASE WHEN OLD.card_tx_id IS NEW.card_tx_id THEN '$.card_tx_id' ELSE '$.~' END, CASE WHEN OLD.at_ms IS NEW.at_ms THEN '$.at_ms' ELSE '$.~' END, CASE WHEN OLD.day IS NEW.day THEN '$.day' ELSE '$.~' END, CASE WHEN OLD.list_fen IS NEW.list_fen THEN '$.list_fen' ELSE '$.~' END, CASE WHEN OLD.discount_fen IS NEW.discount_fen THEN '$.discount_fen' ELSE '$.~' END, CASE WHEN OLD.total_fen IS NEW.total_fen THEN '$.total_fen' ELSE '$.~' END, CASE WHEN OLD.cash_given_fen IS NEW.cash_given_fen THEN '$.cash_given_fen' ELSE '$.~' END, CASE WHEN OLD.change_fen IS NEW.change_fen THEN '$.change_fen' ELSE '$.~' END, CASE WHEN OLD.refunded_fen IS NEW.refunded_fen THEN '$.refunded_fen' ELSE '$.~' END, CASE WHEN OLD.rebate_payout_id IS NEW.rebate_payout_id THEN '$.rebate_payout_id' ELSE '$.~' END, CASE WHEN OLD.rebate_summed_fen IS NEW.rebate_summed_fen THEN '$.rebate_summed_fen' ELSE '$.~' END, CASE WHEN OLD.points_promotion_id IS NEW.points_promotion_id THEN '$.points_promotion_id' ELSE '$.~' END, CASE WHEN OLD.points_factor_pct IS NEW.points_factor_pct THEN '$.points_factor_pct' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_sales_delete AFTER DELETE ON sales BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'sales', OLD.id, 'delete', json_object('request_id', OLD.request_id, 'store_id', OLD.store_id, 'staff_id', OLD.staff_id, 'shift_id', OLD.shift_id, 'member_id', OLD.member_id, 'level_id', OLD.level_id, 'card_id', OLD.card_id, 'card_tx_id', OLD.card_tx_id, 'at_ms', OLD.at_ms, 'day', OLD.day, 'list_fen', OLD.list_fen, 'discount_fen', OLD.discount_fen, 'total_fen', OLD.total_fen, 'cash_given_fen', OLD.cash_given_fen, 'change_fen', OLD.change_fen, 'refunded_fen', OLD.refunded_fen, 'rebate_payout_id', OLD.rebate_payout_id, 'rebate_summed_fen', OLD.rebate_summed_fen, 'points_promotion_id', OLD.points_promotion_id, 'points_factor_pct', OLD.points_factor_pct), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_sale_refunds_insert AFTER INSERT ON sale_refunds BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'sale_refunds', NEW.id, 'create', NULL, json_object('request_id', NEW.request_id, 'sale_id', NEW.sale_id, 'store_id', NEW.store_id, 'staff_id', NEW.staff_id, 'shift_id', NEW.shift_id, 'at_ms', NEW.at_ms, 'day', NEW.day, 'reason', NEW.reason, 'total_fen', NEW.total_fen, 'points', NEW.points)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_sale_refunds_update AFTER UPDATE ON sale_refunds
WHEN OLD.request_id IS NOT NEW.request_id OR OLD.sale_id IS NOT NEW.sale_id OR OLD.store_id IS NOT NEW.store_id OR OLD.staff_id IS NOT NEW.staff_id OR OLD.shift_id IS NOT NEW.shift_id OR OLD.at_ms IS NOT NEW.at_ms OR OLD.day IS NOT NEW.day OR OLD.reason IS NOT NEW.reason OR OLD.total_fen IS NOT NEW.total_fen OR OLD.points IS NOT NEW.points
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'sale_refunds', NEW.id, 'update',
           json_remove(json_object('request_id', OLD.request_id, 'sale_id', OLD.sale_id, 'store_id', OLD.store_id, 'staff_id', OLD.staff_id, 'shift_id', OLD.shift_id, 'at_ms', OLD.at_ms, 'day', OLD.day, 'reason', OLD.reason, 'total_fen', OLD.total_fen, 'points', OLD.points), CASE WHEN OLD.request_id IS NEW.request_id THEN '$.request_id' ELSE '$.~' END, CASE WHEN OLD.sale_id IS NEW.sale_id THEN '$.sale_id' ELSE '$.~' END, CASE WHEN OLD.store_id IS NEW.store_id THEN '$.store_id' ELSE '$.~' END, CASE WHEN OLD.staff_id IS NEW.staff_id THEN '$.staff_id' ELSE '$.~' END, CASE WHEN OLD.shift_id IS NEW.shift_id THEN '$.shift_id' ELSE '$.~' END, CASE WHEN OLD.at_ms IS NEW.at_ms THEN '$.at_ms' ELSE '$.~' END, CASE WHEN OLD.day IS NEW.day THEN '$.day' ELSE '$.~' END, CASE WHEN OLD.reason IS NEW.reason THEN '$.reason' ELSE '$.~' END, CASE WHEN OLD.total_fen IS NEW.total_fen THEN '$.total_fen' ELSE '$.~' END, CASE WHEN OLD.points IS NEW.points THEN '$.points' ELSE '$.~' END),
           json_remove(json_object('request_id', NEW.request_id, 'sale_id', NEW.sale_id, 'store_id', NEW.store_id, 'staff_id', NEW.staff_id, 'shift_id', NEW.shift_id, 'at_ms', NEW.at_ms, 'day', NEW.day, 'reason', NEW.reason, 'total_fen', NEW.total_fen, 'points', NEW.points), CASE WHEN OLD.request_id IS NEW.request_id THEN '$.request_id' ELSE '$.~' END, CASE WHEN OLD.sale_id IS NEW.sale_id THEN '$.sale_id' ELSE '$.~' END, CASE WHEN OLD.store_id IS NEW.store_id THEN '$.store_id' ELSE '$.~' END, CASE WHEN OLD.staff_id IS NEW.staff_id THEN '$.staff_id' ELSE '$.~' END, CASE WHEN OLD.shift_id IS NEW.shift_id THEN '$.shift_id' ELSE '$.~' END, CASE WHEN OLD.at_ms IS NEW.at_ms THEN '$.at_ms' ELSE '$.~' END, CASE WHEN OLD.day IS NEW.day THEN '$.day' ELSE '$.~' END, CASE WHEN OLD.reason IS NEW.reason THEN '$.reason' ELSE '$.~' END, CASE WHEN OLD.total_fen IS NEW.total_fen THEN '$.total_fen' ELSE '$.~' END, CASE WHEN OLD.points IS NEW.points THEN '$.points' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_sale_refunds_delete AFTER DELETE ON sale_refunds BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'sale_refunds', OLD.id, 'delete', json_object('request_id', OLD.request_id, 'sale_id', OLD.sale_id, 'store_id', OLD.store_id, 'staff_id', OLD.staff_id, 'shift_id', OLD.shift_id, 'at_ms', OLD.at_ms, 'day', OLD.day, 'reason', OLD.reason, 'total_fen', OLD.total_fen, 'points', OLD.points), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_gift_redemptions_insert AFTER INSERT ON gift_redemptions BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'gift_redemptions', NEW.id, 'create', NULL, json_object('request_id', NEW.request_id, 'gift_id', NEW.gift_id, 'member_id', NEW.member_id, 'store_id', NEW.store_id, 'staff_id', NEW.staff_id, 'at_ms', NEW.at_ms, 'points', NEW.points, 'points_tx_id', NEW.points_tx_id, 'reversed_at_ms', NEW.reversed_at_ms, 'reversal_points_tx_id', NEW.reversal_points_tx_id)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_gift_redemptions_update AFTER UPDATE ON gift_redemptions
WHEN OLD.request_id IS NOT NEW.request_id OR OLD.gift_id IS NOT NEW.gift_id OR OLD.member_id IS NOT NEW.member_id OR OLD.store_id IS NOT NEW.store_id OR OLD.staff_id IS NOT NEW.staff_id OR OLD.at_ms IS NOT NEW.at_ms OR OLD.points IS NOT NEW.points OR OLD.points_tx_id IS NOT NEW.points_tx_id OR OLD.reversed_at_ms IS NOT NEW.reversed_at_ms OR OLD.reversal_points_tx_id IS NOT NEW.reversal_points_tx_id
BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'gift_redemptions', NEW.id, 'update',
           json_remove(json_object('request_id', OLD.request_id, 'gift_id', OLD.gift_id, 'member_id', OLD.member_id, 'store_id', OLD.store_id, 'staff_id', OLD.staff_id, 'at_ms', OLD.at_ms, 'points', OLD.points, 'points_tx_id', OLD.points_tx_id, 'reversed_at_ms', OLD.reversed_at_ms, 'reversal_points_tx_id', OLD.reversal_points_tx_id), CASE WHEN OLD.request_id IS NEW.request_id THEN '$.request_id' ELSE '$.~' END, CASE WHEN OLD.gift_id IS NEW.gift_id THEN '$.gift_id' ELSE '$.~' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.~' END, CASE WHEN OLD.store_id IS NEW.store_id THEN '$.store_id' ELSE '$.~' END, CASE WHEN OLD.staff_id IS NEW.staff_id THEN '$.staff_id' ELSE '$.~' END, CASE WHEN OLD.at_ms IS NEW.at_ms THEN '$.at_ms' ELSE '$.~' END, CASE WHEN OLD.points IS NEW.points THEN '$.points' ELSE '$.~' END, CASE WHEN OLD.points_tx_id IS NEW.points_tx_id THEN '$.points_tx_id' ELSE '$.~' END, CASE WHEN OLD.reversed_at_ms IS NEW.reversed_at_ms THEN '$.reversed_at_ms' ELSE '$.~' END, CASE WHEN OLD.reversal_points_tx_id IS NEW.reversal_points_tx_id THEN '$.reversal_points_tx_id' ELSE '$.~' END),
           json_remove(json_object('request_id', NEW.request_id, 'gift_id', NEW.gift_id, 'member_id', NEW.member_id, 'store_id', NEW.store_id, 'staff_id', NEW.staff_id, 'at_ms', NEW.at_ms, 'points', NEW.points, 'points_tx_id', NEW.points_tx_id, 'reversed_at_ms', NEW.reversed_at_ms, 'reversal_points_tx_id', NEW.reversal_points_tx_id), CASE WHEN OLD.request_id IS NEW.request_id THEN '$.request_id' ELSE '$.~' END, CASE WHEN OLD.gift_id IS NEW.gift_id THEN '$.gift_id' ELSE '$.~' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.~' END, CASE WHEN OLD.store_id IS NEW.store_id THEN '$.store_id' ELSE '$.~' END, CASE WHEN OLD.staff_id IS NEW.staff_id THEN '$.staff_id' ELSE '$.~' END, CASE WHEN OLD.at_ms IS NEW.at_ms THEN '$.at_ms' ELSE '$.~' END, CASE WHEN OLD.points IS NEW.points THEN '$.points' ELSE '$.~' END, CASE WHEN OLD.points_tx_id IS NEW.points_tx_id THEN '$.points_tx_id' ELSE '$.~' END, CASE WHEN OLD.reversed_at_ms IS NEW.reversed_at_ms THEN '$.reversed_at_ms' ELSE '$.~' END, CASE WHEN OLD.reversal_points_tx_id IS NEW.reversal_points_tx_id THEN '$.reversal_points_tx_id' ELSE '$.~' END)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_gift_redemptions_delete AFTER DELETE ON gift_redemptions BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'gift_redemptions', OLD.id, 'delete', json_object('request_id', OLD.request_id, 'gift_id', OLD.gift_id, 'member_id', OLD.member_id, 'store_id', OLD.store_id, 'staff_id', OLD.staff_id, 'at_ms', OLD.at_ms, 'points', OLD.points, 'points_tx_id', OLD.points_tx_id, 'reversed_at_ms', OLD.reversed_at_ms, 'reversal_points_tx_id', OLD.reversal_points_tx_id), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_plan_stores_insert AFTER INSERT ON plan_stores BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'plans', NEW.plan_id, 'add', NULL, json_object('store_id', NEW.store_id)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_plan_stores_delete AFTER DELETE ON plan_stores BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'plans', OLD.plan_id, 'remove', json_object('store_id', OLD.store_id), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_plan_items_insert AFTER INSERT ON plan_items BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'plans', NEW.plan_id, 'add', NULL, json_object('item_id', NEW.item_id)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_plan_items_delete AFTER DELETE ON plan_items BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'plans', OLD.plan_id, 'remove', json_object('item_id', OLD.item_id), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_plan_categories_insert AFTER INSERT ON plan_categories BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'plans', NEW.plan_id, 'add', NULL, json_object('category_id', NEW.category_id)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_plan_categories_delete AFTER DELETE ON plan_categories BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'plans', OLD.plan_id, 'remove', json_object('category_id', OLD.category_id), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_item_stores_insert AFTER INSERT ON item_stores BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'items', NEW.item_id, 'add', NULL, json_object('store_id', NEW.store_id)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_item_stores_delete AFTER DELETE ON item_stores BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'items', OLD.item_id, 'remove', json_object('store_id', OLD.store_id), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_promotion_stores_insert AFTER INSERT ON promotion_stores BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'promotions', NEW.promotion_id, 'add', NULL, json_object('store_id', NEW.store_id)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_promotion_stores_delete AFTER DELETE ON promotion_stores BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'promotions', OLD.promotion_id, 'remove', json_object('store_id', OLD.store_id), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_promotion_tiers_insert AFTER INSERT ON promotion_tiers BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'promotions', NEW.promotion_id, 'add', NULL, json_object('pay_fen', NEW.pay_fen, 'bonus_fen', NEW.bonus_fen)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_promotion_tiers_delete AFTER DELETE ON promotion_tiers BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'promotions', OLD.promotion_id, 'remove', json_object('pay_fen', OLD.pay_fen, 'bonus_fen', OLD.bonus_fen), NULL
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_member_values_insert AFTER INSERT ON member_values BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'members', NEW.member_id, 'update', json_object('field:' || NEW.field_id, NULL), json_object('field:' || NEW.field_id, NEW.value)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_member_values_update AFTER UPDATE ON member_values WHEN OLD.value IS NOT NEW.value BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'members', NEW.member_id, 'update', json_object('field:' || OLD.field_id, OLD.value), json_object('field:' || NEW.field_id, NEW.value)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_member_values_delete AFTER DELETE ON member_values BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'members', OLD.member_id, 'update', json_object('field:' || OLD.field_id, OLD.value), json_object('field:' || OLD.field_id, NULL)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;

CREATE TRIGGER audit_gift_stock_insert AFTER INSERT ON gift_stock BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'gifts', NEW.gift_id, 'update', json_object('stock:' || NEW.store_id, NULL), json_object('stock:' || NEW.store_id, NEW.quantity)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_gift_stock_update AFTER UPDATE ON gift_stock WHEN OLD.quantity IS NOT NEW.quantity BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'gifts', NEW.gift_id, 'update', json_object('stock:' || OLD.store_id, OLD.quantity), json_object('stock:' || NEW.store_id, NEW.quantity)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
CREATE TRIGGER audit_gift_stock_delete AFTER DELETE ON gift_stock BEGIN
    INSERT INTO audit_log (at_ms, staff_id, username, store_id, entity, entity_id, action, before_json, after_json)
    SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), a.staff_id, COALESCE(a.username, ''), a.store_id, 'gifts', OLD.gift_id, 'update', json_object('stock:' || OLD.store_id, OLD.quantity), json_object('stock:' || OLD.store_id, NULL)
    FROM (SELECT 1) LEFT JOIN audit_actor a ON a.id = 1;
END;
