-- Backups (O2): when the daily copy is made and how many are kept, and one row per
-- copy (daily, on demand or from the command line).
CREATE TABLE backup_plan (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    -- The company's local hour of the daily copy; NULL: no daily copy.
    daily_hour BIGINT CHECK (daily_hour BETWEEN 0 AND 23),
    keep_copies BIGINT NOT NULL CHECK (keep_copies BETWEEN 1 AND 365)
);
INSERT INTO backup_plan (id, daily_hour, keep_copies) VALUES (1, 3, 7);

CREATE TABLE backups (
    id BIGSERIAL PRIMARY KEY,
    started_at_ms BIGINT NOT NULL,
    finished_at_ms BIGINT,
    -- The company day of a daily copy: one per day, however many servers run.
    daily_day BIGINT UNIQUE,
    staff_id BIGINT REFERENCES staff (id),
    file_name TEXT NOT NULL,
    bytes BIGINT,
    state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    message TEXT NOT NULL DEFAULT ''
);
CREATE INDEX backups_newest ON backups (started_at_ms);
