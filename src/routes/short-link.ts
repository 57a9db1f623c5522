/** @module The short link: a preview page for crawlers, a counted 302 for people, and its QR code. */
import { type Context, Hono } from 'hono'
import * as z from 'zod/mini'
import { hitOf } from '../clicks/hits'
import { recordHit } from '../clicks/send'
import type { CountedLink } from '../clicks/types'
import { blockingProblem, configOf } from '../config'
import type { AppEnv, Env } from '../env'
import { ApiError, errorResponse } from '../errors'
import { refreshLink } from '../links/admin'
import { isReserved } from '../links/codes'
import { findLink } from '../links/lookup'
import { destinationOf } from '../links/redirect'
import { CODE, goneReason, type LinkRecord, shortUrl } from '../links/schema'
import { peekLink } from '../links/store'
import { isBot, isPrefetch } from '../preview/bots'
import { cachedPreview, cachePreview, PREVIEW_TTL_SECONDS } from '../preview/cache'
import { HTML_HEADERS } from '../preview/html'
import { renderPreview } from '../preview/render'
import { qrPng, qrSvg } from '../qr'
import { describe, errors } from './openapi'

/**
 * An unreadable article is tried again on a crawl, but not more often than this: crawlers come
 * within seconds of a share, and cache the card they get for days, so the retry must be soon.
 */
const RETRY_UNFURL_MS = 60 * 1000

/** Carries the counted link on a cached preview page; removed before the page is served. */
const LINK_HEADER = 'Sharelink-Link'

const WHY_GONE = { deleted: 'This link has been deleted.', disabled: 'This link has been disabled.', expired: 'This link has expired.' }

const notFound = (req: Request) => errorResponse(new ApiError('not_found', 'There is no link at this address.'), req)
const gone = (req: Request, why = 'This link no longer works.') => errorResponse(new ApiError('gone', why), req)

/**
 * A person's click on a link this isolate holds, answered before Hono routes the request: the
 * redirect is nearly all of the traffic, and the router, Context and middleware chain cost more
 * CPU than the click itself (README, "Performance"). It answers only when the route below would
 * answer the same way, through the same personSent; anything else (HEAD, a crawler, a record
 * not in memory, a gone link, a reserved path, a var missing) is left to the route.
 */
export function hotClick(request: Request, env: Env, ctx: ExecutionContext): Response | undefined {
  try {
    if (request.method !== 'GET') return undefined
    const code = codeIn(request.url)
    if (code === undefined || isReserved(code)) return undefined
    const rec = peekLink(env.LINKS, code)
    if (!rec || goneReason(rec)) return undefined
    const config = configOf(env)
    if (blockingProblem(config) || isBot(request.headers.get('User-Agent'))) return undefined
    const destination = destinationOf(rec, config)
    if (destination === null) return undefined
    return personSent(env, ctx, rec, destination, request, !isPrefetch(request.headers))
  } catch {
    // Whatever failed here fails on the route too, which reports it as the app reports errors.
    return undefined
  }
}

/** The path of `url` when it is one segment and a well-formed code (the query aside). */
function codeIn(url: string): string | undefined {
  const start = url.indexOf('/', url.indexOf('//') + 2) + 1
  const query = url.indexOf('?', start)
  const code = url.slice(start, query < 0 ? url.length : query)
  return CODE.test(code) ? code : undefined
}

/** A person sent on to the article: a 302 the browser must not cache (each click counts). */
function personSent(
  env: Env,
  ctx: Pick<ExecutionContext, 'waitUntil'>,
  rec: CountedLink,
  destination: string,
  request: Request,
  counted: boolean,
): Response {
  const hit = counted ? hitOf('click', request) : null
  const res = new Response(null, {
    status: 302,
    headers: { Location: destination, 'Cache-Control': 'private, no-store', Vary: 'User-Agent' },
  })
  if (hit) recordHit(env, ctx, rec, hit)
  return res
}

