/**
 * Section D, what a million clicks cost (issues 15 and 23): every billed operation of sharelink's
 * clicks, counted, not estimated, under two traffic shapes, priced with the public price list
 * (lib/prices.mjs), side by side with a naive KV counter and a one-write-per-click design.
 *
 *   (a) 10,000 clicks over 2,000 links (400 articles × 5 channels), each click its own batch:
 *       five waves, each one click on every link, a link's clicks WAVE_MS apart (> FLUSH_SECONDS,
 *       > the isolate's batch windows, 20 ms and 200 ms for a link busy in the last second, and >
 *       the in-isolate link cache, as for a link clicked now and then)
 *   (b) 10,000 clicks on one link at 100 concurrent connections
 *
 * Every click is a distinct reader (CF-Connecting-IP), de-duplication is on (DEDUP_SECONDS as
 * wrangler.toml), and each flush writes the link's day and hour rows to D1 (link_days, link_hours),
 * its only writes since issue 23: no KV key. Where each count comes from:
 *   Worker requests      the clicks sent (each answered 302)
 *   DO requests, SQLite  each ClickCounter's own meter, reading() over RPC, summed over objects
 *   rows, KV writes, D1  (rows from SqlStorageCursor.rowsRead/rowsWritten, D1 rows from its meta)
 *   KV reads and writes  the KV meter Worker between the binding and storage (bench/workers/kv-meter.js)
 *   later deletions      the day row's trim after EPHEMERAL_DAYS (7, src/clicks/flush.ts; one UPDATE
 *                        per day row that still holds readers, seqs or hours, day-rows.ts
 *                        trimBefore), computed from the day rows written (one per link and day);
 *                        D1's retention deletes: measured, by running src/'s daily trim
 *                        (rollups.ts trimRollups: link_days past RETENTION_DAYS, link_hours past
 *                        HOURS_KEPT_DAYS) on the run's rollups, as the cron will once they are that old
 * Links are created first, through the admin API: what that writes (KV, D1, LinkOwner) is setup,
 * shown apart. A calibration on 20 more links reads the meters between steps, to show what one
 * batch and one flush write. Last, D1 storage: bytes per link_days and link_hours row, read as D1's
 * own size of a database filled with rows shaped like the run's, and what a year of a publisher's
 * 10,000 active links keeps and costs.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { counterMeterWorker, emptyMeter, linkIds, METER_FIELDS, minus, summedReadings } from '../lib/counters.mjs'
import { d1Size, watchD1 } from '../lib/d1.mjs'
import { createLink, sleep, untilStable } from '../lib/http.mjs'
import { meteredKv, meterWorker } from '../lib/kv-meter-plugin.mjs'
import { answered, BROWSER_UA, load, newReader, unexpected } from '../lib/load.mjs'
import { COMPATIBILITY_DATE, DEDUP_SECONDS, ownPort, sharelinkWorker, startMiniflare } from '../lib/miniflare.mjs'
import { BENCH_DIR } from '../lib/paths.mjs'
import { billed, D1_STORAGE, DO_DURATION, listPrice, PRICE_LIST, PRICES } from '../lib/prices.mjs'
import { fixed, heading, int, markdown, table, usd } from '../lib/report.mjs'

const METER = 'kv-meter'
const READER = 'counter-meter'
/**
 * Time runs faster here than in production, by one factor for both shapes: FLUSH_SECONDS 1 stands
 * for the production default of 60 s (src/config.ts DEFAULT_FLUSH_SECONDS; the factor is read from
 * it), so (a)'s clicks of a link, 15 s apart, stand for clicks 15 minutes apart (about 100 a day:
 * 1 million clicks a day over 10,000 links), each flushed on its own as in production; (b)'s
 * 10,000 clicks in ~10 s stand for 10,000 in ~10 minutes, flushed about ten times.
 */
const FLUSH_SECONDS = 1
const WAVE_MS = 15_000
const PROBE_FLUSH_SECONDS = 3
const CHANNELS = ['x', 'facebook', 'linkedin', 'whatsapp', 'email']
const CLICKS_PER_DAY = 1e6
const DAYS_PER_MONTH = 30
const ACTIVE_LINKS = 10_000
const CADENCES = [30, 60, 300, 900]
const OPS = Object.keys(PRICES)
/**
 * The same bench before issue 23 (a KV key written per flush, a D1 row per day and per country and
 * referrer, FLUSH_SECONDS 300 by default): README "What it costs", last run 2026-11-27. Issue 23's
 * targets: (a) at most $6 per million clicks, (b) no worse than before.
 */
const BEFORE = { a: 11.5, b: 0.31 }
const TARGET = { a: 6, b: BEFORE.b }

let sectionStart = Date.now()
/** A long section says where it is, on stderr (the report stays on stdout). */
const progress = (what) => process.stderr.write(`[D ${((Date.now() - sectionStart) / 1000).toFixed(0)} s] ${what}\n`)

