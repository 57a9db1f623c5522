/**
 * @module ClickCounter: one Durable Object per link (generation), where all of a link's clicks
 * meet. It applies each batch once, folds a reader's repeated clicks, keeps the figures per UTC
 * day in SQLite, and on an alarm at most every FLUSH_SECONDS copies them to KV (the link's
 * totals, one write) and D1 (the days that changed).
 *
 * What a batch costs in rows written: the rows of its hits' days (one, nearly always), and for a
 * day with more readers than its row keeps, one chunk row of them (readers.ts). Batches that
 * arrive within GROUP_MS of each other are applied in one transaction, which writes each of
 * those rows once.
 */
import { DurableObject } from 'cloudflare:workers'
import { configOf } from '../config'
import type { Env } from '../env'
import { KV_WRITE_SPACING_MS } from '../links/store'
import { countHit, type Day, dayOf, newDay, parseDay, type Who } from './days'
import { base64url, prehashes } from './hits'
import { writeCounts } from './kv'
import { ReaderStore } from './readers'
import { writeRollups } from './rollups'
import { applied, mark } from './seqs'
import { sipHash24, sipKey } from './siphash'
import { addTally, bump } from './tally'
import { type Batch, type CountedLink, type Counts, emptyCounts, type Hit } from './types'

/** Calls that arrive within this many ms are applied in one transaction before any is answered. */
const GROUP_MS = 2
const encoder = new TextEncoder()
/** After this many days a day's salt, readers and senders are dropped: only its figures stay. */
const EPHEMERAL_DAYS = 7
/** A failed D1 write is retried sooner than a flush period, then later and later. */
const RETRY_MS = [5_000, 30_000, 120_000, 600_000]

/**
 * What the flush knows, in memory: a flush's bookkeeping would otherwise be a row written per
 * flush. A restarted object flushes the days written in the last FRESH_MS again (KV needs the
 * write anyway, and D1 rows whose value is unchanged cost nothing). Only a failed flush leaves a
 * mark in storage (the `pending` row), so nothing older is skipped.
 */
interface FlushState {
  link?: CountedLink
  /** The highest row version copied to KV, and to D1. */
  kv: number
  d1: number
  d1Failures: number
  /** The last UTC day old rows were trimmed of their ephemeral fields. */
  trimmed?: string
}

/** How far back a restarted object looks for days to flush: far beyond a flush period. */
const FRESH_MS = 6 * 3600 * 1000
/** The key, in `days`, of the one row that is not a day: left by a failed flush (see FlushState). */
const PENDING = 'pending'

/** What this object has cost since it started: what Cloudflare bills, as the object sees it. */
export interface Meter {
  requests: number
  alarms: number
  batches: number
  hits: number
  rowsRead: number
  rowsWritten: number
  kvWrites: number
  d1RowsRead: number
  d1RowsWritten: number
}

interface Queued {
  batch: Batch
  resolve(): void
  reject(err: unknown): void
}

