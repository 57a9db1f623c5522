/** @module The hit a request stands for, from what Cloudflare and the browser tell about it. */
import { platformOf } from '../preview/platforms'
import { referrerOf } from './referrers'
import type { Hit } from './types'

/** A hit before it leaves the isolate: `who` (address and user agent) is hashed, then dropped. */
export interface RawHit extends Hit {
  who?: string
}

export function hitOf(kind: Hit['kind'], request: Request, now = Date.now()): RawHit {
  const cf = request.cf as { country?: unknown } | undefined
  const country = typeof cf?.country === 'string' && /^[A-Z0-9]{2}$/.test(cf.country) ? cf.country : 'XX'
  const ua = request.headers.get('User-Agent')
  const hit: RawHit = { t: now, kind, country, referrer: referrerOf(request.headers.get('Referer')) }
  if (kind === 'preview') hit.platform = platformOf(ua)
  else {
    const address = request.headers.get('CF-Connecting-IP')
    // Without an address there is no telling readers apart: the click counts, undeduplicated.
    if (address) hit.who = `${address}\n${ua ?? ''}`
  }
  return hit
}

const encoder = new TextEncoder()

/**
 * The hit as it travels: the reader is SHA-256 of (UTC day, address, user agent). Only this
 * leaves the isolate (and, if the counter is down, waits in KV); the counter salts it again.
 */
export async function sealed(hit: RawHit): Promise<Hit> {
  const { who, ...rest } = hit
  if (who === undefined) return rest
  const day = new Date(hit.t).toISOString().slice(0, 10)
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(`${day}\n${who}`))
  return { ...rest, reader: base64url(new Uint8Array(digest)) }
}

export function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}