async function shortLink(c: Context<AppEnv>): Promise<Response> {
  const code = c.req.param('code')!
  const request = c.req.raw
  if (!CODE.test(code)) return notFound(request)
  const config = c.get('config')
  const bot = isBot(request.headers.get('User-Agent'))
  const counted = request.method === 'GET' && !isPrefetch(request.headers)

  // A record this isolate read seconds ago beats any cache: rendering the card takes microseconds.
  const inIsolate = peekLink(c.env.LINKS, code)
  if (bot && !inIsolate) {
    const hit = await cachedPreview(config.baseUrl, code)
    if (hit) {
      const [id, article, channel] = (hit.headers.get(LINK_HEADER) ?? '').split(' ')
      if (counted && id && article)
        recordHit(
          c.env,
          c.executionCtx,
          { id, code, article, channel: (channel || null) as CountedLink['channel'] },
          hitOf('preview', request),
        )
      const res = new Response(hit.body, hit)
      res.headers.delete(LINK_HEADER)
      return res
    }
  }

  let rec = inIsolate ?? (await findLink(c.env, code))
  if (!rec) return notFound(request)
  const reason = goneReason(rec)
  if (reason) return gone(request, WHY_GONE[reason])
  // A host taken off ALLOWED_HOSTS (a lapsed domain, say) is no longer sent readers or crawlers.
  const destination = destinationOf(rec, config)
  if (destination === null) return gone(request)

  if (!bot) return personSent(c.env, c.executionCtx, rec, destination, request, counted)

  if (counted) recordHit(c.env, c.executionCtx, rec, hitOf('preview', request))
  if (!rec.unfurledAt && Date.now() - Date.parse(rec.triedAt ?? rec.createdAt) > RETRY_UNFURL_MS) {
    // The article could not be read when the link was made: a crawler is here now, try again.
    rec = await retryUnfurl(c, rec)
    if (goneReason(rec)) return gone(request)
  }
  const page = renderPreview(rec, shortUrl(config.baseUrl, rec.code))
  const headers = { ...HTML_HEADERS, 'Cache-Control': `public, max-age=${cacheSeconds(rec)}`, Vary: 'User-Agent' }
  if (request.method === 'GET' && !inIsolate) {
    // Shared with the other isolates of this location, for crawlers that land where the record isn't.
    const copy = new Response(page, { headers: { ...headers, [LINK_HEADER]: `${rec.id} ${rec.article} ${rec.channel ?? ''}` } })
    c.executionCtx.waitUntil(cachePreview(config.baseUrl, code, copy).catch(() => {}))
  }
  return new Response(page, { headers })
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
    return await refreshLink(c.env, c.get('config'), rec).catch(() => rec)
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

async function qrCode(c: Context<AppEnv>, format: 'svg' | 'png'): Promise<Response> {
  const code = c.req.param('code')!
  const rec = CODE.test(code) ? await findLink(c.env, code) : null
  if (!rec) return notFound(c.req.raw)
  if (goneReason(rec)) return gone(c.req.raw)
  const target = shortUrl(c.get('config').baseUrl, rec.code)
  const headers = { 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' }
  if (format === 'svg') return new Response(qrSvg(target), { headers: { ...headers, 'Content-Type': 'image/svg+xml' } })
  return new Response(await qrPng(target), { headers: { ...headers, 'Content-Type': 'image/png' } })
}

const CodeParam = z.object({ code: z.string() })

const linkErrors = {
  404: { description: 'No such link', html: true },
  410: { description: 'Deleted, disabled or expired', html: true },
  ...errors(503),
} as const

// Last in the app: a code is any first path segment the other routes did not take.
const app = new Hono<AppEnv>()
  .get(
    '/:code/qr.svg',
    describe({
      operationId: 'getQrSvg',
      tag: 'short link',
      params: CodeParam,
      summary: 'The short link as a QR code (SVG)',
      responses: { 200: { description: 'QR code', type: 'image/svg+xml' }, ...linkErrors },
    }),
    (c) => qrCode(c, 'svg'),
  )
  .get(
    '/:code/qr.png',
    describe({
      operationId: 'getQrPng',
      tag: 'short link',
      params: CodeParam,
      summary: 'The short link as a QR code (PNG)',
      responses: { 200: { description: 'QR code', type: 'image/png' }, ...linkErrors },
    }),
    (c) => qrCode(c, 'png'),
  )
  .get(
    '/:code',
    describe({
      operationId: 'followShortLink',
      tag: 'short link',
      params: CodeParam,
      summary: 'The short link (GET or HEAD)',
      description:
        'Crawlers get a preview page (counted as a preview); people get a 302 to the article with UTM tags (counted as a click). HEAD and prefetches are not counted.',
      responses: {
        200: { description: 'Preview page, for crawlers', html: true },
        302: { description: 'Redirect to the article, for people' },
        ...linkErrors,
      },
    }),
    shortLink,
  )

export default app
