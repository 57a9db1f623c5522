/**
 * The counter's own mechanisms, through its RPC methods: each batch applied once, batches that
 * arrive together applied in one transaction, readers folded within their window, and a row meter
 * that reports what SQLite counts.
 */
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import type { Meter, MeteredClickCounter } from '../bench/workers/metered-counter'
import {
  countHit as countIn,
  type Day,
  INLINE_READERS,
  MAX_REFERRERS,
  newDay,
  parseDay,
  REFERRER_WINDOW_MS,
  type Rules,
  type Spilled,
  type Who,
} from '../src/clicks/days'
import { base64url, sealed } from '../src/clicks/hits'
import { ReaderStore } from '../src/clicks/readers'
import { counterOf } from '../src/clicks/send'
import { applied, mark } from '../src/clicks/seqs'
import { sipHash24, sipKey } from '../src/clicks/siphash'
import { type Batch, type CountedLink, type Counts, countsFrom, type Hit } from '../src/clicks/types'
import { configOf } from '../src/config'
import { KV_WRITE_SPACING_MS } from '../src/links/store'
import { HOUR_MS, Zone } from '../src/time'
import { advanceClock } from './helpers'
import { realStub } from './limits/harness'

let links = 0
function newLink(): CountedLink {
  return { id: `counter-test-${++links}`, code: `ct${links}`, article: 'a'.repeat(32), channel: 'x' }
}

const click = (over: Partial<Hit> = {}): Hit => ({ t: Date.now(), kind: 'click', country: 'US', referrer: 'direct', ...over })

async function counts(link: CountedLink): Promise<Counts> {
  return countsFrom(JSON.parse(await counterOf(env, link.id).counts()))
}

function batch(link: CountedLink, sender: string, seq: number, hits: Hit[]): Batch {
  return { sender, seq, link, hits }
}

/** The counter's meter: the tests run it as the bench does (test/limits/entry.ts). */
async function meter(link: CountedLink): Promise<Meter> {
  return (counterOf(env, link.id) as unknown as DurableObjectStub<MeteredClickCounter>).reading()
}

describe('each batch once', () => {
  it('a batch delivered twice (its answer was lost) counts once; the sender’s next batch counts', async () => {
    const link = newLink()
    const counter = counterOf(env, link.id)
    const first = batch(link, 'isolate-a', 1, [click({ reader: 'r1' }), click({ reader: 'r2' })])
    await counter.record(first)
    await counter.record(first)
    expect(await counts(link)).toMatchObject({ clicks: 2, repeats: 0 })
    await counter.record(batch(link, 'isolate-a', 2, [click({ reader: 'r3' })]))
    // An older seq of the same sender is a replay too.
    await counter.record(batch(link, 'isolate-a', 1, [click({ reader: 'r9' })]))
    // Another sender's seq 1 is its own.
    await counter.record(batch(link, 'isolate-b', 1, [click({ reader: 'r4' })]))
    expect(await counts(link)).toMatchObject({ clicks: 4 })
  })

  it('applies a sender’s batches in whatever order they arrive, and each once', async () => {
    const link = newLink()
    const counter = counterOf(env, link.id)
    // Batch 2 overtakes batch 1 (both were in flight); batch 3 failed and comes back from KV later.
    await counter.record(batch(link, 'isolate-o', 2, [click({ reader: 'r2' })]))
    await counter.record(batch(link, 'isolate-o', 1, [click({ reader: 'r1' })]))
    await counter.record(batch(link, 'isolate-o', 4, [click({ reader: 'r4' })]))
    await counter.record(batch(link, 'isolate-o', 1, [click({ reader: 'r1' })]))
    expect(await counts(link)).toMatchObject({ clicks: 3, repeats: 0 })
    await counter.record(batch(link, 'isolate-o', 3, [click({ reader: 'r3' })]))
    await counter.record(batch(link, 'isolate-o', 3, [click({ reader: 'r3' })]))
    expect(await counts(link)).toMatchObject({ clicks: 4, repeats: 0 })
  })

  it('keeps, per sender, the range of batches applied and its holes', () => {
    let range = mark(undefined, 5)
    expect(range).toEqual([5, 5])
    range = mark(range, 8)
    expect(range).toEqual([5, 8, 6, 7])
    expect([4, 5, 6, 7, 8, 9].map((s) => applied(range, s))).toEqual([false, true, false, false, true, false])
    range = mark(mark(range, 7), 3)
    expect(range).toEqual([3, 8, 6, 4])
    expect([3, 4, 5, 6, 7, 8].map((s) => applied(range, s))).toEqual([true, false, true, false, true, true])
  })

  it('knows a reader whether their click arrives as it was made or hashed, from KV', async () => {
    const link = newLink()
    const counter = counterOf(env, link.id)
    const t = Date.now()
    await counter.record(batch(link, 'live', 1, [click({ t, who: '192.0.2.7\nMozilla/5.0' })]))
    await counter.record(batch(link, 'from-kv', 1, [sealed(click({ t: t + 1, who: '192.0.2.7\nMozilla/5.0' }), new Zone('UTC'))]))
    await counter.record(batch(link, 'live', 2, [click({ t: t + 2, who: '192.0.2.8\nMozilla/5.0' })]))
    expect(await counts(link)).toMatchObject({ clicks: 2, repeats: 1 })
  })

  it('recognises a replay of yesterday’s batch after the sender went on today', async () => {
    const link = newLink()
    const counter = counterOf(env, link.id)
    const yesterday = Date.now() - 86_400_000
    const old = batch(link, 'isolate-c', 1, [click({ t: yesterday, reader: 'r1' })])
    await counter.record(old)
    await counter.record(batch(link, 'isolate-c', 2, [click({ reader: 'r1' })]))
    // The batch of yesterday comes back from KV: applied already, and its seq says so.
    await counter.record(old)
    const c = await counts(link)
    // Not even folded as a repeat: it was not applied again at all.
    expect([c.clicks, c.repeats]).toEqual([2, 0])
    expect(Object.values(c.byDay)).toEqual([1, 1])
  })
})

