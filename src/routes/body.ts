/** @module Request bodies: JSON only, and small; a route that takes a file says so (fileBody). */
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'

/** Link bodies are a URL and a few short texts; 16 KiB is generous. */
export const MAX_BODY_BYTES = 16 * 1024

const limit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError('too_large', `request body over ${MAX_BODY_BYTES} bytes`)
  },
})

/** Routes whose body is a file (fileBody checks it): the one exception to JSON bodies. */
const FILE_ROUTES = new Set<string>()

/** Refuses non-JSON bodies with 415 and oversized ones with 413, before anything reads them. */
export const jsonBody = createMiddleware<AppEnv>(async function jsonBody(c, next) {
  if ((c.req.method === 'POST' || c.req.method === 'PATCH' || c.req.method === 'PUT') && !FILE_ROUTES.has(c.req.path)) {
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
    const hasBody = c.req.raw.body !== null && c.req.header('Content-Length') !== '0'
    if (hasBody && type !== 'application/json' && !type.endsWith('+json')) {
      throw new ApiError('unsupported_media_type', 'send the body as application/json')
    }
    return limit(c, next)
  }
  await next()
})

/**
 * The body of `path` is a file of one of `types`, at most `maxBytes`: 415 and 413 as for JSON
 * bodies. The file is read as text by the route.
 */
export function fileBody(path: string, types: readonly string[], maxBytes: number) {
  FILE_ROUTES.add(path)
  const fileLimit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError('too_large', `the file is over ${maxBytes / 1024 / 1024} MiB: split it into smaller files`)
    },
  })
  return createMiddleware<AppEnv>(async function fileBody(c, next) {
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (!types.includes(type)) throw new ApiError('unsupported_media_type', `send the file as ${types.join(', ')}`)
    return fileLimit(c, next)
  })
}
