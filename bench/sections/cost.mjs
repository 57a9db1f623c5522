/**
 * Section D, what a million clicks cost (issue 15): every billed operation of sharelink's clicks,
 * counted, not estimated, under two traffic shapes, priced with the public price list
 * (lib/prices.mjs), side by side with a naive KV counter and a one-write-per-click design.
 *
 *   (a) 10,000 clicks over 2,000 links (400 articles × 5 channels), each click its own batch:
 *       five waves, each one click on every link, a link's clicks WAVE_MS apart (> the
 *       isolate's batch windows, 20 ms and 200 ms for a link busy in the last second, and > the
 *       in-isolate link cache, as for a link clicked now and then)
 *   (b) 10,000 clicks on one link at 100 concurrent connections
 *
 * Every click is a distinct reader (CF-Connecting-IP), de-duplication is on (DEDUP_SECONDS as
 * wrangler.toml), and the D1 rollups are written on each flush, as always. Where each count comes
 * from:
 *   Worker requests      the clicks sent (each answered 302)
 *   DO requests, SQLite  each ClickCounter's own meter, reading() over RPC, summed over objects
 *   rows, KV writes, D1  (rows from SqlStorageCursor.rowsRead/rowsWritten, D1 rows from its meta)
 *   KV reads and writes  the KV meter Worker between the binding and storage (bench/workers/kv-meter.js)
 *   later deletions      the day row's trim after 7 days: one row per day row, computed from the
 *                        day rows written (one per link and UTC day); D1's retention deletes:
 *                        measured, by running the daily trim's DELETEs on the run's rollups
 * Links are created first, through the admin API: what that writes (KV, D1, LinkOwner) is setup,
 * shown apart. A calibration on 20 more links reads the meters between steps, to show what one
 * batch and one flush write.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { counterMeterWorker, emptyMeter, linkIds, METER_FIELDS, minus, summedReadings } from '../lib/counters.mjs'
import { createLink, sleep, untilStable } from '../lib/http.mjs'
import { meteredKv, meterWorker } from '../lib/kv-meter-plugin.mjs'
import { answered, BROWSER_UA, load, newReader, unexpected } from '../lib/load.mjs'
import { COMPATIBILITY_DATE, DEDUP_SECONDS, ownPort, sharelinkWorker, startMiniflare } from '../lib/miniflare.mjs'
import { BENCH_DIR, ROOT } from '../lib/paths.mjs'
import { billed, DO_DURATION, listPrice, PRICE_LIST, PRICES } from '../lib/prices.mjs'
import { fixed, heading, int, markdown, table, usd } from '../lib/report.mjs'

const METER = 'kv-meter'
const READER = 'counter-meter'
/**
 * Time runs faster here than in production, by one factor for both shapes: FLUSH_SECONDS 2 stands
 * for the production default of 300 s (src/config.ts), so (a)'s clicks of a link, 6 s apart,
 * stand for clicks 15 minutes apart (about 100 a day: 1 million clicks a day over 10,000 links),
 * each flushed on its own as in production; (b)'s 10,000 clicks in ~10 s stand for 10,000 in
 * ~25 minutes, flushed a few times.
 */
const FLUSH_SECONDS = 2
const SPEEDUP = 300 / FLUSH_SECONDS
const WAVE_MS = 6_000
const PROBE_FLUSH_SECONDS = 3
const CHANNELS = ['x', 'facebook', 'linkedin', 'whatsapp', 'email']
const CLICKS_PER_DAY = 1e6
const DAYS_PER_MONTH = 30
const ACTIVE_LINKS = 10_000
const CADENCES = [30, 60, 300, 900]
const OPS = Object.keys(PRICES)

let sectionStart = Date.now()
/** A long section says where it is, on stderr (the report stays on stdout). */
const progress = (what) => process.stderr.write(`[D ${((Date.now() - sectionStart) / 1000).toFixed(0)} s] ${what}\n`)

