/**
 * @module Whether the D1 database has this version's tables. A plain `wrangler dev`, or a deploy
 * that skipped `wrangler d1 migrations apply`, leaves them out: that is a setup to fix, named on
 * /healthz and in every call that needs them, never "briefly unavailable".
 */
import type { Problem } from './config'

/** The files of migrations/, in order (test/health.test.ts checks this list against the folder). */
export const MIGRATIONS = [
  '0001_links.sql',
  '0002_rollups.sql',
  '0003_no_link_totals.sql',
  '0004_link_search.sql',
  '0005_access.sql',
  '0006_hours.sql',
  '0007_imports.sql',
]

/** How to apply them, as a person types it. */
export const APPLY_MIGRATIONS = 'npx wrangler d1 migrations apply ANALYTICS --local (or --remote --env production)'

/** Databases seen with every migration applied: they stay so (migrations are never taken back). */
const complete = new WeakSet<D1Database>()

/** The migrations `db` lacks; empty when it has them all. wrangler records the applied ones in `d1_migrations`. */
export async function missingMigrations(db: D1Database): Promise<string[]> {
  if (complete.has(db)) return []
  let applied: Set<string>
  try {
    const { results } = await db.prepare('SELECT name FROM d1_migrations').all<{ name: string }>()
    applied = new Set(results.map((r) => r.name))
  } catch (err) {
    if (!isMissingSchema(err)) throw err
    applied = new Set()
  }
  const missing = MIGRATIONS.filter((m) => !applied.has(m))
  if (!missing.length) complete.add(db)
  return missing
}

/** A D1 error that says a table or column this version needs is not there. */
export function isMissingSchema(err: unknown): boolean {
  return /no such (table|column)|has no column named/i.test(String(err))
}

/** The problem /healthz and the API name for a database without `missing` (empty: a table is gone though its migration is recorded). */
export function migrationsProblem(missing: string[]): Problem {
  const what = missing.length ? `is missing D1 migrations ${missing.join(', ')}` : 'lacks a table its recorded migrations made'
  return { variable: 'ANALYTICS', message: `${what}: run ${APPLY_MIGRATIONS}` }
}
