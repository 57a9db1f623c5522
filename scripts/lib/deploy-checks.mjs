/**
 * What `npm run deploy` checks in one environment of wrangler.toml before anything is uploaded.
 * Offline: it reads the configuration only. Two lists, because a dry run needs no account:
 *   problems  wrong whatever the run: the Worker would be misconfigured, or reachable only at an
 *             address its short links do not name (a dry run stops on these too);
 *   todo      what only a real deploy needs filled in (placeholder ids, the example's values): a
 *             dry run lists them and goes on.
 */

/** The repository's stand-ins for ids that `wrangler kv namespace create` and `wrangler d1 create` print. */
const placeholder = (id) => !id || /^[0-]+$/.test(id)
const EXAMPLE_HOST = /(^|\.)example\.(com|org|net)$/
/** What wrangler.toml's staging section says until the account's own workers.dev subdomain is put in. */
export const SUBDOMAIN_PLACEHOLDER = 'your-subdomain'

/**
 * `config`: wrangler's reading of the environment (unstable_readConfig with `env`); `env`: its
 * name; `varProblems`: src/config.ts's problems with its vars (as `VAR message` lines).
 */
export function deployChecks(config, env, varProblems = []) {
  const problems = [...varProblems]
  const todo = []
  const section = `[env.${env}]`

  for (const kv of config.kv_namespaces ?? []) {
    if (placeholder(kv.id))
      todo.push(
        `KV namespace ${kv.binding} has the placeholder id: run \`npx wrangler kv namespace create ${kv.binding} --env ${env}\` and put its id in [[env.${env}.kv_namespaces]]`,
      )
  }
  for (const db of config.d1_databases ?? []) {
    if (placeholder(db.database_id))
      todo.push(
        `D1 database ${db.binding} has the placeholder id: run \`npx wrangler d1 create ${db.database_name}\` and put its id in [[env.${env}.d1_databases]]`,
      )
  }
  if (/(^|[,.])example\.(com|org|net)\b/.test(String(config.vars?.ALLOWED_HOSTS ?? ''))) {
    todo.push("ALLOWED_HOSTS still lists the example's hosts: list your article hosts, e.g. www.yourpaper.com,*.yourpaper.com")
  }

  let base
  try {
    base = new URL(String(config.vars?.PUBLIC_BASE_URL ?? ''))
  } catch {
    return { problems, todo, base } // src/config.ts has named it already
  }
  if (base.protocol !== 'https:') problems.push('PUBLIC_BASE_URL must be https when deployed: crawlers and browsers expect it')
  if (/^(localhost|127\.|\[::1\])/.test(base.hostname))
    problems.push('PUBLIC_BASE_URL is a local address: set the address short links are served on')

  const domains = (config.routes ?? []).filter((r) => typeof r === 'object' && r.custom_domain).map((r) => r.pattern)
  // Production is always on a domain of the publisher's: a short link's domain is the brand readers see.
  if (env === 'production' || domains.length > 0) {
    if (EXAMPLE_HOST.test(base.hostname)) todo.push(`PUBLIC_BASE_URL is still the example (${base.host}): set your short-link domain`)
    if (!domains.includes(base.host))
      problems.push(
        `no custom domain route for ${base.host}: add { pattern = "${base.host}", custom_domain = true } to ${section} routes` +
          (env === 'production' ? ' (production is served on your own domain; workers.dev is for staging)' : ''),
      )
    return { problems, todo, base }
  }

  // Any other environment without a custom domain: the Worker's workers.dev address, which is
  // `<worker name>.<account subdomain>.workers.dev`. The subdomain is the account's, so it is
  // written in the vars; the deploy compares it with the address wrangler reports (deploy.mjs).
  if (config.workers_dev === false)
    problems.push(`${section} has no custom domain and workers_dev = false: nothing would serve it; set workers_dev = true`)
  const expected = `https://${config.name}.<your-subdomain>.workers.dev`
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.workers\.dev$/.exec(base.hostname)
  if (!m || m[1] !== config.name) {
    problems.push(
      `PUBLIC_BASE_URL must be this Worker's workers.dev address, ${expected} (the Worker in ${section} is named ${config.name}), not ${base.origin}`,
    )
  } else if (m[2] === SUBDOMAIN_PLACEHOLDER) {
    todo.push(
      `PUBLIC_BASE_URL names the placeholder subdomain (${base.host}): put your account's workers.dev subdomain there (Workers & Pages in the dashboard shows it; the first deploy prints the address)`,
    )
  }
  return { problems, todo, base }
}

/** The workers.dev addresses in wrangler deploy's output (it prints where the Worker now answers). */
export function workersDevUrls(output) {
  return [...new Set(String(output).match(/https:\/\/[a-z0-9-]+\.[a-z0-9-]+\.workers\.dev\b/gi) ?? [])].map((u) => u.toLowerCase())
}
