/**
 * @module The bench's meter of a ClickCounter: what it costs as Cloudflare bills it, counted from
 * outside the object's code (a subclass over its storage and bindings), so the production object
 * carries no meter. The bench's builds export it as ClickCounter (bench/lib/build.mjs), and so do
 * the Workers-runtime tests (test/limits/entry.ts), which read it with `reading()`.
 */
import { ClickCounter } from '../../src/clicks/counter'
import type { Batch } from '../../src/clicks/types'
import type { Env } from '../../src/env'

export interface Meter {
  /** RPC calls and alarms: what Durable Object requests bill. */
  requests: number
  alarms: number
  /** Batches and hits received (replays included). */
  batches: number
  hits: number
  /** SQLite rows, as the object's cursors report them. */
  rowsRead: number
  rowsWritten: number
  kvWrites: number
  /** D1 rows, from each result's meta. */
  d1RowsRead: number
  d1RowsWritten: number
}

const zero = (): Meter => ({
  requests: 0,
  alarms: 0,
  batches: 0,
  hits: 0,
  rowsRead: 0,
  rowsWritten: 0,
  kvWrites: 0,
  d1RowsRead: 0,
  d1RowsWritten: 0,
})

/** `target` with some members replaced, every other read through to it (methods bound to it). */
function over<T extends object>(target: T, members: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (prop in members) return members[prop as keyof T]
      const value = Reflect.get(t, prop, t)
      return typeof value === 'function' ? value.bind(t) : value
    },
  })
}

/**
 * Counts the rows of every SQL cursor of the object once it has been read. The runtime takes no
 * stand-in for the object's state, so its SqlStorage gets an exec of its own.
 */
function meterSql(sql: SqlStorage, meter: Meter): void {
  const exec = sql.exec.bind(sql)
  const metered = (query: string, ...bindings: unknown[]) => {
    const cursor = exec(query, ...bindings)
    const counted = () => {
      meter.rowsRead += cursor.rowsRead
      meter.rowsWritten += cursor.rowsWritten
    }
    return over(cursor, {
      toArray: () => {
        const rows = cursor.toArray()
        counted()
        return rows
      },
      one: () => {
        const row = cursor.one()
        counted()
        return row
      },
    })
  }
  Object.defineProperty(sql, 'exec', { value: metered, configurable: true })
}

/** The object's bindings, with KV writes and D1 rows counted. */
function meteredEnv(env: Env, meter: Meter): Env {
  const db = env.ANALYTICS
  const add = (results: D1Result[]) => {
    for (const r of results) {
      meter.d1RowsRead += r.meta.rows_read ?? 0
      meter.d1RowsWritten += r.meta.rows_written ?? 0
    }
    return results
  }
  const prepare = (query: string) => {
    const statement = db.prepare(query)
    const metered = (s: D1PreparedStatement): D1PreparedStatement =>
      over(s, {
        bind: (...values: unknown[]) => metered(s.bind(...values)),
        run: async () => add([await s.run()])[0],
        all: async () => add([await s.all()])[0],
      })
    return metered(statement)
  }
  const batch = async (statements: D1PreparedStatement[]) => add(await db.batch(statements))
  const kv = env.LINKS
  const put = (...args: Parameters<KVNamespace['put']>) => {
    meter.kvWrites++
    return kv.put(...args)
  }
  return { ...env, ANALYTICS: over(db, { prepare, batch }), LINKS: over(kv, { put }) }
}

/** ClickCounter with its meter: `reading()` answers what it has cost since it started. */
export class MeteredClickCounter extends ClickCounter {
  private readonly meter: Meter

  constructor(ctx: DurableObjectState, env: Env) {
    const meter = zero()
    meterSql(ctx.storage.sql, meter)
    super(ctx, meteredEnv(env, meter))
    this.meter = meter
  }

  override async record(batch: Batch): Promise<void> {
    this.meter.requests++
    this.meter.batches++
    this.meter.hits += batch.hits.length
    return super.record(batch)
  }

  override async counts(): Promise<string> {
    this.meter.requests++
    return super.counts()
  }

  override async alarm(): Promise<void> {
    this.meter.requests++
    this.meter.alarms++
    return super.alarm()
  }

  async reading(): Promise<Meter> {
    return { ...this.meter }
  }
}