export async function cost({ scriptPath, d1QueriesPath, origin, links = 2_000, clicksA = 10_000, clicksB = 10_000, naiveClicks = 1_000 }) {
  sectionStart = Date.now()
  // src/'s trim and config defaults, bundled for Node (lib/d1-entry.js).
  const src = await import(pathToFileURL(d1QueriesPath).href)
  const defaultFlush = src.DEFAULT_FLUSH_SECONDS
  const speedup = defaultFlush / FLUSH_SECONDS
  const namespaces = ['cost-a', 'cost-b', 'cost-probe', 'cost-naive']
  // Each shape on a Worker of its own: its own counters, KV namespace (metered) and D1. Counters
  // stay in memory (keepCounters) so their meters last until read; in production an object
  // idle for seconds is evicted and its next call re-runs the constructor: 2 rows read, none written.
  const counted = (name, flush, base, own) => ({
    ...sharelinkWorker({
      name,
      scriptPath,
      publicUrl: base,
      kv: meteredKv('LINKS', name, METER),
      d1: name,
      vars: { FLUSH_SECONDS: String(flush) },
      keepCounters: true,
    }),
    ...(own ? { unsafeDirectSockets: ownPort } : {}),
  })
  const { mf, url, dispose } = await startMiniflare(
    'cost',
    (base) => [
      counted('cost-a', FLUSH_SECONDS, base, false),
      counted('cost-b', FLUSH_SECONDS, base, true),
      counted('cost-probe', PROBE_FLUSH_SECONDS, base, true),
      {
        name: 'naive',
        modules: true,
        scriptPath: join(BENCH_DIR, 'workers', 'naive-counter.js'),
        compatibilityDate: COMPATIBILITY_DATE,
        unsafeBindings: [meteredKv('LINKS', 'cost-naive', METER)],
        unsafeDirectSockets: ownPort,
      },
      meterWorker(METER, join(BENCH_DIR, 'workers', 'kv-meter.js'), namespaces, COMPATIBILITY_DATE),
      counterMeterWorker(READER, ['cost-a', 'cost-b', 'cost-probe'], COMPATIBILITY_DATE),
      // An empty D1 with the app's tables (startMiniflare migrates it), to weigh rollup rows in.
      {
        name: 'cost-storage',
        modules: true,
        script: 'export default { fetch: () => new Response(null, { status: 404 }) }',
        compatibilityDate: COMPATIBILITY_DATE,
        d1Databases: { ANALYTICS: 'cost-storage' },
      },
    ],
    { inMemory: true },
  )
  const direct = async (name) => (await mf.unsafeGetDirectURL(name)).origin
  const urlB = await direct('cost-b')
  const urlProbe = await direct('cost-probe')
  const naiveUrl = await direct('naive')
  const meter = await mf.getWorker(METER)
  const kvTally = async (ns) => {
    const all = await (await meter.fetch('http://meter/__bench/tally')).json()
    return all[ns] ?? { reads: 0, writes: 0, lists: 0, writesByPrefix: {}, readsByPrefix: {} }
  }

  // (a) setup: 2,000 links through the admin API, 400 articles × 5 channels.
  const setupStart = Date.now()
  const beforeSetup = await kvTally('cost-a')
  // Counting does not read the card: a link whose article read failed under this load counts the same.
  const codesA = await pool(
    links,
    8,
    async (i) => (await createLink(url, origin.articleUrl(`cost-${i % 400}`), CHANNELS[i % 5], { unfurled: false })).code,
  )
  const setupA = diffTally(await kvTally('cost-a'), beforeSetup)
  const setupSeconds = (Date.now() - setupStart) / 1000
  progress(`(a) ${links} links created in ${setupSeconds.toFixed(0)} s`)
  const idsA = await linkIds(mf, 'cost-a')
  const setupD1Rows = (await d1First(mf, 'cost-a', 'SELECT COUNT(*) AS n FROM links')).n

  // (a) clicks: waves of one click on every link, a link's clicks at least WAVE_MS apart.
  const beforeA = await kvTally('cost-a')
  const statusesA = {}
  const waves = Math.ceil(clicksA / links)
  const lastClick = new Array(links).fill(0)
  const clicksStart = Date.now()
  for (let w = 0; w < waves; w++) {
    const started = Date.now()
    const n = Math.min(links, clicksA - w * links)
    const statuses = await clickEach(
      codesA.slice(0, n).map((code) => `${url}/${code}`),
      50,
      async (i) => {
        const wait = lastClick[i] + WAVE_MS - Date.now()
        if (wait > 0) await sleep(wait)
      },
      (i) => {
        lastClick[i] = Date.now()
      },
    )
    addCounts(statusesA, statuses)
    progress(`(a) wave ${w + 1} of ${waves}: ${n} clicks in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  const clicksSecondsA = (Date.now() - clicksStart) / 1000
  await settle(mf, 'cost-a', () => kvTally('cost-a'))
  const afterA = diffTally(await kvTally('cost-a'), beforeA)
  const meterA = await summedReadings(mf, READER, 'cost-a', Object.values(idsA))
  progress('(a) flushed and metered')
  const sentA = statusesA['302'] ?? 0
  const dayRowsA = (await d1First(mf, 'cost-a', 'SELECT COUNT(*) AS n FROM link_days')).n
  const hourRowsA = (await d1First(mf, 'cost-a', 'SELECT COUNT(*) AS n FROM link_hours')).n
  const totalsA = await d1First(
    mf,
    'cost-a',
    'SELECT COALESCE(SUM(clicks), 0) AS clicks, COALESCE(SUM(repeats), 0) AS repeats FROM link_days',
  )

  // (b) one link, 10,000 clicks at 100 connections.
  const linkB = await createLink(urlB, origin.articleUrl('cost-viral'), 'x')
  const idsB = await linkIds(mf, 'cost-b')
  const beforeB = await kvTally('cost-b')
  const loadB = await load(
    { url: `${urlB}/${linkB.code}`, headers: { 'User-Agent': BROWSER_UA }, reader: 'CF-Connecting-IP' },
    { amount: clicksB, connections: 100 },
  )
  await settle(mf, 'cost-b', () => kvTally('cost-b'))
  const afterB = diffTally(await kvTally('cost-b'), beforeB)
  const meterB = await summedReadings(mf, READER, 'cost-b', [idsB[linkB.code]])
  progress(`(b) ${clicksB} clicks in ${loadB.seconds.toFixed(1)} s, flushed and metered`)
  const sentB = answered(loadB, 302)
  const dayRowsB = (await d1First(mf, 'cost-b', 'SELECT COUNT(*) AS n FROM link_days')).n
  const hourRowsB = (await d1First(mf, 'cost-b', 'SELECT COUNT(*) AS n FROM link_hours')).n
  const totalsB = await d1First(
    mf,
    'cost-b',
    'SELECT COALESCE(SUM(clicks), 0) AS clicks, COALESCE(SUM(repeats), 0) AS repeats FROM link_days',
  )

  // The naive KV counter: the same kind of clicks, fewer of them (it is slow here); per click it
  // is the same at any count.
  const beforeNaive = await kvTally('cost-naive')
  const naiveLoad = await load(
    { url: `${naiveUrl}/naive-cost`, headers: { 'User-Agent': BROWSER_UA }, reader: 'CF-Connecting-IP' },
    { amount: naiveClicks, connections: 50 },
  )
  await sleep(1000)
  const naive = diffTally(await kvTally('cost-naive'), beforeNaive)
  const naiveSent = answered(naiveLoad, 302)

  // Calibration: what one batch and one flush write, per link.
  const probe = await calibrate(mf, urlProbe, origin)
  progress('naive counter and calibration done')

  // Storage: rows shaped like (a)'s, weighed in an empty D1 (before the trim empties (a)'s).
  const weighed = await storage(mf, 'cost-a')
  progress('storage weighed')

  // Later deletions in D1: the daily trim (src/clicks/rollups.ts trimRollups) run now, on every
  // rollup row of the run, as the cron will run it once the rows pass RETENTION_DAYS and HOURS_KEPT_DAYS.
  const trimA = await trimAll(mf, 'cost-a', src)
  const trimB = await trimAll(mf, 'cost-b', src)
  const d1DeletesA = trimA.rowsWritten
  const d1DeletesB = trimB.rowsWritten
  await dispose()

  // Per click, each billed operation, all in.
  const perClick = (sent, m, kv, dayRows, trim) => ({
    workerRequests: 1,
    doRequests: m.requests / sent,
    doRowsRead: m.rowsRead / sent,
    // The trim after EPHEMERAL_DAYS: one UPDATE per day row (computed: it needs 7 days to pass).
    doRowsWritten: (m.rowsWritten + dayRows) / sent,
    kvReads: kv.reads / sent,
    kvWrites: kv.writes / sent,
    d1RowsRead: (m.d1RowsRead + trim.rowsRead) / sent,
    d1RowsWritten: (m.d1RowsWritten + trim.rowsWritten) / sent,
    aeDataPoints: 0,
  })
  const a = perClick(sentA, meterA, afterA, dayRowsA, trimA)
  const b = perClick(sentB, meterB, afterB, dayRowsB, trimB)
  // The redirect's own reads of link records: any design that keeps links in KV has them.
  const linkReads = { a: (afterA.readsByPrefix['link:'] ?? 0) / sentA, b: (afterB.readsByPrefix['link:'] ?? 0) / sentB }
  const naiveOps = (shape) => ({
    ...zeroOps(),
    workerRequests: 1,
    kvReads: linkReads[shape] + naive.reads / naiveSent,
    kvWrites: naive.writes / naiveSent,
  })
  const aeOps = (shape) => ({ ...zeroOps(), workerRequests: 1, kvReads: linkReads[shape], aeDataPoints: 1 })
  const designs = [
    { name: 'sharelink (a)', ops: a },
    { name: 'sharelink (b)', ops: b },
    { name: 'naive KV counter', ops: naiveOps('a') },
    { name: 'one write per click (AE)', ops: aeOps('a') },
  ]

  heading('D. What a million clicks cost (issues 15 and 23): every billed operation, counted')
  console.log(
    `(a) ${int(sentA)} clicks over ${int(links)} links (400 articles × 5 channels), ${waves} waves of one click per link, ` +
      `a link's clicks ${WAVE_MS / 1000} s apart (each its own batch and its own flush), in ${fixed(clicksSecondsA, 0)} s; ` +
      `(b) ${int(sentB)} clicks on one link at 100 connections in ${fixed(loadB.seconds, 1)} s, ` +
      `${fixed(meterB.hits / meterB.batches, 1)} clicks per batch (one isolate here).`,
  )
  console.log(
    `Every click a distinct reader (CF-Connecting-IP); DEDUP_SECONDS=${DEDUP_SECONDS}; D1 rollups (days and hours) on; FLUSH_SECONDS=${FLUSH_SECONDS}, ` +
      `standing for the production default of ${defaultFlush} s (src/config.ts) on a clock ${speedup}× faster: (a) is then a link clicked every ` +
      `${fixed((WAVE_MS * speedup) / 60_000, 0)} minutes ` +
      `(1M clicks a day over 10,000 links), every click flushed on its own; (b) ${int(sentB)} clicks in ` +
      `${fixed((loadB.seconds * speedup) / 60, 0)} minutes, flushed ${int(meterB.alarms)} times. Meters read once every flush had run.`,
  )
  table(
    ['billed operation', 'price per million', 'sharelink (a)', 'sharelink (b)', 'naive KV counter', 'one write per click (AE, computed)'],
    OPS.map((op) => [PRICES[op].label, usd(PRICES[op].perMillion), ...designs.map((d) => (d.ops[op] ? int(d.ops[op] * 1e6) : '0'))]).concat(
      [['= dollars per million clicks', '', ...designs.map((d) => usd(dollarsPerMillion(d.ops)))]],
    ),
  )
  console.log('')
  console.log(
    "Per million clicks, all in (D1 rows read and written as local D1's meta reports them: an insert counts a row per index, an update of unindexed columns one): SQLite rows written include the day rows' later trim (one per day row, computed: " +
      `${int(dayRowsA)} in (a), ${int(dayRowsB)} in (b)); D1 rows written include the retention deletes (measured, src/'s trimRollups: ` +
      `${int(trimA.days)} day and ${int(trimA.hours)} hour rows deleted in (a), ${int(d1DeletesA)} rows written; ` +
      `${int(trimB.days)} and ${int(trimB.hours)} in (b), ${int(d1DeletesB)} written). KV reads are the redirect's link records ` +
      `(${fixed(linkReads.a, 2)} per click in (a), ${fixed(linkReads.b, 4)} in (b)): the naive and AE columns get (a)'s, ` +
      'as the same redirect would read them. The naive counter: measured on ' +
      `${int(naiveSent)} clicks (${int(naive.reads)} KV reads, ${int(naive.writes)} writes); it keeps no per-day, channel, ` +
      'country or referrer figures, no readers, and loses concurrent increments (Section A). AE: computed, it cannot run ' +
      'locally: one writeDataPoint per click, sampled at volume, no de-duplication.',
  )
  console.log(
    `Durable Object duration is not in the table: ${usd(DO_DURATION.perMillionGbS)} per million GB-s at 128 MB while an ` +
      'object runs or cannot hibernate. A counter has no WebSocket and no timer between calls, so it is billed for the ' +
      "calls' own wall time: about 5 ms per batch (2 ms group wait, one transaction) is 640 GB-s, $0.008, per million " +
      'batches; an alarm awaiting D1 (say 50 ms) is $0.08 per million flushes. Setup (creating the links) is not ' +
      `in it either: ${int(setupA.writes)} KV writes (${byPrefix(setupA.writesByPrefix)}) and ${int(setupD1Rows)} D1 ` +
      `links rows plus their index entries for ${int(links)} links, in ${fixed(setupSeconds, 0)} s.`,
  )

  breakdown(a, b, { afterA, afterB, dayRowsA, hourRowsA, dayRowsB, hourRowsB, links, meterA, meterB })

  // The target: at most 3 SQLite rows written per click, all in, in (a); far less in (b).
  heading('D. SQLite rows written per click, all in (target: at most 3 in (a), far less in (b))')
  const rowsLine = (label, m, sent, dayRows) => {
    const all = (m.rowsWritten + dayRows) / sent
    return [
      label,
      fixed(m.batches / sent, 2),
      fixed(m.alarms / sent, 3),
      fixed(m.rowsWritten / sent, 3),
      fixed(dayRows / sent, 3),
      fixed(all, 3),
    ]
  }
  table(
    ['shape', 'batches / click', 'flushes / click', 'rows written / click (metered)', '+ later trim / click', '= all in'],
    [
      rowsLine('(a) 2,000 links, one-click batches', meterA, sentA, dayRowsA),
      rowsLine('(b) one link, 100 connections', meterB, sentB, dayRowsB),
    ],
  )
  const allA = (meterA.rowsWritten + dayRowsA) / sentA
  const allB = (meterB.rowsWritten + dayRowsB) / sentB
  console.log('')
  console.log(
    `(a): ${fixed(allA, 2)} rows per click: ${allA <= 3 ? 'target met' : 'target NOT met'} (≤ 3). ` +
      `(b): ${fixed(allB, 2)} rows per click (${fixed(allA / allB, 1)}× fewer than (a)).`,
  )
  console.log('Where they come from, per link (calibration: 20 more links, each clicked, clicked again, flushed, clicked, flushed):')
  table(
    ['step, per link', 'DO requests', 'SQLite rows written', 'SQLite rows read', 'KV writes', 'D1 rows written', 'D1 rows read'],
    probe.steps.map(([label, m]) => [
      label,
      fixed(m.requests, 2),
      fixed(m.rowsWritten, 2),
      fixed(m.rowsRead, 2),
      fixed(m.kvWrites, 2),
      fixed(m.d1RowsWritten, 2),
      fixed(m.d1RowsRead, 2),
    ]),
  )
  console.log(
    '  A batch writes its day row (figures, hours, inline readers, seq ranges); the first batch also creates the table. ' +
      "A flush writes no SQLite row and no KV key: only D1, the link's day row and hour row that changed (an insert also writes " +
      "each index's entry: link_days has two, link_hours one; an update of the figures, none). In (b), readers and clients beyond the 64 a day " +
      `row keeps inline go into one chunk row each per transaction (readers_chunks_<parity>, client_chunks_<parity>): ${fixed((meterB.rowsWritten - meterB.batches) / sentB, 3)} rows per click ` +
      `beyond one per batch there, with ${int(sentB)} distinct readers, each its own client.`,
  )
  const exactA = meterA.hits === sentA && totalsA.clicks === sentA && totalsA.repeats === 0
  const exactB = meterB.hits === sentB && totalsB.clicks === sentB && totalsB.repeats === 0
  console.log(
    `  Exact: (a) ${int(sentA)} sent, ${int(meterA.hits)} applied, D1 link_days ${int(totalsA.clicks)} clicks + ${int(totalsA.repeats)} repeats` +
      `${exactA ? '' : ' !! MISMATCH'}; (b) ${int(sentB)} sent, ${int(meterB.hits)} applied, D1 link_days ${int(totalsB.clicks)} + ${int(totalsB.repeats)}` +
      `${exactB ? '' : ' !! MISMATCH'}. Counters metered: ${int(meterA.objects)} in (a), ${int(meterB.objects)} in (b).`,
  )
  const other = [unexpected({ statuses: statusesA, errors: 0 }, 302), unexpected(loadB, 302), unexpected(naiveLoad, 302)].filter(Boolean)
  if (other.length) console.log(`!! responses other than 302: ${other.join('; ')}`)
  if (meterA.kvWrites !== afterA.writes || meterB.kvWrites !== afterB.writes)
    console.log(
      `!! the counters' own KV write count (${meterA.kvWrites}, ${meterB.kvWrites}) differs from the KV meter's (${afterA.writes}, ${afterB.writes})`,
    )

  heading('D. KV and D1 writes per 10,000 clicks (issues 10 and 23)')
  table(
    ['design', 'KV writes', 'D1 rows written (flushes)', 'D1 rows written (+ retention deletes)'],
    [
      [
        'sharelink (a) 2,000 links',
        int((afterA.writes / sentA) * 1e4),
        int((meterA.d1RowsWritten / sentA) * 1e4),
        int(a.d1RowsWritten * 1e4),
      ],
      ['sharelink (b) one link', int((afterB.writes / sentB) * 1e4), int((meterB.d1RowsWritten / sentB) * 1e4), int(b.d1RowsWritten * 1e4)],
      ['naive KV counter', int((naive.writes / naiveSent) * 1e4), '0', '0'],
      ['one write per click (AE)', '0', '0', '0'],
    ],
  )

  // The table for the README.
  heading('D. What it costs (Markdown, for the README)')
  const month = CLICKS_PER_DAY * DAYS_PER_MONTH
  const costRow = (design, shape, ops) => [
    design,
    shape,
    usd(dollarsPerMillion(ops)),
    usd(dollarsPerMillion(ops) * (month / 1e6)),
    usd(PRICE_LIST.planMonthly + OPS.reduce((s, op) => s + billed(op, ops[op] * month), 0)),
  ]
  markdown(
    [
      'design',
      'traffic',
      'per million clicks',
      'per month, 1M clicks a day (list price)',
      'per month, billed (Workers Paid: included usage, $5 plan)',
    ],
    [
      costRow('sharelink: exact, de-duplicated, day and hour rollups', '(a) 2,000 links, one click per batch', a),
      costRow('sharelink: exact, de-duplicated, day and hour rollups', '(b) one link, 100 connections', b),
      costRow('naive KV counter (loses concurrent clicks)', '(a)', naiveOps('a')),
      costRow('naive KV counter (loses concurrent clicks)', '(b)', naiveOps('b')),
      costRow('one Analytics Engine data point per click (sampled)', '(a)', aeOps('a')),
      costRow('one Analytics Engine data point per click (sampled)', '(b)', aeOps('b')),
    ],
  )
  console.log('')
  console.log(
    `Prices: Cloudflare's public list for ${PRICE_LIST.plan} (bench/lib/prices.mjs), checked ${PRICE_LIST.checked}: ` +
      `${Object.values(PRICE_LIST.sources).join(' ')}. A month is ${DAYS_PER_MONTH} days (${int(month)} clicks); "billed" subtracts ` +
      'the monthly amounts the plan includes, as if sharelink were alone on the account, and adds the plan itself. DO duration ' +
      "left out (see above). (a) and (b) are the bench's shapes; a real month mixes them.",
  )

  // FLUSH_SECONDS by cost: each flush of a touched link is an alarm and its D1 rows (no KV write since issue 23).
  const perFlush = probe.laterFlush
  const flushDollars =
    listPrice('kvWrites', perFlush.kvWrites) +
    listPrice('d1RowsWritten', perFlush.d1RowsWritten) +
    listPrice('doRequests', perFlush.requests) +
    listPrice('doRowsWritten', perFlush.rowsWritten) +
    listPrice('d1RowsRead', perFlush.d1RowsRead) +
    listPrice('doRowsRead', perFlush.rowsRead)
  heading(`D. FLUSH_SECONDS by cost: a publisher with ${int(ACTIVE_LINKS)} active links (Markdown)`)
  const perLinkPerDay = CLICKS_PER_DAY / ACTIVE_LINKS
  markdown(
    [
      'FLUSH_SECONDS',
      'flushes a month, every link clicked in every period (at most)',
      'flush cost a month, at most',
      `flushes a month, ${int(CLICKS_PER_DAY)} clicks a day at random over the links`,
      'flush cost a month, so',
    ],
    CADENCES.map((f) => {
      const most = ACTIVE_LINKS * ((DAYS_PER_MONTH * 86_400) / f)
      // A link's flushes: each click that finds no flush pending arms one, f seconds later.
      const rate = perLinkPerDay / 86_400
      const spread = ACTIVE_LINKS * DAYS_PER_MONTH * (perLinkPerDay / (1 + rate * f))
      return [`${f}${f === defaultFlush ? ' (default)' : ''}`, int(most), usd(most * flushDollars), int(spread), usd(spread * flushDollars)]
    }),
  )
  console.log('')
  console.log(
    `One flush of a link costs ${usd(flushDollars * 1e6)} per million flushes at list price: ${fixed(perFlush.kvWrites, 2)} KV writes, ` +
      `${fixed(perFlush.d1RowsWritten, 2)} D1 rows written, ${fixed(perFlush.requests, 2)} DO request (the alarm), ` +
      `${fixed(perFlush.rowsWritten, 2)} SQLite rows written (measured: calibration, a later flush in the same hour, its day and hour ` +
      'rows updated; breakdowns are JSON in those rows, so a new country or referrer adds no row; a flush in a new hour inserts ' +
      'its hour row, one more row for its index entry, and one more when the trim deletes it). "At most": every link clicked at least once every period. "At random": ' +
      `${int(perLinkPerDay)} clicks per link a day, as Poisson arrivals; a link then flushes once per click that finds none pending, ` +
      `so the period only saves writes on links clicked more often than once per period. The default is ${defaultFlush} s ` +
      "(src/config.ts DEFAULT_FLUSH_SECONDS): D1, and so analytics and the share buttons' counts, at most a minute behind.",
  )
  storageReport(weighed, src)
  return { a, b, designs, probe, storage: weighed }
}

/** Ops with nothing in them. */
const zeroOps = () => Object.fromEntries(OPS.map((op) => [op, 0]))

/** Dollars per million clicks at list price, for ops per click. */
const dollarsPerMillion = (ops) => OPS.reduce((s, op) => s + listPrice(op, ops[op] * 1e6), 0)

/** Runs `job(i)` for i in [0, n) with at most `concurrency` at once; resolves with the results in order. */
async function pool(n, concurrency, job) {
  const out = new Array(n)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(n, concurrency) }, async () => {
      while (next < n) {
        const i = next++
        out[i] = await job(i)
      }
    }),
  )
  return out
}

