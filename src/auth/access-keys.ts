/**
 * @module The public keys that sign Cloudflare Access tokens, fetched from the team domain's
 * `/cdn-cgi/access/certs` and kept per isolate.
 *
 * Access rotates its signing key every 6 weeks and keeps the previous one valid for 7 days
 * (https://developers.cloudflare.com/cloudflare-one/access-controls/applications/http-apps/authorization-cookie/validating-json/),
 * so keys held for minutes are never wrong for long, and a token naming a key we do not hold is
 * the one sign that a rotation happened since: that triggers a refetch, at most once per
 * REFETCH_MIN_MS, so a flood of tokens with made-up key ids cannot become a flood of fetches.
 *
 * No fetch is shared between requests as a promise: the Workers runtime cancels a request that
 * awaits a promise made by another request once that one ends (cloudflare/cloudflare-docs#29797),
 * so each request that needs keys fetches them itself, and the cache holds only finished results.
 */

/** How long fetched keys are used before they are fetched again. */
export const KEYS_TTL_MS = 10 * 60_000
/** The least time between two fetches caused by an unknown key id. */
export const REFETCH_MIN_MS = 30_000
/** After a failed fetch, requests answer "unavailable" at once for this long instead of each waiting on a fetch. */
export const RETRY_AFTER_FAILURE_MS = 5_000
/** Keys past their TTL still verify while the certs endpoint fails, up to this age. */
export const STALE_IF_ERROR_MS = 60 * 60_000
/** A fetch of the keys that takes longer has failed (then the caller answers 503). */
export const FETCH_TIMEOUT_MS = 3_000

const MAX_BODY_CHARS = 100_000
const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const

interface Entry {
  keys?: Map<string, CryptoKey>
  fetchedAt: number
  /** When the last fetch started, whatever became of it. */
  attemptedAt: number
  failed: boolean
}

const cache = new Map<string, Entry>()

export type KeyLookup = CryptoKey | 'unknown' | 'unavailable'

/**
 * The key `kid` of `teamDomain`: a CryptoKey, 'unknown' (the set, fresh or just refetched, has no
 * such key: the token is bad) or 'unavailable' (no keys could be had: the caller answers 503).
 */
export async function accessKey(teamDomain: string, kid: string, fetchFn: typeof fetch, now: number): Promise<KeyLookup> {
  let entry = cache.get(teamDomain)
  if (!entry) {
    entry = { fetchedAt: -Infinity, attemptedAt: -Infinity, failed: false }
    cache.set(teamDomain, entry)
  }
  const fresh = entry.keys !== undefined && now - entry.fetchedAt < KEYS_TTL_MS
  const known = entry.keys?.has(kid) ?? false
  const sinceAttempt = now - entry.attemptedAt
  const shouldFetch = fresh
    ? !known && sinceAttempt >= REFETCH_MIN_MS
    : // A clock that went back (sinceAttempt < 0) must not leave the isolate without keys.
      sinceAttempt >= (entry.failed ? RETRY_AFTER_FAILURE_MS : 0) || sinceAttempt < 0

  if (shouldFetch) {
    entry.attemptedAt = now
    const keys = await fetchKeys(teamDomain, fetchFn)
    if (keys) Object.assign(entry, { keys, fetchedAt: now, failed: false })
    else {
      entry.failed = true
      // A key we do not hold, and no way to learn whether it is new: unavailable, not "bad token".
      if (fresh) return 'unavailable'
    }
  }

  if (!entry.keys || now - entry.fetchedAt >= STALE_IF_ERROR_MS) return 'unavailable'
  return entry.keys.get(kid) ?? 'unknown'
}

/** Forgets every key set held (tests start from an empty cache). */
export function forgetAccessKeys(): void {
  cache.clear()
}

/** The RS256 keys of the set, by kid; null when the set cannot be fetched or holds none. */
async function fetchKeys(teamDomain: string, fetchFn: typeof fetch): Promise<Map<string, CryptoKey> | null> {
  let body: unknown
  try {
    const res = await fetchFn(`${teamDomain}/cdn-cgi/access/certs`, {
      headers: { Accept: 'application/json' },
      // A redirect would mean trusting keys from wherever it points.
      redirect: 'manual',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    })
    if (res.status !== 200) {
      await res.body?.cancel()
      return null
    }
    const text = await res.text()
    if (text.length > MAX_BODY_CHARS) return null
    body = JSON.parse(text)
  } catch {
    return null
  }
  const jwks = (body as { keys?: unknown } | null)?.keys
  if (!Array.isArray(jwks)) return null

  const keys = new Map<string, CryptoKey>()
  for (const jwk of jwks as Record<string, unknown>[]) {
    const { kid, kty, alg, use, n, e } = jwk ?? {}
    // The set also carries public_cert(s) as PEM; the JWKs say the same, and are what we import.
    if (typeof kid !== 'string' || kty !== 'RSA' || typeof n !== 'string' || typeof e !== 'string') continue
    if ((alg !== undefined && alg !== 'RS256') || (use !== undefined && use !== 'sig')) continue
    try {
      keys.set(kid, await crypto.subtle.importKey('jwk', { kty, n, e, alg: 'RS256', ext: true }, RS256, false, ['verify']))
    } catch {
      // One key the runtime refuses leaves the others usable.
    }
  }
  return keys.size > 0 ? keys : null
}
