/**
 * @module Batches a counter could not take, kept in KV until the minutely merge replays them:
 *   pending:<sender>:<seq>   Batch JSON (its readers prehashed, never raw)
 */
import type { Batch } from './types'

export const pendingKey = (batch: Batch) => `pending:${batch.sender}:${batch.seq}`
export const PENDING_PREFIX = 'pending:'

export async function savePending(kv: KVNamespace, batch: Batch): Promise<void> {
  await kv.put(pendingKey(batch), JSON.stringify(batch))
}
