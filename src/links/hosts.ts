/**
 * @module Which article hosts may be shared, fetched and redirected to (ALLOWED_HOSTS), and which
 * addresses are the service's own.
 *
 * Entries: `host` (the scheme's default port only), `host:port`, `host:*` (any port); a leading
 * `*.` matches subdomains only, never the host itself.
 */

interface HostRule {
  /** Lower-case ASCII (punycode) host without a trailing dot, as the URL parser spells it. */
  host: string
  wildcard: boolean
  /** A port number as URL reports it, 'default' (the scheme's own), or '*' (any). */
  port: string
}

export type HostMatcher = (url: URL) => boolean

/** Parses ALLOWED_HOSTS; a bad entry is a named problem, never silently dropped. */
export function parseHostList(list: string): { matcher: HostMatcher; problems: string[] } {
  const problems: string[] = []
  const rules: HostRule[] = []
  for (const entry of list.split(',').map((s) => s.trim())) {
    if (!entry) continue
    const rule = parseRule(entry)
    if (rule) rules.push(rule)
    else problems.push(`'${entry}' is not a host, host:port or host:*`)
  }
  if (rules.length === 0 && problems.length === 0) problems.push('lists no host')
  return { matcher: (url) => rules.some((rule) => matches(rule, url)), problems }
}

function parseRule(entry: string): HostRule | null {
  const m = /^(\*\.)?([^/:?#@\s*]+|\[[0-9a-fA-F:.]+\])(?::(\d{1,5}|\*))?$/.exec(entry)
  if (!m) return null
  // Let the URL parser normalise the entry exactly as it normalises the URLs compared with it
  // (case, punycode, IPv4 notations), so no spelling of a host slips between the two.
  let parsed: URL
  try {
    parsed = new URL(`http://${m[2]}`)
  } catch {
    return null
  }
  if (m[3] && m[3] !== '*' && Number(m[3]) > 65535) return null
  return { host: normaliseHost(parsed.hostname), wildcard: Boolean(m[1]), port: m[3] ?? 'default' }
}

function matches(rule: HostRule, url: URL): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  if (rule.port === 'default' ? url.port !== '' : rule.port !== '*' && effectivePort(url) !== rule.port) return false
  const host = normaliseHost(url.hostname)
  return rule.wildcard ? host.endsWith(`.${rule.host}`) : host === rule.host
}

/** The explicit or default port, so `host:443` matches `https://host/`. */
export function effectivePort(url: URL): string {
  if (url.port) return url.port
  return url.protocol === 'https:' ? '443' : '80'
}

/** Case and trailing dots do not name another host; the URL parser has done punycode and IPv4 forms. */
export function normaliseHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.+$/, '')
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\])$/

/**
 * True when `url` is an address of the service itself (`base`): its host after normalising, in
 * any scheme and on any port (http://share.example.com reaches the same Worker as https://, and
 * a redirect from it would bounce a reader through another short link). On loopback, where the
 * service only ever runs locally, every loopback name is one host, and a port is another local
 * server (an article origin in the tests), so there the port counts too.
 */
export function isServiceAddress(url: URL, base: URL): boolean {
  const a = normaliseHost(url.hostname)
  const b = normaliseHost(base.hostname)
  if (LOOPBACK.test(b)) return LOOPBACK.test(a) && effectivePort(url) === effectivePort(base)
  return a === b
}
