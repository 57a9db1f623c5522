/**
 * sharelink: share links for news publishers.
 *
 *   POST /api/share                 get or create the link for (article, channel)      public, CORS
 *   GET  /share/:channel?url=       the same, then 302 to the platform's share intent  public
 *   GET  /api/counts?url=           an article's public click totals                   public, CORS
 *   POST /api/links                 create a link                                      admin
 *   GET  /api/links?q=&cursor=      list and search links, newest first                admin
 *   GET|PATCH|DELETE /api/links/:code                                                  admin
 *   POST /api/links/:code/refresh   read the article again                             admin
 *   GET  /api/links/:code/stats     clicks and previews (?fresh=1: exact)              admin
 *   GET  /api/analytics?groupBy=    top articles, channels, days, countries, referrers, platforms  admin
 *   GET  /healthz  /robots.txt  /demo
 *   GET|HEAD /:code/qr.svg, /:code/qr.png   the short link as a QR code
 *   (static, from public/: /embed.js  /docs  /dashboard  /openapi.json)
 *   GET|HEAD /:code                 crawler: preview page; person: counted 302
 */
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { createMiddleware } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import { mergePending } from './clicks/pending'
import { trimRollups } from './clicks/rollups'
import { blockingProblem, configOf } from './config'
import type { AppEnv, Env } from './env'
import { ApiError, errorResponse } from './errors'
import { isServiceAddress } from './links/hosts'
import { isMissingSchema, migrationsProblem, missingMigrations } from './migrations'
import apiAnalytics from './routes/api-analytics'
import apiCounts from './routes/api-counts'
import apiLinks from './routes/api-links'
import apiShare from './routes/api-share'
import { jsonBody } from './routes/body'
import pages from './routes/pages'
import shortLink, { hotClick } from './routes/short-link'

export { ClickCounter } from './clicks/counter'
export { ShareClaims } from './links/claims'
export { LinkOwner } from './links/owner'

/** Routes that must answer even when a var is wrong: they say what is wrong, or need no var. */
const ALWAYS = new Set(['/healthz', '/robots.txt'])

/** The parsed config for every handler; a service missing a var says so instead of misbehaving. */
const withConfig = createMiddleware<AppEnv>(async function withConfig(c, next) {
  const config = configOf(c.env)
  c.set('config', config)
  const problem = blockingProblem(config)
  if (problem && !ALWAYS.has(c.req.path)) {
    throw new ApiError('misconfigured', `${problem.variable} ${problem.message}`, { 'Retry-After': '60' })
  }
  await next()
})

// Share buttons run on the publisher's article pages: answer their origins, and no others (the
// service's own pages call the API same-origin).
const publicCors = cors({
  origin: (origin, c) => {
    try {
      const config = configOf(c.env)
      const url = new URL(origin)
      return config.allowed(url) && !isServiceAddress(url, config.base) ? origin : null
    } catch {
      return null
    }
  },
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['Content-Type'],
  maxAge: 86400,
})

const nosniff = createMiddleware<AppEnv>(async function nosniff(c, next) {
  await next()
  c.header('X-Content-Type-Options', 'nosniff')
})

const app = new Hono<AppEnv>()
  // CORS first: a share button on an article page can then read even a 503 misconfigured.
  .use('/api/share', publicCors)
  .use('/api/counts', publicCors)
  .use(withConfig)
  .use('/api/*', nosniff)
  .use('/api/*', jsonBody)
  .route('/', pages)
  .route('/', apiShare)
  .route('/', apiCounts)
  .route('/', apiLinks)
  .route('/', apiAnalytics)
  // Last: a code is any first path segment the routes above did not take.
  .route('/', shortLink)

app.notFound((c) =>
  errorResponse(
    new ApiError('not_found', c.req.path.startsWith('/api/') ? 'no such route' : 'There is nothing at this address.'),
    c.req.raw,
  ),
)

app.onError(async (err, c) => {
  if (err instanceof ApiError) return errorResponse(err, c.req.raw)
  if (err instanceof HTTPException) {
    // Hono's own: a body over the limit, or JSON that does not parse.
    return errorResponse(new ApiError(err.status === 413 ? 'too_large' : 'invalid_request', err.message || 'invalid request'), c.req.raw)
  }
  if (isMissingSchema(err)) {
    // A database without this version's tables is a setup to fix, not an outage to wait out.
    const missing = await missingMigrations(c.env.ANALYTICS).catch(() => [])
    const problem = migrationsProblem(missing)
    return errorResponse(new ApiError('misconfigured', `${problem.variable} ${problem.message}`, { 'Retry-After': '60' }), c.req.raw)
  }
  const requestId = c.req.header('CF-Ray') ?? crypto.randomUUID()
  const where = `${c.req.method} ${c.req.path}`
  if (isProgrammingError(err)) console.error(`programming error in ${where} (request ${requestId}):`, err.stack ?? String(err))
  else console.warn(`${where} failed on storage or the runtime (request ${requestId}):`, String(err))
  // Either way, not the caller's input: say so, and when to retry. No route answers 500.
  return errorResponse(
    new ApiError('unavailable', 'the service is briefly unavailable; try again shortly', { 'Retry-After': '5', 'X-Request-Id': requestId }),
    c.req.raw,
  )
})

/** Storage and runtime failures arrive as plain Errors; these kinds are mistakes in our code. */
function isProgrammingError(err: unknown): boolean {
  return err instanceof TypeError || err instanceof ReferenceError || err instanceof SyntaxError || err instanceof RangeError
}

export type AppType = typeof app

/** The daily cron in wrangler.toml; the other runs every minute. */
const DAILY = '17 3 * * *'

export default {
  // A person's click on a link this isolate holds is nearly all the traffic: answered before the router.
  fetch: (request, env, ctx) => hotClick(request, env, ctx) ?? app.fetch(request, env, ctx),
  async scheduled(controller, env, ctx) {
    if (controller.cron === DAILY) {
      const removed = await trimRollups(env.ANALYTICS, configOf(env).retentionDays)
      if (removed) console.log(`removed ${removed} rollup rows older than RETENTION_DAYS`)
      return
    }
    ctx.waitUntil(mergePending(env).then((n) => void (n && console.log(`merged ${n} stranded click batches`))))
  },
} satisfies ExportedHandler<Env>

export { app }
