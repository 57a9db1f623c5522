/** @module Analytics' questions and answers: what can be asked (groupings, periods, filters) and the figures that come back. */
import type { Zone } from '../../time'

export const GROUP_BY = ['articles', 'channels', 'timeseries', 'sections', 'authors', 'countries', 'referrers', 'platforms'] as const
export type GroupBy = (typeof GROUP_BY)[number]
export const LAST = { '15m': 15, '60m': 60, '3h': 180, '24h': 1440 } as const
export type Last = keyof typeof LAST
export type Interval = 'day' | 'hour' | '5m'

/** What to count over: a period, the filters, and whether to set the period before beside it. */
export interface Scope {
  /** Days (inclusive, of the zone), or the `last` minutes up to `now`. */
  period: { start: string; end: string } | { last: Last; now: number }
  zone: Zone
  article?: string
  channel?: string
  section?: string
  author?: string
  compare: boolean
}

export type Measure = 'clicks' | 'previews' | 'shares' | 'crawls'
export const MEASURES: Measure[] = ['clicks', 'previews', 'shares', 'crawls']
export type Figures = Record<Measure, number>
export type Counted = { clicks: number; previews: number; shares: number }

export interface Totals extends Figures {
  previous?: Counted
}

/** The time a window covers, as the answer states it: dates, or instants with the zone's offset. */
export interface Covered {
  start: string
  end: string
}

export interface Report {
  covered: Covered
  totals: Totals
  rows: Record<string, unknown>[]
}
