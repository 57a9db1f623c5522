/** @module The link: its stored record, its public shape, and the schemas that validate what callers send. */
import { z } from '@hono/zod-openapi'
import { CHANNELS, type Channel } from './channels'

/** What KV holds under `link:<code>`. Fields beyond the public link are internal. */
export interface LinkRecord {
  code: string
  /** Canonical article URL: the redirect target and the dedup key. */
  url: string
  channel: Channel | null
  title: string
  description: string
  image: string | null
  imageWidth?: number
  imageHeight?: number
  imageAlt?: string
  siteName: string
  twitterSite?: string
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

export const Code = z
  .string()
  .regex(/^[A-Za-z0-9_-]{3,64}$/)
  .openapi({ param: { name: 'code', in: 'path' }, example: 'aB3xY9z' })

export const ChannelSchema = z.enum(CHANNELS).openapi('Channel')

const HttpUrl = z.string().min(1).max(2048).openapi({ format: 'uri', example: 'https://news.example.com/2026/11/story' })
const IsoTime = z.string().datetime({ offset: true }).openapi({ example: '2026-12-31T00:00:00Z' })

export const Link = z
  .object({
    code: z.string(),
    shortUrl: z.string(),
    url: z.string(),
    channel: ChannelSchema.nullable(),
    title: z.string(),
    description: z.string(),
    image: z.string().nullable(),
    siteName: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    disabled: z.boolean(),
  })
  .openapi('Link')

export type Link = z.infer<typeof Link>

export const ShareLink = Link.extend({ shareUrl: z.string() }).openapi('ShareLink')

/** Public share body: extra fields (a caller's own title, say) are ignored, never trusted. */
export const ShareBody = z
  .object({ url: HttpUrl, channel: ChannelSchema })
  .openapi('ShareRequest')

export const CreateBody = z
  .object({
    url: HttpUrl,
    slug: z
      .string()
      .regex(/^[A-Za-z0-9_-]{3,64}$/, 'slug must be 3 to 64 of A-Z a-z 0-9 _ -')
      .optional(),
    channel: ChannelSchema.optional(),
    title: z.string().trim().min(1).max(300).optional(),
    description: z.string().trim().max(1000).optional(),
    image: HttpUrl.optional(),
    expiresAt: IsoTime.optional(),
  })
  .strict()
  .openapi('CreateLinkRequest')

export const PatchBody = z
  .object({
    title: z.string().trim().min(1).max(300).optional(),
    description: z.string().trim().max(1000).optional(),
    image: HttpUrl.nullable().optional(),
    expiresAt: IsoTime.nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .openapi('UpdateLinkRequest')

export const ListQuery = z.object({
  cursor: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

export const LinkList = z
  .object({ links: z.array(Link), cursor: z.string().nullable() })
  .openapi('LinkList')

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('Error')

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
