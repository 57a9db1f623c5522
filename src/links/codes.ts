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

/**
 * First path segments no code may take: Cloudflare's own (/cdn-cgi/) and the web's (/.well-known/),
 * and those of the app's routes, which index.ts reserves as it mounts them. A slug equal to one
 * would be unreachable. (Files served from public/ are checked where slugs are chosen: links/admin.ts.)
 */
const reserved = new Set(['cdn-cgi', '.well-known'])

/** Reserves the first segments of `paths` (route patterns such as /api/links or /:code/qr.svg; parameters reserve nothing). */
export function reservePaths(paths: Iterable<string>): void {
  for (const path of paths) {
    const first = path.split('/')[1]
    if (first && !first.startsWith(':') && first !== '*') reserved.add(first.toLowerCase())
  }
}

export function isReserved(slug: string): boolean {
  return reserved.has(slug.toLowerCase())
}
