/**
 * A newsroom signs in (issue 22): roles for every admin route, named keys that can be revoked,
 * Cloudflare Access single sign-on, throttled guessing, private answers, and an audit log that a
 * failing store neither blocks nor loses.
 */
import { createExecutionContext, runDurableObjectAlarm, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { app } from '../src/index'
import { ownerOf } from '../src/links/owner'
import { ASSET_ROUTES } from '../src/routes/assets'
import { buildDocument } from '../src/routes/document'
import { AS_ADMIN, adminApi, advanceClock, anError, BASE, call, callJson, htmlPage, KEY, ok, refused, stubOrigin } from './helpers'
import { part, signer } from './jwt'
import worker from './limits/entry'

type Role = 'viewer' | 'editor' | 'admin'

/** A named key with `role`, made through the API with the admin key. */
async function keyOf(role: Role, name = `${role} desk`): Promise<{ id: string; key: string; createdAt: string }> {
  return ok(adminApi.keys.$post({ json: { name, role } }), 201)
}

async function makeLink(slug: string): Promise<string> {
  stubOrigin({ [`https://news.test/roles/${slug}`]: htmlPage(`<title>${slug}</title>`) })
  await ok(adminApi.links.$post({ json: { url: `https://news.test/roles/${slug}`, slug } }), 201)
  vi.restoreAllMocks()
  return slug
}

type Init = Omit<RequestInit, 'body'> & { body?: unknown }

const as = (key: string, init: Init = {}): RequestInit => {
  const headers = new Headers(init.headers)
  headers.set('Authorization', `Bearer ${key}`)
  if (init.body !== undefined) headers.set('Content-Type', 'application/json')
  return { ...init, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) }
}

