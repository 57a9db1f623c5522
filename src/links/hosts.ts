/** @module The ALLOWED_HOSTS list: which article hosts may be shared, fetched and redirected to. */

interface HostRule {
  /** Lower-case ASCII (punycode) host, without a trailing dot. */
  host: string
  /** `*.host`: subdomains only, never the host itself. */
  wildcard: boolean
  /** Port as URL reports it ('' for the scheme's default); null matches any port. */
  port: string | null
}

export type HostMatcher = (url: URL) => boolean

const cache = new Map<string, HostMatcher>()

/** Parses ALLOWED_HOSTS once per isolate and answers whether a URL's host is on it. */
export function allowedHosts(list: string): HostMatcher {
  let matcher = cache.get(list)
  if (!matcher) {
    const rules = list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(parseRule)
      .filter((r): r is HostRule => r !== null)
    matcher = (url) => rules.some((rule) => matches(rule, url))
    cache.set(list, matcher)
  }
  return matcher
}

function parseRule(entry: string): HostRule | null {
  const wildcard = entry.startsWith('*.')
  const rest = wildcard ? entry.slice(2) : entry
  // Let the URL parser normalise the entry exactly as it normalises the URLs we compare it to
  // (case, punycode, IPv4 notations), so no spelling of a host slips between the two.
  let parsed: URL
  try {
    parsed = new URL(`http://${rest}`)
  } catch {
    return null
  }
  const hasPort = /:\d+$/.test(rest)
  return {
    host: normaliseHost(parsed.hostname),
    wildcard,
    port: hasPort ? portOf(parsed) : null,
  }
}

function matches(rule: HostRule, url: URL): boolean {
  const host = normaliseHost(url.hostname)
  if (rule.port !== null && portOf(url) !== rule.port) return false
  return rule.wildcard ? host.endsWith(`.${rule.host}`) : host === rule.host
}

/** The explicit or default port, so `host:443` matches `https://host/`. */
function portOf(url: URL): string {
  if (url.port) return url.port
  return url.protocol === 'https:' ? '443' : '80'
}

export function normaliseHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.+$/, '')
}
