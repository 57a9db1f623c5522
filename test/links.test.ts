/** The admin API: create, list, read, update, delete and refresh links, behind Bearer keys. */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { configOf } from '../src/config'
import { refreshLink } from '../src/links/admin'
import { ownerOf } from '../src/links/owner'
import type { LinkRecord } from '../src/links/schema'
import kim from './fixtures/internewscast-kim-jong-un.html?raw'
import {
  AS_ADMIN,
  adminApi,
  advanceClock,
  anError,
  api,
  BROWSER,
  call,
  callJson,
  FACEBOOK_UA,
  htmlPage,
  KEY,
  kvCopiesWritten,
  OLD_KEY,
  ok,
  refused,
  respond,
  stubOrigin,
} from './helpers'

const KIM = 'https://internewscast.com/news/kim-jong-un-acknowledges-deaths-of-100-north-korean-soldiers/'

describe('keys', () => {
  it('refuses missing and wrong keys, and accepts every key of a rotation', async () => {
    const none = await api.links.$get({ query: {} })
    expect(none.headers.get('WWW-Authenticate')).toContain('Bearer')
    const signIn = anError('unauthorized', 'sign in: send Authorization: Bearer <key>, or come through Cloudflare Access')
    const wrongKey = anError('unauthorized', 'that key is not a valid key (revoked, mistyped, or never made)')
    expect(await refused(none, 401)).toEqual(signIn)
    const withKey = (authorization: string) => api.links.$get({ query: {} }, { headers: { Authorization: authorization } })
    for (const [wrong, error] of [
      ['Bearer test-ke', wrongKey],
      [`Bearer ${KEY}-extra`, wrongKey],
      ['Basic dGVzdC1rZXk=', signIn],
    ] as const) {
      expect([wrong, await refused(withKey(wrong), 401)]).toEqual([wrong, error])
    }
    for (const right of [`Bearer ${OLD_KEY}`, `bearer ${KEY}`]) {
      expect([right, (await ok(withKey(right), 200)).links]).toEqual([right, expect.any(Array)])
    }
  })
})

