/**
 * @module The time and filters one analytics query covers, as SQL over the rollups: days from
 * link_days, or the time just past from link_hours cut to the five minutes, and the period before.
 */
import { addDays, daysBetween, FIVE_MINUTES_MS, fiveMinutesOf, HOUR_MS, type Zone } from '../../time'
import { STEPS } from '../days'
import { type Covered, type Figures, LAST, MEASURES, type Measure, type Scope, type Totals } from './types'

/**
 * One query's window over one table: its WHERE (period and filters, numbered parameters) and each
 * measure as an expression, for the period and for the one before (zero without compare).
 */
export interface Window {
  table: 'link_days' | 'link_hours'
  where: string
  params: unknown[]
  now: Record<Measure, string>
  before: Record<Measure, string>
  /** Whether a row is of the period itself (not the one before): for days and whole hours only. */
  isNow: string
  covered: Covered
}

export const CHANNEL_KEY = "COALESCE(channel, 'none')"
/** A group with nothing in the window (rows of its hours outside the five minutes asked) is no row; one with figures only before it is. */
export const ANY_FIGURE = 'clicks + previews + shares + crawls + prev_clicks + prev_previews + prev_shares > 0'

/** The window of `scope`, over days (link_days) or hours and five minutes (link_hours); `wholeHours` widens `last` to whole hours. */
export function windowOf(scope: Scope, wholeHours = false): Window {
  const params: unknown[] = []
  const p = (v: unknown) => `?${params.push(v)}`
  const filters: string[] = []
  if (scope.article) filters.push(`article = ${p(scope.article)}`)
  if (scope.channel) filters.push(`channel = ${p(scope.channel)}`)
  if (scope.section) filters.push(`section = ${p(scope.section)}`)
  if (scope.author) filters.push(`author = ${p(scope.author)}`)
  const none = { clicks: '0', previews: '0', shares: '0', crawls: '0' }
  if ('start' in scope.period) {
    const { start, end } = scope.period
    const from = scope.compare ? addDays(start, -daysBetween(start, end) - 1) : start
    const s = p(start)
    const cur = (m: Measure) => (scope.compare ? `CASE WHEN day >= ${s} THEN ${m} ELSE 0 END` : m)
    const prev = (m: Measure) => `CASE WHEN day < ${s} THEN ${m} ELSE 0 END`
    return {
      table: 'link_days',
      where: [`day BETWEEN ${p(from)} AND ${p(end)}`, ...filters].join(' AND '),
      params,
      now: Object.fromEntries(MEASURES.map((m) => [m, cur(m)])) as Record<Measure, string>,
      before: scope.compare ? (Object.fromEntries(MEASURES.map((m) => [m, prev(m)])) as Record<Measure, string>) : none,
      isNow: `day >= ${s}`,
      covered: { start, end },
    }
  }
  const { zone } = scope
  // Up to the end of the five minutes now running, so the click a moment ago is in.
  let { from, to } = bounds(scope)
  if (wholeHours) {
    from = zone.hourOf(from)
    to = zone.hourOf(to - 1) + HOUR_MS
  }
  const span = to - from
  const lookFrom = scope.compare ? from - span : from
  return {
    table: 'link_hours',
    where: [`hour BETWEEN ${p(zone.hourOf(lookFrom))} AND ${p(zone.hourOf(to - 1))}`, ...filters].join(' AND '),
    params,
    now: stepsSum(zone, from, to, p),
    before: scope.compare ? stepsSum(zone, from - span, from, p) : none,
    // A literal (an integer we computed): a parameter here would be one too many where isNow goes unused.
    isNow: `hour >= ${from}`,
    covered: { start: zone.format(from), end: zone.format(to) },
  }
}

/**
 * Each measure over [a, b) (five-minute aligned) as an expression of a link_hours row: the whole
 * hour's column for hours inside, the sum of its five-minute columns for the hours cut at either end.
 */
function stepsSum(zone: Zone, a: number, b: number, p: (v: unknown) => string): Record<Measure, string> {
  const first = zone.hourOf(a)
  const last = zone.hourOf(b - 1)
  const range = (hour: number) => {
    const from = Math.max(0, Math.round((Math.max(a, hour) - hour) / FIVE_MINUTES_MS))
    const to = hour === last ? Math.round((b - hour) / FIVE_MINUTES_MS) - 1 : STEPS - 1
    return [from, Math.min(to, STEPS - 1)] as const
  }
  const cut = (x: 'c' | 'p' | 's', hour: number) => {
    const [i, j] = range(hour)
    return Array.from({ length: j - i + 1 }, (_, k) => `${x}${i + k}`).join(' + ') || '0'
  }
  const expr = (m: Measure, x: 'c' | 'p' | 's') => {
    const ends =
      first === last
        ? `WHEN hour = ${p(first)} THEN ${cut(x, first)}`
        : `WHEN hour = ${p(first)} THEN ${cut(x, first)} WHEN hour = ${p(last)} THEN ${cut(x, last)}`
    return `(CASE WHEN hour > ${p(first)} AND hour < ${p(last)} THEN ${m} ${ends} ELSE 0 END)`
  }
  // Crawls keep no five-minute detail: an hour cut at either end counts whole (widened by at most an hour).
  const crawls = `(CASE WHEN hour BETWEEN ${p(first)} AND ${p(last)} THEN crawls ELSE 0 END)`
  return { clicks: expr('clicks', 'c'), previews: expr('previews', 'p'), shares: expr('shares', 's'), crawls }
}

/** The instants a `last` window runs from and to (five-minute aligned). */
export function bounds(scope: Scope): { from: number; to: number } {
  if (!('last' in scope.period)) throw new Error('bounds of a `last` window only')
  const to = fiveMinutesOf(scope.period.now) + FIVE_MINUTES_MS
  return { from: to - LAST[scope.period.last] * 60_000, to }
}

export const sums = (w: Window, as = '') =>
  MEASURES.map((m) => `SUM(${w.now[m]}) AS ${as}${m}`)
    .concat(['clicks', 'previews', 'shares'].map((m) => `SUM(${w.before[m as Measure]}) AS ${as}prev_${m}`))
    .join(', ')

/** What `sums` selects: the period before without crawls, which no answer sets beside a period. */
export type SumRow = Figures & { prev_clicks: number; prev_previews: number; prev_shares: number }

export const totalsOf = (r: SumRow | undefined, compare: boolean): Totals => ({
  clicks: r?.clicks ?? 0,
  previews: r?.previews ?? 0,
  shares: r?.shares ?? 0,
  crawls: r?.crawls ?? 0,
  ...(compare ? { previous: { clicks: r?.prev_clicks ?? 0, previews: r?.prev_previews ?? 0, shares: r?.prev_shares ?? 0 } } : {}),
})
