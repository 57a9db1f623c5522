/**
 * Section B, the redirect hot path (issue 6): sharelink's per-request routes against a floor, in
 * one Miniflare instance (one workerd process): sharelink is the entry Worker, the floor a second
 * Worker on its own port, both bound to the same KV namespace, so the floor reads the very record
 * sharelink wrote. Rows run round-robin (order rotated each round) so noise hits all alike.
 *
 * Two reference rows help read the others: a Worker that answers 302 without any storage (what
 * the floor's KV read costs), and the bot preview with Miniflare's Cache API turned off (how much
 * of that row is the local Cache API, a simulation: a separate Worker with SQLite and files).
 *
 * Where the human redirect's time goes, by elimination (no CPU profile of workerd is to be had):
 * builds of the same src/ with one piece of the redirect path swapped for a no-op at build time
 * (lib/build.mjs, bench/variants/), each on its own port like the floor, in the same rounds as
 * every other row; and a minimal Hono app doing the same cached lookup and 302. Differences in
 * per-request time (1 / req/s) between them price counting, bot detection and the rest of
 * sharelink's code; the summary under the table adds them up, and prices the framework the hot
 * path skips (hotClick answers a person's click before Hono routes it) with the minimal Hono app.
 */
import { join } from 'node:path'
import { counterCounts, counterReading, linkIds } from '../lib/counters.mjs'
import { call, createLink, untilStable } from '../lib/http.mjs'
import { answered, BROWSER_UA, CRAWLER_UA, load, unexpected } from '../lib/load.mjs'
import { COMPATIBILITY_DATE, DEDUP_SECONDS, ownPort, sharelinkWorker, startMiniflare } from '../lib/miniflare.mjs'
import { BENCH_DIR } from '../lib/paths.mjs'
import { fixed, heading, int, median, ratio, table } from '../lib/report.mjs'

const NS = 'links-hot-path'
const TARGETS = { human: 0.85, bot: 0.7 }
/** Issue 14: the own-port redirect, de-duplication on, against the bare Worker. */
const VS_BARE = { target: 0.55, aim: 0.75 }

/**
 * The by-elimination builds of sharelink (lib/build.mjs's buildVariants), each a Worker on its own
 * port with its own ClickCounter objects: [row id, Worker name, build, vars]. Two more Workers of
 * the control build price de-duplication: one with DEDUP_SECONDS=0, and one whose clicks carry no
 * reader address (their varying header is not CF-Connecting-IP), so nothing is hashed or kept.
 */
const SHARELINK_VARIANTS = [
  ['control', 'variant-control', 'control', {}],
  ['noCounting', 'variant-no-counting', 'noCounting', {}],
  ['idleCounter', 'variant-idle-counter', 'idleCounter', {}],
  ['noBotDetection', 'variant-no-bot-detection', 'noBotDetection', {}],
  ['neither', 'variant-neither', 'neither', {}],
  ['dedupOff', 'variant-dedup-off', 'control', { DEDUP_SECONDS: '0' }],
  ['noReader', 'variant-no-reader', 'control', {}],
]
/** Every human click in B comes from a new reader: the dearest case for de-duplication. */
const READER = 'CF-Connecting-IP'
/** The same varying header under a name the Worker ignores: the load generator's work is the same. */
const NOT_A_READER = 'X-Bench-Reader'

