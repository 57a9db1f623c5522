/**
 * The framework's price: a minimal Hono app, no sharelink code, doing what sharelink's human
 * redirect does once bot detection and counting are gone: the link record from an in-isolate
 * cache (5 s, as src/links/store.ts), KV on a miss, and a 302 with the same headers (no UTM
 * tags). sharelink answers such a click before Hono routes it (hotClick), so this row prices what
 * going through the router would add. Bundled with esbuild by lib/build.mjs with the options
 * wrangler uses for sharelink.
 */
import { Hono } from 'hono'

const TTL_MS = 5_000
const hot = new Map()

const app = new Hono()

app.get('/:code', async (c) => {
  const code = c.req.param('code')
  const now = Date.now()
  let entry = hot.get(code)
  if (!entry || entry.until <= now) {
    const rec = await c.env.LINKS.get(`link:${code}`, 'json')
    if (!rec) return c.notFound()
    entry = { rec, until: now + TTL_MS }
    hot.set(code, entry)
  }
  return new Response(null, {
    status: 302,
    headers: { Location: entry.rec.url, 'Cache-Control': 'private, no-store', Vary: 'User-Agent' },
  })
})

export default app
