/** @module Analytics over a period, or the time just past: by article, channel, section, author, time, country, referrer or crawler platform. */
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { csvColumns, GROUP_BY, type GroupBy, type Interval, LAST, type Last, report, type Scope } from '../clicks/analytics'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { articleUrl } from '../links/canonical'
import { ChannelSchema, FiguresByKey } from '../links/schema'
import { articleHash } from '../links/store'
import { addDays, daysBetween, isDate, MAX_HOURLY_DAYS, MAX_PERIOD_DAYS, type Zone } from '../time'
import { toCsv } from './csv'
import { op } from './operation'
import { validate } from './validate'

const DEFAULT_DAYS = 30

const Day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'))
const Text = z.string().check(z.trim(), z.minLength(1), z.maxLength(200))

const Period = {
  start: z.optional(Day),
  end: z.optional(Day),
  last: z.optional(z.enum(Object.keys(LAST) as [Last, ...Last[]])),
  compare: z.optional(z.enum(['previous'])),
  url: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  channel: z.optional(ChannelSchema),
  section: z.optional(Text),
  author: z.optional(Text),
}

const AnalyticsQuery = z.object({
  groupBy: z._default(z.enum(GROUP_BY), 'articles'),
  ...Period,
  interval: z.optional(z.enum(['day', 'hour', '5m'])),
  limit: z._default(z.coerce.number<string>().check(z.int(), z.minimum(1), z.maximum(1000)), 20),
  sparkline: z.optional(z.enum(['3h'])),
  format: z._default(z.enum(['json', 'csv']), 'json'),
})

const Previous = { previousClicks: z.optional(z.number()) }
const Counted = { clicks: z.number(), previews: z.number(), shares: z.number(), ...Previous }
const ArticleRow = z.object({
  url: z.string(),
  title: z.string(),
  section: z.nullable(z.string()),
  author: z.nullable(z.string()),
  ...Counted,
  byChannel: FiguresByKey,
  spark: z.optional(z.array(z.number())),
})
const ChannelRow = z.object({ channel: z.nullable(z.string()), ...Counted })
const StepRow = z.union([
  z.object({ day: z.string(), ...Counted, byChannel: FiguresByKey }),
  z.object({ hour: z.string(), ...Counted, byChannel: FiguresByKey }),
  z.object({ at: z.string(), ...Counted, byChannel: FiguresByKey }),
])
const CountryRow = z.object({ country: z.string(), clicks: z.number(), ...Previous })
const ReferrerRow = z.object({ referrer: z.string(), clicks: z.number(), ...Previous })
const PlatformRow = z.object({ platform: z.string(), previews: z.number(), crawls: z.number(), previousPreviews: z.optional(z.number()) })
const AnalyticsRow = z.union([
  ArticleRow,
  ChannelRow,
  z.object({ section: z.nullable(z.string()), ...Counted }),
  z.object({ author: z.nullable(z.string()), ...Counted }),
  StepRow,
  CountryRow,
  ReferrerRow,
  PlatformRow,
])
const Totals = z.object({
  clicks: z.number(),
  previews: z.number(),
  shares: z.number(),
  /** Search engines' crawls: apart from the cards. */
  crawls: z.number(),
  previous: z.optional(z.object({ clicks: z.number(), previews: z.number(), shares: z.number() })),
})
const Analytics = z.object({
  groupBy: z.enum(GROUP_BY),
  timezone: z.string(),
  start: z.string(),
  end: z.string(),
  interval: z.optional(z.enum(['day', 'hour', '5m'])),
  totals: Totals,
  rows: z.array(AnalyticsRow),
})

const OverviewQuery = z.object({ ...Period, interval: z.optional(z.enum(['day', 'hour', '5m'])) })
const Overview = z.object({
  timezone: z.string(),
  start: z.string(),
  end: z.string(),
  interval: z.enum(['day', 'hour', '5m']),
  totals: Totals,
  series: z.array(StepRow),
  channels: z.array(ChannelRow),
  articles: z.array(ArticleRow),
  platforms: z.array(PlatformRow),
  countries: z.array(CountryRow),
  referrers: z.array(ReferrerRow),
})

/** A real calendar day; 400 invalid_request otherwise (2026-02-30 is not a day). */
function checkedDay(name: string, value: string): string {
  if (!isDate(value)) throw new ApiError('invalid_request', `${name}: ${value} is not a date`)
  return value
}

type PeriodQuery = z.output<typeof OverviewQuery>

/** What a query asks to count over: days of the zone (the last 30 by default), or `last` minutes up to now. */
export function scopeOf(q: PeriodQuery, zone: Zone, now = Date.now()): Omit<Scope, 'article'> {
  const filters = { zone, channel: q.channel, section: q.section, author: q.author, compare: q.compare === 'previous' }
  if (q.last) {
    if (q.start || q.end) throw new ApiError('invalid_request', 'last: give either last or start and end, not both')
    return { ...filters, period: { last: q.last, now } }
  }
  const end = q.end ? checkedDay('end', q.end) : zone.dateOf(now)
  const start = q.start ? checkedDay('start', q.start) : addDays(end, -(DEFAULT_DAYS - 1))
  if (end < start) throw new ApiError('invalid_request', 'end must not be before start')
  if (daysBetween(start, end) > MAX_PERIOD_DAYS)
    throw new ApiError('invalid_request', `start and end may be at most ${MAX_PERIOD_DAYS} days apart`)
  return { ...filters, period: { start, end } }
}