/**
 * One GET per URL as a person and a new reader, `concurrency` at once; answers by status.
 * `before(i)` may hold a click back; `after(i)` runs once it is answered.
 */
async function clickEach(urls, concurrency, before = async () => {}, after = () => {}) {
  const statuses = {}
  await pool(urls.length, concurrency, async (i) => {
    await before(i)
    const res = await fetch(urls[i], {
      redirect: 'manual',
      headers: { 'User-Agent': BROWSER_UA, 'CF-Connecting-IP': newReader() },
      signal: AbortSignal.timeout(15_000),
    })
    await res.arrayBuffer()
    after(i)
    statuses[res.status] = (statuses[res.status] ?? 0) + 1
  })
  return statuses
}

function addCounts(into, from) {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v
}

/** Waits for every flush: past FLUSH_SECONDS, then until the Worker's D1 rollups (and KV writes) stop changing. */
async function settle(mf, worker, tally) {
  await sleep(FLUSH_SECONDS * 1000 + 1500)
  const db = await mf.getD1Database('ANALYTICS', worker)
  const state = async () => {
    const r = await db
      .prepare(
        'SELECT (SELECT COUNT(*) FROM link_days) AS days, (SELECT COALESCE(SUM(clicks), 0) FROM link_days) AS clicks, ' +
          '(SELECT COUNT(*) FROM link_hours) AS hours, (SELECT COALESCE(SUM(clicks), 0) FROM link_hours) AS hourClicks',
      )
      .first()
    return `${r.days}/${r.clicks}/${r.hours}/${r.hourClicks}/${(await tally()).writes}`
  }
  await untilStable(state, { everyMs: 500, times: 4, timeoutMs: 30_000 })
}

