import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { ClickCounter } from '../src/clicks/counter'
import { savePending } from '../src/clicks/kv'
import type { Batch } from '../src/clicks/types'
import { ownerOf } from '../src/links/owner'
import { click, clicks, counterFor, flush, makeLinks, runScheduled, send, stats } from './clicks'
import { adminApi, advanceClock, anError, api, BROWSER_UA, call, FACEBOOK_UA, htmlPage, ok, refused, site, stubOrigin } from './helpers'

/**
 * Holds the batches clicks gather in: the Worker's own wait for company (`scheduler.wait` in
 * src/clicks/send.ts) ends when the test releases it, not after 20 or 200 ms of a busy machine's
 * time. `waits` is what each batch asked to wait, in order.
 */
function holdBatches(): { waits: number[]; release(): void } {
  const waits: number[] = []
  const held: (() => void)[] = []
  vi.spyOn(scheduler, 'wait').mockImplementation((ms) => {
    waits.push(ms)
    return new Promise<void>((resolve) => held.push(resolve))
  })
  const release = () => {
    for (const resolve of held.splice(0)) resolve()
  }
  // Whatever the test's outcome, nothing stays held: later clicks wait for earlier ones (test/clicks.ts).
  onTestFinished(release)
  return { waits, release }
}

describe('exact counts under concurrency', () => {
  it('2,000 concurrent clicks on one link and 100 on each of 20 others, mixed with bots and prefetches', async () => {
    const [hot, ...others] = await makeLinks(21, 'load')
    const kvPut = vi.spyOn(Object.getPrototypeOf(env.LINKS), 'put')

    const requests: Promise<Response>[] = []
    for (let i = 0; i < 2000; i++) requests.push(click(hot!))
    for (const code of others) for (let i = 0; i < 100; i++) requests.push(click(code))
    // Noise that must not count as clicks: crawlers (previews), prefetches and HEAD (neither).
    for (let i = 0; i < 150; i++) requests.push(click(hot!, { ua: FACEBOOK_UA }))
    for (let i = 0; i < 100; i++) requests.push(click(hot!, { headers: { 'Sec-Purpose': 'prefetch' } }))
    for (let i = 0; i < 50; i++) requests.push(click(hot!, { headers: { Purpose: 'prefetch' } }))
    for (let i = 0; i < 100; i++) requests.push(click(others[0]!, { method: 'HEAD' }))
    for (const code of others) requests.push(click(code, { ua: 'Twitterbot/1.0' }))
    // Each resolves once its hit is in the counter (test/clicks.ts): when all have, the counts are final.
    const responses = await Promise.all(requests)
    const statuses = new Map<number, number>()
    for (const r of responses) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
    expect(Object.fromEntries(statuses)).toEqual({ 302: 2000 + 2000 + 150 + 100, 200: 150 + 20 })

    // Exact, from the counters: nothing lost, nothing twice.
    const freshHot = await stats(hot!, true)
    expect(freshHot).toMatchObject({
      clicks: 2000,
      repeats: 0,
      previews: 150,
      byChannel: { x: 2000 },
      byCountry: { US: 2000 },
      byReferrer: { direct: 2000 },
      byPlatform: { facebook: 150 },
    })
    expect(Object.values(freshHot.byDay).reduce((a, b) => a + b, 0)).toBe(2000)
    for (const code of others) expect(await stats(code, true)).toMatchObject({ clicks: 100, previews: 1, byPlatform: { x: 1 } })

    // The figures travel to D1 on each counter's flush, and never through KV: not while counting, not when flushing.
    const alarms = await flush([hot!, ...others])
    expect(alarms).toBe(21)
    expect(kvPut.mock.calls.map(([k]) => String(k)).filter((k) => !k.startsWith('link:'))).toEqual([])
    const flushed = await env.ANALYTICS.prepare(
      `SELECT COUNT(DISTINCT link) AS links, SUM(clicks) AS clicks FROM link_days WHERE link IN (SELECT value FROM json_each(?))`,
    )
      .bind(JSON.stringify(await Promise.all([hot!, ...others].map(async (code) => (await ownerOf(env, code).get())!.id))))
      .first()
    expect(flushed).toEqual({ links: 21, clicks: 4000 })

    // The same figures, now from D1.
    expect(await stats(hot!, false)).toEqual(freshHot)
    for (const code of others) expect(await stats(code, false)).toMatchObject({ clicks: 100, previews: 1 })
    // A second flush with nothing new is not even scheduled.
    expect(await flush([hot!, ...others])).toBe(0)
  }, 120_000)

  it('a link clicked steadily in one isolate costs its counter a call per 200 ms, not one per click', async () => {
    const [code] = await makeLinks(1, 'steady')
    const counter = await counterFor(code!)
    const before = await counter.reading()
    // The clock stands still until the test moves it: whether the link is busy ("sent a batch
    // within the last second") is the test's to say, not a busy machine's.
    advanceClock(0)
    const batches = holdBatches()
    // A lone click: its batch waits 20 ms for company.
    const first = send(code!)
    expect((await first.response).status).toBe(302)
    expect(batches.waits).toEqual([20])
    batches.release()
    await first.counted
    // The link is busy now: its next batch stays open 200 ms, and 40 readers who click meanwhile all go in it.
    const steady = Array.from({ length: 40 }, () => send(code!))
    for (const sent of steady) expect((await sent.response).status).toBe(302)
    expect(batches.waits).toEqual([20, 200])
    batches.release()
    await Promise.all(steady.map((sent) => sent.counted))
    // A second on, the link is quiet again: a lone click goes after 20 ms.
    advanceClock(1_000)
    const later = send(code!)
    expect((await later.response).status).toBe(302)
    expect(batches.waits).toEqual([20, 200, 20])
    batches.release()
    await later.counted
    // 42 clicks, three calls to the counter, each a batch.
    const after = await counter.reading()
    expect([after.hits - before.hits, after.requests - before.requests, after.batches - before.batches]).toEqual([42, 3, 3])
    expect((await stats(code!, true)).clicks).toBe(42)
  })
})

