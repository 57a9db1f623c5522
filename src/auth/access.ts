/**
 * @module Single sign-on with Cloudflare Access: ACCESS_TEAM_DOMAIN, ACCESS_AUD and ACCESS_ROLES
 * parsed into a config, and a request's Access token verified into an email and a role.
 *
 * How it is meant to be called (plain functions, no Hono Context: the app wires them in):
 *
 *   const { access, problems } = parseAccessConfig(env)   // once per isolate, beside parseConfig
 *   const token = accessTokenOf(request)
 *   if (token && access) {
 *     const who = await verifyAccessToken(token, access)
 *     // who.ok: signed in as who.email with who.role; each route checks roleAtLeast(who.role, need)
 *     //   and answers 403 `forbidden` naming the role needed.
 *     // else who.status: 401 `unauthorized`, 403 `forbidden`, or 503 `unavailable` with Retry-After,
 *     //   and who.reason as the message.
 *   }
 *
 * With problems, `access` is null: a request carrying a token then answers 503 `misconfigured`
 * naming the variable (never "signed out"). Anyone can send the header where the Worker is
 * reachable without Access in front (workers.dev, another route), which is why every token is
 * verified here rather than trusted. Reasons name the check that failed, never a secret, so
 * they may be shown to the caller.
 *
 * The checks follow Cloudflare's "Validate JWTs" and "Application token" pages: RS256 signature
 * by a key from `<team domain>/cdn-cgi/access/certs` matched by `kid`, `iss` the team domain,
 * `aud` holding the application's AUD tag, and `exp`/`nbf`/`iat`
 * (https://developers.cloudflare.com/cloudflare-one/access-controls/applications/http-apps/authorization-cookie/application-token/).
 */
import { parse as parseCookies } from 'hono/utils/cookie'
import { decode, verify } from 'hono/utils/jwt/jwt'
import {
  JwtHeaderInvalid,
  JwtPayloadRequiresAud,
  JwtTokenAudience,
  JwtTokenIssuer,
  JwtTokenSignatureMismatched,
} from 'hono/utils/jwt/types'
import { accessKey } from './access-keys'
import { parseAccessRoles, type Role, type RoleRule, roleFor } from './roles'

export interface AccessConfig {
  /** The team's origin without a trailing slash, exactly as tokens spell `iss`; its keys are at /cdn-cgi/access/certs. */
  teamDomain: string
  /** AUD tags accepted: one per Access application in front of the Worker (ACCESS_AUD, comma-separated). */
  audiences: string[]
  rules: RoleRule[]
}

/** The same shape as config.ts's Problem, so the integrator can list these with the others. */
export interface AccessProblem {
  variable: 'ACCESS_TEAM_DOMAIN' | 'ACCESS_AUD' | 'ACCESS_ROLES'
  message: string
}

export type AccessResult =
  | { ok: true; email: string; role: Role; service: boolean }
  | { ok: false; status: 401 | 403 | 503; reason: string }

/**
 * How far exp, nbf and iat may be off. Access issues tokens on Cloudflare's clock and this
 * Worker runs on Cloudflare's clock, but `iat`/`nbf` are set to the second of signing, and a
 * token checked in the same second on another machine must not be "not valid yet".
 */
export const CLOCK_SKEW_SECONDS = 60
/** Longer is no Access token (they are a few KB at most, custom claims included); refused before any work. */
const MAX_TOKEN_CHARS = 16_384
const VARS = ['ACCESS_TEAM_DOMAIN', 'ACCESS_AUD', 'ACCESS_ROLES'] as const
const EXAMPLE_TEAM = 'https://yourpaper.cloudflareaccess.com'
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * Reads the three vars: all unset (or empty) is "off" (null, no problems); any problem also
 * leaves `access` null, because a half-understood role list could hand someone the wrong role.
 */