export async function hotPath({ scriptPath, meteredPath, variants, origin, rounds, seconds, connections }) {
  const article = origin.articleUrl('hot-path')
  const { mf, url, dispose } = await startMiniflare('hot-path', (base) => [
    // Its counters' meters are read (rows per hit): the metered build, the same code plus the bench's meter.
    sharelinkWorker({ name: 'sharelink', scriptPath: meteredPath, publicUrl: base, kv: NS }),
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
    {
      ...sharelinkWorker({ name: 'sharelink-nocache', scriptPath, publicUrl: base, kv: NS }),
      cacheAPI: false,
      unsafeDirectSockets: ownPort,
    },
    // By elimination: sharelink as built (the control) and without pieces of its redirect path,
    // each with its own ClickCounter objects; and a minimal Hono app. All read the same KV record.
    ...SHARELINK_VARIANTS.map(([, name, build, vars]) => ({
      // Counters kept in memory: the meters of the de-dup rows are read after all the rounds.
      ...sharelinkWorker({ name, scriptPath: variants[build], publicUrl: base, kv: NS, vars, keepCounters: true }),
      unsafeDirectSockets: ownPort,
    })),
    {
      name: 'hono-min',
      modules: true,
      scriptPath: variants.honoMin,
      compatibilityDate: COMPATIBILITY_DATE,
      kvNamespaces: { LINKS: NS },
      unsafeDirectSockets: ownPort,
    },
  ])
  const direct = async (name) => (await mf.unsafeGetDirectURL(name)).origin
  const floorUrl = await direct('floor')
  const bareUrl = await direct('bare')
  const noCacheUrl = await direct('sharelink-nocache')
  const variantUrl = Object.fromEntries(await Promise.all(SHARELINK_VARIANTS.map(async ([key, name]) => [key, await direct(name)])))
  const honoUrl = await direct('hono-min')

  // Seeding: the redirect link through the admin API; the share link through POST /api/share
  // itself (admin-made links don't take the (article, channel) slot), so the timed share calls
  // all find an existing link.
  const link = await createLink(url, article)
  const shareBody = JSON.stringify({ url: origin.articleUrl('shared'), channel: 'x' })
  const first = await call(`${url}/api/share`, { method: 'POST', body: JSON.parse(shareBody) })
  if (first.status !== 201) throw new Error(`first POST /api/share answered ${first.status}: ${first.text}`)

  const person = { 'User-Agent': BROWSER_UA }
  const crawler = { 'User-Agent': CRAWLER_UA }
  // Every row's requests carry a new address in a header (lib/load.mjs): as CF-Connecting-IP on
  // the rows of people's clicks, under a name nothing reads on the others.
  const reader = READER
  const other = NOT_A_READER
  const rows = [
    { id: 'floor', name: 'floor (KV get + 302, no framework)', expect: 302, target: { url: `${floorUrl}/${link.code}`, reader: other } },
    {
      id: 'human',
      name: 'sharelink human redirect',
      key: 'human',
      expect: 302,
      target: { url: `${url}/${link.code}`, headers: person, reader },
    },
    {
      id: 'bot',
      name: 'sharelink bot preview',
      key: 'bot',
      expect: 200,
      target: { url: `${url}/${link.code}`, headers: crawler, reader: other },
    },
    {
      id: 'share',
      name: 'sharelink POST /api/share (existing)',
      expect: 200,
      target: {
        url: `${url}/api/share`,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...person },
        body: shareBody,
        reader: other,
      },
    },
    { id: 'bare', name: '(reference) bare Worker, 302, no KV', expect: 302, target: { url: `${bareUrl}/${link.code}`, reader: other } },
    {
      id: 'noCache',
      name: '(reference) bot preview, Cache API off',
      expect: 200,
      target: { url: `${noCacheUrl}/${link.code}`, headers: crawler, reader: other },
    },
    // By elimination: the human redirect on its own port, as built and with pieces swapped out.
    {
      id: 'control',
      name: `(elimination) human redirect, own port (de-dup on, ${DEDUP_SECONDS} s)`,
      expect: 302,
      target: { url: `${variantUrl.control}/${link.code}`, headers: person, reader },
    },
    {
      id: 'noCounting',
      name: '(elimination) … no counting',
      expect: 302,
      target: { url: `${variantUrl.noCounting}/${link.code}`, headers: person, reader },
    },
    {
      id: 'idleCounter',
      name: '(elimination) … counter idle (takes each batch, keeps nothing)',
      expect: 302,
      target: { url: `${variantUrl.idleCounter}/${link.code}`, headers: person, reader },
    },
    {
      id: 'noBotDetection',
      name: '(elimination) … no bot detection',
      expect: 302,
      target: { url: `${variantUrl.noBotDetection}/${link.code}`, headers: person, reader },
    },
    {
      id: 'neither',
      name: '(elimination) … neither',
      expect: 302,
      target: { url: `${variantUrl.neither}/${link.code}`, headers: person, reader },
    },
    {
      id: 'dedupOff',
      name: '(de-dup) … de-dup off (DEDUP_SECONDS=0)',
      expect: 302,
      target: { url: `${variantUrl.dedupOff}/${link.code}`, headers: person, reader },
    },
    {
      id: 'noReader',
      name: '(de-dup) … no reader address (nothing hashed or kept)',
      expect: 302,
      target: { url: `${variantUrl.noReader}/${link.code}`, headers: person, reader: other },
    },
    {
      id: 'honoMin',
      name: '(elimination) minimal Hono app, cache + 302',
      expect: 302,
      target: { url: `${honoUrl}/${link.code}`, headers: person, reader: other },
    },
  ]
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]))

  // Each target answers as it should before it is timed.
  await check(await call(rows[0].target.url), 302, (r) => r.headers.get('Location') === link.url, 'floor')
  await check(
    await call(rows[1].target.url, { headers: rows[1].target.headers }),
    302,
    (r) => r.headers.get('Location')?.startsWith(link.url),
    'human redirect',
  )
  await check(await call(rows[2].target.url, { headers: rows[2].target.headers }), 200, (r) => r.text.includes('og:title'), 'bot preview')
  await check(await call(rows[3].target.url, { method: 'POST', body: JSON.parse(shareBody) }), 200, () => true, 'POST /api/share')
  await check(await call(rows[4].target.url), 302, (r) => r.headers.get('Location') === link.url, 'bare 302')
  await check(
    await call(rows[5].target.url, { headers: rows[5].target.headers }),
    200,
    (r) => r.text.includes('og:title'),
    'bot preview, no cache',
  )
  for (const [key] of SHARELINK_VARIANTS) {
    const target = `${variantUrl[key]}/${link.code}`
    await check(
      await call(target, { headers: person }),
      302,
      (r) => r.headers.get('Location')?.startsWith(link.url),
      `${key} variant, person`,
    )
    // The swap took: without bot detection a crawler is sent on like a person.
    const botDetected = key !== 'noBotDetection' && key !== 'neither'
    await check(await call(target, { headers: crawler }), botDetected ? 200 : 302, () => true, `${key} variant, crawler`)
  }
  await check(await call(`${honoUrl}/${link.code}`), 302, (r) => r.headers.get('Location') === link.url, 'minimal Hono app')

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
  // The other swap took: the variants without counting counted nothing, the others did (read
  // from each Worker's own ClickCounter for the link, once the last batches have landed; the
  // variants' admin API can't name the link: its owner is the main Worker's LinkOwner).
  const ids = await linkIds(mf, 'sharelink')
  const hitsOf = async (name) => (await counterReading(mf, name, ids[link.code])).hits
  const clicks = Object.fromEntries(
    await Promise.all(SHARELINK_VARIANTS.map(async ([key, name]) => [key, (await untilStable(() => hitsOf(name), { times: 3 })).value])),
  )
  // What the clicks cost the counter with de-duplication on, off, and with no reader to tell apart.
  const counterCost = {}
  const repeats = {}
  for (const key of ['control', 'dedupOff', 'noReader']) {
    const name = SHARELINK_VARIANTS.find(([k]) => k === key)[1]
    const r = await counterReading(mf, name, ids[link.code])
    counterCost[key] = { hits: r.hits, batches: r.batches, rowsRead: r.rowsRead, rowsWritten: r.rowsWritten }
    repeats[key] = (await counterCounts(mf, name, ids[link.code])).repeats
  }
  await dispose()
  // Each round's rows ran seconds apart: a ratio within a round cancels slower drift (other
  // processes, thermal, GC), so "vs floor" is the median of the per-round ratios.
  const vsFloor = (row) => median(row.runs.map((r, i) => r.rps / rows[0].runs[i].rps))
  const vsBare = (row) => median(row.runs.map((r, i) => r.rps / byId.bare.runs[i].rps))
  heading(`B. Redirect hot path: ${rounds} rounds × ${seconds} s per row, ${connections} connections, rows round-robin`)
  table(
    ['row', 'req/s (median)', 'p50 ms', 'p99 ms', 'vs floor', 'vs bare', 'target'],
    rows.map((row) => {
      const target = row.key ? TARGETS[row.key] : null
      let verdict = target === null ? '' : `≥ ${target}x floor ${vsFloor(row) >= target ? 'met' : 'NOT met'}`
      if (row.id === 'control') {
        const v = vsBare(row)
        verdict = `≥ ${VS_BARE.target}x bare ${v >= VS_BARE.target ? 'met' : 'NOT met'}, aim ${VS_BARE.aim}x ${v >= VS_BARE.aim ? 'met' : 'not yet'}`
      }
      if (row.id === 'idleCounter') {
        const v = vsBare(row)
        verdict = `redirect's side only: ${v >= VS_BARE.target ? '≥' : '<'} ${VS_BARE.target}x bare`
      }
      return [
        row.name,
        int(median(row.runs.map((r) => r.rps))),
        fixed(median(row.runs.map((r) => r.p50)), 0),
        fixed(median(row.runs.map((r) => r.p99)), 0),
        ratio(vsFloor(row)),
        ratio(vsBare(row)),
        verdict,
      ]
    }),
  )
  console.log('')
  console.log(
    "req/s: median over the rounds of (responses / elapsed); p50, p99: median of the rounds' percentiles; " +
      "vs floor: median of the rounds' (row req/s / floor req/s).",
  )
  console.log(
    `The bare Worker does ${ratio(vsFloor(rows[4]))} the floor: here the floor is mostly Miniflare's local KV read (a Durable ` +
      'Object with SQLite behind a service), far dearer than a cached KV read in production; a route that skips KV can beat the floor.',
  )
  console.log('req/s per round, in round order:')
  for (const row of rows) console.log(`  ${row.name}: ${row.runs.map((r) => int(r.rps)).join(', ')}`)
  console.log(
    articleFetches === 0
      ? 'Article fetches by the Worker during the timed runs: 0 (no row went back to the article page).'
      : `!! The Worker fetched the article ${articleFetches} times during the timed runs: some row unfurls on the hot path.`,
  )
  for (const row of rows) {
    const total = row.runs.reduce((n, r) => n + r.requests, 0)
    const ok = row.runs.reduce((n, r) => n + answered(r, row.expect), 0)
    const other = row.runs.map((r) => unexpected(r, row.expect)).filter(Boolean)
    if (other.length)
      console.log(`!! ${row.name}: ${int(total - ok)} of ${int(total)} responses were not ${row.expect}: ${other.join('; ')}`)
  }
  whereTheTimeGoes(byId, { rounds, connections, clicks, sameAsWrangler: variants.sameAsWrangler })
  whatDedupCosts(byId, { counterCost, repeats, vsBare })
  return rows
}