/** KV meter counts after − before. */
function diffTally(after, before) {
  const sub = (x = {}, y = {}) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v - (y[k] ?? 0)]))
  return {
    reads: after.reads - before.reads,
    writes: after.writes - before.writes,
    lists: after.lists - before.lists,
    writesByPrefix: sub(after.writesByPrefix, before.writesByPrefix),
    readsByPrefix: sub(after.readsByPrefix, before.readsByPrefix),
  }
}

const byPrefix = (counts) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([p, n]) => `${p} ${int(n)}`)
    .join(', ') || 'none'

async function d1First(mf, worker, sql) {
  const db = await mf.getD1Database('ANALYTICS', worker)
  return db.prepare(sql).first()
}

/**
 * src/'s daily trim (trimRollups) on every rollup row of `worker`'s D1, as the cron will run it
 * once they are older than RETENTION_DAYS (link_days) and HOURS_KEPT_DAYS (link_hours): the rows
 * it deleted, and D1's rows read and written for it.
 */
async function trimAll(mf, worker, src) {
  const raw = await mf.getD1Database('ANALYTICS', worker)
  const count = () => raw.prepare('SELECT (SELECT COUNT(*) FROM link_days) AS days, (SELECT COUNT(*) FROM link_hours) AS hours').first()
  const before = await count()
  const watched = watchD1(raw)
  const later = Date.now() + (Math.max(src.DEFAULT_RETENTION_DAYS, src.HOURS_KEPT_DAYS) + 2) * 86_400_000
  const removed = await src.trimRollups(watched.db, src.DEFAULT_RETENTION_DAYS, new src.Zone('UTC'), later)
  const left = await count()
  if (left.days || left.hours) throw new Error(`the trim left ${left.days} day rows and ${left.hours} hour rows in ${worker}'s D1`)
  if (removed !== before.days + before.hours) throw new Error(`the trim removed ${removed} rows of ${before.days + before.hours}`)
  const sum = (field) => watched.log.reduce((n, s) => n + s[field], 0)
  return {
    days: before.days,
    hours: before.hours,
    rowsRead: sum('rowsRead'),
    rowsWritten: sum('rowsWritten'),
    statements: watched.log.length,
  }
}

