/**
 * Running Workers in workerd through Miniflare's Node API, configured like wrangler.toml.
 * Options are written in Miniflare 4's flat shape (the one its docs describe) and converted with
 * `convertV4MiniflareOptions`, which Miniflare 5's constructor needs.
 */
import { convertV4MiniflareOptions, Miniflare } from 'miniflare'
import { track } from './cleanup.mjs'

export const COMPATIBILITY_DATE = '2026-11-01'
export const API_KEY = 'bench-key'
export const FLUSH_SECONDS = 1

/** Warnings and errors the Workers logged (console.warn/error): printed with the report. */
export const workerLogs = []

/**
 * The sharelink Worker as wrangler.toml declares it. `kv` is either a namespace id (a plain KV
 * binding) or an `unsafeBindings` entry from kv-meter-plugin.mjs (the same binding, metered).
 */
export function sharelinkWorker({ name, scriptPath, publicUrl, kv }) {
  return {
    name,
    modules: true,
    scriptPath,
    compatibilityDate: COMPATIBILITY_DATE,
    ...(typeof kv === 'string' ? { kvNamespaces: { LINKS: kv } } : { unsafeBindings: [kv] }),
    durableObjects: {
      CLICK_COUNTER: { className: 'ClickCounter', useSQLite: true },
      SHARE_CLAIMS: { className: 'ShareClaims', useSQLite: true },
    },
    ratelimits: { SHARE_LIMITER: { namespace_id: '1001', simple: { limit: 60, period: 60 } } },
    bindings: {
      PUBLIC_BASE_URL: publicUrl,
      ALLOWED_HOSTS: '127.0.0.1:*,localhost:*',
      API_KEY,
      FLUSH_SECONDS: String(FLUSH_SECONDS),
      UTM_MEDIUM: 'social',
    },
  }
}

/** A Worker of its own on its own loopback port (read it with `mf.unsafeGetDirectURL(name)`). */
export const ownPort = [{ host: '127.0.0.1', port: 0 }]

/**
 * Starts Miniflare on a free loopback port. `workers(url)` builds the Worker list for the URL the
 * entry Worker listens on: the first start learns the port, a second `setOptions` (which keeps
 * the port) passes it in, so PUBLIC_BASE_URL is the real address.
 */
export async function startMiniflare(label, workers) {
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
  const mf = new Miniflare(options('http://127.0.0.1'))
  // Idempotent: a section closes its instance when done; the registry closes it on any failure.
  let disposed = null
  const dispose = () => (disposed ??= mf.dispose())
  track(`miniflare ${label}`, mf, dispose)
  const first = new URL(await mf.ready)
  await mf.setOptions(options(first.origin))
  const url = new URL(await mf.ready)
  if (url.origin !== first.origin) throw new Error(`miniflare ${label} moved from ${first.origin} to ${url.origin}`)
  return { mf, url: url.origin, dispose }
}
