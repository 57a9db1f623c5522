/** The short link: a preview page for crawlers, a 302 with UTM tags for people, small pages for the rest. */
import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { app } from '../src/index'
import type { Channel } from '../src/links/channels'
import { ownerOf } from '../src/links/owner'
import { forgetLink } from '../src/links/store'
import { hotClick } from '../src/routes/short-link'
import { click, stats } from './clicks'
import kim from './fixtures/internewscast-kim-jong-un.html?raw'
import xss from './fixtures/xss-article.html?raw'
import { adminApi, advanceClock, api, BASE, BROWSER, BROWSER_UA, call, FACEBOOK_UA, htmlPage, ok, site, stubOrigin } from './helpers'
import worker from './limits/entry'

const KIM = 'https://internewscast.com/news/kim-jong-un-acknowledges-deaths-of-100-north-korean-soldiers/'

/** Makes the link for (`url`, `channel`), whose page (and any other address given in `also`) the stub origin serves. */
async function share(url: string, channel: Channel, page: string, also: string[] = []) {
  stubOrigin(Object.fromEntries([url, ...also].map((u) => [u, htmlPage(page)])))
  return ok(api.share.$post({ json: { url, channel } }), 201)
}

const CRAWLERS = [
  FACEBOOK_UA,
  'Twitterbot/1.0',
  'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  'WhatsApp/2.23.20.0 A',
  'TelegramBot (like TwitterBot)',
  'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)',
  'http.rb/5.1.1 (Mastodon/4.2.0; +https://mastodon.social/)',
  'Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
  'Viber/13.3.0.5 CFNetwork/1220.1 Darwin/20.3.0',
  'Mozilla/5.0 (compatible; Iframely/1.3.1; +https://iframely.com/docs/about)',
  'Signal-Android/6.1.0',
  '',
]

const PEOPLE = [
  BROWSER_UA,
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
]

describe('people', () => {
  it('get a 302 to the article with UTM tags, never cached', async () => {
    const { code } = await share(KIM, 'x', kim)
    for (const ua of PEOPLE) {
      const res = await call(`/${code}`, { headers: { 'User-Agent': ua }, redirect: 'manual' })
      expect([ua, res.status]).toEqual([ua, 302])
      expect(res.headers.get('Location')).toBe(`${KIM}?utm_source=x&utm_medium=social&utm_campaign=share`)
      expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    }
  })

  it('keep the article’s own query parameters', async () => {
    const url = 'https://news.test/story?id=42&lang=en'
    const { code } = await share(url, 'bluesky', '<title>Story 42</title>')
    const res = await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })
    expect(res.headers.get('Location')).toBe(
      'https://news.test/story?id=42&lang=en&utm_source=bluesky&utm_medium=social&utm_campaign=share',
    )
  })

  it('HEAD answers like GET, without a body, and counts as nothing', async () => {
    const { code } = await share('https://news.test/head', 'x', '<title>Head</title>')
    // Each resolves once the Worker's work after it is done: a HEAD that counted would be in the counter by then.
    const res = await click(code, { method: 'HEAD', headers: { Accept: BROWSER.Accept } })
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toContain('https://news.test/head?')
    expect(await res.text()).toBe('')
    const crawler = await click(code, { method: 'HEAD', ua: FACEBOOK_UA })
    expect(crawler.status).toBe(200)
    expect(crawler.headers.get('Content-Type')).toContain('text/html')
    expect(await crawler.text()).toBe('')
    // And a real click, which does count.
    await click(code, { headers: { Accept: BROWSER.Accept } })
    expect(await stats(code, true)).toMatchObject({ clicks: 1, repeats: 0, previews: 0 })
  })

  it('a hot link costs its isolate one KV read, not one per click', async () => {
    const { code } = await share('https://news.test/hot-read', 'x', '<title>Hot</title>')
    // An isolate that did not make it (the one that did holds it already).
    forgetLink(env.LINKS, code)
    const get = vi.spyOn(Object.getPrototypeOf(env.LINKS) as KVNamespace, 'get')
    for (let i = 0; i < 20; i++) expect((await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })).status).toBe(302)
    expect(get.mock.calls.filter(([key]) => String(key) === `link:${code}`)).toHaveLength(1)
  })
})

