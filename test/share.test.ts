/**
 * Public sharing: POST /api/share and GET /share/:channel. One link per (article, channel),
 * metadata from the article only, allowed hosts only.
 */
import { runInDurableObject } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { ErrorCode } from '../src/errors'
import { CHANNELS } from '../src/links/channels'
import { claimsOf } from '../src/links/claims'
import { articleHash } from '../src/links/store'
import kim from './fixtures/internewscast-kim-jong-un.html?raw'
import plain from './fixtures/plain-no-og.html?raw'
import { adminApi, anError, api, call, callJson, htmlPage, ok, type Route, refused, respond, stubOrigin } from './helpers'

const KIM = 'https://internewscast.com/news/kim-jong-un-acknowledges-deaths-of-100-north-korean-soldiers/'

describe('POST /api/share', () => {
  it('creates the link once (201), then returns the same one (200) without fetching again', async () => {
    const fetched = stubOrigin({ [KIM]: htmlPage(kim) })
    const link = await ok(api.share.$post({ json: { url: KIM, channel: 'x' } }), 201)
    expect(link).toMatchObject({
      url: KIM,
      channel: 'x',
      title: 'Kim Jong Un acknowledges deaths of 100 North Korean soldiers he sent to fight for Vladimir Putin',
      image: 'https://internewscast.com/wp-content/uploads/2025/08/kim-jong-un-ceremony-kursk.jpg',
      siteName: 'Internewscast Journal',
      expiresAt: null,
      disabled: false,
    })
    expect(link.code).toMatch(/^[0-9A-Za-z]{7}$/)
    expect(link.shortUrl).toBe(`https://share.example.com/${link.code}`)
    expect(link.shareUrl).toBe(`https://x.com/intent/post?url=${encodeURIComponent(link.shortUrl)}&text=${encodeURIComponent(link.title)}`)

    const again = await ok(api.share.$post({ json: { url: KIM, channel: 'x' } }), 200)
    expect(again.code).toBe(link.code)
    expect(fetched).toEqual([KIM])
  })

  it('gives each channel its own link, with its platform intent', async () => {
    const article = 'https://news.test/world/channels'
    stubOrigin({ [article]: htmlPage('<title>Every channel</title>') })
    const codes = new Set<string>()
    for (const channel of CHANNELS) {
      const body = await ok(api.share.$post({ json: { url: article, channel } }), 201)
      expect(body.channel).toBe(channel)
      codes.add(body.code)
      const short = encodeURIComponent(body.shortUrl)
      const expected: Record<string, string> = {
        x: `https://x.com/intent/post?url=${short}`,
        facebook: `https://www.facebook.com/sharer/sharer.php?u=${short}`,
        linkedin: `https://www.linkedin.com/sharing/share-offsite/?url=${short}`,
        whatsapp: 'https://wa.me/?text=',
        telegram: `https://t.me/share/url?url=${short}`,
        reddit: `https://www.reddit.com/submit?url=${short}`,
        bluesky: 'https://bsky.app/intent/compose?text=',
        mastodon: 'https://mastodonshare.com/?text=',
        email: 'mailto:?subject=',
        copy: body.shortUrl,
      }
      expect(body.shareUrl.startsWith(expected[channel]!)).toBe(true)
      expect(body.shareUrl).toContain(channel === 'copy' ? body.shortUrl : short)
    }
    expect(codes.size).toBe(CHANNELS.length)
  })

  it('dedups the same article shared from another address (tracking tags, fragment, non-canonical URL)', async () => {
    const fetched = stubOrigin({
      [KIM]: htmlPage(kim),
      'https://internewscast.com/?p=123': htmlPage(kim),
    })
    const share = (url: string) => api.share.$post({ json: { url, channel: 'facebook' } })
    const { code, url } = await ok(share(`${KIM}?utm_source=newsletter&fbclid=abc#comments`), 201)
    expect(url).toBe(KIM)
    // The page at ?p=123 names KIM as canonical, so it is the same article.
    expect((await ok(share('https://internewscast.com/?p=123&gclid=x'), 200)).code).toBe(code)
    // The canonical page is read too: only its own card may name the article.
    expect(fetched).toEqual([KIM, 'https://internewscast.com/?p=123', KIM])
    // The next press from that address finds the link without fetching the article again.
    expect((await ok(share('https://internewscast.com/?p=123'), 200)).code).toBe(code)
    expect(fetched).toHaveLength(3)
  })

  it('ignores title, description and image sent by the caller', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    // More than the route takes (TypeScript checks only that the fields it takes are there).
    const sent = {
      url: KIM,
      channel: 'linkedin' as const,
      title: 'Phishing title',
      description: 'Log in here',
      image: 'https://evil.example/x.png',
    }
    const link = await ok(api.share.$post({ json: sent }), 201)
    expect(link.title).not.toContain('Phishing')
    expect(link.description).not.toContain('Log in')
    expect(link.image).not.toContain('evil')
  })

  it('makes the link with fallbacks when the article cannot be read, and the preview is still complete', async () => {
    stubOrigin({ 'https://news.test/world/down': respond('upstream error', { status: 502 }) })
    const link = await ok(api.share.$post({ json: { url: 'https://news.test/world/down', channel: 'telegram' } }), 201)
    expect(link).toMatchObject({ title: 'news.test/world/down', siteName: 'news.test', image: null, description: '' })
  })

  it('a title cut inside an emoji still shares (no lone surrogate reaches encodeURIComponent)', async () => {
    const title = `${'A'.repeat(298)}😀 and more words`
    stubOrigin({ 'https://news.test/emoji': htmlPage(`<meta property="og:title" content="${title}">`) })
    const share = () => api.share.$post({ json: { url: 'https://news.test/emoji', channel: 'x' } })
    const link = await ok(share(), 201)
    expect(link.title.isWellFormed()).toBe(true)
    expect(link.shareUrl).toContain('x.com/intent/post')
    // A lone surrogate goes out as JSON.stringify writes it: "\ud800".
    const patched = adminApi.links[':code'].$patch({ param: { code: link.code }, json: { title: 'broken \ud800 title' } })
    expect(await refused(patched, 400)).toEqual(anError('invalid_request', 'title: must be valid Unicode text'))
    expect((await ok(share(), 200)).code).toBe(link.code)
  })

  it('uses the story’s picture on a page without Open Graph', async () => {
    stubOrigin({ 'https://news.test/world/refinery.html': htmlPage(plain) })
    const link = await ok(api.share.$post({ json: { url: 'https://news.test/world/refinery.html', channel: 'reddit' } }), 201)
    expect(link).toMatchObject({
      title: 'Ukraine strikes Novoshakhtinsky refinery',
      image: 'https://news.test/world/images/refinery.png',
      siteName: 'news.test',
    })
  })

  it('refuses hosts off the allow list and URLs that are not plain http(s)', async () => {
    stubOrigin({})
    const cases: [string, 400 | 403, ErrorCode][] = [
      ['https://evil.example/news', 403, 'host_not_allowed'],
      ['https://internewscast.com.evil.example/', 403, 'host_not_allowed'],
      ['https://internewscast.com@evil.example/', 400, 'invalid_url'],
      ['https://evil.example/#internewscast.com', 403, 'host_not_allowed'],
      ['https://example-news.test/', 403, 'host_not_allowed'],
      ['http://localhost/', 403, 'host_not_allowed'],
      ['http://127.0.0.1:9999/', 403, 'host_not_allowed'],
      ['https://user:pw@internewscast.com/', 400, 'invalid_url'],
      ['javascript:alert(1)', 400, 'invalid_url'],
      ['ftp://internewscast.com/file', 400, 'invalid_url'],
      ['internewscast.com/news', 400, 'invalid_url'],
      ['', 400, 'invalid_url'],
    ]
    for (const [url, status, code] of cases) {
      const error = await refused(api.share.$post({ json: { url, channel: 'x' } }), status)
      expect([url, error]).toEqual([url, anError(code)])
    }
  })

  it('refuses IP literals in every notation, IDN look-alikes and suffix tricks', async () => {
    stubOrigin({})
    const others = [
      'http://127.0.0.1/',
      'http://2130706433/',
      'http://0x7f000001/',
      'http://0x7f.0.0.1/',
      'http://0177.0.0.1/',
      'http://127.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[0:0:0:0:0:ffff:7f00:1]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://192.168.1.1/',
      'http://[fd00::1]/',
      // Cyrillic і and Greek ο: look like internewscast.com, are other hosts (xn--…).
      'https://іnternewscast.com/',
      'https://internewscast.cοm/',
      'https://xn--nternewscast-ye8e.com/',
      'https://internewscast.com.evil.example/',
      'https://evilinternewscast.com/',
      'https://news.test.evil.example/',
      'https://example-news.test.evil.example/',
      'https://x.example-news.test.evil.example/',
    ]
    for (const url of others) {
      const error = await refused(api.share.$post({ json: { url, channel: 'x' } }), 403)
      expect([url, error]).toEqual([url, anError('host_not_allowed', expect.stringContaining('is not on ALLOWED_HOSTS'))])
    }
  })

  it('accepts subdomains of a *. entry, trailing dots and any case', async () => {
    stubOrigin({
      'https://www.example-news.test/a': htmlPage('<title>A</title>'),
      'http://localhost:9999/b': htmlPage('<title>B</title>'),
    })
    expect((await ok(api.share.$post({ json: { url: 'https://WWW.Example-News.test./a', channel: 'x' } }), 201)).url).toBe(
      'https://www.example-news.test/a',
    )
    expect((await ok(api.share.$post({ json: { url: 'http://localhost:9999/b', channel: 'x' } }), 201)).url).toBe('http://localhost:9999/b')
  })

  it('refuses an unknown channel and malformed bodies with clear errors', async () => {
    stubOrigin({})
    const before = (await env.LINKS.list()).keys.length
    // Raw, every one: bodies the typed client would not send.
    const bad = await callJson('POST', '/api/share', { url: KIM, channel: 'myspace' })
    expect([bad.status, await bad.json()]).toEqual([400, anError('invalid_request', expect.stringMatching(/^channel: must be one of x, /))])

    const notJson = await call('/api/share', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"url":' })
    expect([notJson.status, await notJson.json()]).toEqual([400, anError('invalid_request')])

    const form = await call('/api/share', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'url=x',
    })
    expect([form.status, await form.json()]).toEqual([415, anError('unsupported_media_type', 'send the body as application/json')])

    const huge = await callJson('POST', '/api/share', { url: KIM, channel: 'x', pad: 'x'.repeat(20_000) })
    expect([huge.status, await huge.json()]).toEqual([413, anError('too_large', 'request body over 16384 bytes')])

    // Nothing was stored by any refused request.
    expect((await env.LINKS.list()).keys.length).toBe(before)
  })

  it('answers CORS for allowed hosts’ origins only', async () => {
    const ok = await call('/api/share', {
      method: 'OPTIONS',
      headers: { Origin: 'https://internewscast.com', 'Access-Control-Request-Method': 'POST' },
    })
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe('https://internewscast.com')
    const no = await call('/api/share', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    })
    expect(no.headers.get('Access-Control-Allow-Origin')).toBeNull()
    // Not even the service's own origin: its pages call the API same-origin, without CORS.
    const own = await call('/api/share', {
      method: 'OPTIONS',
      headers: { Origin: 'https://share.example.com', 'Access-Control-Request-Method': 'POST' },
    })
    expect(own.headers.get('Access-Control-Allow-Origin')).toBeNull()
  })
})

