/** Runs the worker under `wrangler dev` (as `npm start` does) and a local article origin, for Node-side tests. */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const ROOT = join(import.meta.dirname, '..', '..')

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  await new Promise((r) => server.close(r))
  return port
}

export interface DevServer {
  url: string
  apiKey: string
  /** Its local state folder (KV, Durable Objects, D1), removed when it stops. */
  state: string
  /** The wrangler process; workerd runs among its descendants. */
  pid: number
  stop(): Promise<void>
}

/**
 * Starts `wrangler dev` on a free loopback port with its own state folder; resolves once /healthz
 * answers. A port the OS handed out can be taken by another process before wrangler binds it (the
 * machine runs other suites): then it starts again on another, a few times.
 */
export async function startDev(vars: Record<string, string> = {}, config?: string): Promise<DevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevOnce(vars, config)
    } catch (err) {
      if (!(err instanceof PortTaken) || attempt === 3) throw err
    }
  }
}

class PortTaken extends Error {}

const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler')
// No download of Request.cf data: the test machine has no internet.
const wranglerEnv = () => ({
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  CI: 'true',
  NO_COLOR: '1',
})

/**
 * A state folder whose D1 has the app's tables (migrations/), as a deploy makes them: a new one is
 * empty, and the listing would answer 503. `wrangler d1 migrations apply` takes seconds (a wrangler
 * and a workerd of its own), and a test file may start several servers: it runs once per set of
 * migrations, config and wrangler version, into node_modules/.cache, and each server starts from a copy.
 */
async function migratedState(): Promise<string> {
  const hash = createHash('sha256')
  for (const file of ['wrangler.toml', 'node_modules/wrangler/package.json']) hash.update(readFileSync(join(ROOT, file)))
  const migrations = join(ROOT, 'migrations')
  for (const file of readdirSync(migrations).sort()) hash.update(file).update(readFileSync(join(migrations, file)))
  const cache = join(ROOT, 'node_modules', '.cache', 'sharelink-e2e')
  const made = join(cache, `d1-${hash.digest('hex').slice(0, 16)}`)
  if (existsSync(made)) return made
  mkdirSync(cache, { recursive: true })
  // Made beside it and renamed into place: a run cut short, or two at once, never leave half of one.
  const scratch = mkdtempSync(join(cache, 'making-'))
  try {
    await promisify(execFile)(WRANGLER, ['d1', 'migrations', 'apply', 'ANALYTICS', '--local', '--persist-to', scratch], {
      cwd: ROOT,
      env: wranglerEnv(),
    })
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true })
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string }
    throw new Error(`wrangler d1 migrations apply failed:\n${stdout}${stderr}`)
  }
  try {
    renameSync(scratch, made)
  } catch {
    // Another run made it first: theirs is the same.
    rmSync(scratch, { recursive: true, force: true })
  }
  return made
}

async function startDevOnce(vars: Record<string, string>, config: string | undefined): Promise<DevServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  // 32+ random characters, as /healthz asks of API_KEY.
  const apiKey = `e2e-${crypto.randomUUID().replace(/-/g, '')}`
  const state = mkdtempSync(join(tmpdir(), 'sharelink-state-'))
  if (!config) {
    try {
      cpSync(await migratedState(), state, { recursive: true })
    } catch (err) {
      rmSync(state, { recursive: true, force: true })
      throw err
    }
  }
  const allVars = { PUBLIC_BASE_URL: url, API_KEY: apiKey, FLUSH_SECONDS: '2', ...vars }
  const args = [
    'dev',
    '--port',
    String(port),
    '--ip',
    '127.0.0.1',
    '--persist-to',
    state,
    '--show-interactive-dev-session=false',
    '--log-level',
    'warn',
  ]
  for (const [k, v] of Object.entries(allVars)) args.push('--var', `${k}:${v}`)
  if (config) args.push('--config', config)
  const child: ChildProcess = spawn(WRANGLER, args, { cwd: ROOT, env: wranglerEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      // A process outside the test's control: if it has not gone in 5 s, it is killed.
      await new Promise((r) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL')
          r(null)
        }, 5000)
        child.once('exit', () => {
          clearTimeout(t)
          r(null)
        })
      })
    }
    rmSync(state, { recursive: true, force: true })
  }
  // Polled every 250 ms, the one wait by the clock kept here: it waits for a process outside the
  // tests (wrangler prints nothing at --log-level warn when it is ready, and an answer is the proof
  // that matters), and bounds its start, not anything a test checks.
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null || /address already in use|EADDRINUSE/i.test(output)) break
    try {
      // Any answer means it is serving (a control Worker has no /healthz and answers 404).
      if ((await fetch(`${url}/healthz`)).status < 500) return { url, apiKey, state, pid: child.pid!, stop }
    } catch {}
    await new Promise((r) => setTimeout(r, 250))
  }
  await stop()
  if (/address already in use|EADDRINUSE/i.test(output)) throw new PortTaken(`port ${port} was taken:\n${output}`)
  throw new Error(`wrangler dev did not start:\n${output}`)
}

/**
 * A loopback HTTP server serving the given paths (article pages for the worker to unfurl); a
 * string body is sent as UTF-8, bytes as they are (pages in legacy encodings).
 */
export async function startOrigin(
  routes: Record<string, { type: string; body: string | Uint8Array }>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const route = routes[req.url ?? '']
    if (!route) return res.writeHead(404).end('not found')
    res.writeHead(200, { 'Content-Type': route.type }).end(route.body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) }
}

export function fixture(name: string): string {
  return readFileSync(join(ROOT, 'test', 'fixtures', name), 'utf8')
}
