/**
 * Hardening: thousands of generated inputs at every route. No 500 (or 503) for any input, every
 * error in the contract's JSON shape with a documented code, nothing stored from a refused
 * request, and no fetch ever leaves the allowed hosts. Requests are raw throughout: the inputs are
 * what no typed client would send.
 */
import { env } from 'cloudflare:workers'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ErrorCode } from '../src/errors'
import { flush, makeLinks, send, stats } from './clicks'
import { AS_ADMIN, adminApi, anError, BROWSER_UA, call, callJson, FACEBOOK_UA, KEY, ok } from './helpers'

/** The codes a caller's input can earn (never unavailable or misconfigured: those are the service's). */
const CODES = new Set<ErrorCode>([
  'invalid_request',
  'invalid_url',
  'unauthorized',
  'host_not_allowed',
  'not_found',
  'gone',
  'slug_taken',
  'too_large',
  'unsupported_media_type',
  'rate_limited',
])
const ALLOWED = /^(internewscast\.com|news\.test|[^/]+\.example-news\.test|localhost:9999|(?!share\.example\.com$)[^/:]+\.example\.com)$/

/** Every outbound fetch must be to an allowed host, never the service's own; each gets a small article page. */
let offHost: string[] = []
beforeEach(() => {
  offHost = []
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const url = new URL(new Request(input as RequestInfo).url)
    if (!ALLOWED.test(url.host)) offHost.push(url.href)
    return new Response('<title>Fuzzed</title>', { headers: { 'Content-Type': 'text/html' } })
  })
})
afterEach(() => {
  expect(offHost, 'fetches off the allowed hosts').toEqual([])
})

/**
 * Below 500, and every error in its documented shape: the JSON error object for API callers, the
 * small page for people (a heading and a message, under the strict CSP); HEAD has no body.
 */
async function expectContract(res: Response, where: unknown, method = 'GET'): Promise<void> {
  expect([where, res.status < 500]).toEqual([where, true])
  if (res.status < 400) return void (await res.body?.cancel())
  const type = res.headers.get('Content-Type') ?? ''
  if (method === 'HEAD') {
    expect([where, await res.text()]).toEqual([where, ''])
    expect([where, /^(application\/json|text\/html)/.test(type)]).toEqual([where, true])
  } else if (type.startsWith('text/html')) {
    const html = await res.text()
    expect([where, /^<!doctype html>.*<title>[^<]+<\/title>.*<h1>[^<]+<\/h1><p>[^<]+<\/p><\/body><\/html>$/s.test(html)]).toEqual([
      where,
      true,
    ])
    expect([where, res.headers.get('Content-Security-Policy')]).toEqual([where, expect.stringContaining("default-src 'none'")])
  } else {
    expect([where, type]).toEqual([where, expect.stringMatching(/^application\/json/)])
    const documented = expect.toSatisfy((code: ErrorCode) => CODES.has(code))
    expect([where, await res.json()]).toEqual([where, anError(documented)])
  }
}

/** Everything a request could have stored: KV keys and D1 link rows. */
async function keyCount(): Promise<number> {
  let n = 0
  let cursor: string | undefined
  do {
    const page = await env.LINKS.list({ cursor })
    n += page.keys.length
    cursor = page.list_complete ? undefined : page.cursor
  } while (cursor)
  const rows = await env.ANALYTICS.prepare('SELECT COUNT(*) AS n FROM links').first<{ n: number }>()
  return n + rows!.n
}

/** URLs near the edges: allowed hosts in odd spellings, tricks, and plain garbage. */
const urlish = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string(),
  fc.constantFrom(
    'https://internewscast.com/a',
    'https://INTERNEWSCAST.COM./a',
    'https://internewscast.com@evil.example/',
    'https://evil.example/#internewscast.com',
    'https://internewscast.com.evil.example/',
    'http://127.0.0.1:9999/',
    'http://2130706433/',
    'http://0x7f.0.0.1/',
    'http://017700000001/',
    'http://127.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://169.254.169.254/latest',
    'https://xn--nternewscast-xxx.com/',
    'https://іnternewscast.com/',
    'javascript:alert(1)//https://internewscast.com/',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'https://news.test:443/x',
    'https://a.b.example-news.test/deep',
    'https://example-news.test/',
    '//news.test/x',
    ' https://news.test/space ',
    'https://news.test/%00',
    `https://news.test/${'x'.repeat(3000)}`,
  ),
)

const channelish = fc.oneof(fc.constantFrom('x', 'facebook', 'email', 'copy', 'mastodon'), fc.string())

