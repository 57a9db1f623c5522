/**
 * `npm run soak`: a bounded load against the worker under `wrangler dev` on loopback, then checks.
 *
 *   20,000 human clicks and 5,000 bot previews over 200 links, at concurrency 100, plus shares;
 *   then: zero 5xx, every click counted exactly once after a flush, and workerd's memory steady.
 *
 * Clicks come from readers told apart as in production, by CF-Connecting-IP (and the user agent):
 * most are a reader's only click on a link, and SOAK_REPEATS of them (default 30%) are a reader
 * clicking a link again, which de-duplication (DEDUP_SECONDS, 1800 s) folds into their first click
 * as a repeat. Exact means: on every link, clicks counted + repeats folded = clicks sent, and
 * repeats folded = the repeats sent (clicks beyond a reader's first on that link).
 * Reader addresses are IPv6 documentation addresses (2001:db8::/32): header values, never destinations.
 *
 * Stops by itself: bounded in requests (SOAK_CLICKS, SOAK_PREVIEWS) and in time (SOAK_MAX_SECONDS).
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { startDev, startOrigin } from '../test/node/dev-server.ts'

const LINKS = Number(process.env.SOAK_LINKS ?? 200)
const CLICKS = Number(process.env.SOAK_CLICKS ?? 20_000)
const PREVIEWS = Number(process.env.SOAK_PREVIEWS ?? 5_000)
const SHARES = Number(process.env.SOAK_SHARES ?? 1_000)
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 100)
const MAX_SECONDS = Number(process.env.SOAK_MAX_SECONDS ?? 300)
const REPEATS = Number(process.env.SOAK_REPEATS ?? 0.3)
/**
 * Long enough that a link's flush takes in a few clicks, as in production (300 s), short enough
 * for the check after the load: with 2 s every click of 200 links was its own flush (a KV write
 * and a D1 batch), and the soak ran at a third of the rate.
 */
const FLUSH_SECONDS = process.env.SOAK_FLUSH_SECONDS ?? '5'
// wrangler dev keeps its state (KV, D1, Durable Objects: SQLite files) in a temporary folder: in
// RAM where the machine has a tmpfs, since the soak checks counts, errors and memory, and a disk
// shared with other work made fsyncs the slowest part of it. Both Workers, ours and the control, alike.
if (!process.env.SOAK_ON_DISK && existsSync('/dev/shm')) process.env.TMPDIR = '/dev/shm'
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'
const CRAWLER = 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'

const pages: Record<string, { type: string; body: string }> = {}
for (let i = 0; i < LINKS; i++)
  pages[`/a/${i}`] = { type: 'text/html', body: `<title>Soak article ${i}</title><meta property="og:description" content="Article ${i}">` }
const origin = await startOrigin(pages)
const dev = await startDev({ ALLOWED_HOSTS: '127.0.0.1:*', FLUSH_SECONDS })
const auth = { Authorization: `Bearer ${dev.apiKey}` }

