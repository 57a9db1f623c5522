/**
 * Cloudflare's public price list for what sharelink's clicks use, as data: Workers Paid plan,
 * US dollars per million units beyond the monthly amount the plan includes. Checked against the
 * pages below on the date given, and against issue 15's text; when a price changes, change it
 * here, with the date, and every cost the bench prints follows.
 */
export const PRICE_LIST = {
  checked: '2026-11-27',
  plan: 'Workers Paid',
  planMonthly: 5,
  sources: {
    workers: 'https://developers.cloudflare.com/workers/platform/pricing/',
    durableObjects: 'https://developers.cloudflare.com/durable-objects/platform/pricing/',
    kv: 'https://developers.cloudflare.com/kv/platform/pricing/',
    d1: 'https://developers.cloudflare.com/d1/platform/pricing/',
    d1Limits: 'https://developers.cloudflare.com/d1/platform/limits/',
    analyticsEngine: 'https://developers.cloudflare.com/analytics/analytics-engine/pricing/',
  },
}

/**
 * One line per billed operation: `perMillion` dollars beyond `included` units a month. The keys
 * are the names the cost section counts under.
 */
export const PRICES = {
  workerRequests: { label: 'Worker requests', perMillion: 0.3, included: 10e6, source: 'workers' },
  doRequests: { label: 'Durable Object requests (RPC calls, alarms)', perMillion: 0.15, included: 1e6, source: 'durableObjects' },
  doRowsRead: { label: 'Durable Object SQLite rows read', perMillion: 0.001, included: 25e9, source: 'durableObjects' },
  doRowsWritten: { label: 'Durable Object SQLite rows written', perMillion: 1.0, included: 50e6, source: 'durableObjects' },
  kvReads: { label: 'KV reads', perMillion: 0.5, included: 10e6, source: 'kv' },
  kvWrites: { label: 'KV writes', perMillion: 5.0, included: 1e6, source: 'kv' },
  d1RowsRead: { label: 'D1 rows read', perMillion: 0.001, included: 25e9, source: 'd1' },
  d1RowsWritten: { label: 'D1 rows written', perMillion: 1.0, included: 50e6, source: 'd1' },
  aeDataPoints: { label: 'Analytics Engine data points written', perMillion: 0.25, included: 10e6, source: 'analyticsEngine' },
}

/**
 * Not in the measured tables: Durable Object duration, $12.50 per million GB-s beyond 400,000
 * GB-s a month, billed at 128 MB while an object runs or sits in memory unable to hibernate.
 */
export const DO_DURATION = { perMillionGbS: 12.5, includedGbS: 400_000, gbPerObject: 0.128 }

/**
 * D1 storage, apart from the per-operation lines: $0.75 per GB-month beyond the first 5 GB, which
 * the Workers Paid plan includes for all of an account's databases together; tables and indexes
 * both count (PRICE_LIST.sources.d1, "Storage (per GB stored)"). One database holds at most 10 GB on
 * Workers Paid (PRICE_LIST.sources.d1Limits, "Maximum database size"). Both read 2026-12-05.
 */
export const D1_STORAGE = { perGbMonth: 0.75, includedGb: 5, maxDatabaseGb: 10, source: 'd1' }

/** Dollars for `units` of `op` at list price, nothing included. */
export const listPrice = (op, units) => (units / 1e6) * PRICES[op].perMillion

/** Dollars billed for a month's `units` of `op`, after the plan's included amount. */
export const billed = (op, units) => (Math.max(0, units - PRICES[op].included) / 1e6) * PRICES[op].perMillion
