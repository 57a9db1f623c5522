/**
 * @module What the overview, an article's page, the time just past and the sections read, in as
 * few calls as they can: one GET /api/analytics/overview for everything the overview or an article
 * shows over a period (its totals, its timeseries by channel, every breakdown), one groupBy each
 * for sections and authors; and the answers made ready to draw.
 */
import type { Api, GroupBy, Overview, ReportOf, Rows, Scope } from './api'
import type { Series, Step } from './charts'
import { saveFile } from './download'
import { channelName, clockOf, dayAndClock, shortDay } from './format'
import { type Period, type PeriodQuery, queryOf } from './period'
import type { Filters } from './router'
import { learnZone, readInNewsroomZone } from './zone'

/** How many rows a breakdown of its own shows (and its CSV holds: the same call with format=csv). */
export const SHOWN: Partial<Record<GroupBy, number>> = {
  articles: 10,
  channels: 20,
  countries: 8,
  referrers: 8,
  platforms: 20,
  sections: 20,
  authors: 20,
}

/** What an overview or an article's page reads over: the period, and an article or filters. */
export type Over = Filters & { url?: string }

export interface OverviewData {
  /** The period it answers (the one on screen may have changed since: its words wait for the answer). */
  period: Period | null
  answer: Overview
  /** The newsroom's zone, which the answer's days and hours are of. */
  timezone: string
  /** The query it answered (the period's days in the newsroom's zone): its CSVs ask the same. */
  query: PeriodQuery & Over
  /** The chart's steps, and each channel's clicks on them (most clicks first). */
  steps: Step[]
  series: Series[]
  /** What a step is: day, hour or five minutes. */
  per: string
}

const PER = { day: 'day', hour: 'hour', '5m': 'five minutes' } as const

/** The steps of a timeseries, named as the newsroom's clocks and calendar read them. */
function stepsOf(rows: Rows['timeseries'][], interval: Overview['interval']): Step[] {
  return rows.map((r) => {
    if ('day' in r) return { key: r.day, label: shortDay(r.day), long: r.day }
    const at = 'hour' in r ? r.hour : r.at
    // A day's hours need no date; the last 24 hours and the last hour cross midnight.
    return { key: at, label: clockOf(at), long: interval === '5m' ? clockOf(at) : dayAndClock(at) }
  })
}

/** Clicks per step, one series per channel (links without one under `none`), most clicks first. */
function channelSeries(rows: Rows['timeseries'][]): Series[] {
  const sums = new Map<string, number>()
  for (const r of rows) for (const [key, n] of Object.entries(r.byChannel)) sums.set(key, (sums.get(key) ?? 0) + n)
  return [...sums]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key]) => ({ key, label: channelName(key), values: rows.map((r) => r.byChannel[key] ?? 0) }))
}

function ready(period: Period | null, answer: Overview, query: OverviewData['query']): OverviewData {
  return {
    period,
    answer,
    timezone: answer.timezone,
    query,
    steps: stepsOf(answer.series, answer.interval),
    series: channelSeries(answer.series),
    per: PER[answer.interval],
  }
}

/** The period's query in `zone`, as text: two zones whose texts differ give it different days. */
const datesOf = (p: Period) => (zone: string) => JSON.stringify(queryOf(p, zone))

/** The overview of a period (the whole service, some of it, or one article): one call. */
export function readOverview(api: Api, p: Period, over: Over): Promise<OverviewData> {
  return readInNewsroomZone(async (zone) => {
    const query = { ...queryOf(p, zone), ...over }
    return ready(p, await api.overview(query), query)
  }, datesOf(p))
}

/** The time just past: the last hour in five-minute steps against the hour before, each top article with its 3-hour line. One call. */
export async function readNow(api: Api): Promise<OverviewData> {
  const query = { last: '60m', compare: 'previous' } as const
  const answer = await api.overview(query)
  learnZone(answer.timezone)
  return ready(null, answer, query)
}

export interface SectionsData {
  period: Period
  sections: ReportOf<'sections'>
  authors: ReportOf<'authors'>
  timezone: string
  query: PeriodQuery
}

/** Clicks, previews and shares by section and by author over a period: two calls, side by side. */
export function readSections(api: Api, p: Period): Promise<SectionsData> {
  return readInNewsroomZone(async (zone) => {
    const query = queryOf(p, zone)
    const [sections, authors] = await Promise.all([
      api.analytics('sections', { ...query, limit: String(SHOWN.sections) }),
      api.analytics('authors', { ...query, limit: String(SHOWN.authors) }),
    ])
    return { period: p, sections, authors, timezone: sections.timezone, query }
  }, datesOf(p))
}

/** The call of one breakdown as a panel shows it (for its CSV): the query, its row limit, without the comparison (a CSV has no column for it). */
export function scopeOf(groupBy: GroupBy, query: PeriodQuery & Over): Scope {
  const { compare: _, ...rest } = query
  const limit = SHOWN[groupBy]
  return { ...rest, ...(limit ? { limit: String(limit) } : {}) }
}

/** Saves a breakdown as CSV (the same call with format=csv), read with the session's credentials; answers the file's name. */
export async function saveCsv(api: Api, groupBy: GroupBy, scope: Scope): Promise<string> {
  return saveFile(await api.csv(groupBy, scope))
}
