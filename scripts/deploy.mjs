#!/usr/bin/env node
// `npm run deploy`: puts sharelink on your Cloudflare account, from wrangler.toml's [env.production].
//
// 1. Checks that section as the Worker will (src/config.ts), and what only a deploy can get wrong:
//    placeholder KV and D1 ids, a base URL that is not an https domain of yours, the example host
//    list, a custom domain that is not the base URL's host, and the API_KEY secret (asked of
//    Cloudflare: this needs `wrangler login`). With API_KEY in the environment (`API_KEY=... npm
//    run deploy`), its keys are checked as the Worker checks them (32 random characters, 128
//    bits) before anything else, and it is uploaded as the secret.
// 2. Applies the D1 migrations to the production database.
// 3. Runs `wrangler deploy --env production`, then asks the new deployment's /healthz: a secret
//    set earlier that is too weak is only known there (Cloudflare never shows a secret back).
// `npm run deploy -- --check` stops after the checks.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { unstable_readConfig } from 'wrangler'
import { configProblems, ROOT } from './lib/config.mjs'

const checkOnly = process.argv.includes('--check')
const wrangler = join(ROOT, 'node_modules', '.bin', 'wrangler')
const run = (args, options = {}) =>
  spawnSync(wrangler, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, ...options })

const config = unstable_readConfig({ config: join(ROOT, 'wrangler.toml'), env: 'production' })
// A key given now is checked as the Worker will check it; the secret already set, after the deploy.
const givenKey = process.env.API_KEY?.trim()
const vars = { ...config.vars, API_KEY: givenKey || 'stand-in-for-the-secret-checked-below-8Hq2ZxWv' }
const problems = (await configProblems(vars)).map((p) => `${p.variable} ${p.message}`)

const placeholder = (id) => !id || /^[0-]+$/.test(id)
for (const kv of config.kv_namespaces ?? []) {
  if (placeholder(kv.id))
    problems.push(
      `KV namespace ${kv.binding} has the placeholder id: run \`npx wrangler kv namespace create ${kv.binding} --env production\` and put its id in [[env.production.kv_namespaces]]`,
    )
}
for (const db of config.d1_databases ?? []) {
  if (placeholder(db.database_id))
    problems.push(
      `D1 database ${db.binding} has the placeholder id: run \`npx wrangler d1 create ${db.database_name}\` and put its id in [[env.production.d1_databases]]`,
    )
}
let base
try {
  base = new URL(String(config.vars?.PUBLIC_BASE_URL ?? ''))
} catch {}
if (base) {
  if (base.protocol !== 'https:') problems.push('PUBLIC_BASE_URL must be https in production: crawlers and browsers expect it')
  if (/^(localhost|127\.|\[::1\])/.test(base.hostname))
    problems.push('PUBLIC_BASE_URL is a local address: set your short-link domain, e.g. https://share.yourpaper.com')
  if (/(^|\.)example\.(com|org|net)$/.test(base.hostname))
    problems.push(`PUBLIC_BASE_URL is still the example (${base.host}): set your short-link domain`)
  const domains = (config.routes ?? []).filter((r) => typeof r === 'object' && r.custom_domain).map((r) => r.pattern)
  if (!domains.includes(base.host))
    problems.push(
      `no custom domain route for ${base.host}: add { pattern = "${base.host}", custom_domain = true } to [env.production] routes`,
    )
}
if (/(^|[,.])example\.(com|org|net)\b/.test(String(config.vars?.ALLOWED_HOSTS ?? ''))) {
  problems.push("ALLOWED_HOSTS still lists the example's hosts: list your article hosts, e.g. www.yourpaper.com,*.yourpaper.com")
}

if (problems.length === 0) {
  const secrets = run(['secret', 'list', '--env', 'production', '--format', 'json'])
  if (secrets.status !== 0)
    problems.push(`could not list the production secrets (is \`npx wrangler login\` done, and are you online?):\n${secrets.stderr.trim()}`)
  else if (!givenKey && !JSON.parse(secrets.stdout).some((s) => s.name === 'API_KEY'))
    problems.push(
      'the API_KEY secret is not set: `API_KEY=$(openssl rand -base64 32) npm run deploy`, or `npx wrangler secret put API_KEY --env production`',
    )
}

if (problems.length) {
  console.error(`[deploy] wrangler.toml's [env.production] is not ready:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  process.exit(1)
}
console.log('[deploy] production configuration checks out')
if (checkOnly) process.exit(0)

if (givenKey) {
  console.log('[deploy] set the API_KEY secret from the environment')
  const put = run(['secret', 'put', 'API_KEY', '--env', 'production'], { input: givenKey, stdio: ['pipe', 'inherit', 'inherit'] })
  if (put.status !== 0) {
    console.error('[deploy] could not set the API_KEY secret')
    process.exit(put.status || 1)
  }
}

for (const [what, args] of [
  ['apply the D1 migrations', ['d1', 'migrations', 'apply', 'ANALYTICS', '--remote', '--env', 'production']],
  ['deploy', ['deploy', '--env', 'production']],
]) {
  console.log(`[deploy] ${what}: wrangler ${args.join(' ')}`)
  const step = run(args, { stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' } })
  if (step.status !== 0) {
    console.error(`[deploy] could not ${what}`)
    process.exit(step.status || 1)
  }
}

// The deployment's own word: a var or secret it finds wrong (an API_KEY that can be guessed) is named on /healthz.
const health = await fetch(`${base.origin}/healthz`, { signal: AbortSignal.timeout(15_000) }).catch(() => null)
const body = await health?.json().catch(() => null)
if (health?.status === 503 && body?.problems?.length) {
  console.error(`[deploy] deployed, but ${base.origin}/healthz names problems; the admin API refuses to work until they are fixed:`)
  for (const p of body.problems) console.error(`  - ${p.variable} ${p.message}`)
  if (body.problems.some((p) => p.variable === 'API_KEY'))
    console.error('[deploy] set a strong key: API_KEY=$(openssl rand -base64 32) npm run deploy')
  process.exit(1)
}
console.log(
  health?.ok
    ? `[deploy] ${base.origin}/healthz: ok`
    : `[deploy] ${base.origin}/healthz did not answer yet (DNS and the certificate can take minutes)`,
)
