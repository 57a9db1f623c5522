/** @module Public counts: an article's clicks across its channels, for share buttons to show. */
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { articleCounts } from '../clicks/public'
import type { AppEnv } from '../env'
import { articleUrl } from '../links/canonical'
import { ShareQuery } from '../links/schema'
import { op } from './operation'
import { validate } from './validate'

export const PublicCounts = z.object({ url: z.string(), clicks: z.number(), byChannel: z.record(z.string(), z.number()) })

const app = new Hono<AppEnv>().get(
  '/api/counts',
  op({
    id: 'getArticleCounts',
    tag: 'share',
    summary: "An article's public click totals, by channel",
    description: 'Cached for at most FLUSH_SECONDS.',
    responses: { 200: { description: 'Totals', json: PublicCounts } },
    errors: ['host_not_allowed'],
  }),
  validate('query', ShareQuery),
  async (c) => {
    const config = c.get('config')
    const url = articleUrl(c.req.valid('query').url, config).href
    const counts = await articleCounts(c.env, config, url)
    // Built afresh for each caller, so CORS headers (added on the way out) are always this caller's.
    return c.json({ url, clicks: counts.clicks, byChannel: counts.byChannel }, 200, {
      'Cache-Control': `public, max-age=${config.flushSeconds}`,
    })
  },
)

export default app
