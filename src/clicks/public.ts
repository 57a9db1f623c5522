/** @module An article's public totals, as share buttons show them: from KV, cached per location. */
import type { Config } from '../config'
import type { Env } from '../env'
import { articleHash, readArticleLinks } from '../links/store'
import { readCounts } from './kv'
import { type Counts, mergeCounts } from './types'

/**
 * The summed counts of every link of the article at `url`. Cached per article for FLUSH_SECONDS
 * (KV holds nothing fresher); an article with no links costs one KV read, then is cached too.
 */
export async function articleCounts(env: Env, config: Config, url: string): Promise<Counts> {
  const key = new Request(`${config.baseUrl}/__counts?url=${encodeURIComponent(url)}`)
  const cached = await caches.default.match(key)
  if (cached) return cached.json<Counts>()
  const links = (await readArticleLinks(env.LINKS, await articleHash(url))) ?? []
  const counts = mergeCounts(
    links.length
      ? await readCounts(
          env.LINKS,
          links.map((l) => l.id),
        )
      : [],
  )
  // Only the figures are cached: headers that depend on the caller (CORS) are added per request.
  const copy = new Response(JSON.stringify(counts), { headers: { 'Cache-Control': `public, max-age=${config.flushSeconds}` } })
  await caches.default.put(key, copy).catch(() => {})
  return counts
}