export async function cost({ scriptPath, origin, links = 2_000, clicksA = 10_000, clicksB = 10_000, naiveClicks = 1_000 }) {
  sectionStart = Date.now()
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
  await settle(() => kvTally('cost-a'))
  const afterA = diffTally(await kvTally('cost-a'), beforeA)
  const meterA = await summedReadings(mf, READER, 'cost-a', Object.values(idsA))
  progress('(a) flushed and metered')
  const sentA = statusesA['302'] ?? 0
  const dayRowsA = (await d1First(mf, 'cost-a', 'SELECT COUNT(*) AS n FROM link_days')).n
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
  await settle(() => kvTally('cost-b'))
  const afterB = diffTally(await kvTally('cost-b'), beforeB)
  const meterB = await summedReadings(mf, READER, 'cost-b', [idsB[linkB.code]])
  progress(`(b) ${clicksB} clicks in ${loadB.seconds.toFixed(1)} s, flushed and metered`)
  const sentB = answered(loadB, 302)
  const dayRowsB = (await d1First(mf, 'cost-b', 'SELECT COUNT(*) AS n FROM link_days')).n
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

  // Later deletions in D1: the daily trim's DELETEs (src/clicks/rollups.ts trimRollups) run now,
  // on every rollup row of the run, as they will once the rows pass RETENTION_DAYS.
  const d1DeletesA = await deleteRollups(mf, 'cost-a')
  const d1DeletesB = await deleteRollups(mf, 'cost-b')
  await dispose()

  // Per click, each billed operation, all in.
  const perClick = (sent, m, kv, dayRows, d1Deletes) => ({
    workerRequests: 1,
    doRequests: m.requests / sent,
    doRowsRead: m.rowsRead / sent,
    // The trim after EPHEMERAL_DAYS: one UPDATE per day row (computed: it needs 7 days to pass).
    doRowsWritten: (m.rowsWritten + dayRows) / sent,
    kvReads: kv.reads / sent,
    kvWrites: kv.writes / sent,
    d1RowsRead: m.d1RowsRead / sent,
    d1RowsWritten: (m.d1RowsWritten + d1Deletes) / sent,
    aeDataPoints: 0,
  })
  const a = perClick(sentA, meterA, afterA, dayRowsA, d1DeletesA)
  const b = perClick(sentB, meterB, afterB, dayRowsB, d1DeletesB)
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

  heading('D. What a million clicks cost (issue 15): every billed operation, counted')
  console.log(
    `(a) ${int(sentA)} clicks over ${int(links)} links (400 articles × 5 channels), ${waves} waves of one click per link, ` +
      `a link's clicks ${WAVE_MS / 1000} s apart (each its own batch and its own flush), in ${fixed(clicksSecondsA, 0)} s; ` +
      `(b) ${int(sentB)} clicks on one link at 100 connections in ${fixed(loadB.seconds, 1)} s, ` +
      `${fixed(meterB.hits / meterB.batches, 1)} clicks per batch (one isolate here).`,
  )
  console.log(
    `Every click a distinct reader (CF-Connecting-IP); DEDUP_SECONDS=${DEDUP_SECONDS}; D1 rollups on; FLUSH_SECONDS=${FLUSH_SECONDS}, ` +
      `standing for the production default of 300 s on a clock ${SPEEDUP}× faster: (a) is then a link clicked every ` +
      `${fixed((WAVE_MS * SPEEDUP) / 60_000, 0)} minutes ` +
      `(1M clicks a day over 10,000 links), every click flushed on its own; (b) ${int(sentB)} clicks in ` +
      `${fixed((loadB.seconds * SPEEDUP) / 60, 0)} minutes, flushed ${int(meterB.alarms)} times. Meters read once every flush had run.`,
  )
  table(
    ['billed operation', 'price per million', 'sharelink (a)', 'sharelink (b)', 'naive KV counter', 'one write per click (AE, computed)'],
    OPS.map((op) => [PRICES[op].label, usd(PRICES[op].perMillion), ...designs.map((d) => (d.ops[op] ? int(d.ops[op] * 1e6) : '0'))]).concat(
      [['= dollars per million clicks', '', ...designs.map((d) => usd(dollarsPerMillion(d.ops)))]],
    ),
  )
  console.log('')
  console.log(
    "Per million clicks, all in (D1 rows read as local D1 reports them for these upserts): SQLite rows written include the day rows' later trim (one per day row, computed: " +
      `${int(dayRowsA)} in (a), ${int(dayRowsB)} in (b)); D1 rows written include the retention deletes (measured: ` +
      `${int(d1DeletesA)} in (a), ${int(d1DeletesB)} in (b)). KV reads are the redirect's link records ` +
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
      'batches; an alarm awaiting KV and D1 (say 50 ms) is $0.08 per million flushes. Setup (creating the links) is not ' +
      `in it either: ${int(setupA.writes)} KV writes (${byPrefix(setupA.writesByPrefix)}) and ${int(setupD1Rows)} D1 ` +
      `links rows plus their index entries for ${int(links)} links, in ${fixed(setupSeconds, 0)} s.`,
  )

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
    '  A batch writes its day row (figures, inline readers, seq ranges); the first batch also creates the table. ' +
      'A flush writes no SQLite row: one KV key (count:<link id>) and the D1 rows that changed. In (b), readers beyond the 64 a day ' +
      `row keeps inline go into one chunk row per transaction (readers_chunks_<parity>): ${fixed((meterB.rowsWritten - meterB.batches) / sentB, 3)} rows per click ` +
      `beyond one per batch there, with ${int(sentB)} distinct readers.`,
  )
  const exactA = meterA.hits === sentA && totalsA.clicks === sentA && totalsA.repeats === 0
  const exactB = meterB.hits === sentB && totalsB.clicks === sentB && totalsB.repeats === 0
  console.log(
    `  Exact: (a) ${int(sentA)} sent, ${int(meterA.hits)} applied, D1 link_days ${int(totalsA.clicks)} clicks + ${int(totalsA.repeats)} repeats` +
      `${exactA ? '' : ' !! MISMATCH'}; (b) ${int(sentB)} sent, ${int(meterB.hits)} applied, D1 ${int(totalsB.clicks)} + ${int(totalsB.repeats)}` +
      `${exactB ? '' : ' !! MISMATCH'}. Counters metered: ${int(meterA.objects)} in (a), ${int(meterB.objects)} in (b).`,
  )
  const other = [unexpected({ statuses: statusesA, errors: 0 }, 302), unexpected(loadB, 302), unexpected(naiveLoad, 302)].filter(Boolean)
  if (other.length) console.log(`!! responses other than 302: ${other.join('; ')}`)
  if (meterA.kvWrites !== afterA.writes || meterB.kvWrites !== afterB.writes)
    console.log(
      `!! the counters' own KV write count (${meterA.kvWrites}, ${meterB.kvWrites}) differs from the KV meter's (${afterA.writes}, ${afterB.writes})`,
    )

  heading('D. KV and D1 writes per 10,000 clicks (issue 10)')
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
      costRow('sharelink: exact, de-duplicated, daily rollups', '(a) 2,000 links, one click per batch', a),
      costRow('sharelink: exact, de-duplicated, daily rollups', '(b) one link, 100 connections', b),
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

  // FLUSH_SECONDS by cost: each flush of a touched link is an alarm, one KV write and its D1 rows.
  const perFlush = probe.laterFlush
  const flushDollars =
    listPrice('kvWrites', perFlush.kvWrites) +
    listPrice('d1RowsWritten', perFlush.d1RowsWritten) +
    listPrice('doRequests', perFlush.requests) +
    listPrice('doRowsWritten', perFlush.rowsWritten) +
    listPrice('d1RowsRead', perFlush.d1RowsRead) +
    listPrice('doRowsRead', perFlush.rowsRead)
  const defaultFlush = Number(/DEFAULT_FLUSH_SECONDS = (\d+)/.exec(readFileSync(join(ROOT, 'src', 'config.ts'), 'utf8'))?.[1])
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
    `One flush of a link costs ${usd(flushDollars * 1e6)} per million flushes at list price: ${fixed(perFlush.kvWrites, 2)} KV write, ` +
      `${fixed(perFlush.d1RowsWritten, 2)} D1 rows written, ${fixed(perFlush.requests, 2)} DO request (the alarm), ` +
      `${fixed(perFlush.rowsWritten, 2)} SQLite rows written (measured: calibration, later flush; one country, one referrer: ` +
      'each other key that changed adds a D1 row). "At most": every link clicked at least once every period. "At random": ' +
      `${int(perLinkPerDay)} clicks per link a day, as Poisson arrivals; a link then flushes once per click that finds none pending, ` +
      `so the period only saves writes on links clicked more often than once per period. The default is ${defaultFlush} s ` +
      '(src/config.ts DEFAULT_FLUSH_SECONDS): public counts at most 5 minutes old; the dashboard reads exact figures from the counters.',
  )
  return { a, b, designs, probe }
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

/** Waits for every flush: past FLUSH_SECONDS, then until the KV writes stop changing. */
async function settle(tally) {
  await sleep(FLUSH_SECONDS * 1000 + 1500)
  await untilStable(async () => (await tally()).writes, { everyMs: 500, times: 4, timeoutMs: 20_000 })
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

/** The daily retention trim's DELETEs on every rollup row; D1's rows written for them. */
async function deleteRollups(mf, worker) {
  const db = await mf.getD1Database('ANALYTICS', worker)
  const results = await db.batch([
    db.prepare('DELETE FROM link_days WHERE day < ?').bind('9999-12-31'),
    db.prepare('DELETE FROM link_day_dims WHERE day < ?').bind('9999-12-31'),
  ])
  return results.reduce((n, r) => n + (r.meta.rows_written ?? 0), 0)
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
