/**
 * @module Named API keys (POST /api/keys): each with a role, stored in D1 as the SHA-256 of the key
 * only. A key reads `sl_<id>_<secret>`: its id finds its row, its hash is compared in constant
 * time. Each isolate remembers a key it checked for KEY_TTL_MS, so a revoked key answers 401
 * everywhere within that (and D1 is asked once per key per isolate and minute, not per request).
 */
import { type Actor, auditStatement } from '../audit/log'
import { ApiError } from '../errors'
import { randomCode } from '../links/codes'
import { Bounded, perObject } from '../util/bounded'
import type { Role } from './roles'

/** Within a minute of a revocation, every isolate has forgotten the key (the issue asks 60 s). */
export const KEY_TTL_MS = 30_000
/** last_used_at is written at most this often per key: a write per request would cost a row each. */
const LAST_USED_EVERY_MS = 10 * 60_000
/** A newsroom's desks and services; more is a mistake or an attack. */
export const MAX_KEYS = 200

const KEY = /^sl_([0-9A-Za-z]{12})_([0-9A-Za-z]{32})$/

export interface KeyHolder {
  id: string
  name: string
  role: Role
}

export interface KeyInfo extends KeyHolder {
  createdAt: string
  lastUsedAt: string | null
}

const encoder = new TextEncoder()
const sha256 = async (s: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(s)))
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')

/** What each isolate learnt of a key: its holder, or that it is no key (null). Kept per database binding. */
const checked = perObject<D1Database, Bounded<string, KeyHolder | null>>(() => new Bounded(1_000, KEY_TTL_MS))

/** The holder of `key`, or null if it is no live key. */
export async function keyHolder(db: D1Database, key: string, now = Date.now()): Promise<KeyHolder | null> {
  const m = KEY.exec(key)
  if (!m) return null
  const cache = checked(db)
  const known = cache.get(key, now)
  if (known !== undefined) return known
  const row = await db
    .prepare('SELECT id, name, role, hash, last_used_at FROM api_keys WHERE id = ? AND revoked_at IS NULL')
    .bind(m[1])
    .first<{ id: string; name: string; role: Role; hash: string; last_used_at: string | null }>()
  let holder: KeyHolder | null = null
  if (row) {
    const given = await sha256(key)
    const stored = Uint8Array.from(row.hash.match(/../g) ?? [], (h) => Number.parseInt(h, 16))
    if (stored.length === given.length && crypto.subtle.timingSafeEqual(given, stored))
      holder = { id: row.id, name: row.name, role: row.role }
    if (holder && (!row.last_used_at || now - Date.parse(row.last_used_at) > LAST_USED_EVERY_MS)) {
      await db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').bind(new Date(now).toISOString(), row.id).run()
    }
  }
  cache.set(key, holder, now)
  return holder
}

/** A new key: its secret is in the answer, and nowhere else. */
export async function createKey(
  db: D1Database,
  name: string,
  role: Role,
  actor: Actor,
  now = new Date(),
): Promise<KeyInfo & { key: string }> {
  const live = await db.prepare('SELECT COUNT(*) AS n FROM api_keys WHERE revoked_at IS NULL').first<{ n: number }>()
  if ((live?.n ?? 0) >= MAX_KEYS) throw new ApiError('invalid_request', `there are ${MAX_KEYS} live keys already: revoke some first`)
  const id = randomCode(12)
  const key = `sl_${id}_${randomCode(32)}`
  const createdAt = now.toISOString()
  await db.batch([
    db
      .prepare('INSERT INTO api_keys (id, name, role, hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .bind(id, name, role, hex(await sha256(key)), createdAt),
    auditStatement(db, {
      id: `key:${id}:create`,
      at: createdAt,
      actor,
      action: 'key.create',
      code: null,
      before: null,
      after: { id, name, role },
    }),
  ])
  return { id, name, role, key, createdAt, lastUsedAt: null }
}

export async function listKeys(db: D1Database): Promise<KeyInfo[]> {
  const { results } = await db
    .prepare('SELECT id, name, role, created_at, last_used_at FROM api_keys WHERE revoked_at IS NULL ORDER BY created_at DESC, id')
    .all<{ id: string; name: string; role: Role; created_at: string; last_used_at: string | null }>()
  return results.map((r) => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at, lastUsedAt: r.last_used_at }))
}

/** Revokes a key: it answers 401 everywhere within KEY_TTL_MS. Throws not_found for no live key. */
export async function revokeKey(db: D1Database, id: string, actor: Actor, now = new Date()): Promise<void> {
  const row = await db
    .prepare('SELECT name, role FROM api_keys WHERE id = ? AND revoked_at IS NULL')
    .bind(id)
    .first<{ name: string; role: Role }>()
  if (!row) throw new ApiError('not_found', `no key '${id}'`)
  const at = now.toISOString()
  await db.batch([
    db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ?').bind(at, id),
    auditStatement(db, { id: `key:${id}:revoke`, at, actor, action: 'key.revoke', code: null, before: { id, ...row }, after: null }),
  ])
  // This isolate forgets it now; the others within KEY_TTL_MS.
  checked(db).clear()
}
