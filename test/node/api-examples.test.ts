/**
 * The OpenAPI document's examples are real traffic: this test drives one call of every operation
 * against `wrangler dev`, records request and response, and checks them against
 * scripts/openapi/examples.json, which the build puts into /openapi.json. When the API changes on
 * purpose, `UPDATE_EXAMPLES=1 npx vitest run --project node test/node/api-examples.test.ts` records
 * them again; otherwise a difference fails, so the examples can't drift from what the API does.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type DevServer, startDev, startOrigin } from './dev-server'

const FILE = join(import.meta.dirname, '..', '..', 'scripts', 'openapi', 'examples.json')
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'
const ARTICLE = `<!doctype html><html lang="en"><head><title>Storm warning for the coast | The Daily Example</title>
<meta property="og:title" content="Storm warning for the coast">
<meta property="og:description" content="Gales of up to 120 km/h are expected along the coast from Friday evening.">
<meta property="og:image" content="/images/storm.jpg"><meta property="og:site_name" content="The Daily Example">
</head><body><p>The coast is bracing for a storm.</p></body></html>`

interface Example {
  method: string
  path: string
  query?: Record<string, string>
  body?: unknown
  status: number
  response?: unknown
}

let dev: DevServer
let origin: Awaited<ReturnType<typeof startOrigin>>

beforeAll(async () => {
  origin = await startOrigin({
    '/2026/11/storm-warning': { type: 'text/html', body: ARTICLE },
    '/2026/11/budget': { type: 'text/html', body: ARTICLE.replaceAll('Storm warning for the coast', 'The budget, explained') },
  })
  dev = await startDev({ ALLOWED_HOSTS: '127.0.0.1:*', FLUSH_SECONDS: '1' })
})

afterAll(async () => {
  await dev?.stop()
  await origin?.close()
})

/** Addresses, codes and times that differ between runs, replaced by stable stand-ins. */
function normalise(value: unknown, codes: Map<string, string>): unknown {
  let text = JSON.stringify(value)
  for (const [from, to] of [
    [origin.url, 'https://news.example.com'],
    [dev.url, 'https://share.example.com'],
  ]) {
    text = text.replaceAll(from!, to!).replaceAll(encodeURIComponent(from!), encodeURIComponent(to!))
  }
  text = text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '2026-11-27T09:30:00.000Z')
    .replace(/\d{4}-\d{2}-\d{2}/g, '2026-11-27')
  // Random codes, in the order they first appear (slugs are longer, or have a dash).
  for (const [, code] of text.matchAll(/"code":"([0-9A-Za-z]{7})"/g)) if (!codes.has(code!)) codes.set(code!, `Ex4mpl${codes.size + 3}`)
  for (const [code, stand] of codes) text = text.replaceAll(code, stand)
  // A named key's id and secret are random.
  text = text.replace(/sl_[0-9A-Za-z]{12}_[0-9A-Za-z]{32}/g, `sl_K3yId0000001_${'S'.repeat(32)}`)
  text = text.replace(/"id":"[0-9A-Za-z]{12}"/g, '"id":"K3yId0000001"').replace(/\/api\/keys\/[0-9A-Za-z]{12}/g, '/api/keys/K3yId0000001')
  // A cursor encodes a time and an id.
  text = text.replace(/"cursor":"[^"]+"/g, '"cursor":"WyIyMDI2LTExLTI3VDA5OjMwOjAwLjAwMFoiLCJFeDRtcGwzIl0"')
  return JSON.parse(text)
}