describe('roles', () => {
  /** Every route with a role, what it needs, and a request of it (a fresh link where it changes one). */
  const ROUTES: { route: string; need: Role; request: (code: string) => [string, Init] }[] = [
    { route: 'GET /api/me', need: 'viewer', request: () => ['/api/me', {}] },
    { route: 'GET /api/links', need: 'viewer', request: () => ['/api/links', {}] },
    { route: 'GET /api/links/{code}', need: 'viewer', request: (code) => [`/api/links/${code}`, {}] },
    { route: 'GET /api/links/{code}/stats', need: 'viewer', request: (code) => [`/api/links/${code}/stats`, {}] },
    { route: 'GET /api/analytics', need: 'viewer', request: () => ['/api/analytics?groupBy=channels', {}] },
    { route: 'GET /api/analytics/overview', need: 'viewer', request: () => ['/api/analytics/overview?last=60m', {}] },
    { route: 'GET /api/links/export', need: 'viewer', request: () => ['/api/links/export?format=csv', {}] },
    {
      route: 'POST /api/links/import',
      need: 'admin',
      // A sharelink export of one link (JSON, as the helper sends bodies).
      request: (code) => [
        '/api/links/import',
        { method: 'POST', body: { links: [{ code: `in-${code}`, url: `https://news.test/roles/in-${code}` }] } },
      ],
    },
    {
      route: 'POST /api/links',
      need: 'editor',
      request: (code) => {
        stubOrigin({ [`https://news.test/roles/new-${code}`]: htmlPage('<title>New</title>') })
        return ['/api/links', { method: 'POST', body: { url: `https://news.test/roles/new-${code}` } }]
      },
    },
    {
      route: 'PATCH /api/links/{code}',
      need: 'editor',
      request: (code) => [`/api/links/${code}`, { method: 'PATCH', body: { title: 'Edited' } }],
    },
    {
      route: 'POST /api/links/{code}/refresh',
      need: 'editor',
      request: (code) => {
        stubOrigin({ [`https://news.test/roles/${code}`]: htmlPage('<title>Again</title>') })
        return [`/api/links/${code}/refresh`, { method: 'POST' }]
      },
    },
    { route: 'GET /api/audit', need: 'editor', request: () => ['/api/audit', {}] },
    { route: 'DELETE /api/links/{code}', need: 'admin', request: (code) => [`/api/links/${code}`, { method: 'DELETE' }] },
    { route: 'GET /api/keys', need: 'admin', request: () => ['/api/keys', {}] },
    {
      route: 'POST /api/keys',
      need: 'admin',
      request: (code) => ['/api/keys', { method: 'POST', body: { name: `made by ${code}`, role: 'viewer' } }],
    },
  ]

  it('the table below covers every route that needs a role, as the document names them', () => {
    const doc = buildDocument(app as never, ASSET_ROUTES) as { paths: Record<string, Record<string, { 'x-role'?: Role }>> }
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op['x-role'])
        .map(([method, op]) => `${method.toUpperCase()} ${path} ${op['x-role']}`),
    )
    // Revoking a key is checked on its own below (it needs a key to revoke).
    const tabled = [...ROUTES.map((r) => `${r.route} ${r.need}`), 'DELETE /api/keys/{id} admin']
    expect(tabled.sort()).toEqual(documented.sort())
  })

  it('each role may call its routes and those below it; beyond, 403 forbidden naming the role needed; always private', async () => {
    const keys: Record<Role, string> = {
      viewer: (await keyOf('viewer')).key,
      editor: (await keyOf('editor')).key,
      admin: (await keyOf('admin')).key,
    }
    let n = 0
    for (const role of ['viewer', 'editor', 'admin'] as const) {
      for (const { route, need, request } of ROUTES) {
        const code = await makeLink(`role-${++n}`)
        const [path, init] = request(code)
        const res = await call(path, as(keys[role], init))
        vi.restoreAllMocks()
        const allowed = ['viewer', 'editor', 'admin'].indexOf(role) >= ['viewer', 'editor', 'admin'].indexOf(need)
        expect([role, route, res.headers.get('Cache-Control')]).toEqual([role, route, 'private, no-store'])
        if (allowed) expect([role, route, res.status < 300]).toEqual([role, route, true])
        else {
          expect([role, route, res.status]).toEqual([role, route, 403])
          const { error } = await res.json<{ error: { code: string; message: string } }>()
          expect(error.code).toBe('forbidden')
          expect(error.message).toContain(`needs the ${need} role`)
        }
      }
    }
  }, 60_000)

  it('says who is signed in: a named key by its name, the secret key as API_KEY', async () => {
    const { key } = await keyOf('editor', 'Sports desk')
    expect(await (await call('/api/me', as(key))).json()).toEqual({
      actor: { kind: 'key', name: 'Sports desk' },
      role: 'editor',
      timezone: 'UTC',
    })
    expect(await ok(adminApi.me.$get(), 200)).toEqual({ actor: { kind: 'api_key', name: 'API_KEY' }, role: 'admin', timezone: 'UTC' })
  })
})

