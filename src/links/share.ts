/** @module Public sharing: the one link per (article, channel), made on the first press. */
import type { Config } from '../config'
import type { Env } from '../env'
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
const rememberedBy = new WeakMap<object, Map<string, { code: string; until: number }>>()

function rememberedOf(env: Env): Map<string, { code: string; until: number }> {
  let remembered = rememberedBy.get(env.LINKS)
  if (!remembered) {
    remembered = new Map()
    rememberedBy.set(env.LINKS, remembered)
  }
  return remembered
}

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
  const result = await claimsOf(env, hash).claim(channel, newRecord(randomCode(), url, hash, channel, meta), hash)
  keepLink(env.LINKS, result.link)
  remember(env, address.href, channel, result.link.code)
  return result
}

/** The live link holding (article at `url`, channel), following one alias; null if none. */
export async function liveShare(env: Env, url: string, channel: Channel): Promise<LinkRecord | null> {
  const key = `${channel} ${url}`
  const known = rememberedOf(env).get(key)
  let code = known && known.until > Date.now() ? known.code : null
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
  const remembered = rememberedOf(env)
  if (remembered.size >= 5_000) remembered.delete(remembered.keys().next().value!)
  remembered.set(`${channel} ${url}`, { code, until: Date.now() + REMEMBER_MS })
}
