/**
 * Single sign-on with Cloudflare Access, as plain functions: the test is the key server (a stub of
 * `http://127.0.0.1:9/cdn-cgi/access/certs`) and the signer (RSA keys made here), and every way a
 * token can be wrong is one row of a table. Then: how often the keys are fetched, what a failing
 * key server means (503, not 401), and how the three vars are read.
 */
import { sign } from 'hono/utils/jwt/jwt'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type AccessConfig, type AccessResult, accessTokenOf, parseAccessConfig, verifyAccessToken } from '../src/auth/access'
import { forgetAccessKeys, KEYS_TTL_MS, REFETCH_MIN_MS, RETRY_AFTER_FAILURE_MS, STALE_IF_ERROR_MS } from '../src/auth/access-keys'
import { parseAccessRoles, type Role, roleAtLeast, roleFor } from '../src/auth/roles'
import { type Route, stubOrigin } from './helpers'
import { b64url, part, type Signer, signer } from './jwt'

const TEAM = 'http://127.0.0.1:9'
const CERTS = `${TEAM}/cdn-cgi/access/certs`
const AUD = '32eafc7626e974616deaf0dc3ce63d7bcbed58a2731e84d06bc3cdf1b53c4228'
const SERVICE = 'e367826f93b8d71185e03fe518aff3b4.access'
const ROLES = `admin=ed@yourpaper.com;editor=*@yourpaper.com,*@partner.example;viewer=${SERVICE}`
/** A fixed clock (ms), passed to every verification, so times in tokens are exact. */
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const T = NOW / 1000

const enc = new TextEncoder()

let current: Signer
let previous: Signer
let stranger: Signer
let access: AccessConfig

beforeAll(async () => {
  ;[current, previous, stranger] = await Promise.all([signer('current-1'), signer('previous-1'), signer('stranger-1')])
  const parsed = parseAccessConfig({ ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD, ACCESS_ROLES: ROLES })
  expect(parsed.problems).toEqual([])
  access = parsed.access!
})

/** What Access puts in a person's token (the docs' example), with `over` changed; undefined drops a claim. */
function claims(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    aud: [AUD],
    email: 'reporter@yourpaper.com',
    exp: T + 300,
    iat: T - 5,
    nbf: T - 5,
    iss: TEAM,
    type: 'app',
    identity_nonce: '6ei69kawdKzMIAPF',
    sub: '7335d417-61da-459d-899c-0a01c76a2f94',
    country: 'GB',
    ...over,
  }
}

/** An RS256 token signed by hand, so headers can say anything. */
async function token(options: { claims?: Record<string, unknown>; header?: Record<string, unknown>; by?: Signer } = {}): Promise<string> {
  return (options.by ?? current).sign(options.claims ?? claims(), options.header)
}

/** The JWKS as Access serves it: both keys as JWKs, and the same again as PEM certificates. */
let served: Signer['jwk'][]
let certs: Route
let fetched: string[]
const jwks: Route = () =>
  Response.json({
    keys: served,
    public_cert: { kid: current.kid, cert: '-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----' },
    public_certs: served.map((k) => ({
      kid: k.kid,
      cert: '-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----',
    })),
  })

beforeEach(() => {
  forgetAccessKeys()
  served = [current.jwk, previous.jwk]
  certs = jwks
  fetched = stubOrigin({ [CERTS]: (req) => certs(req) })
})

const verifyAt = (t: string, at = NOW): Promise<AccessResult> => verifyAccessToken(t, access, { now: at })

type Want = ({ ok: true; email: string; role: Role; service?: boolean } | { status: 401 | 403; reason: RegExp }) & { keys?: 0 }