describe('named keys', () => {
  it('are shown once, listed without secrets, stored as hashes only', async () => {
    const made = await keyOf('viewer', 'Night desk')
    expect(made).toEqual({
      id: expect.stringMatching(/^[0-9A-Za-z]{12}$/),
      name: 'Night desk',
      role: 'viewer',
      key: expect.any(String),
      createdAt: expect.any(String),
    })
    expect(made.key).toMatch(/^sl_[0-9A-Za-z]{12}_[0-9A-Za-z]{32}$/)
    const listed = await ok(adminApi.keys.$get(), 200)
    const mine = listed.keys.find((k) => k.id === made.id)
    expect(mine).toEqual({ id: made.id, name: 'Night desk', role: 'viewer', createdAt: made.createdAt, lastUsedAt: null })
    expect(JSON.stringify(listed)).not.toContain(made.key.slice(16))
    const row = await env.ANALYTICS.prepare('SELECT * FROM api_keys WHERE id = ?').bind(made.id).first<Record<string, string>>()
    expect(JSON.stringify(row)).not.toContain(made.key.slice(16))
    expect(row?.hash).toMatch(/^[0-9a-f]{64}$/)
    // Used: its last use is known (to the hour: a use does not write a row every time).
    expect((await call('/api/links', as(made.key))).status).toBe(200)
    const after = await ok(adminApi.keys.$get(), 200)
    expect(after.keys.find((k) => k.id === made.id)?.lastUsedAt).toEqual(expect.any(String))
  })

  it('refuse a name that is empty or too long, a role that is none, and unknown fields', async () => {
    for (const body of [
      { name: '', role: 'viewer' },
      { name: 'x'.repeat(101), role: 'viewer' },
      { name: 'Desk', role: 'owner' },
      { name: 'Desk', role: 'viewer', key: 'mine' },
    ]) {
      const res = await callJson('POST', '/api/keys', body, AS_ADMIN)
      expect([JSON.stringify(body), res.status, await res.json()]).toEqual([JSON.stringify(body), 400, anError('invalid_request')])
    }
  })

  it('a revoked key answers 401 everywhere within a minute: at once where it was revoked, and in another isolate after its memory lapses', async () => {
    const { id, key } = await keyOf('viewer', 'Leaving desk')
    // Another isolate: bindings of its own, so memories of its own (keys are remembered per database binding).
    const elsewhere = {
      ...env,
      ANALYTICS: new Proxy(env.ANALYTICS, {
        get: (t, p) => (typeof Reflect.get(t, p) === 'function' ? Reflect.get(t, p).bind(t) : Reflect.get(t, p)),
      }),
    }
    const there = async () => {
      const ctx = createExecutionContext()
      const res = await worker.fetch(new Request(`${BASE}/api/links`, as(key)) as Parameters<typeof worker.fetch>[0], elsewhere, ctx)
      await waitOnExecutionContext(ctx)
      return res.status
    }
    expect(await there()).toBe(200)
    expect((await adminApi.keys[':id'].$delete({ param: { id } })).status).toBe(204)
    expect((await call('/api/links', as(key))).status).toBe(401)
    // The other isolate remembers the key a while (it asks D1 once per key and half minute) ...
    expect(await there()).toBe(200)
    // ... and within the minute, it too refuses it.
    advanceClock(31_000)
    expect(await there()).toBe(401)
    expect(await refused(adminApi.keys[':id'].$delete({ param: { id } }), 404)).toEqual(anError('not_found'))
    expect((await ok(adminApi.keys.$get(), 200)).keys.map((k) => k.id)).not.toContain(id)
  })
})

describe('guessing keys', () => {
  it('ten failed sign-ins from one client within a minute: then 429 with Retry-After, even for a good key, until the minute is over', async () => {
    const client = { 'CF-Connecting-IP': '203.0.113.99' }
    // The limiter counts in fixed minutes of the real clock: ten failures are refused with 401, and
    // the next is 429, unless the ten straddle a minute's end; then it comes by the 21st at the latest.
    const statuses: number[] = []
    let shut: Response | undefined
    for (let i = 0; i < 21 && !shut; i++) {
      const res = await call('/api/links', {
        headers: { ...client, Authorization: `Bearer sl_AAAAAAAAAAAA_${'x'.repeat(30)}${String(i).padStart(2, '0')}` },
      })
      if (res.status === 429) shut = res
      else statuses.push(res.status)
    }
    expect(statuses.length).toBeGreaterThanOrEqual(10)
    expect(new Set(statuses)).toEqual(new Set([401]))
    if (!shut) throw new Error('no 429 after 21 failed sign-ins')
    expect([shut.status, shut.headers.get('Retry-After')]).toEqual([429, '60'])
    expect((await shut.json<{ error: { code: string } }>()).error.code).toBe('rate_limited')
    // A right key now would tell a guesser it is right: it is answered the same.
    expect((await call('/api/links', { headers: { ...client, Authorization: `Bearer ${KEY}` } })).status).toBe(429)
    // Another client is not held back.
    expect((await call('/api/links', { headers: { 'CF-Connecting-IP': '203.0.113.100', Authorization: `Bearer ${KEY}` } })).status).toBe(
      200,
    )
    advanceClock(61_000)
    expect((await call('/api/links', { headers: { ...client, Authorization: `Bearer ${KEY}` } })).status).toBe(200)
  })
})

