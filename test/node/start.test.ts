/**
 * `npm start` (scripts/start.mjs) on another port than 8787: /healthz answers there, and every
 * curl command it prints for a first link works as printed, with short links on that port. Once
 * as the repository comes (the demo article is on ALLOWED_HOSTS), once with ALLOWED_HOSTS naming
 * only a publisher's site, where the commands must share an article of that site instead.
 *
 * The script runs in a copy of the project (node_modules linked), so the .dev.vars it writes and
 * the local state it keeps stay out of this checkout.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from './dev-server'

const ROOT = join(import.meta.dirname, '..', '..')
/** What `wrangler dev` builds and serves from; the rest of the checkout is not needed. */
const PROJECT = [
  'package.json',
  'wrangler.toml',
  'tsconfig.json',
  'tsconfig.app.json',
  'scripts',
  'src',
  'migrations',
  'public',
  'dashboard',
  'embed',
]
const hasCurl = spawnSync('curl', ['--version']).status === 0

/** The port the issue names, when nothing else holds it; else any free one (never 8787, the default). */
async function portToUse(preferred: number): Promise<number> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(preferred, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
  return free ? preferred : freePort()
}

interface Started {
  port: number
  /** Everything the script printed. */
  output: string
  /** The curl commands it printed, as printed. */
  curls: string[]
  stop(): Promise<void>
}

/** Runs scripts/start.mjs in a copy of the project with PORT set (and a .dev.vars, if given), until it prints its commands. */
async function start(port: number, devVars?: string): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'sharelink-start-'))
  for (const name of PROJECT) cpSync(join(ROOT, name), join(dir, name), { recursive: true })
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  if (devVars !== undefined) writeFileSync(join(dir, '.dev.vars'), devVars)

  // Its own process group, so wrangler and workerd under it stop with it.
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`, // the Node 22 wrangler needs
      PORT: String(port),
      CI: 'true',
      NO_COLOR: '1',
    },
  })
  let output = ''
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      process.kill(-child.pid!, 'SIGTERM')
      // A process outside the test's control: if it has not gone in 10 s, its group is killed.
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    try {
      process.kill(-child.pid!, 'SIGKILL') // anything of its group still there
    } catch {}
    rmSync(dir, { recursive: true, force: true })
  }
  // Done when the last line of what it prints is out; it prints that only once /healthz answered.
  const printed = new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk
      if (/^Dashboard: .*$/m.test(output)) resolve()
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before printing its commands:\n${output}`)))
  })
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`npm start printed no commands within 150 s:\n${output}`)), 150_000).unref(),
  )
  try {
    await Promise.race([printed, timeout])
  } catch (err) {
    await stop()
    throw err
  }
  const curls = output
    .split('\n')
    .filter((line) => line.startsWith('  curl '))
    .map((line) => line.trim())
  return { port, output, curls, stop }
}

/** Runs a printed command as printed, through the shell; answers its JSON. */
async function run(command: string): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)('sh', ['-c', command])
  return JSON.parse(stdout)
}

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

/** Each printed command makes a link for `article` whose short link is on the port and sends a person on to the article. */
async function expectCommandsWork(started: Started, article: string): Promise<Record<string, unknown>[]> {
  expect(started.curls, started.output).toHaveLength(2)
  const links = []
  for (const command of started.curls) {
    expect(command).toContain(`http://localhost:${started.port}/api/`)
    const link = await run(command)
    expect(link, command).toMatchObject({
      url: article,
      shortUrl: expect.stringMatching(new RegExp(`^http://localhost:${started.port}/\\w+$`)),
    })
    const click = await fetch(String(link.shortUrl), { redirect: 'manual', headers: { 'User-Agent': BROWSER } })
    expect(click.status).toBe(302)
    expect(click.headers.get('Location')).toMatch(new RegExp(`^${article.replace(/[.?/]/g, '\\$&')}\\?utm_`))
    links.push(link)
  }
  return links
}

describe.skipIf(!hasCurl)('npm start with PORT (needs curl, to run the printed commands as printed)', () => {
  describe('as the repository comes', () => {
    let started: Started
    beforeAll(async () => {
      started = await start(await portToUse(9000))
    }, 180_000)
    afterAll(async () => {
      await started?.stop()
    })

    it('serves /healthz on PORT, and makes its short links on PORT', async () => {
      const health = await fetch(`http://127.0.0.1:${started.port}/healthz`)
      expect(await health.json()).toEqual({ ok: true })
      expect(health.status).toBe(200)
      // The local base URL (wrangler.toml: port 8787) follows PORT, or every short link would point at nothing.
      expect(started.output).toContain(`[start] PUBLIC_BASE_URL http://localhost:8787 follows PORT: http://localhost:${started.port}`)
      expect(started.output).toContain(`sharelink is up on http://localhost:${started.port}`)
      expect(started.output).toContain(`Demo article with share buttons: http://localhost:${started.port}/demo\n`)
    })

    it('prints commands that share the demo article, and work as printed', async () => {
      await expectCommandsWork(started, `http://localhost:${started.port}/demo`)
    })
  })

  describe("with ALLOWED_HOSTS naming only the publisher's site", () => {
    let started: Started
    beforeAll(async () => {
      started = await start(await freePort(), 'ALLOWED_HOSTS="*.news.test,news.test"\n')
    }, 180_000)
    afterAll(async () => {
      await started?.stop()
    })

    it("says the demo is not on ALLOWED_HOSTS, and shares the first allowed host's page instead", async () => {
      expect(started.output).toContain(
        `ALLOWED_HOSTS (*.news.test,news.test) does not take the demo article's host (localhost:${started.port}), so these share https://www.news.test/, the first allowed host's home page`,
      )
      expect(started.output).toContain('(its buttons answer 403 until ALLOWED_HOSTS takes its host)')
      // What the commands would have shared is refused indeed.
      const demo = await fetch(`http://localhost:${started.port}/api/share`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: `http://localhost:${started.port}/demo`, channel: 'x' }),
      })
      expect(demo.status).toBe(403)
    })

    it('prints commands that work as printed (the article cannot be read offline: its card falls back)', async () => {
      const links = await expectCommandsWork(started, 'https://www.news.test/')
      // Made all the same, with the address as its card, to be read again on the first crawl.
      for (const link of links) expect(link).toMatchObject({ title: 'news.test', siteName: 'news.test', unfurledAt: null })
    })
  })
})
