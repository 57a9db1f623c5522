/** @module What is counted: hits, the batches they travel in, and the figures kept of them. */
import type { Channel } from '../links/channels'
import { addTally, type Tally, tally } from './tally'

/** One counted request: a person's click or a crawler's preview. */
export interface Hit {
  /** When it happened (ms); its UTC day is the day it counts on. */
  t: number
  kind: 'click' | 'preview'
  /** ISO country code from request.cf, or 'XX'. */
  country: string
  /** Referring host (normalised), 'direct' or 'unknown'. */
  referrer: string
  /** Previews: the platform whose crawler fetched the card. */
  platform?: string
  /**
   * Who: in transit from the isolate, the client address (and a click's user agent); hashing it
   * is the counter's work, off the redirect's path. A batch waiting in KV has its prehashes
   * instead (hits.ts): `reader`, and for clicks `client` (the address or IPv6 /64). The counter
   * hashes them again with a salt of its own that changes daily, and keeps only that.
   */
  who?: string
  reader?: string
  client?: string
}

/** What a counter needs to know of its link. */
export interface CountedLink {
  id: string
  code: string
  article: string
  channel: Channel | null
}

/**
 * Hits for one link, from one sender (an isolate's lane to that link). `seq` grows by one per
 * batch and a sender has one batch in flight at a time, so the counter knows a batch it has
 * applied by its sender's last seq: a replay is harmless.
 */
export interface Batch {
  sender: string
  seq: number
  link: CountedLink
  hits: Hit[]
}

/** A link's figures, as the stats API answers them (all time, and by day and dimension). */
export interface Counts {
  clicks: number
  repeats: number
  previews: number
  byDay: Tally
  byChannel: Tally
  byCountry: Tally
  byReferrer: Tally
  byPlatform: Tally
}

export function emptyCounts(): Counts {
  return {
    clicks: 0,
    repeats: 0,
    previews: 0,
    byDay: tally(),
    byChannel: tally(),
    byCountry: tally(),
    byReferrer: tally(),
    byPlatform: tally(),
  }
}

const MAPS = ['byDay', 'byChannel', 'byCountry', 'byReferrer', 'byPlatform'] as const

/** Counts read back from JSON, with maps safe for any key. */
export function countsFrom(value: Partial<Record<keyof Counts, unknown>> | null | undefined): Counts {
  const out = emptyCounts()
  if (!value) return out
  out.clicks = Number(value.clicks) || 0
  out.repeats = Number(value.repeats) || 0
  out.previews = Number(value.previews) || 0
  for (const m of MAPS) out[m] = tally(value[m] as Record<string, unknown>)
  return out
}

/** Sums counts of several links. */
export function mergeCounts(parts: (Counts | null | undefined)[]): Counts {
  const out = emptyCounts()
  for (const p of parts) {
    if (!p) continue
    out.clicks += p.clicks
    out.repeats += p.repeats
    out.previews += p.previews
    for (const m of MAPS) addTally(out[m], p[m])
  }
  return out
}