describe('what counts as what', () => {
  it('counts clicks by day, channel, country and referrer; bots as previews by platform only', async () => {
    const [code] = await makeLinks(1, 'dims', 'linkedin')
    await Promise.all([
      click(code!, { country: 'DE', headers: { Referer: 'https://www.linkedin.com/feed/update/123?x=1' } }),
      click(code!, { country: 'DE', headers: { Referer: 'https://t.co/abc' } }),
      click(code!, { country: 'FR' }),
      click(code!, { ua: 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)' }),
      click(code!, { method: 'HEAD', ua: FACEBOOK_UA }),
    ])
    const today = new Date().toISOString().slice(0, 10)
    expect(await stats(code!, true)).toEqual({
      code,
      clicks: 3,
      repeats: 0,
      previews: 1,
      byDay: { [today]: 3 },
      byChannel: { linkedin: 3 },
      byCountry: { DE: 2, FR: 1 },
      // Platforms count under one name however many hostnames they send readers from.
      byReferrer: { 'linkedin.com': 1, 'x.com': 1, direct: 1 },
      byPlatform: { linkedin: 1 },
      shares: 0,
      crawls: 0,
      bySearchEngine: {},
    })
  })

  it('keeps a deleted link’s history readable', async () => {
    const [code] = await makeLinks(1, 'deleted')
    await clicks(code!, 2)
    await flush([code!])
    expect((await adminApi.links[':code'].$delete({ param: { code: code! } })).status).toBe(204)
    expect(await stats(code!, false)).toMatchObject({ clicks: 2 })
    expect(await stats(code!, true)).toMatchObject({ clicks: 2 })
    // A deleted link's short link answers 410 and counts nothing more.
    expect((await click(code!)).status).toBe(410)
    expect(await refused(adminApi.links[':code'].stats.$get({ param: { code: 'nope123' }, query: {} }), 404)).toEqual(anError('not_found'))
  })
})

describe('public counts', () => {
  it('sums an article’s channels as last flushed, for share buttons', async () => {
    const url = 'https://news.test/public-counts'
    stubOrigin({ [url]: htmlPage('<title>Counted</title>') })
    const codes: Record<string, string> = {}
    for (const channel of ['x', 'facebook', 'email'] as const) {
      codes[channel] = (await ok(api.share.$post({ json: { url, channel } }), 201)).code
    }
    vi.restoreAllMocks()
    await Promise.all([clicks(codes.x!, 3), clicks(codes.facebook!, 2), click(codes.email!, { ua: FACEBOOK_UA })])
    await flush(Object.values(codes))

    // As a share button on the article's page asks: from its origin, by any address of the article.
    const res = await api.counts.$get({ query: { url: `${url}?utm_source=x#top` } }, { headers: { Origin: 'https://news.test' } })
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=30')
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://news.test')
    expect(await ok(res, 200)).toEqual({ url, clicks: 5, byChannel: { x: 3, facebook: 2 } })

    expect(await refused(api.counts.$get({ query: { url: 'https://evil.example/' } }), 403)).toEqual(anError('host_not_allowed'))
    // Raw: without the url the route requires.
    const noUrl = await call('/api/counts')
    expect([noUrl.status, await noUrl.json()]).toEqual([400, anError('invalid_url', 'url: expected string')])
  })
})

describe('when the counter fails', () => {
  it('keeps redirecting at once, keeps the hits in KV, and merges them exactly once it recovers', async () => {
    const [code] = await makeLinks(1, 'fault')
    await click(code!)

    // The counter goes down.
    const down = vi.spyOn(ClickCounter.prototype, 'record').mockRejectedValue(new Error('counter unavailable'))
    // Once a click resolves, its batch has been tried twice and kept in KV.
    const during = await clicks(code!, 250)
    expect(during.every((r) => r.status === 302)).toBe(true)
    const pending = await env.LINKS.list({ prefix: 'pending:' })
    expect(down).toHaveBeenCalled()
    expect(pending.keys.length).toBeGreaterThan(0)
    // What waits in KV names readers by their hashes only, never by address or browser.
    const kept = await env.LINKS.get(pending.keys[0]!.name)
    expect(kept).not.toMatch(/198\.51\.|"who"|Mozilla/)
    expect(kept).toMatch(/"reader":"[\w-]{11}","client":"[\w-]{11}"/)

    // A minute on, a merge while it is still down keeps everything for later.
    advanceClock(60_000)
    await runScheduled()
    expect((await env.LINKS.list({ prefix: 'pending:' })).keys.length).toBe(pending.keys.length)

    // It recovers; the minutely merge replays the kept batches.
    down.mockRestore()
    await runScheduled()
    expect((await env.LINKS.list({ prefix: 'pending:' })).keys).toEqual([])
    expect((await stats(code!, true)).clicks).toBe(251)
    // Merging again changes nothing.
    await runScheduled()
    expect((await stats(code!, true)).clicks).toBe(251)
  })

  it('a batch the counter took but whose answer was lost is not counted twice', async () => {
    const [code] = await makeLinks(1, 'lost-answer')
    const original = ClickCounter.prototype.record
    const lossy = vi.spyOn(ClickCounter.prototype, 'record').mockImplementation(async function (this: ClickCounter, batch) {
      await original.call(this, batch)
      throw new Error('connection reset after the write')
    })
    // Once they resolve, the failed-answer path (a retry with the same seq, then KV) has stored its copies.
    await clicks(code!, 40)
    expect((await stats(code!, true)).clicks).toBe(40)
    expect((await env.LINKS.list({ prefix: 'pending:' })).keys.length).toBeGreaterThan(0)
    lossy.mockRestore()
    // The minutely merge, a minute on.
    advanceClock(60_000)
    await runScheduled()
    expect((await env.LINKS.list({ prefix: 'pending:' })).keys).toEqual([])
    expect((await stats(code!, true)).clicks).toBe(40)
    // Clicks after the failure travel under a new sender and count as usual.
    await click(code!)
    expect((await stats(code!, true)).clicks).toBe(41)
  })

  it('a backlog of 1,200 kept batches is merged over a few minutely runs, each within one invocation’s limits', async () => {
    const [code] = await makeLinks(1, 'backlog')
    const link = await ownerOf(env, code!).get()
    // As isolates leave them while the counter is down: a batch each, from many senders.
    const now = Date.now()
    for (let i = 0; i < 1200; i++) {
      const batch: Batch = {
        sender: `backlog-${i}`,
        seq: 1,
        link: { id: link!.id, code: code!, article: link!.article, channel: link!.channel },
        hits: [{ t: now, kind: 'click', country: 'US', referrer: 'direct', reader: `reader-${i}` }],
      }
      await savePending(env.LINKS, batch)
    }
    advanceClock(60_000)
    let runs = 0
    while ((await env.LINKS.list({ prefix: 'pending:', limit: 1 })).keys.length && runs < 5) {
      await runScheduled()
      runs++
    }
    expect((await env.LINKS.list({ prefix: 'pending:' })).keys).toEqual([])
    expect(runs).toBeGreaterThan(1)
    expect((await stats(code!, true)).clicks).toBe(1200)
  }, 60_000)
})

describe('shares', () => {
  it('a press of a share button counts once per reader, whether it made the link or found it, by POST or GET', async () => {
    const url = 'https://news.test/shared-often'
    stubOrigin({ [url]: htmlPage('<title>Shared</title>') })
    const reader = (n: number) => ({ 'CF-Connecting-IP': `203.0.113.${n}`, 'User-Agent': BROWSER_UA })
    const share = (n: number) => api.share.$post({ json: { url, channel: 'x' } }, { headers: reader(n) })
    // The first press makes the link; the same reader again is the same share; another reader's is another.
    const { code } = await ok(share(1), 201)
    await ok(share(1), 200)
    await ok(share(2), 200)
    // Script-free buttons: GET /share/:channel, pressed on the article's page.
    const pressed = (channel: 'x' | 'email', n: number) =>
      site.share[':channel'].$get(
        { param: { channel }, query: { url } },
        { headers: { ...reader(n), Referer: url, 'Sec-Fetch-Site': 'cross-site' } },
      )
    await pressed('x', 3)
    // On a channel without a link yet: the press makes it, and is its first share.
    await pressed('email', 3)
    // A reader who shared, then clicks: a click like any other (a share does not fold it).
    await click(code, { ip: '203.0.113.1' })
    const links = (await ok(adminApi.links.$get({ query: { url } }), 200)).links
    await flush(links.map((l) => l.code))
    expect(await stats(code, true)).toMatchObject({ shares: 3, clicks: 1 })
    const channels = await ok(adminApi.analytics.$get({ query: { groupBy: 'channels', url } }), 200)
    expect(channels.rows).toEqual([
      { channel: 'x', clicks: 1, previews: 0, shares: 3 },
      { channel: 'email', clicks: 0, previews: 0, shares: 1 },
    ])
    expect(channels.totals).toMatchObject({ clicks: 1, shares: 4 })
  })
})

describe('the time just past', () => {
  it('a click is in last=15m once its counter flushes, which is at most FLUSH_SECONDS after it', async () => {
    const [code] = await makeLinks(1, 'just-now')
    const url = 'https://news.test/just-now/0'
    // The clock stands a minute into a five-minute step: the click and the reading share it.
    advanceClock(300_000 - (Date.now() % 300_000) + 60_000)
    await click(code!)
    const counter = await counterFor(code!)
    const alarm = await runInDurableObject(counter, (_, state) => state.storage.getAlarm())
    expect(alarm).toBeLessThanOrEqual(Date.now() + Number(env.FLUSH_SECONDS) * 1000)
    const now = () => ok(adminApi.analytics.overview.$get({ query: { last: '15m', url } }), 200)
    expect((await now()).totals.clicks).toBe(0)
    await runDurableObjectAlarm(counter)
    const overview = await now()
    expect(overview.totals.clicks).toBe(1)
    expect(overview.articles).toEqual([expect.objectContaining({ url, clicks: 1, spark: expect.any(Array) })])
    // The sparkline: three hours in five minutes, the click in the last of them.
    const spark = (overview.articles[0] as { spark: number[] }).spark
    expect([spark.length, spark.at(-1), spark.reduce((a, b) => a + b, 0)]).toEqual([36, 1, 1])
  })
})
