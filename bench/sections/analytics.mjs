/**
 * Section E, analytics (issue 10): the top-20-articles query over 30 days on a D1 seeded with over
 * a million rollup rows (10,000 articles), through the real route (GET /api/analytics) and as the
 * bare query, median of repeated runs; and the query plan that says which index it walks.
 *
 * The seed: 10,000 articles over 400 days (25 a day), each with links on three channels, each link
 * counted on the 14 days after its article appeared (news decays), two dimension rows per link-day
 * (a country, a referrer): 420,000 rows of link_days and 840,000 of link_day_dims, written inside
 * D1 by recursive SELECTs (a few seconds, not a million statements).
 */
import { call } from '../lib/http.mjs'
import { sharelinkWorker, startMiniflare } from '../lib/miniflare.mjs'
import { fixed, heading, int, median, table } from '../lib/report.mjs'

const ARTICLES = 10_000
const LINKS_PER_ARTICLE = 3
const DAYS_PER_LINK = 14
const HISTORY_DAYS = 400
const RUNS = 25

const dayOf = (t) => new Date(t).toISOString().slice(0, 10)

export async function analytics({ scriptPath }) {
  const { mf, url, dispose } = await startMiniflare('analytics', (base) => [
    sharelinkWorker({ name: 'sharelink', scriptPath, publicUrl: base, kv: 'links-analytics', d1: 'analytics-bench' }),
  ])
  const db = await mf.getD1Database('ANALYTICS', 'sharelink')
  const first = dayOf(Date.now() - HISTORY_DAYS * 86_400_000)
  const linkDays = ARTICLES * LINKS_PER_ARTICLE * DAYS_PER_LINK
  const seeded = Date.now()
  // i: one link-day. link = i / 14, article = link / 3, the article appears on day article * 400 / 10,000.
  await db.exec(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${linkDays - 1}) INSERT INTO link_days (day, link, article, channel, clicks, repeats, previews) SELECT date('${first}', '+' || ((i / ${DAYS_PER_LINK * LINKS_PER_ARTICLE}) * ${HISTORY_DAYS} / ${ARTICLES} + i % ${DAYS_PER_LINK}) || ' days'), 'link' || (i / ${DAYS_PER_LINK}), 'article' || (i / ${DAYS_PER_LINK * LINKS_PER_ARTICLE}), CASE (i / ${DAYS_PER_LINK}) % 3 WHEN 0 THEN 'x' WHEN 1 THEN 'facebook' ELSE 'whatsapp' END, abs(random()) % 60, abs(random()) % 6, abs(random()) % 25 FROM n`,
  )
  await db.exec(
    `INSERT INTO link_day_dims (dim, day, link, key, article, channel, n) SELECT 'country', day, link, CASE abs(random()) % 4 WHEN 0 THEN 'US' WHEN 1 THEN 'GB' WHEN 2 THEN 'DE' ELSE 'FR' END, article, channel, clicks FROM link_days UNION ALL SELECT 'referrer', day, link, CASE abs(random()) % 3 WHEN 0 THEN 'facebook.com' WHEN 1 THEN 'x.com' ELSE 'direct' END, article, channel, clicks FROM link_days`,
  )
  await db.exec(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${ARTICLES * LINKS_PER_ARTICLE - 1}) INSERT INTO links (id, code, article, url, channel, title, created_at, live, version, record) SELECT 'link' || i, 'code' || i, 'article' || (i / 3), 'https://news.example.com/story/' || (i / 3), NULL, 'Story ' || (i / 3), '2026-01-01T00:00:00.000Z', 1, 1, '{}' FROM n`,
  )
  const rows = await db.prepare('SELECT (SELECT COUNT(*) FROM link_days) AS days, (SELECT COUNT(*) FROM link_day_dims) AS dims').first()
  const seedSeconds = (Date.now() - seeded) / 1000

  const end = dayOf(Date.now())
  const start = dayOf(Date.now() - 29 * 86_400_000)
  const topQuery = `SELECT article, SUM(clicks) AS clicks, SUM(previews) AS previews FROM link_days WHERE day BETWEEN ?1 AND ?2 GROUP BY article ORDER BY clicks DESC, previews DESC, article LIMIT 20`
  const plan = (await db.prepare(`EXPLAIN QUERY PLAN ${topQuery}`).bind(start, end).all()).results.map((r) => r.detail)

  const viaRoute = []
  const bare = []
  let answer
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now()
    const res = await call(`${url}/api/analytics?groupBy=articles&start=${start}&end=${end}&limit=20`, { admin: true })
    viaRoute.push(performance.now() - t)
    if (res.status !== 200) throw new Error(`analytics answered ${res.status}: ${res.text}`)
    answer = res.json()
    t = performance.now()
    await db.prepare(topQuery).bind(start, end).all()
    bare.push(performance.now() - t)
  }
  const inRange = await db.prepare('SELECT COUNT(*) AS n FROM link_days WHERE day BETWEEN ?1 AND ?2').bind(start, end).first()
  await dispose()

  heading(`E. Analytics: the top 20 articles over 30 days, on ${int(rows.days + rows.dims)} rollup rows (${int(ARTICLES)} articles)`)
  console.log(
    `Seeded in ${fixed(seedSeconds, 1)} s: link_days ${int(rows.days)} rows, link_day_dims ${int(rows.dims)} rows; the 30 days hold ${int(inRange.n)} link-days.`,
  )
  table(
    ['query', `median of ${RUNS} (ms)`, 'target'],
    [
      [
        'GET /api/analytics?groupBy=articles (the route: top 20, their split by channel, their titles)',
        fixed(median(viaRoute), 1),
        '< 50 ms',
      ],
      ["the top-20 SELECT alone, from Node through Miniflare's D1 binding (a round trip out of workerd)", fixed(median(bare), 1), ''],
    ],
  )
  console.log(
    `Top article: ${answer.rows[0]?.title} (${int(answer.rows[0]?.clicks ?? 0)} clicks); totals ${int(answer.totals.clicks)} clicks.`,
  )
  console.log('EXPLAIN QUERY PLAN of the top-20 SELECT:')
  for (const line of plan) console.log(`  ${line}`)
  return { viaRoute: median(viaRoute), bare: median(bare), plan }
}