/**
 * What one batch and one flush cost, per link: 20 links on a Worker with FLUSH_SECONDS 3, each
 * clicked (first batch), clicked again (a later batch), flushed, clicked, flushed again; the
 * counters' meters read between the steps.
 */
async function calibrate(mf, base, origin, n = 20) {
  const codes = await pool(n, 8, async (i) => (await createLink(base, origin.articleUrl(`probe-${i}`), 'x', { unfurled: false })).code)
  const ids = Object.values(await linkIds(mf, 'cost-probe'))
  const read = () => summedReadings(mf, READER, 'cost-probe', ids)
  const click = async () => {
    await clickEach(
      codes.map((c) => `${base}/${c}`),
      n,
    )
    // The batch window (20 ms, or 200 ms for a link clicked in the last second) and the counter's grouping (2 ms), then the transaction.
    await sleep(300)
  }
  const per = (m) => Object.fromEntries(METER_FIELDS.map((f) => [f, m[f] / n]))
  // Not read before the first click: a call would create the objects, tables and all.
  const m0 = emptyMeter()
  await click()
  const m1 = await read()
  await click()
  const m2 = await read()
  await sleep(PROBE_FLUSH_SECONDS * 1000 + 1000)
  const m3 = await read()
  await click()
  const m4 = await read()
  await sleep(PROBE_FLUSH_SECONDS * 1000 + 1000)
  const m5 = await read()
  const steps = [
    ['first click: the table, the day row', per(minus(m1, m0))],
    ['second click, same day (a later batch)', per(minus(m2, m1))],
    ['first flush (alarm)', per(minus(m3, m2))],
    ['third click, after the flush', per(minus(m4, m3))],
    ['second flush', per(minus(m5, m4))],
  ]
  return { steps, laterFlush: per(minus(m5, m4)), laterBatch: per(minus(m2, m1)) }
}

