/** @module Reading counts: as flushed to KV (cheap, at most FLUSH_SECONDS old) or exact from the counters. */
import type { Env } from '../env'
import type { LinkRecord } from '../links/schema'
import { readCounts } from './kv'
import { counterOf } from './record'
import { type Counts, mergeCounts, SHARDS } from './types'

export async function linkCounts(env: Env, rec: LinkRecord, fresh = false): Promise<Counts> {
  if (!fresh) return (await readCounts(env.LINKS, [rec.id]))[0]!
  const shards = await Promise.all(Array.from({ length: SHARDS }, (_, s) => counterOf(env, rec.id, s).counts()))
  return mergeCounts(shards)
}