describe('the audit log', () => {
  it('records every change with when, who and the fields before and after, newest first, per link', async () => {
    const code = await makeLink('audited')
    const { key } = await keyOf('editor', 'Politics desk')
    expect((await call(`/api/links/${code}`, as(key, { method: 'PATCH', body: { title: 'Better title', disabled: true } }))).status).toBe(
      200,
    )
    stubOrigin({ 'https://news.test/roles/audited': htmlPage('<title>Read again</title>') })
    expect((await call(`/api/links/${code}/refresh`, as(key, { method: 'POST' }))).status).toBe(200)
    expect((await adminApi.links[':code'].$delete({ param: { code } })).status).toBe(204)
    const page = await (await call(`/api/audit?code=${code}`, as(key))).json<{
      entries: {
        at: string
        actor: unknown
        action: string
        code: string
        before: Record<string, unknown> | null
        after: Record<string, unknown> | null
      }[]
    }>()
    expect(page.entries.map((e) => [e.action, e.actor])).toEqual([
      ['link.delete', { kind: 'api_key', name: 'API_KEY' }],
      ['link.refresh', { kind: 'key', name: 'Politics desk' }],
      ['link.update', { kind: 'key', name: 'Politics desk' }],
      ['link.create', { kind: 'api_key', name: 'API_KEY' }],
    ])
    const [deleted, , updated, created] = page.entries
    expect(updated!.before).toMatchObject({ title: 'audited', disabled: false })
    expect(updated!.after).toMatchObject({ title: 'Better title', disabled: true })
    expect(created).toMatchObject({ before: null, after: { code, url: 'https://news.test/roles/audited' } })
    expect(deleted).toMatchObject({ before: { title: 'Better title' }, after: null })
    // Keys made and revoked are in the whole log.
    const all = await ok(adminApi.audit.$get({ query: { limit: '100' } }), 200)
    expect(all.entries.some((e) => e.action === 'key.create' && e.after?.name === 'Politics desk')).toBe(true)
  })

  it('a failing audit store neither fails the change nor loses its entry: the owner keeps it until D1 takes it', async () => {
    const code = await makeLink('audit-outage')
    const batch = vi
      .spyOn(Object.getPrototypeOf(env.ANALYTICS) as D1Database, 'batch')
      .mockRejectedValue(new Error('D1_ERROR: unavailable'))
    const changed = await ok(adminApi.links[':code'].$patch({ param: { code }, json: { title: 'Changed while D1 was down' } }), 200)
    expect(changed).toMatchObject({ title: 'Changed while D1 was down' })
    batch.mockRestore()
    const before = await ok(adminApi.audit.$get({ query: { code } }), 200)
    expect(before.entries.map((e) => e.action)).toEqual(['link.create'])
    // The owner retries its copies on an alarm: the entry arrives, once.
    advanceClock(11_000)
    await runDurableObjectAlarm(ownerOf(env, code))
    await runDurableObjectAlarm(ownerOf(env, code))
    const after = await ok(adminApi.audit.$get({ query: { code } }), 200)
    expect(after.entries.map((e) => e.action)).toEqual(['link.update', 'link.create'])
    expect(after.entries[0]!.after?.title).toBe('Changed while D1 was down')
  })

  it('pages with a cursor, and refuses a cursor it did not give', async () => {
    for (let i = 0; i < 3; i++) await makeLink(`paged-${i}`)
    const first = await ok(adminApi.audit.$get({ query: { limit: '2' } }), 200)
    expect(first.entries).toHaveLength(2)
    const second = await ok(adminApi.audit.$get({ query: { limit: '2', cursor: first.cursor! } }), 200)
    expect(second.entries).toHaveLength(2)
    // The next page: none of the first page's entries again.
    const seen = new Set(first.entries.map((e) => JSON.stringify(e)))
    expect(second.entries.filter((e) => seen.has(JSON.stringify(e)))).toEqual([])
    expect(await refused(adminApi.audit.$get({ query: { cursor: 'nonsense' } }), 400)).toEqual(anError('invalid_request'))
  })
})

