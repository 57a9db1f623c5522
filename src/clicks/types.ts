/** @module What is counted: hits, the batches they travel in, and the figures kept of them. */
import type { Channel } from '../links/channels'
import { addTally, type Tally, tally } from './tally'

/** One counted request: a person's click, a press of a share button, a platform's card fetched, a search engine's crawl. */
export interface Hit {
  /** When it happened (ms): it counts on its day and hour of REPORT_TIMEZONE. */
  t: number
  kind: 'click' | 'share' | 'preview' | 'crawl'
  /** ISO country code from request.cf, or 'XX'. */
  country: string
  /** Referring host (normalised), 'direct' or 'unknown'. */
  referrer: string
  /** Previews and crawls: the platform (or search engine) whose crawler fetched the page. */
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

/** What a counter needs to know of its link (its section and author: what analytics group it by). */
export interface CountedLink {
  id: string
  code: string
  article: string
  channel: Channel | null
  section?: string
  author?: string
}

/** What a counter is told of a link's record. */
export function countedOf(rec: CountedLink): CountedLink {
  const link: CountedLink = { id: rec.id, code: rec.code, article: rec.article, channel: rec.channel }
  if (rec.section) link.section = rec.section
  if (rec.author) link.author = rec.author
  return link
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
  shares: number
  crawls: number
  byDay: Tally
  byChannel: Tally
  byCountry: Tally
  byReferrer: Tally
  byPlatform: Tally
  bySearchEngine: Tally
}

export function emptyCounts(): Counts {
  return {
    clicks: 0,
    repeats: 0,
    previews: 0,
    shares: 0,
    crawls: 0,
    byDay: tally(),
    byChannel: tally(),
    byCountry: tally(),
    byReferrer: tally(),
    byPlatform: tally(),
    bySearchEngine: tally(),
  }
}

const MAPS = ['byDay', 'byChannel', 'byCountry', 'byReferrer', 'byPlatform', 'bySearchEngine'] as const

/** Counts read back from JSON, with maps safe for any key. */
export function countsFrom(value: Partial<Record<keyof Counts, unknown>> | null | undefined): Counts {
  const out = emptyCounts()
  if (!value) return out
  out.clicks = Number(value.clicks) || 0
  out.repeats = Number(value.repeats) || 0
  out.previews = Number(value.previews) || 0
  out.shares = Number(value.shares) || 0
  out.crawls = Number(value.crawls) || 0
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
    out.shares += p.shares
    out.crawls += p.crawls
    for (const m of MAPS) addTally(out[m], p[m])
  }
  return out
}
