/**
 * Section C, micro-benchmarks of pure functions. isBot, renderPreview and canonicalUrl run in
 * Node (bundled from src/ with esbuild, minified like the Worker; V8 in both). readMeta needs
 * HTMLRewriter, so it runs inside workerd, timed there and cross-checked from Node.
 */
import { Bench } from 'tinybench'
import { call } from '../lib/http.mjs'
import { COMPATIBILITY_DATE, startMiniflare } from '../lib/miniflare.mjs'
import { heading, int, median, table, time } from '../lib/report.mjs'

const BROWSERS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/489.0.0.0;FBBV/652000000]',
  'Mozilla/5.0 (Linux; Android 13; SM-S911B Build/TP1A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.0.0 Mobile Safari/537.36 Instagram 355.0.0.0',
]
const CRAWLERS = [
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Twitterbot/1.0',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'WhatsApp/2.23.20.0',
  'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
  'TelegramBot (like TwitterBot)',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
]

const LINK = {
  code: 'aB3xY9z',
  url: 'https://news.example.com/2026/11/26/a-long-story',
  channel: 'x',
  title: 'A long story & its headline, of the length headlines have: "quoted" <words> included',
  description: 'The standfirst: two sentences on what happened, to whom, and why it matters to the reader. '.repeat(2),
  image: 'https://images.example.com/2026/11/lead.jpg?w=1200&h=630',
  imageWidth: 1200,
  imageHeight: 630,
  imageAlt: 'A crowd in a square at dusk',
  siteName: 'Example News',
  twitterSite: '@examplenews',
  createdAt: '2026-11-26T10:00:00.000Z',
  expiresAt: null,
  disabled: false,
  unfurledAt: '2026-11-26T10:00:00.000Z',
}

const ARTICLE_URLS = [
  'https://news.example.com/2026/11/26/a-long-story',
  'https://news.example.com/2026/11/26/a-long-story?utm_source=x&utm_medium=social&utm_campaign=share&fbclid=IwAR0abc',
  'https://News.Example.com./world/story-123?page=2&ref_src=twsrc%5Etfw#comments',
  'https://news.example.com/politics/2026/11/26/vote?id=991&gclid=Cj0KCQ&mc_cid=abc&mc_eid=def&keep=1',
].map((u) => new URL(u))

/** Sub-microsecond calls are timed in batches (one sample = the whole list), then divided. */
function batched(fn, inputs) {
  return {
    fn: () => {
      for (const x of inputs) fn(x)
    },
    per: inputs.length,
  }
}

