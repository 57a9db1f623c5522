/**
 * @module The period the overview, the sections and an article's page show, in the newsroom's time
 * zone: the time just past (the last hour in five-minute steps, the last 24 hours by the hour),
 * today by the hour, the last 7 or 30 days, or days of one's choice; with or without the same
 * length of time just before, to compare.
 */
import { addDays, datesFrom, daysBetween, isDate, MAX_PERIOD_DAYS } from '../src/time'
import type { OverviewQuery } from './api'
import { dayAndClock, longDay } from './format'
import { store } from './store'
import { todayIn, zoneOf } from './zone'

export type Preset = '60m' | '24h' | 'today' | '7d' | '30d' | 'custom'

export interface Period {
  preset: Preset
  /** A custom period's days (inclusive, YYYY-MM-DD); '' for the presets, which move with the clock. */
  start: string
  end: string
  /** With the same length of time just before it. */
  compare: boolean
}

export const PRESETS: { preset: Exclude<Preset, 'custom'>; label: string; name: string }[] = [
  { preset: '60m', label: '1 h', name: 'The last hour' },
  { preset: '24h', label: '24 h', name: 'The last 24 hours' },
  { preset: 'today', label: 'Today', name: 'Today' },
  { preset: '7d', label: '7 d', name: 'The last 7 days' },
  { preset: '30d', label: '30 d', name: 'The last 30 days' },
]

/** What a period asks of the API. */
export type PeriodQuery = Pick<OverviewQuery, 'start' | 'end' | 'last' | 'interval' | 'compare'>

/** The query of `p`, its days worked out in `zone` (today is the zone's today). */
export function queryOf(p: Period, zone: string, now = Date.now()): PeriodQuery {
  const compare = p.compare ? ('previous' as const) : undefined
  const days = (n: number) => {
    const end = todayIn(zone, now)
    return { start: addDays(end, -(n - 1)), end, interval: n === 1 ? ('hour' as const) : ('day' as const), compare }
  }
  switch (p.preset) {
    case '60m':
      // Five-minute steps: the API's for `last`.
      return { last: '60m', compare }
    case '24h':
      return { last: '24h', interval: 'hour', compare }
    case 'today':
      return days(1)
    case '7d':
      return days(7)
    case '30d':
      return days(30)
    case 'custom':
      // One day is best seen by the hour.
      return { start: p.start, end: p.end, interval: p.start === p.end ? 'hour' : 'day', compare }
  }
}

/** A custom period as typed, or what is wrong with it, in words. */
export function customPeriod(start: string, end: string, compare: boolean): Period | string {
  if (!isDate(start) || !isDate(end)) return 'Enter both days of the period.'
  if (end < start) return 'The period must end on or after the day it starts.'
  if (daysBetween(start, end) > MAX_PERIOD_DAYS) return `A period can span at most ${MAX_PERIOD_DAYS} days.`
  return { preset: 'custom', start, end, compare }
}

/** What an answer says it covers: dates, or instants with the zone's offset. */
export interface Covered {
  timezone: string
  start: string
  end: string
}

/** The period in words: which days or hours of the zone it covers (the answer's, once there is one). */
export function describePeriod(p: Period, covered: Covered | null): string {
  const days = (start: string, end: string) => (start === end ? longDay(start) : `${longDay(start)} – ${longDay(end)}`)
  switch (p.preset) {
    case '60m':
      return `The last 60 minutes, in five-minute steps${covered ? `: ${dayAndClock(covered.start)} – ${dayAndClock(covered.end)}` : ''}.`
    case '24h':
      return `The last 24 hours, hour by hour${covered ? `: ${dayAndClock(covered.start)} – ${dayAndClock(covered.end)}` : ''}.`
    case 'today':
      return `Today${covered ? `, ${longDay(covered.start)}` : ''}, hour by hour.`
    case '7d':
    case '30d':
      return `${PRESETS.find((x) => x.preset === p.preset)!.name}, today included${covered ? `: ${days(covered.start, covered.end)}` : ''}.`
    case 'custom':
      return p.start === p.end ? `${longDay(p.start)}, hour by hour.` : `${days(p.start, p.end)}, both days included.`
  }
}

/** What a comparison is with: "previous 7 days". */
export function previousOf(p: Period): string {
  switch (p.preset) {
    case '60m':
      return 'previous 60 minutes'
    case '24h':
      return 'previous 24 hours'
    case 'today':
      return 'the day before'
    case '7d':
      return 'previous 7 days'
    case '30d':
      return 'previous 30 days'
    case 'custom': {
      const n = daysBetween(p.start, p.end) + 1
      return n === 1 ? 'the day before' : `previous ${n} days`
    }
  }
}

/** The period on screen, shared by the overview, the sections and the article pages; the last 7 days at first. */
export const period = store<Period>({ preset: '7d', start: '', end: '', compare: false })

/** A link's chart shows at least two weeks, so a new link's is not one lonely bar, and at most a year. */
const LINK_MIN_DAYS = 14
const LINK_MAX_DAYS = 366

/**
 * The days of a link's chart of clicks per day (days of `zone`, as the API counts them): from its
 * first day (or earliest click) to today, and whether days older than a year, with clicks, were
 * left out (they still count in its totals).
 */
export function linkDays(
  byDay: Record<string, number>,
  createdAt: string,
  zone: string,
  now = Date.now(),
): { days: string[]; truncated: boolean } {
  const clicked = Object.keys(byDay).filter(isDate).sort()
  const end = [todayIn(zone, now), ...clicked].sort().at(-1)!
  const created = Date.parse(createdAt)
  let start = [Number.isFinite(created) ? zoneOf(zone).dateOf(created) : end, ...clicked].sort()[0]!
  if (start > end) start = end
  if (daysBetween(start, end) < LINK_MIN_DAYS - 1) start = addDays(end, -(LINK_MIN_DAYS - 1))
  const earliest = addDays(end, -(LINK_MAX_DAYS - 1))
  const truncated = start < earliest && clicked.some((d) => d < earliest)
  if (start < earliest) start = earliest
  return { days: datesFrom(start, end), truncated }
}
