/** @module Merging batches that were kept in KV while a counter could not be reached. */
import type { Env } from '../env'
import { PENDING_PREFIX } from './kv'
import { counterOf } from './send'
import type { Batch } from './types'

/**
 * Calls to KV and the counters that one run may make: an invocation makes at most 1,000 calls to
 * Cloudflare's services. A batch costs two (its counter, its delete), a page of 100 two (the list
 * and one bulk read); a backlog beyond one run's share is merged by the next minute's.
 */
export const CALLS_PER_RUN = 900

/**
 * Replays stranded batches into their counters and deletes each once its counter has it.
 * Replaying one twice is harmless: the counter knows its sender's last seq. Returns how many
 * were merged; a batch the counter still refuses stays for next time.
 */
export async function mergePending(env: Env, budget = CALLS_PER_RUN): Promise<number> {
  let calls = 0
  let merged = 0
  let cursor: string | undefined
  do {
    const room = Math.min(100, Math.floor((budget - calls - 2) / 2))
    if (room <= 0) break
    const page = await env.LINKS.list({ prefix: PENDING_PREFIX, cursor, limit: room })
    const names = page.keys.map((k) => k.name)
    calls++
    if (!names.length) break
    const batches = await env.LINKS.get<Batch>(names, 'json')
    calls++
    for (const name of names) {
      const batch = batches.get(name)
      try {
        calls++
        if (batch) await counterOf(env, batch.link.id).record(batch)
        calls++
        await env.LINKS.delete(name)
        merged++
      } catch (err) {
        console.warn(`pending batch ${name} not merged yet:`, String(err))
      }
    }
    cursor = page.list_complete ? undefined : page.cursor
  } while (cursor)
  return merged
}
