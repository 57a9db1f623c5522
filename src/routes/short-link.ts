/** @module The short link: a preview page for crawlers, a counted 302 for people, and its QR code. */
import { type Context, Hono } from 'hono'
import * as z from 'zod/mini'
import { hitOf } from '../clicks/hits'
import { recordHit } from '../clicks/send'
import { type CountedLink, countedOf } from '../clicks/types'
import { blockingProblem, configOf } from '../config'
import type { AppEnv, Env } from '../env'
import { ApiError } from '../errors'
import { refreshLink } from '../links/admin'
import { type Answer, answerOf, isWayOn } from '../links/answer'
import { isReserved } from '../links/codes'
import { findLink } from '../links/lookup'
import { CODE, goneReason, type LinkRecord, shortUrl } from '../links/schema'
import { peekLink } from '../links/store'
import { isBot, isPrefetch } from '../preview/bots'
import { cachedPreview, cachePreview, PREVIEW_TTL_SECONDS } from '../preview/cache'
import { HTML_HEADERS } from '../preview/html'
import { renderPreview } from '../preview/render'
import { qrPng, qrSvg } from '../qr'
import { op } from './operation'

/**
 * An unreadable article is tried again on a crawl, but not more often than this: crawlers come
 * within seconds of a share, and cache the card they get for days, so the retry must be soon.
 */
const RETRY_UNFURL_MS = 60 * 1000

/** Carries the counted link on a cached preview page; removed before the page is served. */
const LINK_HEADER = 'Sharelink-Link'

/**
 * A person's click on a link this isolate holds, answered before Hono routes the request: the
 * redirect is nearly all of the traffic, and the router, Context and middleware chain cost more
 * CPU than the click itself (README, "Performance"). It answers only a person's GET on a held
 * record, with the route's own decision (answerOf) and response (personSent); anything else is
 * left to the route.
 */
export function hotClick(request: Request, env: Env, ctx: ExecutionContext): Response | undefined {
  if (request.method !== 'GET') return undefined
  const code = codeIn(request.url)
  if (code === undefined || isReserved(code)) return undefined
  const rec = peekLink(env.LINKS, code)
  if (!rec) return undefined
  const config = configOf(env)
  if (blockingProblem(config)) return undefined
  const answer = answerOf(rec, request, config)
  return answer.kind === 'person' ? personSent(env, ctx, rec, answer, request) : undefined
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
  answer: Extract<Answer, { kind: 'person' }>,
  request: Request,
): Response {
  const res = new Response(null, {
    status: 302,
    headers: { Location: answer.destination, 'Cache-Control': 'private, no-store', Vary: 'User-Agent' },
  })
  if (answer.counted) recordHit(env, ctx, rec, hitOf('click', request))
  return res
}

async function shortLink(c: Context<AppEnv>): Promise<Response> {
  const code = c.req.param('code')!
  const request = c.req.raw
  if (!CODE.test(code)) throw noLink()
  const config = c.get('config')

  // A record this isolate read seconds ago beats any cache: rendering the card takes microseconds.
  const held = peekLink(c.env.LINKS, code)
  if (!held && isBot(request.headers.get('User-Agent')) && !isWayOn(request.url)) {
    const cached = await cachedPreview(config.baseUrl, code)
    if (cached) return servedFromCache(c, code, cached)
  }

  let rec = held ?? (await findLink(c.env, code))
  const answer = answerOf(rec, request, config)
  if (answer.kind === 'not_found') throw noLink()
  if (answer.kind === 'gone') throw new ApiError('gone', answer.why)
  rec = rec!
  if (answer.kind === 'person') return personSent(c.env, c.executionCtx, rec, answer, request)

  if (answer.counted) recordHit(c.env, c.executionCtx, rec, hitOf('crawler', request))
  if (!rec.unfurledAt && Date.now() - Date.parse(rec.triedAt ?? rec.createdAt) > RETRY_UNFURL_MS) {
    // The article could not be read when the link was made: a crawler is here now, try again.
    rec = await retryUnfurl(c, rec)
    if (goneReason(rec)) throw new ApiError('gone', 'This link no longer works.')
  }
  const page = renderPreview(rec, shortUrl(config.baseUrl, rec.code))
  const headers = { ...HTML_HEADERS, 'Cache-Control': `public, max-age=${cacheSeconds(rec)}`, Vary: 'User-Agent' }
  if (request.method === 'GET' && !held) {
    // Shared with the other isolates of this location, for crawlers that land where the record isn't.
    const copy = new Response(page, { headers: { ...headers, [LINK_HEADER]: encodeURIComponent(JSON.stringify(countedOf(rec))) } })
    c.executionCtx.waitUntil(cachePreview(config.baseUrl, code, copy).catch(() => {}))
  }
  return new Response(page, { headers })
}

