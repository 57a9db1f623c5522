/** @module A link's counts: as last flushed to D1 (at most FLUSH_SECONDS old) or exact from its counter. */
import type { Env } from '../env'
import type { LinkRecord } from '../links/schema'
import { linkFigures } from './figures'
import { counterOf } from './send'
import { type Counts, countsFrom } from './types'

export async function linkCounts(env: Env, rec: LinkRecord, fresh = false): Promise<Counts> {
  if (fresh) return countsFrom(JSON.parse(await counterOf(env, rec.id).counts()))
  return linkFigures(env.ANALYTICS, rec.id)
}
