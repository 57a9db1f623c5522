/**
 * @module The service's configuration: the vars parsed and checked once per isolate into a typed
 * value. Nothing else reads `env.X` strings; a var that is missing or wrong is a named problem
 * that /healthz reports and the routes that need it answer as 503 `misconfigured`.
 */
import { type AccessConfig, parseAccessConfig } from './auth/access'
import { type HostMatcher, parseHostList } from './links/hosts'
import { isTimeZone, Zone } from './time'

export interface Problem {
  variable: string
  message: string
}

export interface Config {
  /** Origin of short links, without a trailing slash. */
  baseUrl: string
  base: URL
  allowed: HostMatcher
  /** Admin keys (several during a rotation). */
  apiKeys: string[]
  /** Single sign-on with Cloudflare Access, when its three vars are set. */
  access: AccessConfig | null
  flushSeconds: number
  dedupSeconds: number
  /** New readers one client (IPv4 address or IPv6 /64) may add to a link per de-dup window; 0: no cap. */
  dedupPerAddress: number
  /** `utm_medium` on redirects; empty turns UTM tagging off. */
  utmMedium: string
  /** `utm_campaign` on redirects: text, with `{section}` and `{date}` filled in per article. */
  utmCampaign: string
  /** REPORT_TIMEZONE: the zone whose days and hours analytics count in. */
  zone: Zone
  /** Days of analytics rollups kept in D1. */
  retentionDays: number
  problems: Problem[]
}

/**
 * How old the figures in D1 may be when unset. A minute: a link clicked at least once a minute is
 * in the "right now" views within it. Each flush of a link costs its day's and hour's D1 rows, so
 * this is a cost decision: see README, "What it costs".
 */
export const DEFAULT_FLUSH_SECONDS = 60
export const DEFAULT_DEDUP_SECONDS = 1800
/**
 * Five readers a link per half hour from one address: a household, a desk, a family on one mobile
 * connection each count, while a script cycling user agents adds five clicks, not fifty. An office
 * or a carrier's shared address (CGNAT) with more people opening the same link within the window
 * undercounts: their sixth and later readers are repeats. See README, "One click per reader".
 */
export const DEFAULT_DEDUP_PER_ADDRESS = 5
export const DEFAULT_RETENTION_DAYS = 400

/** The vars as the runtime hands them over (every one may be absent or mistyped). */
type Vars = Partial<
  Record<
    | 'PUBLIC_BASE_URL'
    | 'ALLOWED_HOSTS'
    | 'API_KEY'
    | 'FLUSH_SECONDS'
    | 'DEDUP_SECONDS'
    | 'DEDUP_PER_ADDRESS'
    | 'UTM_MEDIUM'
    | 'UTM_CAMPAIGN'
    | 'REPORT_TIMEZONE'
    | 'RETENTION_DAYS',
    unknown
  >
>

const parsed = new WeakMap<object, Config>()

/** The config of this `env`, parsed on first use; the runtime hands every request the same object. */
export function configOf(env: object): Config {
  let config = parsed.get(env)
  if (!config) {
    config = parseConfig(env as Vars)
    parsed.set(env, config)
  }
  return config
}

/** Vars only the admin API needs: it checks them itself, and the public routes never stop for them. */
const SIGN_IN_VARS = new Set(['API_KEY', 'ACCESS_TEAM_DOMAIN', 'ACCESS_AUD', 'ACCESS_ROLES'])

/** The first problem that stops the public routes. */
export function blockingProblem(config: Config): Problem | undefined {
  return config.problems.find((p) => !SIGN_IN_VARS.has(p.variable))
}

/**
 * The weakest key API_KEY may hold: 128 bits, as at least 32 characters of a kind a random key is
 * made of (`npm start` writes 32 base62 characters: 190 bits). A shorter or plainer key can be
 * guessed, and it opens everything.
 */
export const MIN_KEY_BITS = 128
export const MIN_KEY_LENGTH = 32

/**
 * Bits a key of this length and alphabet would carry if random: what a guesser must try. A key
 * that repeats itself, or uses a handful of characters, carries far less, whatever its length.
 */
export function keyBits(key: string): number {
  if (/^(.+)\1+$/.test(key) || new Set(key).size < 8) return 0
  let pool = 0
  if (/^[0-9a-f]+$/.test(key)) pool = 16
  else {
    if (/[a-z]/.test(key)) pool += 26
    if (/[A-Z]/.test(key)) pool += 26
    if (/[0-9]/.test(key)) pool += 10
    if (/[^a-zA-Z0-9]/.test(key)) pool += 33
  }
  return key.length * Math.log2(pool)
}

