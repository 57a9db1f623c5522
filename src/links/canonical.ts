/** @module Article URLs: the rules a URL must pass to be shared, and the canonical form that identifies an article. */
import type { Config } from '../config'
import { ApiError } from '../errors'
import { isServiceAddress, normaliseHost } from './hosts'

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

/** Parses a URL the caller (or a page) gave and refuses anything that is not a plain http(s) address. */
export function parseArticleUrl(input: string): URL {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw new ApiError('invalid_url', 'url must be an absolute http or https URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiError('invalid_url', 'url must use http or https')
  if (url.username || url.password) throw new ApiError('invalid_url', 'url must not carry credentials')
  return url
}

/**
 * Whether a URL may be an article: on ALLOWED_HOSTS and not an address of this service (a short
 * link to a short link would count one click twice, and a link to the API is a phishing aid).
 * The demo article, on the service's own host, is the one exception.
 */
export function refusal(url: URL, config: Config): ApiError | null {
  if (isServiceAddress(url, config.base) && url.pathname !== '/demo') {
    return new ApiError('invalid_url', 'url must be an article, not an address of this service')
  }
  if (!config.allowed(url)) {
    return new ApiError('host_not_allowed', `${url.host} is not on ALLOWED_HOSTS: only articles of the publisher's own sites can be shared`)
  }
  return null
}

/** A caller's article URL, checked, in canonical form; throws the contract's 400 or 403. */
export function articleUrl(input: string, config: Config): URL {
  const url = parseArticleUrl(input)
  const refused = refusal(url, config)
  if (refused) throw refused
  return new URL(canonicalUrl(url))
}

/**
 * The form of an article URL that identifies it: no fragment, no tracking parameters, host
 * without trailing dot. The rest of the query is kept byte for byte: some sites route on its
 * exact spelling.
 */
export function canonicalUrl(input: URL): string {
  const url = new URL(input.href)
  url.hash = ''
  url.hostname = normaliseHost(url.hostname)
  url.search = withoutParams(url.search, isTracking)
  return url.href
}

/** A query string without the parameters whose (decoded) name `drop` picks; the others untouched. */
export function withoutParams(search: string, drop: (name: string) => boolean): string {
  if (search.length <= 1) return ''
  const kept = search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !drop(paramName(pair)))
  return kept.length ? `?${kept.join('&')}` : ''
}

function paramName(pair: string): string {
  const raw = pair.split('=', 1)[0]!.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

function isTracking(key: string): boolean {
  const k = key.toLowerCase()
  return k.startsWith('utm_') || TRACKING.has(k)
}