describe('create', () => {
  it('makes a random code, with caller metadata overriding the article', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    const link = await ok(adminApi.links.$post({ json: { url: KIM, title: 'Our own title', channel: 'email' } }), 201)
    expect(link.code).toMatch(/^[0-9A-Za-z]{7}$/)
    expect(link).toMatchObject({ title: 'Our own title', channel: 'email', siteName: 'Internewscast Journal' })
    expect(link.description).toContain('During a ceremony')
  })

  it('refuses an article that answers 404 or 410 (422 article_not_found) unless forced; one that would not answer us is made', async () => {
    stubOrigin({
      'https://news.test/typo-in-address': respond('no such page', { status: 404, headers: { 'Content-Type': 'text/html' } }),
      'https://news.test/taken-down': respond('removed', { status: 410, headers: { 'Content-Type': 'text/html' } }),
      'https://news.test/behind-bot-wall': respond('no bots', { status: 403, headers: { 'Content-Type': 'text/html' } }),
    })
    for (const url of ['https://news.test/typo-in-address', 'https://news.test/taken-down']) {
      expect([url, await refused(adminApi.links.$post({ json: { url } }), 422)]).toEqual([
        url,
        anError('article_not_found', `${url} answered 404 or 410: check the address, or send "force": true to make the link anyway`),
      ])
    }
    // Nothing was made for them.
    expect((await ok(adminApi.links.$get({ query: { url: 'https://news.test/typo-in-address' } }), 200)).links).toEqual([])
    // Forced (an article about to go live, say): made, its card from the address until a read succeeds.
    const forced = await ok(adminApi.links.$post({ json: { url: 'https://news.test/typo-in-address', force: true } }), 201)
    expect(forced).toMatchObject({ title: 'news.test/typo-in-address', unfurledAt: null })
    // A page that would not let the fetcher in is not a missing page: made, with the fallback card.
    expect(await ok(adminApi.links.$post({ json: { url: 'https://news.test/behind-bot-wall' } }), 201)).toMatchObject({ unfurledAt: null })
    // Share buttons are never refused for a read that failed.
    const shared = await ok(api.share.$post({ json: { url: 'https://news.test/behind-bot-wall', channel: 'x' } }), 201)
    expect(shared).toMatchObject({ unfurledAt: null })
  })

  it('takes a custom slug once; a taken or reserved slug is 409', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    expect((await ok(adminApi.links.$post({ json: { url: KIM, slug: 'kim-2025' } }), 201)).code).toBe('kim-2025')
    const taken = await refused(adminApi.links.$post({ json: { url: KIM, slug: 'kim-2025' } }), 409)
    expect(taken).toEqual(anError('slug_taken'))
    // The service's own paths: a dot is no slug at all, the rest are reserved.
    for (const slug of ['api', 'share', 'embed.js', 'docs', 'Dashboard', 'healthz', 'robots.txt']) {
      const status = slug.includes('.') ? 400 : 409
      const error = await refused(adminApi.links.$post({ json: { url: KIM, slug } }), status)
      expect([slug, error.error.code]).toEqual([slug, status === 400 ? 'invalid_request' : 'slug_taken'])
    }
  })

  it('validates every field with a clear error', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    const cases: [unknown, number, string][] = [
      [{ url: KIM, slug: 'a b' }, 400, 'invalid_request'],
      [{ url: KIM, slug: 'x'.repeat(65) }, 400, 'invalid_request'],
      [{ url: KIM, channel: 'myspace' }, 400, 'invalid_request'],
      [{ url: KIM, expiresAt: 'tomorrow' }, 400, 'invalid_request'],
      [{ url: KIM, expiresAt: '2001-01-01T00:00:00Z' }, 400, 'invalid_request'],
      [{ url: KIM, image: 'javascript:alert(1)' }, 400, 'invalid_url'],
      [{ url: KIM, image: 'http://evil.example/x.png' }, 400, 'invalid_url'],
      [{ url: KIM, title: 42 }, 400, 'invalid_request'],
      [{ url: KIM, extra: true }, 400, 'invalid_request'],
      [{ url: 'https://evil.example/' }, 403, 'host_not_allowed'],
      [{}, 400, 'invalid_url'],
      [[], 400, 'invalid_request'],
    ]
    // Raw: most of these bodies are ones the typed client would refuse to send.
    for (const [body, status, code] of cases) {
      const res = await callJson('POST', '/api/links', body, AS_ADMIN)
      expect([body, res.status]).toEqual([body, status])
      expect(await res.json()).toEqual({ error: { code, message: expect.any(String) } })
    }
  })
})

