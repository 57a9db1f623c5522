/**
 * @module The grouped reports: figures by a column of the rollups (channels, sections, authors),
 * and by a key of their breakdowns (countries, referrers, platforms).
 */
import type { Report, Scope } from './types'
import { ANY_FIGURE, type SumRow, sums, totalsOf, windowOf } from './window'

/** Rows grouped by a column of the rollups: channels, sections, authors. */
export async function grouped(db: D1Database, scope: Scope, column: 'channel' | 'section' | 'author', limit: number): Promise<Report> {
  const w = windowOf(scope)
  const { results } = await db
    .prepare(
      `SELECT ${column} AS key, ${sums(w)},
         SUM(SUM(${w.now.clicks})) OVER () AS all_clicks, SUM(SUM(${w.now.previews})) OVER () AS all_previews,
         SUM(SUM(${w.now.shares})) OVER () AS all_shares, SUM(SUM(${w.now.crawls})) OVER () AS all_crawls,
         SUM(SUM(${w.before.clicks})) OVER () AS all_prev_clicks, SUM(SUM(${w.before.previews})) OVER () AS all_prev_previews,
         SUM(SUM(${w.before.shares})) OVER () AS all_prev_shares
       FROM ${w.table} WHERE ${w.where}
       GROUP BY ${column} HAVING ${ANY_FIGURE} ORDER BY clicks DESC, previews DESC, ${column} LIMIT ?${w.params.length + 1}`,
    )
    .bind(...w.params, limit)
    .all<SumRow & { key: string | null } & Record<`all_${string}`, number>>()
  const first = results[0]
  const total = first
    ? {
        clicks: first.all_clicks!,
        previews: first.all_previews!,
        shares: first.all_shares!,
        crawls: first.all_crawls!,
        prev_clicks: first.all_prev_clicks!,
        prev_previews: first.all_prev_previews!,
        prev_shares: first.all_prev_shares!,
      }
    : undefined
  return {
    covered: w.covered,
    totals: totalsOf(total, scope.compare),
    rows: results.map((r) => ({
      [column]: r.key,
      clicks: r.clicks,
      previews: r.previews,
      shares: r.shares,
      ...(scope.compare ? { previousClicks: r.prev_clicks } : {}),
    })),
  }
}

/**
 * Countries and referrers (of clicks), platforms (previews, and search engines' crawls), from the
 * rows' breakdowns. For `last`, at the hours' resolution: the window is widened to whole hours,
 * and the answer says so (its start and end).
 */
export async function breakdown(
  db: D1Database,
  scope: Scope,
  groupBy: 'countries' | 'referrers' | 'platforms',
  limit: number,
): Promise<Report> {
  const w = windowOf(scope, true)
  const isNow = scope.compare ? w.isNow : '1'
  const query = (path: string) =>
    db
      .prepare(
        `SELECT j.key AS key, SUM(CASE WHEN ${isNow} THEN j.value ELSE 0 END) AS n, SUM(CASE WHEN ${isNow} THEN 0 ELSE j.value END) AS prev
         FROM ${w.table}, json_each(${w.table}.dims, '${path}') j WHERE ${w.where}
         GROUP BY j.key ORDER BY n DESC, j.key LIMIT ?${w.params.length + 1}`,
      )
      .bind(...w.params, limit)
  const [sumsRow, ...lists] = await db.batch<Record<string, unknown>>([
    db.prepare(`SELECT ${sums(w)} FROM ${w.table} WHERE ${w.where}`).bind(...w.params),
    ...(groupBy === 'platforms' ? [query('$.platform'), query('$.search')] : [query(groupBy === 'countries' ? '$.country' : '$.referrer')]),
  ])
  const t = totalsOf(sumsRow!.results[0] as SumRow | undefined, scope.compare)
  const list = (i: number) => lists[i]!.results as { key: string; n: number; prev: number }[]
  if (groupBy !== 'platforms') {
    const name = groupBy === 'countries' ? 'country' : 'referrer'
    return {
      covered: w.covered,
      totals: t,
      rows: list(0)
        .filter((r) => r.n > 0)
        .map((r) => ({ [name]: r.key, clicks: r.n, ...(scope.compare ? { previousClicks: r.prev } : {}) })),
    }
  }
  const platforms = new Map<string, { platform: string; previews: number; crawls: number; previousPreviews?: number }>()
  const row = (key: string) =>
    platforms.get(key) ?? { platform: key, previews: 0, crawls: 0, ...(scope.compare ? { previousPreviews: 0 } : {}) }
  for (const r of list(0)) platforms.set(r.key, { ...row(r.key), previews: r.n, ...(scope.compare ? { previousPreviews: r.prev } : {}) })
  for (const r of list(1)) platforms.set(r.key, { ...row(r.key), crawls: r.n })
  const rows = [...platforms.values()]
    .filter((r) => r.previews > 0 || r.crawls > 0)
    .sort((a, b) => b.previews - a.previews || b.crawls - a.crawls || a.platform.localeCompare(b.platform))
    .slice(0, limit)
  return { covered: w.covered, totals: t, rows }
}