describe('a click on a link the isolate holds (answered before the router)', () => {
  const person = (code: string, init: { method?: string; headers?: Record<string, string>; path?: string } = {}) =>
    new Request(`${BASE}${init.path ?? `/${code}`}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { ...BROWSER, 'CF-Connecting-IP': `192.0.2.${++readers}`, ...init.headers },
    })
  let readers = 100
  const seen = (res: Response) => [res.status, res.headers.get('Location'), res.headers.get('Cache-Control'), res.headers.get('Vary')]

  it('is answered exactly as the route answers it, and counted once', async () => {
    const { code } = await share('https://news.test/hot?id=a%20b&tag=x:y', 'x', '<title>Hot</title>')
    const ctx = createExecutionContext()
    const routed = await app.fetch(person(code), env, ctx)
    const hot = hotClick(person(code, { path: `/${code}?fbclid=abc` }), env, ctx)
    expect(hot).toBeDefined()
    expect(seen(hot!)).toEqual(seen(routed))
    expect(seen(routed)).toEqual([
      302,
      'https://news.test/hot?id=a%20b&tag=x:y&utm_source=x&utm_medium=social&utm_campaign=share',
      'private, no-store',
      'User-Agent',
    ])
    // A prefetch is sent on the same way and not counted, on either path.
    const prefetch = { 'Sec-Purpose': 'prefetch' }
    expect(seen(hotClick(person(code, { headers: prefetch }), env, ctx)!)).toEqual(seen(routed))
    expect(seen(await app.fetch(person(code, { headers: prefetch }), env, ctx))).toEqual(seen(routed))
    // The context's work done, the batch both clicks went in has reached the counter.
    await waitOnExecutionContext(ctx)
    expect(await stats(code, true)).toMatchObject({ clicks: 2, repeats: 0 })
  })

  it('leaves to the route every request the route answers otherwise', async () => {
    const { code } = await share('https://news.test/hot-not', 'x', '<title>Not here</title>')
    const ctx = createExecutionContext()
    // In an isolate that did not make the link, the first click reads the record in; the next is answered from there.
    forgetLink(env.LINKS, code)
    expect(hotClick(person(code), env, ctx)).toBeUndefined()
    expect((await app.fetch(person(code), env, ctx)).status).toBe(302)
    expect(hotClick(person(code), env, ctx)).toBeDefined()
    const declined = [
      person(code, { method: 'HEAD' }),
      person(code, { headers: { 'User-Agent': FACEBOOK_UA } }),
      person(code, { headers: { 'User-Agent': '' } }),
      person(code, { path: `/${code}/` }),
      person(code, { path: `/${code}/qr.svg` }),
      person(code, { path: '/demo' }),
      person(code, { path: '/healthz' }),
      person(code, { path: '/nobody-holds-this' }),
    ]
    for (const req of declined) expect([req.method, req.url, hotClick(req, env, ctx)]).toEqual([req.method, req.url, undefined])
    // A var gone wrong is the route's to say (503 misconfigured), though the record is in memory;
    // a missing API_KEY only matters to the admin API, so the click is still answered here.
    const broken = { ...env, PUBLIC_BASE_URL: 'not a url' } as typeof env
    expect(hotClick(person(code), broken, ctx)).toBeUndefined()
    expect((await worker.fetch(person(code) as Parameters<typeof worker.fetch>[0], broken, ctx)).status).toBe(503)
    const keyless = { ...env, API_KEY: '' } as typeof env
    expect(hotClick(person(code), keyless, ctx)?.status).toBe(302)
    // So is a link disabled since: the isolate holds the disabled record, and the route answers 410.
    await ok(adminApi.links[':code'].$patch({ param: { code }, json: { disabled: true } }), 200)
    expect(hotClick(person(code), env, ctx)).toBeUndefined()
    expect((await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })).status).toBe(410)
    await waitOnExecutionContext(ctx)
  })
})

describe('crawlers', () => {
  it('get the preview page with og:url the short link and canonical the article', async () => {
    const { code, shortUrl } = await share(KIM, 'facebook', kim)
    for (const ua of CRAWLERS) {
      const res = await call(`/${code}`, { headers: { 'User-Agent': ua }, redirect: 'manual' })
      expect([ua, res.status]).toEqual([ua, 200])
      const html = await res.text()
      expect(html).toContain(`<meta property="og:url" content="${shortUrl}">`)
      expect(html).toContain(`<link rel="canonical" href="${KIM}">`)
    }
    const res = await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })
    expect(res.headers.get('Content-Type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'")
    expect(res.headers.get('Vary')).toBe('User-Agent')
    const html = await res.text()
    for (const tag of [
      '<meta property="og:type" content="article">',
      '<meta property="og:title" content="Kim Jong Un acknowledges deaths of 100 North Korean soldiers he sent to fight for Vladimir Putin">',
      '<meta property="og:description" content="During a ceremony showcasing the images of 100 North Korean soldiers, attended by their family members, Kim paid tribute to these “heroic” soldiers.">',
      '<meta property="og:image" content="https://internewscast.com/wp-content/uploads/2025/08/kim-jong-un-ceremony-kursk.jpg">',
      '<meta property="og:image:width" content="1200">',
      '<meta property="og:image:height" content="675">',
      '<meta property="og:site_name" content="Internewscast Journal">',
      '<meta name="twitter:card" content="summary_large_image">',
      '<meta name="twitter:title" content="Kim Jong Un acknowledges deaths of 100 North Korean soldiers he sent to fight for Vladimir Putin">',
      '<meta name="twitter:image" content="https://internewscast.com/wp-content/uploads/2025/08/kim-jong-un-ceremony-kursk.jpg">',
      '<meta name="twitter:site" content="@internewscast">',
      // The way on for a person shown this page by mistake: back through the short link.
      `<meta http-equiv="refresh" content="0; url=${shortUrl}?via=preview">`,
      `<a href="${shortUrl}?via=preview">`,
    ]) {
      expect(html).toContain(tag)
    }
  })

  it('a person shown the preview page (a browser taken for a crawler) goes on with UTM tags, counted once as a click; a crawler following it, not at all', async () => {
    const { code } = await share('https://news.test/mistaken', 'x', '<title>Mistaken</title>')
    // A browser whose user agent reads as a crawler's (an in-app browser, a privacy tool): it gets the card, then follows its refresh.
    const inApp = FACEBOOK_UA
    const page = await (await click(code, { ua: inApp, ip: '198.51.100.77' })).text()
    const wayOn = /http-equiv="refresh" content="0; url=([^"]+)"/.exec(page)![1]!
    expect(wayOn).toBe(`${BASE}/${code}?via=preview`)
    const followed = await click(`${code}?via=preview`, {
      ua: inApp,
      ip: '198.51.100.77',
      headers: { 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' },
    })
    expect([followed.status, followed.headers.get('Location')]).toEqual([
      302,
      'https://news.test/mistaken?utm_source=x&utm_medium=social&utm_campaign=share',
    ])
    expect(await stats(code, true)).toMatchObject({ clicks: 1, previews: 1 })
    // A crawler that follows the page's refresh (no Fetch Metadata) is sent on too, and counts nothing.
    const crawled = await click(`${code}?via=preview`, { ua: 'Mozilla/5.0 (compatible; Googlebot/2.1)', ip: '198.51.100.78' })
    expect(crawled.status).toBe(302)
    expect(await stats(code, true)).toMatchObject({ clicks: 1, repeats: 0, previews: 1 })
  })

  it('are told the article’s date, author, language and image size and alt, escaped', async () => {
    const page = `<html lang="pt-BR"><head><meta property="og:title" content="Metrô ganha estação">
      <meta property="og:image" content="https://news.test/estacao.jpg"><meta property="og:image:width" content="1200">
      <meta property="og:image:height" content="630"><meta property="og:image:alt" content="A plataforma &quot;nova&quot;">
      <meta property="article:published_time" content="2026-11-10T08:30:00-03:00"><meta name="author" content="Bia &lt;Camargo&gt;">
      </head><body></body></html>`
    const { code } = await share('https://news.test/sp/estacao', 'facebook', page)
    const html = await (await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })).text()
    for (const tag of [
      '<html lang="pt-BR">',
      '<meta property="og:type" content="article">',
      '<meta property="og:locale" content="pt_BR">',
      '<meta property="article:published_time" content="2026-11-10T08:30:00-03:00">',
      '<meta property="article:author" content="Bia &lt;Camargo&gt;">',
      '<meta property="og:image:width" content="1200">',
      '<meta property="og:image:height" content="630">',
      '<meta property="og:image:alt" content="A plataforma &quot;nova&quot;">',
      '<meta name="twitter:image:alt" content="A plataforma &quot;nova&quot;">',
    ]) {
      expect(html).toContain(tag)
    }
  })

  it('get summary cards without an image', async () => {
    const { code } = await share('https://news.test/no-image', 'x', '<title>No image</title>')
    const html = await (await call(`/${code}`, { headers: { 'User-Agent': 'Twitterbot/1.0' } })).text()
    expect(html).toContain('<meta name="twitter:card" content="summary">')
    expect(html).not.toContain('og:image')
  })

  it('never see article texts unescaped', async () => {
    // The page names ?id=7 (with a tracking tag) as canonical, and that page says the same.
    const { code } = await share('https://news.test/politics/mayor', 'x', xss, ['https://news.test/politics/mayor?id=7'])
    const html = await (await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })).text()
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>/i)
    expect(html).toContain('content="&quot;&gt;&lt;script&gt;alert(&#39;og&#39;)&lt;/script&gt; Mayor&#39;s &quot;last&quot; day"')
    expect(html).toContain('<meta property="og:site_name" content="The &lt;Daily&gt; &quot;News&quot;">')
    expect(html).toContain('<link rel="canonical" href="https://news.test/politics/mayor?id=7">')
  })

  it('a second crawl is served from the cache', async () => {
    const { code } = await share(KIM, 'linkedin', kim)
    const first = await (await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })).text()
    // A second later, change the record behind the API's back: only a cached page still shows the old title.
    advanceClock(1_000)
    const rec = await env.LINKS.get<Record<string, unknown>>(`link:${code}`, 'json')
    await env.LINKS.put(`link:${code}`, JSON.stringify({ ...rec, title: 'Changed in KV' }))
    const cached = await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })
    expect(await cached.text()).toBe(first)
    // People are never served from it: their 302 reads the record.
    const person = await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })
    expect(person.status).toBe(302)
  })
})

describe('unknown and gone', () => {
  it('unknown codes are a 404 page for people, and odd paths too', async () => {
    for (const path of ['/nope123', '/a', `/${'x'.repeat(300)}`, '/%00', '/..%2F', '/foo/bar']) {
      const res = await call(path, { headers: BROWSER, redirect: 'manual' })
      expect([path, res.status]).toEqual([path, 404])
      expect(res.headers.get('Content-Type')).toContain('text/html')
    }
    expect((await call('/api/nothing')).headers.get('Content-Type')).toContain('application/json')
  })

  it('a scan of codes nobody holds leaves nothing stored behind: no table, no row in their owners', async () => {
    const codes = Array.from({ length: 20 }, (_, i) => `Scan${String(i).padStart(3, '0')}`)
    for (const code of codes) {
      expect((await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })).status).toBe(404)
      expect((await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })).status).toBe(404)
    }
    for (const code of codes) {
      const tables = await runInDurableObject(ownerOf(env, code), (_owner, state) =>
        state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'").toArray(),
      )
      expect([code, tables]).toEqual([code, []])
    }
  })

  it('links to a host since taken off ALLOWED_HOSTS are a 410 page, for people and crawlers', async () => {
    const rec = {
      code: 'lapsed1',
      url: 'https://lapsed.example/story',
      channel: 'x',
      title: 'Old',
      description: '',
      image: null,
      siteName: 'lapsed.example',
      createdAt: new Date().toISOString(),
      expiresAt: null,
      disabled: false,
      unfurledAt: new Date().toISOString(),
    }
    await env.LINKS.put('link:lapsed1', JSON.stringify(rec))
    for (const ua of [BROWSER_UA, FACEBOOK_UA]) {
      const res = await call('/lapsed1', { headers: { 'User-Agent': ua }, redirect: 'manual' })
      expect([ua, res.status, res.headers.get('Location')]).toEqual([ua, 410, null])
    }
  })

  it('deleted links are a 410 page', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    const { code } = await ok(adminApi.links.$post({ json: { url: KIM } }), 201)
    expect((await adminApi.links[':code'].$delete({ param: { code } })).status).toBe(204)
    const res = await call(`/${code}`, { headers: BROWSER })
    expect(res.status).toBe(410)
    expect(await res.text()).toContain('Link no longer available')
  })
})

describe('service routes', () => {
  it('health and robots', async () => {
    expect(await ok(site.healthz.$get(), 200)).toEqual({ ok: true })
    const robots = await (await site['robots.txt'].$get()).text()
    expect(robots).toBe('User-agent: *\nDisallow: /api/\nDisallow: /share/\nAllow: /\n')
  })
})
