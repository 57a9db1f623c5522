/**
 * @module The audit log: who changed what, when, and the fields before and after. Entries are
 * written to D1 (table `audit`) by what made the change: a link's owner copies its entries with
 * its other copies, retried until D1 has them, so recording never fails a change and never loses
 * one; a key's entry is written in the same D1 batch as the key.
 */
import { decodeCursor, encodeCursor } from '../util/cursor'

/** Who made a change: a named key, an Access user, the API_KEY secret, a reader's share button, the service itself, the command line. */
export interface Actor {
  kind: 'key' | 'access' | 'api_key' | 'share' | 'system' | 'cli'
  name: string
}

export const ACTIONS = ['link.create', 'link.update', 'link.refresh', 'link.delete', 'key.create', 'key.revoke'] as const
export type Action = (typeof ACTIONS)[number]

export interface AuditEntry {
  /** Names the change (a link's id and version, a key's id and action): a copy written twice is one entry. */
  id: string
  at: string
  actor: Actor
  action: Action
  code: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

/** The statement that records `entry` (once, whatever the retries). */
export function auditStatement(db: D1Database, entry: AuditEntry): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit (id, at, actor_kind, actor_name, action, code, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    )
    .bind(
      entry.id,
      entry.at,
      entry.actor.kind,
      entry.actor.name,
      entry.action,
      entry.code,
      entry.before && JSON.stringify(entry.before),
      entry.after && JSON.stringify(entry.after),
    )
}

export async function writeAudit(db: D1Database, entries: AuditEntry[]): Promise<void> {
  if (entries.length) await db.batch(entries.map((e) => auditStatement(db, e)))
}

interface Row {
  id: string
  at: string
  actor_kind: Actor['kind']
  actor_name: string
  action: Action
  code: string | null
  before: string | null
  after: string | null
}

/** Entries newest first, of one link (`code`) or all; a page at a time. */
export async function readAudit(
  db: D1Database,
  options: { code?: string; cursor?: string; limit: number },
): Promise<{ entries: Omit<AuditEntry, 'id'>[]; cursor: string | null }> {
  const where: string[] = []
  const params: unknown[] = []
  const param = (v: unknown) => `?${params.push(v)}`
  if (options.code) where.push(`code = ${param(options.code)}`)
  if (options.cursor) {
    const [at, id] = decodeCursor(options.cursor)
    where.push(`(at, id) < (${param(at)}, ${param(id)})`)
  }
  const { results } = await db
    .prepare(
      `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ${param(options.limit + 1)}`,
    )
    .bind(...params)
    .all<Row>()
  const page = results.slice(0, options.limit)
  const last = page.at(-1)
  return {
    entries: page.map((r) => ({
      at: r.at,
      actor: { kind: r.actor_kind, name: r.actor_name },
      action: r.action,
      code: r.code,
      before: r.before === null ? null : JSON.parse(r.before),
      after: r.after === null ? null : JSON.parse(r.after),
    })),
    cursor: results.length > options.limit && last ? encodeCursor(last.at, last.id) : null,
  }
}
