/**
 * Analytics over a period (GET /api/analytics): the D1 rollups the counters flush equal the
 * counters' exact figures, for every groupBy, for one day and across days; CSV says what JSON
 * says; a flush that fails in D1 is retried and ends exact, and a repeated flush doubles nothing.
 */
import { env } from 'cloudflare:workers'
import type { InferRequestType } from 'hono/client'
import { describe, expect, it, vi } from 'vitest'
import { click, clicks, flush, stats } from './clicks'
import { AS_ADMIN, adminApi, anError, api, call, FACEBOOK_UA, htmlPage, ok, refused, stubOrigin } from './helpers'

const DAY = 86_400_000
const today = new Date().toISOString().slice(0, 10)
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10)

type Query = InferRequestType<typeof adminApi.analytics.$get>['query']

/** The JSON report for `query`. */
const analytics = (query: Query) => ok(adminApi.analytics.$get({ query }), 200)

/** A row's `key` and `measure`, as a map: the form of the counters' own breakdowns. */
const asMap = (rows: Record<string, unknown>[], key: string, measure: string) => Object.fromEntries(rows.map((r) => [r[key], r[measure]]))

/** Clicks and crawls as if `daysBack` days ago (the Worker and the counter read the same clock). */
async function at<T>(daysBack: number, run: () => Promise<T>): Promise<T> {
  if (!daysBack) return run()
  const now = Date.now()
  const spy = vi.spyOn(Date, 'now').mockReturnValue(now - daysBack * DAY)
  try {
    return await run()
  } finally {
    spy.mockRestore()
  }
}

const PLATFORM_UA = {
  whatsapp: 'WhatsApp/2.23.20.0 A',
  slack: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  facebook: FACEBOOK_UA,
  apple:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
}

