/** @module Article URLs: validation against the allow list and the canonical form used as the dedup key. */
import { ApiError } from '../errors'
import type { HostMatcher } from './hosts'
import { normaliseHost } from './hosts'

/** Query parameters that only say where a visit came from; they never change the article. */
const TRACKING = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  'ref_src',
  'ref_url',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'mkt_tok',
  '__s',
  's_cid',
  'cmpid',
  'ocid',
  'spm',
])

/** Parses a URL the caller sent and refuses anything that is not a plain http(s) address. */
export function parseArticleUrl(input: string): URL {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw new ApiError('invalid_url', 'url must be an absolute http or https URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError('invalid_url', 'url must use http or https')
  }
  if (url.username || url.password) {
    throw new ApiError('invalid_url', 'url must not carry credentials')
  }
  return url
}

/** Throws host_not_allowed unless the URL's host is on ALLOWED_HOSTS. */
export function assertAllowed(url: URL, allowed: HostMatcher): void {
  if (!allowed(url)) {
    throw new ApiError('host_not_allowed', `${url.hostname} is not an allowed host`)
  }
}

/**
 * The form of an article URL that identifies it: no fragment, no tracking parameters,
 * host without trailing dot. Other parameters keep their order: some sites route on them.
 */
export function canonicalUrl(input: URL): string {
  const url = new URL(input.href)
  url.hash = ''
  url.hostname = normaliseHost(url.hostname)
  const params = [...url.searchParams]
  const kept = params.filter(([k]) => !isTracking(k))
  // Re-serialise only when something was dropped, so an untouched query keeps its spelling.
  if (kept.length !== params.length) {
    url.search = kept.length ? new URLSearchParams(kept).toString() : ''
  }
  return url.href
}

function isTracking(key: string): boolean {
  const k = key.toLowerCase()
  return k.startsWith('utm_') || TRACKING.has(k)
}