it('every operation has an example taken from real traffic, and the recorded ones still hold', async () => {
  const examples: Record<string, Example> = {}
  const codes = new Map<string, string>()
  const admin = { Authorization: `Bearer ${dev.apiKey}` }
  async function record(
    operationId: string,
    method: string,
    path: string,
    init: { query?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const qs = init.query ? `?${new URLSearchParams(init.query)}` : ''
    const res = await fetch(`${dev.url}${path}${qs}`, {
      method,
      redirect: 'manual',
      headers: { ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
    const type = res.headers.get('Content-Type') ?? ''
    let response: unknown
    if (type.startsWith('application/json')) response = await res.json()
    else await res.body?.cancel()
    const example: Example = { method, path, status: res.status }
    if (init.query) example.query = init.query
    if (init.body !== undefined) example.body = init.body
    if (response !== undefined) example.response = response
    examples[operationId] = example
    return { status: res.status, response: response as Record<string, unknown> }
  }
  const storm = `${origin.url}/2026/11/storm-warning`
  const shared = await record('createShareLink', 'POST', '/api/share', { body: { url: storm, channel: 'x' } })
  expect(shared.status).toBe(201)
  // As a reader's browser presses the button on the article's page.
  await record('shareVia', 'GET', '/share/facebook', { query: { url: storm }, headers: { Referer: storm, 'Sec-Fetch-Site': 'cross-site' } })
  await record('createLink', 'POST', '/api/links', {
    headers: admin,
    body: { url: storm, slug: 'storm-warning', channel: 'email', title: 'Storm warning: what to do' },
  })
  await record('getLink', 'GET', '/api/links/storm-warning', { headers: admin })
  await record('updateLink', 'PATCH', '/api/links/storm-warning', { headers: admin, body: { description: 'Gales from Friday evening.' } })
  await record('refreshLink', 'POST', '/api/links/storm-warning/refresh', { headers: admin })
  await record('followShortLink', 'GET', '/storm-warning', { headers: { 'User-Agent': BROWSER_UA, 'CF-Connecting-IP': '203.0.113.7' } })
  await record('getQrSvg', 'GET', '/storm-warning/qr.svg')
  await record('getQrPng', 'GET', '/storm-warning/qr.png')
  // The figures below are read from the copies the counter flushes every FLUSH_SECONDS (1 here):
  // the link's stats and the list from KV, the article's public counts from KV (cached for as
  // long), the analytics from D1. Recorded once every one of them holds the click.
  const read = async (path: string, auth = true) => (await fetch(`${dev.url}${path}`, { headers: auth ? admin : {} })).json()
  await expect
    .poll(
      async () => {
        const [stats, counts, list, analytics] = await Promise.all([
          read('/api/links/storm-warning/stats'),
          read(`/api/counts?url=${encodeURIComponent(storm)}`, false),
          read('/api/links?q=storm-warning'),
          read(`/api/analytics?groupBy=channels&start=${today()}&end=${today()}`),
        ])
        const listed = (list as { links: { code: string; clicks: number }[] }).links.find((l) => l.code === 'storm-warning')
        return [stats.clicks, counts.clicks, listed?.clicks, analytics.totals.clicks]
      },
      { timeout: 15_000 },
    )
    .toEqual([1, 1, 1, 1])
  await record('getLinkStats', 'GET', '/api/links/storm-warning/stats', { headers: admin })
  await record('getArticleCounts', 'GET', '/api/counts', { query: { url: storm } })
  await record('listLinks', 'GET', '/api/links', { headers: admin, query: { limit: '2', q: 'storm' } })
  await record('getAnalytics', 'GET', '/api/analytics', { headers: admin, query: { groupBy: 'articles', start: today(), end: today() } })
  // A second link, to delete (not an example itself).
  expect(
    (await record('setup', 'POST', '/api/links', { headers: admin, body: { url: `${origin.url}/2026/11/budget`, slug: 'budget' } })).status,
  ).toBe(201)
  delete examples.setup
  await record('deleteLink', 'DELETE', '/api/links/budget', { headers: admin })
  await record('getAnalyticsOverview', 'GET', '/api/analytics/overview', { headers: admin, query: { start: today(), end: today() } })
  await record('exportLinks', 'GET', '/api/links/export', { headers: admin, query: { format: 'json' } })
  // A Sink export with one of the publisher's old links, kept under its old code.
  await record('importLinks', 'POST', '/api/links/import', {
    headers: admin,
    body: {
      version: '0.1.9',
      exportedAt: '2026-11-27T09:30:00.000Z',
      count: 1,
      links: [{ slug: 'budget-2025', url: `${origin.url}/2025/11/budget`, createdAt: 1764235800 }],
    },
  })
  await record('getMe', 'GET', '/api/me', { headers: admin })
  const key = await record('createKey', 'POST', '/api/keys', { headers: admin, body: { name: 'Sports desk', role: 'viewer' } })
  expect(key.status).toBe(201)
  await record('listKeys', 'GET', '/api/keys', { headers: admin })
  await record('revokeKey', 'DELETE', `/api/keys/${key.response.id}`, { headers: admin })
  await record('getAudit', 'GET', '/api/audit', { headers: admin, query: { code: 'storm-warning', limit: '2' } })
  await record('getHealth', 'GET', '/healthz')
  await record('getRobots', 'GET', '/robots.txt')
  await record('getDemo', 'GET', '/demo')

  // Every operation the Worker handles has one (the static files have nothing to show).
  const doc = (await (await fetch(`${dev.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> }
  const statics = ['getDocsPage', 'getEmbedScript', 'getDashboard', 'getOpenApiDocument']
  const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId))
  expect(operations.filter((id) => !statics.includes(id) && !(id in examples)).sort()).toEqual([])
  const recorded = normalise(examples, codes) as Record<string, Example>
  if (process.env.UPDATE_EXAMPLES) writeFileSync(FILE, `${JSON.stringify(recorded, null, 2)}\n`)
  const committed = JSON.parse(readFileSync(FILE, 'utf8'))
  expect(recorded, 'the API answers differently from its recorded examples: if on purpose, record them again (see this file)').toEqual(
    committed,
  )
})

function today(): string {
  return new Date().toISOString().slice(0, 10)
}
