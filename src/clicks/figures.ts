/**
 * @module A link's and an article's figures as last flushed, read from D1's rollups: the link's
 * all-time totals ride on its newest day row (they outlive the days the retention drops), its
 * days and breakdowns are summed from its rows.
 */
import { addTally, bump, tally } from './tally'
import { type Counts, emptyCounts } from './types'

interface DayRow {
  day: string
  channel: string | null
  clicks: number
  dims: string
  total_clicks: number
  total_repeats: number
  total_previews: number
  total_shares: number
  crawls: number
}

/** A link's figures as last flushed (all time; its days and breakdowns as far back as the rollups keep). */
export async function linkFigures(db: D1Database, linkId: string): Promise<Counts> {
  const { results } = await db
    .prepare(
      'SELECT day, channel, clicks, crawls, dims, total_clicks, total_repeats, total_previews, total_shares FROM link_days WHERE link = ? ORDER BY day',
    )
    .bind(linkId)
    .all<DayRow>()
  const out = emptyCounts()
  const newest = results.at(-1)
  if (!newest) return out
  out.clicks = newest.total_clicks
  out.repeats = newest.total_repeats
  out.previews = newest.total_previews
  out.shares = newest.total_shares
  for (const r of results) {
    out.crawls += r.crawls
    if (r.clicks) bump(out.byDay, r.day, r.clicks)
    const dims = JSON.parse(r.dims) as Record<'country' | 'referrer' | 'platform' | 'search', Record<string, unknown>>
    addTally(out.byCountry, tally(dims.country))
    addTally(out.byReferrer, tally(dims.referrer))
    addTally(out.byPlatform, tally(dims.platform))
    addTally(out.bySearchEngine, tally(dims.search))
  }
  if (newest.channel && out.clicks) bump(out.byChannel, newest.channel, out.clicks)
  return out
}

/** An article's all-time clicks, in all and by channel: what share buttons show. */
export async function articleFigures(db: D1Database, article: string): Promise<{ clicks: number; byChannel: Record<string, number> }> {
  // Each link's newest row holds its totals (SQLite takes the bare columns from the row with the MAX).
  const { results } = await db
    .prepare('SELECT channel, total_clicks AS clicks, MAX(day) AS newest FROM link_days WHERE article = ? GROUP BY link')
    .bind(article)
    .all<{ channel: string | null; clicks: number }>()
  const byChannel = tally()
  let clicks = 0
  for (const r of results) {
    clicks += r.clicks
    if (r.channel && r.clicks) bump(byChannel, r.channel, r.clicks)
  }
  return { clicks, byChannel }
}
