/**
 * @module A link's day as its counter keeps it: one row per day of REPORT_TIMEZONE holding that
 * day's figures and each of its hours' (with five-minute detail), the readers counted that day,
 * and the senders' last batch. Everything a batch changes is in the rows of its hits' days, so
 * applying a one-click batch writes one row.
 */
import type { Channel } from '../links/channels'
import { FIVE_MINUTES_MS } from '../time'
import { isKnownReferrer } from './referrers'
import { type SeqRange, seqsFrom } from './seqs'
import { addTally, bump, type Stamps, type Tally, tally } from './tally'
import { type CountedLink, type Counts, emptyCounts, type Hit } from './types'

/** The figures of a stretch of time: a day, or one of its hours. */
export interface Figures {
  clicks: number
  /** Clicks folded into an earlier click of the same reader (DEDUP_SECONDS). */
  repeats: number
  /** Cards fetched by the platforms' crawlers (social networks, chats). */
  previews: number
  /** Presses of a share button. */
  shares: number
  /** Fetches by search engines' crawlers: reported, but apart from the cards. */
  crawls: number
  /** Clicks by country and by referrer; previews by platform; crawls by search engine. */
  country: Tally
  referrer: Tally
  platform: Tally
  search: Tally
}

/** Five-minute steps in an hour (an hour that lasts longer, as one a year in Lord Howe, folds its last ones into the twelfth). */
export const STEPS = 12

export interface Hour extends Figures {
  /** Clicks, previews and shares in each five minutes of the hour. */
  c: number[]
  p: number[]
  s: number[]
  /** When it last changed: the row version the flush compares. */
  v: number
}

export interface Day extends Figures {
  /** The day's hours by their start (ms, as text). */
  hours: Record<string, Hour>
  /** The batches applied to this day, per sender (see seqs.ts). */
  seqs: Record<string, SeqRange>
  /** This day's reader salt, and the readers counted (salted hash -> when), until the day is old. */
  salt?: string
  readers?: Stamps
  /** Readers beyond the inline ones went to the readers table of this day's parity. */
  spill?: true
  /** Clients' new readers in their current window (salted hash -> window start × 1024 + readers), until the day is old. */
  clients?: Stamps
  /** Clients beyond the inline ones went to the clients table of this day's parity. */
  clientSpill?: true
  /** The link counted (the same in every row): what the flush writes under. */
  link?: CountedLink
}

/**
 * Readers kept in the day's row; more go to a table. A typical link has a few readers a day:
 * keeping them in the row it writes anyway makes their de-duplication cost no extra row.
 */
export const INLINE_READERS = 64
/**
 * Distinct referrer hosts a link keeps per day, beyond the platforms', which always count; the
 * rest count as 'other'. Referer is the caller's to choose: the cap bounds what a script can add.
 */
export const MAX_REFERRERS = 200
/** With DEDUP_SECONDS 0 every click counts, but a reader still brings one referrer per this window. */
export const REFERRER_WINDOW_MS = 1800 * 1000

const figures = (): Figures => ({
  clicks: 0,
  repeats: 0,
  previews: 0,
  shares: 0,
  crawls: 0,
  country: tally(),
  referrer: tally(),
  platform: tally(),
  search: tally(),
})

export function newDay(salt: string): Day {
  return { ...figures(), hours: Object.create(null), seqs: Object.create(null), salt, readers: tally() }
}

function figuresFrom(raw: Record<string, unknown>): Figures {
  const n = (v: unknown) => Number(v) || 0
  const t = (v: unknown) => tally(v as Record<string, unknown>)
  return {
    clicks: n(raw.clicks),
    repeats: n(raw.repeats),
    previews: n(raw.previews),
    shares: n(raw.shares),
    crawls: n(raw.crawls),
    country: t(raw.country),
    referrer: t(raw.referrer),
    platform: t(raw.platform),
    search: t(raw.search),
  }
}

const steps = (v: unknown): number[] => Array.from({ length: STEPS }, (_, i) => (Array.isArray(v) ? Number(v[i]) || 0 : 0))

