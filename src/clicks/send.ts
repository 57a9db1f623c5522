/**
 * @module Sending hits to a link's counter after the response, without losing one.
 *
 * Each isolate keeps a lane per link: hits wait there for up to BATCH_MS, then travel as one
 * batch, and the next batch leaves only when the previous one is answered. Under load, batches
 * grow instead of multiplying: a link's calls to its counter grow with the isolates serving it,
 * not with its clicks. A batch carries its lane's sender id and a sequence number, which is all
 * the counter needs to apply it once. If the counter can't be reached, the batch waits in KV for
 * the minutely merge and the lane takes a new sender id, so that replay is exact too.
 */
import type { Env } from '../env'
import { type RawHit, sealed } from './hits'
import { savePending } from './kv'
import type { Batch, CountedLink } from './types'

/** How long the first hit of a batch waits for company. */
const BATCH_MS = 20
/** One quick retry covers a blip; then the batch goes to KV. */
const RETRY_MS = 50
/** Idle lanes kept to reuse their sender ids; beyond this the oldest idle ones go. */
const MAX_LANES = 10_000

interface Lane {
  link: CountedLink
  sender: string
  seq: number
  waiting: RawHit[]
  /** Settles when the hits now waiting are delivered or kept. */
  settled: Deferred
  busy: boolean
}

interface Deferred {
  promise: Promise<void>
  resolve(): void
}

function deferred(): Deferred {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

const lanes = new Map<string, Lane>()

const newSender = () => crypto.randomUUID().replace(/-/g, '').slice(0, 16)

/**
 * Counts `hit` for `link`. Returns at once; the request's `waitUntil` keeps the isolate alive
 * until the batch holding the hit is with the counter (or in KV).
 */
export function recordHit(env: Env, ctx: { waitUntil(p: Promise<unknown>): void }, link: CountedLink, hit: RawHit): void {
  let lane = lanes.get(link.id)
  if (!lane) {
    lane = { link, sender: newSender(), seq: 0, waiting: [], settled: deferred(), busy: false }
    if (lanes.size >= MAX_LANES) forgetIdleLanes()
    lanes.set(link.id, lane)
  }
  lane.waiting.push(hit)
  ctx.waitUntil(lane.settled.promise)
  if (!lane.busy) {
    lane.busy = true
    const busyLane = lane
    setTimeout(() => void drain(env, busyLane), BATCH_MS)
  }
}

/** Sends what waits in the lane, one batch at a time, until nothing waits. */
async function drain(env: Env, lane: Lane): Promise<void> {
  while (lane.waiting.length) {
    const hits = lane.waiting.splice(0)
    const settled = lane.settled
    lane.settled = deferred()
    const batch: Batch = { sender: lane.sender, seq: ++lane.seq, link: lane.link, hits: await Promise.all(hits.map(sealed)) }
    if (!(await deliver(env, batch))) {
      // Its fate is unknown (applied, or not): a new sender id keeps the replay of this one exact.
      lane.sender = newSender()
      lane.seq = 0
    }
    settled.resolve()
  }
  lane.busy = false
}

/**
 * Hands a batch to its counter, retrying once; if it still fails, keeps it in KV for the
 * minutely merge. True when the counter took it.
 */
export async function deliver(env: Env, batch: Batch): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await counterOf(env, batch.link.id).record(batch)
      return true
    } catch (err) {
      if (attempt === 0) await scheduler.wait(RETRY_MS)
      else console.warn(`counter of ${batch.link.code} unavailable, keeping ${batch.hits.length} hits in KV:`, String(err))
    }
  }
  try {
    await savePending(env.LINKS, batch)
  } catch (err) {
    console.error(`lost ${batch.hits.length} hits of ${batch.link.code}: counter and KV both failed`, String(err))
  }
  return false
}

export function counterOf(env: Env, linkId: string) {
  return env.CLICK_COUNTER.get(env.CLICK_COUNTER.idFromName(linkId))
}

function forgetIdleLanes(): void {
  for (const [id, lane] of lanes) {
    if (!lane.busy && lane.waiting.length === 0) lanes.delete(id)
    if (lanes.size < MAX_LANES / 2) return
  }
}
