#!/usr/bin/env node
// `npm start`: local dev server with a dev API key and persistent local state.
//
// 1. Makes sure .dev.vars (gitignored) holds API_KEY; an existing key is reused, never replaced.
// 2. Checks the configuration as the Worker will, and names any problem.
// 3. Applies the D1 migrations to the local database (a fresh clone has none).
// 4. Runs `wrangler dev` on 127.0.0.1:$PORT (default 8787), persisting KV, Durable Objects and D1
//    under .wrangler/state. Works offline and needs no Cloudflare account; telemetry and the
//    Request.cf download are off. On another port, a local PUBLIC_BASE_URL follows it (short links
//    must point where the server listens).
// 5. Once /healthz answers 200, prints the dev key and curl commands to try, for an article the
//    configured ALLOWED_HOSTS accept: the demo article, or else an address on the first allowed host.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { constants as osConstants } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { unstable_readConfig } from 'wrangler'
import { devVars, parsedConfig } from './lib/config.mjs'
import { baseFollowingPort, firstArticle } from './lib/first-link.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const DEFAULT_PORT = 8787

/** PORT from the environment (unset or empty: 8787); anything but a port number stops here, named. */
function portFromEnv() {
  const text = process.env.PORT?.trim()
  if (!text) return DEFAULT_PORT
  const port = Number(text)
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    console.error(`[start] PORT='${process.env.PORT}' is not a port number (1-65535)`)
    process.exit(1)
  }
  return port
}

const PORT = portFromEnv()
const HEALTH_URL = `http://127.0.0.1:${PORT}/healthz`
const BASE = `http://localhost:${PORT}`

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function randomKey(length = 32) {
  let key = ''
  while (key.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 * 62: rejecting bytes above it keeps every character equally likely.
      if (byte < 248 && key.length < length) key += BASE62[byte % 62]
    }
  }
  return key
}

// Returns the API key from .dev.vars, adding one if the file or the key is missing.
function ensureDevVars() {
  const file = join(ROOT, '.dev.vars')
  const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const line = /^[ \t]*(?:export[ \t]+)?API_KEY[ \t]*=[ \t]*(.*)$/m
  const match = text.match(line)
  const existing = match?.[1]?.trim().replace(/^(["'])(.*)\1$/, '$2')
  if (existing?.split(',').some((k) => k.trim())) return existing

  const key = randomKey()
  const entry = `API_KEY="${key}"`
  const next = match
    ? text.replace(line, entry) // an empty `API_KEY=` line: fill it in
    : `${text + (text && !text.endsWith('\n') ? '\n' : '') + entry}\n`
  writeFileSync(file, next, { mode: 0o600 })
  console.log(`[start] wrote a new dev API key to .dev.vars`)
  return key
}

// So that another server already on the port can't answer our health check.
function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

// API_KEY may list several keys for rotation ("old,new"); any of them works: show the newest.
const apiKey = ensureDevVars()
  .split(',')
  .map((k) => k.trim())
  .filter(Boolean)
  .at(-1)

// What `wrangler dev` will hand the Worker, checked as the Worker checks it (src/config.ts): a var
// that is missing or wrong is named now, not discovered later as a 503 from /healthz.
const wranglerConfig = unstable_readConfig({ config: join(ROOT, 'wrangler.toml') })
const vars = devVars(wranglerConfig, readFileSync(join(ROOT, '.dev.vars'), 'utf8'))
/** Vars given to `wrangler dev` on its command line (they win over wrangler.toml and .dev.vars). */
const overrides = {}
const followed = baseFollowingPort(vars.PUBLIC_BASE_URL, PORT)
if (followed) {
  overrides.PUBLIC_BASE_URL = followed
  console.log(`[start] PUBLIC_BASE_URL ${vars.PUBLIC_BASE_URL} follows PORT: ${followed}`)
}
const config = await parsedConfig({ ...vars, ...overrides })
if (config.problems.length) {
  console.error(`[start] the configuration has problems (wrangler.toml [vars], .dev.vars):`)
  for (const p of config.problems) console.error(`  - ${p.variable} ${p.message}`)
  console.error('[start] starting anyway: /healthz answers 503 and names them until they are fixed')
}
const article = firstArticle(config, vars.ALLOWED_HOSTS)

if (!(await portIsFree(PORT))) {
  console.error(
    `[start] port ${PORT} on 127.0.0.1 is already in use: is \`npm start\` running elsewhere? (PORT=9000 npm start serves on another)`,
  )
  process.exit(1)
}

const wrangler = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'wrangler.cmd' : 'wrangler')
if (!existsSync(wrangler)) {
  console.error(`[start] ${wrangler} not found: run \`npm install\` first.`)
  process.exit(1)
}

// A fresh clone has an empty local D1: give it the app's tables (migrations/), as a deploy does.
// Applied migrations are recorded, so later starts apply only what is new.
const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'ANALYTICS', '--local', '--persist-to', '.wrangler/state'], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
  // CI=true: apply without asking for confirmation on a terminal.
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
  shell: process.platform === 'win32',
})
if (migrate.status !== 0) {
  console.error(`[start] could not apply the D1 migrations:\n${migrate.stdout}${migrate.stderr}`)
  process.exit(1)
}
const applied = [...new Set(migrate.stdout.match(/\d{4}_[\w-]+\.sql/g) ?? [])]
console.log(applied.length ? `[start] applied D1 migrations: ${applied.join(', ')}` : '[start] local D1 is up to date')

