-- Analytics in the newsroom's hours (issue 23): figures per day and per hour of REPORT_TIMEZONE,
-- the hours with their five-minute detail, shares and search engines' crawls beside clicks and
-- previews, and each link's section and author. Written by each link's counter on its flush, as
-- absolute values (a retried flush changes nothing), one row per day and one per hour that changed.
-- The daily tables before this had no hours: there was no deployment to carry them over.
DROP TABLE link_day_dims;
DROP TABLE link_days;

-- A link's day: its figures, its breakdowns as JSON ({"country": {...}, "referrer": {...},
-- "platform": {...}, "search": {...}}), and the link's all-time figures as of the flush (kept on
-- the newest row, they outlive the days the retention drops).
CREATE TABLE link_days (
  day TEXT NOT NULL,
  link TEXT NOT NULL,
  article TEXT NOT NULL,
  channel TEXT,
  section TEXT,
  author TEXT,
  clicks INTEGER NOT NULL,
  repeats INTEGER NOT NULL,
  previews INTEGER NOT NULL,
  shares INTEGER NOT NULL,
  crawls INTEGER NOT NULL,
  dims TEXT NOT NULL,
  total_clicks INTEGER NOT NULL,
  total_repeats INTEGER NOT NULL,
  total_previews INTEGER NOT NULL,
  total_shares INTEGER NOT NULL,
  PRIMARY KEY (day, link)
) WITHOUT ROWID;

-- One article over a period; a link's newest row (its all-time figures).
CREATE INDEX link_days_by_article ON link_days (article, day);
CREATE INDEX link_days_by_link ON link_days (link, day);

-- A link's hour (`hour`: its start in ms, as REPORT_TIMEZONE's clocks start it): figures, clicks
-- (c), previews (p) and shares (s) per five minutes, and breakdowns as in link_days. Kept twice
-- the longest hourly period (31 days), so that period can be compared with the one before.
CREATE TABLE link_hours (
  hour INTEGER NOT NULL,
  link TEXT NOT NULL,
  article TEXT NOT NULL,
  channel TEXT,
  section TEXT,
  author TEXT,
  clicks INTEGER NOT NULL,
  repeats INTEGER NOT NULL,
  previews INTEGER NOT NULL,
  shares INTEGER NOT NULL,
  crawls INTEGER NOT NULL,
  c0 INTEGER NOT NULL, c1 INTEGER NOT NULL, c2 INTEGER NOT NULL, c3 INTEGER NOT NULL, c4 INTEGER NOT NULL, c5 INTEGER NOT NULL,
  c6 INTEGER NOT NULL, c7 INTEGER NOT NULL, c8 INTEGER NOT NULL, c9 INTEGER NOT NULL, c10 INTEGER NOT NULL, c11 INTEGER NOT NULL,
  p0 INTEGER NOT NULL, p1 INTEGER NOT NULL, p2 INTEGER NOT NULL, p3 INTEGER NOT NULL, p4 INTEGER NOT NULL, p5 INTEGER NOT NULL,
  p6 INTEGER NOT NULL, p7 INTEGER NOT NULL, p8 INTEGER NOT NULL, p9 INTEGER NOT NULL, p10 INTEGER NOT NULL, p11 INTEGER NOT NULL,
  s0 INTEGER NOT NULL, s1 INTEGER NOT NULL, s2 INTEGER NOT NULL, s3 INTEGER NOT NULL, s4 INTEGER NOT NULL, s5 INTEGER NOT NULL,
  s6 INTEGER NOT NULL, s7 INTEGER NOT NULL, s8 INTEGER NOT NULL, s9 INTEGER NOT NULL, s10 INTEGER NOT NULL, s11 INTEGER NOT NULL,
  dims TEXT NOT NULL,
  PRIMARY KEY (hour, link)
) WITHOUT ROWID;

CREATE INDEX link_hours_by_article ON link_hours (article, hour);