describe('keys that cannot be guessed', () => {
  it('an API_KEY under 32 characters, or plainer than 128 bits, makes /healthz 503 and opens nothing', async () => {
    for (const weak of ['short-key', 'a'.repeat(40), '1234567890'.repeat(4)]) {
      const ctx = createExecutionContext()
      const vars = { ...env, API_KEY: weak } as typeof env
      const health = await worker.fetch(new Request(`${BASE}/healthz`) as Parameters<typeof worker.fetch>[0], vars, ctx)
      expect([weak, health.status]).toEqual([weak, 503])
      const { problems } = await health.json<{ problems: { variable: string; message: string }[] }>()
      expect(problems).toEqual([{ variable: 'API_KEY', message: expect.stringContaining('can be guessed') }])
      const res = await worker.fetch(
        new Request(`${BASE}/api/links`, { headers: { Authorization: `Bearer ${weak}` } }) as Parameters<typeof worker.fetch>[0],
        vars,
        ctx,
      )
      expect([weak, res.status, (await res.json<{ error: { code: string } }>()).error.code]).toEqual([weak, 503, 'misconfigured'])
      await waitOnExecutionContext(ctx)
    }
  })
})

describe('single sign-on with Cloudflare Access', () => {
  const TEAM = 'http://127.0.0.1:9'
  const AUD = 'a0b1c2d3e4f5'
  const vars = { ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD, ACCESS_ROLES: 'admin=ed@paper.test;editor=*@paper.test' }
  /** The Worker with Access set up, as a request reaches it through Access. */
  async function through(path: string, headers: Record<string, string>, init: Init = {}) {
    const ctx = createExecutionContext()
    const req = new Request(`${BASE}${path}`, { ...init, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) })
    const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], { ...env, ...vars } as typeof env, ctx)
    await waitOnExecutionContext(ctx)
    return res
  }

  it('signs in the email a valid token names, with its role from ACCESS_ROLES; refuses every bad token with 401', async () => {
    const good = await signer()
    const stranger = await signer()
    stubOrigin({ [`${TEAM}/cdn-cgi/access/certs`]: () => Response.json({ keys: [good.jwk] }) })
    const now = Math.floor(Date.now() / 1000)
    const claims = (over: Record<string, unknown> = {}) => ({
      aud: [AUD],
      email: 'reporter@paper.test',
      iss: TEAM,
      type: 'app',
      iat: now,
      nbf: now,
      exp: now + 300,
      ...over,
    })
    const editor = await good.sign(claims())
    expect(await (await through('/api/me', { 'Cf-Access-Jwt-Assertion': editor })).json()).toEqual({
      actor: { kind: 'access', name: 'reporter@paper.test' },
      role: 'editor',
      timezone: 'UTC',
    })
    // The cookie a browser carries works as the header does; an editor may not delete.
    const viaCookie = await through('/api/me', { Cookie: `CF_Authorization=${await good.sign(claims({ email: 'ed@paper.test' }))}` })
    expect(await viaCookie.json()).toMatchObject({ role: 'admin' })
    const code = await makeLink('access-delete')
    const denied = await through(`/api/links/${code}`, { 'Cf-Access-Jwt-Assertion': editor }, { method: 'DELETE' })
    expect([denied.status, (await denied.json<{ error: { message: string } }>()).error.message]).toEqual([
      403,
      expect.stringContaining('admin role'),
    ])
    // Signed in, but no role for that address: 403, not 401.
    expect(
      (await through('/api/me', { 'Cf-Access-Jwt-Assertion': await good.sign(claims({ email: 'guest@elsewhere.test' })) })).status,
    ).toBe(403)
    const bad: [string, string][] = [
      ['wrong audience', await good.sign(claims({ aud: ['someone-else'] }))],
      ['expired', await good.sign(claims({ exp: now - 3600, iat: now - 7200, nbf: now - 7200 }))],
      ['not yet valid', await good.sign(claims({ nbf: now + 3600, iat: now }))],
      ['signed by a key not in the set', await stranger.sign(claims())],
      ['alg none', `${part({ alg: 'none', typ: 'JWT' })}.${part(claims())}.`],
      ['malformed', 'not.a.token'],
    ]
    for (const [why, token] of bad) {
      const res = await through('/api/me', { 'Cf-Access-Jwt-Assertion': token, 'CF-Connecting-IP': '198.51.100.250' })
      expect([why, res.status, (await res.json<{ error: { code: string } }>()).error.code]).toEqual([why, 401, 'unauthorized'])
    }
  })
})
