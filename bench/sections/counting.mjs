/**
 * Section A, counting (issue 3): a naive KV counter and sharelink's counter under the same
 * concurrent clicks on one link, each from a distinct reader (CF-Connecting-IP: with one
 * address all clicks would be one reader's, and de-duplication would fold them into one); lost
 * increments and KV writes per 1,000 clicks for each.
 * KV writes are counted by the KV meter (a Worker between the binding and storage), not by
 * anything in src/.
 */
import { join } from 'node:path'
import { call, createLink, sleep, untilStable } from '../lib/http.mjs'
import { meteredKv, meterWorker } from '../lib/kv-meter-plugin.mjs'
import { answered, BROWSER_UA, load, unexpected } from '../lib/load.mjs'
import { COMPATIBILITY_DATE, FLUSH_SECONDS, ownPort, sharelinkWorker, startMiniflare } from '../lib/miniflare.mjs'
import { BENCH_DIR } from '../lib/paths.mjs'
import { fixed, heading, int, table } from '../lib/report.mjs'

const METER = 'kv-meter'
const SHARELINK_NS = 'links-counting'
const NAIVE_NS = 'naive-counting'

export async function counting({ scriptPath, origin, clicks, connections }) {
  const { mf, url, dispose } = await startMiniflare('counting', (base) => [
    sharelinkWorker({ name: 'sharelink', scriptPath, publicUrl: base, kv: meteredKv('LINKS', SHARELINK_NS, METER) }),
    {
      name: 'naive',
      modules: true,
      scriptPath: join(BENCH_DIR, 'workers', 'naive-counter.js'),
      compatibilityDate: COMPATIBILITY_DATE,
      unsafeBindings: [meteredKv('LINKS', NAIVE_NS, METER)],
      unsafeDirectSockets: ownPort,
    },
    meterWorker(METER, join(BENCH_DIR, 'workers', 'kv-meter.js'), [SHARELINK_NS, NAIVE_NS], COMPATIBILITY_DATE),
  ])
  const naiveUrl = (await mf.unsafeGetDirectURL('naive')).origin
  const meter = await mf.getWorker(METER)
  const tally = async (ns) => (await (await meter.fetch('http://meter/__bench/tally')).json())[ns] ?? { reads: 0, writes: 0 }
  const limits = { amount: clicks, connections }
  const person = { 'User-Agent': BROWSER_UA }

  // Naive: read-modify-write per click.
  const naiveCode = 'naive-link'
  const naiveBefore = await tally(NAIVE_NS)
  const naiveLoad = await load({ url: `${naiveUrl}/${naiveCode}`, headers: person, reader: 'CF-Connecting-IP' }, limits)
  const naiveCount = await untilStable(async () => Number((await call(`${naiveUrl}/count/${naiveCode}`)).text))
  const naiveAfter = await tally(NAIVE_NS)

  // sharelink: a link made through the admin API (this unfurls the article from the origin).
  const link = await createLink(url, origin.articleUrl('counting'))
  const seeded = await tally(SHARELINK_NS)
  if (!seeded.writes) throw new Error('the KV meter saw no write while a link was created: it is not in the KV path')
  const shareLoad = await load({ url: `${url}/${link.code}`, headers: person, reader: 'CF-Connecting-IP' }, limits)
  let repeats = 0
  const clicksOf = async (fresh) => {
    const res = await call(`${url}/api/links/${link.code}/stats${fresh ? '?fresh=1' : ''}`, { admin: true })
    if (res.status !== 200) throw new Error(`stats answered ${res.status}: ${res.text}`)
    repeats = res.json().repeats
    return res.json().clicks
  }
  // Exact count from the Durable Objects, once the batches sent after the responses have landed.
  const exact = await untilStable(() => clicksOf(true))
  // Counts in KV lag by at most FLUSH_SECONDS: wait that and a margin, then until they match.
  await sleep(FLUSH_SECONDS * 1000 + 500)
  const flushed = await untilStable(() => clicksOf(false), { times: 3, timeoutMs: 15_000 })
  // One more flush period: any write still to come (an alarm re-armed by late hits) is counted.
  await sleep(FLUSH_SECONDS * 1000 + 500)
  const shareAfter = await tally(SHARELINK_NS)
  await dispose()

  const rows = [
    row('naive KV read-modify-write', naiveLoad, naiveCount.value, naiveAfter.writes - naiveBefore.writes),
    row('sharelink (Durable Object + flush)', shareLoad, exact.value, shareAfter.writes - seeded.writes),
  ]

  heading(`A. Counting: ${int(clicks)} clicks on one link, ${connections} concurrent connections`)
  table(
    ['implementation', 'clicks answered 302', 'counted', 'lost', 'KV writes', 'KV writes per 1,000 clicks'],
    rows.map((r) => [r.name, int(r.answered), int(r.counted), int(r.lost), int(r.writes), fixed(r.perThousand, 1)]),
  )
  console.log('')
  console.log(
    `sharelink counted: ${int(exact.value)} exact (?fresh=1, from the Durable Objects${exact.settled ? '' : ', NOT settled'}); ` +
      `${int(flushed.value)} in KV after the flush (${flushed.value === exact.value ? 'match' : 'MISMATCH'}, ` +
      `FLUSH_SECONDS=${FLUSH_SECONDS}); repeats folded: ${int(repeats)} (every click came from a distinct reader)`,
  )
  if (!naiveCount.settled) console.log('!! the naive count was still changing when read')
  const byPrefix = (after, before) =>
    Object.entries(after.writesByPrefix ?? {})
      .map(([p, n]) => [p, n - (before.writesByPrefix?.[p] ?? 0)])
      .filter(([, n]) => n > 0)
      .map(([p, n]) => `${p} ${int(n)}`)
      .join(', ') || 'none'
  console.log(
    `KV writes by key: naive ${byPrefix(naiveAfter, naiveBefore)}; sharelink ${byPrefix(shareAfter, seeded)} ` +
      "(count:<link id> is a counter's flush, one KV write for a link's totals; pending: would be batches the counter could not take)",
  )
  console.log(
    `KV reads from the first click until the counts settled: naive ${int(naiveAfter.reads - naiveBefore.reads)}, ` +
      `sharelink ${int(shareAfter.reads - seeded.reads)} (its stats polls included)`,
  )
  for (const [name, r] of [
    ['naive', naiveLoad],
    ['sharelink', shareLoad],
  ]) {
    const other = unexpected(r, 302)
    if (other) console.log(`!! ${name}: responses other than 302: ${other}`)
  }
  console.log(
    `Load rate, for the record only (local KV writes are SQLite rows and files on this disk): ` +
      `naive ${int(naiveLoad.rps)} req/s, sharelink ${int(shareLoad.rps)} req/s.`,
  )
  return { rows, exact, flushed }
}

function row(name, result, counted, writes) {
  const ok = answered(result, 302)
  return { name, answered: ok, counted, lost: ok - counted, writes, perThousand: (writes / ok) * 1000 }
}
