/**
 * @module Counts as last flushed to KV, one key per counter shard:
 *   count:<link id>:<shard>   Counts JSON
 * and batches the counter could not take, kept until merged:
 *   pending:<batch id>     HitBatch JSON
 */
import { type Counts, type HitBatch, mergeCounts, SHARDS } from './types'

export const countKey = (code: string, shard: number) => `count:${code}:${shard}`
export const pendingKey = (batchId: string) => `pending:${batchId}`
export const PENDING_PREFIX = 'pending:'

export async function writeCounts(kv: KVNamespace, code: string, shard: number, counts: Counts): Promise<void> {
  await kv.put(countKey(code, shard), JSON.stringify(counts))
}

/** Flushed counts of several links at once, summed over shards, in the order of `codes`. */
export async function readCounts(kv: KVNamespace, codes: string[]): Promise<Counts[]> {
  const keys = codes.flatMap((code) => Array.from({ length: SHARDS }, (_, s) => countKey(code, s)))
  const values = new Map<string, Counts | null>()
  // KV reads up to 100 keys in one call.
  for (let i = 0; i < keys.length; i += 100) {
    const got = await kv.get<Counts>(keys.slice(i, i + 100), 'json')
    for (const [k, v] of got) values.set(k, v)
  }
  return codes.map((code) => mergeCounts(Array.from({ length: SHARDS }, (_, s) => values.get(countKey(code, s)))))
}

export async function savePending(kv: KVNamespace, batch: HitBatch): Promise<void> {
  await kv.put(pendingKey(batch.id), JSON.stringify(batch))
}
