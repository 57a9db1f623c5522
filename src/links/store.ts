/**
 * @module The links' copies in KV: the fast read path of redirects, previews and public counts.
 * Each key has one writer (its owner object); everything else only reads. Keys, exported so
 * tests can seed and inspect them:
 *   link:<code>        the LinkRecord, written by its LinkOwner
 *   article:<hash>     the article's links ({code, id, channel}[]), written by its ShareClaims
 */
import type { Channel } from './channels'
import type { LinkRecord } from './schema'

export const linkKey = (code: string) => `link:${code}`
export const articleKey = (hash: string) => `article:${hash}`

/**
 * KV takes about one write a second to a key, and answers the rest 429: each key's one writer
 * waits this long between two writes of it, and writes the latest version when the time comes.
 */
export const KV_WRITE_SPACING_MS = 1_000

/** How long a deleted or expired link is kept, so its 410 and its stats outlive it a while. */
export const PURGE_AFTER_SECONDS = 90 * 24 * 3600

export type ArticleLink = {
  code: string
  id: string
  channel: Channel | null
}

/** SHA-256 of a canonical article URL: a fixed-length key part whatever the URL's length. */
export async function articleHash(url: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(url))
  return [...new Uint8Array(digest, 0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export async function readLinkCopy(kv: KVNamespace, code: string): Promise<LinkRecord | null> {
  return kv.get<LinkRecord>(linkKey(code), 'json')
}

/** When the owner's copy should leave KV by itself: some time after the link ended, never while live. */
export function purgeAt(rec: LinkRecord): number | null {
  const end = rec.deletedAt ?? rec.expiresAt
  return end ? Date.parse(end) + PURGE_AFTER_SECONDS * 1000 : null
}

export async function writeLinkCopy(kv: KVNamespace, rec: LinkRecord): Promise<void> {
  const at = purgeAt(rec)
  // KV refuses expirations less than 60 s ahead.
  const options = at === null ? {} : { expiration: Math.max(Math.floor(at / 1000), Math.floor(Date.now() / 1000) + 120) }
  await kv.put(linkKey(rec.code), JSON.stringify(rec), options)
}

export async function readArticleLinks(kv: KVNamespace, hash: string): Promise<ArticleLink[] | null> {
  return kv.get<ArticleLink[]>(articleKey(hash), 'json')
}

export async function writeArticleLinks(kv: KVNamespace, hash: string, links: ArticleLink[]): Promise<void> {
  await kv.put(articleKey(hash), JSON.stringify(links))
}

/**
 * How stale the isolate's copy of a record may be where the change was not made. KV itself takes
 * up to 60 s to show a change in other locations, so this adds little; the isolate that changes
 * a link forgets it at once.
 */
export const HOT_TTL_MS = 5_000
const HOT_MAX = 5_000
/** Kept per binding: the copies belong to the store they were read from. */
const hotBy = new WeakMap<KVNamespace, Map<string, { rec: LinkRecord; until: number }>>()

function hotOf(kv: KVNamespace): Map<string, { rec: LinkRecord; until: number }> {
  let hot = hotBy.get(kv)
  if (!hot) {
    hot = new Map()
    hotBy.set(kv, hot)
  }
  return hot
}

/** The isolate's fresh copy of a record, without touching KV. */
export function peekLink(kv: KVNamespace, code: string, now = Date.now()): LinkRecord | undefined {
  const entry = hotOf(kv).get(code)
  return entry && entry.until > now ? entry.rec : undefined
}

/**
 * Keeps a record in the isolate for HOT_TTL_MS, so a burst of clicks costs one read per isolate.
 * A copy older than the one held (answers to changes made at once arrive in any order) is not kept.
 */
export function keepLink(kv: KVNamespace, rec: LinkRecord, now = Date.now()): void {
  const hot = hotOf(kv)
  const held = hot.get(rec.code)?.rec
  if (held && held.id === rec.id && held.version > rec.version) return
  missesOf(kv).delete(rec.code)
  hot.delete(rec.code)
  // Map keeps insertion order: the first key is the longest unread.
  if (hot.size >= HOT_MAX) hot.delete(hot.keys().next().value!)
  hot.set(rec.code, { rec, until: now + HOT_TTL_MS })
}

export function forgetLink(kv: KVNamespace, code: string): void {
  hotOf(kv).delete(code)
}

/**
 * How long an isolate remembers that a code has no link. A scan of codes would otherwise cost a
 * KV read and a call to the code's owner per try; a link made since in this isolate replaces the
 * miss at once (keepLink), one made elsewhere shows here within this time.
 */
export const MISS_TTL_MS = 10_000
const missesBy = new WeakMap<KVNamespace, Map<string, number>>()

function missesOf(kv: KVNamespace): Map<string, number> {
  let misses = missesBy.get(kv)
  if (!misses) {
    misses = new Map()
    missesBy.set(kv, misses)
  }
  return misses
}

/** Whether this isolate learnt within MISS_TTL_MS that `code` has no link. */
export function knownMissing(kv: KVNamespace, code: string, now = Date.now()): boolean {
  const until = missesOf(kv).get(code)
  return until !== undefined && until > now
}

export function rememberMissing(kv: KVNamespace, code: string, now = Date.now()): void {
  const misses = missesOf(kv)
  misses.delete(code)
  if (misses.size >= HOT_MAX) misses.delete(misses.keys().next().value!)
  misses.set(code, now + MISS_TTL_MS)
}
