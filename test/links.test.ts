/** The admin API: create, list, read, update, delete and refresh links, behind Bearer keys. */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { configOf } from '../src/config'
import { refreshLink } from '../src/links/admin'
import type { LinkRecord } from '../src/links/schema'
import kim from './fixtures/internewscast-kim-jong-un.html?raw'
import { admin, advanceClock, BROWSER, call, FACEBOOK_UA, htmlPage, KEY, kvCopiesWritten, OLD_KEY, stubOrigin } from './helpers'

const KIM = 'https://internewscast.com/news/kim-jong-un-acknowledges-deaths-of-100-north-korean-soldiers/'

type LinkBody = {
  code: string
  title: string
  description: string
  image: string | null
  expiresAt: string | null
  disabled: boolean
  url: string
  channel: string | null
}

describe('keys', () => {
  it('refuses missing and wrong keys, and accepts every key of a rotation', async () => {
    const none = await call('/api/links')
    expect(none.status).toBe(401)
    expect(none.headers.get('WWW-Authenticate')).toContain('Bearer')
    expect(await none.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } })
    expect((await call('/api/links', { headers: { Authorization: 'Bearer test-ke' } })).status).toBe(401)
    expect((await call('/api/links', { headers: { Authorization: `Bearer ${KEY}-extra` } })).status).toBe(401)
    expect((await call('/api/links', { headers: { Authorization: 'Basic dGVzdC1rZXk=' } })).status).toBe(401)
    expect((await call('/api/links', { headers: { Authorization: `Bearer ${OLD_KEY}` } })).status).toBe(200)
    expect((await call('/api/links', { headers: { Authorization: `bearer ${KEY}` } })).status).toBe(200)
  })
})