/** Per-request time of a row in each round, µs: 1 / (req/s). With N connections busy, machine time per request, not latency. */
const perRequest = (row) => row.runs.map((r) => 1e6 / r.rps)

/**
 * What `a` costs over `b` (µs per request; `b` absent: `a` alone): the difference of their median
 * per-request times, so the pieces below add up to the redirect's exactly; and the range of the
 * same difference taken round by round (rows of a round ran seconds apart), to show the noise.
 */
function part(a, b) {
  const ta = perRequest(a)
  const tb = b ? perRequest(b) : ta.map(() => 0)
  const d = ta.map((t, i) => t - tb[i])
  return { us: median(ta) - median(tb), min: Math.min(...d), max: Math.max(...d) }
}

const us = (n) => `${n.toFixed(0)} µs`
const signed = (n) => `${n < 0 ? '−' : '+'}${Math.abs(n).toFixed(0)}`
/** The rounds disagree on the sign of a difference: it is within this run's noise. */
const noisy = (p) => p.min < 0 && p.max > 0

/**
 * The summary under the table: the human redirect's per-request time (on its own port, like the
 * floor) split into pieces, each the difference between two rows measured in the same rounds.
 */
function whereTheTimeGoes(rows, { rounds, connections, clicks, sameAsWrangler }) {
  const total = median(perRequest(rows.control))
  const share = (p) => `${((p.us / total) * 100).toFixed(0)}%`
  const range = (p) => `${signed(p.min)} … ${signed(p.max)}${noisy(p) ? ' (noise)' : ''}`
  const both = part(rows.control, rows.neither)
  const counting = part(rows.control, rows.noCounting)
  const counterWork = part(rows.control, rows.idleCounter)
  const redirectSide = part(rows.idleCounter, rows.noCounting)
  const bots = part(rows.control, rows.noBotDetection)
  const readers = part(rows.control, rows.noReader)
  const rest = part(rows.neither, rows.bare)
  const hono = part(rows.honoMin, rows.bare)
  const bare = part(rows.bare)
  const entry = part(rows.human, rows.control)

  heading('B. Where the time goes: the human redirect, by elimination (local Miniflare figures)')
  table(
    ['piece', 'rows compared', 'per request', 'share', `per-round range, µs (${rounds} rounds)`],
    [
      ['counting and bot detection', 'own port − neither', us(both.us), share(both), range(both)],
      ['  counting alone (hitOf, recordHit, ClickCounter)', 'own port − no counting', us(counting.us), share(counting), range(counting)],
      [
        "    of which the counter's own work (apply, readers, SQLite)",
        'own port − counter idle',
        us(counterWork.us),
        share(counterWork),
        range(counterWork),
      ],
      [
        "    of which the redirect's side (hitOf, batch, RPC call)",
        'counter idle − no counting',
        us(redirectSide.us),
        share(redirectSide),
        range(redirectSide),
      ],
      ['    of which readers (hash, salt, keep, fold)', 'own port − no reader address', us(readers.us), share(readers), range(readers)],
      ['  bot detection alone (isBot)', 'own port − no bot detection', us(bots.us), share(bots), range(bots)],
      [
        'rest of sharelink (hotClick: code, record, config, prefetch, destination)',
        'neither − bare Worker',
        us(rest.us),
        share(rest),
        range(rest),
      ],
      ['Worker round trip: workerd, HTTP, load generator', 'bare Worker', us(bare.us), share(bare), range(bare)],
      ['= human redirect, own port', '', us(total), '100%', ''],
    ],
  )
  console.log('')
  console.log(
    `Per request = 1 / (req/s) at ${connections} connections, median over the rounds: machine time per request on these 2 cores ` +
      "(workerd, Miniflare, autocannon), not latency, not production CPU time. A piece = difference of two rows' medians (the " +
      'unindented ones add up to the total; the two "alone" rows need not add up to theirs); range = the same difference round by round.',
  )
  const pct = (p) => `${noisy(p) ? '~' : ''}${share(p)}`
  console.log(
    `In short, here: of the redirect's ${us(total)} per request, counting ${pct(counting)} (the counter's own work ${pct(counterWork)}, the redirect's side ${pct(redirectSide)}), bot detection ${pct(bots)} ` +
      `(the two together ${pct(both)}), the rest of sharelink's code ${pct(rest)}, the bare Worker round trip ${pct(bare)}` +
      `${[counting, bots, both, rest].some(noisy) ? '; "~": the rounds disagree on its sign, i.e. within this run\'s noise' : ''}.`,
  )
  console.log(
    `  Hono is not in this sum: a person's click on a link the isolate holds is answered before the router (src/routes/short-link.ts ` +
      `hotClick). What routing it through Hono would add, from the minimal Hono app (router, Context, a cached record, a 302): ` +
      `${us(hono.us)} per request (${range(hono)}).`,
  )
  console.log(
    "  Counting includes the ClickCounter objects' own work (a SQLite transaction per batch; a busy link's batch gathers 200 ms of its clicks in an isolate) on the " +
      "same cores; in production that runs on the object's machine. isBot on one browser user agent takes a few µs in Node " +
      '(Section C): a bot-detection piece much larger than that is noise.',
  )
  console.log(
    `  Miniflare's entry Worker, in front of the main port only (the "sharelink human redirect" row; not the own-port rows, ` +
      `floor and bare included; no such hop in production), adds ${us(entry.us)} per request (${range(entry)}), ` +
      `${((entry.us / median(perRequest(rows.human))) * 100).toFixed(0)}% of that row: the own-port row's "vs floor" is the like-for-like one.`,
  )
  console.log(
    `  Variants: bench/.build/variant-*.js, esbuild with wrangler's options on the same src/, short-link.ts's imports of ` +
      `clicks/send.ts and clicks/hits.ts and/or preview/bots.ts swapped at build time for bench/variants/no-counting.js and no-hit.js, no-bot-detection.js; ` +
      `index.ts's ClickCounter for bench/variants/idle-counter.js ` +
      `(${sameAsWrangler ? "control = wrangler's bundle up to minified names, checked" : "!! control is NOT wrangler's bundle up to minified names: lib/build.mjs's options no longer match wrangler's"}); ` +
      'minimal Hono app: bench/workers/hono-min.js.',
  )
  const ok = clicks.control > 0 && clicks.noBotDetection > 0 && clicks.noCounting === 0 && clicks.neither === 0 && clicks.idleCounter === 0
  console.log(
    `  ${ok ? 'Swaps checked' : '!! A swap did not take'}: hits applied by each variant's own counter: control ${int(clicks.control)}, ` +
      `no counting ${int(clicks.noCounting)}, counter idle ${int(clicks.idleCounter)}, no bot detection ${int(clicks.noBotDetection)}, neither ${int(clicks.neither)}; ` +
      'a crawler got a preview from the variants with bot detection, a 302 from those without.',
  )
}

