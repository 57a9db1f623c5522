-- The links' listing and search. One row per link generation (a code given out again after a
-- purge is a new row), written by the link's owner (src/links/owner.ts) with its version.
CREATE TABLE links (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  article TEXT NOT NULL,
  url TEXT NOT NULL,
  channel TEXT,
  title TEXT NOT NULL,
  created_at TEXT NOT NULL,
  live INTEGER NOT NULL,
  version INTEGER NOT NULL,
  record TEXT NOT NULL
) WITHOUT ROWID;

-- Newest first, live links only: the listing walks this index and stops at its page.
CREATE INDEX links_listed ON links (created_at DESC, id DESC) WHERE live = 1;
CREATE INDEX links_by_article ON links (article);

-- Each link's all-time counts as last flushed by its counter, for the listing's figures.
CREATE TABLE link_totals (
  id TEXT PRIMARY KEY,
  clicks INTEGER NOT NULL,
  repeats INTEGER NOT NULL,
  previews INTEGER NOT NULL
) WITHOUT ROWID;