/** Each row: what the token is, how it is made, what verifying it gives (`keys: 0`: refused before any key is fetched). */
const cases: [string, () => Promise<string>, Want][] = [
  // Signed in
  ['a valid token', () => token(), { ok: true, email: 'reporter@yourpaper.com', role: 'editor' }],
  [
    'the first rule that matches wins: ed is admin though *@yourpaper.com follows',
    () => token({ claims: claims({ email: 'ed@yourpaper.com' }) }),
    { ok: true, email: 'ed@yourpaper.com', role: 'admin' },
  ],
  [
    'emails compare case-insensitively',
    () => token({ claims: claims({ email: 'Ed@YourPaper.COM' }) }),
    { ok: true, email: 'ed@yourpaper.com', role: 'admin' },
  ],
  [
    'a role with two patterns: the second matches',
    () => token({ claims: claims({ email: 'desk@partner.example' }) }),
    { ok: true, email: 'desk@partner.example', role: 'editor' },
  ],
  [
    "signed by the previous key, still in Access's set",
    () => token({ by: previous }),
    { ok: true, email: 'reporter@yourpaper.com', role: 'editor' },
  ],
  ['aud as a single string', () => token({ claims: claims({ aud: AUD }) }), { ok: true, email: 'reporter@yourpaper.com', role: 'editor' }],
  [
    'aud listing another application too',
    () => token({ claims: claims({ aud: ['other', AUD] }) }),
    { ok: true, email: 'reporter@yourpaper.com', role: 'editor' },
  ],
  [
    'expired 30 s ago: within the 60 s skew',
    () => token({ claims: claims({ exp: T - 30 }) }),
    { ok: true, email: 'reporter@yourpaper.com', role: 'editor' },
  ],
  [
    'nbf and iat 30 s ahead: within the skew',
    () => token({ claims: claims({ nbf: T + 30, iat: T + 30 }) }),
    { ok: true, email: 'reporter@yourpaper.com', role: 'editor' },
  ],
  [
    'no nbf, no iat: exp is enough',
    () => token({ claims: claims({ nbf: undefined, iat: undefined }) }),
    { ok: true, email: 'reporter@yourpaper.com', role: 'editor' },
  ],
  [
    'a service token, by its exact Client ID',
    () => token({ claims: { type: 'app', aud: [AUD], exp: T + 300, iss: TEAM, common_name: SERVICE, iat: T, sub: '' } }),
    { ok: true, email: SERVICE, role: 'viewer', service: true },
  ],
  [
    "a token made by Hono's own sign()",
    () => sign(claims(), { ...current.jwk, ...privateJwk }),
    { ok: true, email: 'reporter@yourpaper.com', role: 'editor' },
  ],

  // Valid, but no role: 403
  [
    'an email no rule matches',
    () => token({ claims: claims({ email: 'someone@gmail.com' }) }),
    { status: 403, reason: /someone@gmail\.com .*ACCESS_ROLES gives it no role/ },
  ],
  [
    '*@domain does not match subdomains',
    () => token({ claims: claims({ email: 'a@news.yourpaper.com' }) }),
    { status: 403, reason: /a@news\.yourpaper\.com/ },
  ],
  [
    'a service token no exact pattern names',
    () => token({ claims: claims({ email: undefined, common_name: 'abc.access', sub: '' }) }),
    { status: 403, reason: /abc\.access/ },
  ],
  [
    'a service token whose name looks like an address: *@domain never matches service tokens',
    () => token({ claims: claims({ email: undefined, common_name: 'bot@yourpaper.com', sub: '' }) }),
    { status: 403, reason: /bot@yourpaper\.com/ },
  ],

  // Bad tokens: 401
  [
    'wrong audience',
    () => token({ claims: claims({ aud: ['another-app'] }) }),
    { status: 401, reason: /audience is not this application/ },
  ],
  ['no audience', () => token({ claims: claims({ aud: undefined }) }), { status: 401, reason: /audience/ }],
  ['expired 61 s ago', () => token({ claims: claims({ exp: T - 61 }) }), { status: 401, reason: /expired/ }],
  ['no expiry', () => token({ claims: claims({ exp: undefined }) }), { status: 401, reason: /no expiry/ }],
  ['an expiry that is not a number', () => token({ claims: claims({ exp: String(T + 300) }) }), { status: 401, reason: /no expiry/ }],
  ['not valid for another 2 minutes (nbf)', () => token({ claims: claims({ nbf: T + 120 }) }), { status: 401, reason: /not valid yet/ }],
  [
    'issued 2 minutes in the future (iat)',
    () => token({ claims: claims({ iat: T + 120 }) }),
    { status: 401, reason: /issued in the future/ },
  ],
  [
    'signed by a stranger naming a key in the set',
    () => token({ by: stranger, header: { kid: current.kid } }),
    { status: 401, reason: /signature does not verify/ },
  ],
  ['signed by a stranger naming its own key', () => token({ by: stranger }), { status: 401, reason: /key not in the Access key set/ }],
  [
    'a payload changed after signing',
    async () => {
      const [h, , s] = (await token()).split('.')
      return `${h}.${part(claims({ email: 'ed@yourpaper.com' }))}.${s}`
    },
    { status: 401, reason: /signature does not verify/ },
  ],
  [
    'alg none, empty signature',
    async () => `${part({ alg: 'none', typ: 'JWT' })}.${part(claims())}.`,
    { status: 401, reason: /algorithm "none" is not RS256/, keys: 0 },
  ],
  [
    'alg none naming a key in the set',
    async () => `${part({ alg: 'none', kid: current.kid })}.${part(claims())}.`,
    { status: 401, reason: /"none"/, keys: 0 },
  ],
  [
    'HS256 with the public key as the HMAC secret (algorithm confusion)',
    () => hs256WithPublicKey(),
    { status: 401, reason: /"HS256" is not RS256/, keys: 0 },
  ],
  ['RS512', () => token({ header: { alg: 'RS512' } }), { status: 401, reason: /"RS512" is not RS256/, keys: 0 }],
  ['no alg', () => token({ header: { alg: undefined } }), { status: 401, reason: /algorithm undefined/, keys: 0 }],
  ['no kid', () => token({ header: { kid: undefined } }), { status: 401, reason: /no signing key/, keys: 0 }],
  ['typ other than JWT', () => token({ header: { typ: 'at+jwt' } }), { status: 401, reason: /not a plain JWT header/ }],
  ['a crit header', () => token({ header: { crit: ['exp'] } }), { status: 401, reason: /not a plain JWT header/ }],
  [
    'wrong issuer',
    () => token({ claims: claims({ iss: 'https://someone-else.cloudflareaccess.com' }) }),
    { status: 401, reason: /issuer is not the Access team domain/ },
  ],
  ['no issuer', () => token({ claims: claims({ iss: undefined }) }), { status: 401, reason: /issuer/ }],
  [
    'the global session token (type org)',
    () => token({ claims: claims({ type: 'org' }) }),
    { status: 401, reason: /not an Access application token/ },
  ],
  [
    'no email and no common_name',
    () => token({ claims: claims({ email: undefined }) }),
    { status: 401, reason: /no email and no service token/ },
  ],
  ['an empty email', () => token({ claims: claims({ email: ' ' }) }), { status: 401, reason: /no email/ }],
  ['malformed: empty', async () => '', { status: 401, reason: /malformed/, keys: 0 }],
  ['malformed: one part', async () => 'eyJhbGciOiJSUzI1NiJ9', { status: 401, reason: /malformed/, keys: 0 }],
  ['malformed: two parts', async () => (await token()).split('.').slice(0, 2).join('.'), { status: 401, reason: /malformed/, keys: 0 }],
  ['malformed: four parts', async () => `${await token()}.x`, { status: 401, reason: /malformed/, keys: 0 }],
  ['malformed: a header that is not base64url', async () => `%%%.${part(claims())}.sig`, { status: 401, reason: /malformed/, keys: 0 }],
  [
    'malformed: a header that is not JSON',
    async () => `${b64url(enc.encode('{"alg":'))}.${part(claims())}.sig`,
    { status: 401, reason: /malformed/, keys: 0 },
  ],
  [
    'malformed: a payload that is not JSON',
    async () => `${part({ alg: 'RS256', kid: current.kid })}.${b64url(enc.encode('nope'))}.sig`,
    { status: 401, reason: /malformed/, keys: 0 },
  ],
  [
    'malformed: a header that is null',
    async () => `${part(null)}.${part(claims())}.sig`,
    { status: 401, reason: /not a JSON object/, keys: 0 },
  ],
  [
    'malformed: a payload that is an array',
    async () => `${part({ alg: 'RS256', kid: current.kid })}.${part([1])}.sig`,
    { status: 401, reason: /not a JSON object/, keys: 0 },
  ],
  [
    'malformed: a signature that is not base64url',
    async () => `${(await token()).split('.').slice(0, 2).join('.')}.!!!`,
    { status: 401, reason: /malformed/ },
  ],
  [
    'malformed: far too long',
    async () => `${await token()}${'A'.repeat(20_000)}`,
    { status: 401, reason: /longer than any Access token/, keys: 0 },
  ],
]