export function parseAccessConfig(vars: { ACCESS_TEAM_DOMAIN?: unknown; ACCESS_AUD?: unknown; ACCESS_ROLES?: unknown }): {
  access: AccessConfig | null
  problems: AccessProblem[]
} {
  const problems: AccessProblem[] = []
  const problem = (variable: AccessProblem['variable'], message: string) => problems.push({ variable, message })
  const text = (name: (typeof VARS)[number]): string => {
    const value = vars[name]
    if (value === undefined || value === null) return ''
    if (typeof value !== 'string') {
      problem(name, `must be text, not ${typeof value}`)
      return ''
    }
    return value.trim()
  }
  const values = { ACCESS_TEAM_DOMAIN: text('ACCESS_TEAM_DOMAIN'), ACCESS_AUD: text('ACCESS_AUD'), ACCESS_ROLES: text('ACCESS_ROLES') }
  const set = VARS.filter((name) => values[name])
  if (set.length === 0) return { access: null, problems }

  for (const name of VARS) {
    if (!values[name] && !problems.some((p) => p.variable === name)) {
      problem(name, `is not set, but ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'}: single sign-on needs all three (or none)`)
    }
  }

  const teamDomain = values.ACCESS_TEAM_DOMAIN ? parseTeamDomain(values.ACCESS_TEAM_DOMAIN) : { origin: '' }
  if ('problem' in teamDomain) problem('ACCESS_TEAM_DOMAIN', teamDomain.problem)

  const audiences = values.ACCESS_AUD.split(',')
    .map((a) => a.trim())
    .filter(Boolean)
  if (values.ACCESS_AUD && audiences.length === 0) problem('ACCESS_AUD', 'lists no Application Audience (AUD) Tag')
  for (const aud of audiences) {
    if (!/^[\w-]+$/.test(aud)) {
      problem('ACCESS_AUD', `'${aud}' is not an Application Audience (AUD) Tag (Zero Trust > Access > Applications > your app)`)
    }
  }

  const roles = parseAccessRoles(values.ACCESS_ROLES)
  if (values.ACCESS_ROLES) for (const message of roles.problems) problem('ACCESS_ROLES', message)

  if (problems.length > 0 || !('origin' in teamDomain)) return { access: null, problems }
  return { access: { teamDomain: teamDomain.origin, audiences, rules: roles.rules }, problems }
}

/**
 * `https://<team>.cloudflareaccess.com`, or an http loopback origin for tests. Any other https
 * host is refused, not merely warned about: the keys fetched from it decide who is signed in,
 * so a typo'd or look-alike domain would hand sign-in to whoever owns it.
 */
function parseTeamDomain(text: string): { origin: string } | { problem: string } {
  const example = `set it to your team domain, e.g. ${EXAMPLE_TEAM}`
  if (!/^[a-z][a-z\d+.-]*:\/\//i.test(text)) {
    const host = /^[\w.-]+$/.test(text) ? text.toLowerCase() : ''
    return { problem: host.includes('.') ? `needs its scheme: https://${host}` : `'${text}' is not a URL; ${example}` }
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { problem: `'${text}' is not a URL; ${example}` }
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    return { problem: `must be an origin only (no path, query or credentials), e.g. ${url.origin}` }
  }
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return { origin: url.origin }
  if (url.protocol !== 'https:') return { problem: `must be https (http only for a loopback address, in tests); ${example}` }
  if (!url.hostname.endsWith('.cloudflareaccess.com')) {
    return { problem: `'${url.hostname}' is not a Cloudflare Access team domain (<team>.cloudflareaccess.com); ${example}` }
  }
  return { origin: url.origin }
}

/**
 * The request's Access token: the `Cf-Access-Jwt-Assertion` header Access adds to every request
 * it lets through, else the `CF_Authorization` cookie a browser carries (Cloudflare recommends
 * the header: the cookie is not guaranteed to be passed).
 */
export function accessTokenOf(request: Request): string | null {
  const header = request.headers.get('Cf-Access-Jwt-Assertion')?.trim()
  if (header) return header
  const cookie = request.headers.get('Cookie')
  const token = cookie ? parseCookies(cookie, 'CF_Authorization').CF_Authorization?.trim() : undefined
  return token || null
}

