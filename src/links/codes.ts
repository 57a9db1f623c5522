/** @module Short codes: random base62, and the names custom slugs may not take. */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A random 7-character base62 code (62^7 ≈ 3.5e12), unbiased by rejection sampling. */
export function randomCode(length = 7): string {
  let out = ''
  const buf = new Uint8Array(length * 2)
  while (out.length < length) {
    crypto.getRandomValues(buf)
    for (const b of buf) {
      // 248 = 4 * 62: bytes at or above it would favour the first letters.
      if (b < 248) out += ALPHABET[b % 62]
      if (out.length === length) break
    }
  }
  return out
}

/** First path segments the app routes itself; a slug equal to one would be unreachable. */
const RESERVED = new Set([
  'api',
  'share',
  'embed.js',
  'docs',
  'docs.js',
  'openapi.json',
  'demo-article',
  'dashboard',
  'demo',
  'healthz',
  'robots.txt',
  'favicon.ico',
  'static',
  'assets',
  'admin',
  'login',
  'well-known',
  '.well-known',
  'sitemap.xml',
  'humans.txt',
  'security.txt',
  'qr',
  'stats',
])

export function isReserved(slug: string): boolean {
  return RESERVED.has(slug.toLowerCase())
}
