/** @module The link: its stored record, its public shape, and the schemas that validate what callers send. */
import * as z from 'zod/mini'
import type { CardMeta } from '../unfurl/read-meta'
import { CHANNELS, type Channel } from './channels'

/** What KV holds under `link:<code>`. Fields beyond the public link are internal. */
export interface LinkRecord extends CardMeta {
  code: string
  /** Canonical article URL: the redirect target and the dedup key. */
  url: string
  channel: Channel | null
  createdAt: string
  expiresAt: string | null
  disabled: boolean
  /** Set when deleted; the record stays (answering 410, keeping stats) until KV purges it. */
  deletedAt?: string
  /** When the article was last read; null means it could not be and should be tried again. */
  unfurledAt: string | null
  /** When the article was last fetched, read or not: paces re-reads of unreadable pages. */
  triedAt?: string
  /** Metadata the publisher set by hand: it wins over what the article says, even on refresh. */
  overrides?: Partial<Pick<LinkRecord, 'title' | 'description' | 'image'>>
}

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
})

export type Link = z.infer<typeof Link>

export const ShareLink = z.extend(Link, { shareUrl: z.string() })

/** Public share body: extra fields (a caller's own title, say) are ignored, never trusted. */
export const ShareBody = z.object({ url: HttpUrl, channel: ChannelSchema })

export const CreateBody = z.strictObject({
  url: HttpUrl,
  slug: z.optional(z.string().check(z.regex(CODE, 'slug must be 3 to 64 of A-Z a-z 0-9 _ -'))),
  channel: z.optional(ChannelSchema),
  title: z.optional(Title),
  description: z.optional(Description),
  image: z.optional(HttpUrl),
  expiresAt: z.optional(IsoTime),
})

export const PatchBody = z.strictObject({
  title: z.optional(Title),
  description: z.optional(Description),
  image: z.optional(z.nullable(HttpUrl)),
  expiresAt: z.optional(z.nullable(IsoTime)),
  disabled: z.optional(z.boolean()),
})

export const ListQuery = z.object({
  cursor: z.optional(z.string().check(z.maxLength(1024))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
})

export const LinkList = z.object({ links: z.array(Link), cursor: z.nullable(z.string()) })

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
  }
}

export function shortUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${code}`
}

/** Why a link no longer redirects, or null while it is live. */
export function goneReason(rec: LinkRecord, now = Date.now()): 'deleted' | 'disabled' | 'expired' | null {
  if (rec.deletedAt) return 'deleted'
  if (rec.disabled) return 'disabled'
  if (rec.expiresAt && Date.parse(rec.expiresAt) <= now) return 'expired'
  return null
}
