/** @module An article's public totals, as share buttons show them: from D1's rollups, cached per location. */
import type { Config } from '../config'
import type { Env } from '../env'
import { articleHash } from '../links/store'
import { articleFigures } from './figures'

/**
 * The summed clicks of every link of the article at `url`. Cached per article for FLUSH_SECONDS
 * (D1 holds nothing fresher), so a page full of buttons asks D1 once per location and period.
 */
export async function articleCounts(env: Env, config: Config, url: string): Promise<{ clicks: number; byChannel: Record<string, number> }> {
  const key = new Request(`${config.baseUrl}/__counts?url=${encodeURIComponent(url)}`)
  const cached = await caches.default.match(key)
  if (cached) return cached.json()
  const counts = await articleFigures(env.ANALYTICS, await articleHash(url))
  // Only the figures are cached: headers that depend on the caller (CORS) are added per request.
  const copy = new Response(JSON.stringify(counts), { headers: { 'Cache-Control': `public, max-age=${config.flushSeconds}` } })
  await caches.default.put(key, copy).catch(() => {})
  return counts
}
