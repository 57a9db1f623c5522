/**
 * @module The counters' figures in D1 (migrations/0006_hours.sql): per (day, link) and per (hour,
 * link) of REPORT_TIMEZONE. Each flush writes the absolute values of the days and hours that
 * changed, so a flush retried after D1 took it changes nothing, and a row whose values are
 * unchanged costs no write at all.
 */
import { DAY_MS, HOUR_MS, type Zone } from '../time'
import type { Day, Figures, Hour } from './days'
import { STEPS } from './days'
import type { CountedLink, Counts } from './types'

/** An hour's rows are kept twice the longest hourly period, so it can be compared with the one before. */
export const HOURS_KEPT_DAYS = 62

const dims = (f: Figures) => JSON.stringify({ country: f.country, referrer: f.referrer, platform: f.platform, search: f.search })
const SLOTS = Array.from({ length: STEPS }, (_, i) => i)
const STEP_COLUMNS = ['c', 'p', 's'].flatMap((x) => SLOTS.map((i) => `${x}${i}`))

const DAY_SQL = `INSERT INTO link_days (day, link, article, channel, section, author, clicks, repeats, previews, shares, crawls, dims,
     total_clicks, total_repeats, total_previews, total_shares)
   VALUES (${Array.from({ length: 16 }, () => '?').join(', ')})
   ON CONFLICT (day, link) DO UPDATE SET clicks = excluded.clicks, repeats = excluded.repeats, previews = excluded.previews,
     shares = excluded.shares, crawls = excluded.crawls, dims = excluded.dims, section = excluded.section, author = excluded.author,
     total_clicks = excluded.total_clicks, total_repeats = excluded.total_repeats, total_previews = excluded.total_previews,
     total_shares = excluded.total_shares
   WHERE dims != excluded.dims OR shares != excluded.shares OR crawls != excluded.crawls OR total_clicks != excluded.total_clicks
     OR total_previews != excluded.total_previews OR total_shares != excluded.total_shares OR repeats != excluded.repeats`

const HOUR_SQL = `INSERT INTO link_hours (hour, link, article, channel, section, author, clicks, repeats, previews, shares, crawls,
     ${STEP_COLUMNS.join(', ')}, dims)
   VALUES (${Array.from({ length: 12 + STEP_COLUMNS.length }, () => '?').join(', ')})
   ON CONFLICT (hour, link) DO UPDATE SET clicks = excluded.clicks, repeats = excluded.repeats, previews = excluded.previews,
     shares = excluded.shares, crawls = excluded.crawls, section = excluded.section, author = excluded.author,
     ${STEP_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}, dims = excluded.dims
   WHERE dims != excluded.dims OR shares != excluded.shares OR repeats != excluded.repeats OR previews != excluded.previews
     OR clicks != excluded.clicks`

/** The days and hours of `link` that changed, and its all-time figures as of now. */
export async function writeRollups(db: D1Database, link: CountedLink, days: [string, Day][], hours: [string, Hour][], totals: Counts) {
  const about = [link.id, link.article, link.channel, link.section ?? null, link.author ?? null] as const
  const statements: D1PreparedStatement[] = []
  for (const [day, d] of days) {
    statements.push(
      db
        .prepare(DAY_SQL)
        .bind(
          day,
          ...about,
          d.clicks,
          d.repeats,
          d.previews,
          d.shares,
          d.crawls,
          dims(d),
          totals.clicks,
          totals.repeats,
          totals.previews,
          totals.shares,
        ),
    )
  }
  for (const [start, h] of hours) {
    statements.push(
      db
        .prepare(HOUR_SQL)
        .bind(Number(start), ...about, h.clicks, h.repeats, h.previews, h.shares, h.crawls, ...h.c, ...h.p, ...h.s, dims(h)),
    )
  }
  if (statements.length) await db.batch(statements)
}

/**
 * Rows one cron run deletes per statement, and statements per table: a day's expiry in bounded
 * steps. Up to 1,000,000 rows a table a day, over four times the hour rows 10,000 links clicked
 * every hour add (240,000), so a backlog clears; 400 statements stay under the 1,000 D1 calls an
 * invocation may make.
 */
const DELETE_CHUNK = 5_000
const DELETE_STEPS = 200

/**
 * Removes days older than `retentionDays` and hours older than HOURS_KEPT_DAYS (the daily cron
 * calls this), in steps of DELETE_CHUNK rows, at most DELETE_STEPS a table a run: a backlog is
 * finished by the next days' runs, and no statement runs long. A delete is a row written too.
 */
export async function trimRollups(db: D1Database, retentionDays: number, zone: Zone, now = Date.now()): Promise<number> {
  // The rows' days are the report zone's.
  const dayCutoff = zone.dateOf(now - retentionDays * DAY_MS)
  const hourCutoff = now - HOURS_KEPT_DAYS * DAY_MS - HOUR_MS
  let removed = 0
  for (const [sql, cutoff] of [
    [`DELETE FROM link_days WHERE (day, link) IN (SELECT day, link FROM link_days WHERE day < ?1 LIMIT ${DELETE_CHUNK})`, dayCutoff],
    [`DELETE FROM link_hours WHERE (hour, link) IN (SELECT hour, link FROM link_hours WHERE hour < ?1 LIMIT ${DELETE_CHUNK})`, hourCutoff],
  ] as const) {
    for (let step = 0; step < DELETE_STEPS; step++) {
      const { meta } = await db.prepare(sql).bind(cutoff).run()
      removed += meta.changes ?? 0
      if ((meta.changes ?? 0) < DELETE_CHUNK) break
    }
  }
  return removed
}
