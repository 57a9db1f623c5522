-- The listing's figures come from the counts in KV (one read per 100 links) instead: keeping a
-- copy here cost a D1 row written on every flush of every link.
DROP TABLE link_totals;
