/**
 * @module Analytics over a period: the questions KV can't answer (ranked, filtered, by day),
 * asked of the D1 rollups the counters flush (migrations/0002_rollups.sql). Figures are the
 * exact counts as of each link's last flush.
 */
import { CHANNELS } from '../links/channels'

export const GROUP_BY = ['articles', 'channels', 'timeseries', 'countries', 'referrers', 'platforms'] as const
export type GroupBy = (typeof GROUP_BY)[number]

export interface Period {
  /** Inclusive UTC days, YYYY-MM-DD. */
  start: string
  end: string
  /** Only this article (its hash), and/or this channel. */
  article?: string
  channel?: string
}

export interface ArticleRow {
  url: string
  title: string
  clicks: number
  previews: number
  byChannel: Record<string, number>
}

export type Row =
  | ArticleRow
  | { channel: string | null; clicks: number; previews: number }
  | { day: string; clicks: number; previews: number }
  | { country: string; clicks: number }
  | { referrer: string; clicks: number }
  | { platform: string; previews: number }

export interface Report {
  totals: { clicks: number; previews: number }
  rows: Row[]
}

/** The filter every query shares, as SQL and its parameters. */
function where(p: Period): { sql: string; params: unknown[] } {
  const parts = ['day BETWEEN ? AND ?']
  const params: unknown[] = [p.start, p.end]
  if (p.article) {
    parts.push('article = ?')
    params.push(p.article)
  }
  if (p.channel) {
    parts.push('channel = ?')
    params.push(p.channel)
  }
  return { sql: parts.join(' AND '), params }
}

const DIMENSION = { countries: ['country', 'country'], referrers: ['referrer', 'referrer'], platforms: ['platform', 'platform'] } as const

export async function report(db: D1Database, groupBy: GroupBy, period: Period, limit: number): Promise<Report> {
  const f = where(period)
  switch (groupBy) {
    case 'articles':
      return articles(db, period, limit)
    case 'channels': {
      // The totals ride along as window sums over all groups, taken before LIMIT: one scan, not two.
      const { results } = await db
        .prepare(
          `SELECT channel, SUM(clicks) AS clicks, SUM(previews) AS previews,
             SUM(SUM(clicks)) OVER () AS all_clicks, SUM(SUM(previews)) OVER () AS all_previews
           FROM link_days WHERE ${f.sql}
           GROUP BY channel ORDER BY clicks DESC, previews DESC, channel LIMIT ?`,
        )
        .bind(...f.params, limit)
        .all<{ channel: string | null; clicks: number; previews: number; all_clicks: number; all_previews: number }>()
      return {
        totals: { clicks: results[0]?.all_clicks ?? 0, previews: results[0]?.all_previews ?? 0 },
        rows: results.map(({ channel, clicks, previews }) => ({ channel, clicks, previews })),
      }
    }
    case 'timeseries': {
      const { results } = await db
        .prepare(`SELECT day, SUM(clicks) AS clicks, SUM(previews) AS previews FROM link_days WHERE ${f.sql} GROUP BY day`)
        .bind(...f.params)
        .all<{ day: string; clicks: number; previews: number }>()
      const byDay = new Map(results.map((r) => [r.day, r]))
      const rows = daysOf(period.start, period.end).map((day) => ({
        day,
        clicks: byDay.get(day)?.clicks ?? 0,
        previews: byDay.get(day)?.previews ?? 0,
      }))
      return { totals: { clicks: sum(rows, 'clicks'), previews: sum(rows, 'previews') }, rows }
    }
    default: {
      const [dim, name] = DIMENSION[groupBy]
      const measure = groupBy === 'platforms' ? 'previews' : 'clicks'
      const [totals, dims] = await db.batch<{ clicks?: number; previews?: number; key?: string; n?: number }>([
        db
          .prepare(`SELECT COALESCE(SUM(clicks), 0) AS clicks, COALESCE(SUM(previews), 0) AS previews FROM link_days WHERE ${f.sql}`)
          .bind(...f.params),
        db
          .prepare(
            `SELECT key, SUM(n) AS n FROM link_day_dims WHERE dim = ? AND ${f.sql}
             GROUP BY key ORDER BY n DESC, key LIMIT ?`,
          )
          .bind(dim, ...f.params, limit),
      ])
      const t = totals!.results[0]
      return {
        totals: { clicks: t?.clicks ?? 0, previews: t?.previews ?? 0 },
        rows: dims!.results.map((r) => ({ [name]: r.key, [measure]: r.n }) as Row),
      }
    }
  }
}