describe('GET /api/analytics', () => {
  // Nine links, three days of clicks each waiting out its batch, nine flushes and a dozen reports:
  // more than vitest's default 5 s on a busy machine.
  it('equals the counters’ exact figures for every groupBy, for one day and across days', { timeout: 30_000 }, async () => {
    const articles = ['https://news.test/a/storm', 'https://news.test/a/budget', 'https://news.test/a/match']
    // Each page's card names its section and author (the third, no author).
    const about = [
      ['World', 'Ana Ruiz'],
      ['Politics', 'Ben Ode'],
      ['World', null],
    ] as const
    stubOrigin(
      Object.fromEntries(
        articles.map((u, i) => {
          const [section, author] = about[i]!
          const byline = author ? `<meta property="article:author" content="${author}">` : ''
          return [u, htmlPage(`<title>Story ${i}</title><meta property="article:section" content="${section}">${byline}`)]
        }),
      ),
    )
    const codes: Record<string, string> = {}
    for (const url of articles) {
      for (const channel of ['x', 'facebook', 'whatsapp'] as const) {
        // With the admin key: nine new links from one client in a row would meet the rate limit.
        codes[`${url} ${channel}`] = (await ok(adminApi.share.$post({ json: { url, channel } }), 201)).code
      }
    }
    vi.restoreAllMocks()
    // Three days: today, yesterday and four days ago; a different mix on each.
    const plan: [number, string, string, number, { country?: string; referer?: string }][] = [
      [0, articles[0]!, 'x', 5, { country: 'DE', referer: 'https://t.co/x' }],
      [0, articles[0]!, 'facebook', 3, { country: 'FR', referer: 'https://m.facebook.com/' }],
      [0, articles[1]!, 'whatsapp', 2, {}],
      [1, articles[0]!, 'x', 4, { country: 'US' }],
      [1, articles[2]!, 'facebook', 6, { country: 'GB', referer: 'https://www.reddit.com/r/news' }],
      [4, articles[1]!, 'x', 7, { country: 'DE' }],
    ]
    let sent = 0
    const expected: Record<string, number> = {}
    for (const [back, url, channel, n, opts] of plan) {
      await at(back, async () => {
        const code = codes[`${url} ${channel}`]!
        expected[code] = (expected[code] ?? 0) + n
        await clicks(code, n, { country: opts.country, headers: opts.referer ? { Referer: opts.referer } : {} })
        // Noise that counts as neither: a prefetch and a HEAD.
        await click(code, { headers: { 'Sec-Purpose': 'prefetch' } })
        await click(code, { method: 'HEAD' })
        sent += n
      })
    }
    // Crawlers, by platform, today and yesterday.
    await Promise.all([
      click(codes[`${articles[0]} whatsapp`]!, { ua: PLATFORM_UA.whatsapp }),
      click(codes[`${articles[0]} x`]!, { ua: PLATFORM_UA.slack }),
      click(codes[`${articles[1]} x`]!, { ua: PLATFORM_UA.apple }),
    ])
    await at(1, () => click(codes[`${articles[2]} facebook`]!, { ua: PLATFORM_UA.facebook }))
    // A search engine's crawl: counted, but not as a card.
    await click(codes[`${articles[0]} x`]!, { ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' })
    const exact = Object.fromEntries(
      await Promise.all(Object.entries(codes).map(async ([k, code]) => [k, await stats(code, true)] as const)),
    )
    expect(Object.values(exact).reduce((n, s) => n + s.clicks, 0)).toBe(sent)
    await flush(Object.values(codes))

    // A range over all three days.
    const range = { start: daysAgo(4), end: today }
    const byArticle = await analytics({ groupBy: 'articles', ...range })
    // Each link was made by a press of a share button: a share each, today.
    expect(byArticle.totals).toEqual({ clicks: sent, previews: 4, shares: 9, crawls: 1 })
    expect(byArticle.rows).toEqual([
      {
        url: articles[0],
        title: 'Story 0',
        section: 'World',
        author: 'Ana Ruiz',
        clicks: 12,
        previews: 2,
        shares: 3,
        byChannel: { x: 9, facebook: 3 },
      },
      {
        url: articles[1],
        title: 'Story 1',
        section: 'Politics',
        author: 'Ben Ode',
        clicks: 9,
        previews: 1,
        shares: 3,
        byChannel: { x: 7, whatsapp: 2 },
      },
      { url: articles[2], title: 'Story 2', section: 'World', author: null, clicks: 6, previews: 1, shares: 3, byChannel: { facebook: 6 } },
    ])
    expect((await analytics({ groupBy: 'channels', ...range })).rows).toEqual([
      { channel: 'x', clicks: 16, previews: 2, shares: 3 },
      { channel: 'facebook', clicks: 9, previews: 1, shares: 3 },
      { channel: 'whatsapp', clicks: 2, previews: 1, shares: 3 },
    ])
    expect((await analytics({ groupBy: 'sections', ...range })).rows).toEqual([
      { section: 'World', clicks: 18, previews: 3, shares: 6 },
      { section: 'Politics', clicks: 9, previews: 1, shares: 3 },
    ])
    expect((await analytics({ groupBy: 'authors', ...range })).rows).toEqual([
      { author: 'Ana Ruiz', clicks: 12, previews: 2, shares: 3 },
      { author: 'Ben Ode', clicks: 9, previews: 1, shares: 3 },
      { author: null, clicks: 6, previews: 1, shares: 3 },
    ])
    expect(asMap((await analytics({ groupBy: 'articles', ...range, section: 'World', author: 'Ana Ruiz' })).rows, 'url', 'clicks')).toEqual(
      {
        [articles[0]!]: 12,
      },
    )
    const days = [
      { day: daysAgo(4), clicks: 7, previews: 0, shares: 0, byChannel: { x: 7 } },
      { day: daysAgo(3), clicks: 0, previews: 0, shares: 0, byChannel: {} },
      { day: daysAgo(2), clicks: 0, previews: 0, shares: 0, byChannel: {} },
      { day: daysAgo(1), clicks: 10, previews: 1, shares: 0, byChannel: { x: 4, facebook: 6 } },
      { day: today, clicks: 10, previews: 3, shares: 9, byChannel: { x: 5, facebook: 3, whatsapp: 2 } },
    ]
    expect((await analytics({ groupBy: 'timeseries', ...range })).rows).toEqual(days)
    // The dimensions equal the counters' own breakdowns, summed over the links.
    const summed = (key: 'byCountry' | 'byReferrer' | 'byPlatform') => {
      const out: Record<string, number> = {}
      for (const s of Object.values(exact)) for (const [k, n] of Object.entries(s[key])) out[k] = (out[k] ?? 0) + n
      return out
    }
    expect(asMap((await analytics({ groupBy: 'countries', ...range })).rows, 'country', 'clicks')).toEqual(summed('byCountry'))
    expect(asMap((await analytics({ groupBy: 'referrers', ...range })).rows, 'referrer', 'clicks')).toEqual(summed('byReferrer'))
    // The platforms' cards apart from the search engine's crawl.
    expect((await analytics({ groupBy: 'platforms', ...range })).rows).toEqual([
      { platform: 'apple', previews: 1, crawls: 0 },
      { platform: 'facebook', previews: 1, crawls: 0 },
      { platform: 'slack', previews: 1, crawls: 0 },
      { platform: 'whatsapp', previews: 1, crawls: 0 },
      { platform: 'google', previews: 0, crawls: 1 },
    ])
    expect(summed('byPlatform')).toEqual({ whatsapp: 1, slack: 1, apple: 1, facebook: 1 })

    // One day, and filters: an article (any address of it), a channel.
    const oneDay = await analytics({ groupBy: 'articles', start: today, end: today })
    expect(asMap(oneDay.rows, 'url', 'clicks')).toEqual({ [articles[0]!]: 8, [articles[1]!]: 2, [articles[2]!]: 0 })
    const storm = await analytics({ groupBy: 'channels', ...range, url: `${articles[0]}?utm_source=x#top` })
    expect(storm.totals).toEqual({ clicks: 12, previews: 2, shares: 3, crawls: 1 })
    const onX = await analytics({ groupBy: 'countries', ...range, channel: 'x' })
    expect(asMap(onX.rows, 'country', 'clicks')).toEqual({ DE: 12, US: 4 })
    expect((await analytics({ groupBy: 'articles', ...range, limit: '1' })).rows).toEqual([expect.objectContaining({ url: articles[0] })])

    // CSV says what JSON says.
    const csv = await adminApi.analytics.$get({ query: { groupBy: 'articles', ...range, format: 'csv' } })
    expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect((await csv.text()).split('\r\n')).toEqual([
      'url,title,section,author,clicks,previews,shares,clicks_x,clicks_facebook,clicks_linkedin,clicks_whatsapp,clicks_telegram,clicks_reddit,clicks_bluesky,clicks_mastodon,clicks_email,clicks_copy,clicks_none',
      `${articles[0]},Story 0,World,Ana Ruiz,12,2,3,9,3,0,0,0,0,0,0,0,0,0`,
      `${articles[1]},Story 1,Politics,Ben Ode,9,1,3,7,0,0,2,0,0,0,0,0,0,0`,
      `${articles[2]},Story 2,World,,6,1,3,0,6,0,0,0,0,0,0,0,0,0`,
      '',
    ])
    const seriesCsv = await (await adminApi.analytics.$get({ query: { groupBy: 'timeseries', ...range, format: 'csv' } })).text()
    const channelCells = (r: (typeof days)[number]) =>
      ['x', 'facebook', 'linkedin', 'whatsapp', 'telegram', 'reddit', 'bluesky', 'mastodon', 'email', 'copy', 'none'].map(
        (c) => (r.byChannel as Record<string, number>)[c] ?? 0,
      )
    expect(seriesCsv.trim().split('\r\n')).toEqual([
      'day,clicks,previews,shares,clicks_x,clicks_facebook,clicks_linkedin,clicks_whatsapp,clicks_telegram,clicks_reddit,clicks_bluesky,clicks_mastodon,clicks_email,clicks_copy,clicks_none',
      ...days.map((r) => [r.day, r.clicks, r.previews, r.shares, ...channelCells(r)].join(',')),
    ])
  })

  it('defaults to the last 30 days and refuses bad dates, reversed or over-long ranges, unknown groupBy or channel', async () => {
    const plain = await analytics({ groupBy: 'timeseries' })
    expect(plain).toMatchObject({ start: daysAgo(29), end: today })
    expect(plain.rows).toHaveLength(30)
    // Raw: some of these the typed client would not send (a groupBy, channel or format it does not know).
    const refusals: [string, unknown][] = [
      ['groupBy=cities', expect.stringMatching(/^groupBy: must be one of articles, channels, /)],
      ['start=2026-02-30', 'start: 2026-02-30 is not a date'],
      ['start=26-11-01', 'start: must be a date, YYYY-MM-DD'],
      ['end=yesterday', 'end: must be a date, YYYY-MM-DD'],
      [`start=${today}&end=${daysAgo(1)}`, 'end must not be before start'],
      [`start=${daysAgo(401)}&end=${today}`, 'start and end may be at most 400 days apart'],
      ['channel=myspace', expect.stringMatching(/^channel: must be one of x, /)],
      ['limit=0', 'limit: must be at least 1'],
      ['limit=1001', 'limit: must be at most 1000'],
      ['format=xml', 'format: must be one of json, csv'],
    ]
    for (const [query, message] of refusals) {
      const res = await call(`/api/analytics?${query}`, { headers: AS_ADMIN })
      expect([query, res.status, await res.json()]).toEqual([query, 400, anError('invalid_request', message)])
    }
    // 400 days apart is taken, and the report covers exactly the days asked for.
    const longest = await analytics({ groupBy: 'timeseries', start: daysAgo(400), end: today })
    expect([longest.start, longest.end, longest.rows.length]).toEqual([daysAgo(400), today, 401])
    expect(await refused(adminApi.analytics.$get({ query: { url: 'https://evil.example/' } }), 403)).toEqual(
      anError('host_not_allowed', expect.stringMatching(/^evil\.example is not on ALLOWED_HOSTS: /)),
    )
    // Raw: a method the route does not have.
    const posted = await call('/api/analytics', {
      method: 'POST',
      headers: { ...AS_ADMIN, 'Content-Type': 'application/json' },
      body: '{}',
    })
    expect([posted.status, await posted.json()]).toEqual([404, anError('not_found', 'no such route')])
    expect(await refused(api.analytics.$get({ query: {} }), 401)).toEqual(anError('unauthorized'))
  })

  it('a D1 failure during a flush is retried and ends exact; flushing again doubles nothing', async () => {
    stubOrigin({ 'https://news.test/a/flaky-d1': htmlPage('<title>Flaky</title>') })
    const { code } = await ok(adminApi.links.$post({ json: { url: 'https://news.test/a/flaky-d1', channel: 'x' } }), 201)
    vi.restoreAllMocks()
    await clicks(code, 5)
    const batch = vi
      .spyOn(Object.getPrototypeOf(env.ANALYTICS) as D1Database, 'batch')
      .mockRejectedValueOnce(new Error('D1_ERROR: database unavailable'))
    expect(await flush([code])).toBe(1)
    expect(batch).toHaveBeenCalled()
    // The figures wait in the counter: neither the link's stats nor analytics have them yet.
    expect(await stats(code, false)).toMatchObject({ clicks: 0 })
    const query = { groupBy: 'articles', url: 'https://news.test/a/flaky-d1' } as const
    expect((await analytics(query)).totals.clicks).toBe(0)
    // The retry (the alarm set itself again) writes them.
    expect(await flush([code])).toBe(1)
    expect((await analytics(query)).totals.clicks).toBe(5)
    // More clicks, flushed twice: absolute values, so the second flush changes nothing.
    await clicks(code, 3)
    expect(await flush([code])).toBe(1)
    expect(await flush([code])).toBe(0)
    expect((await analytics(query)).rows).toEqual([expect.objectContaining({ clicks: 8, byChannel: { x: 8 } })])
    // Exact at every interval: the day, its hours, the last quarter hour in five minutes, and the stats.
    const url = query.url
    const hours = await analytics({ groupBy: 'timeseries', interval: 'hour', start: today, end: today, url })
    const fives = await analytics({ groupBy: 'timeseries', last: '15m', url })
    expect([hours.totals.clicks, fives.totals.clicks, (await stats(code, false)).clicks]).toEqual([8, 8, 8])
    expect(hours.rows.filter((r) => 'clicks' in r && r.clicks > 0)).toHaveLength(1)
  })
})

describe('at production’s limits', () => {
  it('ranks a thousand articles in one call, though D1 binds at most 100 parameters a statement', async () => {
    // Seeded as the counters' flushes and the owners would write them: 250 articles, one link each.
    const n = 250
    const seeded = Array.from({ length: n }, (_, i) => ({ id: `many-${i}`, article: `article-many-${i}`, clicks: i + 1 }))
    await env.ANALYTICS.batch(
      seeded.flatMap(({ id, article, clicks }) => [
        env.ANALYTICS.prepare(
          `INSERT INTO links (id, code, article, url, channel, title, created_at, live, version, record)
           VALUES (?, ?, ?, ?, 'x', ?, ?, 1, 1, '{}')`,
        ).bind(id, id, article, `https://news.test/many/${id}`, `Story ${id}`, new Date().toISOString()),
        env.ANALYTICS.prepare(
          `INSERT INTO link_days (day, link, article, channel, clicks, repeats, previews, shares, crawls, dims,
             total_clicks, total_repeats, total_previews, total_shares)
           VALUES (?1, ?2, ?3, 'x', ?4, 0, 0, 0, 0, '{}', ?4, 0, 0, 0)`,
        ).bind(today, id, article, clicks),
      ]),
    )
    const before = await analytics({ groupBy: 'articles', limit: '1' })
    const report = await analytics({ groupBy: 'articles', limit: '1000' })
    // Every seeded article, most clicked first, named and split by channel (the file's other tests add a few).
    type ArticleRow = Extract<(typeof report.rows)[number], { url: string }>
    const many = report.rows.filter((r): r is ArticleRow => 'url' in r && r.url.includes('/many/'))
    expect(many).toHaveLength(n)
    expect(many.map((r) => r.clicks)).toEqual(seeded.map((s) => s.clicks).reverse())
    expect(many[0]).toEqual({
      url: 'https://news.test/many/many-249',
      title: 'Story many-249',
      section: null,
      author: null,
      clicks: 250,
      previews: 0,
      shares: 0,
      byChannel: { x: 250 },
    })
    expect(report.totals).toEqual(before.totals)
  })
})
