/**
 * @module Analytics: the questions KV can't answer (ranked, filtered, over time), asked of the D1
 * rollups the counters flush (migrations/0006_hours.sql), in the days and hours of
 * REPORT_TIMEZONE. A period is days (link_days), or the time just past (`last`, from link_hours
 * and their five-minute detail, exact to five minutes). Figures are the counters' exact counts as
 * of each link's last flush.
 */
import { CHANNELS } from '../links/channels'
import { addDays, datesFrom, daysBetween, FIVE_MINUTES_MS, fiveMinutesOf, HOUR_MS, type Zone } from '../time'
import { STEPS } from './days'
import { tally } from './tally'

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

type Measure = 'clicks' | 'previews' | 'shares' | 'crawls'
const MEASURES: Measure[] = ['clicks', 'previews', 'shares', 'crawls']
export type Figures = Record<Measure, number>
type Counted = { clicks: number; previews: number; shares: number }

export interface Totals extends Figures {
  previous?: Counted
}

/** The time a window covers, as the answer states it: dates, or instants with the zone's offset. */
export interface Covered {
  start: string
  end: string
}

/**
 * One query's window over one table: its WHERE (period and filters, numbered parameters) and each
 * measure as an expression, for the period and for the one before (zero without compare).
 */
interface Window {
  table: 'link_days' | 'link_hours'
  where: string
  params: unknown[]
  now: Record<Measure, string>
  before: Record<Measure, string>
  /** Whether a row is of the period itself (not the one before): for days and whole hours only. */
  isNow: string
  covered: Covered
}

const CHANNEL_KEY = "COALESCE(channel, 'none')"
/** A group with nothing in the window (rows of its hours outside the five minutes asked) is no row; one with figures only before it is. */
const ANY_FIGURE = 'clicks + previews + shares + crawls + prev_clicks + prev_previews + prev_shares > 0'

