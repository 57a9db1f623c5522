/** @module Admin authentication: Bearer API keys, compared in constant time, several at once for rotation. */
import { createMiddleware } from 'hono/factory'
import type { AppEnv, Env } from '../env'
import { ApiError } from '../errors'

const encoder = new TextEncoder()

async function digest(s: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', encoder.encode(s))
}

/**
 * True when the request carries one of API_KEY's keys. Keys are hashed first so the comparison
 * is of equal lengths, and every key is compared, so timing tells nothing about which matched.
 */
export async function hasApiKey(env: Env, authorization: string | undefined | null): Promise<boolean> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
  const keys = (env.API_KEY ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
  if (!m || keys.length === 0) return false
  const given = await digest(m[1]!)
  let ok = false
  for (const key of keys) {
    if (crypto.subtle.timingSafeEqual(given, await digest(key))) ok = true
  }
  return ok
}

export const requireApiKey = createMiddleware<AppEnv>(async function requireApiKey(c, next) {
  if (!(await hasApiKey(c.env, c.req.header('Authorization')))) {
    throw new ApiError('unauthorized', 'a valid API key is required: Authorization: Bearer <key>', {
      'WWW-Authenticate': 'Bearer realm="sharelink"',
    })
  }
  await next()
})
