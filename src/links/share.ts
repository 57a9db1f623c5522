/** @module Public sharing: the one link per (article, channel), made on the first press. */
import type { Config } from '../config'
import type { Env } from '../env'
import { ApiError } from '../errors'
import { Bounded, perObject } from '../util/bounded'
import { readArticle } from './article'
import type { Channel } from './channels'
import { claimsOf } from './claims'
import { randomCode } from './codes'
import { findLink } from './lookup'
import { newRecord } from './record'
import { goneReason, type LinkRecord } from './schema'
import { articleHash, keepLink } from './store'

/** How long an isolate trusts its memory of which code holds (article, channel). */
const REMEMBER_MS = 5_000
/** Per binding, like the link records it leads to (links/store.ts). */
const rememberedOf = perObject<KVNamespace, Bounded<string, string>>(() => new Bounded(5_000, REMEMBER_MS))

/**
 * The live share link of (article, channel), made now if there is none. `address` is the
 * checked, canonical form of what the caller sent; `beforeCreate` may refuse (the rate limit).
 */
export async function shareLink(
  env: Env,
  config: Config,
  address: URL,
  channel: Channel,
  beforeCreate: () => Promise<void>,
): Promise<{ link: LinkRecord; created: boolean }> {
  const existing = await liveShare(env, address.href, channel)
  if (existing) return { link: existing, created: false }
  await beforeCreate()
  const { url, meta } = await readArticle(config, address)
  const hash = await articleHash(url)
  if (url !== address.href) {
    // Shared from another address of the article: remember it, so the next press needs no read.
    await claimsOf(env, await articleHash(address.href)).setAlias(url)
  }
  const result = await claimsOf(env, hash).claim(channel, newRecord(randomCode(), url, hash, channel, meta))
  if (!result) throw new ApiError('unavailable', 'could not find a free code; try again', { 'Retry-After': '1' })
  keepLink(env.LINKS, result.link)
  remember(env, address.href, channel, result.link.code)
  return result
}

/** The live link holding (article at `url`, channel), following one alias; null if none. */
export async function liveShare(env: Env, url: string, channel: Channel): Promise<LinkRecord | null> {
  let code = rememberedOf(env.LINKS).get(`${channel} ${url}`) ?? null
  if (!code) {
    let found = await claimsOf(env, await articleHash(url)).find(channel)
    if (found && 'alias' in found) found = await claimsOf(env, await articleHash(found.alias)).find(channel)
    if (!found || 'alias' in found) return null
    code = found.code
  }
  const rec = await findLink(env, code)
  if (!rec || goneReason(rec)) return null
  remember(env, url, channel, code)
  return rec
}

function remember(env: Env, url: string, channel: Channel, code: string): void {
  rememberedOf(env.LINKS).set(`${channel} ${url}`, code)
}
