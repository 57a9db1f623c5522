/** @module The link: its stored record, its public shape, and the schemas that validate what callers send. */
import * as z from 'zod/mini'
import type { CardMeta } from '../unfurl/card-meta'
import { CHANNELS, type Channel } from './channels'

/**
 * A link as its owner (links/owner.ts) keeps it and copies it to KV under `link:<code>`. Fields
 * beyond the public link are internal.
 */
export interface LinkRecord extends CardMeta {
  /**
   * This generation of the code: counters, rollups and the article's index belong to it, so a
   * code given out again after a purge starts from zero.
   */
  id: string
  code: string
  /** Bumped by the owner on every change; copies are written in its order. */
  version: number
  /** Canonical article URL: the redirect target and the share key. */
  url: string
  /** Hash of `url`: names the article's ShareClaims object and its KV and D1 rows. */
  article: string
  channel: Channel | null
  createdAt: string
  expiresAt: string | null
  disabled: boolean
  /** Set when deleted; the record stays (answering 410, keeping stats) until purged. */
  deletedAt?: string
  /** When the article was last read; null while it could not be, so it is tried again. */
  unfurledAt: string | null
  /** When the article was last fetched, read or not: paces re-reads of unreadable pages. */
  triedAt?: string
  /** Metadata the publisher set by hand: it wins over what the article says, even on refresh. */
  overrides?: Partial<Pick<CardMeta, 'title' | 'description' | 'image'>>
  /** The link of another service's export this one was imported as (links/import/apply.ts): a second import finds it. */
  importedFrom?: string
}

/** What the owner is asked to store: a record before the owner gives it an id and a version. */
export type NewLink = Omit<LinkRecord, 'id' | 'version'>

/** A short code or custom slug. */
export const CODE = /^[A-Za-z0-9_-]{3,64}$/

export const Code = z.string().check(z.regex(CODE, 'a code is 3 to 64 of A-Z a-z 0-9 _ -'))

export const ChannelSchema = z.enum(CHANNELS)

const HttpUrl = z.string().check(z.minLength(1), z.maxLength(2048))
const IsoTime = z.iso.datetime({ offset: true })
/** Text that goes into share intents: a lone surrogate would make encodeURIComponent throw. */
const wellFormed = z.refine<string>((s) => s.isWellFormed(), 'must be valid Unicode text')
const Title = z.string().check(z.trim(), z.minLength(1), z.maxLength(300), wellFormed)
const Description = z.string().check(z.trim(), z.maxLength(1000), wellFormed)

export const Link = z.object({
  code: z.string(),
  shortUrl: z.string(),
  url: z.string(),
  channel: z.nullable(ChannelSchema),
  title: z.string(),
  description: z.string(),
  image: z.nullable(z.string()),
  siteName: z.string(),
  createdAt: z.string(),
  expiresAt: z.nullable(z.string()),
  disabled: z.boolean(),
  unfurledAt: z.nullable(z.string()),
})

export type Link = z.infer<typeof Link>

export const ShareLink = z.extend(Link, { shareUrl: z.string() })

/** Public share body: extra fields (a caller's own title, say) are ignored, never trusted. */
export const ShareBody = z.object({ url: HttpUrl, channel: ChannelSchema })

export const ShareQuery = z.object({ url: HttpUrl })

export const CreateBody = z.strictObject({
  url: HttpUrl,
  slug: z.optional(z.string().check(z.regex(CODE, 'slug must be 3 to 64 of A-Z a-z 0-9 _ -'))),
  channel: z.optional(ChannelSchema),
  title: z.optional(Title),
  description: z.optional(Description),
  image: z.optional(HttpUrl),
  expiresAt: z.optional(IsoTime),
  /** Make the link though the article answers 404 or 410 (it is about to be published, say). */
  force: z.optional(z.boolean()),
})

export type CreateInput = z.output<typeof CreateBody>

export const PatchBody = z.strictObject({
  title: z.optional(Title),
  description: z.optional(Description),
  image: z.optional(z.nullable(HttpUrl)),
  expiresAt: z.optional(z.nullable(IsoTime)),
  disabled: z.optional(z.boolean()),
})

export type PatchInput = z.output<typeof PatchBody>

/** Figures by a key: a day, a channel, a country, a referrer, a platform. */
export const FiguresByKey = z.record(z.string(), z.number())

export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) })

/** The public shape of a stored record. */
export function toLink(rec: LinkRecord, baseUrl: string): Link {
  return {
    code: rec.code,
    shortUrl: shortUrl(baseUrl, rec.code),
    url: rec.url,
    channel: rec.channel,
    title: rec.title,
    description: rec.description,
    image: rec.image,
    siteName: rec.siteName,
    createdAt: rec.createdAt,
    expiresAt: rec.expiresAt,
    disabled: rec.disabled,
    unfurledAt: rec.unfurledAt,
  }
}

export function shortUrl(baseUrl: string, code: string): string {
  return `${baseUrl}/${code}`
}

/** Why a link no longer redirects, or null while it is live. */
export function goneReason(rec: LinkRecord, now = Date.now()): 'deleted' | 'disabled' | 'expired' | null {
  if (rec.deletedAt) return 'deleted'
  if (rec.disabled) return 'disabled'
  if (rec.expiresAt && Date.parse(rec.expiresAt) <= now) return 'expired'
  return null
}
