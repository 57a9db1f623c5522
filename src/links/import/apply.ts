/**
 * @module Making the links an export holds (links/import reads it): each under its old code where
 * that is free, on the service's own hosts only, named by where it came from so a second import
 * of the same file finds it and makes nothing. One call makes at most IMPORT_ROWS_PER_CALL links:
 * each costs the Worker a call to the article's ShareClaims and one to the assets (1,000 calls an
 * invocation); the caller sends the file again for the rest (`remaining`), which the import's
 * idempotence makes safe.
 */
import type { Actor } from '../../audit/log'
import type { Config } from '../../config'
import type { Env } from '../../env'
import { ApiError } from '../../errors'
import { articleUrl } from '../canonical'
import { claimsOf } from '../claims'
import { isReserved } from '../codes'
import { ownerOf } from '../owner'
import { newRecord, withOverrides } from '../record'
import type { NewLink } from '../schema'
import { articleHash } from '../store'
import type { ImportRow, ParsedImport, RowNote } from './types'

/**
 * A row whose code is held costs up to three Durable Object calls (the slug refused, its holder
 * asked, a new code) and a look at the served files: 200 rows stay well inside the 1,000 calls an
 * invocation may make on Workers Free, whatever the file holds.
 */
export const IMPORT_ROWS_PER_CALL = 200

export interface ImportReport {
  format: ParsedImport['format']
  /** Links made by this call. */
  created: number
  /** Rows an earlier import already made. */
  skipped: number
  /** Rows left for the next call (0: the file is done). */
  remaining: number
  /** Rows that can't be imported, and why. */
  problems: RowNote[]
  /** Rows imported with a change (a new code, say), and which. */
  notes: RowNote[]
}

/** Makes the links of `parsed` not made yet, up to IMPORT_ROWS_PER_CALL; `isFile(name)` says whether a served file holds that path. */
export async function importLinks(
  env: Env,
  config: Config,
  parsed: ParsedImport,
  actor: Actor,
  isFile: (name: string) => Promise<boolean>,
): Promise<ImportReport> {
  const report: ImportReport = {
    format: parsed.format,
    created: 0,
    skipped: 0,
    remaining: 0,
    problems: [...parsed.problems],
    notes: [...parsed.notes],
  }
  const candidates: { row: ImportRow; url: URL; key: string }[] = []
  const now = Date.now()
  for (const row of parsed.rows) {
    if (row.expiresAt && Date.parse(row.expiresAt) <= now) {
      // It would answer 410 until purged: nothing to bring.
      report.problems.push({ row: row.row, reason: `expired on ${row.expiresAt.slice(0, 10)}: not imported` })
      continue
    }
    try {
      // The same rule as every link: an article on ALLOWED_HOSTS, never a redirect to anywhere else.
      candidates.push({ row, url: articleUrl(row.url, config), key: await importKey(parsed.format, row) })
    } catch (err) {
      report.problems.push({ row: row.row, reason: err instanceof ApiError ? err.message : 'not a URL this service can link to' })
    }
  }
  const made = await madeAlready(env.ANALYTICS, candidates)
  const todo = candidates.filter((c) => !made.has(c))
  report.skipped = candidates.length - todo.length
  report.remaining = Math.max(0, todo.length - IMPORT_ROWS_PER_CALL)
  for (const candidate of todo.slice(0, IMPORT_ROWS_PER_CALL)) {
    const { row } = candidate
    const outcome = await importRow(env, candidate, actor, isFile)
    if (outcome === 'skipped') report.skipped++
    else if (outcome === null) report.problems.push({ row: row.row, reason: 'no free code could be found; import the file again' })
    else {
      report.created++
      if (row.code && outcome !== row.code)
        report.notes.push({ row: row.row, reason: `code ${row.code} is taken here: imported as ${outcome}` })
    }
  }
  report.problems.sort((a, b) => a.row - b.row)
  report.notes.sort((a, b) => a.row - b.row)
  return report
}

/** Makes one row's link: its code if it can keep it; the link's code, 'skipped' if an import made it already, null if no code was free. */
async function importRow(
  env: Env,
  { row, url, key }: { row: ImportRow; url: URL; key: string },
  actor: Actor,
  isFile: (name: string) => Promise<boolean>,
): Promise<string | 'skipped' | null> {
  const hash = await articleHash(url.href)
  const claims = claimsOf(env, hash)
  const draft = draftOf(row, url.href, hash, key)
  if (row.code !== null && !isReserved(row.code) && !(await isFile(row.code))) {
    const rec = await claims.create({ ...draft, code: row.code }, { slug: true, adopt: true }, actor)
    if (rec) return rec.code
    // Held: by this very row (made by an import whose listing copy has not landed yet), by the same
    // link (its own export brought back), or by another link.
    const holder = await ownerOf(env, row.code).get()
    if (holder && !holder.deletedAt && (holder.importedFrom === key || holder.url === url.href)) return 'skipped'
  }
  return (await claims.create(draft, { slug: false, adopt: true }, actor))?.code ?? null
}

/** A record as the export describes the link; its card is read from the article when a crawler first asks. */
function draftOf(row: ImportRow, url: string, hash: string, key: string): NewLink {
  const made = row.createdAt ? new Date(row.createdAt) : new Date()
  const base = newRecord('', url, hash, row.channel ?? null, null, made)
  const draft: NewLink = {
    ...base,
    ...(row.title ? { title: row.title } : {}),
    ...(row.description ? { description: row.description } : {}),
    expiresAt: row.expiresAt ?? null,
    disabled: row.disabled ?? false,
    importedFrom: key,
  }
  return row.overrides ? withOverrides(draft, row.overrides) : draft
}

/**
 * What names a row across imports: its format, and the old short link (domain and code) or, without
 * one, its URL and creation time. Hashed: a URL may be 2 KB, the column is indexed.
 */
async function importKey(format: string, row: ImportRow): Promise<string> {
  const name = row.code !== null ? `${row.domain ?? ''}/${row.code}` : `${row.url}\n${row.createdAt ?? ''}`
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(name))
  const hex = [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${format}:${hex}`
}

/**
 * The rows whose link is here already: made by an earlier import of them, or the very link (same
 * code, same article: a sharelink export brought back). One statement, the keys and codes as JSON
 * parameters (D1 binds at most 100).
 */
async function madeAlready<C extends { row: ImportRow; url: URL; key: string }>(db: D1Database, candidates: C[]): Promise<Set<C>> {
  if (!candidates.length) return new Set()
  const { results } = await db
    .prepare(
      `SELECT imported_from AS key, code, url FROM links WHERE live = 1
         AND (imported_from IN (SELECT value FROM json_each(?1)) OR code IN (SELECT value FROM json_each(?2)))`,
    )
    .bind(JSON.stringify(candidates.map((c) => c.key)), JSON.stringify(candidates.flatMap((c) => (c.row.code ? [c.row.code] : []))))
    .all<{ key: string | null; code: string; url: string }>()
  const keys = new Set(results.map((r) => r.key))
  const links = new Set(results.map((r) => `${r.code}\n${r.url}`))
  return new Set(candidates.filter((c) => keys.has(c.key) || (c.row.code !== null && links.has(`${c.row.code}\n${c.url.href}`))))
}
