/** @module What is counted: hits, the batches they travel in, and the aggregates kept of them. */
import type { Channel } from '../links/channels'

/** One counted request: a person's click or a crawler's preview. */
export interface Hit {
  kind: 'click' | 'preview'
  /** UTC day, YYYY-MM-DD. */
  day: string
  /** ISO country code from request.cf, or 'XX'. */
  country: string
  /** Referring host, or 'direct'. */
  referrer: string
}

/** Hits for one link, sent to one counter shard at once. Its id makes a replay harmless. */
export interface HitBatch {
  id: string
  /** The link generation's id (LinkRecord.id). */
  link: string
  code: string
  shard: number
  channel: Channel | null
  hits: Hit[]
}

export interface Counts {
  clicks: number
  repeats: number
  previews: number
  byDay: Record<string, number>
  byChannel: Record<string, number>
  byCountry: Record<string, number>
  byReferrer: Record<string, number>
}

export function emptyCounts(): Counts {
  return { clicks: 0, repeats: 0, previews: 0, byDay: {}, byChannel: {}, byCountry: {}, byReferrer: {} }
}

/** Sums counts from several shards (or several links). */
export function mergeCounts(parts: (Counts | null | undefined)[]): Counts {
  const out = emptyCounts()
  for (const p of parts) {
    if (!p) continue
    out.clicks += p.clicks
    out.repeats += p.repeats ?? 0
    out.previews += p.previews
    for (const dim of ['byDay', 'byChannel', 'byCountry', 'byReferrer'] as const) {
      for (const [k, n] of Object.entries(p[dim])) out[dim][k] = (out[dim][k] ?? 0) + n
    }
  }
  return out
}

/**
 * Counter shards per link. A link's hits go to shard 0 until one isolate sees it hot, then
 * spread over all shards, so a viral link is not bound to one object's throughput.
 */
export const SHARDS = 8
