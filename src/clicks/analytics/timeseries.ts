/**
 * @module The timeseries report: one row per day, hour or five minutes of the period, zeros
 * included, placed on the zone's clock (a day of a clock change has 23 or 25 hours).
 */
import { addDays, datesFrom, FIVE_MINUTES_MS, fiveMinutesOf, type Zone } from '../../time'
import { STEPS } from '../days'
import { tally } from '../tally'
import { type Covered, type Figures, type Interval, MEASURES, type Report, type Scope, type Totals } from './types'
import { bounds, CHANNEL_KEY, windowOf } from './window'

/**
 * One row per day, hour or five minutes of the period, zeros included, each with its split by
 * channel (and, with compare, the same step of the period before).
 */
export async function timeseries(db: D1Database, scope: Scope, interval: Interval): Promise<Report> {
  const { zone } = scope
  if ('start' in scope.period && interval === 'day') {
    const w = windowOf(scope)
    const { start, end } = scope.period
    const { results } = await db
      .prepare(`SELECT day, ${CHANNEL_KEY} AS channel, SUM(clicks) AS clicks, SUM(previews) AS previews, SUM(shares) AS shares, SUM(crawls) AS crawls
                FROM link_days WHERE ${w.where} GROUP BY day, channel`)
      .bind(...w.params)
      .all<{ day: string; channel: string } & Figures>()
    const dates = datesFrom(start, end)
    const before = scope.compare ? datesFrom(addDays(start, -dates.length), addDays(start, -1)) : []
    return fold(
      w.covered,
      results.map((r) => ({ ...r, key: r.day })),
      dates.map((d) => ({ key: d, label: { day: d } })),
      before,
      scope.compare,
    )
  }
  // Hours: of the days asked (at most MAX_HOURLY_DAYS), or of the time just past; five minutes: of the time just past.
  const { from, to } =
    'start' in scope.period ? { from: zone.startOf(scope.period.start), to: zone.startOf(addDays(scope.period.end, 1)) } : bounds(scope)
  const span = to - from
  const lookFrom = scope.compare ? from - span : from
  const params: unknown[] = []
  const p = (v: unknown) => `?${params.push(v)}`
  const filters = [`hour BETWEEN ${p(zone.hourOf(lookFrom))} AND ${p(zone.hourOf(to - 1))}`]
  if (scope.article) filters.push(`article = ${p(scope.article)}`)
  if (scope.channel) filters.push(`channel = ${p(scope.channel)}`)
  if (scope.section) filters.push(`section = ${p(scope.section)}`)
  if (scope.author) filters.push(`author = ${p(scope.author)}`)
  const stepColumns = ['c', 'p', 's'].flatMap((x) => Array.from({ length: STEPS }, (_, i) => `SUM(${x}${i}) AS ${x}${i}`)).join(', ')
  const { results } = await db
    .prepare(`SELECT hour, ${CHANNEL_KEY} AS channel, SUM(clicks) AS clicks, SUM(previews) AS previews, SUM(shares) AS shares, SUM(crawls) AS crawls,
                ${stepColumns} FROM link_hours WHERE ${filters.join(' AND ')} GROUP BY hour, channel`)
    .bind(...params)
    .all<{ hour: number; channel: string } & Record<string, number>>()
  // Every five minutes of what was counted: the hours' detail, placed on the clock.
  const fine: ({ key: string; channel: string } & Figures)[] = []
  for (const r of results) {
    for (let i = 0; i < STEPS; i++) {
      const at = r.hour + i * FIVE_MINUTES_MS
      if (r[`c${i}`] || r[`p${i}`] || r[`s${i}`]) {
        fine.push({ key: String(at), channel: r.channel, clicks: r[`c${i}`]!, previews: r[`p${i}`]!, shares: r[`s${i}`]!, crawls: 0 })
      }
    }
    // Crawls have no five-minute detail: they count at the hour's start.
    if (r.crawls) fine.push({ key: String(r.hour), channel: r.channel, clicks: 0, previews: 0, shares: 0, crawls: r.crawls })
  }
  const steps = (a: number, b: number) => (interval === '5m' ? range(a, b, FIVE_MINUTES_MS) : hoursBetween(zone, a, b))
  const into = (t: number) => (interval === '5m' ? fiveMinutesOf(t) : zone.hourOf(t))
  const label = interval === '5m' ? (t: number) => ({ at: zone.format(t) }) : (t: number) => ({ hour: zone.format(t) })
  return fold(
    { start: zone.format(from), end: zone.format(to) },
    fine.filter((f) => Number(f.key) >= lookFrom && Number(f.key) < to).map((f) => ({ ...f, key: String(into(Number(f.key))) })),
    steps(from, to).map((t) => ({ key: String(t), label: label(t) })),
    scope.compare ? steps(from - span, from).map(String) : [],
    scope.compare,
  )
}

const range = (a: number, b: number, step: number) =>
  Array.from({ length: Math.max(0, Math.round((b - a) / step)) }, (_, i) => a + i * step)

/** The starts of the zone's hours from `a` to `b`. */
function hoursBetween(zone: Zone, a: number, b: number): number[] {
  const out: number[] = []
  for (let date = zone.dateOf(a); zone.startOf(date) < b; date = addDays(date, 1)) {
    for (const h of zone.hoursOf(date)) if (h >= zone.hourOf(a) && h < b) out.push(h)
  }
  return out
}

/** Rows in the order of `steps`, each with its figures and channels; the period before's at the same places. */
function fold(
  covered: Covered,
  counted: ({ key: string; channel: string } & Figures)[],
  steps: { key: string; label: Record<string, string> }[],
  before: string[],
  compare: boolean,
): Report {
  const at = new Map<string, { figures: Figures; byChannel: Record<string, number> }>()
  for (const r of counted) {
    const step = at.get(r.key) ?? { figures: { clicks: 0, previews: 0, shares: 0, crawls: 0 }, byChannel: tally() }
    for (const m of MEASURES) step.figures[m] += r[m]
    if (r.clicks) step.byChannel[r.channel] = (step.byChannel[r.channel] ?? 0) + r.clicks
    at.set(r.key, step)
  }
  const totals: Totals = {
    clicks: 0,
    previews: 0,
    shares: 0,
    crawls: 0,
    ...(compare ? { previous: { clicks: 0, previews: 0, shares: 0 } } : {}),
  }
  const rows = steps.map(({ key, label }, i) => {
    const step = at.get(key)
    const f = step?.figures ?? { clicks: 0, previews: 0, shares: 0, crawls: 0 }
    for (const m of MEASURES) totals[m] += f[m]
    const previous = compare ? at.get(before[i] ?? '')?.figures : undefined
    return {
      ...label,
      clicks: f.clicks,
      previews: f.previews,
      shares: f.shares,
      byChannel: step?.byChannel ?? tally(),
      ...(compare ? { previousClicks: previous?.clicks ?? 0 } : {}),
    }
  })
  if (compare) {
    for (const key of before) {
      const f = at.get(key)?.figures
      if (!f) continue
      totals.previous!.clicks += f.clicks
      totals.previous!.previews += f.previews
      totals.previous!.shares += f.shares
    }
  }
  return { covered, totals, rows }
}