describe('bodies', () => {
  it('POST /api/share: any JSON body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.record({ url: urlish, channel: channelish }, { requiredKeys: [] }), fc.jsonValue()), async (body) => {
        const before = await keyCount()
        const res = await callJson('POST', '/api/share', body, { 'CF-Connecting-IP': `198.51.100.${Math.floor(Math.random() * 250)}` })
        await expectContract(res, body)
        if (res.status >= 400) expect(await keyCount()).toBe(before)
      }),
      { numRuns: 600 },
    )
  }, 120_000)

  it('POST /api/links and PATCH /api/links/:code: any JSON body, with the admin key', async () => {
    await ok(adminApi.links.$post({ json: { url: 'https://news.test/fuzz-target', slug: 'fuzz-target' } }), 201)
    const fields = fc.record(
      {
        url: urlish,
        slug: fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{3,64}$/), fc.constantFrom('api', 'docs', 'share', 'fuzz-target')),
        channel: channelish,
        title: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        description: fc.oneof(fc.string({ maxLength: 1200 }), fc.constant(null)),
        image: urlish,
        expiresAt: fc.oneof(
          fc.string(),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        disabled: fc.oneof(fc.boolean(), fc.string()),
      },
      { requiredKeys: [] },
    )
    await fc.assert(
      fc.asyncProperty(fc.oneof(fields, fc.jsonValue()), fc.boolean(), async (body, patch) => {
        const before = await keyCount()
        const res = patch
          ? await callJson('PATCH', '/api/links/fuzz-target', body, AS_ADMIN)
          : await callJson('POST', '/api/links', body, AS_ADMIN)
        await expectContract(res, body)
        if (res.status >= 400) expect(await keyCount()).toBe(before)
      }),
      { numRuns: 600 },
    )
  }, 120_000)

  it('raw bytes, wrong types and sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.uint8Array({ maxLength: 40_000 }).map((b) => new TextDecoder().decode(b)),
        ),
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          '',
          'application/json; charset=utf-8',
          'multipart/form-data',
        ),
        fc.constantFrom('/api/share', '/api/links', '/api/links/fuzz-target/refresh'),
        async (body, type, path) => {
          const before = await keyCount()
          const headers: Record<string, string> = { ...AS_ADMIN }
          if (type) headers['Content-Type'] = type
          const res = await call(path, { method: 'POST', headers, body })
          await expectContract(res, { path, type, length: body.length })
          if (res.status >= 400) expect(await keyCount()).toBe(before)
        },
      ),
      { numRuns: 300 },
    )
  }, 120_000)
})

describe('paths, queries and headers', () => {
  it('GET and HEAD of any path, with any user agent, referrer and purpose', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.webSegment(), fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/)),
        fc.constantFrom('', '/qr.svg', '/qr.png', '/stats', '/x/y'),
        fc.constantFrom('GET', 'HEAD'),
        fc.record(
          {
            'User-Agent': fc.oneof(fc.string(), fc.constantFrom(BROWSER_UA, FACEBOOK_UA, '')),
            Referer: fc.oneof(fc.string(), fc.webUrl()),
            'Sec-Purpose': fc.oneof(fc.string(), fc.constant('prefetch')),
          },
          { requiredKeys: [] },
        ),
        async (segment, suffix, method, headers) => {
          const path = `/${encodeURIComponent(segment)}${suffix}`
          const safe = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace(/[^\x20-\x7e]/g, '')]))
          const res = await call(path, { method, headers: safe, redirect: 'manual' })
          await expectContract(res, { path, method }, method)
        },
      ),
      { numRuns: 800 },
    )
  }, 120_000)

  it('clicks with any reader headers and referrer keys: each a 302, each counted once, figures that add up', async () => {
    const [code] = await makeLinks(1, 'fuzz-readers')
    const printable = (s: string) => s.replace(/[^\x20-\x7e]/g, '')
    const reader = fc.oneof(fc.ipV4(), fc.ipV6(), fc.string().map(printable), fc.constant(null), fc.constantFrom('198.51.100.7', '::1'))
    const referer = fc.oneof(
      fc.constantFrom(
        'http://__proto__/',
        'http://constructor/',
        'http://prototype/',
        'http://hasOwnProperty/',
        'http://toString/',
        'http://valueOf/',
        'https://www.facebook.com/',
        'https://t.co/x',
        'not a url',
        '',
      ),
      fc.webUrl(),
      fc.string().map(printable),
    )
    let sent = 0
    // Each run's responses are checked at once; the hits they carry are awaited at the end, together.
    const counted: Promise<void>[] = []
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ ip: reader, referer, country: fc.constantFrom('US', 'DE', 'XX', 'T1') }), { maxLength: 12 }),
        async (clicks) => {
          const clicked = clicks.map(({ ip, referer, country }) =>
            send(code!, { ip, country, headers: referer ? { Referer: referer } : {} }),
          )
          counted.push(...clicked.map((c) => c.counted))
          const responses = await Promise.all(clicked.map((c) => c.response))
          sent += clicks.length
          expect(responses.map((r) => r.status)).toEqual(clicks.map(() => 302))
        },
      ),
      { numRuns: 80 },
    )
    expect(sent).toBeGreaterThan(100)
    await Promise.all(counted)
    const sum = (t: Record<string, number>) => Object.getOwnPropertyNames(t).reduce((a, k) => a + t[k]!, 0)
    const fresh = await stats(code!, true)
    expect(fresh.clicks + fresh.repeats).toBe(sent)
    for (const t of [fresh.byDay, fresh.byCountry, fresh.byReferrer, fresh.byChannel]) {
      expect(Object.getOwnPropertyNames(t).every((k) => Number.isInteger(t[k]))).toBe(true)
      expect(sum(t)).toBe(fresh.clicks)
    }
    await flush([code!])
    expect(await stats(code!, false)).toEqual(fresh)
  }, 120_000)

  it('queries of the listing, counts, stats and share routes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/links', '/api/counts', '/api/links/fuzz-target/stats', '/share/x', '/share/nope', '/api/links/%F0%9F%92%A9'),
        fc.dictionary(fc.constantFrom('limit', 'cursor', 'url', 'fresh', 'x'), fc.oneof(fc.string(), urlish, fc.integer().map(String))),
        fc.oneof(
          fc.constant(`Bearer ${KEY}`),
          fc.string().map((s) => s.replace(/[^\x20-\x7e]/g, '')),
        ),
        async (path, query, auth) => {
          const res = await call(`${path}?${new URLSearchParams(query)}`, { headers: { Authorization: auth }, redirect: 'manual' })
          await expectContract(res, { path, query })
        },
      ),
      { numRuns: 600 },
    )
  }, 120_000)
})
