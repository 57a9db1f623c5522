/** @module Admin analytics: top articles, channels, days, countries, referrers and crawler platforms over a period. */
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { csvColumns, GROUP_BY, type GroupBy, type Row, report } from '../clicks/analytics'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { articleUrl } from '../links/canonical'
import { ChannelSchema } from '../links/schema'
import { articleHash } from '../links/store'
import { toCsv } from './csv'
import { op } from './operation'
import { validate } from './validate'

/** The longest period one call may cover, in days between start and end. */
export const MAX_DAYS = 400
const DEFAULT_DAYS = 30

const Day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'))

const AnalyticsQuery = z.object({
  groupBy: z._default(z.enum(GROUP_BY), 'articles'),
  start: z.optional(Day),
  end: z.optional(Day),
  url: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  channel: z.optional(ChannelSchema),
  limit: z._default(z.coerce.number<string>().check(z.int(), z.minimum(1), z.maximum(1000)), 20),
  format: z._default(z.enum(['json', 'csv']), 'json'),
})

const Counts = z.record(z.string(), z.number())
const AnalyticsRow = z.union([
  z.object({ url: z.string(), title: z.string(), clicks: z.number(), previews: z.number(), byChannel: Counts }),
  z.object({ channel: z.nullable(z.string()), clicks: z.number(), previews: z.number() }),
  z.object({ day: z.string(), clicks: z.number(), previews: z.number() }),
  z.object({ country: z.string(), clicks: z.number() }),
  z.object({ referrer: z.string(), clicks: z.number() }),
  z.object({ platform: z.string(), previews: z.number() }),
])
const Analytics = z.object({
  groupBy: z.enum(GROUP_BY),
  start: z.string(),
  end: z.string(),
  totals: z.object({ clicks: z.number(), previews: z.number() }),
  rows: z.array(AnalyticsRow),
})

const DAY_MS = 86_400_000
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10)

/** A real calendar day, as ms; 400 invalid_request otherwise (2026-02-30 is not a day). */
function parseDay(name: string, value: string): number {
  const t = Date.parse(`${value}T00:00:00Z`)
  if (Number.isNaN(t) || dayOf(t) !== value) throw new ApiError('invalid_request', `${name}: ${value} is not a date`)
  return t
}

/** The period asked for: inclusive UTC days, the last 30 by default, at most MAX_DAYS apart. */
export function periodOf(start: string | undefined, end: string | undefined, now = Date.now()): { start: string; end: string } {
  const endMs = end ? parseDay('end', end) : Date.parse(`${dayOf(now)}T00:00:00Z`)
  const startMs = start ? parseDay('start', start) : endMs - (DEFAULT_DAYS - 1) * DAY_MS
  if (endMs < startMs) throw new ApiError('invalid_request', 'end must not be before start')
  if ((endMs - startMs) / DAY_MS > MAX_DAYS) throw new ApiError('invalid_request', `start and end may be at most ${MAX_DAYS} days apart`)
  return { start: dayOf(startMs), end: dayOf(endMs) }
}

const app = new Hono<AppEnv>().get(
  '/api/analytics',
  op({
    id: 'getAnalytics',
    tag: 'analytics',
    role: 'viewer',
    summary: 'Clicks and previews over a period, grouped by article, channel, day, country, referrer or crawler platform',
    description:
      'Days are UTC; start and end are inclusive, the last 30 days by default, at most 400 days apart. `url` (canonicalised as for share) and `channel` filter. `format=csv` answers the rows as CSV. Figures are the exact counts as of the last flush (at most FLUSH_SECONDS old).',
    responses: {
      200: { description: 'The report (or, with format=csv, text/csv)', json: Analytics },
    },
    errors: ['host_not_allowed'],
  }),
  validate('query', AnalyticsQuery),
  async (c) => {
    const q = c.req.valid('query')
    const period = periodOf(q.start, q.end)
    const article = q.url ? await articleHash(articleUrl(q.url, c.get('config')).href) : undefined
    const result = await report(c.env.ANALYTICS, q.groupBy, { ...period, article, channel: q.channel }, q.limit)
    if (q.format === 'csv') {
      const csv = toCsv(csvColumns(q.groupBy), result.rows, (row, column) => cellOf(row, column))
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="sharelink-${q.groupBy}-${period.start}-${period.end}.csv"`,
        'Cache-Control': 'no-store',
      })
    }
    return c.json({ groupBy: q.groupBy as GroupBy, ...period, ...result }, 200, { 'Cache-Control': 'no-store' })
  },
)

function cellOf(row: Row, column: string): unknown {
  if (column.startsWith('clicks_') && 'byChannel' in row) return row.byChannel[column.slice('clicks_'.length)] ?? 0
  return (row as Record<string, unknown>)[column]
}

export default app
