/**
 * readMeta (src/unfurl/read-meta.ts) needs HTMLRewriter, which only workerd has: this Worker runs
 * it on a generated 1 MiB article and times it from inside the isolate.
 *
 *   GET /?n=N&mode=string|stream|head   N timed runs → { bytes, times (each, ms), totalMs, meta }
 *       string: the page as one string; stream: as 16 KiB chunks, the way fetch() delivers it;
 *       head: only the page's first 64 KiB (its <head> and the start of the story), as a string
 *   GET /clock        a fixed amount of pure CPU work: how far Date.now()/performance.now() move
 *   GET /resolution   the smallest step performance.now() takes
 */
import { readMeta } from '../../src/unfurl/read-meta'
import { article, PAGE_URL } from '../micro/article-1mb.js'

const BYTES = 1 << 20
const HEAD_BYTES = 64 * 1024
const CHUNK = 16 * 1024
let page = null
let chunks = null

/** A fresh stream of the page's chunks for each run. */
function streamOf(parts) {
  let i = 0
  return new ReadableStream({
    pull(controller) {
      if (i < parts.length) controller.enqueue(parts[i++])
      else controller.close()
    },
  })
}

function clock() {
  // No I/O in between: a clock frozen during execution (as in production) reads the same twice.
  const d0 = Date.now()
  const p0 = performance.now()
  let x = 0
  for (let i = 0; i < 3e7; i++) x = (x + i * 7) % 1_000_003
  return { dateMs: Date.now() - d0, performanceMs: performance.now() - p0, x }
}

function resolution() {
  let step = Infinity
  let last = performance.now()
  for (let i = 0; i < 5e6 && step > 0.0005; i++) {
    const t = performance.now()
    if (t !== last) {
      step = Math.min(step, t - last)
      last = t
    }
  }
  return { resolutionMs: Number.isFinite(step) ? step : null }
}

export default {
  async fetch(request) {
    const url = new URL(request.url)
    if (url.pathname === '/clock') return Response.json(clock())
    if (url.pathname === '/resolution') return Response.json(resolution())
    const n = Number(url.searchParams.get('n') ?? 0)
    const mode = url.searchParams.get('mode') ?? 'string'
    if (page === null) {
      page = article(BYTES)
      const bytes = new TextEncoder().encode(page)
      chunks = []
      for (let at = 0; at < bytes.length; at += CHUNK) chunks.push(bytes.subarray(at, at + CHUNK))
    }
    const input = () => (mode === 'stream' ? streamOf(chunks) : mode === 'head' ? page.slice(0, HEAD_BYTES) : page)
    const times = []
    let meta = null
    const start = performance.now()
    for (let i = 0; i < n; i++) {
      const t0 = performance.now()
      meta = await readMeta(input(), new URL(PAGE_URL))
      times.push(performance.now() - t0)
    }
    const totalMs = performance.now() - start
    return Response.json({ bytes: mode === 'head' ? HEAD_BYTES : page.length, times, totalMs, meta })
  },
}