/**
 * (a) and (b) per million clicks, by billed operation: what each dollar figure is made of, beside
 * the same bench before issue 23 and its targets, and which writes went.
 */
function breakdown(a, b, { afterA, afterB, dayRowsA, hourRowsA, dayRowsB, hourRowsB, links, meterA, meterB }) {
  heading(
    `D. (a) and (b) per million clicks, by billed operation (issue 23: (a) at most ${usd(TARGET.a)}, was ${usd(BEFORE.a)}; (b) no worse than ${usd(TARGET.b)})`,
  )
  const totalA = dollarsPerMillion(a)
  const totalB = dollarsPerMillion(b)
  const share = (d, total) => `${fixed((100 * d) / total, 0)}%`
  table(
    [
      'billed operation',
      '(a) per click',
      '(a) $ per million clicks',
      '(a) share',
      '(b) per click',
      '(b) $ per million clicks',
      '(b) share',
    ],
    OPS.filter((op) => a[op] || b[op])
      .map((op) => {
        const da = listPrice(op, a[op] * 1e6)
        const db = listPrice(op, b[op] * 1e6)
        return [PRICES[op].label, fixed(a[op], 4), usd(da), share(da, totalA), fixed(b[op], 4), usd(db), share(db, totalB)]
      })
      .concat([['= dollars per million clicks', '', usd(totalA), '100%', '', usd(totalB), '100%']]),
  )
  // To the cent, as the figures before were printed.
  const verdict = (now, target) => (Math.round(now * 100) <= Math.round(target * 100) ? 'target met' : 'target NOT met')
  console.log('')
  console.log(
    `(a): ${usd(totalA)} per million clicks ($${totalA.toFixed(3)}), was ${usd(BEFORE.a)} (${fixed(BEFORE.a / totalA, 1)}× less): ${verdict(totalA, TARGET.a)} (≤ ${usd(TARGET.a)}). ` +
      `(b): ${usd(totalB)} ($${totalB.toFixed(3)}), was ${usd(BEFORE.b)}: ${verdict(totalB, TARGET.b)} (≤ ${usd(TARGET.b)}, to the cent). ` +
      `"Was": this bench on the design before issue 23 (README "What it costs", run of 2026-11-27).`,
  )
  console.log(
    `Which writes went: the KV key each flush wrote (count:<link id>, $5 per million): KV writes per flush now ` +
      `${fixed(meterA.kvWrites / meterA.alarms, 2)} in (a), ${fixed(meterB.kvWrites / Math.max(1, meterB.alarms), 2)} in (b) ` +
      `(the KV meter, by key: (a) ${byPrefix(afterA.writesByPrefix)}, (b) ${byPrefix(afterB.writesByPrefix)}); and the D1 row per country ` +
      'and referrer of each link-day (link_day_dims): breakdowns are now JSON in the day and hour rows. What came: an hour row per link and ' +
      `hour. D1 rows written per flush: ${fixed(meterA.d1RowsWritten / meterA.alarms, 2)} in (a), ` +
      `${fixed(meterB.d1RowsWritten / Math.max(1, meterB.alarms), 2)} in (b).`,
  )
  const crossed = dayRowsA > links || hourRowsA > links
  console.log(
    `D1 rollups the run left: (a) ${int(dayRowsA)} link_days and ${int(hourRowsA)} link_hours rows for ${int(links)} links` +
      `${crossed ? ' (the run crossed an hour or a day: more inserts, and more rows to delete, than a run inside one hour)' : ' (one day row and one hour row each)'}; ` +
      `(b) ${int(dayRowsB)} and ${int(hourRowsB)} for one link. (a) inserts each link's rows on its first flush and updates them on the ` +
      'next four; a link clicked all day, as in production, inserts its day row once a day and an hour row once an hour.',
  )
}

