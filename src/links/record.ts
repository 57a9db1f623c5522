/** @module Building a link's record from what the article says and what the publisher set by hand. */
import type { Config } from '../config'
import { ApiError } from '../errors'
import type { ArticleMeta } from '../unfurl'
import type { CardMeta } from '../unfurl/card-meta'
import type { Channel } from './channels'
import type { LinkRecord, NewLink } from './schema'

/** The card fields a re-read of the article may change. */
const CARD_FIELDS = [
  'title',
  'description',
  'image',
  'imageWidth',
  'imageHeight',
  'imageAlt',
  'siteName',
  'twitterSite',
  'publishedTime',
  'author',
  'section',
  'locale',
] as const

/**
 * A new record for `url`. `meta` null means the article could not be read: the card falls back
 * to the address itself, and `unfurledAt` stays null so it is read again later.
 */
export function newRecord(
  code: string,
  url: string,
  article: string,
  channel: Channel | null,
  meta: ArticleMeta | null,
  now = new Date(),
): NewLink {
  const at = now.toISOString()
  return {
    code,
    url,
    article,
    channel,
    ...cardOf(url, meta),
    createdAt: at,
    expiresAt: null,
    disabled: false,
    unfurledAt: meta ? at : null,
    triedAt: at,
  }
}

/** The card the article gives, with fallbacks so it is always complete. */
export function cardOf(url: string, meta: ArticleMeta | null): CardMeta {
  const u = new URL(url)
  const host = u.hostname.replace(/^www\./, '')
  const card: CardMeta = {
    title: meta?.title || `${host}${u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '')}`,
    description: meta?.description ?? '',
    image: meta?.image && isCardImage(meta.image) ? meta.image : null,
    siteName: meta?.siteName || host,
  }
  if (card.image && meta) {
    if (meta.imageWidth) card.imageWidth = meta.imageWidth
    if (meta.imageHeight) card.imageHeight = meta.imageHeight
    if (meta.imageAlt) card.imageAlt = meta.imageAlt
  }
  if (meta?.twitterSite) card.twitterSite = meta.twitterSite
  if (meta?.publishedTime) card.publishedTime = meta.publishedTime
  if (meta?.author) card.author = meta.author
  if (meta?.section) card.section = meta.section
  if (meta?.locale) card.locale = meta.locale
  return card
}

/**
 * The record after a fresh read of its article: the new card under the publisher's own
 * overrides. A failed read (`meta` null) keeps the card the link has.
 */
export function withFreshCard(rec: LinkRecord, meta: ArticleMeta | null, now = new Date()): LinkRecord {
  const triedAt = now.toISOString()
  if (!meta) return { ...rec, triedAt }
  const next: LinkRecord = { ...rec, triedAt, unfurledAt: triedAt }
  for (const key of CARD_FIELDS) delete next[key]
  return withOverrides({ ...next, ...cardOf(rec.url, meta) }, rec.overrides ?? {})
}

/** Applies hand-set metadata; it is remembered, so a later re-read of the article keeps it. */
export function withOverrides<T extends NewLink>(rec: T, overrides: NonNullable<LinkRecord['overrides']>): T {
  const merged = { ...rec.overrides, ...overrides }
  if (Object.keys(merged).length === 0) return rec
  const out: T = { ...rec, ...merged, overrides: merged }
  if (merged.image !== undefined) {
    // A hand-set image: the article's dimensions and alt text describe another picture.
    delete out.imageWidth
    delete out.imageHeight
    delete out.imageAlt
  }
  return out
}

/**
 * An image a card may show: an absolute http(s) URL without credentials. The reader
 * (unfurl/images.ts) already chose the first of the page's candidates that passes its stricter
 * rules; this guards records built from anything else.
 */
function isCardImage(src: string): boolean {
  try {
    const url = new URL(src)
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password
  } catch {
    return false
  }
}

/**
 * An image the publisher sets by hand: absolute https anywhere, or http on an allowed host (a
 * preview page served over https would show mixed content from anywhere else).
 */
export function checkImage(src: string, config: Config): string {
  let url: URL | null = null
  try {
    url = new URL(src)
  } catch {}
  const ok = url && !url.username && !url.password && (url.protocol === 'https:' || (url.protocol === 'http:' && config.allowed(url)))
  if (!ok) throw new ApiError('invalid_url', 'image must be an absolute https URL (or http on an allowed host)')
  return url!.href
}

/** An expiry the caller gave: a valid time in the future, normalised to ISO 8601 UTC. */
export function futureTime(iso: string, now = Date.now()): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) throw new ApiError('invalid_request', 'expiresAt must be an ISO 8601 time')
  if (t <= now) throw new ApiError('invalid_request', 'expiresAt must be in the future')
  return new Date(t).toISOString()
}

export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
