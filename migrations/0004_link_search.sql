-- What the listing's search (GET /api/links?q=) looks in: a link's title, URL and code, lower-cased
-- by the Worker (JavaScript folds every script's case; SQLite's lower() folds ASCII only), one per
-- line. Searched with instr(), not LIKE: D1 refuses LIKE patterns over 50 bytes.
ALTER TABLE links ADD COLUMN search TEXT NOT NULL DEFAULT '';
UPDATE links SET search = lower(title || char(10) || url || char(10) || code);
