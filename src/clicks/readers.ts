/**
 * @module The readers of a day beyond the ones its row holds, as a counter keeps them.
 *
 * Written one row per transaction, not one per reader: the readers a group of batches adds are
 * one chunk row (`readers_<parity>`, the day's number, its chunk number, "h:t,h:t..."). Looked
 * up in memory: the day's chunks are read back into a map the first time this object needs them.
 * Memory is bounded: past MAX_IN_MEMORY readers in a day, the rest get a row each in a second
 * table (`reader_rows_<parity>`) and are looked up there, so a viral link stays exact. A second
 * store keeps clients (addresses) the same way, in `client_*` tables.
 *
 * Each day's tables are those of its parity: yesterday's and today's never share one, and a day
 * that first spills drops the tables of two days ago (dropping costs no row writes).
 */
import { parityOf, type SpilledReaders } from './days'

/** Readers of a day held in memory (a Map of numbers: ~50 bytes each); beyond, a row each. */
export const MAX_IN_MEMORY = 200_000

type Exec = <T extends Record<string, SqlStorageValue>>(query: string, ...params: unknown[]) => T[]

interface DayReaders {
  /** Loaded from the chunks (or started empty with a new day). */
  known: Map<number, number>
  /** Added by the transaction in progress: into `known` once it commits. */
  staged: Map<number, number>
  /** Readers past MAX_IN_MEMORY, kept a row each. */
  overflow: boolean
  chunks: number
}

export class ReaderStore {
  private readonly days = new Map<string, DayReaders>()

  /** `name` names its tables: `<name>_chunks_<parity>` and `<name>_rows_<parity>`. */
  constructor(
    private readonly exec: Exec,
    private readonly maxInMemory = MAX_IN_MEMORY,
    private readonly name: 'reader' | 'client' = 'reader',
  ) {}

  /** The store of `date`'s spilled readers; `spilled` says whether the day has any yet (its row knows). */
  of(date: string, spilled: () => boolean, markSpilled: () => void): SpilledReaders {
    return {
      get: (reader) => {
        const h = Number(reader)
        const day = spilled() ? this.load(date) : this.days.get(date)
        if (!day) return undefined
        const t = day.staged.get(h) ?? day.known.get(h)
        if (t !== undefined || !day.overflow) return t
        return this.exec<{ t: number }>(`SELECT t FROM ${this.name}_rows_${parityOf(date)} WHERE h = ?`, h)[0]?.t
      },
      set: (reader, t) => {
        if (!spilled()) {
          this.reset(date)
          markSpilled()
        }
        const day = this.load(date)
        const h = Number(reader)
        if (!day.overflow && day.known.size + day.staged.size >= this.maxInMemory) {
          day.overflow = true
          this.exec(`CREATE TABLE IF NOT EXISTS ${this.name}_rows_${parityOf(date)} (h INTEGER PRIMARY KEY, t INTEGER NOT NULL)`)
        }
        if (day.overflow && !day.known.has(h))
          this.exec(`INSERT OR REPLACE INTO ${this.name}_rows_${parityOf(date)} (h, t) VALUES (?, ?)`, h, t)
        else day.staged.set(h, t)
      },
    }
  }

  /** Inside the transaction: each day's readers added by it, as one chunk row. */
  writeStaged(): void {
    for (const [date, day] of this.days) {
      if (!day.staged.size) continue
      const data = [...day.staged].map(([h, t]) => `${h.toString(36)}:${t.toString(36)}`).join(',')
      this.exec(`INSERT INTO ${this.name}_chunks_${parityOf(date)} (day, n, data) VALUES (?, ?, ?)`, date, day.chunks, data)
    }
  }

  /** After the transaction: committed, so the staged readers are known; or rolled back, so forgotten. */
  settle(committed: boolean): void {
    for (const day of this.days.values()) {
      if (committed && day.staged.size) {
        for (const [h, t] of day.staged) day.known.set(h, t)
        day.chunks++
      }
      day.staged.clear()
    }
    if (!committed) this.days.clear()
  }

  /** Only today's and yesterday's readers are kept in memory. */
  forgetBefore(date: string): void {
    for (const d of this.days.keys()) if (d < date) this.days.delete(d)
  }

  private load(date: string): DayReaders {
    let day = this.days.get(date)
    if (day) return day
    day = { known: new Map(), staged: new Map(), overflow: false, chunks: 0 }
    const chunks = this.exec<{ n: number; data: string }>(
      `SELECT n, data FROM ${this.name}_chunks_${parityOf(date)} WHERE day = ? ORDER BY n`,
      date,
    )
    for (const { n, data } of chunks) {
      for (const pair of data.split(',')) {
        const [h, t] = pair.split(':')
        day.known.set(Number.parseInt(h!, 36), Number.parseInt(t!, 36))
      }
      day.chunks = n + 1
    }
    day.overflow =
      this.exec<{ n: number }>('SELECT COUNT(*) AS n FROM sqlite_master WHERE name = ?', `${this.name}_rows_${parityOf(date)}`)[0]!.n > 0
    this.days.set(date, day)
    return day
  }

  /** A day's first spill: the tables of its parity hold the readers of two days ago. */
  private reset(date: string): void {
    const p = parityOf(date)
    this.exec(`DROP TABLE IF EXISTS ${this.name}_chunks_${p}`)
    this.exec(`DROP TABLE IF EXISTS ${this.name}_rows_${p}`)
    this.exec(
      `CREATE TABLE ${this.name}_chunks_${p} (day TEXT NOT NULL, n INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (day, n)) WITHOUT ROWID`,
    )
    this.days.set(date, { known: new Map(), staged: new Map(), overflow: false, chunks: 0 })
  }
}
