/**
 * Configuration: every var is checked once per isolate; one that is missing or wrong makes
 * /healthz answer 503 naming it and how to fix it, and the routes that need it answer 503
 * `misconfigured` naming it, never "briefly unavailable".
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { keyBits, MIN_KEY_BITS, parseConfig } from '../src/config'
import { admin, BASE, BROWSER, htmlPage, KEY, stubOrigin } from './helpers'
import worker from './limits/entry'

/** The Worker's answer with some vars changed (undefined: missing). */
async function withVars(vars: Record<string, string | undefined>, path: string, init: RequestInit = {}): Promise<Response> {
  const changed = { ...env } as Record<string, unknown>
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete changed[k]
    else changed[k] = v
  }
  const ctx = createExecutionContext()
  const res = await worker.fetch(
    new Request(new URL(path, BASE), init) as Parameters<typeof worker.fetch>[0],
    changed as unknown as typeof env,
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return res
}

const share = {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ url: 'https://news.test/x', channel: 'x' }),
}
const asAdmin = { headers: { Authorization: `Bearer ${KEY}` } }

describe('a misconfigured service says so', () => {
  const cases: [string, Record<string, string | undefined>, RegExp][] = [
    ['ALLOWED_HOSTS missing', { ALLOWED_HOSTS: undefined }, /ALLOWED_HOSTS is not set/],
    ['ALLOWED_HOSTS empty', { ALLOWED_HOSTS: ' , ' }, /ALLOWED_HOSTS lists no host/],
    ['ALLOWED_HOSTS malformed', { ALLOWED_HOSTS: 'news.test,https://x.test/path' }, /ALLOWED_HOSTS 'https:\/\/x.test\/path' is not a host/],
    ['PUBLIC_BASE_URL missing', { PUBLIC_BASE_URL: undefined }, /PUBLIC_BASE_URL is not set/],
    ['PUBLIC_BASE_URL with a path', { PUBLIC_BASE_URL: 'https://share.example.com/s' }, /PUBLIC_BASE_URL must be an origin only/],
    ['FLUSH_SECONDS not a number', { FLUSH_SECONDS: 'soon' }, /FLUSH_SECONDS 'soon' must be a whole number/],
    ['DEDUP_SECONDS too long', { DEDUP_SECONDS: '604800' }, /DEDUP_SECONDS '604800' must be a whole number from 0 to 86400/],
    ['UTM_MEDIUM with spaces', { UTM_MEDIUM: 'social media' }, /UTM_MEDIUM 'social media' may hold only/],
  ]
  for (const [name, vars, message] of cases) {
    it(`${name}: /healthz 503 names it, the API answers 503 misconfigured naming it`, async () => {
      const health = await withVars(vars, '/healthz')
      expect(health.status).toBe(503)
      const body = await health.json<{ ok: boolean; problems: { variable: string; message: string }[] }>()
      expect(body.ok).toBe(false)
      expect(body.problems.map((p) => `${p.variable} ${p.message}`).join('\n')).toMatch(message)
      const api = await withVars(vars, '/api/share', share)
      expect(api.status).toBe(503)
      const error = await api.json<{ error: { code: string; message: string } }>()
      expect(error.error.code).toBe('misconfigured')
      expect(error.error.message).toMatch(message)
      // A person opening a short link gets the same in a page, not JSON.
      const page = await withVars(vars, '/abc1234', { headers: { Accept: 'text/html' } })
      expect([page.status, page.headers.get('Content-Type')]).toEqual([503, 'text/html; charset=utf-8'])
    })
  }

  it('API_KEY missing: the admin API says so (503, not 401); public sharing still works', async () => {
    const admin = await withVars({ API_KEY: undefined }, '/api/links', asAdmin)
    expect(admin.status).toBe(503)
    expect(await admin.json()).toEqual({ error: { code: 'misconfigured', message: expect.stringMatching(/^API_KEY is not set/) } })
    const health = await withVars({ API_KEY: '' }, '/healthz')
    expect((await health.json<{ problems: { variable: string }[] }>()).problems.map((p) => p.variable)).toEqual(['API_KEY'])
    // robots.txt needs no var at all.
    expect((await withVars({ ALLOWED_HOSTS: undefined }, '/robots.txt')).status).toBe(200)
  })

  it('vars apply to the next click, even of a link the isolate holds in memory', async () => {
    stubOrigin({ 'https://news.test/story?id=a%20b': htmlPage('<title>A story</title>') })
    const made = await admin('/api/links', { method: 'POST', body: { url: 'https://news.test/story?id=a%20b', channel: 'x' } })
    expect(made.status).toBe(201)
    const { code } = await made.json<{ code: string }>()
    const follow = async (vars: Record<string, string | undefined>) => {
      const res = await withVars(vars, `/${code}`, { headers: BROWSER, redirect: 'manual' })
      return [res.status, res.headers.get('Location')]
    }
    // The same record object each time (kept in the isolate): its destination follows the vars.
    expect(await follow({})).toEqual([302, 'https://news.test/story?id=a%20b&utm_source=x&utm_medium=social&utm_campaign=share'])
    expect(await follow({ UTM_MEDIUM: 'email' })).toEqual([
      302,
      'https://news.test/story?id=a%20b&utm_source=x&utm_medium=email&utm_campaign=share',
    ])
    expect(await follow({ UTM_MEDIUM: '' })).toEqual([302, 'https://news.test/story?id=a%20b'])
    expect(await follow({ ALLOWED_HOSTS: 'other.test' })).toEqual([410, null])
    expect(await follow({})).toEqual([302, 'https://news.test/story?id=a%20b&utm_source=x&utm_medium=social&utm_campaign=share'])
  })

  it('a healthy configuration answers 200 {ok: true}', async () => {
    const res = await withVars({}, '/healthz')
    expect([res.status, await res.json()]).toEqual([200, { ok: true }])
  })

  it('parses each var once into a typed value', () => {
    const config = parseConfig({
      PUBLIC_BASE_URL: 'https://share.example.com/',
      ALLOWED_HOSTS: 'news.example.com, *.example.org:*, localhost:8080',
      API_KEY: 'old-Key-4Tq9ZpXw2LmNc8RvYb3KdHs7xQa, new-Key-9fGh2JkL5mNp8QrSt3VwXy6ZeUb',
      FLUSH_SECONDS: '60',
      DEDUP_SECONDS: '0',
      DEDUP_PER_ADDRESS: '3',
      UTM_MEDIUM: '',
    })
    expect(config).toMatchObject({
      baseUrl: 'https://share.example.com',
      apiKeys: ['old-Key-4Tq9ZpXw2LmNc8RvYb3KdHs7xQa', 'new-Key-9fGh2JkL5mNp8QrSt3VwXy6ZeUb'],
      access: null,
      flushSeconds: 60,
      dedupSeconds: 0,
      dedupPerAddress: 3,
      utmMedium: '',
      problems: [],
    })
    expect(
      ['https://news.example.com/a', 'http://news.example.com/a', 'https://news.example.com:8443/a'].map((u) => config.allowed(new URL(u))),
    ).toEqual([true, true, false])
    expect(
      ['https://a.example.org:9000/', 'https://example.org/', 'http://localhost:8080/', 'http://localhost/'].map((u) =>
        config.allowed(new URL(u)),
      ),
    ).toEqual([true, false, true, false])
  })
})

describe('API_KEY strength', () => {
  it('takes 32 random characters of any kind (hex as openssl rand -hex 16 makes them), and refuses keys that can be guessed', () => {
    const strong = ['9f8e7d6c5b4a39281706f5e4d3c2b1a0', '4Tq9ZpXw2LmNc8RvYb3KdHs7xQaPq9Zz', 'c0ffee42deadbeef01234567abcdef89']
    for (const key of strong) expect([key, keyBits(key) >= MIN_KEY_BITS]).toEqual([key, true])
    const weak = [
      'short-key',
      'a'.repeat(40),
      '1234567890'.repeat(4),
      'abcabcabcabcabcabcabcabcabcabcabcabc',
      '0123456789012345678901234567890',
    ]
    for (const key of weak) {
      const config = parseConfig({ PUBLIC_BASE_URL: 'https://s.example.com', ALLOWED_HOSTS: 'news.example.com', API_KEY: key })
      expect([key, config.problems.map((p) => p.variable)]).toEqual([key, ['API_KEY']])
    }
  })
})
