-- Imports (issue 24): each imported link names the link of the other service's export it came
-- from, so a second import of the same file finds it and creates nothing.
ALTER TABLE links ADD COLUMN imported_from TEXT;
CREATE INDEX links_imported_from ON links (imported_from) WHERE imported_from IS NOT NULL;
-- An import asks which of its codes are here already: a lookup by code.
CREATE INDEX links_by_code ON links (code) WHERE live = 1;
