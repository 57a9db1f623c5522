/**
 * Counts and links that hold against a hostile caller: one test per repro of the black-box attack
 * (issue #14), each through the HTTP interface. Readers are told apart by CF-Connecting-IP, as
 * Cloudflare sets it.
 */
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { isServiceAddress } from '../src/links/hosts'
import { click, clicks, flush, makeLinks, newReader, stats } from './clicks'
import {
  adminApi,
  anError,
  api,
  BROWSER,
  BROWSER_UA,
  call,
  FACEBOOK_UA,
  htmlPage,
  kvCopiesWritten,
  ok,
  redirectTo,
  refused,
  stubOrigin,
} from './helpers'

/** An article's public counts, as share buttons read them. */
const publicCounts = (url: string) => ok(api.counts.$get({ query: { url } }), 200)

describe('1. click inflation', () => {
  it('1,000 GETs from one client count as one click (999 repeats), and the public count says 1', async () => {
    const url = 'https://news.test/inflated'
    stubOrigin({ [url]: htmlPage('<title>Inflated</title>') })
    const { code } = await ok(api.share.$post({ json: { url, channel: 'x' } }), 201)
    vi.restoreAllMocks()
    const attacker = newReader()
    const responses = await Promise.all(Array.from({ length: 1000 }, () => click(code, { ip: attacker })))
    // Every click still redirects.
    expect(responses.every((r) => r.status === 302)).toBe(true)
    expect(await stats(code, true)).toMatchObject({ clicks: 1, repeats: 999 })
    // The same address with another browser is another reader; another address too.
    await click(code, { ip: attacker, ua: `${BROWSER_UA} Edg/131.0` })
    await click(code)
    expect(await stats(code, true)).toMatchObject({ clicks: 3, repeats: 999 })
    await flush([code])
    expect(await publicCounts(url)).toEqual({ url, clicks: 3, byChannel: { x: 3 } })
  }, 60_000)
})

describe('2. another port of an allowed host', () => {
  it('an entry without a port allows the default port only: a redirect to another port is not followed', async () => {
    const fetched = stubOrigin({
      'https://news.test/port-hop': redirectTo('https://news.test:9101/internal'),
      'https://news.test:9101/internal': htmlPage('<title>INTERNAL admin page</title><meta name="description" content="secret">'),
    })
    const link = await ok(api.share.$post({ json: { url: 'https://news.test/port-hop', channel: 'x' } }), 201)
    expect(fetched).toEqual(['https://news.test/port-hop'])
    expect(JSON.stringify(link)).not.toMatch(/INTERNAL|secret/)
    const card = await (await call(`/${link.code}`, { headers: { 'User-Agent': FACEBOOK_UA } })).text()
    expect(card).not.toMatch(/INTERNAL|secret/)
    // Nor can a caller name that port directly; host:port and host:* entries mean just that.
    for (const url of ['https://news.test:9101/internal', 'http://localhost:9998/x']) {
      const error = await refused(api.share.$post({ json: { url, channel: 'x' } }), 403)
      expect([url, error]).toEqual([url, anError('host_not_allowed', expect.stringContaining('is not on ALLOWED_HOSTS'))])
    }
  })
})