/**
 * Verifies an Access token and finds its role. Every bad token is 401 with the check that failed;
 * a good token whose identity ACCESS_ROLES gives no role is 403; keys that cannot be fetched are
 * 503, never 401 (the token may be fine). `now` is milliseconds since the epoch (default: now).
 *
 * Service tokens carry no email: they are known by their Client ID (`common_name`, `<id>.access`),
 * which only an exact ACCESS_ROLES pattern matches, never `*@domain`.
 */
export async function verifyAccessToken(
  token: string,
  access: AccessConfig,
  options: { fetch?: typeof fetch; now?: number } = {},
): Promise<AccessResult> {
  const now = options.now ?? Date.now()
  const fetchFn = options.fetch ?? fetch
  const fail = (reason: string, status: 401 | 403 | 503 = 401): AccessResult => ({ ok: false, status, reason })

  if (token.length > MAX_TOKEN_CHARS) return fail('token is malformed: longer than any Access token')
  let header: unknown
  let payload: unknown
  try {
    ;({ header, payload } = decode(token))
  } catch {
    return fail('token is malformed: not three base64url parts of JSON')
  }
  if (!isObject(header) || !isObject(payload)) return fail('token is malformed: its header or payload is not a JSON object')
  // Before any key is touched: this refuses `none`, HS256 "signed" with the public key, and all else.
  if (header.alg !== 'RS256') return fail(`token algorithm ${JSON.stringify(header.alg) ?? 'undefined'} is not RS256`)
  if (typeof header.kid !== 'string' || !header.kid) return fail('token names no signing key (kid)')

  const key = await accessKey(access.teamDomain, header.kid, fetchFn, now)
  if (key === 'unavailable') return fail('could not fetch the Access signing keys', 503)
  if (key === 'unknown') return fail('token is signed by a key not in the Access key set')
  try {
    // Hono checks header, iss, aud and the signature; times are checked below with our skew and clock.
    await verify(token, key, { alg: 'RS256', iss: access.teamDomain, aud: access.audiences, exp: false, nbf: false, iat: false })
  } catch (e) {
    return fail(reasonOf(e))
  }

  const seconds = Math.floor(now / 1000)
  const { exp, nbf, iat, type } = payload
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return fail('token has no expiry (exp)')
  if (exp + CLOCK_SKEW_SECONDS <= seconds) return fail('token has expired (exp)')
  if (nbf !== undefined && !(typeof nbf === 'number' && nbf - CLOCK_SKEW_SECONDS <= seconds)) return fail('token is not valid yet (nbf)')
  if (iat !== undefined && !(typeof iat === 'number' && iat - CLOCK_SKEW_SECONDS <= seconds))
    return fail('token was issued in the future (iat)')
  // `org` is the global session token of the team domain, not a pass to this application.
  if (type !== undefined && type !== 'app') return fail('token is not an Access application token (type)')

  const email = typeof payload.email === 'string' ? payload.email.trim().toLowerCase() : ''
  const commonName = typeof payload.common_name === 'string' ? payload.common_name.trim().toLowerCase() : ''
  const identity = email || commonName
  if (!identity) return fail('token names no email and no service token (common_name)')
  const service = !email
  const role = roleFor(identity, access.rules, service ? 'service' : 'user')
  if (!role) return fail(`${identity} is signed in with Access, but ACCESS_ROLES gives it no role`, 403)
  return { ok: true, email: identity, role, service }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function reasonOf(e: unknown): string {
  if (e instanceof JwtTokenAudience || e instanceof JwtPayloadRequiresAud) return 'token audience is not this application (ACCESS_AUD)'
  if (e instanceof JwtTokenIssuer) return 'token issuer is not the Access team domain (ACCESS_TEAM_DOMAIN)'
  if (e instanceof JwtTokenSignatureMismatched) return 'token signature does not verify with the key it names'
  if (e instanceof JwtHeaderInvalid) return 'token header is not a plain JWT header (typ or crit)'
  return 'token is malformed'
}
