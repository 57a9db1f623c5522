/** @module The hit a request stands for, from what Cloudflare and the browser tell about it. */
import { isSearchEngine, platformOf } from '../preview/platforms'
import type { Zone } from '../time'
import { clientOf } from '../util/client'
import { referrerOf } from './referrers'
import { sipHash24, sipKey } from './siphash'
import type { Hit } from './types'

/**
 * The hit a request stands for: a person's click, a press of a share button, or a crawler's fetch
 * (a card for a platform, or a search engine's crawl). `who` (the client address, and a
 * person's user agent) travels to the counter, which hashes it: readers are told apart there,
 * off the redirect's path.
 */
export function hitOf(kind: 'click' | 'share' | 'crawler', request: Request, now = Date.now()): Hit {
  const cf = request.cf as { country?: unknown } | undefined
  const country = typeof cf?.country === 'string' && /^[A-Z0-9]{2}$/.test(cf.country) ? cf.country : 'XX'
  const ua = request.headers.get('User-Agent')
  const hit: Hit = { t: now, kind: 'click', country, referrer: referrerOf(request.headers.get('Referer')) }
  // Without an address there is no telling readers (or crawlers) apart: the hit counts, undeduplicated.
  const address = request.headers.get('CF-Connecting-IP')
  if (kind === 'crawler') {
    hit.kind = isSearchEngine(ua) ? 'crawl' : 'preview'
    hit.platform = platformOf(ua)
    if (address) hit.who = address
  } else {
    hit.kind = kind
    if (address) hit.who = `${address}\n${ua ?? ''}`
  }
  return hit
}

/**
 * The key prehashes are made with. Not a secret: a prehash only keeps raw addresses out of what
 * is stored while a counter is down (KV), and is as guessable as any unsalted hash of an address.
 * What makes readers unlinkable is the counter's salt, secret, per link and day, dropped after a week.
 */
const PREHASH_KEY = sipKey(new TextEncoder().encode('sharelink reader'))
const encoder = new TextEncoder()

/** A short hash of `text` (SipHash-2-4 under a public key), base64url: how readers and addresses travel sealed. */
export function prehash(text: string): string {
  const [hi, lo] = sipHash24(PREHASH_KEY, encoder.encode(text))
  return base64url(Uint8Array.of(hi >>> 24, hi >>> 16, hi >>> 8, hi, lo >>> 24, lo >>> 16, lo >>> 8, lo))
}

/**
 * Who a hit is, prehashed: the reader (a click's address and user agent, or a crawl's platform
 * and client) and, for clicks, the client (an IPv4 address or IPv6 /64) the per-address cap
 * counts. A day's prehashes are all that a sealed hit keeps, so a live hit and its sealed copy
 * name the same reader.
 */
export function prehashes(hit: Hit, zone: Zone): { reader?: string; client?: string } {
  if (hit.reader !== undefined) return { reader: hit.reader, client: hit.client }
  if (hit.who === undefined) return {}
  // The day of the counter's row, so a reader is one reader all that day.
  const day = zone.dateOf(hit.t)
  if (hit.kind === 'preview' || hit.kind === 'crawl')
    return { reader: prehash(`${day}\n${hit.kind}\n${hit.platform}\n${clientOf(hit.who)}`) }
  const address = hit.who.slice(0, hit.who.indexOf('\n'))
  // A share is a reader's own act beside their click: named apart, so one does not fold the other.
  const as = hit.kind === 'share' ? 'share\n' : ''
  return { reader: prehash(`${day}\n${as}${hit.who}`), client: prehash(`${day}\n${as}${clientOf(address)}`) }
}

/** The hit as it may be stored (KV, while a counter is down): `who` prehashed, never kept raw. */
export function sealed(hit: Hit, zone: Zone): Hit {
  const { who, ...rest } = hit
  if (who === undefined) return rest
  return { ...rest, ...prehashes(hit, zone) }
}
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** Base64url without padding; by table, since the counter encodes a digest per new reader. */
export function base64url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    out += BASE64URL[n >> 18]! + BASE64URL[(n >> 12) & 63]!
    if (i + 1 < bytes.length) out += BASE64URL[(n >> 6) & 63]!
    if (i + 2 < bytes.length) out += BASE64URL[n & 63]!
  }
  return out
}