try {
  console.log(`soak: ${dev.url}, ${LINKS} links, ${CLICKS} clicks + ${PREVIEWS} previews + ${SHARES} shares at concurrency ${CONCURRENCY}`)
  const codes: string[] = []
  const channels = ['x', 'facebook', 'linkedin', 'whatsapp', 'email']
  for (let i = 0; i < LINKS; i++) {
    const res = await fetch(`${dev.url}/api/links`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: `${origin.url}/a/${i}`, channel: channels[i % channels.length] }),
    })
    if (res.status !== 201) throw new Error(`seeding link ${i}: ${res.status} ${await res.text()}`)
    codes.push(((await res.json()) as { code: string }).code)
  }

  // The jobs, shuffled so clicks, previews and shares interleave. A click's reader is new, or (one
  // time in 1 / REPEATS) one who already clicks that link: the order they arrive in does not matter.
  type Job = { kind: 'click' | 'preview' | 'share'; i: number; reader?: string }
  const jobs: Job[] = []
  const readersOf: string[][] = Array.from({ length: LINKS }, () => [])
  let readers = 0
  for (let n = 0; n < CLICKS; n++) {
    const i = Math.floor(Math.random() * LINKS)
    const known = readersOf[i]!
    let reader: string
    if (known.length && Math.random() < REPEATS) reader = known[Math.floor(Math.random() * known.length)]!
    else {
      readers++
      reader = `2001:db8::${(readers >>> 16).toString(16)}:${(readers & 0xffff).toString(16)}`
      known.push(reader)
    }
    jobs.push({ kind: 'click', i, reader })
  }
  for (let n = 0; n < PREVIEWS; n++) jobs.push({ kind: 'preview', i: Math.floor(Math.random() * LINKS) })
  for (let n = 0; n < SHARES; n++) jobs.push({ kind: 'share', i: Math.floor(Math.random() * LINKS) })
  for (let n = jobs.length - 1; n > 0; n--) {
    const k = Math.floor(Math.random() * (n + 1))
    ;[jobs[n], jobs[k]] = [jobs[k]!, jobs[n]!]
  }

  const clicked = new Array<number>(LINKS).fill(0)
  // Clicks answered 302 per (link, reader): all but the first of each are repeats.
  const pairs = new Map<string, number>()
  const day = new Date().toISOString().slice(0, 10)
  const previewed = new Array<number>(LINKS).fill(0)
  const statuses = new Map<string, number>()
  const memory: number[] = []
  const sampler = setInterval(() => memory.push(workerdRss(dev.pid)), 1000)
  const deadline = Date.now() + MAX_SECONDS * 1000
  const t0 = Date.now()
  let next = 0

  async function worker() {
    while (next < jobs.length && Date.now() < deadline) {
      const job = jobs[next++]!
      let res: Response
      try {
        if (job.kind === 'share') {
          res = await fetch(`${dev.url}/api/share`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': `10.0.${job.i % 250}.1` },
            body: JSON.stringify({ url: `${origin.url}/a/${job.i}`, channel: 'telegram' }),
          })
        } else {
          res = await fetch(`${dev.url}/${codes[job.i]}`, {
            headers: job.kind === 'click' ? { 'User-Agent': BROWSER, 'CF-Connecting-IP': job.reader! } : { 'User-Agent': CRAWLER },
            redirect: 'manual',
          })
        }
        await res.arrayBuffer()
      } catch (err) {
        const key = `${job.kind} network-error`
        statuses.set(key, (statuses.get(key) ?? 0) + 1)
        if ((statuses.get(key) ?? 0) <= 3) console.log(`${key}: ${String((err as Error).cause ?? err)}`)
        continue
      }
      const key = `${job.kind} ${res.status}`
      statuses.set(key, (statuses.get(key) ?? 0) + 1)
      if (job.kind === 'click' && res.status === 302) {
        clicked[job.i]!++
        const key = `${job.i} ${job.reader}`
        pairs.set(key, (pairs.get(key) ?? 0) + 1)
      }
      if (job.kind === 'preview' && res.status === 200) previewed[job.i]!++
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const seconds = (Date.now() - t0) / 1000
  clearInterval(sampler)

  // What each link should say: one click per reader, the rest repeats.
  const distinct = new Array<number>(LINKS).fill(0)
  const repeatsSent = new Array<number>(LINKS).fill(0)
  for (const [key, n] of pairs) {
    const i = Number(key.split(' ')[0])
    distinct[i]!++
    repeatsSent[i]! += n - 1
  }

  // Let the counters flush (FLUSH_SECONDS), then read what KV says.
  const stats = async () =>
    Promise.all(
      codes.map(async (code) => {
        const res = await fetch(`${dev.url}/api/links/${code}/stats`, { headers: auth })
        return (await res.json()) as { clicks: number; repeats: number; previews: number }
      }),
    )
  const settled = (s: { clicks: number; repeats: number; previews: number }, i: number) =>
    s.clicks === distinct[i] && s.repeats === repeatsSent[i] && s.previews === previewed[i]
  let flushed = await stats()
  const settleBy = Date.now() + 30_000
  while (flushed.some((s, i) => !settled(s, i)) && Date.now() < settleBy) {
    await new Promise((r) => setTimeout(r, 1000))
    flushed = await stats()
  }

  const sent = jobs.length
  const done = [...statuses.values()].reduce((a, b) => a + b, 0)
  const fivexx = [...statuses].filter(([k]) => / 5\d\d$/.test(k)).reduce((a, [, n]) => a + n, 0)
  // Lost or counted twice: clicks + repeats against the clicks sent, link by link; and the split
  // between them against the readers sent.
  let lost = 0
  let extra = 0
  let misfolded = 0
  let previewDiff = 0
  flushed.forEach((s, i) => {
    lost += Math.max(0, clicked[i]! - (s.clicks + s.repeats))
    extra += Math.max(0, s.clicks + s.repeats - clicked[i]!)
    misfolded += Math.abs(s.repeats - repeatsSent[i]!)
    previewDiff += Math.abs(previewed[i]! - s.previews)
  })
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
  const sentClicks = sum(clicked)
  const countedClicks = flushed.reduce((a, s) => a + s.clicks, 0)
  const foldedRepeats = flushed.reduce((a, s) => a + s.repeats, 0)
  const crossedDay = new Date().toISOString().slice(0, 10) !== day
  const mib = (b: number) => `${(b / 1048576).toFixed(0)} MiB`
  console.log(`\nrequests: ${done} of ${sent} in ${seconds.toFixed(1)} s (${(done / seconds).toFixed(0)} req/s)`)
  console.log(
    `statuses: ${[...statuses]
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ')}`,
  )
  console.log(`5xx: ${fivexx}`)
  console.log(
    `clicks sent (answered 302): ${sentClicks} from ${readers} distinct readers (${pairs.size} reader-link pairs, ${sum(repeatsSent)} repeats sent)`,
  )
  console.log(
    `clicks counted in KV: ${countedClicks}; repeats folded: ${foldedRepeats}; counted + repeats: ${countedClicks + foldedRepeats} ` +
      `(${countedClicks + foldedRepeats === sentClicks ? '=' : '!='} sent); repeats folded ${foldedRepeats === sum(repeatsSent) ? '=' : '!='} repeats sent; ` +
      `lost: ${lost}; counted twice: ${extra}; folded wrongly (link by link): ${misfolded}`,
  )
  // A reader's hash and salt change at 00:00 UTC: a repeat on the other side of midnight is a new click.
  if (crossedDay) console.log('the run crossed 00:00 UTC: repeats across it count as clicks, so the fold check is not applied')
  console.log(
    `previews answered 200: ${previewed.reduce((a, b) => a + b, 0)}; counted: ${flushed.reduce((a, s) => a + s.previews, 0)}; off by: ${previewDiff}`,
  )
  if (process.env.SOAK_VERBOSE) console.log(`RSS samples (MiB): ${memory.map((b) => Math.round(b / 1048576)).join(' ')}`)

  // workerd under wrangler dev grows its heap with any Worker (seen here: a 10-line KV-get-and-302
  // Worker went from 350 MiB to 1.3 GiB over 20,000 requests). So memory is judged side by side:
  // the same number of requests at the same concurrency against that bare Worker, same wrangler.
  const control = await controlRun(done)
  const ourGrowth = perThousand(memory, done)
  console.log(
    `workerd RSS, sharelink: ${mib(memory[0] ?? 0)} -> ${mib(memory.at(-1) ?? 0)}, ${mib(ourGrowth)} per 1,000 requests after warm-up`,
  )
  console.log(
    `workerd RSS, bare Worker (control): ${mib(control.samples[0] ?? 0)} -> ${mib(control.samples.at(-1) ?? 0)}, ${mib(control.growth)} per 1,000 requests after warm-up`,
  )
  const ratio = control.growth > 0 ? ourGrowth / control.growth : 0
  console.log(`memory growth vs the control: ${ratio.toFixed(2)}x (steady: at most 1.5x)`)
  const ok =
    fivexx === 0 && lost === 0 && extra === 0 && (crossedDay || misfolded === 0) && previewDiff === 0 && done === sent && ratio <= 1.5
  console.log(ok ? '\nsoak: PASS' : '\nsoak: FAIL')
  process.exitCode = ok ? 0 : 1
} finally {
  await dev.stop()
  await origin.close()
}

