/** @module Who is calling: the client key used for rate limits. */
import type { Context } from 'hono'

/** Cloudflare sets CF-Connecting-IP; it can't be forged through Cloudflare's edge. */
export function clientKey(c: Context): string {
  return c.req.header('CF-Connecting-IP') ?? 'unknown'
}