let privateJwk: JsonWebKey
beforeAll(async () => {
  privateJwk = (await crypto.subtle.exportKey('jwk', current.keys.privateKey)) as JsonWebKey
})

/** The classic confusion: HS256 "signed" with the server's public key (PEM), which an attacker has. */
async function hs256WithPublicKey(): Promise<string> {
  const spki = await crypto.subtle.exportKey('spki', current.keys.publicKey)
  const pem = `-----BEGIN PUBLIC KEY-----\n${btoa(String.fromCharCode(...new Uint8Array(spki as ArrayBuffer)))}\n-----END PUBLIC KEY-----`
  const hmac = await crypto.subtle.importKey('raw', enc.encode(pem), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const input = `${part({ alg: 'HS256', kid: current.kid, typ: 'JWT' })}.${part(claims({ email: 'ed@yourpaper.com' }))}`
  return `${input}.${b64url(await crypto.subtle.sign('HMAC', hmac, enc.encode(input)))}`
}

describe('verifyAccessToken: every kind of token', () => {
  for (const [name, make, want] of cases) {
    it(name, async () => {
      const result = await verifyAt(await make())
      if ('ok' in want) expect(result).toEqual({ ok: true, email: want.email, role: want.role, service: want.service ?? false })
      else {
        expect(result).toMatchObject({ ok: false, status: want.status })
        expect(result.ok === false && result.reason).toMatch(want.reason)
      }
      // A bad header is refused before any key is fetched; everything else costs one fetch at most.
      expect(fetched).toHaveLength(want.keys ?? 1)
    })
  }
})

describe('accessTokenOf: the header, else the cookie', () => {
  const req = (headers: Record<string, string>) => new Request('https://share.example.com/api/links', { headers })
  it('reads Cf-Access-Jwt-Assertion', () => {
    expect(accessTokenOf(req({ 'Cf-Access-Jwt-Assertion': 'a.b.c' }))).toBe('a.b.c')
  })
  it('reads the CF_Authorization cookie among others', () => {
    expect(accessTokenOf(req({ Cookie: 'theme=dark; CF_Authorization=a.b.c; other=1' }))).toBe('a.b.c')
  })
  it('prefers the header, which Access always sets, to the cookie', () => {
    expect(accessTokenOf(req({ 'Cf-Access-Jwt-Assertion': 'h.h.h', Cookie: 'CF_Authorization=c.c.c' }))).toBe('h.h.h')
  })
  it('falls back to the cookie when the header is empty', () => {
    expect(accessTokenOf(req({ 'Cf-Access-Jwt-Assertion': ' ', Cookie: 'CF_Authorization=c.c.c' }))).toBe('c.c.c')
  })
  it('is null without either (a cookie of a similar name does not count)', () => {
    expect(accessTokenOf(req({}))).toBeNull()
    expect(accessTokenOf(req({ Cookie: 'CF_Authorization_old=x.y.z' }))).toBeNull()
  })
  it('a browser signed in by cookie is verified like the header', async () => {
    const request = req({ Cookie: `CF_Authorization=${await token({ claims: claims({ email: 'ed@yourpaper.com' }) })}` })
    expect(await verifyAt(accessTokenOf(request)!)).toEqual({ ok: true, email: 'ed@yourpaper.com', role: 'admin', service: false })
  })
})

describe('the key set: fetched rarely, refetched when Access rotates, and a failure is 503', () => {
  it('is fetched once for many verifications, as Access asks: GET, no redirect followed', async () => {
    let seen: Request | undefined
    certs = (req) => {
      seen = req
      return jwks(req)
    }
    const good = await token()
    for (let i = 0; i < 20; i++) expect((await verifyAt(good, NOW + i * 1000)).ok).toBe(true)
    expect(fetched).toEqual([CERTS])
    expect(seen?.method).toBe('GET')
    expect(seen?.redirect).toBe('manual')
  })

  it('is fetched again after 10 minutes', async () => {
    const good = await token({ claims: claims({ exp: T + 3600 }) })
    await verifyAt(good)
    await verifyAt(good, NOW + KEYS_TTL_MS - 1)
    expect(fetched).toHaveLength(1)
    expect((await verifyAt(good, NOW + KEYS_TTL_MS)).ok).toBe(true)
    expect(fetched).toHaveLength(2)
  })

  it('an unknown kid refetches at most once per 30 s, however many arrive', async () => {
    const late = claims({ exp: T + 3600 })
    await verifyAt(await token({ claims: late }))
    expect(fetched).toHaveLength(1)
    // Within 30 s of a fetch, an unknown kid is refused from what is held.
    expect(await verifyAt(await token({ by: stranger, claims: late }), NOW + 1000)).toMatchObject({ status: 401 })
    expect(fetched).toHaveLength(1)
    // After 30 s, one refetch; a flood of made-up kids in the next 30 s adds none.
    const at = NOW + REFETCH_MIN_MS
    for (let i = 0; i < 50; i++) {
      const forged = await token({ by: stranger, header: { kid: `random-${i}` }, claims: late })
      expect(await verifyAt(forged, at + i * 100)).toMatchObject({
        status: 401,
        reason: expect.stringMatching(/key not in the Access key set/),
      })
    }
    expect(fetched).toHaveLength(2)
    await verifyAt(await token({ by: stranger, claims: late }), at + REFETCH_MIN_MS)
    expect(fetched).toHaveLength(3)
  })

  it('learns a rotated key from the refetch its first token causes', async () => {
    const late = claims({ exp: T + 3600 })
    await verifyAt(await token({ claims: late }))
    const rotated = await signer('rotated-2')
    served = [rotated.jwk, current.jwk]
    expect(await verifyAt(await token({ by: rotated, claims: late }), NOW + REFETCH_MIN_MS)).toEqual({
      ok: true,
      email: 'reporter@yourpaper.com',
      role: 'editor',
      service: false,
    })
    expect(fetched).toHaveLength(2)
  })

  const failures: [string, Route][] = [
    ['answers 500', () => new Response('oops', { status: 500 })],
    ['is unreachable', () => Promise.reject(new TypeError('Network connection lost.'))],
    [
      'redirects (not followed: keys from elsewhere are not Access keys)',
      () => new Response(null, { status: 302, headers: { Location: 'https://evil.example/certs' } }),
    ],
    ['answers something that is not JSON', () => new Response('<html>')],
    ['answers JSON without keys', () => Response.json({ public_cert: {} })],
    [
      'answers keys of which none is an RS256 signing key',
      () => Response.json({ keys: [{ kid: 'x', kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }] }),
    ],
  ]
  for (const [name, route] of failures) {
    it(`a certs endpoint that ${name}: 503 unavailable, not 401`, async () => {
      certs = route
      expect(await verifyAt(await token())).toEqual({ ok: false, status: 503, reason: 'could not fetch the Access signing keys' })
    })
  }

  it('uses the fetch it is given instead of the global one', async () => {
    const calls: string[] = []
    const own = (async (input: RequestInfo | URL) => {
      calls.push(String(input))
      return Response.json({ keys: [current.jwk] })
    }) as typeof fetch
    expect((await verifyAccessToken(await token(), access, { now: NOW, fetch: own })).ok).toBe(true)
    expect(calls).toEqual([CERTS])
    expect(fetched).toEqual([])
  })

  it('after a failure, waits 5 s before trying again (answering 503 meanwhile), then recovers', async () => {
    certs = () => new Response('down', { status: 503 })
    const good = await token()
    expect(await verifyAt(good)).toMatchObject({ status: 503 })
    expect(await verifyAt(good, NOW + RETRY_AFTER_FAILURE_MS - 1)).toMatchObject({ status: 503 })
    expect(fetched).toHaveLength(1)
    certs = jwks
    expect((await verifyAt(good, NOW + RETRY_AFTER_FAILURE_MS)).ok).toBe(true)
    expect(fetched).toHaveLength(2)
  })

  it('keeps verifying with keys past their 10 minutes while the endpoint fails, up to an hour', async () => {
    const good = await token({ claims: claims({ exp: T + 7200 }) })
    expect((await verifyAt(good)).ok).toBe(true)
    certs = () => new Response('down', { status: 500 })
    expect((await verifyAt(good, NOW + KEYS_TTL_MS + 1000)).ok).toBe(true)
    expect(await verifyAt(good, NOW + STALE_IF_ERROR_MS)).toMatchObject({ status: 503 })
  })

  it('an unknown kid whose refetch fails is 503: the key may be new, the token good', async () => {
    const late = claims({ exp: T + 3600 })
    await verifyAt(await token({ claims: late }))
    certs = () => new Response('down', { status: 500 })
    const rotated = await signer('rotated-3')
    expect(await verifyAt(await token({ by: rotated, claims: late }), NOW + REFETCH_MIN_MS)).toMatchObject({ status: 503 })
    // The keys held still verify the tokens they signed.
    expect((await verifyAt(await token({ claims: late }), NOW + REFETCH_MIN_MS + 1)).ok).toBe(true)
  })
})

describe('ACCESS_ROLES', () => {
  it('reads role=pattern;role=pattern in order, several patterns to a role, any case, spaces and a trailing ; allowed', () => {
    const { rules, problems } = parseAccessRoles(
      ' Admin = Ed@YourPaper.com ; editor=*@yourpaper.com, *@partner.example;viewer=abc.access; ',
    )
    expect(problems).toEqual([])
    expect(rules).toEqual([
      { role: 'admin', pattern: 'ed@yourpaper.com' },
      { role: 'editor', pattern: '*@yourpaper.com' },
      { role: 'editor', pattern: '*@partner.example' },
      { role: 'viewer', pattern: 'abc.access' },
    ])
  })

  const bad: [string, RegExp][] = [
    ['owner=ed@yourpaper.com', /'owner' is not a role \(the roles are viewer, editor, admin\)/],
    ['ed@yourpaper.com', /'ed@yourpaper.com' is not role=pattern/],
    ['editor=', /'editor=' has an empty pattern/],
    ['editor=*@a.com,', /has an empty pattern/],
    ['editor=ed', /'ed' is not an email, \*@domain or service token Client ID/],
    ['editor=*.yourpaper.com', /'\*.yourpaper.com' is not an email/],
    ['editor=*@*.yourpaper.com', /'\*@\*.yourpaper.com' is not an email/],
    ['editor=a@b@c.com', /'a@b@c.com' is not an email/],
    ['editor=*', /'\*' is not an email/],
    ['', /lists no rule/],
    [' ; ', /lists no rule/],
  ]
  for (const [text, problem] of bad) {
    it(`'${text}' is a problem: ${problem.source}`, () => {
      expect(parseAccessRoles(text).problems.join('\n')).toMatch(problem)
    })
  }

  it('a bad entry does not hide the good ones', () => {
    const { rules, problems } = parseAccessRoles('owner=x@y.com;admin=ed@yourpaper.com')
    expect(rules).toEqual([{ role: 'admin', pattern: 'ed@yourpaper.com' }])
    expect(problems).toHaveLength(1)
  })

  it('a rule an earlier rule with another role always beats is a problem: its person would get the wrong role', () => {
    expect(parseAccessRoles('editor=*@yourpaper.com;admin=ed@yourpaper.com').problems).toEqual([
      'admin=ed@yourpaper.com never applies: editor=*@yourpaper.com comes first and matches it (put the narrower rule first)',
    ])
    expect(parseAccessRoles('viewer=ed@yourpaper.com;admin=ED@yourpaper.com').problems).toHaveLength(1)
    // The same role twice is harmless, and the narrower rule first is the intended order.
    expect(parseAccessRoles('editor=*@yourpaper.com;editor=ed@yourpaper.com').problems).toEqual([])
    expect(parseAccessRoles('admin=ed@yourpaper.com;editor=*@yourpaper.com').problems).toEqual([])
  })

  it('roleFor: first match wins, emails in any case, *@domain exact domain only, service tokens by exact pattern only', () => {
    const { rules } = parseAccessRoles(`admin=ed@yourpaper.com;editor=*@yourpaper.com;viewer=${SERVICE}`)
    expect(roleFor('ed@yourpaper.com', rules)).toBe('admin')
    expect(roleFor(' ED@YOURPAPER.COM ', rules)).toBe('admin')
    expect(roleFor('sub@yourpaper.com', rules)).toBe('editor')
    expect(roleFor('sub@news.yourpaper.com', rules)).toBeNull()
    expect(roleFor('sub@notyourpaper.com', rules)).toBeNull()
    expect(roleFor('yourpaper.com', rules)).toBeNull()
    expect(roleFor('', rules)).toBeNull()
    expect(roleFor(SERVICE, rules, 'service')).toBe('viewer')
    expect(roleFor('bot@yourpaper.com', rules, 'service')).toBeNull()
    expect(roleFor('ed@yourpaper.com', rules, 'service')).toBe('admin')
  })

  it('roleAtLeast: viewer < editor < admin', () => {
    expect(roleAtLeast('admin', 'editor')).toBe(true)
    expect(roleAtLeast('editor', 'editor')).toBe(true)
    expect(roleAtLeast('viewer', 'editor')).toBe(false)
    expect(roleAtLeast('editor', 'admin')).toBe(false)
  })
})

describe('parseAccessConfig', () => {
  const all = { ACCESS_TEAM_DOMAIN: 'https://yourpaper.cloudflareaccess.com', ACCESS_AUD: AUD, ACCESS_ROLES: 'editor=*@yourpaper.com' }
  const problemsOf = (vars: Record<string, unknown>) => parseAccessConfig(vars).problems.map((p) => `${p.variable} ${p.message}`)

  it('is off, with no problem, when none of the three is set (or all are empty)', () => {
    expect(parseAccessConfig({})).toEqual({ access: null, problems: [] })
    expect(parseAccessConfig({ ACCESS_TEAM_DOMAIN: '', ACCESS_AUD: ' ', ACCESS_ROLES: '' })).toEqual({ access: null, problems: [] })
  })

  it('reads all three: the team origin without a trailing slash (as tokens spell iss), one or more AUD tags', () => {
    expect(
      parseAccessConfig({ ...all, ACCESS_TEAM_DOMAIN: 'https://YourPaper.cloudflareaccess.com/', ACCESS_AUD: `${AUD}, other-app` }),
    ).toEqual({
      access: {
        teamDomain: 'https://yourpaper.cloudflareaccess.com',
        audiences: [AUD, 'other-app'],
        rules: [{ role: 'editor', pattern: '*@yourpaper.com' }],
      },
      problems: [],
    })
  })

  it('names every var missing when only some are set, and is not on', () => {
    const { access, problems } = parseAccessConfig({ ACCESS_AUD: AUD })
    expect(access).toBeNull()
    expect(problems.map((p) => p.variable)).toEqual(['ACCESS_TEAM_DOMAIN', 'ACCESS_ROLES'])
    expect(problems[0]!.message).toMatch(/is not set, but ACCESS_AUD is: single sign-on needs all three/)
  })

  const domains: [string, RegExp | string][] = [
    ['https://yourpaper.cloudflareaccess.com', 'https://yourpaper.cloudflareaccess.com'],
    ['http://127.0.0.1:9', 'http://127.0.0.1:9'],
    ['http://localhost:8787', 'http://localhost:8787'],
    ['http://[::1]:1234', 'http://[::1]:1234'],
    ['yourpaper.cloudflareaccess.com', /needs its scheme: https:\/\/yourpaper.cloudflareaccess.com/],
    ['yourpaper', /'yourpaper' is not a URL/],
    ['http://yourpaper.cloudflareaccess.com', /must be https \(http only for a loopback address, in tests\)/],
    ['http://10.0.0.1', /must be https/],
    ['https://yourpaper.cloudflareaccess.com/cdn-cgi/access/certs', /must be an origin only/],
    ['https://yourpaper.cloudflareaccess.com?x=1', /must be an origin only/],
    ['https://user:pw@yourpaper.cloudflareaccess.com', /must be an origin only/],
    ['https://yourpaper.cloudflareaccess.co', /'yourpaper.cloudflareaccess.co' is not a Cloudflare Access team domain/],
    ['https://cloudflareaccess.com.evil.example', /'cloudflareaccess.com.evil.example' is not a Cloudflare Access team domain/],
    ['ftp://yourpaper.cloudflareaccess.com', /must be https/],
  ]
  for (const [domain, want] of domains) {
    it(`ACCESS_TEAM_DOMAIN '${domain}'`, () => {
      const parsed = parseAccessConfig({ ...all, ACCESS_TEAM_DOMAIN: domain })
      if (typeof want === 'string') expect(parsed.access?.teamDomain).toBe(want)
      else {
        expect(parsed.access).toBeNull()
        expect(problemsOf({ ...all, ACCESS_TEAM_DOMAIN: domain }).join('\n')).toMatch(new RegExp(`^ACCESS_TEAM_DOMAIN ${want.source}`))
      }
    })
  }

  it('an AUD tag with spaces or odd characters is a problem', () => {
    expect(problemsOf({ ...all, ACCESS_AUD: 'my app' })).toEqual([
      "ACCESS_AUD 'my app' is not an Application Audience (AUD) Tag (Zero Trust > Access > Applications > your app)",
    ])
    expect(problemsOf({ ...all, ACCESS_AUD: ' , ' })).toEqual(['ACCESS_AUD lists no Application Audience (AUD) Tag'])
  })

  it("ACCESS_ROLES's problems are its own, and any of them turns sign-in off rather than guess", () => {
    const parsed = parseAccessConfig({ ...all, ACCESS_ROLES: 'editor=*@yourpaper.com;owner=ed@yourpaper.com' })
    expect(parsed.access).toBeNull()
    expect(parsed.problems).toEqual([{ variable: 'ACCESS_ROLES', message: expect.stringMatching(/'owner' is not a role/) }])
  })

  it('a var that is not text (a number in wrangler.toml) is a problem', () => {
    expect(problemsOf({ ...all, ACCESS_AUD: 42 })).toContain('ACCESS_AUD must be text, not number')
  })
})
