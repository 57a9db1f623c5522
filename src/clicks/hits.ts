/** @module The hit a request stands for, from what Cloudflare and the browser tell about it. */
import { platformOf } from '../preview/platforms'
import { dayOf } from './days'
import { referrerOf } from './referrers'
import type { Hit } from './types'

/** The hit a request stands for; `who` (address and user agent) travels to the counter, which hashes it. */
export function hitOf(kind: Hit['kind'], request: Request, now = Date.now()): Hit {
  const cf = request.cf as { country?: unknown } | undefined
  const country = typeof cf?.country === 'string' && /^[A-Z0-9]{2}$/.test(cf.country) ? cf.country : 'XX'
  const ua = request.headers.get('User-Agent')
  const hit: Hit = { t: now, kind, country, referrer: referrerOf(request.headers.get('Referer')) }
  if (kind === 'preview') hit.platform = platformOf(ua)
  else {
    const address = request.headers.get('CF-Connecting-IP')
    // Without an address there is no telling readers apart: the click counts, undeduplicated.
    if (address) hit.who = `${address}\n${ua ?? ''}`
  }
  return hit
}

const encoder = new TextEncoder()

/** SHA-256 of (UTC day, address, user agent): what a reader is before the counter salts it. */
export async function prehash(t: number, who: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(`${dayOf(t)}\n${who}`))))
}

/** The hit as it may be stored (KV, while a counter is down): `who` hashed, never kept raw. */
export async function sealed(hit: Hit): Promise<Hit> {
  const { who, ...rest } = hit
  if (who === undefined) return rest
  return { ...rest, reader: await prehash(hit.t, who) }
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