const varArgs = Object.entries(overrides).flatMap(([name, value]) => ['--var', `${name}:${value}`])
const child = spawn(wrangler, ['dev', '--port', String(PORT), '--ip', '127.0.0.1', '--persist-to', '.wrangler/state', ...varArgs], {
  cwd: ROOT,
  stdio: 'inherit',
  env: {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false', // no telemetry
    CLOUDFLARE_CF_FETCH_ENABLED: 'false', // no download of Request.cf data: use miniflare's placeholder
  },
  shell: process.platform === 'win32',
})

let childExited = false
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!childExited) child.kill(signal)
  })
}
// `npm start` runs this under `sh -c`, which dies on SIGTERM without passing it on:
// when our parent is gone, stop wrangler too rather than leave it holding the port.
const parentPid = process.ppid
setInterval(() => {
  try {
    process.kill(parentPid, 0)
  } catch (err) {
    if (err.code === 'ESRCH' && !childExited) child.kill('SIGTERM')
  }
}, 1_000).unref()
child.on('error', (err) => {
  console.error(`[start] could not run wrangler: ${err.message}`)
  process.exit(1)
})
child.on('exit', (code, signal) => {
  childExited = true
  process.exit(code ?? 128 + (osConstants.signals[signal] ?? 1))
})

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** True once /healthz answers: 200, or 503 naming problems (said already, and again here). */
async function waitForHealthy(timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (!childExited && Date.now() < deadline) {
    try {
      const res = await fetch(HEALTH_URL, { signal: AbortSignal.timeout(2_000) })
      const health = await res.json().catch(() => null)
      if (res.status === 200) return true
      if (res.status === 503 && health?.problems) {
        console.error(`[start] /healthz: misconfigured: ${health.problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`)
        return true
      }
    } catch {
      // not listening yet
    }
    await sleep(250)
  }
  return false
}

if (await waitForHealthy()) {
  const json = `-H 'Content-Type: application/json'`
  const body = (fields) => `'${JSON.stringify({ url: article.url, ...fields })}'`
  console.log(
    [
      '',
      `sharelink is up on ${BASE}  (dev API key from .dev.vars: ${apiKey})`,
      ...(article.note ? [article.note] : []),
      'Create a short link (needs the key):',
      `  curl -s -X POST ${BASE}/api/links -H 'Authorization: Bearer ${apiKey}' ${json} -d ${body({})}`,
      'Get a share link for a channel (public):',
      `  curl -s -X POST ${BASE}/api/share ${json} -d ${body({ channel: 'x' })}`,
      `Demo article with share buttons: ${BASE}/demo${article.demoAllowed ? '' : ' (its buttons answer 403 until ALLOWED_HOSTS takes its host)'}`,
      `Dashboard: ${BASE}/dashboard    API docs: ${BASE}/docs`,
      '',
    ].join('\n'),
  )
}