describe('GET /share/:channel', () => {
  it('redirects to the platform with the short link, for script-free share buttons', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    // What a browser sends when a reader presses the button on the article's page.
    const pressed = { Referer: KIM, 'Sec-Fetch-Site': 'cross-site' }
    const res = await call(`/share/whatsapp?url=${encodeURIComponent(KIM)}`, { headers: pressed, redirect: 'manual' })
    expect(res.status).toBe(302)
    const location = res.headers.get('Location')!
    expect(location).toMatch(/^https:\/\/wa\.me\/\?text=/)
    const text = new URL(location).searchParams.get('text')!
    expect(text).toMatch(/^Kim Jong Un acknowledges .* https:\/\/share\.example\.com\/[0-9A-Za-z]{7}$/)
    // The same link as the JSON API gives.
    const link = await ok(api.share.$post({ json: { url: KIM, channel: 'whatsapp' } }), 200)
    expect(text.endsWith(link.shortUrl)).toBe(true)
  })

  it('copy shows the short link instead of following it (which would count the sharer as a click)', async () => {
    stubOrigin({ 'https://news.test/copy-nojs': htmlPage('<title>Copy</title>') })
    const res = await call(`/share/copy?url=${encodeURIComponent('https://news.test/copy-nojs')}`, {
      headers: { Referer: 'https://news.test/copy-nojs', 'Sec-Fetch-Site': 'cross-site' },
      redirect: 'manual',
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toContain('text/html')
    const html = await res.text()
    expect(html).toMatch(/https:\/\/share\.example\.com\/[0-9A-Za-z]{7}/)
  })

  it('refuses links to the service itself', async () => {
    stubOrigin({})
    const error = await refused(api.share.$post({ json: { url: 'https://share.example.com/abc1234', channel: 'x' } }), 400)
    expect(error).toEqual(anError('invalid_url', 'url must be an article, not an address of this service'))
  })

  it('answers a person a small page, and a script JSON, when it refuses', async () => {
    stubOrigin({})
    const path = '/share/x?url=https%3A%2F%2Fevil.example%2Fstory'
    const page = await call(path, { headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } })
    expect([page.status, page.headers.get('Content-Type')]).toEqual([403, 'text/html; charset=utf-8'])
    const html = await page.text()
    expect(html).toContain('<h1>This site is not set up for sharing</h1>')
    expect(html).toContain('evil.example is not on ALLOWED_HOSTS')
    expect(page.headers.get('Content-Security-Policy')).toContain("default-src 'none'")
    for (const accept of ['application/json', '*/*', '']) {
      const res = await call(path, { headers: accept ? { Accept: accept } : {} })
      expect([accept, res.status, res.headers.get('Content-Type')]).toEqual([accept, 403, 'application/json'])
      expect(await res.json()).toEqual(anError('host_not_allowed', expect.stringMatching(/^evil\.example is not on ALLOWED_HOSTS: /)))
    }
    // The API never answers pages, whatever the caller prefers.
    const apiPage = await call('/api/counts?url=https%3A%2F%2Fevil.example%2F', { headers: { Accept: 'text/html' } })
    expect(apiPage.headers.get('Content-Type')).toBe('application/json')
  })

  it('refuses an unknown channel, a foreign host and a missing url, saying which', async () => {
    stubOrigin({})
    // Raw: a share button's link, as a browser follows it (a script gets JSON).
    const answers = async (path: string) => {
      const res = await call(path)
      return [res.status, await res.json()]
    }
    expect(await answers(`/share/myspace?url=${encodeURIComponent(KIM)}`)).toEqual([
      400,
      anError('invalid_request', `channel: must be one of ${CHANNELS.join(', ')}`),
    ])
    expect(await answers('/share/x?url=https%3A%2F%2Fevil.example%2F')).toEqual([
      403,
      anError('host_not_allowed', expect.stringMatching(/^evil\.example is not on ALLOWED_HOSTS: /)),
    ])
    expect(await answers('/share/x')).toEqual([400, anError('invalid_url', 'url: expected string')])
  })
})