describe('what a batch writes', () => {
  it('a one-click batch writes one row; the meter reports what SQLite counted', async () => {
    const link = newLink()
    const counter = counterOf(env, link.id)
    await counter.record(batch(link, 's', 1, [click({ reader: 'first' })]))
    const before = await meter(link)
    for (let seq = 2; seq <= 11; seq++) await counter.record(batch(link, 's', seq, [click({ reader: `reader-${seq}` })]))
    const after = await meter(link)
    // Ten batches, ten readers kept in the day's row: ten rows written, one per batch.
    expect(after.rowsWritten - before.rowsWritten).toBe(10)
    expect(after.batches - before.batches).toBe(10)
    // The meter is the object's own sum of its cursors' counts, read inside the object too.
    await runInDurableObject(counter as unknown as DurableObjectStub<MeteredClickCounter>, async (instance, state) => {
      expect((await instance.reading()).rowsWritten).toBe(after.rowsWritten)
      // An independent statement of the same shape reports the same cost: one row.
      const probe = state.storage.sql.exec('UPDATE days SET data = data WHERE day = (SELECT MAX(day) FROM days)')
      probe.toArray()
      expect(probe.rowsWritten).toBe(1)
    })
  })

  it('batches that arrive together are applied in one transaction: the day’s row is written once', async () => {
    const link = newLink()
    const counter = counterOf(env, link.id)
    await counter.record(batch(link, 'warm', 1, [click()]))
    const before = await meter(link)
    await Promise.all(Array.from({ length: 100 }, (_, i) => counter.record(batch(link, `sender-${i}`, 1, [click()]))))
    const after = await meter(link)
    expect((await counts(link)).clicks).toBe(101)
    // 100 calls; a handful of transactions at most, each writing the day's row once.
    expect(after.requests - before.requests).toBe(100)
    expect(after.rowsWritten - before.rowsWritten).toBeLessThanOrEqual(5)
  })

  it('readers beyond those kept in the row: one chunk row per transaction, recognised after a restart too', async () => {
    const link = newLink()
    const counter = counterOf(env, link.id)
    const readers = Array.from({ length: INLINE_READERS + 36 }, (_, i) => `reader-${i}`)
    const before = await meter(link)
    await counter.record(
      batch(
        link,
        's',
        1,
        readers.map((reader) => click({ reader })),
      ),
    )
    const after = await meter(link)
    // The day's row, and one chunk for the 36 beyond it (plus the chunk table, made once a day).
    expect(after.rowsWritten - before.rowsWritten).toBeLessThanOrEqual(2 + 3)
    await runInDurableObject(counter, (_, state) => {
      const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE name LIKE 'reader_chunks_%'").toArray()
      expect(tables).toHaveLength(1)
      const rows = state.storage.sql.exec<{ data: string }>(`SELECT data FROM ${tables[0]!.name}`).toArray()
      expect(rows).toHaveLength(1)
      expect(rows[0]!.data.split(',')).toHaveLength(36)
    })
    // Everyone again, within the window, after the object restarted: all repeats.
    await evictDurableObject(realStub(counter))
    await counter.record(
      batch(
        link,
        's',
        2,
        readers.map((reader) => click({ reader })),
      ),
    )
    expect(await counts(link)).toMatchObject({ clicks: readers.length, repeats: readers.length })
  })

  it('past the readers it keeps in memory, a day keeps the rest a row each, and still knows them', async () => {
    const link = newLink()
    const counter = counterOf(env, link.id)
    await runInDurableObject(counter, (_, state) => {
      const exec = <T extends Record<string, SqlStorageValue>>(q: string, ...p: unknown[]) => state.storage.sql.exec<T>(q, ...p).toArray()
      const today = new Date().toISOString().slice(0, 10)
      let spill = false
      const store = new ReaderStore(exec, 3)
      const day = () =>
        store.of(
          today,
          () => spill,
          () => {
            spill = true
          },
        )
      state.storage.transactionSync(() => {
        for (let h = 1; h <= 5; h++) day().set(String(h), 1000 + h)
        store.writeStaged()
      })
      store.settle(true)
      // Three in memory (one chunk), two a row each; all five known, to this store and a new one.
      expect(exec<{ n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE name LIKE 'reader_rows_%'")[0]!.n).toBe(1)
      for (const s of [store, new ReaderStore(exec, 3)]) {
        const view = s.of(
          today,
          () => spill,
          () => {},
        )
        expect([1, 2, 3, 4, 5, 6].map((h) => view.get(String(h)))).toEqual([1001, 1002, 1003, 1004, 1005, undefined])
      }
    })
  })

  it('a flush writes no SQLite row; a restarted counter still flushes what it had not', async () => {
    const link = newLink()
    const counter = counterOf(env, link.id)
    await counter.record(batch(link, 's', 1, [click({ reader: 'r1' })]))
    const before = await meter(link)
    expect(await runDurableObjectAlarm(counter)).toBe(true)
    expect((await meter(link)).rowsWritten).toBe(before.rowsWritten)
    await counter.record(batch(link, 's', 2, [click({ reader: 'r2' })]))
    // The object restarts before its alarm: what it knew of the flush was in memory only.
    await evictDurableObject(realStub(counter))
    // Its alarm comes a second or more later (KV would refuse a second write of the key sooner).
    advanceClock(KV_WRITE_SPACING_MS)
    expect(await runDurableObjectAlarm(counter)).toBe(true)
    const rolled = await env.ANALYTICS.prepare('SELECT SUM(clicks) AS n FROM link_days WHERE link = ?').bind(link.id).first<{ n: number }>()
    expect(rolled?.n).toBe(2)
  })

  it('a flush that failed in D1 leaves a mark, so a restart before the retry skips nothing', async () => {
    const link = newLink()
    const counter = counterOf(env, link.id)
    const old = Date.now() - 7 * 3600 * 1000
    // A click counted long before (its row older than a restart looks back for by itself).
    const clock = vi.spyOn(Date, 'now').mockReturnValue(old)
    await counter.record(batch(link, 's', 1, [click({ t: old, reader: 'r1' })]))
    clock.mockRestore()
    const d1 = vi.spyOn(Object.getPrototypeOf(env.ANALYTICS) as D1Database, 'batch').mockRejectedValue(new Error('D1_ERROR: unavailable'))
    expect(await runDurableObjectAlarm(counter)).toBe(true)
    d1.mockRestore()
    await runInDurableObject(counter, (_, state) => {
      expect(state.storage.sql.exec("SELECT COUNT(*) AS n FROM days WHERE day = 'pending'").one().n).toBe(1)
    })
    await evictDurableObject(realStub(counter))
    advanceClock(KV_WRITE_SPACING_MS)
    expect(await runDurableObjectAlarm(counter)).toBe(true)
    const rolled = await env.ANALYTICS.prepare('SELECT SUM(clicks) AS n FROM link_days WHERE link = ?').bind(link.id).first<{ n: number }>()
    expect(rolled?.n).toBe(1)
    // Flushed: the mark is gone.
    await runInDurableObject(counter, (_, state) => {
      expect(state.storage.sql.exec("SELECT COUNT(*) AS n FROM days WHERE day = 'pending'").one().n).toBe(0)
    })
  })

  it('the flush writes the link’s day and hour to D1 and nothing to KV; nothing at all when nothing changed', async () => {
    const link = newLink()
    const counter = counterOf(env, link.id)
    const t = Date.now()
    await counter.record(batch(link, 's', 1, [click({ t, reader: 'r1' }), click({ t, kind: 'preview', platform: 'slack' })]))
    expect(await runDurableObjectAlarm(counter)).toBe(true)
    const day = await env.ANALYTICS.prepare('SELECT clicks, previews, total_clicks, dims FROM link_days WHERE link = ?')
      .bind(link.id)
      .all<{ clicks: number; previews: number; total_clicks: number; dims: string }>()
    expect(day.results.map((r) => ({ ...r, dims: JSON.parse(r.dims).platform }))).toEqual([
      { clicks: 1, previews: 1, total_clicks: 1, dims: { slack: 1 } },
    ])
    const hour = await env.ANALYTICS.prepare('SELECT hour, clicks, previews FROM link_hours WHERE link = ?')
      .bind(link.id)
      .all<{ hour: number; clicks: number; previews: number }>()
    expect(hour.results).toEqual([{ hour: Math.floor(t / HOUR_MS) * HOUR_MS, clicks: 1, previews: 1 }])
    expect(await env.LINKS.list({ prefix: 'count:' })).toMatchObject({ keys: [] })
    const flushed = await meter(link)
    expect(flushed.kvWrites).toBe(0)
    // The alarm left is the week's trim (below): run now, it has nothing to write.
    await runDurableObjectAlarm(counter)
    expect((await meter(link)).d1RowsWritten).toBe(flushed.d1RowsWritten)
  })
})

/** Counts `hit` into `day` and into the UTC hour it falls in, as the counter does. */
function countHit(day: Day, hit: Hit, who: Who, rules: Rules, spilled: Spilled): void {
  countIn(day, Math.floor(hit.t / HOUR_MS) * HOUR_MS, 1, hit, who, rules, spilled)
}

describe('readers', () => {
  const rules = { dedupMs: 1800_000, perClient: 0 }
  const nowhere = () => ({ get: () => undefined, set: () => {} })
  const none = { readers: nowhere, clients: nowhere }

  it('a reader’s clicks within the window fold into the first; after it, they count again', () => {
    const day = newDay('salt')
    const t = Date.parse('2026-11-27T10:00:00Z')
    countHit(day, click({ t, reader: 'r' }), { reader: 'r' }, rules, none)
    countHit(day, click({ t: t + 60_000, reader: 'r' }), { reader: 'r' }, rules, none)
    countHit(day, click({ t: t + 1799_000, reader: 'r' }), { reader: 'r' }, rules, none)
    expect(day).toMatchObject({ clicks: 1, repeats: 2 })
    countHit(day, click({ t: t + 1800_000, reader: 'r' }), { reader: 'r' }, rules, none)
    expect(day).toMatchObject({ clicks: 2, repeats: 2 })
    // Clicks without a known client can't be told apart: each counts.
    countHit(day, click({ t }), {}, rules, none)
    countHit(day, click({ t }), {}, rules, none)
    expect(day.clicks).toBe(4)
  })

  it('with DEDUP_SECONDS 0 every click counts, but a reader brings one referrer per window', () => {
    const day = newDay('salt')
    const t = Date.parse('2026-11-27T10:00:00Z')
    for (let i = 0; i < 5; i++)
      countHit(day, click({ t: t + i, referrer: `spam${i}.example` }), { reader: 'r' }, { dedupMs: 0, perClient: 0 }, none)
    expect(day).toMatchObject({ clicks: 5, repeats: 0 })
    expect({ ...day.referrer }).toEqual({ 'spam0.example': 1, other: 4 })
    countHit(day, click({ t: t + REFERRER_WINDOW_MS, referrer: 'later.example' }), { reader: 'r' }, { dedupMs: 0, perClient: 0 }, none)
    expect(day.referrer['later.example']).toBe(1)
  })

  it('a client brings at most DEDUP_PER_ADDRESS new readers a window, then more in the next', () => {
    const day = newDay('salt')
    const t = Date.parse('2026-11-27T10:00:00Z')
    const capped = { dedupMs: 1800_000, perClient: 2 }
    for (let i = 0; i < 4; i++) countHit(day, click({ t: t + i }), { reader: `r${i}`, client: 'office' }, capped, none)
    expect(day).toMatchObject({ clicks: 2, repeats: 2 })
    // A counted reader's repeat is a repeat as ever; another client is not held back.
    countHit(day, click({ t: t + 10 }), { reader: 'r0', client: 'office' }, capped, none)
    countHit(day, click({ t: t + 10 }), { reader: 'home', client: 'home' }, capped, none)
    expect(day).toMatchObject({ clicks: 3, repeats: 3 })
    // Half an hour on, the office's window is a new one.
    countHit(day, click({ t: t + 1800_000 }), { reader: 'r9', client: 'office' }, capped, none)
    countHit(day, click({ t: t + 1800_001 }), { reader: 'r8', client: 'office' }, capped, none)
    countHit(day, click({ t: t + 1800_002 }), { reader: 'r7', client: 'office' }, capped, none)
    expect(day).toMatchObject({ clicks: 5, repeats: 4 })
    // The row as stored and read back holds the same windows.
    const again = parseDay(JSON.stringify(day))
    countHit(again, click({ t: t + 1800_003 }), { reader: 'r6', client: 'office' }, capped, none)
    expect(again).toMatchObject({ clicks: 5, repeats: 5 })
  })

  it('a crawler counts once per platform and client a window; with DEDUP_SECONDS 0, every fetch', () => {
    const day = newDay('salt')
    const t = Date.parse('2026-11-27T10:00:00Z')
    const preview = (dt: number, platform: string) => click({ t: t + dt, kind: 'preview', platform })
    for (let i = 0; i < 10; i++) countHit(day, preview(i, 'facebook'), { reader: 'facebook@crawler' }, rules, none)
    countHit(day, preview(20, 'x'), { reader: 'x@crawler' }, rules, none)
    countHit(day, preview(1800_000, 'facebook'), { reader: 'facebook@crawler' }, rules, none)
    expect(day).toMatchObject({ previews: 3, clicks: 0, repeats: 0 })
    expect({ ...day.platform }).toEqual({ facebook: 2, x: 1 })
    const all = newDay('salt')
    for (let i = 0; i < 10; i++) countHit(all, preview(i, 'facebook'), { reader: 'facebook@crawler' }, { dedupMs: 0, perClient: 5 }, none)
    expect(all.previews).toBe(10)
  })

  it('caps referrer hosts per day, but never pushes out a platform', () => {
    const day = newDay('salt')
    for (let i = 0; i < MAX_REFERRERS + 50; i++)
      countHit(day, click({ referrer: `r${i}.spam.example` }), { reader: `reader-${i}` }, rules, none)
    countHit(day, click({ referrer: 'facebook.com' }), { reader: 'reader-fb' }, rules, none)
    expect(Object.keys(day.referrer)).toHaveLength(MAX_REFERRERS + 2)
    expect(day.referrer.other).toBe(50)
    expect(day.referrer['facebook.com']).toBe(1)
  })

  it('a full row spills new readers until its readers’ windows pass, then makes room for them', () => {
    const day = newDay('salt')
    const spilled = new Map<string, number>()
    // As the counter's store does, a spill marks the day (its readers are then looked up there too).
    const store = {
      readers: () => ({
        get: (r: string) => spilled.get(r),
        set: (r: string, t: number) => {
          spilled.set(r, t)
          day.spill = true
        },
      }),
      clients: nowhere,
    }
    const t = Date.parse('2026-11-27T10:00:00Z')
    for (let i = 0; i < INLINE_READERS; i++) countHit(day, click({ t: t + i }), { reader: `early-${i}` }, rules, store)
    expect(Object.keys(day.readers!)).toHaveLength(INLINE_READERS)
    // Full, and nobody's window has passed: the next readers spill, and are still known.
    countHit(day, click({ t: t + 1000 }), { reader: 'spilled-1' }, rules, store)
    countHit(day, click({ t: t + 2000 }), { reader: 'spilled-1' }, rules, store)
    expect([...spilled.keys()]).toEqual(['spilled-1'])
    expect(day).toMatchObject({ clicks: INLINE_READERS + 1, repeats: 1 })
    // An inline reader's repeat stays inline.
    countHit(day, click({ t: t + 3000 }), { reader: 'early-0' }, rules, store)
    expect(day.repeats).toBe(2)
    // Half an hour after the first ones: the early readers whose window passed make room.
    countHit(day, click({ t: t + 1800_010 }), { reader: 'late-1' }, rules, store)
    expect(day.readers!['late-1']).toBe(t + 1800_010)
    // early-0 … early-10 clicked at t … t + 10 ms: their windows have passed, they are gone from the row.
    expect(day.readers!['early-0']).toBeUndefined()
    expect(day.readers!['early-11']).toBe(t + 11)
    expect(Object.keys(day.readers!).filter((r) => r.startsWith('early-'))).toHaveLength(INLINE_READERS - 11)
    expect(spilled.size).toBe(1)
    // The row as stored and read back knows the same readers.
    const again = parseDay(JSON.stringify(day))
    countHit(again, click({ t: t + 1800_020 }), { reader: 'late-1' }, rules, store)
    expect(again.repeats).toBe(3)
  })

  it('salts readers with SipHash-2-4 as its authors define it (their test vectors)', () => {
    // Key 00 01 … 0f, message 00 01 … (n-1): the reference implementation's vectors, as 64-bit numbers.
    const key = sipKey(Uint8Array.from({ length: 16 }, (_, i) => i))
    const vectors: [number, string][] = [
      [0, '726fdb47dd0e0e31'],
      [1, '74f839c593dc67fd'],
      [2, '0d6c8009d9a94f5a'],
      [7, 'ab0200f58b01d137'],
      [8, '93f5f5799a932462'],
      [15, 'a129ca6149be45e5'],
      [63, '958a324ceb064572'],
    ]
    for (const [n, expected] of vectors) {
      const [hi, lo] = sipHash24(
        key,
        Uint8Array.from({ length: n }, (_, i) => i),
      )
      expect([n, hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')]).toEqual([n, expected])
    }
    expect(() => sipKey(new Uint8Array(15))).toThrow(RangeError)
  })

  it('encodes reader hashes as base64url, as btoa would, for every length', () => {
    for (let len = 0; len <= 40; len++) {
      const bytes = crypto.getRandomValues(new Uint8Array(len))
      const expected = btoa(String.fromCharCode(...bytes))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '')
      expect(base64url(bytes)).toBe(expected)
    }
  })
})

describe('a link nobody clicks any more', () => {
  it('still drops its days’ salts and readers a week on: its counter wakes for it', async () => {
    const link = newLink()
    const counter = counterOf(env, link.id)
    await counter.record(batch(link, 's', 1, [click({ reader: 'r1' })]))
    expect(await runDurableObjectAlarm(counter)).toBe(true)
    const salted = () =>
      runInDurableObject(counter, (_, state) =>
        state.storage.sql
          .exec<{ data: string }>("SELECT data FROM days WHERE day != 'pending'")
          .toArray()
          .map((r) => JSON.parse(r.data).salt !== undefined),
      )
    expect(await salted()).toEqual([true])
    // Flushed and quiet: the next alarm is the day its click is a week old.
    const wake = await runInDurableObject(counter, (_, state) => state.storage.getAlarm())
    const today = new Date().toISOString().slice(0, 10)
    expect(wake).toBe(Date.parse(`${today}T00:00:00Z`) + 8 * 86_400_000)
    advanceClock(wake! - Date.now() + 1)
    expect(await runDurableObjectAlarm(counter)).toBe(true)
    expect(await salted()).toEqual([false])
    // Nothing is left to drop: no more alarms.
    expect(await runInDurableObject(counter, (_, state) => state.storage.getAlarm())).toBeNull()
  })

  it('counts its next click within FLUSH_SECONDS, not on the day of its trim', async () => {
    const link = newLink()
    const counter = counterOf(env, link.id)
    await counter.record(batch(link, 's', 1, [click({ reader: 'r1' })]))
    expect(await runDurableObjectAlarm(counter)).toBe(true)
    const alarm = () => runInDurableObject(counter, (_, state) => state.storage.getAlarm())
    expect((await alarm())! - Date.now()).toBeGreaterThan(86_400_000)
    // A click days later: its flush is due in a period, and the trim is armed again after it.
    await counter.record(batch(link, 's', 2, [click({ reader: 'r2' })]))
    expect((await alarm())! - Date.now()).toBeLessThanOrEqual(configOf(env).flushSeconds * 1000)
    expect(await runDurableObjectAlarm(counter)).toBe(true)
    expect((await alarm())! - Date.now()).toBeGreaterThan(86_400_000)
  })
})
