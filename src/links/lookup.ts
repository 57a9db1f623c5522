/** @module Finding a link by its code: the isolate's copy, then KV's, then (KV not caught up yet) its owner. */
import type { Env } from '../env'
import { ownerOf } from './owner'
import type { LinkRecord } from './schema'
import { keepLink, knownMissing, peekLink, readLinkCopy, rememberMissing } from './store'

/**
 * The record of `code`, or null if there is none. KV shows a new link in other locations only
 * after up to 60 s, and a crawler fetches a freshly shared link within seconds: on a KV miss the
 * owner, which knows, is asked.
 */
export async function findLink(env: Env, code: string): Promise<LinkRecord | null> {
  const hot = peekLink(env.LINKS, code)
  if (hot) return hot
  if (knownMissing(env.LINKS, code)) return null
  const rec = (await readLinkCopy(env.LINKS, code)) ?? (await ownerOf(env, code).get())
  if (rec) keepLink(env.LINKS, rec)
  else rememberMissing(env.LINKS, code)
  return rec
}
