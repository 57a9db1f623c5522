/** @module Sending hits to the counter after the response: batched per isolate, never lost on failure. */
import type { Env } from '../env'
import type { LinkRecord } from '../links/schema'
import { savePending } from './kv'
import { type Hit, type HitBatch, SHARDS } from './types'

/** How long an isolate gathers a link's hits before sending them as one batch. */
const BATCH_MS = 20
const BATCH_MAX = 500
/**
 * This isolate's counter shard. Each isolate sends a link at most 1000/BATCH_MS batches a
 * second, so a link's load on one counter object grows with the isolates serving it, not its
 * clicks; picking the shard per isolate spreads a viral link (served by many isolates) over all
 * shards, while a quiet link served by one or two isolates touches one or two.
 */
const ISOLATE_SHARD = Math.floor(Math.random() * SHARDS)

interface Open {
  batch: HitBatch
  sent: Promise<void>
}

const open = new Map<string, Open>()

/** What counting needs of a link: its generation's id names its counter. */
export type CountedLink = Pick<LinkRecord, 'id' | 'code' | 'article' | 'channel'>

/**
 * Adds a hit to the link's open batch, or opens one. The request that opens a batch sends it
 * (its `waitUntil` keeps the isolate alive until the counter or KV has it); requests that join
 * only add to it, so a burst costs one counter call per link per BATCH_MS, not one per click.
 */
export function recordHit(env: Env, ctx: { waitUntil(p: Promise<unknown>): void }, link: CountedLink, hit: Hit): void {
  const current = open.get(link.id)
  if (current && current.batch.hits.length < BATCH_MAX) {
    current.batch.hits.push(hit)
    return
  }
  const batch: HitBatch = {
    id: crypto.randomUUID(),
    link: link.id,
    code: link.code,
    shard: ISOLATE_SHARD,
    channel: link.channel,
    hits: [hit],
  }
  const entry: Open = {
    batch,
    sent: scheduler.wait(BATCH_MS).then(() => {
      if (open.get(link.id) === entry) open.delete(link.id)
      return deliver(env, batch)
    }),
  }
  open.set(link.id, entry)
  ctx.waitUntil(entry.sent)
}

/**
 * Hands a batch to its counter shard; if that fails (it throws, or is unreachable), keeps the
 * batch in KV for the minutely merge. The batch id makes a delivery that did land, but whose
 * answer was lost, harmless to replay.
 */
export async function deliver(env: Env, batch: HitBatch): Promise<void> {
  try {
    await counterOf(env, batch.link, batch.shard).record(batch)
    return
  } catch (err) {
    console.warn(`counter unavailable for ${batch.code}/${batch.shard}, keeping ${batch.hits.length} hits in KV:`, String(err))
  }
  try {
    await savePending(env.LINKS, batch)
  } catch (err) {
    console.error(`lost ${batch.hits.length} hits of ${batch.code}: counter and KV both failed`, String(err))
  }
}

export function counterOf(env: Env, link: string, shard: number) {
  return env.CLICK_COUNTER.get(env.CLICK_COUNTER.idFromName(`${link}/${shard}`))
}

/** The hit a request stands for, from what Cloudflare and the browser tell about it. */
export function hitOf(kind: Hit['kind'], request: Request, now = new Date()): Hit {
  const cf = request.cf as { country?: string } | undefined
  return {
    kind,
    day: now.toISOString().slice(0, 10),
    country: typeof cf?.country === 'string' && /^[A-Z0-9]{2}$/.test(cf.country) ? cf.country : 'XX',
    referrer: referrerHost(request.headers.get('Referer')),
  }
}

function referrerHost(referer: string | null): string {
  if (!referer) return 'direct'
  try {
    return new URL(referer).hostname.slice(0, 253) || 'direct'
  } catch {
    return 'unknown'
  }
}