describe('create', () => {
  it('makes a random code, with caller metadata overriding the article', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    const res = await admin('/api/links', { method: 'POST', body: { url: KIM, title: 'Our own title', channel: 'email' } })
    expect(res.status).toBe(201)
    const link = await res.json<LinkBody>()
    expect(link.code).toMatch(/^[0-9A-Za-z]{7}$/)
    expect(link).toMatchObject({ title: 'Our own title', channel: 'email', siteName: 'Internewscast Journal' })
    expect(link.description).toContain('During a ceremony')
  })

  it('takes a custom slug once; a taken or reserved slug is 409', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    const made = await admin('/api/links', { method: 'POST', body: { url: KIM, slug: 'kim-2025' } })
    expect(made.status).toBe(201)
    expect((await made.json<LinkBody>()).code).toBe('kim-2025')
    const taken = await admin('/api/links', { method: 'POST', body: { url: KIM, slug: 'kim-2025' } })
    expect(taken.status).toBe(409)
    expect((await taken.json<{ error: { code: string } }>()).error.code).toBe('slug_taken')
    for (const slug of ['api', 'share', 'embed.js', 'docs', 'Dashboard', 'healthz', 'robots.txt']) {
      const res = await admin('/api/links', { method: 'POST', body: { url: KIM, slug } })
      expect([slug, res.status]).toEqual([slug, slug.includes('.') ? 400 : 409])
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
    for (const [body, status, code] of cases) {
      const res = await admin('/api/links', { method: 'POST', body })
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
      const res = await admin('/api/links', { method: 'POST', body: { url: 'https://news.test/list', slug: `list-${i}` } })
      made.push((await res.json<LinkBody>()).code)
      await new Promise((r) => setTimeout(r, 3))
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await admin(`/api/links?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      expect(res.status).toBe(200)
      const page = await res.json<{ links: LinkBody[]; cursor: string | null }>()
      expect(page.links.length).toBeLessThanOrEqual(2)
      seen.push(...page.links.map((l) => l.code))
      cursor = page.cursor
    } while (cursor)
    const ours = seen.filter((c) => c.startsWith('list-'))
    expect(ours).toEqual([...made].reverse())
    expect((await admin('/api/links?limit=0')).status).toBe(400)
    expect((await admin('/api/links?limit=101')).status).toBe(400)
  })

  it('finds links by a title, URL or code that contains the query, with their figures, in one call', async () => {
    stubOrigin({
      'https://news.test/search/storm-warning': htmlPage('<title>Storm warning for the coast</title>'),
      'https://news.test/search/budget': htmlPage('<title>Budget: 100% explained</title>'),
    })
    await admin('/api/links', { method: 'POST', body: { url: 'https://news.test/search/storm-warning', slug: 'storm-1' } })
    await admin('/api/links', { method: 'POST', body: { url: 'https://news.test/search/budget', slug: 'budget-1' } })
    const find = async (q: string) =>
      (await (await admin(`/api/links?q=${encodeURIComponent(q)}`)).json<{ links: { code: string; clicks: number }[] }>()).links.map(
        (l) => l.code,
      )
    expect(await find('STORM WARNING')).toEqual(['storm-1'])
    expect(await find('search/budget')).toEqual(['budget-1'])
    expect(await find('budget-1')).toEqual(['budget-1'])
    // LIKE's wildcards are taken literally.
    expect(await find('100%')).toEqual(['budget-1'])
    expect(await find('%')).toEqual(['budget-1'])
    expect(await find('_')).toEqual([])
    // Every link of one article, by any address of it.
    const storm = encodeURIComponent('https://news.test/search/storm-warning?utm_source=x')
    expect((await (await admin(`/api/links?url=${storm}`)).json<{ links: { code: string }[] }>()).links.map((l) => l.code)).toEqual([
      'storm-1',
    ])
    const page = await (await admin('/api/links?q=storm')).json<{ links: Record<string, unknown>[] }>()
    expect(page.links[0]).toMatchObject({ code: 'storm-1', clicks: 0, repeats: 0, previews: 0, title: 'Storm warning for the coast' })
  })

  it('searches with any query up to 200 characters, though D1 takes LIKE patterns of 50 bytes', async () => {
    const title = `${'Ein sehr langer Titel über die Haushaltsdebatte im Bundestag, '.repeat(3)}Schluss`
    stubOrigin({ 'https://news.test/long-title': htmlPage(`<title>${title}</title>`) })
    const { code } = await (await admin('/api/links', { method: 'POST', body: { url: 'https://news.test/long-title' } })).json<LinkBody>()
    const search = async (q: string) => {
      const res = await admin(`/api/links?q=${encodeURIComponent(q)}`)
      expect(res.status, await res.clone().text()).toBe(200)
      return (await res.json<{ links: LinkBody[] }>()).links.map((l) => l.code)
    }
    // 70 bytes of the title, as typed (case aside), with LIKE's own wildcards taken literally.
    expect(await search(title.slice(10, 70).toUpperCase())).toEqual([code])
    expect(await search(title.slice(0, 200))).toEqual([code])
    expect(await search('%'.repeat(200))).toEqual([])
    expect(await search(`${title.slice(0, 60)}_`)).toEqual([])
  })

  it('a cursor the API did not issue is a 400, not a 503', async () => {
    const res = await admin('/api/links?cursor=not-a-cursor')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: { code: 'invalid_request', message: 'cursor is not one this API returned' } })
  })

  it('reads one link, and 404s an unknown one', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    const { code } = await (await admin('/api/links', { method: 'POST', body: { url: KIM } })).json<LinkBody>()
    const res = await admin(`/api/links/${code}`)
    expect(res.status).toBe(200)
    expect((await res.json<LinkBody>()).url).toBe(KIM)
    const missing = await admin('/api/links/nope123')
    expect(missing.status).toBe(404)
    expect((await missing.json<{ error: { code: string } }>()).error.code).toBe('not_found')
  })

  it('updates metadata, expiry and disabled; the preview follows at once', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    const { code } = await (await admin('/api/links', { method: 'POST', body: { url: KIM } })).json<LinkBody>()
    // Cache the preview first, so the update must replace a cached page.
    expect(await (await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })).text()).toContain('Kim Jong Un')
    const patched = await admin(`/api/links/${code}`, { method: 'PATCH', body: { title: 'Edited <title>', image: null } })
    expect(patched.status).toBe(200)
    expect(await patched.json()).toMatchObject({ title: 'Edited <title>', image: null })
    const preview = await (await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })).text()
    expect(preview).toContain('<meta property="og:title" content="Edited &lt;title&gt;">')
    expect(preview).toContain('<meta name="twitter:card" content="summary">')

    const disabled = await admin(`/api/links/${code}`, { method: 'PATCH', body: { disabled: true } })
    expect(await disabled.json()).toMatchObject({ disabled: true })
    expect((await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })).status).toBe(410)
    expect((await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })).status).toBe(410)
    await admin(`/api/links/${code}`, { method: 'PATCH', body: { disabled: false } })
    expect((await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })).status).toBe(302)

    const bad = await admin(`/api/links/${code}`, { method: 'PATCH', body: { disabled: 'yes' } })
    expect(bad.status).toBe(400)
    expect((await admin('/api/links/nope123', { method: 'PATCH', body: { disabled: true } })).status).toBe(404)
  })

  it('answers 410 once expiresAt has passed, though KV still holds the record', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    const soon = new Date(Date.now() + 1500).toISOString()
    const res = await admin('/api/links', { method: 'POST', body: { url: KIM, expiresAt: soon } })
    expect(res.status).toBe(201)
    const { code } = await res.json<LinkBody>()
    expect((await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })).status).toBe(302)
    await new Promise((r) => setTimeout(r, 1600))
    const gone = await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })
    expect(gone.status).toBe(410)
    expect(gone.headers.get('Content-Type')).toContain('text/html')
    expect(await gone.text()).toContain('expired')
  })

  it('changing expiresAt changes how long KV keeps the link’s copy', async () => {
    stubOrigin({ 'https://news.test/expiry-index': htmlPage('<title>Expiry</title>') })
    const later = new Date(Date.now() + 3600_000).toISOString()
    const { code } = await (
      await admin('/api/links', { method: 'POST', body: { url: 'https://news.test/expiry-index', expiresAt: later } })
    ).json<LinkBody>()
    const copy = async () => (await env.LINKS.list({ prefix: `link:${code}` })).keys.find((k) => k.name === `link:${code}`)
    // Purged 90 days after it ends, not before.
    expect((await copy())?.expiration).toBe(Math.floor(Date.parse(later) / 1000) + 90 * 24 * 3600)
    await admin(`/api/links/${code}`, { method: 'PATCH', body: { expiresAt: null } })
    await kvCopiesWritten(code)
    expect((await copy())?.expiration).toBeUndefined()
  })

  it('deletes: 204, then the short link answers 410 and the API 404', async () => {
    stubOrigin({ [KIM]: htmlPage(kim) })
    const { code } = await (await admin('/api/links', { method: 'POST', body: { url: KIM } })).json<LinkBody>()
    expect((await admin(`/api/links/${code}`, { method: 'DELETE' })).status).toBe(204)
    expect((await call(`/${code}`, { headers: BROWSER, redirect: 'manual' })).status).toBe(410)
    expect((await admin(`/api/links/${code}`)).status).toBe(404)
    expect((await admin(`/api/links/${code}`, { method: 'DELETE' })).status).toBe(404)
    const list = await (await admin('/api/links?limit=100')).json<{ links: LinkBody[] }>()
    expect(list.links.map((l) => l.code)).not.toContain(code)
  })

  it('a deleted share link is replaced by a new one on the next share', async () => {
    stubOrigin({ 'https://news.test/replace': htmlPage('<title>Replace</title>') })
    const first = await call('/api/share', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: 'https://news.test/replace', channel: 'x' }),
    })
    const { code } = await first.json<LinkBody>()
    await admin(`/api/links/${code}`, { method: 'DELETE' })
    const second = await call('/api/share', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: 'https://news.test/replace', channel: 'x' }),
    })
    expect(second.status).toBe(201)
    expect((await second.json<LinkBody>()).code).not.toBe(code)
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
    const { code } = await (
      await admin('/api/links', { method: 'POST', body: { url: 'https://news.test/live', description: 'Ours' } })
    ).json<LinkBody>()
    version = 2
    const res = await admin(`/api/links/${code}/refresh`, { method: 'POST' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ title: 'Live v2', description: 'Ours' })
    await kvCopiesWritten(code)
    expect(await env.LINKS.get(`link:${code}`, 'json')).toMatchObject({ title: 'Live v2', unfurledAt: expect.any(String) })
  })

  it('a link made while the article was down is completed on the next crawl', async () => {
    let up = false
    stubOrigin({
      'https://news.test/flaky': () =>
        up ? new Response('<title>Back up</title>', { headers: { 'Content-Type': 'text/html' } }) : new Response('down', { status: 503 }),
    })
    const { code } = await (await admin('/api/links', { method: 'POST', body: { url: 'https://news.test/flaky' } })).json<LinkBody>()
    expect(await env.LINKS.get(`link:${code}`, 'json')).toMatchObject({ title: 'news.test/flaky', unfurledAt: null })
    up = true
    // A minute on, a crawler comes: the failed read is old enough to try again.
    advanceClock(61_000)
    const preview = await call(`/${code}`, { headers: { 'User-Agent': FACEBOOK_UA } })
    expect(await preview.text()).toContain('<meta property="og:title" content="Back up">')
    expect(await env.LINKS.get(`link:${code}`, 'json')).toMatchObject({ title: 'Back up', unfurledAt: expect.any(String) })
  })

  it('404s for an unknown code', async () => {
    expect((await admin('/api/links/nope123/refresh', { method: 'POST' })).status).toBe(404)
  })

  it('a refresh racing a delete or an edit never undoes it', async () => {
    stubOrigin({ 'https://news.test/race-refresh': htmlPage('<title>Raced</title>') })
    const made = await (await admin('/api/links', { method: 'POST', body: { url: 'https://news.test/race-refresh' } })).json<LinkBody>()
    // A crawler's isolate still holds the record as it was before these edits.
    const stale = await env.LINKS.get<LinkRecord>(`link:${made.code}`, 'json')
    await admin(`/api/links/${made.code}`, { method: 'PATCH', body: { disabled: true } })
    expect(await refreshLink(env, configOf(env), stale!, { kind: 'system', name: 'a crawler' })).toMatchObject({
      disabled: true,
      title: 'Raced',
    })
    await admin(`/api/links/${made.code}`, { method: 'DELETE' })
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
    const { code } = await (await admin('/api/links', { method: 'POST', body: { url: 'https://news.test/flaps' } })).json<LinkBody>()
    up = false
    const res = await admin(`/api/links/${code}/refresh`, { method: 'POST' })
    expect(await res.json()).toMatchObject({ title: 'Good card' })
  })
})