describe('read, list, update, delete', () => {
  it('lists newest first, a page at a time, with a cursor', async () => {
    stubOrigin({ 'https://news.test/list': htmlPage('<title>Listed</title>') })
    const made: string[] = []
    for (let i = 0; i < 5; i++) {
      made.push((await ok(adminApi.links.$post({ json: { url: 'https://news.test/list', slug: `list-${i}` } }), 201)).code)
      // A millisecond on: each made at its own time, so newest first is one order.
      advanceClock(1)
    }
    const pageAfter = (cursor: string | null) => ok(adminApi.links.$get({ query: { limit: '2', ...(cursor ? { cursor } : {}) } }), 200)
    const seen: string[] = []
    for (let page = await pageAfter(null); ; page = await pageAfter(page.cursor)) {
      expect(page.links.length).toBeLessThanOrEqual(2)
      seen.push(...page.links.map((l) => l.code))
      if (!page.cursor) break
    }
    const ours = seen.filter((c) => c.startsWith('list-'))
    expect(ours).toEqual([...made].reverse())
    expect(await refused(adminApi.links.$get({ query: { limit: '0' } }), 400)).toEqual(
      anError('invalid_request', 'limit: must be at least 1'),
    )
    expect(await refused(adminApi.links.$get({ query: { limit: '101' } }), 400)).toEqual(
      anError('invalid_request', 'limit: must be at most 100'),
    )
  })

  it('finds links by a title, URL or code that contains the query, with their figures, in one call', async () => {
    stubOrigin({
      'https://news.test/search/storm-warning': htmlPage('<title>Storm warning for the coast</title>'),
      'https://news.test/search/budget': htmlPage('<title>Budget: 100% explained</title>'),
    })
    await ok(adminApi.links.$post({ json: { url: 'https://news.test/search/storm-warning', slug: 'storm-1' } }), 201)
    await ok(adminApi.links.$post({ json: { url: 'https://news.test/search/budget', slug: 'budget-1' } }), 201)
    const find = async (q: string) => (await ok(adminApi.links.$get({ query: { q } }), 200)).links.map((l) => l.code)
    expect(await find('STORM WARNING')).toEqual(['storm-1'])
    expect(await find('search/budget')).toEqual(['budget-1'])
    expect(await find('budget-1')).toEqual(['budget-1'])
    // LIKE's wildcards are taken literally.
    expect(await find('100%')).toEqual(['budget-1'])
    expect(await find('%')).toEqual(['budget-1'])
    expect(await find('_')).toEqual([])
    // Every link of one article, by any address of it.
    const storm = await ok(adminApi.links.$get({ query: { url: 'https://news.test/search/storm-warning?utm_source=x' } }), 200)
    expect(storm.links.map((l) => l.code)).toEqual(['storm-1'])
    const page = await ok(adminApi.links.$get({ query: { q: 'storm' } }), 200)
    expect(page.links[0]).toMatchObject({ code: 'storm-1', clicks: 0, repeats: 0, previews: 0, title: 'Storm warning for the coast' })
  })

  it('searches with any query up to 200 characters, though D1 takes LIKE patterns of 50 bytes', async () => {
    const title = `${'Ein sehr langer Titel über die Haushaltsdebatte im Bundestag, '.repeat(3)}Schluss`
    stubOrigin({ 'https://news.test/long-title': htmlPage(`<title>${title}</title>`) })
    const { code } = await ok(adminApi.links.$post({ json: { url: 'https://news.test/long-title' } }), 201)
    const search = async (q: string) => (await ok(adminApi.links.$get({ query: { q } }), 200)).links.map((l) => l.code)
    // 70 bytes of the title, as typed (case aside), with LIKE's own wildcards taken literally.
    expect(await search(title.slice(10, 70).toUpperCase())).toEqual([code])
    expect(await search(title.slice(0, 200))).toEqual([code])
    expect(await search('%'.repeat(200))).toEqual([])
    expect(await search(`${title.slice(0, 60)}_`)).toEqual([])
  })

  it('a cursor the API did not issue is a 400, not a 503', async () => {
    const res = adminApi.links.$get({ query: { cursor: 'not-a-cursor' } })
    expect(await refused(res, 400)).toEqual(anError('invalid_request', 'cursor is not one this API returned'))
  })

  it('reads one link, and 404s an unknown one', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    const { code } = await ok(adminApi.links.$post({ json: { url: KIM } }), 201)
    expect((await ok(adminApi.links[':code'].$get({ param: { code } }), 200)).url).toBe(KIM)
    expect(await refused(adminApi.links[':code'].$get({ param: { code: 'nope123' } }), 404)).toEqual(anError('not_found'))
  })

  it('updates metadata, expiry and disabled; the preview follows at once', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    const { code } = await ok(adminApi.links.$post({ json: { url: KIM } }), 201)
    const patch = (json: { title?: string; image?: null; disabled?: boolean }) => adminApi.links[':code'].$patch({ param: { code }, json })
    // Cache the preview first, so the update must replace a cached page.
    expect(await (await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })).text()).toContain('Kim Jong Un')
    expect(await ok(patch({ title: 'Edited <title>', image: null }), 200)).toMatchObject({ title: 'Edited <title>', image: null })
    const preview = await (await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })).text()
    expect(preview).toContain('<meta property="og:title" content="Edited &lt;title&gt;">')
    expect(preview).toContain('<meta name="twitter:card" content="summary">')

    expect(await ok(patch({ disabled: true }), 200)).toMatchObject({ disabled: true })
    expect((await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })).status).toBe(410)
    expect((await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })).status).toBe(410)
    await ok(patch({ disabled: false }), 200)
    expect((await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })).status).toBe(302)

    // Raw: a body of the wrong type, which the typed client would not send.
    const bad = await callJson('PATCH', `/api/links/${code}`, { disabled: 'yes' }, AS_ADMIN)
    expect([bad.status, await bad.json()]).toEqual([400, anError('invalid_request', 'disabled: expected boolean')])
    const missing = adminApi.links[':code'].$patch({ param: { code: 'nope123' }, json: { disabled: true } })
    expect(await refused(missing, 404)).toEqual(anError('not_found'))
  })

  it('answers 410 once expiresAt has passed, though KV still holds the record', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    const soon = new Date(Date.now() + 60_000).toISOString()
    const { code } = await ok(adminApi.links.$post({ json: { url: KIM, expiresAt: soon } }), 201)
    expect((await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })).status).toBe(302)
    // A minute and a millisecond later.
    advanceClock(60_001)
    const gone = await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })
    expect(gone.status).toBe(410)
    expect(gone.headers.get('Content-Type')).toContain('text/html')
    expect(await gone.text()).toContain('expired')
  })

  it('changing expiresAt changes how long KV keeps the link’s copy', async () => {
    stubOrigin({ 'https://news.test/expiry-index': htmlPage('<title>Expiry</title>') })
    const later = new Date(Date.now() + 3600_000).toISOString()
    const { code } = await ok(adminApi.links.$post({ json: { url: 'https://news.test/expiry-index', expiresAt: later } }), 201)
    const copy = async () => (await env.LINKS.list({ prefix: `link:${code}` })).keys.find((k) => k.name === `link:${code}`)
    // Purged 90 days after it ends, not before.
    expect((await copy())?.expiration).toBe(Math.floor(Date.parse(later) / 1000) + 90 * 24 * 3600)
    await ok(adminApi.links[':code'].$patch({ param: { code }, json: { expiresAt: null } }), 200)
    await kvCopiesWritten(code)
    expect((await copy())?.expiration).toBeUndefined()
  })

  it('deletes: 204, then the short link answers 410 and the API 404', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    const { code } = await ok(adminApi.links.$post({ json: { url: KIM } }), 201)
    const link = adminApi.links[':code']
    expect((await link.$delete({ param: { code } })).status).toBe(204)
    expect((await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })).status).toBe(410)
    expect(await refused(link.$get({ param: { code } }), 404)).toEqual(anError('not_found'))
    expect(await refused(link.$delete({ param: { code } }), 404)).toEqual(anError('not_found'))
    const list = await ok(adminApi.links.$get({ query: { limit: '100' } }), 200)
    expect(list.links.map((l) => l.code)).not.toContain(code)
  })

  it('a deleted share link is replaced by a new one on the next share', async () => {
    stubOrigin({ 'https://news.test/replace': htmlPage('<title>Replace</title>') })
    const share = () => api.share.$post({ json: { url: 'https://news.test/replace', channel: 'x' } })
    const { code } = await ok(share(), 201)
    expect((await adminApi.links[':code'].$delete({ param: { code } })).status).toBe(204)
    expect((await ok(share(), 201)).code).not.toBe(code)
  })
})

