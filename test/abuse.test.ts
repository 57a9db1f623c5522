/**
 * The second red team's repros (issue 20), each against the Worker as the internet reaches it.
 * The service is share.example.com and the publisher's domain *.example.com is allowed: the
 * README's own shape, where the service's host is inside the allow list.
 */
import { describe, expect, it, vi } from 'vitest'
import { LinkOwner } from '../src/links/owner'
import { click, makeLinks, newReader, stats } from './clicks'
import { adminApi, anError, api, BROWSER, call, FACEBOOK_UA, htmlPage, ok, type Route, refused, stubOrigin } from './helpers'

describe('1. the service’s own host, in any scheme or port, is no article', () => {
  it('refuses http://, another port and every spelling of the service’s host, to share and to create', async () => {
    const [code] = await makeLinks(1, 'self-target')
    const fetched = stubOrigin({})
    for (const url of [
      'http://share.example.com/dashboard',
      `http://share.example.com/${code}`,
      'http://share.example.com:80/api/links',
      'https://share.example.com:8443/x',
      'http://SHARE.example.com./docs',
      'http://share.example.com:443/x',
    ]) {
      const selfLink = anError('invalid_url', 'url must be an article, not an address of this service')
      expect([url, await refused(api.share.$post({ json: { url, channel: 'x' } }), 400)]).toEqual([url, selfLink])
      expect([url, await refused(adminApi.links.$post({ json: { url } }), 400)]).toEqual([url, selfLink])
    }
    expect(fetched).toEqual([])
  })
})

/** 50 browsers' user agents, as a script cycling them from one address sends them. */
const agents = (n: number) =>
  Array.from({ length: n }, (_, i) => `Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.${i}`)

describe('2. one address counts a few readers a link, however many user agents it sends', () => {
  it('50 user agents from one address: 5 clicks (DEDUP_PER_ADDRESS), 45 repeats, every one redirected', async () => {
    const [code] = await makeLinks(1, 'ua-cycling')
    const address = newReader()
    const answers = await Promise.all(
      agents(50).map((ua, i) => click(code!, { ip: address, ua, headers: { Referer: `https://spam${i}.example/` } })),
    )
    expect(answers.every((r) => r.status === 302)).toBe(true)
    const s = await stats(code!, true)
    expect(s).toMatchObject({ clicks: 5, repeats: 45 })
    // The same cap keeps the address from crowding out the referrers kept per link and day.
    expect(Object.values(s.byReferrer).reduce((a, b) => a + b, 0)).toBe(5)
    expect(Object.keys(s.byReferrer).length).toBeLessThanOrEqual(5)
  })

  it('an IPv6 client is its /64: rotating addresses inside it changes nothing', async () => {
    const [code] = await makeLinks(1, 'v6-cycling')
    await Promise.all(agents(20).map((ua, i) => click(code!, { ip: `2001:db8:1:2:${i.toString(16)}::1`, ua })))
    await click(code!, { ip: '2001:db8:1:3::1' })
    expect(await stats(code!, true)).toMatchObject({ clicks: 6, repeats: 15 })
  })

  it('up to the cap, people behind one address (an office, a carrier) each count', async () => {
    const [code] = await makeLinks(1, 'shared-address')
    const office = newReader()
    await Promise.all(agents(5).map((ua) => click(code!, { ip: office, ua })))
    // The same five again: repeats, as always.
    await Promise.all(agents(5).map((ua) => click(code!, { ip: office, ua })))
    expect(await stats(code!, true)).toMatchObject({ clicks: 5, repeats: 5 })
  })
})

