/**
 * @module Sending hits to a link's counter after the response, without losing one.
 *
 * A link's hits in an isolate gather for BATCH_MS (HOT_BATCH_MS while the link is busy there) in a
 * batch, which the request that opened it sends from its `waitUntil` (workerd settles a request's
 * promises only within that request, so each batch belongs to one). A batch carries its lane's sender id and a sequence number, which is
 * all the counter needs to apply it once, in whatever order batches arrive. If the counter can't
 * be reached, the batch waits in KV for the minutely merge and the lane takes a new sender id.
 */
import { configOf } from '../config'
import type { Env } from '../env'
import { Bounded } from '../util/bounded'
import { sealed } from './hits'
import { savePending } from './kv'
import { type Batch, type CountedLink, countedOf, type Hit } from './types'

/** How long the first hit of a batch waits for company: a burst costs one call per link per BATCH_MS. */
const BATCH_MS = 20
/**
 * A link this isolate sent a batch for within the last HOT_WINDOW_MS waits HOT_BATCH_MS instead:
 * a viral link served by 100 isolates then costs its one counter at most 500 calls a second, not
 * 5,000 (a single Durable Object does about a thousand simple requests a second, Cloudflare's
 * FAQ says). A lone click still travels after BATCH_MS.
 */
const HOT_BATCH_MS = 200
const HOT_WINDOW_MS = 1_000
const BATCH_MAX = 500
/** One quick retry covers a blip; then the batch goes to KV. */
const RETRY_MS = 50

interface Lane {
  sender: string
  seq: number
  /** When its last batch opened (ms). */
  opened: number
  open: { batch: Batch; hits: Hit[] } | null
}

/** Lanes kept to reuse their sender ids; beyond 10,000 the oldest go. */
const lanes = new Bounded<string, Lane>(10_000)

const newSender = () => crypto.randomUUID().replace(/-/g, '').slice(0, 16)

/**
 * Counts `hit` for `link`. Returns at once; the request that opens a batch keeps the isolate
 * alive (`waitUntil`) until the counter, or KV, has it.
 */
export function recordHit(env: Env, ctx: { waitUntil(p: Promise<unknown>): void }, link: CountedLink, hit: Hit): void {
  let lane = lanes.get(link.id)
  if (!lane) {
    lane = { sender: newSender(), seq: 0, opened: -Infinity, open: null }
    lanes.set(link.id, lane)
  }
  if (lane.open && lane.open.hits.length < BATCH_MAX) {
    lane.open.hits.push(hit)
    return
  }
  // The counter is told what it counts by (not the whole record: it travels with every batch).
  const open: { batch: Batch; hits: Hit[] } = {
    batch: { sender: lane.sender, seq: ++lane.seq, link: countedOf(link), hits: [] },
    hits: [hit],
  }
  lane.open = open
  const now = Date.now()
  const wait = now - lane.opened < HOT_WINDOW_MS ? HOT_BATCH_MS : BATCH_MS
  lane.opened = now
  const sending = scheduler.wait(wait).then(async () => {
    if (lane.open === open) lane.open = null
    open.batch.hits = open.hits
    if (!(await deliver(env, open.batch)) && lane.sender === open.batch.sender) {
      // Its fate is unknown (applied, or not): a new sender id keeps the replay of this one exact.
      lane.sender = newSender()
      lane.seq = 0
    }
  })
  ctx.waitUntil(sending)
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
    // Stored: the readers as hashes, never the addresses.
    const { zone } = configOf(env)
    await savePending(env.LINKS, { ...batch, hits: batch.hits.map((hit) => sealed(hit, zone)) })
  } catch (err) {
    console.error(`lost ${batch.hits.length} hits of ${batch.link.code}: counter and KV both failed`, String(err))
  }
  return false
}

export function counterOf(env: Env, linkId: string) {
  return env.CLICK_COUNTER.get(env.CLICK_COUNTER.idFromName(linkId))
}
