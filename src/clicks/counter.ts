/** @module ClickCounter: the Durable Object that counts exactly and writes KV once per flush. */
import { DurableObject } from 'cloudflare:workers'
import { configOf } from '../config'
import type { Env } from '../env'
import { writeCounts } from './kv'
import { type Counts, emptyCounts, type HitBatch } from './types'

/**
 * Batch ids are remembered this long: far longer than a stranded batch waits for the minutely
 * merge, short enough that the table stays small at a viral link's batch rate.
 */
const REMEMBER_BATCHES_MS = 2 * 24 * 3600 * 1000
/**
 * Distinct referrer hosts kept per shard; the rest count under 'other'. Referer is the caller's
 * to choose: without a cap, a script sending random hosts would grow the counts without bound.
 */
const MAX_REFERRERS = 200

const DIMENSIONS = { day: 'byDay', channel: 'byChannel', country: 'byCountry', referrer: 'byReferrer' } as const

/**
 * One object per (link, shard). Increments are serialised by the object and stored in SQLite in
 * one transaction per batch, so none is lost or applied twice; an alarm copies the totals to KV
 * at most every FLUSH_SECONDS, so KV sees one write per flush whatever the click rate.
 */
export class ClickCounter extends DurableObject<Env> {
  private readonly sql: SqlStorage

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`
        CREATE TABLE IF NOT EXISTS counts (dim TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (dim, key));
        CREATE TABLE IF NOT EXISTS batches (id TEXT PRIMARY KEY, at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS batches_at ON batches (at);
        CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
      `)
    })
  }

  /** Applies a batch once: a batch id seen before is acknowledged and ignored. */
  async record(batch: HitBatch): Promise<{ applied: boolean }> {
    const applied = this.ctx.storage.transactionSync(() => {
      if (this.sql.exec('SELECT 1 FROM batches WHERE id = ?', batch.id).toArray().length) return false
      this.sql.exec('INSERT INTO batches (id, at) VALUES (?, ?)', batch.id, Date.now())
      const add = new Map<string, number>()
      const referrerKey = this.referrerKeys()
      const bump = (dim: string, key: string) => add.set(`${dim}\n${key}`, (add.get(`${dim}\n${key}`) ?? 0) + 1)
      for (const hit of batch.hits) {
        if (hit.kind === 'preview') {
          bump('total', 'previews')
          continue
        }
        bump('total', 'clicks')
        bump('day', hit.day)
        bump('country', hit.country)
        bump('referrer', referrerKey(hit.referrer))
        if (batch.channel) bump('channel', batch.channel)
      }
      for (const [dk, n] of add) {
        const [dim, key] = dk.split('\n') as [string, string]
        this.sql.exec(
          'INSERT INTO counts (dim, key, n) VALUES (?, ?, ?) ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n',
          dim,
          key,
          n,
        )
      }
      this.setMeta('link', batch.link)
      this.setMeta('shard', String(batch.shard))
      this.setMeta('version', String(Number(this.getMeta('version') ?? 0) + 1))
      return true
    })
    // Also for a replayed batch: if the first delivery committed but failed before setting the
    // alarm, this is the next chance to make sure the counts reach KV.
    if (this.getMeta('version') !== this.getMeta('flushed') && (await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + this.flushMs())
    }
    return { applied }
  }

  /** Maps referrer hosts to the keys they count under: themselves while there is room, else 'other'. */
  private referrerKeys(): (host: string) => string {
    let stored = -1
    const added = new Set<string>()
    return (host) => {
      if (added.has(host) || this.sql.exec("SELECT 1 FROM counts WHERE dim = 'referrer' AND key = ?", host).toArray().length) return host
      if (stored < 0) stored = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM counts WHERE dim = 'referrer'").one().n
      if (stored + added.size >= MAX_REFERRERS) return 'other'
      added.add(host)
      return host
    }
  }

  /** The exact counts of this shard, now. */
  async counts(): Promise<Counts> {
    const out = emptyCounts()
    for (const row of this.sql.exec<{ dim: string; key: string; n: number }>('SELECT dim, key, n FROM counts')) {
      if (row.dim === 'total') out[row.key as 'clicks' | 'previews'] = row.n
      else out[DIMENSIONS[row.dim as keyof typeof DIMENSIONS]][row.key] = row.n
    }
    return out
  }

  /** Copies the counts to KV. A failure throws, and the runtime retries the alarm with backoff. */
  override async alarm(): Promise<void> {
    const link = this.getMeta('link')
    if (!link) return
    const version = this.getMeta('version')
    if (version !== this.getMeta('flushed')) {
      await writeCounts(this.env.LINKS, link, Number(this.getMeta('shard') ?? 0), await this.counts())
      this.setMeta('flushed', version ?? '0')
    }
    this.sql.exec('DELETE FROM batches WHERE at < ?', Date.now() - REMEMBER_BATCHES_MS)
    // Hits that arrived during the write above go out with the next flush.
    if (this.getMeta('version') !== this.getMeta('flushed')) {
      await this.ctx.storage.setAlarm(Date.now() + this.flushMs())
    }
  }

  private flushMs(): number {
    return configOf(this.env).flushSeconds * 1000
  }

  private getMeta(k: string): string | undefined {
    return this.sql.exec<{ v: string }>('SELECT v FROM meta WHERE k = ?', k).toArray()[0]?.v
  }

  private setMeta(k: string, v: string): void {
    this.sql.exec('INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', k, v)
  }
}
