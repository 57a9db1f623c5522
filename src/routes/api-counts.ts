/** @module Public counts: an article's clicks across its channels, for share buttons to show. */
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { readCounts } from '../clicks/kv'
import { mergeCounts } from '../clicks/types'
import type { AppEnv } from '../env'
import { articleFrom } from '../links/service'
import { articleLinks } from '../links/store'
import { errors, route } from './openapi'

const app = new Hono<AppEnv>()

const PublicCounts = z.object({ url: z.string(), clicks: z.number(), byChannel: z.record(z.string(), z.number()) })

route(
  app,
  {
    method: 'get',
    path: '/api/counts',
    tag: 'share',
    summary: "An article's public click totals, by channel",
    description: 'Cached for at most FLUSH_SECONDS.',
    query: z.object({ url: z.string().check(z.minLength(1), z.maxLength(2048)) }),
    responses: { 200: { description: 'Totals', json: PublicCounts }, ...errors(400, 403) },
  },
  async (c, { query }) => {
    const url = articleFrom(c.env, query.url).url.href
    const cacheKey = new Request(`${c.env.PUBLIC_BASE_URL.replace(/\/+$/, '')}/__counts?url=${encodeURIComponent(url)}`)
    const cached = await caches.default.match(cacheKey)
    if (cached) return cached
    const links = await articleLinks(c.env.LINKS, url)
    const total = mergeCounts(
      await readCounts(
        c.env.LINKS,
        links.map((l) => l.code),
      ),
    )
    const maxAge = Math.max(1, Number(c.env.FLUSH_SECONDS) || 30)
    const res = c.json({ url, clicks: total.clicks, byChannel: total.byChannel }, 200, {
      'Cache-Control': `public, max-age=${maxAge}`,
    })
    c.executionCtx.waitUntil(caches.default.put(cacheKey, res.clone()).catch(() => {}))
    return res
  },
)

export default app