describe('rate limit', () => {
  it('limits link creation per client and answers 429 with Retry-After; admin keys are exempt', async () => {
    const routes: Record<string, Route> = {}
    for (let i = 0; i < 130; i++) routes[`https://news.test/rl/${i}`] = htmlPage(`<title>${i}</title>`)
    stubOrigin(routes)
    // The limit is 60 a minute in fixed windows: the first 429 comes after at least 60 links, and
    // by the 121st at the latest (if the first 60 straddle a window's end).
    const client = { headers: { 'CF-Connecting-IP': '203.0.113.9' } }
    let made = 0
    for (;;) {
      const res = await api.share.$post({ json: { url: `https://news.test/rl/${made}`, channel: 'x' } }, client)
      if (res.status === 429) {
        expect(res.headers.get('Retry-After')).toBe('60')
        expect(await refused(res, 429)).toEqual(anError('rate_limited', 'too many new links from this client; try again in a minute'))
        break
      }
      await ok(res, 201)
      made++
      expect(made).toBeLessThanOrEqual(120)
    }
    expect(made).toBeGreaterThanOrEqual(60)
    // Existing links are still served to the limited client; an admin key is not limited.
    await ok(api.share.$post({ json: { url: 'https://news.test/rl/0', channel: 'x' } }, client), 200)
    await ok(adminApi.share.$post({ json: { url: 'https://news.test/rl/125', channel: 'x' } }, client), 201)
  }, 60_000)
})

