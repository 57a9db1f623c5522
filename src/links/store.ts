/**
 * @module The links' copies in KV: the fast read path of redirects, previews and public counts.
 * Each key has one writer (its owner object); everything else only reads. Keys, exported so
 * tests can seed and inspect them:
 *   link:<code>        the LinkRecord, written by its LinkOwner
 */

import { Bounded, perObject } from '../util/bounded'
import type { LinkRecord } from './schema'

export const linkKey = (code: string) => `link:${code}`

/**
 * KV takes about one write a second to a key, and answers the rest 429: each key's one writer
 * waits this long between two writes of it, and writes the latest version when the time comes.
 */
export const KV_WRITE_SPACING_MS = 1_000

/** How long a deleted or expired link is kept, so its 410 and its stats outlive it a while. */
export const PURGE_AFTER_SECONDS = 90 * 24 * 3600

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

/**
 * How stale the isolate's copy of a record may be where the change was not made. KV itself takes
 * up to 60 s to show a change in other locations, so this adds little; the isolate that changes
 * a link holds the new record at once.
 */
export const HOT_TTL_MS = 5_000
/**
 * How long an isolate remembers that a code has no link. A scan of codes would otherwise cost a
 * KV read and a call to the code's owner per try; a link made since in this isolate replaces the
 * miss at once (keepLink), one made elsewhere shows here within this time.
 */
export const MISS_TTL_MS = 10_000
const HELD_MAX = 5_000

/** Kept per binding: the copies belong to the store they were read from. */
const heldOf = perObject<KVNamespace, { links: Bounded<string, LinkRecord>; missing: Bounded<string, true> }>(() => ({
  links: new Bounded(HELD_MAX, HOT_TTL_MS),
  missing: new Bounded(HELD_MAX, MISS_TTL_MS),
}))

/** The isolate's fresh copy of a record, without touching KV. */
export function peekLink(kv: KVNamespace, code: string, now = Date.now()): LinkRecord | undefined {
  return heldOf(kv).links.get(code, now)
}

/**
 * Keeps a record in the isolate for HOT_TTL_MS, so a burst of clicks costs one read per isolate.
 * A copy older than the one held (answers to changes made at once arrive in any order) is not kept.
 */
export function keepLink(kv: KVNamespace, rec: LinkRecord, now = Date.now()): void {
  const held = heldOf(kv)
  const current = held.links.get(rec.code, now)
  if (current && current.id === rec.id && current.version > rec.version) return
  held.missing.delete(rec.code)
  held.links.set(rec.code, rec, now)
}

export function forgetLink(kv: KVNamespace, code: string): void {
  heldOf(kv).links.delete(code)
}

/** Whether this isolate learnt within MISS_TTL_MS that `code` has no link. */
export function knownMissing(kv: KVNamespace, code: string, now = Date.now()): boolean {
  return heldOf(kv).missing.get(code, now) === true
}

export function rememberMissing(kv: KVNamespace, code: string, now = Date.now()): void {
  heldOf(kv).missing.set(code, true, now)
}
