-- Daily rollups of the counters' exact counts, written by each link's counter when it flushes
-- (src/clicks/rollups.ts): absolute values per day, so a flush that is retried never doubles.
-- article and channel are the link's, copied so analytics group and filter without a join.

-- Clicks, repeats and previews per (day, link).
CREATE TABLE link_days (
  day TEXT NOT NULL,
  link TEXT NOT NULL,
  article TEXT NOT NULL,
  channel TEXT,
  clicks INTEGER NOT NULL,
  repeats INTEGER NOT NULL,
  previews INTEGER NOT NULL,
  PRIMARY KEY (day, link)
) WITHOUT ROWID;

-- One article over a period (analytics ?url=), without walking every link of those days.
CREATE INDEX link_days_by_article ON link_days (article, day);

-- Clicks per country and referrer, previews per crawler platform, per (day, link).
CREATE TABLE link_day_dims (
  dim TEXT NOT NULL,
  day TEXT NOT NULL,
  link TEXT NOT NULL,
  key TEXT NOT NULL,
  article TEXT NOT NULL,
  channel TEXT,
  n INTEGER NOT NULL,
  PRIMARY KEY (dim, day, link, key)
) WITHOUT ROWID;
