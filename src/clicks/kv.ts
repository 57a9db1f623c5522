/**
 * @module The counts' copies in KV, written by each link's counter on its flush:
 *   count:<link id>     the link's Counts (all time) as last flushed
 * and batches the counter could not take, kept until the minutely merge replays them:
 *   pending:<sender>:<seq>   Batch JSON
 */
import { type Batch, type Counts, countsFrom } from './types'

export const countKey = (linkId: string) => `count:${linkId}`
export const pendingKey = (batch: Batch) => `pending:${batch.sender}:${batch.seq}`
export const PENDING_PREFIX = 'pending:'

export async function writeCounts(kv: KVNamespace, linkId: string, counts: Counts): Promise<void> {
  await kv.put(countKey(linkId), JSON.stringify(counts))
}

/** Flushed counts of several links, in the order of `ids` (empty counts for a link never flushed). */
export async function readCounts(kv: KVNamespace, ids: string[]): Promise<Counts[]> {
  const values = new Map<string, unknown>()
  // KV reads up to 100 keys in one call.
  for (let i = 0; i < ids.length; i += 100) {
    const got = await kv.get(ids.slice(i, i + 100).map(countKey), 'json')
    for (const [k, v] of got) values.set(k, v)
  }
  return ids.map((id) => countsFrom(values.get(countKey(id)) as Partial<Counts> | null))
}

export async function savePending(kv: KVNamespace, batch: Batch): Promise<void> {
  await kv.put(pendingKey(batch), JSON.stringify(batch))
}
