/**
 * Configuration: every var is checked once per isolate; one that is missing or wrong makes
 * /healthz answer 503 naming it and how to fix it, and the routes that need it answer 503
 * `misconfigured` naming it, never "briefly unavailable".
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { keyBits, MIN_KEY_BITS, parseConfig } from '../src/config'
import { adminApi, anError, BASE, BROWSER, clientsOf, htmlPage, KEY, ok, refused, stubOrigin } from './helpers'
import worker from './limits/entry'

type Vars = Record<string, string | undefined>

/** The Worker's answer to `request` with some vars changed (undefined: missing). */
async function fetchWithVars(vars: Vars, request: Request): Promise<Response> {
  const changed = { ...env } as Record<string, unknown>
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete changed[k]
    else changed[k] = v
  }
  const ctx = createExecutionContext()
  const res = await worker.fetch(request as Parameters<typeof worker.fetch>[0], changed as unknown as typeof env, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

/** The typed clients of a Worker whose vars are changed. */
const withVars = (vars: Vars) => clientsOf((request) => fetchWithVars(vars, request))
/** A raw request to it: a page a person opens. */
const openWithVars = (vars: Vars, path: string, init: RequestInit = {}) => fetchWithVars(vars, new Request(new URL(path, BASE), init))

describe('a misconfigured service says so', () => {
  const cases: [string, Vars, RegExp][] = [
    ['ALLOWED_HOSTS missing', { ALLOWED_HOSTS: undefined }, /ALLOWED_HOSTS is not set/],
    ['ALLOWED_HOSTS empty', { ALLOWED_HOSTS: ' , ' }, /ALLOWED_HOSTS lists no host/],
    ['ALLOWED_HOSTS malformed', { ALLOWED_HOSTS: 'news.test,https://x.test/path' }, /ALLOWED_HOSTS 'https:\/\/x.test\/path' is not a host/],
    ['PUBLIC_BASE_URL missing', { PUBLIC_BASE_URL: undefined }, /PUBLIC_BASE_URL is not set/],
    ['PUBLIC_BASE_URL with a path', { PUBLIC_BASE_URL: 'https://share.example.com/s' }, /PUBLIC_BASE_URL must be an origin only/],
    ['FLUSH_SECONDS not a number', { FLUSH_SECONDS: 'soon' }, /FLUSH_SECONDS 'soon' must be a whole number/],
    ['DEDUP_SECONDS too long', { DEDUP_SECONDS: '604800' }, /DEDUP_SECONDS '604800' must be a whole number from 0 to 86400/],
    ['UTM_MEDIUM with spaces', { UTM_MEDIUM: 'social media' }, /UTM_MEDIUM 'social media' may hold only/],
    ['UTM_CAMPAIGN with a field it has not', { UTM_CAMPAIGN: 'share-{title}' }, /UTM_CAMPAIGN 'share-\{title\}' may hold only/],
    ['REPORT_TIMEZONE unknown', { REPORT_TIMEZONE: 'Mars/Olympus' }, /REPORT_TIMEZONE 'Mars\/Olympus' is not a time zone/],
  ]
  for (const [name, vars, message] of cases) {
    it(`${name}: /healthz 503 names it, the API answers 503 misconfigured naming it`, async () => {
      const { site, api } = withVars(vars)
      const health = await refused(site.healthz.$get(), 503)
      // Each problem as the API's error words it: the variable, then what is wrong with it.
      const problems = 'problems' in health ? (health.problems ?? []).map((p) => `${p.variable} ${p.message}`) : []
      expect(health).toMatchObject({ ok: false })
      expect(problems.join('\n')).toMatch(message)
      const shared = await refused(api.share.$post({ json: { url: 'https://news.test/x', channel: 'x' } }), 503)
      expect(shared).toEqual(anError('misconfigured', expect.stringMatching(message)))
      // A person opening a short link gets the same in a page, not JSON.
      const page = await openWithVars(vars, '/abc1234', { headers: { Accept: 'text/html' } })
      expect([page.status, page.headers.get('Content-Type')]).toEqual([503, 'text/html; charset=utf-8'])
    })
  }

  it('API_KEY missing: the admin API says so (503, not 401); public sharing still works', async () => {
    const listed = await refused(withVars({ API_KEY: undefined }).adminApi.links.$get({ query: {} }), 503)
    expect(listed).toEqual(anError('misconfigured', expect.stringMatching(/^API_KEY is not set/)))
    const health = await refused(withVars({ API_KEY: '' }).site.healthz.$get(), 503)
    expect(health).toEqual({ ok: false, problems: [{ variable: 'API_KEY', message: expect.any(String) }] })
    // Public sharing needs no key.
    stubOrigin({ 'https://news.test/keyless': htmlPage('<title>Keyless</title>') })
    await ok(withVars({ API_KEY: undefined }).api.share.$post({ json: { url: 'https://news.test/keyless', channel: 'x' } }), 201)
    // robots.txt needs no var at all.
    expect((await withVars({ ALLOWED_HOSTS: undefined }).site['robots.txt'].$get()).status).toBe(200)
  })

  it('vars apply to the next click, even of a link the isolate holds in memory', async () => {
    stubOrigin({ 'https://news.test/story?id=a%20b': htmlPage('<title>A story</title>') })
    const { code } = await ok(adminApi.links.$post({ json: { url: 'https://news.test/story?id=a%20b', channel: 'x' } }), 201)
    const follow = async (vars: Vars) => {
      const res = await openWithVars(vars, `/${code}`, { headers: BROWSER, redirect: 'manual' })
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
    expect(await ok(withVars({}).site.healthz.$get(), 200)).toEqual({ ok: true })
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

describe('defaults', () => {
  it('flush every 60 s, report in UTC, campaign "share"', () => {
    const config = parseConfig({ PUBLIC_BASE_URL: 'https://s.example.com', ALLOWED_HOSTS: 'news.example.com', API_KEY: KEY })
    expect([config.flushSeconds, config.zone.name, config.utmCampaign, config.problems]).toEqual([60, 'UTC', 'share', []])
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

describe('UTM_CAMPAIGN', () => {
  it('may name the article’s section and the day it was published; without them, "none" and the day its link was made', async () => {
    const vars = { UTM_CAMPAIGN: '{section}-{date}' }
    stubOrigin({
      'https://news.test/campaign/world': htmlPage(
        '<title>W</title><meta property="article:section" content="World News"><meta property="article:published_time" content="2026-11-20T10:00:00Z">',
      ),
      'https://news.test/campaign/plain': htmlPage('<title>P</title>'),
    })
    const { api } = withVars(vars)
    const located = async (url: string) => {
      const { code } = await ok(api.share.$post({ json: { url, channel: 'x' } }), 201)
      const res = await openWithVars(vars, `/${code}`, { headers: BROWSER, redirect: 'manual' })
      return new URL(res.headers.get('Location')!).searchParams.get('utm_campaign')
    }
    expect(await located('https://news.test/campaign/world')).toBe('world-news-2026-11-20')
    expect(await located('https://news.test/campaign/plain')).toBe(`none-${new Date().toISOString().slice(0, 10)}`)
  })
})
