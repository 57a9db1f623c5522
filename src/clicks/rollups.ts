/**
 * @module The counters' figures in D1 (migrations/0002_rollups.sql): per (day, link), and per
 * (day, link, dimension, key). Each flush writes the absolute values of the days that changed,
 * so a flush retried after D1 took it changes nothing, and rows whose value is unchanged cost no
 * write at all.
 */
import type { Day } from './days'
import type { CountedLink } from './types'

/** D1 binds at most 100 parameters per statement: 14 dimension rows of 7. */
const DIM_ROWS_PER_STATEMENT = 14

export interface D1Cost {
  rowsRead: number
  rowsWritten: number
}

export async function writeRollups(db: D1Database, link: CountedLink, days: [string, Day][]): Promise<D1Cost> {
  const statements: D1PreparedStatement[] = []
  for (const [day, d] of days) {
    statements.push(
      db
        .prepare(
          `INSERT INTO link_days (day, link, article, channel, clicks, repeats, previews) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (day, link) DO UPDATE SET clicks = excluded.clicks, repeats = excluded.repeats, previews = excluded.previews
           WHERE clicks != excluded.clicks OR repeats != excluded.repeats OR previews != excluded.previews`,
        )
        .bind(day, link.id, link.article, link.channel, d.clicks, d.repeats, d.previews),
    )
    const rows: unknown[][] = []
    for (const [dim, t] of [
      ['country', d.country],
      ['referrer', d.referrer],
      ['platform', d.platform],
    ] as const) {
      for (const key of Object.keys(t)) rows.push([dim, day, link.id, key, link.article, link.channel, t[key]])
    }
    for (let i = 0; i < rows.length; i += DIM_ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + DIM_ROWS_PER_STATEMENT)
      statements.push(
        db
          .prepare(
            `INSERT INTO link_day_dims (dim, day, link, key, article, channel, n) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
             ON CONFLICT (dim, day, link, key) DO UPDATE SET n = excluded.n WHERE n != excluded.n`,
          )
          .bind(...chunk.flat()),
      )
    }
  }
  const cost: D1Cost = { rowsRead: 0, rowsWritten: 0 }
  for (const result of await db.batch(statements)) {
    cost.rowsRead += result.meta.rows_read ?? 0
    cost.rowsWritten += result.meta.rows_written ?? 0
  }
  return cost
}

/** Removes rollups older than `retentionDays` (the scheduled handler calls this daily). */
export async function trimRollups(db: D1Database, retentionDays: number, now = Date.now()): Promise<number> {
  const cutoff = new Date(now - retentionDays * 86_400_000).toISOString().slice(0, 10)
  const results = await db.batch([
    db.prepare('DELETE FROM link_days WHERE day < ?').bind(cutoff),
    db.prepare('DELETE FROM link_day_dims WHERE day < ?').bind(cutoff),
  ])
  return results.reduce((n, r) => n + (r.meta.changes ?? 0), 0)
}
