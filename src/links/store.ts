/**
 * @module The links in KV. Keys (exported so tests can seed and inspect):
 *   link:<code>                       the LinkRecord
 *   share:<article hash>:<channel>    code of the share link for (article, channel)
 *   article:<article hash>:<code>     one per link of an article (metadata: channel), for totals
 *   recent:<inverted ms>:<code>       newest-first listing
 */
import { ApiError } from '../errors'
import type { Channel } from './channels'
import type { LinkRecord } from './schema'

export const linkKey = (code: string) => `link:${code}`
export const shareKey = (hash: string, channel: Channel) => `share:${hash}:${channel}`
export const articleKey = (hash: string, code: string) => `article:${hash}:${code}`
export const articlePrefix = (hash: string) => `article:${hash}:`
export const recentKey = (createdAt: string, code: string) => `recent:${String(9e15 - Date.parse(createdAt)).padStart(16, '0')}:${code}`

/** How long KV keeps a deleted or expired link, so its 410 and its stats outlive it a while. */
export const PURGE_AFTER_SECONDS = 90 * 24 * 3600

/** SHA-256 of a canonical article URL: a fixed-length key part whatever the URL's length. */
export async function articleHash(url: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(url))
  return [...new Uint8Array(digest, 0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export async function getLink(kv: KVNamespace, code: string): Promise<LinkRecord | null> {
  return kv.get<LinkRecord>(linkKey(code), 'json')
}

/**
 * How stale a record read through `getHotLink` may be in an isolate that did not make the
 * change. KV itself takes up to 60 s to show a change in other locations, so this adds little;
 * the isolate that writes forgets at once.
 */
export const HOT_TTL_MS = 5_000
const HOT_MAX = 5_000
const hot = new Map<string, { rec: LinkRecord; until: number }>()

/**
 * The record for the redirect path: kept in the isolate for HOT_TTL_MS, so a link in a burst
 * of clicks costs one KV read per isolate every few seconds, not one per click. Misses are not
 * kept: a new slug works at once.
 */
export async function getHotLink(kv: KVNamespace, code: string, now = Date.now()): Promise<LinkRecord | null> {
  return peekHotLink(code, now) ?? readHot(kv, code, now)
}

/** The isolate's fresh copy of a record, without touching KV. */
export function peekHotLink(code: string, now = Date.now()): LinkRecord | undefined {
  const entry = hot.get(code)
  return entry && entry.until > now ? entry.rec : undefined
}

async function readHot(kv: KVNamespace, code: string, now: number): Promise<LinkRecord | null> {
  const rec = await getLink(kv, code)
  hot.delete(code)
  if (rec) {
    // Map keeps insertion order: the first key is the longest unread.
    if (hot.size >= HOT_MAX) hot.delete(hot.keys().next().value!)
    hot.set(code, { rec, until: now + HOT_TTL_MS })
  }
  return rec
}

/** KV expiry for a record: never while live and undated; some time after it ends otherwise. */
function expiration(rec: LinkRecord): KVNamespacePutOptions {
  const end = rec.deletedAt ?? rec.expiresAt
  if (!end) return {}
  const at = Math.floor(Date.parse(end) / 1000) + PURGE_AFTER_SECONDS
  // KV refuses expirations less than 60 s ahead.
  return { expiration: Math.max(at, Math.floor(Date.now() / 1000) + 120) }
}

export async function saveLink(kv: KVNamespace, rec: LinkRecord): Promise<void> {
  hot.delete(rec.code)
  await kv.put(linkKey(rec.code), JSON.stringify(rec), expiration(rec))
}

/** Writes a new link and the index entries that find it; `share` links also take the (article, channel) slot. */
export async function insertLink(kv: KVNamespace, rec: LinkRecord, share = false): Promise<void> {
  await saveLink(kv, rec)
  await writeIndexes(kv, rec, share)
}

/** After `expiresAt` changes: the index entries must live exactly as long as the record. */
export async function saveLinkAndIndexes(kv: KVNamespace, rec: LinkRecord): Promise<void> {
  await saveLink(kv, rec)
  const holds = rec.channel ? (await findShareCode(kv, rec.url, rec.channel)) === rec.code : false
  await writeIndexes(kv, rec, holds)
}

async function writeIndexes(kv: KVNamespace, rec: LinkRecord, share: boolean): Promise<void> {
  const hash = await articleHash(rec.url)
  const opts = expiration(rec)
  await Promise.all([
    kv.put(recentKey(rec.createdAt, rec.code), '', opts),
    kv.put(articleKey(hash, rec.code), '', { ...opts, metadata: { channel: rec.channel } }),
    share && rec.channel ? kv.put(shareKey(hash, rec.channel), rec.code, opts) : null,
  ])
}

/**
 * Points another address of the article (a shortlink, an AMP page) at its share link, so the
 * next press from that address needs no fetch of the article to find it.
 */
export async function putShareAlias(kv: KVNamespace, address: string, rec: LinkRecord): Promise<void> {
  if (!rec.channel) return
  await kv.put(shareKey(await articleHash(address), rec.channel), rec.code, expiration(rec))
}

export async function findShareCode(kv: KVNamespace, url: string, channel: Channel): Promise<string | null> {
  return kv.get(shareKey(await articleHash(url), channel))
}

/** Marks a link deleted and drops it from the listing and the share index; stats stay readable. */
export async function markDeleted(kv: KVNamespace, rec: LinkRecord): Promise<void> {
  const deleted: LinkRecord = { ...rec, deletedAt: new Date().toISOString() }
  const hash = await articleHash(rec.url)
  await saveLink(kv, deleted)
  await kv.delete(recentKey(rec.createdAt, rec.code))
  if (rec.channel && (await kv.get(shareKey(hash, rec.channel))) === rec.code) {
    await kv.delete(shareKey(hash, rec.channel))
  }
}

/** Newest first. The cursor is KV's own, passed through. */
export async function listLinks(kv: KVNamespace, limit: number, cursor?: string): Promise<{ links: LinkRecord[]; cursor: string | null }> {
  let page: KVNamespaceListResult<unknown>
  try {
    page = await kv.list({ prefix: 'recent:', limit, cursor })
  } catch (err) {
    // KV refuses a cursor it did not issue; that is the caller's to fix, not a 503.
    if (cursor) throw new ApiError('invalid_request', 'cursor is not one this API returned')
    throw err
  }
  const records = await Promise.all(page.keys.map((k) => getLink(kv, k.name.slice(k.name.lastIndexOf(':') + 1))))
  return {
    links: records.filter((r): r is LinkRecord => r !== null && !r.deletedAt),
    cursor: page.list_complete ? null : page.cursor,
  }
}

/** The codes of every link made for an article, with their channels. */
export async function articleLinks(kv: KVNamespace, url: string): Promise<{ code: string; channel: Channel | null }[]> {
  const prefix = articlePrefix(await articleHash(url))
  const out: { code: string; channel: Channel | null }[] = []
  let cursor: string | undefined
  do {
    const page = await kv.list<{ channel: Channel | null }>({ prefix, cursor })
    for (const k of page.keys) out.push({ code: k.name.slice(prefix.length), channel: k.metadata?.channel ?? null })
    cursor = page.list_complete ? undefined : page.cursor
  } while (cursor)
  return out
}
