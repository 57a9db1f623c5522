/**
 * @module A counter's flush: on an alarm at most every FLUSH_SECONDS after a batch, it copies what
 * changed to KV (the link's totals, one write) and D1 (the days that changed, as absolute values,
 * so a flush retried after D1 took it changes nothing). What it has flushed is known in memory
 * only: bookkeeping in storage would be a row written per flush. A restarted object flushes the
 * days written in the last FRESH_MS again; only a failed flush leaves a mark in storage, so
 * nothing older is skipped.
 */
import { configOf } from '../config'
import type { Env } from '../env'
import { KV_WRITE_SPACING_MS } from '../links/store'
import { DAY_MS, utcDate } from '../time'
import type { DayRow, DayRows } from './day-rows'
import { totalsOf } from './days'
import { writeCounts } from './kv'
import { writeRollups } from './rollups'
import type { CountedLink } from './types'

/** How far back a restarted object looks for days to flush: far beyond a flush period. */
const FRESH_MS = 6 * 3600 * 1000
/** A failed D1 write is retried sooner than a flush period, then later and later. */
const RETRY_MS = [5_000, 30_000, 120_000, 600_000]
/** After this many days a day's salt, readers and senders are dropped: only its figures stay. */
const EPHEMERAL_DAYS = 7

export class Flusher {
  private link?: CountedLink
  /** The highest row version copied to KV, and to D1. */
  private kv = 0
  private d1 = 0
  private d1Failures = 0
  /** When the counts were last written to KV: one write a second per key is all KV takes. */
  private kvWrittenAt = 0
  /** The failed flush's mark in storage, if any (null: none). */
  private pendingMark: number | null = null
  /** The last UTC day old rows were trimmed. */
  private trimmed?: string
  /** The alarm set, as last known (undefined: not asked yet). */
  private alarmAt: number | null | undefined

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly env: Env,
    private readonly rows: DayRows,
  ) {}

  /** After a restart: flushed up to a failed flush's mark, else all but the last FRESH_MS. */
  open(pendingMark: number | undefined): void {
    const from = pendingMark ?? Math.max(0, Date.now() - FRESH_MS)
    this.kv = from
    this.d1 = from
    this.d1Failures = pendingMark === undefined ? 0 : 1
    this.pendingMark = pendingMark ?? null
  }

  /** A batch of `link` was applied: a flush is due within FLUSH_SECONDS. */
  async changed(link: CountedLink): Promise<void> {
    this.link = link
    await this.armAlarm(this.flushMs())
  }

  /** The alarm: copies what changed to KV and D1. A D1 failure delays the rollups only: KV still gets its copy. */
  async flush(): Promise<void> {
    this.alarmAt = null
    const rows = this.rows.all()
    const link = this.link ?? rows.find((r) => r.day.link)?.day.link
    if (!link) return
    this.link = link
    const newest = rows.reduce((v, r) => Math.max(v, r.v), 0)
    const before = Math.min(this.kv, this.d1)
    const kvTurn = this.kvWrittenAt + KV_WRITE_SPACING_MS
    try {
      if (newest > this.kv && kvTurn <= Date.now()) {
        this.kvWrittenAt = Date.now()
        await writeCounts(this.env.LINKS, link.id, totalsOf(rows, link.channel))
        this.kv = newest
      }
    } finally {
      // KV failed: the runtime retries the alarm; mark what is still to flush, in case this object restarts first.
      if (newest > this.kv) this.markPending(before)
    }
    if (newest > this.d1) await this.writeD1(link, rows, newest)
    if (this.d1 === newest && this.kv === newest) this.clearPending()
    this.trim(rows)
    if (this.rows.newest > this.kv || this.rows.newest > this.d1) {
      const wait =
        this.rows.newest > this.d1 && this.d1Failures ? RETRY_MS[Math.min(this.d1Failures, RETRY_MS.length) - 1]! : this.flushMs()
      await this.armAlarm(Math.max(wait, kvTurn - Date.now()))
    }
  }

  private async writeD1(link: CountedLink, rows: DayRow[], newest: number): Promise<void> {
    const changed = rows.filter((r) => r.v > this.d1)
    try {
      await writeRollups(
        this.env.ANALYTICS,
        link,
        changed.map((r) => [r.date, r.day]),
      )
      this.d1 = newest
      this.d1Failures = 0
    } catch (err) {
      this.d1Failures++
      this.markPending(this.d1)
      console.warn(`rollups of ${link.code} not written to D1 yet (attempt ${this.d1Failures}), retrying:`, String(err))
    }
  }

  private markPending(v: number): void {
    if (this.pendingMark === v) return
    this.rows.markPending(v)
    this.pendingMark = v
  }

  private clearPending(): void {
    if (this.pendingMark === null) return
    this.rows.clearPending()
    this.pendingMark = null
  }

  /** Once a day: days older than a week keep only their figures. */
  private trim(rows: DayRow[]): void {
    const today = utcDate(Date.now())
    if (this.trimmed === today) return
    this.rows.trimBefore(utcDate(Date.now() - EPHEMERAL_DAYS * DAY_MS), rows)
    this.trimmed = today
  }

  private async armAlarm(inMs: number): Promise<void> {
    if (this.alarmAt === undefined) this.alarmAt = await this.storage.getAlarm()
    if (this.alarmAt !== null) return
    this.alarmAt = Date.now() + inMs
    await this.storage.setAlarm(this.alarmAt)
  }

  private flushMs(): number {
    return configOf(this.env).flushSeconds * 1000
  }
}
