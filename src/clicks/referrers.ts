/**
 * @module Referrer hosts as counted. The Referer header is the caller's to choose, so the hosts
 * a link keeps are capped (see days.ts); the platforms that really send readers are never pushed
 * out by that cap, and their many hostnames count as one.
 */

/** Hosts (and their subdomains) of platforms, by the name they count under. */
const PLATFORMS: [RegExp, string][] = [
  [/(^|\.)(facebook\.com|fb\.me|fb\.com)$/, 'facebook.com'],
  [/(^|\.)(instagram\.com)$/, 'instagram.com'],
  [/(^|\.)(t\.co|x\.com|twitter\.com)$/, 'x.com'],
  [/(^|\.)(linkedin\.com|lnkd\.in)$/, 'linkedin.com'],
  [/(^|\.)(reddit\.com|redd\.it)$/, 'reddit.com'],
  [/(^|\.)(bsky\.app)$/, 'bsky.app'],
  [/(^|\.)(t\.me|telegram\.org|telegram\.me)$/, 't.me'],
  [/(^|\.)(whatsapp\.com|wa\.me)$/, 'whatsapp.com'],
  [/(^|\.)(threads\.net|threads\.com)$/, 'threads.net'],
  [/(^|\.)(news\.google\.com)$/, 'news.google.com'],
  [/(^|\.)google\.[a-z.]{2,6}$/, 'google'],
  [/(^|\.)(bing\.com)$/, 'bing.com'],
  [/(^|\.)(duckduckgo\.com)$/, 'duckduckgo.com'],
  [/(^|\.)(youtube\.com|youtu\.be)$/, 'youtube.com'],
  [/(^|\.)(flipboard\.com)$/, 'flipboard.com'],
  [/(^|\.)(pinterest\.[a-z.]{2,6})$/, 'pinterest.com'],
  [/(^|\.)(mail\.google\.com|outlook\.live\.com|mail\.yahoo\.com)$/, 'webmail'],
]

/** The name a Referer header counts under: a platform's, a host, 'direct' (none) or 'unknown'. */
export function referrerOf(referer: string | null): string {
  if (!referer) return 'direct'
  let host: string
  try {
    host = new URL(referer).hostname.toLowerCase().replace(/\.+$/, '')
  } catch {
    return 'unknown'
  }
  if (!host) return 'unknown'
  for (const [pattern, name] of PLATFORMS) if (pattern.test(host)) return name
  return host.replace(/^www\./, '').slice(0, 253)
}

const KNOWN = new Set([...PLATFORMS.map(([, name]) => name), 'direct', 'unknown', 'other'])

/** Platforms (and direct, unknown, other) are counted whatever the cap. */
export function isKnownReferrer(name: string): boolean {
  return KNOWN.has(name)
}
