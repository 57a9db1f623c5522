/**
 * Miniflare's D1 binding from Node, seen through: src/ code given `watched.db` runs on the real
 * database, and every statement it runs is logged with its SQL, its parameters and what D1's meta
 * says it cost (rows read and written, time inside the database), under the label set last. Sections D and E use it to count
 * the rows of the daily trim and to capture the analytics statements the routes run.
 */

/** `{ db, log, label(text) }`: `db` stands for `raw` wherever src/ takes a D1Database. */
export function watchD1(raw) {
  const log = []
  let current = ''
  const record = (statement, result) => {
    log.push({
      label: current,
      sql: statement.sql,
      params: statement.params,
      rowsRead: result.meta?.rows_read ?? 0,
      rowsWritten: result.meta?.rows_written ?? 0,
      ms: sqlMs(result),
    })
    return result
  }
  const wrap = (inner, sql, params) => {
    const statement = {
      inner,
      sql,
      params,
      bind: (...values) => wrap(inner.bind(...values), sql, values),
      run: async () => record(statement, await inner.run()),
      all: async () => record(statement, await inner.all()),
      first: async (column) => {
        const row = (await statement.all()).results[0] ?? null
        return column === undefined || row === null ? row : row[column]
      },
    }
    return statement
  }
  const db = {
    prepare: (sql) => wrap(raw.prepare(sql), sql, []),
    batch: async (statements) => {
      const results = await raw.batch(statements.map((s) => s.inner))
      for (const [i, s] of statements.entries()) record(s, results[i])
      return results
    },
  }
  return {
    db,
    log,
    label: (text) => {
      current = text
    },
  }
}

/** The time D1 says it spent running the statement (meta: inside the database, no round trip). */
export const sqlMs = (result) => result.meta?.timings?.sql_duration_ms ?? result.meta?.duration ?? 0

/** D1's own figure for the database's size in bytes (meta.size_after: what its storage bills). */
export async function d1Size(db) {
  return (await db.prepare('SELECT 1').run()).meta.size_after
}