/**
 * What a rollup row weighs in D1: an empty database with the app's tables (cost-storage) filled
 * with STORAGE_LINKS × STORAGE_PERIODS rows of each table, in the order flushes write them (period
 * by period, links in scattered order), shaped like `templateWorker`'s rows (its link id and article
 * hash lengths, its channel) with an active link's breakdowns (TYPICAL_*), sized as D1 reports
 * (meta.size_after, its pages, indexes included) before and after.
 */
const STORAGE_LINKS = 10_000
const STORAGE_PERIODS = 5
/** An active link's day (about 100 clicks) and hour (about 4), breakdowns as rollups.ts writes them (JSON, this key order). */
const TYPICAL_DAY = {
  figures: [100, 5, 20, 2, 1],
  totals: [2400, 120, 480, 48],
  dims: {
    country: { US: 41, GB: 17, CA: 9, DE: 6, IN: 5, AU: 4, FR: 3, XX: 2 },
    referrer: { 'x.com': 30, 'facebook.com': 25, direct: 20, 'news.google.com': 8, 'linkedin.com': 5, 'reddit.com': 4 },
    platform: { facebook: 8, x: 6, whatsapp: 3, linkedin: 2, slack: 1 },
    search: { google: 1 },
  },
}
const TYPICAL_HOUR = {
  figures: [4, 0, 1, 0, 0],
  c: [0, 1, 0, 0, 1, 0, 0, 2, 0, 0, 0, 0],
  p: [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
  s: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  dims: { country: { US: 3, GB: 1 }, referrer: { 'x.com': 2, direct: 2 }, platform: { facebook: 1 }, search: {} },
}
const SECTION = 'politics'
const AUTHOR = 'Jane Doe'

async function storage(mf, templateWorker) {
  const source = await mf.getD1Database('ANALYTICS', templateWorker)
  const template = await source.prepare('SELECT link, article, channel FROM link_days LIMIT 1').first()
  const run = await source
    .prepare('SELECT AVG(length(dims)) AS day, (SELECT AVG(length(dims)) FROM link_hours) AS hour FROM link_days')
    .first()
  const db = await mf.getD1Database('ANALYTICS', 'cost-storage')
  const n = STORAGE_LINKS * STORAGE_PERIODS
  const rows = `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 - 1)`
  // Link k of ?2 each period: its id and article hash, scattered (k × an odd number mod 2^32 is one-to-one).
  const hash = (m) => `(((i % ?2) * ${m}) % 4294967296)`
  const link = `substr(?3, 1, length(?3) - 8) || printf('%08x', ${hash(2654435761)})`
  const article = `substr(printf('%08x%08x%08x%08x', ${hash(2246822519)}, ${hash(3266489917)}, ${hash(668265263)}, ${hash(374761393)}), 1, length(?4))`
  const about = [n, STORAGE_LINKS, template.link, template.article, template.channel, SECTION, AUTHOR]
  const dayDims = JSON.stringify(TYPICAL_DAY.dims)
  const hourDims = JSON.stringify(TYPICAL_HOUR.dims)
  const empty = await d1Size(db)
  await db
    .prepare(
      `${rows} INSERT INTO link_days (day, link, article, channel, section, author, clicks, repeats, previews, shares, crawls, dims,
         total_clicks, total_repeats, total_previews, total_shares)
       SELECT date('2026-01-01', '+' || (i / ?2) || ' days'), ${link}, ${article}, ?5, ?6, ?7, ${TYPICAL_DAY.figures.join(', ')}, ?8,
         ${TYPICAL_DAY.totals.join(', ')} FROM n`,
    )
    .bind(...about, dayDims)
    .run()
  const withDays = await d1Size(db)
  const steps = [...TYPICAL_HOUR.c, ...TYPICAL_HOUR.p, ...TYPICAL_HOUR.s]
  const stepColumns = ['c', 'p', 's'].flatMap((x) => Array.from({ length: 12 }, (_, i) => `${x}${i}`))
  await db
    .prepare(
      `${rows} INSERT INTO link_hours (hour, link, article, channel, section, author, clicks, repeats, previews, shares, crawls,
         ${stepColumns.join(', ')}, dims)
       SELECT ?9 + (i / ?2) * 3600000, ${link}, ${article}, ?5, ?6, ?7, ${TYPICAL_HOUR.figures.join(', ')}, ${steps.join(', ')}, ?8 FROM n`,
    )
    .bind(...about, hourDims, Date.UTC(2026, 0, 1))
    .run()
  const withHours = await d1Size(db)
  const counted = await db.prepare('SELECT (SELECT COUNT(*) FROM link_days) AS days, (SELECT COUNT(*) FROM link_hours) AS hours').first()
  if (counted.days !== n || counted.hours !== n)
    throw new Error(`storage: ${counted.days} day rows and ${counted.hours} hour rows, not ${n}`)
  return {
    n,
    dayBytes: (withDays - empty) / n,
    hourBytes: (withHours - withDays) / n,
    dims: { day: dayDims.length, hour: hourDims.length },
    runDims: { day: run.day ?? 0, hour: run.hour ?? 0 },
    template,
  }
}

/** Bytes per row, and what a publisher's ACTIVE_LINKS keep in D1 over a year and what that costs. */
function storageReport(w, src) {
  const GB = 1e9
  const retention = src.DEFAULT_RETENTION_DAYS
  const keptHours = src.HOURS_KEPT_DAYS
  heading(`D. D1 storage: bytes per rollup row, and a year of ${int(ACTIVE_LINKS)} active links`)
  table(
    ['table', 'rows added', 'bytes per row, indexes included', 'kept (src/)', 'rows of one active link'],
    [
      ['link_days', int(w.n), int(w.dayBytes), `RETENTION_DAYS (default ${retention})`, `1 a day: ${retention} at most`],
      [
        'link_hours',
        int(w.n),
        int(w.hourBytes),
        `HOURS_KEPT_DAYS (${keptHours} days)`,
        `1 an hour clicked: ${int(24 * (keptHours + 1 / 24))} at most`,
      ],
    ],
  )
  console.log('')
  console.log(
    `Measured: D1's size (meta.size_after, its 4 KiB pages, both tables' indexes included) of an empty database with the app's tables, ` +
      `then after ${int(w.n)} link_days rows (${int(STORAGE_LINKS)} links × ${STORAGE_PERIODS} days, links in scattered order within a day, ` +
      `as flushes insert them), then after as many link_hours rows (× ${STORAGE_PERIODS} hours). Rows as the counters write them, with ` +
      `(a)'s link id and article hash lengths (${w.template.link.length} and ${w.template.article.length} characters), section and author ` +
      `set, and an active link's breakdowns: dims JSON of ${w.dims.day} bytes a day, ${w.dims.hour} an hour (the run's own rows, one address ` +
      `and no referrer per link: ${fixed(w.runDims.day, 0)} and ${fixed(w.runDims.hour, 0)}).`,
  )
  // An active link: a day row every day, an hour row every hour (100 clicks a day leave an hour without one 1.5% of the time).
  const bytesAt = (day) => ACTIVE_LINKS * (Math.min(day, retention) * w.dayBytes + Math.min(day, keptHours + 1 / 24) * 24 * w.hourBytes)
  const monthDays = 365 / 12
  const months = Array.from({ length: 12 }, (_, m) => {
    const days = Array.from({ length: Math.round(monthDays) }, (_, i) => m * monthDays + i + 1)
    const avg = days.reduce((s, d) => s + bytesAt(d), 0) / days.length / GB
    return { end: bytesAt((m + 1) * monthDays) / GB, avg }
  })
  const list = (gb) => gb * D1_STORAGE.perGbMonth
  const bill = (gb) => Math.max(0, gb - D1_STORAGE.includedGb) * D1_STORAGE.perGbMonth
  const steady = bytesAt(Math.max(retention, keptHours + 1)) / GB
  markdown(
    ['after', 'link_days rows', 'link_hours rows', 'GB stored', 'that month at list price', 'that month billed (first 5 GB included)'],
    [1, 2, 3, 6, 12]
      .map((m) => {
        const day = m * monthDays
        return [
          `${m} month${m > 1 ? 's' : ''}`,
          int(ACTIVE_LINKS * Math.min(day, retention)),
          int(ACTIVE_LINKS * 24 * Math.min(day, keptHours + 1 / 24)),
          fixed(months[m - 1].end, 2),
          usd(list(months[m - 1].avg)),
          usd(bill(months[m - 1].avg)),
        ]
      })
      .concat([
        [
          `${retention} days on (steady)`,
          int(ACTIVE_LINKS * retention),
          int(ACTIVE_LINKS * 24 * (keptHours + 1 / 24)),
          fixed(steady, 2),
          usd(list(steady)),
          usd(bill(steady)),
        ],
      ]),
  )
  const gbMonths = months.reduce((s, m) => s + m.avg, 0)
  const billedYear = months.reduce((s, m) => s + bill(m.avg), 0)
  console.log('')
  console.log(
    `A year of ${int(ACTIVE_LINKS)} active links (each clicked every hour: at most) keeps ${fixed(gbMonths, 1)} GB-months in D1: ` +
      `${usd(list(gbMonths))} at list price (${usd(D1_STORAGE.perGbMonth)} per GB-month), ${usd(billedYear)} billed beyond the ${D1_STORAGE.includedGb} GB ` +
      `the plan includes (as if alone on the account). Hour rows are ${fixed((100 * 24 * (keptHours + 1 / 24) * w.hourBytes) / (retention * w.dayBytes + 24 * (keptHours + 1 / 24) * w.hourBytes), 0)}% ` +
      `of the steady state. GB = 10^9 bytes. One D1 database holds at most ${D1_STORAGE.maxDatabaseGb} GB (Workers Paid): ` +
      `${steady <= D1_STORAGE.maxDatabaseGb ? `the steady ${fixed(steady, 2)} GB is ${fixed((100 * steady) / D1_STORAGE.maxDatabaseGb, 0)}% of it` : `!! the steady ${fixed(steady, 2)} GB is over it`}.`,
  )
}
