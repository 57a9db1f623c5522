/**
 * @module ClickCounter: one Durable Object per link (generation), where all of a link's clicks
 * meet. It applies each batch once, folds a reader's repeated clicks, keeps the figures per day
 * and hour of REPORT_TIMEZONE in SQLite (day-rows.ts), and on an alarm copies them to D1 (flush.ts).
 *
 * What a batch costs in rows written: the rows of its hits' days (one, nearly always), and for a
 * day with more readers than its row keeps, one chunk row of them (readers.ts). Batches that
 * arrive within GROUP_MS of each other are applied in one transaction (call-group.ts), which
 * writes each of those rows once.
 */
import { DurableObject } from 'cloudflare:workers'
import { configOf } from '../config'
import type { Env } from '../env'
import { CallGroup } from './call-group'
import { DayRows } from './day-rows'
import { countHit, type Day, newDay, type Rules, type Spilled, totalsOf, type Who } from './days'
import { Flusher } from './flush'
import { ReaderStore } from './readers'
import { Salts } from './salts'
import { mark } from './seqs'
import type { Batch, Hit } from './types'

/** Calls that arrive within this many ms are applied in one transaction before any is answered. */
const GROUP_MS = 2

export class ClickCounter extends DurableObject<Env> {
  private readonly rows: DayRows
  private readonly salts: Salts
  /** Readers, and clients (addresses), of a day beyond those its row holds. */
  private readonly readers: ReaderStore
  private readonly clients: ReaderStore
  private readonly flusher: Flusher
  private readonly calls = new CallGroup<Batch>(GROUP_MS, (batches) => this.applyAll(batches))

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    const sql = ctx.storage.sql
    const exec = <T extends Record<string, SqlStorageValue>>(query: string, ...params: unknown[]) => sql.exec<T>(query, ...params).toArray()
    this.rows = new DayRows(sql, () => configOf(env).zone)
    this.salts = new Salts((date) => this.rows.load(date)?.day.salt)
    this.readers = new ReaderStore(exec)
    this.clients = new ReaderStore(exec, undefined, 'client')
    this.flusher = new Flusher(ctx.storage, env, this.rows)
    ctx.blockConcurrencyWhile(async () => this.flusher.open(this.rows.open()))
  }

  /** Applies a batch exactly once (a replay of one already applied is acknowledged and ignored). */
  async record(batch: Batch): Promise<void> {
    return this.calls.add(batch)
  }

  /** The exact figures now, all time, as JSON (its maps have no prototype, which RPC can't clone). */
  async counts(): Promise<string> {
    const rows = this.rows.all()
    return JSON.stringify(totalsOf(rows, rows.find((r) => r.day.link)?.day.link?.channel ?? null))
  }

  override async alarm(): Promise<void> {
    await this.flusher.flush()
  }

  private async applyAll(batches: Batch[]): Promise<void> {
    const who = await this.salts.who(batches, configOf(this.env).zone)
    let applied: Batch | undefined
    try {
      this.ctx.storage.transactionSync(() => {
        applied = this.apply(batches, who)
      })
    } catch (err) {
      // Memory may be ahead of what SQLite rolled back.
      this.readers.settle(false)
      this.clients.settle(false)
      this.rows.forget()
      throw err
    }
    this.readers.settle(true)
    this.clients.settle(true)
    const yesterday = configOf(this.env).zone.dateOf(Date.now() - 86_400_000)
    this.readers.forgetBefore(yesterday)
    this.clients.forgetBefore(yesterday)
    if (applied) await this.flusher.changed(applied.link)
  }

  /** Inside one transaction: every batch not applied before, each touched day's row written once. Answers the last applied. */
  private apply(batches: Batch[], who: Map<Hit, Who>): Batch | undefined {
    const touched = new Map<string, { day: Day; version: number }>()
    const config = configOf(this.env)
    const { zone } = config
    const rules: Rules = { dedupMs: config.dedupSeconds * 1000, perClient: config.dedupPerAddress }
    const none: Who = {}
    let last: Batch | undefined
    for (const batch of batches) {
      if (!batch.hits.length || this.rows.applied(batch)) continue
      last = batch
      const days = new Set<string>()
      for (const hit of batch.hits) {
        const date = zone.dateOf(hit.t)
        let entry = touched.get(date)
        if (!entry) {
          // The version its row is saved with: the hours it changes carry it, for the flush.
          entry = { day: this.dayOf(date), version: this.rows.next() + touched.size }
          touched.set(date, entry)
        }
        days.add(date)
        const { day } = entry
        countHit(day, zone.hourOf(hit.t), entry.version, hit, who.get(hit) ?? none, rules, this.spilled(date, day))
      }
      for (const date of days) {
        const { day } = touched.get(date)!
        day.seqs[batch.sender] = mark(day.seqs[batch.sender], batch.seq)
        // Each day row names its link: a restarted object flushes without a row of its own for that.
        day.link = batch.link
      }
    }
    for (const [date, { day, version }] of touched) {
      this.rows.save(date, day, version)
      this.salts.kept(date)
    }
    this.readers.writeStaged()
    this.clients.writeStaged()
    return last
  }

  /** Where `day`'s readers and clients beyond its row go (marking the day as spilled). */
  private spilled(date: string, day: Day): Spilled {
    return {
      readers: () =>
        this.readers.of(
          date,
          () => Boolean(day.spill),
          () => {
            day.spill = true
          },
        ),
      clients: () =>
        this.clients.of(
          date,
          () => Boolean(day.clientSpill),
          () => {
            day.clientSpill = true
          },
        ),
    }
  }

  /** The day's row, or a new day with its salt. */
  private dayOf(date: string): Day {
    return this.rows.load(date)?.day ?? newDay(this.salts.saltOf(date))
  }
}
