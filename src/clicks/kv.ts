/**
 * @module Batches a counter could not take, kept in KV until the minutely merge replays them:
 *   pending:<sender>:<seq>   Batch JSON (its readers prehashed, never raw)
 */
import type { Batch } from './types'

export const pendingKey = (batch: Batch) => `pending:${batch.sender}:${batch.seq}`
export const PENDING_PREFIX = 'pending:'

/**
 * A kept batch lasts a week at most: the minutely merge takes it within minutes once the counter
 * is back, and after a week its day has dropped the senders' seqs that keep a replay from counting
 * twice, and the readers' prehashes in it should be gone too (README, Privacy).
 */
export const PENDING_TTL_SECONDS = 7 * 86_400

export async function savePending(kv: KVNamespace, batch: Batch): Promise<void> {
  await kv.put(pendingKey(batch), JSON.stringify(batch), { expirationTtl: PENDING_TTL_SECONDS })
}
