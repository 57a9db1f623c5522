// What sections D and E run of src/ from Node, on Miniflare's D1 binding (bundled by lib/build.mjs
// with esbuild, TS and all; not run as it is): the analytics queries as the routes build them, and
// the daily trim of the rollups as the cron runs it. The bench copies none of their SQL.

export { report } from '../../src/clicks/analytics'
export { HOURS_KEPT_DAYS, trimRollups } from '../../src/clicks/rollups'
export { DEFAULT_FLUSH_SECONDS, DEFAULT_RETENTION_DAYS } from '../../src/config'
export { Zone } from '../../src/time'
