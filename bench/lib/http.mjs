/** Small calls to the Workers from Node, for seeding and reading results (not for load). */
import { API_KEY } from './miniflare.mjs'

export async function call(url, { method = 'GET', body, admin = false, headers = {} } = {}) {
  const res = await fetch(url, {
    method,
    redirect: 'manual',
    headers: {
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(admin ? { Authorization: `Bearer ${API_KEY}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15_000),
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) }
}

/**
 * POST /api/links as the admin; returns the new link (throws unless 201, or unless the article
 * was read, when `unfurled`: a card made of fallbacks would measure another path).
 */
export async function createLink(base, articleUrl, channel = 'x', { unfurled = true } = {}) {
  const res = await call(`${base}/api/links`, { method: 'POST', admin: true, body: { url: articleUrl, channel } })
  if (res.status !== 201) throw new Error(`POST /api/links answered ${res.status}: ${res.text}`)
  const link = res.json()
  // The title comes from the article page (lib/origin.mjs) only if the unfurl worked.
  if (unfurled && !link.title.startsWith('Bench article')) throw new Error(`the Worker did not unfurl ${articleUrl}: title "${link.title}"`)
  return link
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * Polls `read()` every `everyMs` until it returns the same value `times` times in a row (the
 * work after the responses has drained), or until `timeoutMs`. Returns { value, settled, ms }.
 */
export async function untilStable(read, { everyMs = 250, times = 4, timeoutMs = 20_000 } = {}) {
  const start = Date.now()
  let last = await read()
  let same = 1
  while (same < times && Date.now() - start < timeoutMs) {
    await sleep(everyMs)
    const next = await read()
    same = next === last ? same + 1 : 1
    last = next
  }
  return { value: last, settled: same >= times, ms: Date.now() - start }
}
