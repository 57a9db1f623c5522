/**
 * @module What the overview and an article's page read from GET /api/analytics over a period, in
 * as few calls as the questions allow: one per breakdown, and for clicks per day by channel one
 * timeseries per channel that had clicks in the period (the channels call says which), plus the
 * unfiltered one only when links without a channel had clicks (the API cannot filter on "none").
 */
import type { Api, GroupBy, Rows, Scope } from './api'
import type { Series } from './charts'
import { channelName, NO_CHANNEL } from './format'
import { daysOf, type Period } from './period'

/** How many rows each breakdown shows (and its CSV holds: the same call with format=csv). */
export const SHOWN: Record<GroupBy, number> = { articles: 10, channels: 20, timeseries: 1000, countries: 8, referrers: 8, platforms: 20 }

export interface ReportData {
  start: string
  end: string
  totals: { clicks: number; previews: number }
  /** Every UTC day of the period, and each channel's clicks on them (most clicks first). */
  days: string[]
  series: Series[]
  channels: Rows['channels'][]
  platforms: Rows['platforms'][]
  /** The overview's only (an article's page is one article, its links all its referrers). */
  articles?: Rows['articles'][]
  countries?: Rows['countries'][]
  referrers?: Rows['referrers'][]
}

/** The filters of a breakdown as shown: the period, the article if any, and its row limit. */
export const scopeOf = (groupBy: GroupBy, p: Period, url?: string): Scope => ({
  start: p.start,
  end: p.end,
  url,
  limit: String(SHOWN[groupBy]),
})

export async function readReport(api: Api, p: Period, url?: string): Promise<ReportData> {
  const overview = !url
  const [channels, platforms, articles, countries, referrers] = await Promise.all([
    api.analytics('channels', scopeOf('channels', p, url)),
    api.analytics('platforms', scopeOf('platforms', p, url)),
    overview ? api.analytics('articles', scopeOf('articles', p)) : null,
    overview ? api.analytics('countries', scopeOf('countries', p)) : null,
    overview ? api.analytics('referrers', scopeOf('referrers', p)) : null,
  ])
  const clicked = channels.rows.filter((r) => r.clicks > 0)
  const named = clicked.filter((r) => r.channel !== null)
  const unnamed = clicked.some((r) => r.channel === null)
  const days = daysOf(p.start, p.end)
  const daily = (rows: Rows['timeseries'][]) => {
    const byDay = new Map(rows.map((r) => [r.day, r.clicks]))
    return days.map((d) => byDay.get(d) ?? 0)
  }
  const [all, ...perChannel] = await Promise.all([
    unnamed ? api.analytics('timeseries', scopeOf('timeseries', p, url)) : null,
    ...named.map((r) => api.analytics('timeseries', { ...scopeOf('timeseries', p, url), channel: r.channel as Scope['channel'] })),
  ])
  const series: Series[] = named.map((r, i) => ({ key: r.channel!, label: channelName(r.channel), values: daily(perChannel[i]!.rows) }))
  if (all) {
    // Links made without a channel: what the whole has beyond the channels' sum.
    const whole = daily(all.rows)
    series.push({
      key: NO_CHANNEL,
      label: channelName(null),
      values: whole.map((n, i) => Math.max(0, n - series.reduce((sum, s) => sum + s.values[i]!, 0))),
    })
  }
  return {
    start: channels.start,
    end: channels.end,
    totals: channels.totals,
    days,
    series,
    channels: channels.rows,
    platforms: platforms.rows,
    articles: articles?.rows,
    countries: countries?.rows,
    referrers: referrers?.rows,
  }
}

/**
 * Saves a breakdown as CSV: read with the key (a plain link could not send it), then handed to
 * the browser as a file through an object URL. No CSP directive governs a download; the URL is
 * let go once the browser has it.
 */
export async function saveCsv(api: Api, groupBy: GroupBy, scope: Scope): Promise<string> {
  const { blob, filename } = await api.csv(groupBy, scope)
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = filename
  a.hidden = true
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 30_000)
  return filename
}