/** RSS growth per 1,000 requests, from the samples after the first 5 s (start-up) to the last. */
function perThousand(samples: number[], requests: number): number {
  const warm = samples.slice(5)
  if (warm.length < 2) return 0
  const share = warm.length / samples.length
  return ((warm.at(-1)! - warm[0]!) / (requests * share)) * 1000
}

/** The same load on the bare control Worker: `requests` GETs at the same concurrency. */
async function controlRun(requests: number): Promise<{ samples: number[]; growth: number }> {
  const floor = await startDev({}, 'scripts/soak-floor.toml')
  const samples: number[] = []
  const sampler = setInterval(() => samples.push(workerdRss(floor.pid)), 1000)
  let n = 0
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (n < requests) {
          n++
          const res = await fetch(`${floor.url}/c${n % LINKS}`, {
            headers: { 'User-Agent': BROWSER, 'CF-Connecting-IP': `2001:db8::ffff:${(n & 0xffff).toString(16)}` },
            redirect: 'manual',
          }).catch(() => null)
          await res?.arrayBuffer()
        }
      }),
    )
  } finally {
    clearInterval(sampler)
    await floor.stop()
  }
  return { samples, growth: perThousand(samples, requests) }
}

/** Resident memory of the workerd under one wrangler process (among its descendants), in bytes. */
function workerdRss(root: number): number {
  try {
    const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((l) => l.trim().split(/\s+/))
      .map(([pid, ppid, rss, comm]) => ({ pid: Number(pid), ppid: Number(ppid), rss: Number(rss) * 1024, comm }))
    const ours = new Set([root])
    for (let grew = true; grew; ) {
      grew = false
      for (const r of rows) {
        if (ours.has(r.ppid) && !ours.has(r.pid)) {
          ours.add(r.pid)
          grew = true
        }
      }
    }
    return rows.filter((r) => ours.has(r.pid) && r.comm === 'workerd').reduce((a, r) => a + r.rss, 0)
  } catch {
    return 0
  }
}
