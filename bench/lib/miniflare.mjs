/**
 * Running Workers in workerd through Miniflare's Node API, configured like wrangler.toml.
 * Options are written in Miniflare 4's flat shape (the one its docs describe) and converted with
 * `convertV4MiniflareOptions`, which Miniflare 5's constructor needs.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { readD1Migrations } from '@cloudflare/vitest-plugin'
import { convertV4MiniflareOptions, Miniflare } from 'miniflare'
import { track } from './cleanup.mjs'
import { ROOT } from './paths.mjs'

export const COMPATIBILITY_DATE = '2026-11-01'
/**
 * The admin key, new each run: 48 random hex digits (192 bits). The Worker refuses a key that could
 * be guessed (src/config.ts MIN_KEY_BITS): with one, every admin call would answer 503 misconfigured.
 */
export const API_KEY = randomBytes(24).toString('hex')
/** Sections A and B: short, so counts reach KV within the run (Section D sets its own). */
export const FLUSH_SECONDS = 1
/** wrangler.toml's (and src/config.ts's) default: de-duplication is on wherever not said otherwise. */
export const DEDUP_SECONDS = 1800

/** Warnings and errors the Workers logged (console.warn/error): printed with the report. */
export const workerLogs = []

/**
 * The sharelink Worker as wrangler.toml declares it. `kv` is either a namespace id (a plain KV
 * binding) or an `unsafeBindings` entry from kv-meter-plugin.mjs (the same binding, metered).
 * `d1` is the ANALYTICS database's id: Workers given the same id share it (startMiniflare
 * applies migrations/ to each database once). `vars` overrides FLUSH_SECONDS, DEDUP_SECONDS…
 * `keepCounters` keeps every ClickCounter in memory (workerd evicts an object idle for about
 * 10 s, and with it the meter its reading() answers from).
 */
export function sharelinkWorker({ name, scriptPath, publicUrl, kv, d1 = 'analytics', vars = {}, keepCounters = false }) {
  return {
    name,
    modules: true,
    scriptPath,
    compatibilityDate: COMPATIBILITY_DATE,
    ...(typeof kv === 'string' ? { kvNamespaces: { LINKS: kv } } : { unsafeBindings: [kv] }),
    d1Databases: { ANALYTICS: d1 },
    durableObjects: {
      CLICK_COUNTER: { className: 'ClickCounter', useSQLite: true, ...(keepCounters ? { unsafePreventEviction: true } : {}) },
      SHARE_CLAIMS: { className: 'ShareClaims', useSQLite: true },
      LINK_OWNER: { className: 'LinkOwner', useSQLite: true },
    },
    ratelimits: { SHARE_LIMITER: { namespace_id: '1001', simple: { limit: 60, period: 60 } } },
    bindings: {
      PUBLIC_BASE_URL: publicUrl,
      ALLOWED_HOSTS: '127.0.0.1:*,localhost:*',
      API_KEY,
      FLUSH_SECONDS: String(FLUSH_SECONDS),
      DEDUP_SECONDS: String(DEDUP_SECONDS),
      UTM_MEDIUM: 'social',
      ...vars,
    },
  }
}

/**
 * Gives each D1 database of `workers` the app's tables, as `wrangler d1 migrations apply` does:
 * migrations/*.sql in order, split into statements by the same reader the runtime tests use.
 */
async function migrateD1(mf, workers) {
  const migrations = await readD1Migrations(join(ROOT, 'migrations'))
  const done = new Set()
  for (const worker of workers) {
    for (const [binding, id] of Object.entries(worker.d1Databases ?? {})) {
      if (done.has(id)) continue
      done.add(id)
      const db = await mf.getD1Database(binding, worker.name)
      for (const { name, queries } of migrations) {
        try {
          await db.batch(queries.map((q) => db.prepare(q)))
        } catch (err) {
          throw new Error(`applying migrations/${name} to D1 ${id} failed: ${err?.message ?? err}`)
        }
      }
    }
  }
}

/** A Worker of its own on its own loopback port (read it with `mf.unsafeGetDirectURL(name)`). */
export const ownPort = [{ host: '127.0.0.1', port: 0 }]

/** Where `inMemory` instances keep their storage: RAM, when the machine has a tmpfs there. */
const RAM_DIR = '/dev/shm'

/**
 * Starts Miniflare on a free loopback port. `workers(url)` builds the Worker list for the URL the
 * entry Worker listens on: the first start learns the port, a second `setOptions` (which keeps
 * the port) passes it in, so PUBLIC_BASE_URL is the real address. With `inMemory`, its storage
 * (KV, D1, Durable Objects: SQLite files in Miniflare's temporary folder) lives in RAM: for
 * sections that count operations rather than time them, where a disk shared with other work
 * would make thousands of fsyncs the slowest part of the run.
 */
export async function startMiniflare(label, workers, { inMemory = false } = {}) {
  const shared = {
    host: '127.0.0.1',
    port: 0,
    // No Request.cf download (no internet here): Miniflare's placeholder object instead.
    cf: false,
    logRequests: false,
    handleStructuredLogs: ({ level, message }) => {
      if (level === 'warn' || level === 'error') workerLogs.push(`[${label}] ${level}: ${String(message).trim()}`)
    },
  }
  const options = (url) => convertV4MiniflareOptions({ ...shared, workers: workers(url) })
  // Miniflare picks its temporary folder (os.tmpdir(), i.e. TMPDIR) in its constructor only.
  const tmpdir = process.env.TMPDIR
  if (inMemory && existsSync(RAM_DIR)) process.env.TMPDIR = RAM_DIR
  let mf
  try {
    mf = new Miniflare(options('http://127.0.0.1'))
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = tmpdir
  }
  // Idempotent: a section closes its instance when done; the registry closes it on any failure.
  let disposed = null
  const dispose = () => (disposed ??= mf.dispose())
  track(`miniflare ${label}`, mf, dispose)
  const first = new URL(await mf.ready)
  await mf.setOptions(options(first.origin))
  const url = new URL(await mf.ready)
  if (url.origin !== first.origin) throw new Error(`miniflare ${label} moved from ${first.origin} to ${url.origin}`)
  await migrateD1(mf, workers(url.origin))
  return { mf, url: url.origin, dispose }
}
