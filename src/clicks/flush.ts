/**
 * @module A counter's flush: on an alarm at most FLUSH_SECONDS after a batch, it copies the days
 * and hours that changed to D1, as absolute values (a flush retried after D1 took it changes
 * nothing), with the link's all-time figures. What it has flushed is known in memory only:
 * bookkeeping in storage would be a row written per flush. A restarted object flushes the days
 * written in the last FRESH_MS again; only a failed flush leaves a mark in storage, so nothing
 * older is skipped.
 */
import { configOf } from '../config'
import type { Env } from '../env'
import { addDays, DAY_MS } from '../time'
import { type DayRow, type DayRows, hasEphemeral } from './day-rows'
import { type Hour, totalsOf } from './days'
import { writeRollups } from './rollups'
import type { CountedLink } from './types'

/** How far back a restarted object looks for days to flush: far beyond a flush period. */
const FRESH_MS = 6 * 3600 * 1000
/** A failed D1 write is retried sooner than a flush period, then later and later. */
const RETRY_MS = [5_000, 30_000, 120_000, 600_000]
/** After this many days a day's salt, readers, senders and hours are dropped: only its figures stay. */
const EPHEMERAL_DAYS = 7

export class Flusher {
  private link?: CountedLink
  /** The highest row version copied to D1. */
  private flushed = 0
  private failures = 0
  /** The failed flush's mark in storage, if any (null: none). */
  private pendingMark: number | null = null
  /** The last day old rows were trimmed. */
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
    this.flushed = pendingMark ?? Math.max(0, Date.now() - FRESH_MS)
    this.failures = pendingMark === undefined ? 0 : 1
    this.pendingMark = pendingMark ?? null
  }

  /** A batch of `link` was applied: a flush is due within FLUSH_SECONDS. */
  async changed(link: CountedLink): Promise<void> {
    this.link = link
    await this.armAlarm(this.flushMs())
  }

  /** The alarm: copies what changed to D1; a failure is retried sooner than a period, then later. */
  async flush(): Promise<void> {
    this.alarmAt = null
    const rows = this.rows.all()
    const link = this.link ?? rows.find((r) => r.day.link)?.day.link
    if (!link) return
    this.link = link
    const newest = rows.reduce((v, r) => Math.max(v, r.v), 0)
    if (newest > this.flushed) await this.write(link, rows, newest)
    this.trim(rows)
    if (this.rows.newest > this.flushed)
      await this.armAlarm(this.failures ? RETRY_MS[Math.min(this.failures, RETRY_MS.length) - 1]! : this.flushMs())
    else await this.armTrim(rows)
  }

  /**
   * A link nobody clicks any more still drops its salts and readers on time: an alarm wakes it the
   * day its oldest such day is a week old (one call a day at most, for a week after its last click).
   */
  private async armTrim(rows: DayRow[]): Promise<void> {
    const { zone } = configOf(this.env)
    const cutoff = zone.dateOf(Date.now() - EPHEMERAL_DAYS * DAY_MS)
    const kept = rows.filter((r) => r.date >= cutoff && hasEphemeral(r.day)).map((r) => r.date)
    if (!kept.length) return
    const oldest = kept.sort()[0]!
    this.trimmed = undefined
    await this.armAlarm(Math.max(0, zone.startOf(addDays(oldest, EPHEMERAL_DAYS + 1)) - Date.now()))
  }

  private async write(link: CountedLink, rows: DayRow[], newest: number): Promise<void> {
    const days = rows.filter((r) => r.v > this.flushed)
    const hours = days.flatMap((r) => Object.entries(r.day.hours).filter(([, h]) => h.v > this.flushed)) as [string, Hour][]
    try {
      await writeRollups(
        this.env.ANALYTICS,
        link,
        days.map((r) => [r.date, r.day]),
        hours,
        totalsOf(rows, link.channel),
      )
      this.flushed = newest
      this.failures = 0
      if (this.pendingMark !== null) {
        this.rows.clearPending()
        this.pendingMark = null
      }
    } catch (err) {
      this.failures++
      // Marked in storage, in case this object restarts before the retry.
      if (this.pendingMark !== this.flushed) {
        this.rows.markPending(this.flushed)
        this.pendingMark = this.flushed
      }
      console.warn(`rollups of ${link.code} not written to D1 yet (attempt ${this.failures}), retrying:`, String(err))
    }
  }

  /** Once a day: days older than a week keep only their figures. */
  private trim(rows: DayRow[]): void {
    const { zone } = configOf(this.env)
    const today = zone.dateOf(Date.now())
    if (this.trimmed === today) return
    this.rows.trimBefore(zone.dateOf(Date.now() - EPHEMERAL_DAYS * DAY_MS), rows)
    this.trimmed = today
  }

  /** Sets the alarm unless one is due sooner: a click after an idle link's trim was armed (days ahead) brings its flush forward. */
  private async armAlarm(inMs: number): Promise<void> {
    if (this.alarmAt === undefined) this.alarmAt = await this.storage.getAlarm()
    const at = Date.now() + inMs
    if (this.alarmAt !== null && this.alarmAt <= at) return
    this.alarmAt = at
    await this.storage.setAlarm(at)
  }

  private flushMs(): number {
    return configOf(this.env).flushSeconds * 1000
  }
}
