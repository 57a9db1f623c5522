/** @module The admin API's gate: the caller signed in (auth/sign-in.ts), with the role the route needs. */
import { createMiddleware } from 'hono/factory'
import { roleAtLeast } from '../auth/roles'
import { signIn } from '../auth/sign-in'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { clientKey } from './client'
import type { Role } from './operation'

/** Lets through callers with at least `role`; what it answers them is theirs alone (private, not stored). */
export function requireRole(role: Role) {
  return createMiddleware<AppEnv>(async function requireRole(c, next) {
    const who = await signIn(c.env, c.get('config'), c.req.raw, clientKey(c))
    c.header('Cache-Control', 'private, no-store')
    if (!roleAtLeast(who.role, role)) {
      throw new ApiError('forbidden', `this needs the ${role} role; ${who.actor.name} has the ${who.role} role`)
    }
    c.set('signedIn', who)
    await next()
    c.header('Cache-Control', 'private, no-store')
  })
}
