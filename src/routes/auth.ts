/** @module Admin authentication: Bearer API keys, compared in constant time, several at once for rotation. */
import { createMiddleware } from 'hono/factory'
import type { Config } from '../config'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import type { Role } from './operation'

const encoder = new TextEncoder()

async function digest(s: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', encoder.encode(s))
}

/**
 * True when the request carries one of API_KEY's keys. Keys are hashed first so the comparison
 * is of equal lengths, and every key is compared, so timing tells nothing about which matched.
 */
export async function hasApiKey(config: Config, authorization: string | undefined | null): Promise<boolean> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
  if (!m || config.apiKeys.length === 0) return false
  const given = await digest(m[1]!)
  let ok = false
  for (const key of config.apiKeys) {
    if (crypto.subtle.timingSafeEqual(given, await digest(key))) ok = true
  }
  return ok
}

/** Lets through callers with `role` (today every key is an admin key, so any valid key). */
export function requireRole(_role: Role) {
  return requireApiKey
}

const requireApiKey = createMiddleware<AppEnv>(async function requireApiKey(c, next) {
  const config = c.get('config')
  const problem = config.problems.find((p) => p.variable === 'API_KEY')
  if (problem) throw new ApiError('misconfigured', `API_KEY ${problem.message}`, { 'Retry-After': '60' })
  if (!(await hasApiKey(config, c.req.header('Authorization')))) {
    throw new ApiError('unauthorized', 'a valid API key is required: Authorization: Bearer <key>', {
      'WWW-Authenticate': 'Bearer realm="sharelink"',
    })
  }
  await next()
})
