/** @module The articles report: the articles with most clicks, each with its channels, and the Now view's five-minute lines. */
import { FIVE_MINUTES_MS } from '../../time'
import { STEPS } from '../days'
import { tally } from '../tally'
import type { Counted, Last, Report, Scope } from './types'
import { ANY_FIGURE, bounds, CHANNEL_KEY, type SumRow, sums, totalsOf, windowOf } from './window'

export interface ArticleRow extends Counted {
  url: string
  title: string
  section: string | null
  author: string | null
  byChannel: Record<string, number>
  previousClicks?: number
  /** Clicks per five minutes over `sparkline` (the Now view's line), oldest first. */
  spark?: number[]
}

/** The articles with most clicks, each with its split by channel, its name and its section and author, in one statement. */
export async function articles(db: D1Database, scope: Scope, limit: number, sparkline?: Last): Promise<Report> {
  const w = windowOf(scope)
  const n = w.params.length
  const { results } = await db
    .prepare(
      `WITH top AS MATERIALIZED (
         SELECT article, ${sums(w)},
           SUM(SUM(${w.now.clicks})) OVER () AS all_clicks, SUM(SUM(${w.now.previews})) OVER () AS all_previews,
           SUM(SUM(${w.now.shares})) OVER () AS all_shares, SUM(SUM(${w.now.crawls})) OVER () AS all_crawls,
           SUM(SUM(${w.before.clicks})) OVER () AS all_prev_clicks, SUM(SUM(${w.before.previews})) OVER () AS all_prev_previews,
           SUM(SUM(${w.before.shares})) OVER () AS all_prev_shares
         FROM ${w.table} WHERE ${w.where}
         GROUP BY article HAVING ${ANY_FIGURE} ORDER BY clicks DESC, previews DESC, article LIMIT ?${n + 1}
       )
       SELECT top.*,
         (SELECT json_group_object(${CHANNEL_KEY}, n) FROM (
            SELECT channel, SUM(${w.now.clicks}) AS n FROM ${w.table} d WHERE d.article = top.article AND ${w.where}
            GROUP BY channel HAVING n > 0)) AS by_channel,
         -- The article's current name and section: its newest link's record (a later refresh updates them).
         (SELECT json_array(url, title, json_extract(record, '$.section'), json_extract(record, '$.author')) FROM links l
           WHERE l.article = top.article ORDER BY created_at DESC LIMIT 1) AS name
       FROM top ORDER BY clicks DESC, previews DESC, article`,
    )
    .bind(...w.params, limit)
    .all<SumRow & { article: string; by_channel: string; name: string | null } & Record<`all_${string}`, number>>()
  const first = results[0]
  const total = {
    clicks: first?.all_clicks ?? 0,
    previews: first?.all_previews ?? 0,
    shares: first?.all_shares ?? 0,
    crawls: first?.all_crawls ?? 0,
    prev_clicks: first?.all_prev_clicks ?? 0,
    prev_previews: first?.all_prev_previews ?? 0,
    prev_shares: first?.all_prev_shares ?? 0,
  }
  const rows: ArticleRow[] = results.map((r) => {
    const [url = '', title = '', section = null, author = null] = r.name
      ? (JSON.parse(r.name) as [string, string, string | null, string | null])
      : []
    return {
      url,
      title,
      section,
      author,
      clicks: r.clicks,
      previews: r.previews,
      shares: r.shares,
      byChannel: tally(JSON.parse(r.by_channel) as Record<string, unknown>),
      ...(scope.compare ? { previousClicks: r.prev_clicks } : {}),
    }
  })
  if (sparkline && rows.length)
    await addSparklines(
      db,
      scope,
      results.map((r) => r.article),
      rows,
      sparkline,
    )
  return { covered: w.covered, totals: totalsOf(total, scope.compare), rows: rows as unknown as Record<string, unknown>[] }
}

/** Each top article's clicks per five minutes over the time just past (the Now view's lines), in one statement. */
async function addSparklines(db: D1Database, scope: Scope, hashes: string[], rows: ArticleRow[], span: Last): Promise<void> {
  const now = 'last' in scope.period ? scope.period.now : Date.now()
  const series = await fiveMinuteSums(db, { ...scope, period: { last: span, now }, compare: false, article: undefined }, hashes)
  for (const [i, hash] of hashes.entries()) rows[i]!.spark = series.get(hash) ?? []
}

/**
 * Clicks per five minutes over a `last` window, for each of `articles`: all passed as one JSON
 * parameter (D1 takes 100 a statement; a ranking may hold 1,000).
 */
async function fiveMinuteSums(db: D1Database, scope: Scope, articles: string[]): Promise<Map<string, number[]>> {
  const w = windowOf(scope)
  const { from, to } = bounds(scope)
  const columns = Array.from({ length: STEPS }, (_, i) => `SUM(c${i}) AS c${i}`).join(', ')
  const { results } = await db
    .prepare(
      `SELECT article, hour, ${columns} FROM link_hours
       WHERE ${w.where} AND article IN (SELECT value FROM json_each(?${w.params.length + 1})) GROUP BY article, hour`,
    )
    .bind(...w.params, JSON.stringify(articles))
    .all<{ article: string; hour: number } & Record<string, number>>()
  const steps = Math.round((to - from) / FIVE_MINUTES_MS)
  const out = new Map<string, number[]>()
  for (const r of results) {
    const line = out.get(r.article) ?? Array<number>(steps).fill(0)
    for (let i = 0; i < STEPS; i++) {
      const at = Math.round((r.hour + i * FIVE_MINUTES_MS - from) / FIVE_MINUTES_MS)
      if (at >= 0 && at < steps) line[at]! += r[`c${i}`] ?? 0
    }
    out.set(r.article, line)
  }
  return out
}