export function parseDay(json: string): Day {
  const raw = JSON.parse(json) as Record<string, unknown>
  const hours: Record<string, Hour> = Object.create(null)
  for (const [start, h] of Object.entries((raw.hours ?? {}) as Record<string, Record<string, unknown>>)) {
    if (!/^\d+$/.test(start) || !h || typeof h !== 'object') continue
    hours[start] = { ...figuresFrom(h), c: steps(h.c), p: steps(h.p), s: steps(h.s), v: Number(h.v) || 0 }
  }
  const day: Day = { ...figuresFrom(raw), hours, seqs: seqsFrom(raw.seqs) }
  if (typeof raw.salt === 'string') day.salt = raw.salt
  if (raw.readers) day.readers = tally(raw.readers as Record<string, unknown>)
  if (raw.spill) day.spill = true
  if (raw.clients) day.clients = tally(raw.clients as Record<string, unknown>)
  if (raw.clientSpill) day.clientSpill = true
  if (raw.link && typeof raw.link === 'object') day.link = raw.link as CountedLink
  return day
}

/** Where entries beyond a row's inline ones are looked up and kept (`set` marks the day as spilled). */
export interface SpilledReaders {
  get(reader: string): number | undefined
  set(reader: string, t: number): void
}

export interface Rules {
  dedupMs: number
  /** New readers one client (address or IPv6 /64) may add to a link per window; 0: no cap. */
  perClient: number
}

/** Who a hit is, salted by the counter: its reader, and for a click or a share its client. */
export interface Who {
  reader?: string
  client?: string
}

/** Where a day's readers and clients beyond its row are kept (`set` marks the day as spilled). */
export interface Spilled {
  readers(): SpilledReaders
  clients(): SpilledReaders
}

/**
 * Counts one hit into its day and its hour (`hourStart`, the start of the hour of REPORT_TIMEZONE
 * it fell in; `version`, the row version this change will be written with). A reader's clicks
 * within the window fold into their first: as a repeat when de-duplication is on; otherwise as a
 * click whose referrer counts as 'other' (one referrer per reader and window). With
 * de-duplication on, a client brings at most `perClient` new readers a window (a script cycling
 * user agents, or a crowd behind one address): the rest are repeats. A share counts once per
 * reader a window, as a click does; a crawler once per platform and client a window.
 */
export function countHit(day: Day, hourStart: number, version: number, hit: Hit, who: Who, rules: Rules, spilled: Spilled): void {
  const dedup = rules.dedupMs > 0
  const windowMs = dedup ? rules.dedupMs : REFERRER_WINDOW_MS
  const reader = who.reader
  const last = reader === undefined ? undefined : (day.readers?.[reader] ?? (day.spill ? spilled.readers().get(reader) : undefined))
  const folded = last !== undefined && Math.abs(hit.t - last) < windowMs
  const hour = hourOf(day, hourStart, version)
  const step = Math.min(STEPS - 1, Math.max(0, Math.floor((hit.t - hourStart) / FIVE_MINUTES_MS)))

  if (hit.kind === 'preview' || hit.kind === 'crawl') {
    if (dedup && folded) return
    if (dedup && reader !== undefined) keep(day, 'readers', reader, hit.t, hit.t, windowMs, spilled.readers)
    for (const f of [day, hour] as Figures[]) {
      if (hit.kind === 'preview') {
        f.previews++
        bump(f.platform, hit.platform ?? 'other')
      } else {
        f.crawls++
        bump(f.search, hit.platform ?? 'other')
      }
    }
    if (hit.kind === 'preview') hour.p[step]!++
    return
  }

  if (folded && dedup) {
    if (hit.kind === 'click') {
      day.repeats++
      hour.repeats++
    }
    return
  }
  const capped = !folded && dedup && rules.perClient > 0 && who.client !== undefined
  if (capped && !admitted(day, who.client!, hit.t, windowMs, rules.perClient, spilled)) {
    if (hit.kind === 'click') {
      day.repeats++
      hour.repeats++
    }
    return
  }
  if (hit.kind === 'share') {
    day.shares++
    hour.shares++
    hour.s[step]!++
  } else {
    const referrer = folded ? 'other' : cappedReferrer(day, hit.referrer)
    for (const f of [day, hour] as Figures[]) {
      f.clicks++
      bump(f.country, hit.country)
      bump(f.referrer, referrer)
    }
    hour.c[step]!++
  }
  if (reader !== undefined && !folded) keep(day, 'readers', reader, hit.t, hit.t, windowMs, spilled.readers)
}

