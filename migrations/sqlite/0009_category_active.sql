-- A category the shop no longer uses is switched off (its items keep it; it
-- is offered no more for new items, subcategories or rules).
ALTER TABLE categories ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
