-- Named API keys (POST /api/keys): each a role, stored as the SHA-256 of the key only; the key
-- itself is shown once, to whoever made it. A revoked key keeps its row (the audit log names it).
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
) WITHOUT ROWID;

-- Who changed what: every change to a link (written by its owner, which keeps an entry until D1
-- has it, so none is lost) and to the keys. `id` names the change, so a retried copy is one row.
CREATE TABLE audit (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  code TEXT,
  before TEXT,
  after TEXT
) WITHOUT ROWID;

-- Newest first, all of it or one link's.
CREATE INDEX audit_newest ON audit (at DESC, id DESC);
CREATE INDEX audit_by_code ON audit (code, at DESC, id DESC);