/** A crawler's page from this location's cache, counted as a preview of the link it names. */
function servedFromCache(c: Context<AppEnv>, code: string, cached: Response): Response {
  const request = c.req.raw
  const link = linkOfHeader(cached.headers.get(LINK_HEADER), code)
  if (link && request.method === 'GET' && !isPrefetch(request.headers)) recordHit(c.env, c.executionCtx, link, hitOf('crawler', request))
  const res = new Response(cached.body, cached)
  res.headers.delete(LINK_HEADER)
  return res
}

const noLink = () => new ApiError('not_found', 'There is no link at this address.')

/** The counted link a cached page names (what this isolate wrote there, or nothing usable). */
function linkOfHeader(value: string | null, code: string): CountedLink | null {
  try {
    const link = JSON.parse(decodeURIComponent(value ?? '')) as CountedLink
    return typeof link.id === 'string' && typeof link.article === 'string' && link.code === code ? link : null
  } catch {
    return null
  }
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
    return await refreshLink(c.env, c.get('config'), rec, { kind: 'system', name: 're-read on a crawl' }).catch(() => rec)
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
  if (!rec) throw noLink()
  if (goneReason(rec)) throw new ApiError('gone', 'This link no longer works.')
  const target = shortUrl(c.get('config').baseUrl, rec.code)
  const headers = { 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' }
  if (format === 'svg') return new Response(qrSvg(target), { headers: { ...headers, 'Content-Type': 'image/svg+xml' } })
  return new Response(await qrPng(target), { headers: { ...headers, 'Content-Type': 'image/png' } })
}

const CodeParam = z.object({ code: z.string() })

/** A person who opens a link gets these as small pages; anything else, the JSON error. */
const linkErrors = { errors: ['not_found', 'gone'] } as const

// Last in the app: a code is any first path segment the other routes did not take.
const app = new Hono<AppEnv>()
  .get(
    '/:code/qr.svg',
    op({
      id: 'getQrSvg',
      tag: 'short link',
      params: CodeParam,
      summary: 'The short link as a QR code (SVG)',
      responses: { 200: { description: 'QR code', type: 'image/svg+xml' } },
      ...linkErrors,
    }),
    (c) => qrCode(c, 'svg'),
  )
  .get(
    '/:code/qr.png',
    op({
      id: 'getQrPng',
      tag: 'short link',
      params: CodeParam,
      summary: 'The short link as a QR code (PNG)',
      responses: { 200: { description: 'QR code', type: 'image/png' } },
      ...linkErrors,
    }),
    (c) => qrCode(c, 'png'),
  )
  .get(
    '/:code',
    op({
      id: 'followShortLink',
      tag: 'short link',
      params: CodeParam,
      summary: 'The short link (GET or HEAD)',
      description:
        'Crawlers get a preview page (counted as a preview); people get a 302 to the article with UTM tags (counted as a click). HEAD and prefetches are not counted.',
      responses: {
        200: { description: 'Preview page, for crawlers', html: true },
        302: { description: 'Redirect to the article, for people' },
      },
      ...linkErrors,
    }),
    shortLink,
  )

export default app
