/**
 * What `npm start` points a newcomer at: the base URL short links are made on, and an article the
 * configured hosts accept, so the printed first-link commands work as printed.
 */

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The base a loopback PUBLIC_BASE_URL becomes when the server listens on `port`, or undefined when
 * it stays: on another port (the default, 8787, when PORT says otherwise) every short link would
 * point where nothing listens. Any other base (a tunnel's, say) was set on purpose and is kept.
 */
export function baseFollowingPort(baseText, port) {
  let base
  try {
    base = new URL(String(baseText ?? ''))
  } catch {
    return undefined
  }
  if (!LOOPBACK.has(base.hostname) || base.protocol !== 'http:' || base.port === String(port)) return undefined
  return `http://${base.hostname}:${port}`
}

/**
 * The address the printed commands share, `{ url, demoAllowed, note? }`: the demo article when
 * ALLOWED_HOSTS takes its host, else the home page of the first allowed host, with a note saying
 * so. `config` is src/config.ts's parse of the same vars, so the Worker's own host rules decide.
 */
export function firstArticle(config, hostsText) {
  const demo = new URL('/demo', config.baseUrl)
  if (config.allowed(demo)) return { url: demo.href, demoAllowed: true }
  for (const entry of String(hostsText ?? '').split(',')) {
    const m = /^(\*\.)?([^\s:*[\]]+|\[[0-9a-fA-F:.]+\])(?::(\d{1,5}|\*))?$/.exec(entry.trim())
    if (!m) continue
    // `*.host` allows subdomains only; `host` and `host:*` take https's own port; `host:80` is http's.
    const host = `${m[1] ? 'www.' : ''}${m[2]}`
    const port = m[3]
    const origin = !port || port === '*' || port === '443' ? `https://${host}` : port === '80' ? `http://${host}` : `http://${host}:${port}`
    const url = new URL(`${origin}/`)
    if (!config.allowed(url)) continue
    return {
      url: url.href,
      demoAllowed: false,
      note: `ALLOWED_HOSTS (${hostsText}) does not take the demo article's host (${demo.host}), so these share ${url.href}, the first allowed host's home page: put one of your articles' addresses there.`,
    }
  }
  return { url: demo.href, demoAllowed: false }
}