describe('refresh', () => {
  it('reads the article again; hand-set metadata stays', async () => {
    let version = 1
    stubOrigin({
      'https://news.test/live': () =>
        new Response(`<title>Live v${version}</title><meta name="description" content="Desc v${version}">`, {
          headers: { 'Content-Type': 'text/html' },
        }),
    })
    const { code } = await ok(adminApi.links.$post({ json: { url: 'https://news.test/live', description: 'Ours' } }), 201)
    version = 2
    const refreshed = await ok(adminApi.links[':code'].refresh.$post({ param: { code } }), 200)
    expect(refreshed).toMatchObject({ title: 'Live v2', description: 'Ours' })
    await kvCopiesWritten(code)
    expect(await env.LINKS.get(`link:${code}`, 'json')).toMatchObject({ title: 'Live v2', unfurledAt: expect.any(String) })
  })

  it('a link made while the article was down is completed on the next crawl', async () => {
    let up = false
    stubOrigin({
      'https://news.test/flaky': () =>
        up ? new Response('<title>Back up</title>', { headers: { 'Content-Type': 'text/html' } }) : new Response('down', { status: 503 }),
    })
    const { code } = await ok(adminApi.links.$post({ json: { url: 'https://news.test/flaky' } }), 201)
    expect(await env.LINKS.get(`link:${code}`, 'json')).toMatchObject({ title: 'news.test/flaky', unfurledAt: null })
    up = true
    // A minute on, a crawler comes: the failed read is old enough to try again.
    advanceClock(61_000)
    const preview = await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })
    expect(await preview.text()).toContain('<meta property="og:title" content="Back up">')
    expect(await env.LINKS.get(`link:${code}`, 'json')).toMatchObject({ title: 'Back up', unfurledAt: expect.any(String) })
  })

  it('crawlers elsewhere, on copies that have not seen the last failed read, record no new one within the minute', async () => {
    stubOrigin({ 'https://news.test/down-for-all': () => new Response('down', { status: 503 }) })
    const { code } = await ok(adminApi.links.$post({ json: { url: 'https://news.test/down-for-all' } }), 201)
    const owner = ownerOf(env, code)
    const made = (await owner.get())!
    // A copy from before the read: to it, the last try is long past.
    const stale = { ...made, triedAt: new Date(Date.now() - 3_600_000).toISOString() }
    const crawler = { kind: 'system', name: 'a crawler' } as const
    expect(await refreshLink(env, configOf(env), stale, crawler)).toMatchObject({ version: made.version, triedAt: made.triedAt })
    // A minute after the last try, a failed read is recorded again.
    advanceClock(61_000)
    const later = await refreshLink(env, configOf(env), stale, crawler)
    expect([later.version, later.triedAt === made.triedAt]).toEqual([made.version + 1, false])
  })

  it('404s for an unknown code', async () => {
    expect(await refused(adminApi.links[':code'].refresh.$post({ param: { code: 'nope123' } }), 404)).toEqual(anError('not_found'))
  })

  it('a refresh racing a delete or an edit never undoes it', async () => {
    stubOrigin({ 'https://news.test/race-refresh': htmlPage('<title>Raced</title>') })
    const made = await ok(adminApi.links.$post({ json: { url: 'https://news.test/race-refresh' } }), 201)
    // A crawler's isolate still holds the record as it was before these edits.
    const stale = await env.LINKS.get<LinkRecord>(`link:${made.code}`, 'json')
    await ok(adminApi.links[':code'].$patch({ param: { code: made.code }, json: { disabled: true } }), 200)
    expect(await refreshLink(env, configOf(env), stale!, { kind: 'system', name: 'a crawler' })).toMatchObject({
      disabled: true,
      title: 'Raced',
    })
    expect((await adminApi.links[':code'].$delete({ param: { code: made.code } })).status).toBe(204)
    await expect(refreshLink(env, configOf(env), stale!, { kind: 'system', name: 'a crawler' })).rejects.toMatchObject({
      code: 'not_found',
    })
    await kvCopiesWritten(made.code)
    expect(await env.LINKS.get(`link:${made.code}`, 'json')).toMatchObject({ deletedAt: expect.any(String) })
    expect((await call(`/${made.code}`, { headers: BROWSER, redirect: 'manual' })).status).toBe(410)
  })

  it('a refresh while the article is down keeps the card the link has', async () => {
    let up = true
    stubOrigin({
      'https://news.test/flaps': () =>
        up ? new Response('<title>Good card</title>', { headers: { 'Content-Type': 'text/html' } }) : new Response('down', { status: 503 }),
    })
    const { code } = await ok(adminApi.links.$post({ json: { url: 'https://news.test/flaps' } }), 201)
    up = false
    expect(await ok(adminApi.links[':code'].refresh.$post({ param: { code } }), 200)).toMatchObject({ title: 'Good card' })
  })
})
