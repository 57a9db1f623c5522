/** @module The short link: a preview page for crawlers, a counted 302 for people. */
import { type Context, Hono } from 'hono'
import * as z from 'zod/mini'
import { hitOf, recordHit } from '../clicks/record'
import type { AppEnv } from '../env'
import { allowedHosts } from '../links/hosts'
import { redirectTarget } from '../links/redirect'
import { CODE, goneReason, type LinkRecord, shortUrl } from '../links/schema'
import { refreshLink } from '../links/service'
import { getHotLink, peekHotLink } from '../links/store'
import { isBot, isPrefetch } from '../preview/bots'
import { cachedPreview, cachePreview, PREVIEW_TTL_SECONDS } from '../preview/cache'
import { HTML_HEADERS, messagePage } from '../preview/html'
import { renderPreview } from '../preview/render'
import { qrPng, qrSvg } from '../qr'
import { route } from './openapi'

const app = new Hono<AppEnv>()

/**
 * An unreadable article is tried again on a crawl, but not more often than this: crawlers come
 * within seconds of a share, and cache the card they get for days, so the retry must be soon.
 */
const RETRY_UNFURL_MS = 60 * 1000

function page(status: 404 | 410 | 503, title: string, message: string, extra: Record<string, string> = {}) {
  return new Response(messagePage(title, message), {
    status,
    headers: { ...HTML_HEADERS, 'Cache-Control': 'no-store', ...extra },
  })
}

const notFound = () => page(404, 'Link not found', 'There is no link at this address.')
const gone = (why = 'This link no longer works.') => page(410, 'Link no longer available', why)
const WHY_GONE = { deleted: 'This link has been deleted.', disabled: 'This link has been disabled.', expired: 'This link has expired.' }

route(
  app,
  {
    method: 'get',
    path: '/{code}',
    tag: 'short link',
    summary: 'The short link (GET or HEAD)',
    description:
      'Crawlers get a preview page (counted as a preview); people get a 302 to the article with UTM tags (counted as a click). HEAD and prefetches are not counted.',
    params: z.object({ code: z.string() }),
    raw: true,
    responses: {
      200: { description: 'Preview page, for crawlers', html: true },
      302: { description: 'Redirect to the article, for people' },
      404: { description: 'No such link', html: true },
      410: { description: 'Deleted, disabled or expired', html: true },
      503: { description: 'Storage briefly unavailable; see Retry-After', html: true },
    },
  },
  (c) => shortLink(c),
)

for (const format of ['svg', 'png'] as const) {
  route(
    app,
    {
      method: 'get',
      path: `/{code}/qr.${format}`,
      tag: 'short link',
      summary: `The short link as a QR code (${format.toUpperCase()})`,
      params: z.object({ code: z.string() }),
      raw: true,
      responses: {
        200: { description: `QR code, image/${format === 'svg' ? 'svg+xml' : 'png'}` },
        404: { description: 'No such link', html: true },
        410: { description: 'Deleted, disabled or expired', html: true },
      },
    },
    (c) => qrCode(c, format),
  )
}

async function qrCode(c: Context<AppEnv>, format: 'svg' | 'png'): Promise<Response> {
  const code = c.req.param('code')!
  const rec = CODE.test(code) ? await getHotLink(c.env.LINKS, code) : null
  if (!rec) return notFound()
  if (goneReason(rec)) return gone()
  const target = shortUrl(c.env.PUBLIC_BASE_URL, rec.code)
  const headers = { 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' }
  if (format === 'svg') return new Response(qrSvg(target), { headers: { ...headers, 'Content-Type': 'image/svg+xml' } })
  return new Response(await qrPng(target), { headers: { ...headers, 'Content-Type': 'image/png' } })
}

async function shortLink(c: Context<AppEnv>): Promise<Response> {
  const code = c.req.param('code')!
  if (!CODE.test(code)) return notFound()
  const request = c.req.raw
  const bot = isBot(request.headers.get('User-Agent'))
  const counted = request.method === 'GET' && !isPrefetch(request.headers)

  // A record this isolate read seconds ago beats any cache: rendering the card takes microseconds.
  const inIsolate = peekHotLink(code)
  if (bot && !inIsolate) {
    const hit = await cachedPreview(c.env, code)
    if (hit) {
      if (counted) recordHit(c.env, c.executionCtx, code, null, hitOf('preview', request))
      return hit
    }
  }

  let rec: LinkRecord | null
  try {
    rec = inIsolate ?? (await getHotLink(c.env.LINKS, code))
  } catch (err) {
    console.error('KV read failed on the redirect path', String(err))
    return page(503, 'Try again shortly', 'This link is briefly unavailable.', { 'Retry-After': '5' })
  }
  if (!rec) return notFound()
  const reason = goneReason(rec)
  if (reason) return gone(WHY_GONE[reason])
  // A host taken off ALLOWED_HOSTS (a lapsed domain, say) is no longer sent readers or crawlers.
  const article = new URL(rec.url)
  if (!allowedHosts(c.env.ALLOWED_HOSTS)(article)) return gone()

  if (!bot) {
    if (counted) recordHit(c.env, c.executionCtx, code, rec.channel, hitOf('click', request))
    return new Response(null, {
      status: 302,
      headers: {
        Location: redirectTarget(article, rec.channel, c.env.UTM_MEDIUM),
        'Cache-Control': 'private, no-store',
        Vary: 'User-Agent',
      },
    })
  }

  if (counted) recordHit(c.env, c.executionCtx, code, rec.channel, hitOf('preview', request))
  if (!rec.unfurledAt && Date.now() - Date.parse(rec.triedAt ?? rec.createdAt) > RETRY_UNFURL_MS) {
    // The article could not be read when the link was made: a crawler is here now, try again.
    rec = await retryUnfurl(c, rec)
    if (goneReason(rec)) return gone()
  }
  const res = new Response(renderPreview(rec, shortUrl(c.env.PUBLIC_BASE_URL, rec.code)), {
    headers: { ...HTML_HEADERS, 'Cache-Control': `public, max-age=${cacheSeconds(rec)}`, Vary: 'User-Agent' },
  })
  // Shared with the other isolates of this location, for crawlers that land where the record isn't.
  if (request.method === 'GET' && !inIsolate) c.executionCtx.waitUntil(cachePreview(c.env, code, res.clone()).catch(() => {}))
  return res
}

const retrying = new Set<string>()

/**
 * One re-read per link per isolate at a time, however many crawlers arrive together; the others
 * get the card as it is rather than wait on another request's fetch.
 */
async function retryUnfurl(c: Context<AppEnv>, rec: LinkRecord): Promise<LinkRecord> {
  if (retrying.has(rec.code)) return rec
  retrying.add(rec.code)
  try {
    return await refreshLink({ env: c.env }, rec).catch(() => rec)
  } finally {
    retrying.delete(rec.code)
  }
}

/** Cached no longer than the link lives. */
function cacheSeconds(rec: LinkRecord): number {
  if (!rec.expiresAt) return PREVIEW_TTL_SECONDS
  const left = Math.floor((Date.parse(rec.expiresAt) - Date.now()) / 1000)
  return Math.max(0, Math.min(PREVIEW_TTL_SECONDS, left))
}

export default app