export function parseConfig(vars: Vars): Config {
  const problems: Problem[] = []
  const problem = (variable: string, message: string) => problems.push({ variable, message })
  const text = (name: keyof Vars): string | undefined => (typeof vars[name] === 'string' ? (vars[name] as string) : undefined)

  let base = new URL('http://localhost:8787')
  const baseText = text('PUBLIC_BASE_URL')?.trim()
  if (!baseText) problem('PUBLIC_BASE_URL', 'is not set: the origin of short links, e.g. https://share.example.com')
  else {
    try {
      const url = new URL(baseText)
      if (url.protocol !== 'http:' && url.protocol !== 'https:') problem('PUBLIC_BASE_URL', 'must be an http or https URL')
      else if (url.pathname !== '/' || url.search || url.hash || url.username) {
        problem('PUBLIC_BASE_URL', `must be an origin only (no path, query or credentials), e.g. ${url.origin}`)
      } else base = url
    } catch {
      problem('PUBLIC_BASE_URL', `'${baseText}' is not a URL; set it to the origin of short links, e.g. https://share.example.com`)
    }
  }

  const hostsText = text('ALLOWED_HOSTS')
  const hosts = parseHostList(hostsText ?? '')
  if (hostsText === undefined)
    problem('ALLOWED_HOSTS', 'is not set: list the hosts whose articles may be shared, e.g. news.example.com,*.example.com')
  else
    for (const message of hosts.problems)
      problem('ALLOWED_HOSTS', `${message}; list the hosts whose articles may be shared, e.g. news.example.com`)

  const apiKeys = (text('API_KEY') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
  if (apiKeys.length === 0)
    problem('API_KEY', 'is not set: the admin API needs a secret key (`wrangler secret put API_KEY`, or .dev.vars locally)')
  for (const key of apiKeys) {
    if (key.length < MIN_KEY_LENGTH || keyBits(key) < MIN_KEY_BITS) {
      problem(
        'API_KEY',
        `holds a key of ${key.length} characters that can be guessed: use at least ${MIN_KEY_LENGTH} random characters (${MIN_KEY_BITS} bits), e.g. \`openssl rand -base64 32\``,
      )
    }
  }

  const wholeNumber = (name: keyof Vars, fallback: number, min: number, max: number): number => {
    const raw = text(name)?.trim()
    if (raw === undefined || raw === '') return fallback
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min || n > max) {
      problem(name, `'${raw}' must be a whole number from ${min} to ${max}`)
      return fallback
    }
    return n
  }
  const flushSeconds = wholeNumber('FLUSH_SECONDS', DEFAULT_FLUSH_SECONDS, 1, 86_400)
  // A reader is a hash salted per day: a window can't outlast the day it starts in.
  const dedupSeconds = wholeNumber('DEDUP_SECONDS', DEFAULT_DEDUP_SECONDS, 0, 86_400)
  const dedupPerAddress = wholeNumber('DEDUP_PER_ADDRESS', DEFAULT_DEDUP_PER_ADDRESS, 0, 1000)
  const retentionDays = wholeNumber('RETENTION_DAYS', DEFAULT_RETENTION_DAYS, 1, 3_650)

  const access = parseAccessConfig(vars as Record<string, unknown>)
  for (const p of access.problems) problem(p.variable, p.message)

  const zoneName = text('REPORT_TIMEZONE')?.trim() || 'UTC'
  const zoneKnown = isTimeZone(zoneName)
  if (!zoneKnown)
    problem(
      'REPORT_TIMEZONE',
      `'${zoneName}' is not a time zone this runtime knows: use an IANA name, e.g. Europe/Paris or America/New_York`,
    )

  const campaign = text('UTM_CAMPAIGN') ?? 'share'
  const campaignOk = /^([\w.~-]|\{section\}|\{date\})*$/.test(campaign)
  if (!campaignOk) {
    problem('UTM_CAMPAIGN', `'${campaign}' may hold only letters, digits, '.', '_', '~', '-', {section} and {date}`)
  }

  const medium = text('UTM_MEDIUM') ?? 'social'
  if (!/^[\w.~-]*$/.test(medium)) problem('UTM_MEDIUM', `'${medium}' may hold only letters, digits, '.', '_', '~' and '-'`)

  return {
    baseUrl: base.origin,
    base,
    allowed: hosts.matcher,
    apiKeys,
    access: access.access,
    flushSeconds,
    dedupSeconds,
    dedupPerAddress,
    utmMedium: /^[\w.~-]*$/.test(medium) ? medium : 'social',
    utmCampaign: campaignOk && campaign ? campaign : 'share',
    zone: new Zone(zoneKnown ? zoneName : 'UTC'),
    retentionDays,
    problems,
  }
}
