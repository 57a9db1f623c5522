/**
 * readMeta (src/unfurl/read-meta.ts) needs HTMLRewriter, which only workerd has: this Worker runs
 * it on a generated 1 MiB article and times it from inside the isolate.
 *
 *   GET /?n=N&mode=string|stream|head&page=en|legacy|legacy-no-image
 *       N timed runs → { bytes, times (each, ms), totalMs, meta }
 *       string: the page as one string; stream: as 16 KiB chunks, the way fetch() delivers it;
 *       head: only the page's first 64 KiB (its <head> and the start of the story), as a string
 *       page: en (default) the English page, text; legacy: the same in windows-1251 bytes,
 *       declared by <meta charset> only; legacy-no-image: that without Open Graph, so nothing
 *       stops the reading early. Bytes have no string form: their string mode is one chunk.
 *   GET /clock        a fixed amount of pure CPU work: how far Date.now()/performance.now() move
 *   GET /resolution   the smallest step performance.now() takes
 */
import { readMeta } from '../../src/unfurl/read-meta'
import { article, legacyArticle, PAGE_URL } from '../micro/article-1mb.js'

const BYTES = 1 << 20
const HEAD_BYTES = 64 * 1024
const CHUNK = 16 * 1024
/** Each page kind, made once: { text (null for bytes), bytes, chunks }. */
const pages = new Map()

function pageOf(kind) {
  if (!pages.has(kind)) {
    const text = kind === 'en' ? article(BYTES) : null
    const bytes = text !== null ? new TextEncoder().encode(text) : legacyArticle(BYTES, { headImage: kind !== 'legacy-no-image' })
    const chunks = []
    for (let at = 0; at < bytes.length; at += CHUNK) chunks.push(bytes.subarray(at, at + CHUNK))
    pages.set(kind, { text, bytes, chunks })
  }
  return pages.get(kind)
}

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
    const kind = url.searchParams.get('page') ?? 'en'
    if (!['en', 'legacy', 'legacy-no-image'].includes(kind)) return new Response('unknown page', { status: 400 })
    const { text, bytes, chunks } = pageOf(kind)
    const input =
      text !== null
        ? () => (mode === 'stream' ? streamOf(chunks) : mode === 'head' ? text.slice(0, HEAD_BYTES) : text)
        : () => streamOf(mode === 'stream' ? chunks : mode === 'head' ? [bytes.subarray(0, HEAD_BYTES)] : [bytes])
    const times = []
    let meta = null
    const start = performance.now()
    for (let i = 0; i < n; i++) {
      const t0 = performance.now()
      meta = await readMeta(input(), new URL(PAGE_URL))
      times.push(performance.now() - t0)
    }
    const totalMs = performance.now() - start
    return Response.json({ bytes: mode === 'head' ? HEAD_BYTES : bytes.length, times, totalMs, meta })
  },
}
