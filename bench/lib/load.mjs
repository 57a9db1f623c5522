/** Load from Node with autocannon: bounded by a request count or a duration, never open-ended. */
import autocannon from 'autocannon'
import { track } from './cleanup.mjs'

export const BROWSER_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
export const CRAWLER_UA = 'facebookexternalhit/1.1'

let readers = 0

/**
 * A reader address never handed out before in this run, in a /64 of its own: an IPv6 address of
 * the documentation range (2001:db8::/32), only ever a header value, never a destination. The
 * counter takes an IPv6 /64 for one client (src/util/client.ts) and lets one client add at most
 * DEDUP_PER_ADDRESS new readers to a link per window: readers sharing a /64 would be repeats.
 */
export function newReader() {
  readers++
  return `2001:db8:${(readers >>> 16).toString(16)}:${(readers & 0xffff).toString(16)}::1`
}

/**
 * Runs one autocannon load. `target` is { url, method?, headers?, body?, reader? }; `limits` is
 * { amount } or { duration } (s), plus { connections }. Redirects are not followed. With
 * `reader` (a header name), every request carries a new reader address in that header: as
 * CF-Connecting-IP, each click is a distinct reader; under any other name the Worker ignores it
 * and the load generator does the same work. Resolves with requests per second, latency
 * percentiles (ms) and responses by status.
 */
export function load(target, { connections, amount, duration }) {
  return new Promise((resolve, reject) => {
    let done = false
    const header = target.reader
    const instance = autocannon(
      {
        url: target.url,
        method: target.method ?? 'GET',
        headers: target.headers,
        body: target.body,
        ...(header ? { requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, [header]: newReader() } }) }] } : {}),
        connections,
        ...(amount ? { amount } : { duration }),
        // A stuck request fails the run rather than stalling it.
        timeout: 10,
      },
      (err, result) => {
        done = true
        if (err) return reject(err)
        const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([s, v]) => [s, Number(v.count)]))
        const seconds = (result.finish - result.start) / 1000
        resolve({
          requests: result.requests.total,
          seconds,
          rps: result.requests.total / seconds,
          p50: result.latency.p50,
          p99: result.latency.p99,
          statuses,
          errors: result.errors,
          timeouts: result.timeouts,
        })
      },
    )
    track('autocannon', instance, () => {
      if (!done) instance.stop()
    })
  })
}

/** Responses with `status`, out of a load result. */
export const answered = (result, status) => result.statuses[String(status)] ?? 0

/** Everything that was not `status`, as "404×3, errors×1", or '' when there was nothing else. */
export function unexpected(result, status) {
  const other = Object.entries(result.statuses)
    .filter(([s]) => s !== String(status))
    .map(([s, n]) => `${s}×${n}`)
  if (result.errors) other.push(`errors×${result.errors}`)
  return other.join(', ')
}
