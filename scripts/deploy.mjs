#!/usr/bin/env node
// `npm run deploy`: puts sharelink on your Cloudflare account, from one environment of wrangler.toml:
// [env.production] (the default) on your short-link domain, or `-- --env staging` on workers.dev.
//
// 1. Checks that section as the Worker will (src/config.ts), and what only a deploy can get wrong
//    (scripts/lib/deploy-checks.mjs): placeholder KV and D1 ids, a base URL that is not https or
//    not where the Worker will answer (production: a custom domain of yours, required; staging:
//    its workers.dev address), the example host list; then the API_KEY secret (asked of Cloudflare:
//    this needs `wrangler login`). With API_KEY in the environment (`API_KEY=... npm run deploy`),
//    its keys are checked as the Worker checks them (32 random characters, 128 bits) before
//    anything else, and it is uploaded as the secret.
// 2. Applies the D1 migrations to that environment's database.
// 3. Runs `wrangler deploy --env <env>`; on workers.dev, checks that the address wrangler reports is
//    PUBLIC_BASE_URL; then asks the new deployment's /healthz: a secret set earlier that is too weak
//    is only known there (Cloudflare never shows a secret back).
//
// `-- --check` stops after the checks. `-- --dry-run` needs no account and no network: the offline
// checks (placeholders are listed as what a real deploy still needs, not refused), then
// `wrangler deploy --dry-run`, which builds the Worker as a deploy would into dist/<env>/ and
// uploads nothing. `-- --config <file>` reads another wrangler config (the tests use it).
import { spawn, spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { unstable_readConfig } from 'wrangler'
import { configProblems, ROOT } from './lib/config.mjs'
import { deployChecks, workersDevUrls } from './lib/deploy-checks.mjs'

/** The options after `--`: --env NAME (or --env=NAME), --config FILE, --check, --dry-run. */
function options(argv) {
  const out = { env: 'production', config: join(ROOT, 'wrangler.toml'), check: false, dryRun: false }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2)
    const value = () => {
      const v = inline ?? argv[++i]
      if (!v || v.startsWith('--')) fail(`${flag} needs a value`)
      return v
    }
    if (flag === '--env' || flag === '-e') out.env = value()
    else if (flag === '--config' || flag === '-c') out.config = resolve(value())
    else if (flag === '--check') out.check = true
    else if (flag === '--dry-run') out.dryRun = true
    else fail(`unknown option ${argv[i]}: use --env <name>, --check, --dry-run, --config <file>`)
  }
  return out
}

function fail(message) {
  console.error(`[deploy] ${message}`)
  process.exit(1)
}

const opts = options(process.argv.slice(2))
const { env } = opts
const wrangler = join(ROOT, 'node_modules', '.bin', 'wrangler')
const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false' }
const common = ['--env', env, '--config', opts.config]
const run = (args, options = {}) => spawnSync(wrangler, [...args, ...common], { cwd: ROOT, encoding: 'utf8', env: wranglerEnv, ...options })

let config
try {
  config = unstable_readConfig({ config: opts.config, env })
} catch (err) {
  fail(`wrangler.toml has no usable [env.${env}]:\n${err.message}`)
}

// A key given now is checked as the Worker will check it; the secret already set, after the deploy.
const givenKey = process.env.API_KEY?.trim()
const vars = { ...config.vars, API_KEY: givenKey || 'stand-in-for-the-secret-checked-below-8Hq2ZxWv' }
const varProblems = (await configProblems(vars)).map((p) => `${p.variable} ${p.message}`)
const { problems, todo, base } = deployChecks(config, env, varProblems)
const list = (items) => items.map((p) => `  - ${p}`).join('\n')

