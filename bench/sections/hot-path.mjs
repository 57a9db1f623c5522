/**
 * Section B, the redirect hot path (issue 6): sharelink's per-request routes against a floor, in
 * one Miniflare instance (one workerd process): sharelink is the entry Worker, the floor a second
 * Worker on its own port, both bound to the same KV namespace, so the floor reads the very record
 * sharelink wrote. Rows run round-robin (order rotated each round) so noise hits all alike.
 *
 * Two reference rows help read the others: a Worker that answers 302 without any storage (what
 * the floor's KV read costs), and the bot preview with Miniflare's Cache API turned off (how much
 * of that row is the local Cache API, a simulation: a separate Worker with SQLite and files).
 */
import { join } from 'node:path'
import { call, createLink } from '../lib/http.mjs'
import { answered, BROWSER_UA, CRAWLER_UA, load, unexpected } from '../lib/load.mjs'
import { COMPATIBILITY_DATE, ownPort, sharelinkWorker, startMiniflare } from '../lib/miniflare.mjs'
import { BENCH_DIR } from '../lib/paths.mjs'
import { fixed, heading, int, median, ratio, table } from '../lib/report.mjs'

const NS = 'links-hot-path'
const TARGETS = { human: 0.85, bot: 0.7 }

export async function hotPath({ scriptPath, origin, rounds, seconds, connections }) {
  const article = origin.articleUrl('hot-path')
  const { mf, url, dispose } = await startMiniflare('hot-path', (base) => [
    sharelinkWorker({ name: 'sharelink', scriptPath, publicUrl: base, kv: NS }),
    {
      name: 'floor',
      modules: true,
      scriptPath: join(BENCH_DIR, 'workers', 'floor.js'),
      compatibilityDate: COMPATIBILITY_DATE,
      kvNamespaces: { LINKS: NS },
      unsafeDirectSockets: ownPort,
    },
    {
      name: 'bare',
      modules: true,
      scriptPath: join(BENCH_DIR, 'workers', 'bare-302.js'),
      compatibilityDate: COMPATIBILITY_DATE,
      bindings: { LOCATION: article },
      unsafeDirectSockets: ownPort,
    },
    // The same Worker again with the Cache API off (its previews name the main port: no matter).
    { ...sharelinkWorker({ name: 'sharelink-nocache', scriptPath, publicUrl: base, kv: NS }), cacheAPI: false, unsafeDirectSockets: ownPort },
  ])
  const direct = async (name) => (await mf.unsafeGetDirectURL(name)).origin
  const floorUrl = await direct('floor')
  const bareUrl = await direct('bare')
  const noCacheUrl = await direct('sharelink-nocache')

  // Seeding: the redirect link through the admin API; the share link through POST /api/share
  // itself (admin-made links don't take the (article, channel) slot), so the timed share calls
  // all find an existing link.
  const link = await createLink(url, article)
  const shareBody = JSON.stringify({ url: origin.articleUrl('shared'), channel: 'x' })
  const first = await call(`${url}/api/share`, { method: 'POST', body: JSON.parse(shareBody) })
  if (first.status !== 201) throw new Error(`first POST /api/share answered ${first.status}: ${first.text}`)

  const rows = [
    { name: 'floor (KV get + 302, no framework)', expect: 302, target: { url: `${floorUrl}/${link.code}` } },
    { name: 'sharelink human redirect', key: 'human', expect: 302, target: { url: `${url}/${link.code}`, headers: { 'User-Agent': BROWSER_UA } } },
    { name: 'sharelink bot preview', key: 'bot', expect: 200, target: { url: `${url}/${link.code}`, headers: { 'User-Agent': CRAWLER_UA } } },
    {
      name: 'sharelink POST /api/share (existing)',
      expect: 200,
      target: { url: `${url}/api/share`, method: 'POST', headers: { 'Content-Type': 'application/json', 'User-Agent': BROWSER_UA }, body: shareBody },
    },
    { name: '(reference) bare Worker, 302, no KV', expect: 302, target: { url: `${bareUrl}/${link.code}` } },
    { name: '(reference) bot preview, Cache API off', expect: 200, target: { url: `${noCacheUrl}/${link.code}`, headers: { 'User-Agent': CRAWLER_UA } } },
  ]

  // Each target answers as it should before it is timed.
  await check((await call(rows[0].target.url)), 302, (r) => r.headers.get('Location') === link.url, 'floor')
  await check(await call(rows[1].target.url, { headers: rows[1].target.headers }), 302, (r) => r.headers.get('Location')?.startsWith(link.url), 'human redirect')
  await check(await call(rows[2].target.url, { headers: rows[2].target.headers }), 200, (r) => r.text.includes('og:title'), 'bot preview')
  await check(await call(rows[3].target.url, { method: 'POST', body: JSON.parse(shareBody) }), 200, () => true, 'POST /api/share')
  await check(await call(rows[4].target.url), 302, (r) => r.headers.get('Location') === link.url, 'bare 302')
  await check(await call(rows[5].target.url, { headers: rows[5].target.headers }), 200, (r) => r.text.includes('og:title'), 'bot preview, no cache')

  // Warm-up: JIT, the isolate's caches, the preview in the Cache API, the counters' objects.
  for (const row of rows) await load(row.target, { duration: 1, connections })

  const fetchesBefore = origin.fetches()
  for (const row of rows) row.runs = []
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[(round + i) % rows.length]
      row.runs.push(await load(row.target, { duration: seconds, connections }))
    }
  }

  const articleFetches = origin.fetches() - fetchesBefore
  await dispose()
  // Each round's rows ran seconds apart: a ratio within a round cancels slower drift (other
  // processes, thermal, GC), so "vs floor" is the median of the per-round ratios.
  const vsFloor = (row) => median(row.runs.map((r, i) => r.rps / rows[0].runs[i].rps))
  heading(`B. Redirect hot path: ${rounds} rounds × ${seconds} s per row, ${connections} connections, rows round-robin`)
  table(
    ['row', 'req/s (median)', 'p50 ms', 'p99 ms', 'vs floor', 'target'],
    rows.map((row) => {
      const target = row.key ? TARGETS[row.key] : null
      const verdict = target === null ? '' : `≥ ${target}x ${vsFloor(row) >= target ? 'met' : 'NOT met'}`
      return [
        row.name,
        int(median(row.runs.map((r) => r.rps))),
        fixed(median(row.runs.map((r) => r.p50)), 0),
        fixed(median(row.runs.map((r) => r.p99)), 0),
        ratio(vsFloor(row)),
        verdict,
      ]
    }),
  )
  console.log('')
  console.log('req/s: median over the rounds of (responses / elapsed); p50, p99: median of the rounds\' percentiles; ' +
    'vs floor: median of the rounds\' (row req/s / floor req/s).')
  console.log(`The bare Worker does ${ratio(vsFloor(rows[4]))} the floor: here the floor is mostly Miniflare's local KV read (a Durable ` +
    'Object with SQLite behind a service), far dearer than a cached KV read in production; a route that skips KV can beat the floor.')
  console.log('req/s per round, in round order:')
  for (const row of rows) console.log(`  ${row.name}: ${row.runs.map((r) => int(r.rps)).join(', ')}`)
  console.log(articleFetches === 0
    ? 'Article fetches by the Worker during the timed runs: 0 (no row went back to the article page).'
    : `!! The Worker fetched the article ${articleFetches} times during the timed runs: some row unfurls on the hot path.`)
  for (const row of rows) {
    const total = row.runs.reduce((n, r) => n + r.requests, 0)
    const ok = row.runs.reduce((n, r) => n + answered(r, row.expect), 0)
    const other = row.runs.map((r) => unexpected(r, row.expect)).filter(Boolean)
    if (other.length) console.log(`!! ${row.name}: ${int(total - ok)} of ${int(total)} responses were not ${row.expect}: ${other.join('; ')}`)
  }
  return rows
}

async function check(res, status, ok, what) {
  if (res.status !== status || !ok(res)) throw new Error(`${what} answered ${res.status} (expected ${status}): ${res.text.slice(0, 300)}`)
}