function sum(rows: { clicks: number; previews: number }[], key: 'clicks' | 'previews'): number {
  return rows.reduce((n, r) => n + r[key], 0)
}

/** The articles with most clicks, each with its split by channel and its current URL and title. */
async function articles(db: D1Database, period: Period, limit: number): Promise<Report> {
  const f = where(period)
  const { results: top } = await db
    .prepare(
      `SELECT article, SUM(clicks) AS clicks, SUM(previews) AS previews,
         SUM(SUM(clicks)) OVER () AS all_clicks, SUM(SUM(previews)) OVER () AS all_previews
       FROM link_days WHERE ${f.sql}
       GROUP BY article ORDER BY clicks DESC, previews DESC, article LIMIT ?`,
    )
    .bind(...f.params, limit)
    .all<{ article: string; clicks: number; previews: number; all_clicks: number; all_previews: number }>()
  const totals = { clicks: top[0]?.all_clicks ?? 0, previews: top[0]?.all_previews ?? 0 }
  if (!top.length) return { totals, rows: [] }
  const hashes = top.map((t) => t.article)
  const marks = hashes.map(() => '?').join(', ')
  const [split, named] = await db.batch<{ article: string; channel?: string | null; clicks?: number; url?: string; title?: string }>([
    db
      .prepare(
        `SELECT article, channel, SUM(clicks) AS clicks FROM link_days WHERE ${f.sql} AND article IN (${marks})
         GROUP BY article, channel`,
      )
      .bind(...f.params, ...hashes),
    // The article's current name: its newest link's record (a later refresh updates its title).
    db
      .prepare(
        `SELECT article, url, title FROM links WHERE article IN (${marks})
         AND created_at = (SELECT MAX(created_at) FROM links l2 WHERE l2.article = links.article)`,
      )
      .bind(...hashes),
  ])
  const byChannel = new Map<string, Record<string, number>>()
  for (const r of split!.results) {
    const channels = byChannel.get(r.article) ?? (Object.create(null) as Record<string, number>)
    if (r.clicks) channels[r.channel ?? 'none'] = r.clicks
    byChannel.set(r.article, channels)
  }
  const names = new Map(named!.results.map((r) => [r.article, { url: r.url!, title: r.title! }]))
  const rows = top.map((t) => ({
    url: names.get(t.article)?.url ?? '',
    title: names.get(t.article)?.title ?? '',
    clicks: t.clicks,
    previews: t.previews,
    byChannel: byChannel.get(t.article) ?? {},
  }))
  return { totals, rows }
}

/** Every UTC day from `start` to `end`, inclusive. */
export function daysOf(start: string, end: string): string[] {
  const out: string[] = []
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10))
  return out
}

/** CSV columns per groupBy; `byChannel` spreads into one column per channel. */
export function csvColumns(groupBy: GroupBy): string[] {
  switch (groupBy) {
    case 'articles':
      return ['url', 'title', 'clicks', 'previews', ...CHANNELS.map((c) => `clicks_${c}`)]
    case 'channels':
      return ['channel', 'clicks', 'previews']
    case 'timeseries':
      return ['day', 'clicks', 'previews']
    case 'countries':
      return ['country', 'clicks']
    case 'referrers':
      return ['referrer', 'clicks']
    case 'platforms':
      return ['platform', 'previews']
  }
}
