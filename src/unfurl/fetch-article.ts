/** @module Fetching an article page within bounds: time, bytes, redirects on allowed hosts only, HTML only. */
import type { HostMatcher } from '../links/hosts'
import { charsetParam } from './charset'

export interface FetchLimits {
  allowed: HostMatcher
  /** The whole exchange, redirects and body included. */
  timeoutMs?: number
  /** Bytes of body read; the rest is never downloaded. Metadata lives in <head>, far before. */
  maxBytes?: number
  maxRedirects?: number
  userAgent?: string
}

export interface FetchedPage {
  /** Where the page was finally read from: the base for its relative URLs. */
  url: URL
  body: ReadableStream<Uint8Array>
  /** The charset its Content-Type names, as written, or null: the reader decides what it means. */
  charset: string | null
}

/** `missing`: the page answered 404 or 410 (a mistyped or removed article); `status`: any other failure status. */
export type FetchFailure = 'timeout' | 'network' | 'missing' | 'status' | 'not_html' | 'redirect_off_hosts' | 'too_many_redirects'

export const DEFAULT_LIMITS = { timeoutMs: 4000, maxBytes: 1 << 20, maxRedirects: 4 }

/** Fetches an article, or says why it could not. Never throws. */
export async function fetchArticle(start: URL, limits: FetchLimits): Promise<FetchedPage | FetchFailure> {
  const { timeoutMs, maxBytes, maxRedirects } = { ...DEFAULT_LIMITS, ...limits }
  const signal = AbortSignal.timeout(timeoutMs)
  let url = start
  try {
    for (let hop = 0; ; hop++) {
      const res = await fetch(url.href, {
        redirect: 'manual',
        signal,
        headers: {
          Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
          'User-Agent': limits.userAgent ?? 'sharelink-unfurl/1.0',
        },
      })
      if (res.status >= 300 && res.status < 400 && res.headers.has('Location')) {
        await res.body?.cancel()
        if (hop >= maxRedirects) return 'too_many_redirects'
        const next = safeUrl(res.headers.get('Location')!, url)
        // Every hop must stay on the allow list: no fetches into other hosts or private networks.
        if (!next || !limits.allowed(next)) return 'redirect_off_hosts'
        url = next
        continue
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel()
        return res.status === 404 || res.status === 410 ? 'missing' : 'status'
      }
      const contentType = res.headers.get('Content-Type')
      const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
      if (type !== 'text/html' && type !== 'application/xhtml+xml') {
        await res.body.cancel()
        return 'not_html'
      }
      return { url, body: capBytes(res.body, maxBytes, signal), charset: charsetParam(contentType) }
    }
  } catch (err) {
    return (err as Error)?.name === 'TimeoutError' || signal.aborted ? 'timeout' : 'network'
  }
}

function safeUrl(location: string, base: URL): URL | null {
  try {
    const next = new URL(location, base)
    return next.protocol === 'http:' || next.protocol === 'https:' ? next : null
  } catch {
    return null
  }
}

/**
 * Passes at most `max` bytes through, then cancels the source so the rest is never read; ends
 * early when `signal` aborts, whatever the source does (a body that trickles forever).
 */
export function capBytes(source: ReadableStream<Uint8Array>, max: number, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const reader = source.getReader()
  let seen = 0
  const aborted = new Promise<{ done: true; value: undefined }>((resolve) => {
    if (signal?.aborted) resolve({ done: true, value: undefined })
    signal?.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true })
  })
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await Promise.race([reader.read(), aborted])
        const room = max - seen
        if (done || value.byteLength >= room) {
          if (!done && room > 0) controller.enqueue(value.subarray(0, room))
          controller.close()
          await reader.cancel().catch(() => {})
          return
        }
        seen += value.byteLength
        controller.enqueue(value)
      } catch {
        // A reset or a timeout mid-body: what was read so far is all there is.
        controller.close()
      }
    },
    cancel(reason) {
      return reader.cancel(reason)
    },
  })
}
