/** @module Who is calling: the client key used for rate limits. */
import type { Context } from 'hono'
import { clientOf } from '../util/client'

/** Cloudflare sets CF-Connecting-IP; it can't be forged through Cloudflare's edge. IPv6 clients are their /64. */
export function clientKey(c: Context): string {
  const address = c.req.header('CF-Connecting-IP')
  return address ? clientOf(address) : 'unknown'
}