describe('readers sharing at the same moment', () => {
  it('20 concurrent first shares of one (article, channel) make one link, not 20', async () => {
    stubOrigin({ 'https://news.test/race': htmlPage('<title>Race</title>') })
    // With the admin key: twenty new links from one client would meet the rate limit.
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => adminApi.share.$post({ json: { url: 'https://news.test/race', channel: 'x' } })),
    )
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1)
    expect(responses.filter((r) => r.status === 200)).toHaveLength(19)
    // Each the link, made or found.
    const codes = new Set((await Promise.all(responses.map((r) => ok(r, r.status === 201 ? 201 : 200)))).map((b) => b.code))
    expect(codes.size).toBe(1)
    // Another channel of the same article is its own link.
    const other = await ok(adminApi.share.$post({ json: { url: 'https://news.test/race', channel: 'facebook' } }), 201)
    expect(other.code).not.toBe([...codes][0])
  })

  it('a claim whose maker died before writing its link is taken over', async () => {
    stubOrigin({ 'https://news.test/orphan': htmlPage('<title>Orphan</title>') })
    // The slot names a code whose link was never made (its maker died between the two steps).
    const claims = claimsOf(env, await articleHash('https://news.test/orphan'))
    await runInDurableObject(claims, (_, state) => {
      state.storage.sql.exec("INSERT INTO claims (channel, code, at) VALUES ('x', 'ghost01', 0)")
    })
    expect(await claims.find('x')).toEqual({ code: 'ghost01' })
    const { code } = await ok(api.share.$post({ json: { url: 'https://news.test/orphan', channel: 'x' } }), 201)
    expect(code).not.toBe('ghost01')
    expect(await claims.find('x')).toEqual({ code })
  })

  it('a disabled share link is replaced on the next share', async () => {
    stubOrigin({ 'https://news.test/disabled-share': htmlPage('<title>Disabled</title>') })
    const share = () => api.share.$post({ json: { url: 'https://news.test/disabled-share', channel: 'x' } })
    const first = await ok(share(), 201)
    await ok(adminApi.links[':code'].$patch({ param: { code: first.code }, json: { disabled: true } }), 200)
    const { code } = await ok(share(), 201)
    expect(code).not.toBe(first.code)
    expect((await ok(share(), 200)).code).toBe(code)
  })
})