/**
 * Issue 14: what de-duplication costs, side by side with it off. The redirect: per-request time
 * of the own-port Workers (same build) with it on, with DEDUP_SECONDS=0, and with no reader
 * address at all. The counter: its own meter (SqlStorageCursor rows) per click, read from each
 * Worker's ClickCounter for the link.
 */
function whatDedupCosts(rows, { counterCost, repeats, vsBare }) {
  heading('B. What de-duplication costs the redirect and the counter (each click a new reader)')
  const per = (n, d) => (d ? (n / d).toFixed(2) : '–')
  const line = (id, name) => {
    const c = counterCost[id]
    return [
      name,
      us(median(perRequest(rows[id]))),
      ratio(vsBare(rows[id])),
      int(c.hits),
      per(c.hits, c.batches),
      per(c.rowsWritten, c.hits),
      per(c.rowsRead, c.hits),
      id in repeats ? int(repeats[id]) : '–',
    ]
  }
  table(
    [
      'own-port human redirect',
      'per request',
      'vs bare',
      'hits counted',
      'hits per batch',
      'rows written / hit',
      'rows read / hit',
      'repeats',
    ],
    [
      line('control', `de-dup on (DEDUP_SECONDS=${DEDUP_SECONDS})`),
      line('dedupOff', 'de-dup off (DEDUP_SECONDS=0)'),
      line('noReader', 'no reader address (no CF-Connecting-IP)'),
    ],
  )
  const off = part(rows.control, rows.dedupOff)
  const none = part(rows.control, rows.noReader)
  const range = (p) => `${signed(p.min)} … ${signed(p.max)} µs round by round${noisy(p) ? ', within noise' : ''}`
  console.log('')
  console.log(
    `De-dup on vs off costs the redirect ${us(off.us)} per request (${range(off)}); on vs no reader address ${us(none.us)} (${range(none)}). ` +
      "Rows: from the counter's own meter (reading(): SqlStorageCursor.rowsWritten/rowsRead summed by the object), hits of warm-up and checks included.",
  )
  console.log(
    '  DEDUP_SECONDS=0 saves only the fold: the counter still hashes the reader and keeps it (one referrer per reader ' +
      'per 30 min, src/clicks/days.ts REFERRER_WINDOW_MS), so its rows match de-dup on; readers beyond the 64 a day row holds inline ' +
      'go into one chunk row per transaction (src/clicks/readers.ts). Only clicks with no address skip all of it. The hashing ' +
      "(a SHA-256 and a SipHash per new reader) and the chunk are the counter's work: locally on these same two cores, in production on the object's machine.",
  )
}

async function check(res, status, ok, what) {
  if (res.status !== status || !ok(res)) throw new Error(`${what} answered ${res.status} (expected ${status}): ${res.text.slice(0, 300)}`)
}
