/**
 * sharelink: share links for news publishers.
 *
 *   POST /api/share                 get or create the link for (article, channel)      public, CORS
 *   GET  /share/:channel?url=       the same, then 302 to the platform's share intent  public
 *   GET  /api/counts?url=           an article's public click totals                   public, CORS
 *   POST /api/links                 create a link                                      admin
 *   GET  /api/links                 list links, newest first                           admin
 *   GET|PATCH|DELETE /api/links/:code                                                  admin
 *   POST /api/links/:code/refresh   read the article again                             admin
 *   GET  /api/links/:code/stats     clicks and previews (?fresh=1: exact)              admin
 *   GET  /healthz  /robots.txt  /openapi.json  /demo
 *   GET|HEAD /:code/qr.svg, /:code/qr.png   the short link as a QR code
 *   (static, from public/: /embed.js  /docs  /dashboard)
 *   GET|HEAD /:code                 crawler: preview page; person: counted 302
 */
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { mergePending } from './clicks/pending'
import type { AppEnv, Env } from './env'
import { ApiError, errorResponse } from './errors'
import { allowedHosts } from './links/hosts'
import { HTML_HEADERS, messagePage } from './preview/html'
import apiCounts from './routes/api-counts'
import apiLinks from './routes/api-links'
import apiShare from './routes/api-share'
import { jsonBody } from './routes/body'
import pages from './routes/pages'
import shortLink from './routes/short-link'

export { ClickCounter } from './clicks/counter'
export { ShareClaims } from './links/claims'

const app = new Hono<AppEnv>()

app.use('/api/*', async (c, next) => {
  await next()
  c.header('X-Content-Type-Options', 'nosniff')
})

// Share buttons run on the publisher's article pages: answer their origins, and no others.
const publicCors = cors({
  origin: (origin, c) => {
    try {
      const url = new URL(origin)
      const env = c.env as Env
      return allowedHosts(env.ALLOWED_HOSTS)(url) ? origin : null
    } catch {
      return null
    }
  },
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['Content-Type'],
  maxAge: 86400,
})
app.use('/api/share', publicCors)
app.use('/api/counts', publicCors)
app.use('/api/*', jsonBody)

app.route('/', pages)
app.route('/', apiShare)
app.route('/', apiCounts)
app.route('/', apiLinks)
// Last: a code is any first path segment the routes above did not take.
app.route('/', shortLink)

app.notFound((c) => {
  if (c.req.path.startsWith('/api/')) return errorResponse(new ApiError('not_found', 'no such route'))
  return new Response(messagePage('Not found', 'There is nothing at this address.'), { status: 404, headers: HTML_HEADERS })
})

app.onError((err, c) => {
  if (err instanceof ApiError) return errorResponse(err)
  if (err instanceof HTTPException) {
    return errorResponse(new ApiError(err.status === 413 ? 'too_large' : 'invalid_request', err.message || 'invalid request'))
  }
  // Anything else is a storage or runtime failure, not the caller's input: say so, and when to retry.
  console.error(`${c.req.method} ${c.req.path} failed:`, err)
  return errorResponse(new ApiError('unavailable', 'the service is briefly unavailable', { 'Retry-After': '5' }))
})

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(mergePending(env).then((n) => void (n && console.log(`merged ${n} stranded click batches`))))
  },
} satisfies ExportedHandler<Env>

export { app }