export async function micro({ bundles }) {
  const { isBot, renderPreview, canonicalUrl } = await import(bundles.pure)
  // Sanity: the functions do what the rows claim.
  if (BROWSERS.some((ua) => isBot(ua)) || CRAWLERS.some((ua) => !isBot(ua))) throw new Error('isBot disagrees with the sample user agents')

  // isBot remembers its verdict per user agent (src/preview/bots.ts): the sample agents are
  // judged once, then looked up. Never-seen agents (more distinct ones than it keeps, taken in
  // turn) price the pattern itself, the first time an agent comes.
  const unseen = Array.from({ length: 5_000 }, (_, i) => `${BROWSERS[i % BROWSERS.length]} build/${i}`)
  if (unseen.some((ua) => isBot(ua))) throw new Error('isBot calls a browser with a build suffix a bot')
  const cases = [
    ['isBot, browser user agents (remembered)', batched(isBot, BROWSERS)],
    ['isBot, crawler user agents (remembered)', batched(isBot, CRAWLERS)],
    ['isBot, browser user agents never seen (the pattern)', batched(isBot, unseen)],
    ['renderPreview, full card', batched((l) => renderPreview(l, 'https://s.example/aB3xY9z'), [LINK])],
    ['canonicalUrl, mixed URLs', batched(canonicalUrl, ARTICLE_URLS)],
  ]
  const bench = new Bench({ time: 700, warmupTime: 200 })
  for (const [name, c] of cases) bench.add(name, c.fn)
  await bench.run()
  const rows = cases.map(([name, c], i) => {
    const r = bench.tasks[i].result
    return [name, 'Node, V8', time(r.latency.p50 / c.per), time(r.latency.mean / c.per), `±${r.latency.rme?.toFixed(1) ?? '?'}%`]
  })

  const rm = await readMetaInWorkerd(bundles.readMeta)
  for (const m of rm.modes) {
    rows.push([`readMeta, ${m.label}`, 'workerd, in-isolate clock', `~${time(m.p50)}`, time(m.mean), `n=${m.n}`])
    rows.push([`readMeta, ${m.label}`, 'workerd, timed from Node', '', time(m.fromNode), 'wall diff'])
  }

  heading('C. Micro-benchmarks of pure functions')
  table(['function', 'where', 'p50 per op', 'mean per op', 'spread'], rows)
  console.log('')
  console.log(
    'Node rows: tinybench; calls timed in batches over the sample inputs, divided by the batch size; spread = relative margin of error of the mean.',
  )
  console.log(
    'workerd rows: in-isolate clock = performance.now() around N runs (mean = total / N; p50 of single runs, quantised by the clock step);',
  )
  console.log(
    '  timed from Node = (wall time of a request doing N runs − one doing 0) / N, medians of 4 alternating pairs: needs no clock in the isolate.',
  )
  const c = rm.clock
  console.log(
    `Clock inside local workerd: during ${int(c.wallMs)} ms of pure CPU work (wall time seen from Node, request overhead taken off), ` +
      `Date.now() moved ${c.dateMs} ms and performance.now() ${c.performanceMs} ms; performance.now() steps by ${c.resolutionMs ?? '?'} ms.`,
  )
  console.log(
    c.advances
      ? `  The local clock advances during execution (in production it is frozen until the next I/O), ${c.resolutionMs} ms at a time: ` +
          `trustworthy for runs summed over tens of ms, as here; it agrees with the Node-side figures within ${agreement(rm.modes)}.`
      : '  The local clock did not advance during execution (as in production): the in-isolate times are meaningless; the Node-side figures stand.',
  )
  const full = rm.modes.filter((m) => m.bytes === 1 << 20)
  const worst = Math.max(...full.map((m) => (c.advances ? Math.max(m.mean, m.fromNode) : m.fromNode)))
  const verdict = worst <= 5 ? 'well inside' : worst <= 10 ? 'inside, but not well inside,' : 'NOT inside'
  console.log(
    `Unfurling a 1 MiB page (readMeta): ${time(worst)} at worst on this machine, ${verdict} the 10 ms CPU budget ` +
      `(${((worst / 10) * 100).toFixed(0)}% of it; "well inside" taken as at most half). Metadata it read: "${rm.title}".`,
  )
}

/** The largest gap between the two ways of timing readMeta, as a percentage. */
function agreement(modes) {
  const gaps = modes.map((m) => Math.abs(m.mean - m.fromNode) / Math.min(m.mean, m.fromNode))
  return `${(Math.max(...gaps) * 100).toFixed(0)}%`
}

async function readMetaInWorkerd(scriptPath) {
  const { url, dispose } = await startMiniflare('read-meta', () => [
    { name: 'read-meta', modules: true, scriptPath, compatibilityDate: COMPATIBILITY_DATE },
  ])
  const get = async (path) => {
    const t0 = performance.now()
    const res = await call(`${url}${path}`)
    if (res.status !== 200) throw new Error(`read-meta bench answered ${res.status}: ${res.text.slice(0, 300)}`)
    return { ...res.json(), wallMs: performance.now() - t0 }
  }

  const N = 20
  const modes = []
  let title = ''
  for (const [mode, label] of [
    ['string', '1 MiB article, one string'],
    ['stream', '1 MiB article, 16 KiB chunks'],
    ['head', 'first 64 KiB of it'],
  ]) {
    await get(`/?n=5&mode=${mode}`) // warm-up: page generation, JIT
    const empty = []
    const full = []
    const times = []
    let total = 0
    let bytes = 0
    // Alternate empty and full requests so drift hits both alike.
    for (let i = 0; i < 4; i++) {
      empty.push((await get(`/?n=0&mode=${mode}`)).wallMs)
      const r = await get(`/?n=${N}&mode=${mode}`)
      full.push(r.wallMs)
      times.push(...r.times)
      total += r.totalMs
      bytes = r.bytes
      title = r.meta.title
    }
    modes.push({
      label,
      bytes,
      n: times.length,
      p50: median(times),
      mean: total / times.length,
      fromNode: (median(full) - median(empty)) / N,
    })
  }

  // The clock: a request of pure CPU work, its wall time from Node less a bare request's.
  const overhead = []
  const clocks = []
  for (let i = 0; i < 3; i++) {
    overhead.push((await get('/?n=0')).wallMs)
    clocks.push(await get('/clock'))
  }
  const c = clocks.sort((a, b) => a.wallMs - b.wallMs)[1]
  const { resolutionMs } = await get('/resolution')
  const clock = { ...c, wallMs: c.wallMs - median(overhead), resolutionMs, advances: c.performanceMs > 0 && c.dateMs > 0 }
  await dispose()
  return { clock, modes, title }
}
