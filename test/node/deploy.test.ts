/**
 * `npm run deploy` without a Cloudflare account or a network: staging's dry run builds the Worker
 * from the checked-in wrangler.toml, and the checks refuse a production without its custom domain
 * and a staging whose base URL is not its workers.dev address, before wrangler is asked anything.
 *
 * Each run gets an empty HOME (no `wrangler login`), no Cloudflare credentials in its environment,
 * and a proxy on a closed port: a step that reached for the network would fail, not pass quietly.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from './dev-server'

const ROOT = join(import.meta.dirname, '..', '..')
const scratch = mkdtempSync(join(tmpdir(), 'sharelink-deploy-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Run {
  code: number
  output: string
}

/** `npm run deploy -- <args>`, offline and signed out; answers its exit code and everything it printed. */
async function deploy(...args: string[]): Promise<Run> {
  const closed = `http://127.0.0.1:${await freePort()}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: mkdtempSync(join(scratch, 'home-')),
    XDG_CONFIG_HOME: undefined,
    CLOUDFLARE_API_TOKEN: undefined,
    CLOUDFLARE_API_KEY: undefined,
    CLOUDFLARE_EMAIL: undefined,
    CLOUDFLARE_ACCOUNT_ID: undefined,
    API_KEY: undefined,
    HTTP_PROXY: closed,
    HTTPS_PROXY: closed,
    http_proxy: closed,
    https_proxy: closed,
    NO_PROXY: '',
    WRANGLER_SEND_METRICS: 'false',
    NO_COLOR: '1',
    CI: 'true',
  }
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', 'deploy', '--', ...args], { cwd: ROOT, env, maxBuffer: 1 << 24 })
    return { code: 0, output: stdout + stderr }
  } catch (err) {
    const { code, stdout = '', stderr = '' } = err as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof code === 'number' ? code : 1, output: stdout + stderr }
  }
}

/**
 * wrangler.toml with `edit` applied, written elsewhere; its relative paths made absolute so it
 * reads as the original would (wrangler resolves them against the config's own folder).
 */
function configVariant(name: string, edit: (toml: string) => string): string {
  const absolute: [string, string][] = [
    ['main = "src/index.ts"', `main = "${join(ROOT, 'src/index.ts')}"`],
    ['directory = "public"', `directory = "${join(ROOT, 'public')}"`],
    ['migrations_dir = "migrations"', `migrations_dir = "${join(ROOT, 'migrations')}"`],
    ['command = "node scripts/build-assets.mjs"', `command = "node ${join(ROOT, 'scripts/build-assets.mjs')}"`],
    ['watch_dir = ["src", "dashboard", "embed"]', `watch_dir = ${JSON.stringify(['src', 'dashboard', 'embed'].map((d) => join(ROOT, d)))}`],
  ]
  let toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')
  for (const [from, to] of absolute) {
    expect(toml, `wrangler.toml still says ${from}`).toContain(from)
    toml = toml.replaceAll(from, to)
  }
  const file = join(scratch, `${name}.toml`)
  writeFileSync(file, edit(toml))
  return file
}

/** Replaces one exact piece of wrangler.toml, failing if it is not there once: the test must test what it says. */
const replaceOnce = (toml: string, from: string, to: string) => {
  expect(toml.split(from).length - 1, `wrangler.toml holds ${from} once`).toBe(1)
  return toml.replace(from, to)
}

describe('npm run deploy, offline', () => {
  it('dry-runs staging from the checked-in config: the build as a deploy makes it, with what is still to fill in listed', async () => {
    const bundle = join(ROOT, 'dist', 'staging', 'index.js')
    rmSync(join(ROOT, 'dist', 'staging'), { recursive: true, force: true })
    const started = Date.now()
    const { code, output } = await deploy('--env', 'staging', '--dry-run')
    expect(output).toContain('[deploy] before a real deploy of [env.staging], still to do:')
    // The ids and the subdomain are the account's: listed, not refused, in a dry run.
    expect(output).toContain('npx wrangler kv namespace create LINKS --env staging')
    expect(output).toContain('npx wrangler d1 create sharelink-analytics-staging')
    expect(output).toContain(
      "PUBLIC_BASE_URL names the placeholder subdomain (sharelink-staging.your-subdomain.workers.dev): put your account's",
    )
    // wrangler read staging's own bindings and vars, not production's.
    expect(output).toContain('env.ANALYTICS (sharelink-analytics-staging)')
    expect(output).toContain('env.PUBLIC_BASE_URL ("https://sharelink-staging.your-subdom...")')
    expect(output).toContain('--dry-run: exiting now.')
    expect(output).toContain('[deploy] dry run of staging done')
    expect(code, output).toBe(0)
    expect(statSync(bundle).mtimeMs).toBeGreaterThanOrEqual(started - 1000)
  }, 120_000)

  it('refuses production without a custom domain route, in a dry run and a real one, before asking Cloudflare anything', async () => {
    const config = configVariant('no-route', (toml) =>
      replaceOnce(toml, 'routes = [{ pattern = "share.example.com", custom_domain = true }]\n', ''),
    )
    const refusal =
      'no custom domain route for share.example.com: add { pattern = "share.example.com", custom_domain = true } to [env.production] routes (production is served on your own domain; workers.dev is for staging)'
    for (const args of [['--dry-run'], []]) {
      const { code, output } = await deploy('--config', config, ...args)
      expect(output).toContain("[deploy] wrangler.toml's [env.production] is")
      expect(output).toContain(refusal)
      expect(output).not.toContain('--dry-run: exiting now.') // wrangler never built it
      expect(output).not.toContain('could not list') // nor were the secrets asked for (that needs the account)
      expect(code, output).toBe(1)
    }
  }, 60_000)

  it('refuses a staging whose PUBLIC_BASE_URL is not its workers.dev address', async () => {
    const config = configVariant('staging-elsewhere', (toml) =>
      replaceOnce(
        toml,
        'PUBLIC_BASE_URL = "https://sharelink-staging.your-subdomain.workers.dev"',
        'PUBLIC_BASE_URL = "https://share.example.com"',
      ),
    )
    const { code, output } = await deploy('--env', 'staging', '--dry-run', '--config', config)
    expect(output).toContain(
      "PUBLIC_BASE_URL must be this Worker's workers.dev address, https://sharelink-staging.<your-subdomain>.workers.dev (the Worker in [env.staging] is named sharelink-staging), not https://share.example.com",
    )
    expect(output).not.toContain('--dry-run: exiting now.')
    expect(code, output).toBe(1)
  }, 60_000)

  it('names an environment wrangler.toml does not have', async () => {
    const { code, output } = await deploy('--env', 'preview', '--dry-run')
    expect(output).toContain('[deploy] wrangler.toml has no usable [env.preview]')
    expect(code, output).toBe(1)
    expect(existsSync(join(ROOT, 'dist', 'preview'))).toBe(false)
  }, 60_000)
})
