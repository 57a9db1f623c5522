/** @module Reading counts: as flushed to KV (cheap, at most FLUSH_SECONDS old) or exact from the counters. */
import type { Env } from '../env'
import { readCounts } from './kv'
import { counterOf } from './record'
import { type Counts, mergeCounts, SHARDS } from './types'

export async function linkCounts(env: Env, code: string, fresh = false): Promise<Counts> {
  if (!fresh) return (await readCounts(env.LINKS, [code]))[0]!
  const shards = await Promise.all(Array.from({ length: SHARDS }, (_, s) => counterOf(env, code, s).counts()))
  return mergeCounts(shards)
}
