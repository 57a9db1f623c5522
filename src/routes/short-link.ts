/** @module The short link: a preview page for crawlers, a counted 302 for people. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { hitOf, recordHit } from '../clicks/record'
import type { AppEnv } from '../env'
import { redirectTarget } from '../links/redirect'
import { Code, goneReason, shortUrl, type LinkRecord } from '../links/schema'
import { refreshLink } from '../links/service'
import { getLink } from '../links/store'
import { isBot, isPrefetch } from '../preview/bots'
import { cachedPreview, cachePreview, PREVIEW_TTL_SECONDS } from '../preview/cache'
import { HTML_HEADERS, messagePage } from '../preview/html'
import { renderPreview } from '../preview/render'

const app = new OpenAPIHono<AppEnv>()

/** An unreadable article is tried again on a crawl, but not more often than this. */
const RETRY_UNFURL_MS = 10 * 60 * 1000

const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } })

function page(status: 404 | 410 | 503, title: string, message: string, extra: Record<string, string> = {}) {
  return new Response(messagePage(title, message), {
    status,
    headers: { ...HTML_HEADERS, 'Cache-Control': 'no-store', ...extra },
  })
}

app.openapi(
  createRoute({
    method: 'get',
    path: '/{code}',
    tags: ['short link'],
    summary: 'The short link (GET or HEAD)',
    description: 'Crawlers get a preview page (counted as a preview); people get a 302 to the article with UTM tags (counted as a click). HEAD and prefetches are not counted.',
    request: { params: z.object({ code: z.string().openapi({ param: { name: 'code', in: 'path' } }) }) },
    responses: {
      200: html('Preview page for crawlers'),
      302: { description: 'Redirect to the article' },
      404: html('No such link'),
      410: html('Deleted, disabled or expired'),
      503: html('Storage unavailable; see Retry-After'),
    },
  }),
  // Untyped handler: it answers HTML and redirects, which the JSON-centred types don't model.
  ((c: Context<AppEnv>) => shortLink(c)) as never,
)

async function shortLink(c: Context<AppEnv>): Promise<Response> {
  const code = c.req.param('code')!
  if (!Code.safeParse(code).success) return page(404, 'Link not found', 'There is no link at this address.')
  const request = c.req.raw
  const bot = isBot(request.headers.get('User-Agent'))
  const counted = request.method === 'GET' && !isPrefetch(request.headers)

  if (bot) {
    const hit = await cachedPreview(c.env, code)
    if (hit) {
      if (counted) recordHit(c.env, c.executionCtx, code, null, hitOf('preview', request))
      return hit
    }
  }

  let rec: LinkRecord | null
  try {
    rec = await getLink(c.env.LINKS, code)
  } catch (err) {
    console.error('KV read failed on the redirect path', String(err))
    return page(503, 'Try again shortly', 'This link is briefly unavailable.', { 'Retry-After': '5' })
  }
  if (!rec) return page(404, 'Link not found', 'There is no link at this address.')
  const gone = goneReason(rec)
  if (gone) return page(410, 'Link no longer available', `This link has been ${gone === 'expired' ? 'expired' : gone}.`)

  if (!bot) {
    if (counted) recordHit(c.env, c.executionCtx, code, rec.channel, hitOf('click', request))
    return new Response(null, {
      status: 302,
      headers: {
        Location: redirectTarget(rec.url, rec.channel, c.env.UTM_MEDIUM),
        'Cache-Control': 'private, no-store',
        Vary: 'User-Agent',
      },
    })
  }

  if (counted) recordHit(c.env, c.executionCtx, code, rec.channel, hitOf('preview', request))
  if (!rec.unfurledAt && Date.now() - Date.parse(rec.triedAt ?? rec.createdAt) > RETRY_UNFURL_MS) {
    // The article could not be read when the link was made: a crawler is here now, try again.
    rec = await refreshLink({ env: c.env }, rec).catch(() => rec!)
  }
  const res = new Response(renderPreview(rec, shortUrl(c.env.PUBLIC_BASE_URL, rec.code)), {
    headers: { ...HTML_HEADERS, 'Cache-Control': `public, max-age=${cacheSeconds(rec)}`, Vary: 'User-Agent' },
  })
  if (request.method === 'GET') c.executionCtx.waitUntil(cachePreview(c.env, code, res.clone()).catch(() => {}))
  return res
}

/** Cached no longer than the link lives. */
function cacheSeconds(rec: LinkRecord): number {
  if (!rec.expiresAt) return PREVIEW_TTL_SECONDS
  const left = Math.floor((Date.parse(rec.expiresAt) - Date.now()) / 1000)
  return Math.max(0, Math.min(PREVIEW_TTL_SECONDS, left))
}

export default app
