/**
 * Injection: XSS payloads in every article field never reach an HTML page unescaped, and every
 * HTML page carries a Content-Security-Policy.
 */
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { LinkOwner } from '../src/links/owner'
import { forgetLink } from '../src/links/store'
import { decodeEntities } from '../src/unfurl/entities'
import { DEFAULT_LIMITS } from '../src/unfurl/fetch-article'
import { adminApi, anError, BROWSER, BROWSER_UA, call, FACEBOOK_UA, htmlPage, ok, refused, stubOrigin } from './helpers'

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '</title><script>alert(1)</script>',
  '<svg/onload=alert(1)>',
  '" onmouseover="alert(1)',
  "' autofocus onfocus='alert(1)",
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;img src=x onerror=alert(1)&#62;',
  '<iframe src="javascript:alert(1)">',
  '--><script>alert(1)</script><!--',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '\u2028\u2029<script>alert(1)</script>',
]

/** Markup an attacker wants to land as markup (escaped, the same words are harmless text). */
const DANGER = /<(script|img|svg|iframe)|<meta http-equiv="refresh" content="0;url=https:\/\/evil/i

function attributeSafe(html: string): void {
  // After our own tags are removed, nothing tag-like may remain.
  const stripped = html
    .replace(/<meta (property|name|http-equiv)="[^"]*" content="[^"<>]*">/g, '')
    .replace(/<link rel="canonical" href="[^"<>]*">/g, '')
    .replace(/<a href="[^"<>]*">/g, '')
    .replace(/<\/?(html|head|body|title|p|a|h1|style|meta charset="utf-8"|meta name="viewport"[^>]*|!doctype html)[^>]*>/gi, '')
  expect(stripped).not.toMatch(/[<>]/)
}

describe('payloads in article fields', () => {
  it('stay text in the preview page, whichever field they are in', async () => {
    let i = 0
    for (const payload of PAYLOADS) {
      for (const field of ['title', 'description', 'site', 'image', 'canonical', 'alt']) {
        const url = `https://news.test/xss/${i++}`
        const attr = payload.replace(/"/g, '&quot;')
        const page = `<html><head>
          <title>${field === 'title' ? payload : 'Plain'}</title>
          <meta property="og:title" content="${field === 'title' ? attr : 'Plain title'}">
          <meta property="og:description" content="${field === 'description' ? attr : 'Plain'}">
          <meta property="og:site_name" content="${field === 'site' ? attr : 'Site'}">
          <meta property="og:image" content="${field === 'image' ? `https://cdn.news.test/a.jpg?x=${encodeURIComponent(payload)}&y="${attr}` : 'https://cdn.news.test/a.jpg'}">
          <meta property="og:image:alt" content="${field === 'alt' ? attr : 'Alt'}">
          <link rel="canonical" href="${field === 'canonical' ? `https://news.test/xss/${i - 1}?q=${attr}` : url}">
          </head><body></body></html>`
        // A canonical link that differs is read too (only its own card may name the article).
        const canonical = new URL(`https://news.test/xss/${i - 1}?q=${decodeEntities(payload)}`).href
        stubOrigin({ [url]: htmlPage(page), [canonical]: htmlPage(page) })
        // With the admin key: this many shares from one client would meet the rate limit.
        const { code } = await ok(adminApi.share.$post({ json: { url, channel: 'x' } }), 201)
        const preview = await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })
        const html = await preview.text()
        expect([payload, field, DANGER.test(html)]).toEqual([payload, field, false])
        attributeSafe(html)
        expect(preview.headers.get('Content-Security-Policy')).toContain("default-src 'none'")
        // A person is redirected to the article, never to anything the page said.
        const person = await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })
        expect(new URL(person.headers.get('Location')!).host).toBe('news.test')
        vi.restoreAllMocks()
      }
    }
  }, 60_000)

  it('set by the publisher through the API, also stay text', async () => {
    stubOrigin({ 'https://news.test/xss-admin': htmlPage('<title>x</title>') })
    for (const payload of PAYLOADS) {
      const made = adminApi.links.$post({
        json: { url: 'https://news.test/xss-admin', title: payload.trim() || 'x', description: payload },
      })
      const { code } = await ok(made, 201)
      const html = await (await call(`/${code}`, { headers: { 'User-Agent': 'Twitterbot/1.0' } })).text()
      attributeSafe(html)
    }
  })
})

describe('pages carry security headers', () => {
  it('404, 410 and preview pages', async () => {
    stubOrigin({ 'https://news.test/headers': htmlPage('<title>Headers</title>') })
    const { code } = await ok(adminApi.links.$post({ json: { url: 'https://news.test/headers' } }), 201)
    const preview = await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })
    expect((await adminApi.links[':code'].$delete({ param: { code } })).status).toBe(204)
    const gone = await call(`/${code}`, { headers: BROWSER })
    const missing = await call('/no-such-code', { headers: BROWSER })
    for (const [name, res] of Object.entries({ preview, gone, missing })) {
      expect([name, res.headers.get('Content-Security-Policy')]).toEqual([name, expect.stringContaining("frame-ancestors 'none'")])
      expect([name, res.headers.get('X-Content-Type-Options')]).toEqual([name, 'nosniff'])
      expect([name, res.headers.get('Content-Type')?.toLowerCase()]).toEqual([name, 'text/html; charset=utf-8'])
    }
    expect(gone.status).toBe(410)
    expect(missing.status).toBe(404)
  })
})

