/**
 * sharelink: share links for news publishers. The app: its middleware, its routes mounted in
 * order (each described by its op(): README "Routes" and /openapi.json list them), its one error
 * handler, and the Worker's entry points, where a person's click on a held link is answered
 * before the router (routes/short-link.ts, hotClick).
 */
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { createMiddleware } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import { mergePending } from './clicks/pending'
import { trimRollups } from './clicks/rollups'
import { configOf } from './config'
import type { AppEnv, Env } from './env'
import { ApiError, errorResponse } from './errors'
import { reservePaths } from './links/codes'
import { isServiceAddress } from './links/hosts'
import { isMissingSchema, migrationsProblem, missingMigrations } from './migrations'
import apiAccess from './routes/api-access'
import apiAnalytics from './routes/api-analytics'
import apiCounts from './routes/api-counts'
import apiLinks from './routes/api-links'
import apiShare from './routes/api-share'
import { ASSET_ROUTES } from './routes/assets'
import { jsonBody } from './routes/body'
import pages from './routes/pages'
import shortLink, { hotClick } from './routes/short-link'

export { ClickCounter } from './clicks/counter'
export { ShareClaims } from './links/claims'
export { LinkOwner } from './links/owner'

/** The parsed config for every handler: each route's op() decides whether a wrong var stops it. */
const withConfig = createMiddleware<AppEnv>(async function withConfig(c, next) {
  c.set('config', configOf(c.env))
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
  .route('/', apiAccess)
  // Last: a code is any first path segment the routes above did not take.
  .route('/', shortLink)

// No code may take a route's name, nor a file's served from public/ (their documented paths).
reservePaths([...app.routes.map((r) => r.path), ...ASSET_ROUTES.map((r) => r.path)])

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
  fetch(request, env, ctx) {
    let hot: Response | undefined
    try {
      hot = hotClick(request, env, ctx)
    } catch (err) {
      // A mistake on the hot path is reported, and the route answers (and reports) the request.
      console.error(`programming error in hotClick for ${request.url}:`, (err as Error)?.stack ?? String(err))
    }
    return hot ?? app.fetch(request, env, ctx)
  },
  async scheduled(controller, env, ctx) {
    if (controller.cron === DAILY) {
      const { retentionDays, zone } = configOf(env)
      const removed = await trimRollups(env.ANALYTICS, retentionDays, zone)
      if (removed) console.log(`removed ${removed} rollup rows older than RETENTION_DAYS`)
      return
    }
    ctx.waitUntil(mergePending(env).then((n) => void (n && console.log(`merged ${n} stranded click batches`))))
  },
} satisfies ExportedHandler<Env>

export { app }