describe('3. self-links past the check', () => {
  it('refuses the service’s own addresses after normalising the host: trailing dot, case, port spelling', async () => {
    // *.example.com is allowed (the publisher's domain), and the service is share.example.com.
    stubOrigin({})
    for (const url of [
      'https://share.example.com./api/links',
      'https://SHARE.Example.COM/abc1234',
      'https://share.example.com:443/api/share',
      'https://share.example.com..:443/x',
    ]) {
      const error = await refused(api.share.$post({ json: { url, channel: 'x' } }), 400)
      expect([url, error]).toEqual([url, anError('invalid_url', 'url must be an article, not an address of this service')])
    }
  })

  it('refuses them on a redirect hop and as a canonical link too', async () => {
    const fetched = stubOrigin({
      'https://news.test/hop-home': redirectTo('https://share.example.com./api/links'),
      'https://news.test/canonical-home': htmlPage('<title>Home</title><link rel="canonical" href="https://SHARE.example.com./api/links">'),
    })
    const hop = await ok(api.share.$post({ json: { url: 'https://news.test/hop-home', channel: 'x' } }), 201)
    expect(hop.url).toBe('https://news.test/hop-home')
    const canonical = await ok(api.share.$post({ json: { url: 'https://news.test/canonical-home', channel: 'x' } }), 201)
    expect(canonical.url).toBe('https://news.test/canonical-home')
    expect(fetched.filter((u) => u.includes('share.example.com'))).toEqual([])
  })

  it('treats every spelling of a loopback or IP host as the same host', () => {
    const base = new URL('http://127.0.0.1:8787')
    for (const href of [
      'http://localhost:8787/x',
      'http://2130706433:8787/x',
      'http://0x7f.1:8787/x',
      'http://[::1]:8787/',
      'http://LOCALHOST.:8787/',
    ]) {
      expect([href, isServiceAddress(new URL(href), base)]).toEqual([href, true])
    }
    expect(isServiceAddress(new URL('http://localhost:8788/'), base)).toBe(false)
    expect(isServiceAddress(new URL('https://share.example.com.:443/'), new URL('https://share.example.com'))).toBe(true)
  })
})

describe('4. referrers', () => {
  it('200 spam Referer hosts from one client leave a real facebook.com click counted as facebook.com', async () => {
    const [code] = await makeLinks(1, 'referrer-spam')
    const spammer = newReader()
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => click(code!, { ip: spammer, headers: { Referer: `https://spam${i}.example/` } })),
    )
    await click(code!, { headers: { Referer: 'https://www.facebook.com/' } })
    const s = await stats(code!, true)
    // One reader, one referrer: the spammer's first click; the other 199 are repeats.
    expect(s).toMatchObject({ clicks: 2, repeats: 199 })
    expect(s.byReferrer['facebook.com']).toBe(1)
    expect(Object.keys(s.byReferrer)).toHaveLength(2)
  })

  it('constructor and __proto__ are referrers like any other, answered as numbers', async () => {
    const [code] = await makeLinks(1, 'referrer-keys')
    const referers = ['http://constructor/', 'http://__proto__/', 'http://__proto__/', 'http://tostring/', 'http://hasownproperty/']
    await Promise.all(referers.map((referer) => click(code!, { headers: { Referer: referer } })))
    for (const fresh of [true, false]) {
      if (!fresh) await flush([code!])
      // The body as sent: what a client parsing it gets, own keys and all.
      const body = await (await adminApi.links[':code'].stats.$get({ param: { code: code! }, query: fresh ? { fresh: '1' } : {} })).text()
      const s = JSON.parse(body) as { byReferrer: Record<string, unknown> }
      expect(Object.getOwnPropertyNames(s.byReferrer).sort()).toEqual(['__proto__', 'constructor', 'hasownproperty', 'tostring'])
      expect(body).toContain('"constructor":1')
      expect(body).toContain('"__proto__":2')
    }
  })
})