describe('faults', () => {
  it('KV failing on the redirect path answers 503 with Retry-After, never 500', async () => {
    stubOrigin({ 'https://news.test/kv-fault': htmlPage('<title>KV</title>') })
    const { code } = await ok(adminApi.links.$post({ json: { url: 'https://news.test/kv-fault', slug: 'kv-fault' } }), 201)
    // Asked of an isolate that does not hold the link (the one that made it does).
    forgetLink(env.LINKS, code)
    const proto = Object.getPrototypeOf(env.LINKS) as KVNamespace
    const kvGet = vi.spyOn(proto, 'get').mockRejectedValue(new Error('KV GET failed: 500 Internal Server Error'))
    // Never crawled, so no preview is cached: person and crawler alike need the record.
    for (const ua of [BROWSER_UA, FACEBOOK_UA]) {
      const res = await call(`/${code}`, { headers: { 'User-Agent': ua }, redirect: 'manual' })
      expect([ua, res.status, res.headers.get('Retry-After')]).toEqual([ua, 503, '5'])
    }
    expect(kvGet).toHaveBeenCalled()
  })

  it('the link owner failing answers the admin API 503 with Retry-After, never 500', async () => {
    stubOrigin({ 'https://news.test/owner-fault': htmlPage('<title>Owner</title>') })
    const { code } = await ok(adminApi.links.$post({ json: { url: 'https://news.test/owner-fault' } }), 201)
    vi.spyOn(LinkOwner.prototype, 'get').mockRejectedValue(new Error('Durable Object reset because its code was updated.'))
    const link = adminApi.links[':code']
    for (const [name, answer] of [
      ['link', await link.$get({ param: { code } })],
      ['stats', await link.stats.$get({ param: { code }, query: {} })],
    ] as const) {
      expect([name, answer.headers.get('Retry-After')]).toEqual([name, '5'])
      const error = await refused(answer, 503)
      expect([name, error]).toEqual([name, anError('unavailable', 'the service is briefly unavailable; try again shortly')])
    }
  })

  it('an article origin that hangs, trickles, resets or sends garbage never holds link creation past its bound', async () => {
    // The bound is one timer on the whole read (AbortSignal.timeout), faked here: its time is up
    // when an origin below says so, not after 4 s of a busy machine's clock.
    const bounds: number[] = []
    let timeUp = () => {}
    vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
      bounds.push(ms)
      const controller = new AbortController()
      timeUp = () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))
      return controller.signal
    })
    // What the origins saw: why the hanging one's request was aborted, and whether the trickle's body was cancelled.
    const seen: { hangAborted?: unknown; trickleCancelled: boolean } = { trickleCancelled: false }
    const enc = new TextEncoder()
    stubOrigin({
      // Never answers: the time is up while it holds the request.
      'https://news.test/hang': (req) =>
        new Promise((_, reject) => {
          req.signal.addEventListener('abort', () => {
            seen.hangAborted = req.signal.reason
            reject(req.signal.reason)
          })
          timeUp()
        }),
      // Answers, then sends a chunk every 200 ms forever: its own pace, at which the 1 MiB the
      // Worker reads would take hours. The time is up once its first chunk is out.
      'https://news.test/trickle': (req) => {
        let chunks = 0
        return new Response(
          new ReadableStream({
            async pull(c) {
              if (chunks++ === 1) timeUp()
              await new Promise((r) => setTimeout(r, 200))
              if (req.signal.aborted) return c.error(req.signal.reason)
              c.enqueue(enc.encode('<p>slow</p>'))
            },
            cancel() {
              seen.trickleCancelled = true
            },
          }),
          { headers: { 'Content-Type': 'text/html' } },
        )
      },
      'https://news.test/reset': () => {
        throw new TypeError('Network connection lost.')
      },
      'https://news.test/garbage': () =>
        new Response(crypto.getRandomValues(new Uint8Array(50_000)), { headers: { 'Content-Type': 'text/html' } }),
    })
    // One after another (each origin ends its own read's time): the answer is the link, whatever the origin did.
    const share = (path: string) => ok(adminApi.share.$post({ json: { url: `https://news.test/${path}`, channel: 'x' } }), 201)
    const links = {
      hang: await share('hang'),
      trickle: await share('trickle'),
      reset: await share('reset'),
      garbage: await share('garbage'),
    }
    // One bound per read, DEFAULT_LIMITS.timeoutMs (4 s) for the whole exchange.
    expect(bounds).toEqual(Array(4).fill(DEFAULT_LIMITS.timeoutMs))
    // The hanging origin's request was aborted by the bound, and the trickle's body cut off by it.
    expect(seen).toEqual({ hangAborted: expect.objectContaining({ name: 'TimeoutError' }), trickleCancelled: true })
    // Each link was made all the same: a title from its address where the page said none; an
    // article never read is marked so (unfurledAt null), to be read again on the next crawl.
    expect(links).toEqual({
      hang: expect.objectContaining({ title: 'news.test/hang', unfurledAt: null }),
      trickle: expect.objectContaining({ title: 'news.test/trickle' }),
      reset: expect.objectContaining({ title: 'news.test/reset', unfurledAt: null }),
      garbage: expect.objectContaining({ title: 'news.test/garbage' }),
    })
  }, 60_000)
})
