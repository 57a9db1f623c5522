/** @module Preview pages in the Cache API, so a crawler burst on a new post does not reach KV. */
import type { Env } from '../env'

/**
 * Long enough to absorb a crawler burst; short enough that an edit, a disable or a delete shows
 * within a minute in the locations this one can't purge.
 */
export const PREVIEW_TTL_SECONDS = 60

function keyOf(env: Env, code: string): Request {
  return new Request(`${env.PUBLIC_BASE_URL.replace(/\/+$/, '')}/__preview/${encodeURIComponent(code)}`)
}

export async function cachedPreview(env: Env, code: string): Promise<Response | undefined> {
  return caches.default.match(keyOf(env, code))
}

export async function cachePreview(env: Env, code: string, res: Response): Promise<void> {
  await caches.default.put(keyOf(env, code), res)
}

/** Drops the cached page after an edit. The Cache API is per location: others age out by TTL. */
export async function forgetPreview(env: Env, code: string): Promise<void> {
  await caches.default.delete(keyOf(env, code)).catch(() => false)
}
