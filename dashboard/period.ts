/**
 * @module The period the overview and article pages show. The API counts whole UTC days, so each
 * choice is a span of days: "24 h" is today and yesterday (UTC), "7 d" and "30 d" end today.
 */
import { store } from './store'

export type Preset = '24h' | '7d' | '30d' | 'custom'

export interface Period {
  preset: Preset
  /** Inclusive UTC days, YYYY-MM-DD. */
  start: string
  end: string
}

/** As the API allows: start and end at most this many days apart. */
export const MAX_SPAN_DAYS = 400
const DAY_MS = 86_400_000

export const PRESETS: { preset: Exclude<Preset, 'custom'>; label: string; days: number }[] = [
  // Whole UTC days only: a rolling 24 hours would need hourly figures, which the API does not keep.
  { preset: '24h', label: '24 h', days: 2 },
  { preset: '7d', label: '7 d', days: 7 },
  { preset: '30d', label: '30 d', days: 30 },
]

export const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10)
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`)

export function presetPeriod(preset: Exclude<Preset, 'custom'>, now = Date.now()): Period {
  const days = PRESETS.find((p) => p.preset === preset)!.days
  const end = dayMs(utcDay(now))
  return { preset, start: utcDay(end - (days - 1) * DAY_MS), end: utcDay(end) }
}

/** Every UTC day of the period, oldest first (the API's timeseries has one row for each). */
export function daysOf(start: string, end: string): string[] {
  const out: string[] = []
  for (let t = dayMs(start); t <= dayMs(end); t += DAY_MS) out.push(utcDay(t))
  return out
}

/** A custom period as typed, or what is wrong with it, in words. */
export function customPeriod(start: string, end: string): Period | string {
  const valid = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && utcDay(dayMs(d)) === d
  if (!valid(start) || !valid(end)) return 'Enter both days of the period.'
  if (dayMs(end) < dayMs(start)) return 'The period must end on or after the day it starts.'
  if ((dayMs(end) - dayMs(start)) / DAY_MS > MAX_SPAN_DAYS) return `A period can span at most ${MAX_SPAN_DAYS} days.`
  return { preset: 'custom', start, end }
}

const dayFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
export const formatDay = (day: string) => dayFmt.format(dayMs(day))

/** The period in words, saying how it maps onto UTC days. */
export function describePeriod(p: Period): string {
  const span = p.start === p.end ? formatDay(p.start) : `${formatDay(p.start)} – ${formatDay(p.end)}`
  switch (p.preset) {
    case '24h':
      return `Today and yesterday, ${span} (UTC days: figures are kept per whole day, so “24 h” covers up to 48 hours).`
    case '7d':
      return `The last 7 days, today included: ${span} (UTC).`
    case '30d':
      return `The last 30 days, today included: ${span} (UTC).`
    case 'custom':
      return `${span} (UTC days, both included).`
  }
}

/** The period on screen, shared by the overview and the article pages; the last 7 days at first. */
export const period = store<Period>(presetPeriod('7d'))

/** A preset's days move on at midnight UTC: read it again when the page is old. */
export function currentPeriod(): Period {
  const p = period.get()
  if (p.preset === 'custom') return p
  const now = presetPeriod(p.preset)
  if (now.end !== p.end) period.set(now)
  return period.get()
}

/** A link's chart shows at least two weeks, so a new link's is not one lonely bar, and at most a year. */
const LINK_MIN_DAYS = 14
const LINK_MAX_DAYS = 366

/**
 * The days of a link's chart of clicks per day: from its first day (or earliest click) to today,
 * and whether days older than a year, with clicks, were left out (they still count in its totals).
 */
export function linkDays(byDay: Record<string, number>, createdAt: string, now = Date.now()): { days: string[]; truncated: boolean } {
  const end = dayMs(utcDay(now))
  let start = dayMs(createdAt.slice(0, 10))
  for (const day of Object.keys(byDay)) {
    const t = dayMs(day)
    if (Number.isFinite(t) && t < start) start = t
  }
  if (!Number.isFinite(start) || start > end) start = end
  start = Math.min(start, end - (LINK_MIN_DAYS - 1) * DAY_MS)
  const earliest = end - (LINK_MAX_DAYS - 1) * DAY_MS
  const truncated = start < earliest && Object.keys(byDay).some((d) => dayMs(d) < earliest)
  return { days: daysOf(utcDay(Math.max(start, earliest)), utcDay(end)), truncated }
}
