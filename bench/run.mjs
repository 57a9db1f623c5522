#!/usr/bin/env node
/**
 * `npm run bench`: a bounded benchmark of sharelink, in one run, on loopback only.
 *   A. counting: naive KV counter vs sharelink's Durable Object counter, same concurrent clicks
 *   B. redirect hot path: a bare KV-read-and-302 Worker (the floor) vs sharelink's routes, and where
 *      the human redirect's time goes, by elimination (builds with a piece of it swapped for a no-op)
 *   C. micro-benchmarks of pure functions (Node) and of readMeta on a 1 MB page (workerd)
 *   D. what a million clicks cost: every billed operation of two traffic shapes, counted by the
 *      counters' own meters and the KV meter, priced with the public price list (issues 15 and 23),
 *      and what the D1 rollups weigh in storage
 *   E. analytics: the top 20 articles over 30 days (10,000 articles' day rows) and over the last
 *      hour (10,000 links' hour rows), the overview of the last hour (issues 10 and 23)
 * The real Worker is built as `wrangler deploy` builds it and run in workerd through Miniflare;
 * no wrangler dev. Everything started is closed at the end, on error, on Ctrl-C, or at the
 * deadline. BENCH_ONLY=A,D runs some sections only (for working on the benchmark itself).
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { buildD1Queries, buildMetered, buildMicro, buildVariants, buildWorker } from './lib/build.mjs'
import { closeAll, installDeadline } from './lib/cleanup.mjs'
import { COMPATIBILITY_DATE, DEDUP_SECONDS, FLUSH_SECONDS, workerLogs } from './lib/miniflare.mjs'
import { startOrigin } from './lib/origin.mjs'
import { ROOT } from './lib/paths.mjs'
import { heading } from './lib/report.mjs'
import { analytics } from './sections/analytics.mjs'
import { cost } from './sections/cost.mjs'
import { counting } from './sections/counting.mjs'
import { hotPath } from './sections/hot-path.mjs'
import { micro } from './sections/micro.mjs'

const DEADLINE_MS = 20 * 60 * 1000
const only = new Set(
  (process.env.BENCH_ONLY ?? 'A,B,C,D,E')
    .toUpperCase()
    .split(',')
    .map((s) => s.trim()),
)

installDeadline(DEADLINE_MS)
const started = Date.now()
// Other work on the machine shows up as noise in B: say how busy it was when we started.
const loadAtStart = loadavg()[0]
let failed = false
try {
  console.log('sharelink benchmark: building the Worker (wrangler deploy --dry-run) and the bench bundles…')
  const scriptPath = await buildWorker()
  const bundles = await buildMicro()
  const variants = only.has('B') ? await buildVariants(scriptPath) : null
  // Where rows and calls are priced, the Worker runs with the bench's metered counter (lib/build.mjs).
  const meteredPath = only.has('B') || only.has('D') ? await buildMetered() : null
  // src/'s analytics queries and rollup trim, for Node: D and E run them on Miniflare's D1 binding.
  const d1QueriesPath = only.has('D') || only.has('E') ? await buildD1Queries() : null
  const origin = await startOrigin()
  setup(scriptPath)

  if (only.has('A')) await counting({ scriptPath, origin, clicks: 5000, connections: 50 })
  if (only.has('B')) await hotPath({ scriptPath, meteredPath, variants, origin, rounds: 5, seconds: 3, connections: 20 })
  if (only.has('C')) await micro({ bundles })
  if (only.has('D')) await cost({ scriptPath: meteredPath, d1QueriesPath, origin })
  if (only.has('E')) await analytics({ scriptPath, d1QueriesPath })

  if (workerLogs.length) {
    heading('Worker warnings and errors logged during the run')
    for (const line of workerLogs.slice(0, 20)) console.log(line)
    if (workerLogs.length > 20) console.log(`… and ${workerLogs.length - 20} more`)
  }
  machine()
  console.log(`\nfinished in ${((Date.now() - started) / 1000).toFixed(0)} s`)
} catch (err) {
  failed = true
  console.error('\n[bench] failed:', err?.stack ?? err)
} finally {
  await closeAll()
}
process.exit(failed ? 1 : 0)

/** What was measured: which code, configured how. */
function setup(scriptPath) {
  heading('Setup')
  const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? ''
  const dirty = git('status', '--porcelain', '--', 'src', 'wrangler.toml') ? ' plus uncommitted changes in src/ or wrangler.toml' : ''
  console.log(
    `Worker: bench/.build/index.js, ${(statSync(scriptPath).size / 1024).toFixed(0)} KiB, built by wrangler deploy --dry-run from commit ${git('rev-parse', '--short', 'HEAD') || '?'}${dirty}`,
  )
  console.log(
    `Run in workerd through Miniflare's Node API, configured as wrangler.toml: compatibility date ${COMPATIBILITY_DATE}, KV LINKS, ` +
      `Durable Objects CLICK_COUNTER (ClickCounter), SHARE_CLAIMS (ShareClaims) and LINK_OWNER (LinkOwner), SQLite, D1 ANALYTICS (migrations/ applied), rate limit SHARE_LIMITER, FLUSH_SECONDS=${FLUSH_SECONDS} and DEDUP_SECONDS=${DEDUP_SECONDS} unless a section says otherwise, no Request.cf download.`,
  )
  const toml = readFileSync(`${ROOT}/wrangler.toml`, 'utf8')
  const left = ['the cron trigger (pending-batch merge: no batch is stranded here)']
  if (/^\[assets\]/m.test(toml)) {
    left.push('[assets] (Miniflare would put its asset router Workers in front of every request; the measured routes never reach ASSETS)')
  }
  console.log(`Not mirrored: ${left.join('; ')}.`)
  console.log('All traffic is on 127.0.0.1: autocannon in this Node process, workerd in its own, an article origin server here.')
}

function machine() {
  heading('Machine')
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8')
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown'
  const pkg = (name) => JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version
  console.log(`CPU: ${model}`)
  console.log(
    `cores: ${cpus().length} (load generator, Miniflare and workerd all share them); ` +
      `1-minute load average ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end (this run included)`,
  )
  console.log(
    `node ${process.version}; miniflare ${pkg('miniflare')}, workerd ${pkg('miniflare/node_modules/workerd')}, autocannon ${pkg('autocannon')}, tinybench ${pkg('tinybench')}`,
  )
}