/** The interval a timeseries is cut into: days by default, five minutes for `last`; hours for either, over at most MAX_HOURLY_DAYS. */
function intervalOf(asked: Interval | undefined, scope: Omit<Scope, 'article'>): Interval {
  if ('last' in scope.period) {
    if (asked === 'day') throw new ApiError('invalid_request', 'interval: with last, the rows are 5m (the default) or hour')
    return asked ?? '5m'
  }
  if (asked === '5m') throw new ApiError('invalid_request', 'interval: 5m rows are for last=15m|60m|3h|24h')
  if (asked === 'hour' && daysBetween(scope.period.start, scope.period.end) >= MAX_HOURLY_DAYS) {
    throw new ApiError('invalid_request', `interval: hourly rows cover at most ${MAX_HOURLY_DAYS} days`)
  }
  return asked ?? 'day'
}

const app = new Hono<AppEnv>()
  .get(
    '/api/analytics',
    op({
      id: 'getAnalytics',
      tag: 'analytics',
      role: 'viewer',
      summary:
        'Clicks, previews and shares over a period or the time just past, by article, channel, section, author, time, country, referrer or platform',
      description: `Days and hours are REPORT_TIMEZONE's (the answer's \`timezone\`): start and end are its dates, inclusive, the last 30 days by default, at most ${MAX_PERIOD_DAYS} days apart; or \`last\` (15m, 60m, 3h, 24h) for the time just past, exact to five minutes (countries, referrers and platforms to the hour: the answer's start and end say what it covers). \`interval\` cuts a timeseries into days, hours (at most ${MAX_HOURLY_DAYS} days) or five minutes (with last). \`compare=previous\` adds the same length of time just before. \`url\` (canonicalised as for share), \`channel\`, \`section\` and \`author\` filter. \`sparkline=3h\` gives each article of a \`last\` ranking its clicks per five minutes. \`format=csv\` answers the rows as CSV. Figures are the exact counts as of the last flush (at most FLUSH_SECONDS old).`,
      responses: { 200: { description: 'The report (or, with format=csv, text/csv)', json: Analytics } },
      errors: ['host_not_allowed'],
    }),
    validate('query', AnalyticsQuery),
    async (c) => {
      const q = c.req.valid('query')
      const config = c.get('config')
      const scope: Scope = {
        ...scopeOf(q, config.zone),
        article: q.url ? await articleHash(articleUrl(q.url, config).href) : undefined,
      }
      const interval = intervalOf(q.interval, scope)
      if (q.sparkline && (q.groupBy !== 'articles' || !('last' in scope.period))) {
        throw new ApiError('invalid_request', 'sparkline: for groupBy=articles with last')
      }
      const result = await report(c.env.ANALYTICS, q.groupBy, scope, { limit: q.limit, interval, sparkline: q.sparkline })
      const { start, end } = result.covered
      if (q.format === 'csv') {
        const csv = toCsv(csvColumns(q.groupBy, interval), result.rows, cellOf)
        // Dates, or instants to the minute (a file name takes no colon).
        const name = `sharelink-${q.groupBy}-${start.slice(0, 16)}-${end.slice(0, 16)}.csv`.replace(/:/g, '')
        return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` })
      }
      const body = {
        groupBy: q.groupBy as GroupBy,
        timezone: config.zone.name,
        start,
        end,
        ...(q.groupBy === 'timeseries' ? { interval } : {}),
        totals: result.totals,
        rows: result.rows as z.output<typeof AnalyticsRow>[],
      }
      return c.json(body, 200)
    },
  )
  .get(
    '/api/analytics/overview',
    op({
      id: 'getAnalyticsOverview',
      tag: 'analytics',
      role: 'viewer',
      summary:
        "What the dashboard's overview shows, in one call: totals, a timeseries by channel, channels, top articles, platforms, countries, referrers",
      description:
        'The period, filters and `interval` as for /api/analytics; with `last`, each article carries its 3-hour sparkline. `url` makes it one article’s.',
      responses: { 200: { description: 'The overview', json: Overview } },
      errors: ['host_not_allowed'],
    }),
    validate('query', OverviewQuery),
    async (c) => {
      const q = c.req.valid('query')
      const config = c.get('config')
      const scope: Scope = { ...scopeOf(q, config.zone), article: q.url ? await articleHash(articleUrl(q.url, config).href) : undefined }
      const interval = intervalOf(q.interval, scope)
      const db = c.env.ANALYTICS
      // The time just past ranks its articles with where each has been going: a 3-hour sparkline.
      const sparkline = 'last' in scope.period ? ('3h' as const) : undefined
      const options = (limit: number) => ({ limit, interval, sparkline })
      const [series, channels, articles, platforms, countries, referrers] = await Promise.all([
        report(db, 'timeseries', scope, options(0)),
        report(db, 'channels', scope, options(20)),
        report(db, 'articles', scope, options(10)),
        report(db, 'platforms', scope, options(20)),
        report(db, 'countries', scope, options(8)),
        report(db, 'referrers', scope, options(8)),
      ])
      // Each list is what report() makes for its groupBy (clicks/analytics/): typed here, once.
      const rows = <S extends z.ZodMiniType>(r: typeof series, _row: S) => r.rows as z.output<S>[]
      return c.json(
        {
          timezone: config.zone.name,
          start: series.covered.start,
          end: series.covered.end,
          interval,
          totals: series.totals,
          series: rows(series, StepRow),
          channels: rows(channels, ChannelRow),
          articles: rows(articles, ArticleRow),
          platforms: rows(platforms, PlatformRow),
          countries: rows(countries, CountryRow),
          referrers: rows(referrers, ReferrerRow),
        },
        200,
      )
    },
  )

function cellOf(row: Record<string, unknown>, column: string): unknown {
  if (column.startsWith('clicks_') && row.byChannel) return (row.byChannel as Record<string, number>)[column.slice('clicks_'.length)] ?? 0
  return row[column]
}

export default app