if (opts.dryRun) {
  if (problems.length) fail(`wrangler.toml's [env.${env}] is wrong:\n${list(problems)}`)
  if (todo.length) console.log(`[deploy] before a real deploy of [env.${env}], still to do:\n${list(todo)}`)
  console.log(`[deploy] dry run: ${env} builds as \`wrangler deploy\` would, into dist/${env}/; nothing is uploaded`)
  const dry = run(['deploy', '--dry-run', '--outdir', join('dist', env)], { stdio: 'inherit', env: { ...wranglerEnv, CI: 'true' } })
  if (dry.status !== 0) fail('the dry run failed')
  console.log(`[deploy] dry run of ${env} done: the checks that need your account (the API_KEY secret) were not made`)
  process.exit(0)
}

const blocking = [...problems, ...todo]
if (blocking.length === 0) {
  const secrets = run(['secret', 'list', '--format', 'json'])
  if (secrets.status !== 0)
    blocking.push(`could not list the ${env} secrets (is \`npx wrangler login\` done, and are you online?):\n${secrets.stderr.trim()}`)
  else if (!givenKey && !JSON.parse(secrets.stdout).some((s) => s.name === 'API_KEY'))
    blocking.push(
      `the API_KEY secret is not set: \`API_KEY=$(openssl rand -base64 32) npm run deploy -- --env ${env}\`, or \`npx wrangler secret put API_KEY --env ${env}\``,
    )
}
if (blocking.length) fail(`wrangler.toml's [env.${env}] is not ready:\n${list(blocking)}`)
console.log(`[deploy] ${env} configuration checks out`)
if (opts.check) process.exit(0)

if (givenKey) {
  console.log(`[deploy] set the ${env} API_KEY secret from the environment`)
  const put = run(['secret', 'put', 'API_KEY'], { input: givenKey, stdio: ['pipe', 'inherit', 'inherit'] })
  if (put.status !== 0) fail('could not set the API_KEY secret')
}

/** Runs a wrangler step, showing its output as it comes, and answers its exit code and stdout. */
function step(args) {
  return new Promise((done) => {
    const child = spawn(wrangler, [...args, ...common], {
      cwd: ROOT,
      env: { ...wranglerEnv, CI: 'true' },
      stdio: ['inherit', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      process.stdout.write(chunk)
    })
    child.on('close', (code) => done({ status: code, stdout: out }))
  })
}

let deployed = ''
for (const [what, args] of [
  ['apply the D1 migrations', ['d1', 'migrations', 'apply', 'ANALYTICS', '--remote']],
  ['deploy', ['deploy']],
]) {
  console.log(`[deploy] ${what}: wrangler ${[...args, '--env', env].join(' ')}`)
  const { status, stdout } = await step(args)
  if (status !== 0) fail(`could not ${what}`)
  deployed = stdout
}

// On workers.dev the address is the account's: what wrangler reports is the truth, and short links,
// previews and the buttons' CORS all name PUBLIC_BASE_URL.
const reported = workersDevUrls(deployed)
if (config.workers_dev && reported.length && !reported.includes(base.origin)) {
  fail(
    `deployed, but wrangler reports ${reported.join(', ')} while PUBLIC_BASE_URL is ${base.origin}: set PUBLIC_BASE_URL = "${reported[0]}" in [env.${env}.vars] and deploy again`,
  )
}

// The deployment's own word: a var or secret it finds wrong (an API_KEY that can be guessed) is named on /healthz.
const health = await fetch(`${base.origin}/healthz`, { signal: AbortSignal.timeout(15_000) }).catch(() => null)
const body = await health?.json().catch(() => null)
if (health?.status === 503 && body?.problems?.length) {
  console.error(`[deploy] deployed, but ${base.origin}/healthz names problems; the admin API refuses to work until they are fixed:`)
  for (const p of body.problems) console.error(`  - ${p.variable} ${p.message}`)
  if (body.problems.some((p) => p.variable === 'API_KEY'))
    console.error(`[deploy] set a strong key: API_KEY=$(openssl rand -base64 32) npm run deploy -- --env ${env}`)
  process.exit(1)
}
console.log(
  health?.ok
    ? `[deploy] ${base.origin}/healthz: ok`
    : `[deploy] ${base.origin}/healthz did not answer yet (DNS and the certificate can take minutes; a new workers.dev subdomain too)`,
)
