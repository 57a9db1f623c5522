/**
 * @module Analytics: the questions KV can't answer (ranked, filtered, over time), asked of the D1
 * rollups the counters flush (migrations/0006_hours.sql), in the days and hours of
 * REPORT_TIMEZONE. A period is days (link_days), or the time just past (`last`, from link_hours
 * and their five-minute detail, exact to five minutes). Figures are the counters' exact counts as
 * of each link's last flush. This module picks the report for a groupBy and its CSV columns.
 */
import { CHANNELS } from '../../links/channels'
import { articles } from './articles'
import { breakdown, grouped } from './groups'
import { timeseries } from './timeseries'
import type { GroupBy, Interval, Last, Report, Scope } from './types'

export type { ArticleRow } from './articles'
export type { Covered, Figures, GroupBy, Interval, Last, Report, Scope, Totals } from './types'
export { GROUP_BY, LAST } from './types'

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
