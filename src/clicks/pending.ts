/** @module Merging batches that were kept in KV while a counter could not be reached. */
import type { Env } from '../env'
import { PENDING_PREFIX } from './kv'
import { counterOf } from './send'
import type { Batch } from './types'

/**
 * Replays every stranded batch into its counter and deletes it once the counter has it.
 * Replaying one twice is harmless: the counter knows its sender's last seq.
 * Returns how many batches were merged; a batch the counter still refuses stays for next time.
 */
export async function mergePending(env: Env, max = 20_000): Promise<number> {
  let merged = 0
  let cursor: string | undefined
  do {
    const page = await env.LINKS.list({ prefix: PENDING_PREFIX, cursor, limit: 100 })
    for (const key of page.keys) {
      const batch = await env.LINKS.get<Batch>(key.name, 'json')
      try {
        if (batch) await counterOf(env, batch.link.id).record(batch)
        await env.LINKS.delete(key.name)
        merged++
      } catch (err) {
        console.warn(`pending batch ${key.name} not merged yet:`, String(err))
      }
      if (merged >= max) return merged
    }
    cursor = page.list_complete ? undefined : page.cursor
  } while (cursor)
  return merged
}
