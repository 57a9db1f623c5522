/** @module Preview pages in the Cache API, so a crawler burst on a new post does not reach KV. */

/**
 * Long enough to absorb a crawler burst; short enough that an edit, a disable or a delete shows
 * within a minute in the locations this one can't purge.
 */
export const PREVIEW_TTL_SECONDS = 60

function keyOf(baseUrl: string, code: string): Request {
  return new Request(`${baseUrl}/__preview/${encodeURIComponent(code)}`)
}

export async function cachedPreview(baseUrl: string, code: string): Promise<Response | undefined> {
  return caches.default.match(keyOf(baseUrl, code))
}

export async function cachePreview(baseUrl: string, code: string, res: Response): Promise<void> {
  await caches.default.put(keyOf(baseUrl, code), res)
}

/** Drops the cached page after an edit. The Cache API is per location: others age out by TTL. */
export async function forgetPreview(baseUrl: string, code: string): Promise<void> {
  await caches.default.delete(keyOf(baseUrl, code)).catch(() => false)
}
