/**
 * @module Who is calling the admin API, and with which role: a Bearer key (one of API_KEY's, admin;
 * or a named key) or, where single sign-on is set up, a Cloudflare Access token. Failed sign-ins
 * are counted per client: the tenth within a minute shuts it out, whatever it sends next, until
 * the minute is over (a right guess then would tell a guesser nothing).
 */
import type { Actor } from '../audit/log'
import type { Config } from '../config'
import type { Env } from '../env'
import { ApiError } from '../errors'
import { Bounded } from '../util/bounded'
import { accessTokenOf, verifyAccessToken } from './access'
import { keyHolder } from './keys'
import type { Role } from './roles'

export interface SignedIn {
  actor: Actor
  role: Role
}

/** How long a client that failed too often is shut out, in this isolate (the limiter's window). */
const SHUT_OUT_MS = 60_000
const shutOut = new Bounded<string, true>(10_000, SHUT_OUT_MS)

const encoder = new TextEncoder()
const digest = (s: string) => crypto.subtle.digest('SHA-256', encoder.encode(s))

/**
 * True when `key` is one of API_KEY's. Keys are hashed first so the comparison is of equal
 * lengths, and every key is compared, so timing tells nothing about which matched.
 */
export async function isApiKey(config: Config, key: string): Promise<boolean> {
  if (config.apiKeys.length === 0) return false
  const given = await digest(key)
  let ok = false
  for (const k of config.apiKeys) if (crypto.subtle.timingSafeEqual(given, await digest(k))) ok = true
  return ok
}

/** The caller of an admin route (`client`: its address, for the count of failures). Throws 401, 429 or 503. */
export async function signIn(env: Env, config: Config, request: Request, client: string): Promise<SignedIn> {
  if (shutOut.get(client)) throw tooMany()
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('Authorization') ?? '')?.[1]
  if (bearer) {
    if (await isApiKey(config, bearer)) {
      const weak = config.problems.find((p) => p.variable === 'API_KEY')
      // A weak API_KEY opens nothing: it could be guessed.
      if (weak) throw new ApiError('misconfigured', `API_KEY ${weak.message}`, { 'Retry-After': '60' })
      return { actor: { kind: 'api_key', name: 'API_KEY' }, role: 'admin' }
    }
    const holder = await keyHolder(env.ANALYTICS, bearer)
    if (holder) return { actor: { kind: 'key', name: holder.name }, role: holder.role }
    // With API_KEY missing or weak, the key may have been meant as one: say what is wrong with the service.
    const missing = config.problems.find((p) => p.variable === 'API_KEY')
    if (missing) throw new ApiError('misconfigured', `API_KEY ${missing.message}`, { 'Retry-After': '60' })
    return failed(env, client, 'that key is not a valid key (revoked, mistyped, or never made)')
  }
  const token = accessTokenOf(request)
  if (token) {
    const access = config.access
    if (!access) {
      const problem = config.problems.find((p) => p.variable.startsWith('ACCESS_'))
      if (problem) throw new ApiError('misconfigured', `${problem.variable} ${problem.message}`, { 'Retry-After': '60' })
    } else {
      const who = await verifyAccessToken(token, access)
      if (who.ok) return { actor: { kind: 'access', name: who.email }, role: who.role }
      if (who.status === 503) throw new ApiError('unavailable', who.reason, { 'Retry-After': '5' })
      if (who.status === 403) throw new ApiError('forbidden', who.reason)
      return failed(env, client, `the Access sign-in was refused: ${who.reason}`)
    }
  }
  const problem = config.problems.find((p) => p.variable === 'API_KEY') && !config.access
  if (problem)
    throw new ApiError('misconfigured', `API_KEY ${config.problems.find((p) => p.variable === 'API_KEY')!.message}`, {
      'Retry-After': '60',
    })
  throw unauthorized('sign in: send Authorization: Bearer <key>, or come through Cloudflare Access')
}

/** A failed sign-in: 401, or 429 once the client has failed ten times within a minute. */
async function failed(env: Env, client: string, why: string): Promise<never> {
  const { success } = env.SIGNIN_LIMITER ? await env.SIGNIN_LIMITER.limit({ key: client }) : { success: true }
  if (!success) {
    shutOut.set(client, true)
    throw tooMany()
  }
  throw unauthorized(why)
}

const unauthorized = (message: string) => new ApiError('unauthorized', message, { 'WWW-Authenticate': 'Bearer realm="sharelink"' })
const tooMany = () =>
  new ApiError('rate_limited', 'too many failed sign-ins from this client: try again in a minute', { 'Retry-After': '60' })