/** The window of `scope`, over days (link_days) or hours and five minutes (link_hours); `wholeHours` widens `last` to whole hours. */
function windowOf(scope: Scope, wholeHours = false): Window {
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

const sums = (w: Window, as = '') =>
  MEASURES.map((m) => `SUM(${w.now[m]}) AS ${as}${m}`)
    .concat(['clicks', 'previews', 'shares'].map((m) => `SUM(${w.before[m as Measure]}) AS ${as}prev_${m}`))
    .join(', ')

type SumRow = Figures & { prev_clicks: number; prev_previews: number; prev_shares: number }

const totalsOf = (r: SumRow | undefined, compare: boolean): Totals => ({
  clicks: r?.clicks ?? 0,
  previews: r?.previews ?? 0,
  shares: r?.shares ?? 0,
  crawls: r?.crawls ?? 0,
  ...(compare ? { previous: { clicks: r?.prev_clicks ?? 0, previews: r?.prev_previews ?? 0, shares: r?.prev_shares ?? 0 } } : {}),
})

export interface ArticleRow extends Counted {
  url: string
  title: string
  section: string | null
  author: string | null
  byChannel: Record<string, number>
  previousClicks?: number
  /** Clicks per five minutes over `sparkline` (the Now view's line), oldest first. */
  spark?: number[]
}

export interface Report {
  covered: Covered
  totals: Totals
  rows: Record<string, unknown>[]
}

/** The articles with most clicks, each with its split by channel, its name and its section and author, in one statement. */
async function articles(db: D1Database, scope: Scope, limit: number, sparkline?: Last): Promise<Report> {
  const w = windowOf(scope)
  const n = w.params.length
  const { results } = await db
    .prepare(
      `WITH top AS MATERIALIZED (
         SELECT article, ${sums(w)},
           SUM(SUM(${w.now.clicks})) OVER () AS all_clicks, SUM(SUM(${w.now.previews})) OVER () AS all_previews,
           SUM(SUM(${w.now.shares})) OVER () AS all_shares, SUM(SUM(${w.now.crawls})) OVER () AS all_crawls,
           SUM(SUM(${w.before.clicks})) OVER () AS all_prev_clicks, SUM(SUM(${w.before.previews})) OVER () AS all_prev_previews,
           SUM(SUM(${w.before.shares})) OVER () AS all_prev_shares
         FROM ${w.table} WHERE ${w.where}
         GROUP BY article HAVING ${ANY_FIGURE} ORDER BY clicks DESC, previews DESC, article LIMIT ?${n + 1}
       )
       SELECT top.*,
         (SELECT json_group_object(${CHANNEL_KEY}, n) FROM (
            SELECT channel, SUM(${w.now.clicks}) AS n FROM ${w.table} d WHERE d.article = top.article AND ${w.where}
            GROUP BY channel HAVING n > 0)) AS by_channel,
         -- The article's current name and section: its newest link's record (a later refresh updates them).
         (SELECT json_array(url, title, json_extract(record, '$.section'), json_extract(record, '$.author')) FROM links l
           WHERE l.article = top.article ORDER BY created_at DESC LIMIT 1) AS name
       FROM top ORDER BY clicks DESC, previews DESC, article`,
    )
    .bind(...w.params, limit)
    .all<SumRow & { article: string; by_channel: string; name: string | null } & Record<`all_${string}`, number>>()
  const first = results[0]
  const total = {
    clicks: first?.all_clicks ?? 0,
    previews: first?.all_previews ?? 0,
    shares: first?.all_shares ?? 0,
    crawls: first?.all_crawls ?? 0,
    prev_clicks: first?.all_prev_clicks ?? 0,
    prev_previews: first?.all_prev_previews ?? 0,
    prev_shares: first?.all_prev_shares ?? 0,
  }
  const rows: ArticleRow[] = results.map((r) => {
    const [url = '', title = '', section = null, author = null] = r.name
      ? (JSON.parse(r.name) as [string, string, string | null, string | null])
      : []
    return {
      url,
      title,
      section,
      author,
      clicks: r.clicks,
      previews: r.previews,
      shares: r.shares,
      byChannel: tally(JSON.parse(r.by_channel) as Record<string, unknown>),
      ...(scope.compare ? { previousClicks: r.prev_clicks } : {}),
    }
  })
  if (sparkline && rows.length)
    await addSparklines(
      db,
      scope,
      results.map((r) => r.article),
      rows,
      sparkline,
    )
  return { covered: w.covered, totals: totalsOf(total, scope.compare), rows: rows as unknown as Record<string, unknown>[] }
}

/** Each top article's clicks per five minutes over the time just past (the Now view's lines), in one statement. */
async function addSparklines(db: D1Database, scope: Scope, hashes: string[], rows: ArticleRow[], span: Last): Promise<void> {
  const now = 'last' in scope.period ? scope.period.now : Date.now()
  const series = await fiveMinuteSums(db, { ...scope, period: { last: span, now }, compare: false, article: undefined }, hashes)
  for (const [i, hash] of hashes.entries()) rows[i]!.spark = series.get(hash) ?? []
}

/**
 * Clicks per five minutes over a `last` window, for each of `articles`: all passed as one JSON
 * parameter (D1 takes 100 a statement; a ranking may hold 1,000).
 */
async function fiveMinuteSums(db: D1Database, scope: Scope, articles: string[]): Promise<Map<string, number[]>> {
  const w = windowOf(scope)
  const { from, to } = bounds(scope)
  const columns = Array.from({ length: STEPS }, (_, i) => `SUM(c${i}) AS c${i}`).join(', ')
  const { results } = await db
    .prepare(
      `SELECT article, hour, ${columns} FROM link_hours
       WHERE ${w.where} AND article IN (SELECT value FROM json_each(?${w.params.length + 1})) GROUP BY article, hour`,
    )
    .bind(...w.params, JSON.stringify(articles))
    .all<{ article: string; hour: number } & Record<string, number>>()
  const steps = Math.round((to - from) / FIVE_MINUTES_MS)
  const out = new Map<string, number[]>()
  for (const r of results) {
    const line = out.get(r.article) ?? Array<number>(steps).fill(0)
    for (let i = 0; i < STEPS; i++) {
      const at = Math.round((r.hour + i * FIVE_MINUTES_MS - from) / FIVE_MINUTES_MS)
      if (at >= 0 && at < steps) line[at]! += r[`c${i}`] ?? 0
    }
    out.set(r.article, line)
  }
  return out
}

/** The instants a `last` window runs from and to (five-minute aligned). */
function bounds(scope: Scope): { from: number; to: number } {
  if (!('last' in scope.period)) throw new Error('bounds of a `last` window only')
  const to = fiveMinutesOf(scope.period.now) + FIVE_MINUTES_MS
  return { from: to - LAST[scope.period.last] * 60_000, to }
}

/** Rows grouped by a column of the rollups: channels, sections, authors. */
async function grouped(db: D1Database, scope: Scope, column: 'channel' | 'section' | 'author', limit: number): Promise<Report> {
  const w = windowOf(scope)
  const { results } = await db
    .prepare(
      `SELECT ${column} AS key, ${sums(w)},
         SUM(SUM(${w.now.clicks})) OVER () AS all_clicks, SUM(SUM(${w.now.previews})) OVER () AS all_previews,
         SUM(SUM(${w.now.shares})) OVER () AS all_shares, SUM(SUM(${w.now.crawls})) OVER () AS all_crawls,
         SUM(SUM(${w.before.clicks})) OVER () AS all_prev_clicks, SUM(SUM(${w.before.previews})) OVER () AS all_prev_previews,
         SUM(SUM(${w.before.shares})) OVER () AS all_prev_shares
       FROM ${w.table} WHERE ${w.where}
       GROUP BY ${column} HAVING ${ANY_FIGURE} ORDER BY clicks DESC, previews DESC, ${column} LIMIT ?${w.params.length + 1}`,
    )
    .bind(...w.params, limit)
    .all<SumRow & { key: string | null } & Record<`all_${string}`, number>>()
  const first = results[0]
  const total = first
    ? {
        clicks: first.all_clicks!,
        previews: first.all_previews!,
        shares: first.all_shares!,
        crawls: first.all_crawls!,
        prev_clicks: first.all_prev_clicks!,
        prev_previews: first.all_prev_previews!,
        prev_shares: first.all_prev_shares!,
      }
    : undefined
  return {
    covered: w.covered,
    totals: totalsOf(total, scope.compare),
    rows: results.map((r) => ({
      [column]: r.key,
      clicks: r.clicks,
      previews: r.previews,
      shares: r.shares,
      ...(scope.compare ? { previousClicks: r.prev_clicks } : {}),
    })),
  }
}

/**
 * Countries and referrers (of clicks), platforms (previews, and search engines' crawls), from the
 * rows' breakdowns. For `last`, at the hours' resolution: the window is widened to whole hours,
 * and the answer says so (its start and end).
 */
async function breakdown(db: D1Database, scope: Scope, groupBy: 'countries' | 'referrers' | 'platforms', limit: number): Promise<Report> {
  const w = windowOf(scope, true)
  const isNow = scope.compare ? w.isNow : '1'
  const query = (path: string) =>
    db
      .prepare(
        `SELECT j.key AS key, SUM(CASE WHEN ${isNow} THEN j.value ELSE 0 END) AS n, SUM(CASE WHEN ${isNow} THEN 0 ELSE j.value END) AS prev
         FROM ${w.table}, json_each(${w.table}.dims, '${path}') j WHERE ${w.where}
         GROUP BY j.key ORDER BY n DESC, j.key LIMIT ?${w.params.length + 1}`,
      )
      .bind(...w.params, limit)
  const [sumsRow, ...lists] = await db.batch<Record<string, unknown>>([
    db.prepare(`SELECT ${sums(w)} FROM ${w.table} WHERE ${w.where}`).bind(...w.params),
    ...(groupBy === 'platforms' ? [query('$.platform'), query('$.search')] : [query(groupBy === 'countries' ? '$.country' : '$.referrer')]),
  ])
  const t = totalsOf(sumsRow!.results[0] as SumRow | undefined, scope.compare)
  const list = (i: number) => lists[i]!.results as { key: string; n: number; prev: number }[]
  if (groupBy !== 'platforms') {
    const name = groupBy === 'countries' ? 'country' : 'referrer'
    return {
      covered: w.covered,
      totals: t,
      rows: list(0)
        .filter((r) => r.n > 0)
        .map((r) => ({ [name]: r.key, clicks: r.n, ...(scope.compare ? { previousClicks: r.prev } : {}) })),
    }
  }
  const platforms = new Map<string, { platform: string; previews: number; crawls: number; previousPreviews?: number }>()
  const row = (key: string) =>
    platforms.get(key) ?? { platform: key, previews: 0, crawls: 0, ...(scope.compare ? { previousPreviews: 0 } : {}) }
  for (const r of list(0)) platforms.set(r.key, { ...row(r.key), previews: r.n, ...(scope.compare ? { previousPreviews: r.prev } : {}) })
  for (const r of list(1)) platforms.set(r.key, { ...row(r.key), crawls: r.n })
  const rows = [...platforms.values()]
    .filter((r) => r.previews > 0 || r.crawls > 0)
    .sort((a, b) => b.previews - a.previews || b.crawls - a.crawls || a.platform.localeCompare(b.platform))
    .slice(0, limit)
  return { covered: w.covered, totals: t, rows }
}

/**
 * One row per day, hour or five minutes of the period, zeros included, each with its split by
 * channel (and, with compare, the same step of the period before).
 */
async function timeseries(db: D1Database, scope: Scope, interval: Interval): Promise<Report> {
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

export async function report(
  db: D1Database,
  groupBy: GroupBy,
  scope: Scope,
  options: { limit: number; interval: Interval; sparkline?: Last },
): Promise<Report> {
  switch (groupBy) {
    case 'articles':
      return articles(db, scope, options.limit, options.sparkline)
    case 'channels':
      return grouped(db, scope, 'channel', options.limit)
    case 'sections':
      return grouped(db, scope, 'section', options.limit)
    case 'authors':
      return grouped(db, scope, 'author', options.limit)
    case 'timeseries':
      return timeseries(db, scope, options.interval)
    default:
      return breakdown(db, scope, groupBy, options.limit)
  }
}

/** CSV columns per groupBy; `byChannel` spreads into one column per channel, and one for links without one, so a row adds up. */
export function csvColumns(groupBy: GroupBy, interval: Interval): string[] {
  const channels = [...CHANNELS.map((c) => `clicks_${c}`), 'clicks_none']
  switch (groupBy) {
    case 'articles':
      return ['url', 'title', 'section', 'author', 'clicks', 'previews', 'shares', ...channels]
    case 'channels':
      return ['channel', 'clicks', 'previews', 'shares']
    case 'sections':
      return ['section', 'clicks', 'previews', 'shares']
    case 'authors':
      return ['author', 'clicks', 'previews', 'shares']
    case 'timeseries':
      return [interval === 'day' ? 'day' : interval === 'hour' ? 'hour' : 'at', 'clicks', 'previews', 'shares', ...channels]
    case 'countries':
      return ['country', 'clicks']
    case 'referrers':
      return ['referrer', 'clicks']
    case 'platforms':
      return ['platform', 'previews', 'crawls']
  }
}