describe('3. public creation is bounded', () => {
  it('an IPv6 client’s rate limit is its /64’s: 70 addresses of one /64 make at most 60 links a minute', async () => {
    const routes: Record<string, Route> = {}
    for (let i = 0; i < 130; i++) routes[`https://news.test/v6-rl/${i}`] = htmlPage(`<title>${i}</title>`)
    stubOrigin(routes)
    let made = 0
    for (; made <= 120; made++) {
      const ip = `2001:db8:aa:bb:${made.toString(16)}:1:2:3`
      const res = await api.share.$post(
        { json: { url: `https://news.test/v6-rl/${made}`, channel: 'x' } },
        { headers: { 'CF-Connecting-IP': ip } },
      )
      if (res.status === 429) break
      await ok(res, 201)
    }
    // 60 a minute in fixed windows: the first 429 after at least 60, by the 121st at the latest.
    expect(made).toBeGreaterThanOrEqual(60)
    expect(made).toBeLessThanOrEqual(120)
  }, 60_000)

  it('GET /share/:channel from another site’s page makes nothing, and still sends the reader on with the article’s own URL', async () => {
    const url = 'https://news.test/drive-by'
    const fetched = stubOrigin({ [url]: htmlPage('<title>Drive-by</title>') })
    const presses: Record<string, string>[] = [
      { Referer: 'https://evil.example/page', 'Sec-Fetch-Site': 'cross-site' },
      { Referer: 'https://evil.example/page' },
      // A script with no browser headers at all.
      {},
    ]
    for (const headers of presses) {
      const res = await call(`/share/facebook?url=${encodeURIComponent(url)}`, { headers, redirect: 'manual' })
      expect(res.status).toBe(302)
      expect(res.headers.get('Location')).toBe(`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`)
      const copy = await call(`/share/copy?url=${encodeURIComponent(url)}`, { headers: { ...headers, Accept: 'text/html' } })
      expect(copy.status).toBe(200)
      expect(await copy.text()).toContain(url)
    }
    expect(fetched).toEqual([])
    expect((await ok(adminApi.links.$get({ query: { url } }), 200)).links).toEqual([])
  })

  it('GET /share/:channel from an allowed host’s page, or typed in, makes the link', async () => {
    const cases: [string, Record<string, string>][] = [
      ['referer', { Referer: 'https://news.test/some-article', 'Sec-Fetch-Site': 'cross-site' }],
      ['same-site', { 'Sec-Fetch-Site': 'same-site' }],
      ['same-origin', { 'Sec-Fetch-Site': 'same-origin' }],
      ['typed in', { 'Sec-Fetch-Site': 'none' }],
    ]
    for (const [name, headers] of cases) {
      const url = `https://news.test/from-${name.replace(' ', '-')}`
      stubOrigin({ [url]: htmlPage(`<title>${name}</title>`) })
      const res = await call(`/share/x?url=${encodeURIComponent(url)}`, { headers, redirect: 'manual' })
      const location = new URL(res.headers.get('Location')!)
      expect([name, res.status, location.host]).toEqual([name, 302, 'x.com'])
      const shared = location.searchParams.get('url')!
      expect([name, shared.startsWith('https://share.example.com/')]).toEqual([name, true])
      vi.restoreAllMocks()
    }
  })

  it('a link that exists is shared as it is, whatever page the press came from', async () => {
    const url = 'https://news.test/existing-share'
    stubOrigin({ [url]: htmlPage('<title>Existing</title>') })
    const { shortUrl } = await ok(api.share.$post({ json: { url, channel: 'reddit' } }), 201)
    vi.restoreAllMocks()
    const res = await call(`/share/reddit?url=${encodeURIComponent(url)}`, {
      headers: { Referer: 'https://evil.example/' },
      redirect: 'manual',
    })
    expect(new URL(res.headers.get('Location')!).searchParams.get('url')).toBe(shortUrl)
  })
})

describe('4. scans of unknown codes', () => {
  it('an unknown code costs its owner a call once, not on every try; a link made since is found at once', async () => {
    const asked = vi.spyOn(LinkOwner.prototype, 'get')
    for (let i = 0; i < 20; i++) expect((await call('/Scan123', { headers: BROWSER, redirect: 'manual' })).status).toBe(404)
    expect(asked).toHaveBeenCalledTimes(1)
    stubOrigin({ 'https://news.test/scan-made': htmlPage('<title>Made</title>') })
    await ok(adminApi.links.$post({ json: { url: 'https://news.test/scan-made', slug: 'Scan123' } }), 201)
    expect((await call('/Scan123', { headers: BROWSER, redirect: 'manual' })).status).toBe(302)
  })
})

describe('5. previews are counted once per platform and address', () => {
  it('100 fetches by facebookexternalhit from one address: one preview; from three addresses: three', async () => {
    const [code] = await makeLinks(1, 'preview-flood')
    const crawler = newReader()
    const pages = await Promise.all(Array.from({ length: 100 }, () => click(code!, { ua: FACEBOOK_UA, ip: crawler })))
    expect(pages.every((r) => r.status === 200)).toBe(true)
    for (let i = 0; i < 2; i++) await click(code!, { ua: FACEBOOK_UA })
    await click(code!, { ua: 'Twitterbot/1.0', ip: crawler })
    await click(code!)
    expect(await stats(code!, true)).toMatchObject({ clicks: 1, previews: 4, byPlatform: { facebook: 3, x: 1 } })
  })
})
