/**
 * @module A counter's days in its SQLite storage: one row per day of REPORT_TIMEZONE (figures, readers, the
 * senders' batches seen), each stamped with a version that grows with time, so the flush knows
 * which changed since it last copied them. Today's and yesterday's rows are kept in memory, so a
 * batch reads none.
 */
import { DAY_MS, type Zone } from '../time'
import { type Day, parseDay } from './days'
import { applied } from './seqs'
import type { Batch } from './types'

/** The key, in `days`, of the one row that is not a day: a failed flush's mark (see flush.ts). */
const PENDING = 'pending'

export interface DayRow {
  date: string
  /** When it was last written (ms, made unique): what the flush compares. */
  v: number
  day: Day
}

export class DayRows {
  /** The last version given to a row; versions grow with time, so a restart continues above. */
  private clock = 0
  private readonly recent = new Map<string, DayRow>()

  constructor(
    private readonly sql: SqlStorage,
    private readonly zone: () => Zone,
  ) {}

  /** Makes the table if it is new; the failed flush's mark, if one was left. */
  open(): number | undefined {
    this.write('CREATE TABLE IF NOT EXISTS days (day TEXT PRIMARY KEY, v INTEGER NOT NULL, data TEXT NOT NULL) WITHOUT ROWID')
    this.clock = this.sql.exec<{ v: number | null }>('SELECT MAX(v) AS v FROM days').toArray()[0]?.v ?? 0
    return this.sql.exec<{ v: number }>('SELECT v FROM days WHERE day = ?', PENDING).toArray()[0]?.v
  }

  /** The newest version written. */
  get newest(): number {
    return this.clock
  }

  load(date: string): DayRow | undefined {
    const cached = this.recent.get(date)
    if (cached) return cached
    const row = this.sql.exec<{ v: number; data: string }>('SELECT v, data FROM days WHERE day = ?', date).toArray()[0]
    if (!row) return undefined
    const entry = { date, v: row.v, day: parseDay(row.data) }
    this.keepRecent(entry)
    return entry
  }

  /** The version the next save writes: hours changed in it carry it (see days.ts). */
  next(): number {
    return Math.max(Date.now(), this.clock + 1)
  }

  save(date: string, day: Day, version = this.next()): void {
    this.clock = Math.max(version, this.clock + 1)
    this.write(
      'INSERT INTO days (day, v, data) VALUES (?, ?, ?) ON CONFLICT (day) DO UPDATE SET v = excluded.v, data = excluded.data',
      date,
      this.clock,
      JSON.stringify(day),
    )
    this.keepRecent({ date, v: this.clock, day })
  }

  /** Every day, as stored. */
  all(): DayRow[] {
    return this.sql
      .exec<{ day: string; v: number; data: string }>('SELECT day, v, data FROM days WHERE day != ?', PENDING)
      .toArray()
      .map((r) => ({ date: r.day, v: r.v, day: parseDay(r.data) }))
  }

  /** Whether this batch was applied: its seq is marked in the row of one of its days (nearly always today's, in memory). */
  applied(batch: Batch): boolean {
    const zone = this.zone()
    const first = zone.dateOf(batch.hits.reduce((t, h) => Math.min(t, h.t), Number.POSITIVE_INFINITY))
    const days =
      first >= zone.dateOf(Date.now())
        ? [this.load(first)?.day]
        : this.sql
            .exec<{ day: string; data: string }>('SELECT day, data FROM days WHERE day >= ? AND day != ?', first, PENDING)
            .toArray()
            .map((r) => this.recent.get(r.day)?.day ?? parseDay(r.data))
    return days.some((day) => day && applied(day.seqs[batch.sender], batch.seq))
  }

  /** A transaction that wrote rows was rolled back: what memory holds may be ahead of it. */
  forget(): void {
    this.recent.clear()
  }

  /** Marks a failed flush: flushed up to `v` (kept in storage, so a restart skips nothing). */
  markPending(v: number): void {
    this.write("INSERT OR REPLACE INTO days (day, v, data) VALUES (?, ?, '{}')", PENDING, v)
  }

  clearPending(): void {
    this.write('DELETE FROM days WHERE day = ?', PENDING)
  }

  /**
   * Days before `cutoff` keep only their figures: their salt, readers and senders are dropped for
   * good, and their hours' detail, which D1 has.
   */
  trimBefore(cutoff: string, rows: DayRow[]): void {
    for (const { date, v, day } of rows) {
      if (date >= cutoff || !hasEphemeral(day)) continue
      const { salt: _salt, readers: _readers, spill: _spill, clients: _clients, clientSpill: _clientSpill, ...kept } = day
      this.write('UPDATE days SET data = ? WHERE day = ? AND v = ?', JSON.stringify({ ...kept, seqs: {}, hours: {} }), date, v)
    }
  }

  /** A statement run to its end (a cursor left unread has not yet told what it wrote). */
  private write(query: string, ...params: unknown[]): void {
    this.sql.exec(query, ...params).toArray()
  }

  /** Only today's and yesterday's rows are worth keeping in memory. */
  private keepRecent(entry: DayRow): void {
    const yesterday = this.zone().dateOf(Date.now() - DAY_MS)
    if (entry.date < yesterday) return
    this.recent.set(entry.date, entry)
    for (const d of this.recent.keys()) if (d < yesterday) this.recent.delete(d)
  }
}

/** Whether a day still holds what is kept a week only: its salt, readers, senders or hours. */
export function hasEphemeral(day: Day): boolean {
  return day.salt !== undefined || day.readers !== undefined || Object.keys(day.seqs).length > 0 || Object.keys(day.hours).length > 0
}
