/**
 * @module The links in D1 (table `links`): the listing and search the admin API and the
 * dashboard read, and the titles analytics show. Each row is written by the link's owner only,
 * guarded by the record's version, so a late or repeated write never overwrites a newer one.
 */
import { decodeCursor, encodeCursor } from '../util/cursor'
import type { LinkRecord } from './schema'

export async function writeCatalogRow(db: D1Database, rec: LinkRecord): Promise<void> {
  await db
    .prepare(
      `INSERT INTO links (id, code, article, url, channel, title, created_at, live, version, record, search, imported_from)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, live = excluded.live, version = excluded.version,
         record = excluded.record, search = excluded.search
       WHERE excluded.version > links.version`,
    )
    .bind(
      rec.id,
      rec.code,
      rec.article,
      rec.url,
      rec.channel,
      rec.title,
      rec.createdAt,
      rec.deletedAt ? 0 : 1,
      rec.version,
      JSON.stringify(rec),
      searchText(rec),
      rec.importedFrom ?? null,
    )
    .run()
}

/** What a search looks in: title, URL and code, lower-cased in every script (a query is lower-cased alike). */
function searchText(rec: LinkRecord): string {
  return `${rec.title}\n${rec.url}\n${rec.code}`.toLowerCase()
}

/** A listed link's all-time figures, as its counter last flushed them. */
export interface ListedFigures {
  clicks: number
  repeats: number
  previews: number
  shares: number
}

/**
 * Live links newest first, each with its figures; optionally only those whose title, URL or code
 * contains `q`, or those of one article (its hash).
 */
export async function listLinks(
  db: D1Database,
  options: { limit: number; cursor?: string; q?: string; article?: string },
): Promise<{ links: (LinkRecord & ListedFigures)[]; cursor: string | null }> {
  const where = ['l.live = 1']
  const params: unknown[] = []
  const param = (value: unknown) => `?${params.push(value)}`
  if (options.cursor) {
    const [createdAt, id] = decodeCursor(options.cursor)
    where.push(`(l.created_at, l.id) < (${param(createdAt)}, ${param(id)})`)
  }
  if (options.q) {
    // Not LIKE: D1 refuses LIKE patterns over 50 bytes, and a query may be 200 characters; instr()
    // has no such bound and no wildcards to escape.
    where.push(`instr(l.search, ${param(options.q.toLowerCase())}) > 0`)
  }
  if (options.article) where.push(`l.article = ${param(options.article)}`)
  const limit = param(options.limit + 1)
  const { results } = await db
    .prepare(
      `SELECT l.record,
         -- Its figures ride on its newest day row (clicks/figures.ts).
         (SELECT json_array(total_clicks, total_repeats, total_previews, total_shares) FROM link_days d
           WHERE d.link = l.id ORDER BY d.day DESC LIMIT 1) AS totals
       FROM links l
       WHERE ${where.join(' AND ')}
       ORDER BY l.created_at DESC, l.id DESC LIMIT ${limit}`,
    )
    .bind(...params)
    .all<{ record: string; totals: string | null }>()
  const rows = results.slice(0, options.limit).map((r) => {
    const [clicks = 0, repeats = 0, previews = 0, shares = 0] = r.totals ? (JSON.parse(r.totals) as number[]) : []
    return { ...(JSON.parse(r.record) as LinkRecord), clicks, repeats, previews, shares }
  })
  const last = rows.at(-1)
  return { links: rows, cursor: results.length > options.limit && last ? encodeCursor(last.createdAt, last.id) : null }
}
