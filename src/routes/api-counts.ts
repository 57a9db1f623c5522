/** @module Public counts: an article's clicks across its channels, for share buttons to show. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { readCounts } from '../clicks/kv'
import { mergeCounts } from '../clicks/types'
import type { AppEnv } from '../env'
import { articleFrom } from '../links/service'
import { articleLinks } from '../links/store'
import { errors, validationHook } from './openapi'

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

const PublicCounts = z
  .object({ url: z.string(), clicks: z.number().int(), byChannel: z.record(z.string(), z.number().int()) })
  .openapi('PublicCounts')

app.openapi(
  createRoute({
    method: 'get',
    path: '/api/counts',
    tags: ['share'],
    summary: "An article's public click totals",
    description: 'Cached for at most FLUSH_SECONDS.',
    request: { query: z.object({ url: z.string().min(1).max(2048) }) },
    responses: {
      200: { description: 'Totals', content: { 'application/json': { schema: PublicCounts } } },
      ...errors(400, 403),
    },
  }),
  async (c) => {
    const article = articleFrom(c.env, c.req.valid('query').url)
    const url = article.url.href
    const cacheKey = new Request(`${c.env.PUBLIC_BASE_URL.replace(/\/+$/, '')}/__counts?url=${encodeURIComponent(url)}`)
    const cached = await caches.default.match(cacheKey)
    if (cached) return cached as never
    const links = await articleLinks(c.env.LINKS, url)
    const perLink = await readCounts(c.env.LINKS, links.map((l) => l.code))
    const total = mergeCounts(perLink)
    const maxAge = Math.max(1, Number(c.env.FLUSH_SECONDS) || 30)
    const res = c.json({ url, clicks: total.clicks, byChannel: total.byChannel }, 200, {
      'Cache-Control': `public, max-age=${maxAge}`,
    })
    c.executionCtx.waitUntil(caches.default.put(cacheKey, res.clone()).catch(() => {}))
    return res
  },
)

export default app