/** The day's hour starting at `start`, marked as changed at `version`. */
function hourOf(day: Day, start: number, version: number): Hour {
  const key = String(start)
  const hour = day.hours[key] ?? { ...figures(), c: steps(null), p: steps(null), s: steps(null), v: version }
  hour.v = version
  day.hours[key] = hour
  return hour
}

/** A client's window: when it opened, and how many new readers it brought, as one number. */
const WINDOW_SLOTS = 1024
const clientStart = (v: number) => Math.floor(v / WINDOW_SLOTS)

/** Whether `client` may bring a new reader at `t`; if so, that reader is counted against its window. */
function admitted(day: Day, client: string, t: number, windowMs: number, perClient: number, spilled: Spilled): boolean {
  const v = day.clients?.[client] ?? (day.clientSpill ? spilled.clients().get(client) : undefined)
  const open = v !== undefined && t - clientStart(v) < windowMs
  const brought = open ? v % WINDOW_SLOTS : 0
  if (brought >= perClient) return false
  const start = open ? clientStart(v) : t
  keep(day, 'clients', client, start * WINDOW_SLOTS + brought + 1, start, windowMs, spilled.clients)
  return true
}

function cappedReferrer(day: Day, name: string): string {
  if (isKnownReferrer(name) || day.referrer[name] !== undefined) return name
  let others = 0
  for (const key of Object.keys(day.referrer)) if (!isKnownReferrer(key)) others++
  return others < MAX_REFERRERS ? name : 'other'
}

/**
 * Of a day's inline entries: how many there are, and no later than when the first of them leaves
 * its window. Kept beside the object, not in it (it is the row's JSON), so a viral link's every
 * new reader does not count and scan the 64 again.
 */
const inlineMeta = new WeakMap<Stamps, { size: number; expires: number }>()

/** When an entry's window opened: a reader's value is its time; a client's packs its start. */
const startOf = (field: 'readers' | 'clients', v: number) => (field === 'readers' ? v : clientStart(v))

function metaOf(field: 'readers' | 'clients', inline: Stamps, windowMs: number): { size: number; expires: number } {
  let meta = inlineMeta.get(inline)
  if (!meta) {
    meta = { size: 0, expires: Number.POSITIVE_INFINITY }
    for (const key of Object.keys(inline)) {
      meta.size++
      meta.expires = Math.min(meta.expires, startOf(field, inline[key]!) + windowMs)
    }
    inlineMeta.set(inline, meta)
  }
  return meta
}

/**
 * Keeps `key` (opened at `start`) in the day's row while it has room; entries whose window has
 * passed make room before anyone spills to the day's table.
 */
function keep(
  day: Day,
  field: 'readers' | 'clients',
  key: string,
  value: number,
  start: number,
  windowMs: number,
  spilled: () => SpilledReaders,
): void {
  day[field] ??= tally()
  const inline = day[field]
  const meta = metaOf(field, inline, windowMs)
  if (inline[key] === undefined && meta.size >= INLINE_READERS && start >= meta.expires) {
    meta.expires = Number.POSITIVE_INFINITY
    for (const k of Object.keys(inline)) {
      const opened = startOf(field, inline[k]!)
      if (start - opened >= windowMs) {
        delete inline[k]
        meta.size--
      } else meta.expires = Math.min(meta.expires, opened + windowMs)
    }
  }
  if (inline[key] === undefined) {
    if (meta.size >= INLINE_READERS) {
      spilled().set(key, value)
      return
    }
    meta.size++
  }
  inline[key] = value
  meta.expires = Math.min(meta.expires, start + windowMs)
}

/** A link's figures of all time, from its days (`channel`: the link's, which every click was on). */
export function totalsOf(rows: { date: string; day: Day }[], channel: Channel | null): Counts {
  const out = emptyCounts()
  for (const { date, day } of rows) {
    out.clicks += day.clicks
    out.repeats += day.repeats
    out.previews += day.previews
    out.shares += day.shares
    out.crawls += day.crawls
    if (day.clicks) {
      bump(out.byDay, date, day.clicks)
      if (channel) bump(out.byChannel, channel, day.clicks)
    }
    addTally(out.byCountry, day.country)
    addTally(out.byReferrer, day.referrer)
    addTally(out.byPlatform, day.platform)
    addTally(out.bySearchEngine, day.search)
  }
  return out
}

/** A day's parity names its readers table: yesterday's and today's never share one. */
export function parityOf(day: string): 0 | 1 {
  return (Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000) % 2) as 0 | 1
}
