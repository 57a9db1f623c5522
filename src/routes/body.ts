/** @module Request bodies: JSON only, and small. */
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

/** Refuses non-JSON bodies with 415 and oversized ones with 413, before anything reads them. */
export const jsonBody = createMiddleware<AppEnv>(async function jsonBody(c, next) {
  if (c.req.method === 'POST' || c.req.method === 'PATCH' || c.req.method === 'PUT') {
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
    const hasBody = c.req.raw.body !== null && c.req.header('Content-Length') !== '0'
    if (hasBody && type !== 'application/json' && !type.endsWith('+json')) {
      throw new ApiError('unsupported_media_type', 'send the body as application/json')
    }
    return limit(c, next)
  }
  await next()
})