export class ClickCounter extends DurableObject<Env> {
  private readonly sql: SqlStorage
  private flush: FlushState = { kv: 0, d1: 0, d1Failures: 0 }
  /** The last version given to a row; versions grow with time, so a restart continues above. */
  private clock = 0
  /** Rows of recent days as stored, so a batch reads none. */
  private readonly recent = new Map<string, { v: number; day: Day }>()
  /** Salts of days that have no row yet. */
  private readonly freshSalts = new Map<string, string>()
  /** SipHash keys by salt. */
  private readonly saltKeys = new Map<string, Uint32Array>()
  /** Readers of a day beyond those its row holds. */
  private readonly readers = new ReaderStore((query, ...params) => this.exec(query, ...params))
  /** Clients (addresses) of a day beyond those its row holds. */
  private readonly clients = new ReaderStore((query, ...params) => this.exec(query, ...params), undefined, 'client')
  private queue: Queued[] = []
  private scheduled = false
  private alarmAt: number | null | undefined
  /** When the counts were last written to KV: one write a second per key is all KV takes. */
  private kvWrittenAt = 0
  /** The `pending` row's mark, if this object wrote one (undefined: not known yet). */
  private pendingMarked: number | null | undefined
  readonly meter: Meter = {
    requests: 0,
    alarms: 0,
    batches: 0,
    hits: 0,
    rowsRead: 0,
    rowsWritten: 0,
    kvWrites: 0,
    d1RowsRead: 0,
    d1RowsWritten: 0,
  }

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    ctx.blockConcurrencyWhile(async () => {
      // One table: its rows are the link's days (and, after a failed flush, the `pending` mark).
      this.exec('CREATE TABLE IF NOT EXISTS days (day TEXT PRIMARY KEY, v INTEGER NOT NULL, data TEXT NOT NULL) WITHOUT ROWID')
      this.clock = this.exec<{ v: number | null }>('SELECT MAX(v) AS v FROM days')[0]?.v ?? 0
      const pending = this.exec<{ v: number }>('SELECT v FROM days WHERE day = ?', PENDING)[0]
      // Flushed up to: the failed flush's mark, else all but the last FRESH_MS.
      const from = pending ? pending.v : Math.max(0, Date.now() - FRESH_MS)
      this.flush = { kv: from, d1: from, d1Failures: pending ? 1 : 0 }
    })
  }

  /** Applies a batch exactly once (a replay of one already applied is acknowledged and ignored). */
  async record(batch: Batch): Promise<void> {
    this.meter.requests++
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject })
      if (!this.scheduled) {
        this.scheduled = true
        setTimeout(() => void this.applyQueued(), GROUP_MS)
      }
    })
  }

  /** The exact figures now, all time, as JSON (its maps have no prototype, which RPC can't clone). */
  async counts(): Promise<string> {
    this.meter.requests++
    return JSON.stringify(this.totals(this.allDays()))
  }

  /** What this object has cost so far (for the bench and its tests). */
  async reading(): Promise<Meter> {
    return { ...this.meter }
  }

  /** Copies what changed to KV and D1. A D1 failure delays the rollups only: KV still gets its copy. */
  override async alarm(): Promise<void> {
    this.meter.requests++
    this.meter.alarms++
    this.alarmAt = null
    const rows = this.allDays()
    const link = this.flush.link ?? rows.find((r) => r.day.link)?.day.link
    if (!link) return
    this.flush.link = link
    const newest = rows.reduce((v, r) => Math.max(v, r.v), 0)
    const before = Math.min(this.flush.kv, this.flush.d1)
    const kvTurn = this.kvWrittenAt + KV_WRITE_SPACING_MS
    try {
      if (newest > this.flush.kv && kvTurn <= Date.now()) {
        this.kvWrittenAt = Date.now()
        await writeCounts(this.env.LINKS, link.id, this.totals(rows))
        this.meter.kvWrites++
        this.flush.kv = newest
      }
    } finally {
      // KV failed: the runtime retries the alarm; mark what is still to flush, in case this object restarts first.
      if (newest > this.flush.kv) this.markPending(before)
    }
    if (newest > this.flush.d1) {
      const changed = rows.filter((r) => r.v > this.flush.d1).map((r): [string, Day] => [r.date, r.day])
      try {
        const cost = await writeRollups(this.env.ANALYTICS, link, changed)
        this.meter.d1RowsRead += cost.rowsRead
        this.meter.d1RowsWritten += cost.rowsWritten
        this.flush.d1 = newest
        this.flush.d1Failures = 0
      } catch (err) {
        this.flush.d1Failures++
        this.markPending(this.flush.d1)
        console.warn(`rollups of ${link.code} not written to D1 yet (attempt ${this.flush.d1Failures}), retrying:`, String(err))
      }
    }
    if (this.flush.d1 === newest && this.flush.kv === newest) this.clearPending()
    this.trimOldDays(rows)
    if (this.clock > this.flush.kv || this.clock > this.flush.d1) {
      const wait =
        this.clock > this.flush.d1 && this.flush.d1Failures
          ? RETRY_MS[Math.min(this.flush.d1Failures, RETRY_MS.length) - 1]!
          : this.flushMs()
      await this.armAlarm(Math.max(wait, kvTurn - Date.now()))
    }
  }

  /** A failed flush leaves its mark: flushed up to `v`. */
  private markPending(v: number): void {
    if (this.pendingMarked === v) return
    this.exec("INSERT OR REPLACE INTO days (day, v, data) VALUES (?, ?, '{}')", PENDING, v)
    this.pendingMarked = v
  }

  private clearPending(): void {
    if (this.pendingMarked === null) return
    this.exec('DELETE FROM days WHERE day = ?', PENDING)
    this.pendingMarked = null
  }

  private async applyQueued(): Promise<void> {
    const group = this.queue.splice(0)
    this.scheduled = false
    try {
      const who = await this.salted(group.map((q) => q.batch))
      try {
        this.ctx.storage.transactionSync(() =>
          this.apply(
            group.map((q) => q.batch),
            who,
          ),
        )
      } catch (err) {
        this.readers.settle(false)
        this.clients.settle(false)
        throw err
      }
      this.readers.settle(true)
      this.clients.settle(true)
      await this.armAlarm(this.flushMs())
      for (const q of group) q.resolve()
    } catch (err) {
      // Memory may be ahead of what SQLite rolled back.
      this.recent.clear()
      for (const q of group) q.reject(err)
    }
  }

  /**
   * Who each hit is, salted with its day's salt: numbers (53 bits of SipHash keyed by the salt),
   * which is all that is ever stored. Keyed by the hit, since a raw and a sealed hit of one reader
   * meet here and are named alike (their prehashes).
   */
  private async salted(batches: Batch[]): Promise<Map<Hit, Who>> {
    const out = new Map<Hit, Who>()
    const salt = (key: Uint32Array, text: string) => {
      const [hi, lo] = sipHash24(key, encoder.encode(text))
      return String((hi & 0x1fffff) * 2 ** 32 + lo)
    }
    for (const batch of batches) {
      for (const hit of batch.hits) {
        const { reader, client } = prehashes(hit)
        if (reader === undefined) continue
        const daySalt = this.saltOf(dayOf(hit.t))
        // Known keys without an await: a turn of the microtask queue per hit adds up on a busy link.
        const key = this.saltKeys.get(daySalt) ?? (await this.keyOf(daySalt))
        out.set(hit, { reader: salt(key, reader), client: client === undefined ? undefined : salt(key, client) })
      }
    }
    return out
  }

  /** The SipHash key of a day's salt: the first 16 bytes of its SHA-256. */
  private async keyOf(salt: string): Promise<Uint32Array> {
    let key = this.saltKeys.get(salt)
    if (!key) {
      key = sipKey(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(salt)), 0, 16))
      // Today's and yesterday's, nearly always: a few are plenty.
      if (this.saltKeys.size >= 4) this.saltKeys.clear()
      this.saltKeys.set(salt, key)
    }
    return key
  }

  private saltOf(date: string): string {
    const stored = this.loadDay(date)?.day.salt
    if (stored) return stored
    let salt = this.freshSalts.get(date)
    if (!salt) {
      salt = base64url(crypto.getRandomValues(new Uint8Array(16)))
      this.freshSalts.set(date, salt)
    }
    return salt
  }

  /** Inside one transaction: every batch not applied before, each touched day's row written once. */
  private apply(batches: Batch[], who: Map<Hit, Who>): void {
    const touched = new Map<string, Day>()
    const config = configOf(this.env)
    const rules = { dedupMs: config.dedupSeconds * 1000, perClient: config.dedupPerAddress }
    const none: Who = {}
    for (const batch of batches) {
      if (!batch.hits.length || this.wasApplied(batch)) continue
      this.flush.link = batch.link
      this.meter.batches++
      const days = new Set<string>()
      for (const hit of batch.hits) {
        const date = dayOf(hit.t)
        let day = touched.get(date) ?? this.loadDay(date)?.day
        if (!day) {
          day = newDay(this.saltOf(date))
          this.freshSalts.delete(date)
        }
        touched.set(date, day)
        days.add(date)
        const spilledDay = day
        countHit(day, hit, who.get(hit) ?? none, rules, {
          readers: () =>
            this.readers.of(
              date,
              () => Boolean(spilledDay.spill),
              () => {
                spilledDay.spill = true
              },
            ),
          clients: () =>
            this.clients.of(
              date,
              () => Boolean(spilledDay.clientSpill),
              () => {
                spilledDay.clientSpill = true
              },
            ),
        })
        this.meter.hits++
      }
      for (const date of days) {
        const day = touched.get(date)!
        day.seqs[batch.sender] = mark(day.seqs[batch.sender], batch.seq)
        // Each day row names its link: a restarted object flushes without a row of its own for that.
        day.link = batch.link
      }
    }
    for (const [date, day] of touched) this.saveDay(date, day)
    this.readers.writeStaged()
    this.clients.writeStaged()
  }

  /** Whether this batch was applied: its seq is marked in the row of one of its days. */
  private wasApplied(batch: Batch): boolean {
    const first = batch.hits.reduce((t, h) => Math.min(t, h.t), Number.POSITIVE_INFINITY)
    for (const { day } of this.daysFrom(dayOf(first))) if (applied(day.seqs[batch.sender], batch.seq)) return true
    return false
  }

  private loadDay(date: string): { v: number; day: Day } | undefined {
    const cached = this.recent.get(date)
    if (cached) return cached
    const row = this.exec<{ v: number; data: string }>('SELECT v, data FROM days WHERE day = ?', date)[0]
    if (!row) return undefined
    const entry = { v: row.v, day: parseDay(row.data) }
    this.keepRecent(date, entry)
    return entry
  }

  /** Rows of `from` and every later day (nearly always just today's, from memory). */
  private daysFrom(from: string): { date: string; day: Day }[] {
    const today = dayOf(Date.now())
    if (from >= today) {
      const entry = this.loadDay(from)
      return entry ? [{ date: from, day: entry.day }] : []
    }
    return this.exec<{ day: string; data: string }>('SELECT day, data FROM days WHERE day >= ? AND day != ?', from, PENDING).map((r) => ({
      date: r.day,
      day: this.recent.get(r.day)?.day ?? parseDay(r.data),
    }))
  }

  private saveDay(date: string, day: Day): void {
    this.clock = Math.max(Date.now(), this.clock + 1)
    this.exec(
      'INSERT INTO days (day, v, data) VALUES (?, ?, ?) ON CONFLICT (day) DO UPDATE SET v = excluded.v, data = excluded.data',
      date,
      this.clock,
      JSON.stringify(day),
    )
    this.keepRecent(date, { v: this.clock, day })
  }

  /** Only today's and yesterday's rows are worth keeping in memory. */
  private keepRecent(date: string, entry: { v: number; day: Day }): void {
    const yesterday = dayOf(Date.now() - 86_400_000)
    if (date < yesterday) return
    this.recent.set(date, entry)
    for (const d of this.recent.keys()) if (d < yesterday) this.recent.delete(d)
    this.readers.forgetBefore(yesterday)
    this.clients.forgetBefore(yesterday)
  }

  private allDays(): { date: string; v: number; day: Day }[] {
    return this.exec<{ day: string; v: number; data: string }>('SELECT day, v, data FROM days WHERE day != ?', PENDING).map((r) => ({
      date: r.day,
      v: r.v,
      day: parseDay(r.data),
    }))
  }

  private totals(rows: { date: string; day: Day }[]): Counts {
    const out = emptyCounts()
    const channel = this.flush.link?.channel ?? rows.find((r) => r.day.link)?.day.link?.channel
    for (const { date, day } of rows) {
      out.clicks += day.clicks
      out.repeats += day.repeats
      out.previews += day.previews
      if (day.clicks) {
        bump(out.byDay, date, day.clicks)
        if (channel) bump(out.byChannel, channel, day.clicks)
      }
      addTally(out.byCountry, day.country)
      addTally(out.byReferrer, day.referrer)
      addTally(out.byPlatform, day.platform)
    }
    return out
  }

  /** Once a day: days older than a week keep only their figures (their salt is gone for good). */
  private trimOldDays(rows: { date: string; v: number; day: Day }[]): void {
    const today = dayOf(Date.now())
    if (this.flush.trimmed === today) return
    const cutoff = dayOf(Date.now() - EPHEMERAL_DAYS * 86_400_000)
    for (const { date, v, day } of rows) {
      if (date >= cutoff || (day.salt === undefined && day.readers === undefined && Object.keys(day.seqs).length === 0)) continue
      const { salt: _salt, readers: _readers, spill: _spill, clients: _clients, clientSpill: _clientSpill, ...kept } = day
      this.exec('UPDATE days SET data = ? WHERE day = ? AND v = ?', JSON.stringify({ ...kept, seqs: {} }), date, v)
    }
    this.flush.trimmed = today
  }

  private async armAlarm(inMs: number): Promise<void> {
    if (this.alarmAt === undefined) this.alarmAt = await this.ctx.storage.getAlarm()
    if (this.alarmAt !== null) return
    this.alarmAt = Date.now() + inMs
    await this.ctx.storage.setAlarm(this.alarmAt)
  }

  private flushMs(): number {
    return configOf(this.env).flushSeconds * 1000
  }

  /** Every statement goes through here, so the meter counts what SQLite reports. */
  private exec<T extends Record<string, SqlStorageValue>>(query: string, ...params: unknown[]): T[] {
    const cursor = this.sql.exec<T>(query, ...params)
    const rows = cursor.toArray()
    this.meter.rowsRead += cursor.rowsRead
    this.meter.rowsWritten += cursor.rowsWritten
    return rows
  }
}