describe('5. codes reused after purge', () => {
  it('a code given out again starts from zero, and the old article’s count stays its own', async () => {
    stubOrigin({
      'https://news.test/old-article': htmlPage('<title>Old</title>'),
      'https://news.test/new-article': htmlPage('<title>New</title>'),
    })
    const create = (url: string) => adminApi.links.$post({ json: { url, slug: 'reused-slug', channel: 'x' } })
    await ok(create('https://news.test/old-article'), 201)
    await clicks('reused-slug', 3)
    await flush(['reused-slug'])
    expect((await adminApi.links[':code'].$delete({ param: { code: 'reused-slug' } })).status).toBe(204)
    // Until it is purged (90 days after the delete), the slug is taken.
    expect(await refused(create('https://news.test/new-article'), 409)).toEqual(anError('slug_taken'))
    // 91 days later.
    const now = Date.now()
    vi.spyOn(Date, 'now').mockReturnValue(now + 91 * 86_400_000)
    await ok(create('https://news.test/new-article'), 201)
    vi.mocked(Date.now).mockRestore()
    expect(await stats('reused-slug', true)).toMatchObject({ clicks: 0, previews: 0 })
    expect(await stats('reused-slug', false)).toMatchObject({ clicks: 0 })
    await click('reused-slug')
    await flush(['reused-slug'])
    const old = await publicCounts('https://news.test/old-article')
    const fresh = await publicCounts('https://news.test/new-article')
    expect([old.clicks, fresh.clicks]).toEqual([3, 1])
  })
})

describe('6. /api/counts', () => {
  it('costs no KV list for any URL, and never hands one origin’s CORS answer to another', async () => {
    const list = vi.spyOn(Object.getPrototypeOf(env.LINKS) as KVNamespace, 'list')
    for (let i = 0; i < 30; i++) {
      const url = `https://news.test/no-links?bust=${i}`
      expect(await publicCounts(url)).toEqual({ url, clicks: 0, byChannel: {} })
    }
    expect(list).not.toHaveBeenCalled()
    const from = (origin: string) => api.counts.$get({ query: { url: 'https://news.test/cors-cache' } }, { headers: { Origin: origin } })
    const a = await from('https://news.test')
    const b = await from('https://www.example.com')
    const c = await from('https://evil.example')
    expect(a.headers.get('Access-Control-Allow-Origin')).toBe('https://news.test')
    expect(b.headers.get('Access-Control-Allow-Origin')).toBe('https://www.example.com')
    expect(c.headers.get('Access-Control-Allow-Origin')).toBeNull()
    expect(b.headers.get('Vary')).toContain('Origin')
  })
})

describe('7. the article’s query string', () => {
  it('reaches the article byte for byte; UTM tags are appended, old ones replaced', async () => {
    const url = 'https://news.test/story?id=a%20b&tag=x:y&empty=&utm_source=old&flag'
    stubOrigin({ [url.replace('&utm_source=old', '')]: htmlPage('<title>Query</title>') })
    const { code } = await ok(api.share.$post({ json: { url, channel: 'reddit' } }), 201)
    const res = await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })
    expect(res.headers.get('Location')).toBe(
      'https://news.test/story?id=a%20b&tag=x:y&empty=&flag&utm_source=reddit&utm_medium=social&utm_campaign=share',
    )
  })
})

describe('8. deletes stay deleted', () => {
  it('delete, patch and refresh of 20 links at once: every one answers 410 and is gone from the list', async () => {
    const codes = await makeLinks(20, 'race-delete')
    stubOrigin(Object.fromEntries(codes.map((_, i) => [`https://news.test/race-delete/${i}`, htmlPage(`<title>Raced ${i}</title>`)])))
    await Promise.all(
      codes.flatMap((code) => [
        adminApi.links[':code'].$delete({ param: { code } }),
        adminApi.links[':code'].$patch({ param: { code }, json: { title: 'Edited at the same moment' } }),
        adminApi.links[':code'].refresh.$post({ param: { code } }),
      ]),
    )
    await kvCopiesWritten(...codes)
    for (const code of codes) {
      const res = await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })
      expect([code, res.status]).toEqual([code, 410])
      expect((await env.LINKS.get<{ deletedAt?: string }>(`link:${code}`, 'json'))?.deletedAt).toEqual(expect.any(String))
    }
    const listed = await ok(adminApi.links.$get({ query: { limit: '100', q: 'race-delete' } }), 200)
    expect(listed.links.filter((l) => codes.includes(l.code))).toEqual([])
  }, 30_000)
})
