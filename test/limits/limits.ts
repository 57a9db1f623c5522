/**
 * @module Production's limits, as the tests enforce them: each with its value, what production
 * answers when it is crossed, where Cloudflare states it and when that page was read. The local
 * runtime (workerd under Miniflare) already refuses some of them itself; the harness
 * (./harness.ts) adds the rest, so a test fails wherever production would.
 */

export interface Limit {
  value: number
  /** What production throws (the harness throws the same text). */
  error: string
  /** `workerd`: the local runtime refuses it already (checked in test/limits.test.ts); `harness`: ./harness.ts does. */
  enforcedBy: 'workerd' | 'harness'
  source: string
  /** When the source was read. */
  read: string
}

const D1 = 'https://developers.cloudflare.com/d1/platform/limits/ (last updated 2026-04-21)'
const DO = 'https://developers.cloudflare.com/durable-objects/platform/limits/ (last updated 2026-06-01)'
const KV = 'https://developers.cloudflare.com/kv/platform/limits/ (last updated 2026-04-21)'
const WORKERS = 'https://developers.cloudflare.com/workers/platform/limits/ (last updated 2026-07-28)'
const READ = '2026-12-05'

/** Calls to Cloudflare's services (KV, D1, Durable Objects) over the per-invocation budget. */
const SERVICE_CALLS_ERROR = 'Too many API requests by single Worker invocation.'

/**
 * Where production's plans differ, the stricter holds here, so the Worker runs on either: Free's
 * 50 outbound fetches and Cache API calls, and the 1,000 calls to Cloudflare's services that both
 * plans allow by default.
 */
export const LIMITS = {
  /** D1: "Maximum bound parameters per query: 100". */
  d1BoundParameters: { value: 100, error: 'D1_ERROR: too many SQL variables', enforcedBy: 'workerd', source: D1, read: READ },
  /** D1: "Maximum SQL statement length: 100,000 bytes (100 KB)"; workerd's own limit is 1,000,000. */
  d1StatementBytes: { value: 100_000, error: 'D1_ERROR: statement too long: SQLITE_TOOBIG', enforcedBy: 'harness', source: D1, read: READ },
  /** D1: "Maximum length of LIKE or GLOB pattern: 50 bytes". */
  d1LikePatternBytes: { value: 50, error: 'D1_ERROR: LIKE or GLOB pattern too complex', enforcedBy: 'workerd', source: D1, read: READ },
  /** Durable Objects SQLite: "Maximum bound parameters per query: 100". */
  doBoundParameters: { value: 100, error: 'too many SQL variables', enforcedBy: 'workerd', source: DO, read: READ },
  /** Durable Objects SQLite: "Maximum SQL statement length: 100 KB"; workerd's own limit is 1,000,000. */
  doStatementBytes: { value: 100_000, error: 'statement too long: SQLITE_TOOBIG', enforcedBy: 'harness', source: DO, read: READ },
  /** Durable Objects SQLite: the same 50-byte LIKE/GLOB pattern. */
  doLikePatternBytes: { value: 50, error: 'LIKE or GLOB pattern too complex', enforcedBy: 'workerd', source: DO, read: READ },
  /** KV: "1 write per second to the same key"; production answers 429 (a delete is a write). */
  kvWritesPerKeyPerSecond: { value: 1, error: 'KV PUT failed: 429 Too Many Requests', enforcedBy: 'harness', source: KV, read: READ },
  /** KV: "Key size: 512 bytes". */
  kvKeyBytes: { value: 512, error: 'KV PUT failed: 414', enforcedBy: 'workerd', source: KV, read: READ },
  /** KV: "Value size: 25 MiB". */
  kvValueBytes: { value: 25 * 1024 * 1024, error: 'KV PUT failed: 413', enforcedBy: 'workerd', source: KV, read: READ },
  /** KV: "Metadata size: 1024 bytes". */
  kvMetadataBytes: { value: 1024, error: 'KV PUT failed: 413', enforcedBy: 'workerd', source: KV, read: READ },
  /** KV: a bulk get reads at most 100 keys, and counts as one operation. */
  kvKeysPerBulkGet: { value: 100, error: 'KV GET_BULK failed: 400', enforcedBy: 'workerd', source: KV, read: READ },
  /** KV: "Operations/Worker invocation: 1,000". */
  kvOperationsPerInvocation: { value: 1000, error: SERVICE_CALLS_ERROR, enforcedBy: 'harness', source: KV, read: READ },
  /** D1: "Queries per Worker invocation: 1000 (Workers Paid)"; a batch() is one call (measured by others: Cloudflare does not say). */
  d1CallsPerInvocation: { value: 1000, error: `D1_ERROR: ${SERVICE_CALLS_ERROR}`, enforcedBy: 'harness', source: D1, read: READ },
  /**
   * Workers: "Subrequests to internal services: 1,000 (Free) | matches configured limit (default
   * 10,000) (Paid)": KV, D1 and Durable Object calls together, held to the Free plan's 1,000.
   */
  serviceCallsPerInvocation: { value: 1000, error: SERVICE_CALLS_ERROR, enforcedBy: 'harness', source: WORKERS, read: READ },
  /** Workers: "Subrequests: 50/request (Free) | 10,000/request (Paid, since 2026-02-11)": fetch(), each redirect hop. */
  fetchesPerInvocation: {
    value: 50,
    error: 'Too many subrequests by single Worker invocation.',
    enforcedBy: 'harness',
    source: WORKERS,
    read: READ,
  },
  /** Workers: Cache API "Calls per request: 50 (Free) | 1,000 (Paid)", put/match/delete, sharing the fetch quota. */
  cacheCallsPerInvocation: {
    value: 50,
    error: 'Too many subrequests by single Worker invocation.',
    enforcedBy: 'harness',
    source: WORKERS,
    read: READ,
  },
} as const satisfies Record<string, Limit>
