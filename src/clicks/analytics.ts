/**
 * @module Analytics over a period: the questions KV can't answer (ranked, filtered, by day),
 * asked of the D1 rollups the counters flush (migrations/0002_rollups.sql). Figures are the
 * exact counts as of each link's last flush.
 */
import { CHANNELS } from '../links/channels'
import { tally } from './tally'

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

/**
 * The filter every query shares, as SQL and its parameters. Numbered (?1, ?2...), so a statement
 * may apply it twice without binding it twice; a statement's own parameters come after them.
 */
function where(p: Period): { sql: string; params: unknown[] } {
  const params: unknown[] = [p.start, p.end]
  const parts = ['day BETWEEN ?1 AND ?2']
  if (p.article) parts.push(`article = ?${params.push(p.article)}`)
  if (p.channel) parts.push(`channel = ?${params.push(p.channel)}`)
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
           GROUP BY channel ORDER BY clicks DESC, previews DESC, channel LIMIT ?${f.params.length + 1}`,
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
            `SELECT key, SUM(n) AS n FROM link_day_dims WHERE ${f.sql} AND dim = ?${f.params.length + 1}
             GROUP BY key ORDER BY n DESC, key LIMIT ?${f.params.length + 2}`,
          )
          .bind(...f.params, dim, limit),
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

/**
 * The articles with most clicks, each with its split by channel and its current URL and title, in
 * one statement: the top articles are not bound back in as parameters (D1 takes 100 a statement,
 * and `limit` goes to 1,000), each one's split and name are looked up by index.
 */
async function articles(db: D1Database, period: Period, limit: number): Promise<Report> {
  const f = where(period)
  const { results: top } = await db
    .prepare(
      `WITH top AS MATERIALIZED (
         SELECT article, SUM(clicks) AS clicks, SUM(previews) AS previews,
           SUM(SUM(clicks)) OVER () AS all_clicks, SUM(SUM(previews)) OVER () AS all_previews
         FROM link_days WHERE ${f.sql}
         GROUP BY article ORDER BY clicks DESC, previews DESC, article LIMIT ?${f.params.length + 1}
       )
       SELECT top.*,
         (SELECT json_group_object(COALESCE(channel, 'none'), n) FROM (
            SELECT channel, SUM(clicks) AS n FROM link_days d WHERE d.article = top.article AND ${f.sql}
            GROUP BY channel HAVING n > 0)) AS by_channel,
         -- The article's current name: its newest link's record (a later refresh updates its title).
         (SELECT json_array(url, title) FROM links l WHERE l.article = top.article ORDER BY created_at DESC LIMIT 1) AS name
       FROM top ORDER BY clicks DESC, previews DESC, article`,
    )
    .bind(...f.params, limit)
    .all<{
      article: string
      clicks: number
      previews: number
      all_clicks: number
      all_previews: number
      by_channel: string
      name: string | null
    }>()
  const totals = { clicks: top[0]?.all_clicks ?? 0, previews: top[0]?.all_previews ?? 0 }
  const rows = top.map((t) => {
    const [url, title] = t.name ? (JSON.parse(t.name) as [string, string]) : ['', '']
    return { url, title, clicks: t.clicks, previews: t.previews, byChannel: tally(JSON.parse(t.by_channel) as Record<string, unknown>) }
  })
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
