/** @module The admin API's operations on links: each change is asked of the link's owner, which decides. */

import type { Actor } from '../audit/log'
import { type Config, configOf } from '../config'
import type { Env } from '../env'
import { ApiError } from '../errors'
import { forgetPreview } from '../preview/cache'
import { readArticle } from './article'
import { articleUrl } from './canonical'
import { claimsOf } from './claims'
import { isReserved } from './codes'
import { type LinkChange, ownerOf } from './owner'
import { checkImage, definedOnly, futureTime, newRecord, withOverrides } from './record'
import type { CreateInput, LinkRecord, PatchInput } from './schema'
import { articleHash, forgetLink, keepLink } from './store'

/** The link as its owner has it (deleted ones only where `withDeleted`: their stats stay readable). */
export async function adminLink(env: Env, code: string, withDeleted = false): Promise<LinkRecord> {
  const rec = await ownerOf(env, code).get()
  if (!rec || (rec.deletedAt && !withDeleted)) throw new ApiError('not_found', `no link '${code}'`)
  return rec
}

/** Whether public/ serves a file at /<name> (served before the Worker runs, it would hide a link of that name). */
export async function isPublicFile(env: Env, config: Config, name: string): Promise<boolean> {
  const res = await env.ASSETS.fetch(new Request(`${config.baseUrl}/${encodeURIComponent(name)}`, { method: 'HEAD' }))
  return res.ok
}

/** An admin-made link: a chosen slug or a random code, and metadata that overrides the article's. */
export async function createLink(env: Env, config: Config, input: CreateInput, actor: Actor): Promise<LinkRecord> {
  const address = articleUrl(input.url, config)
  const expiresAt = input.expiresAt ? futureTime(input.expiresAt) : null
  const image = input.image !== undefined ? checkImage(input.image, config) : undefined
  if (input.slug && (isReserved(input.slug) || (await isPublicFile(env, config, input.slug)))) {
    throw new ApiError('slug_taken', `'${input.slug}' is reserved: a route or a file of the service has that name`)
  }
  const { url, meta, missing } = await readArticle(config, address)
  if (missing && !input.force) {
    throw new ApiError(
      'article_not_found',
      `${address.href} answered 404 or 410: check the address, or send "force": true to make the link anyway`,
    )
  }
  const hash = await articleHash(url)
  const overrides = definedOnly({ title: input.title, description: input.description, image })
  const draft = { ...withOverrides(newRecord(input.slug ?? '', url, hash, input.channel ?? null, meta), overrides), expiresAt }
  // Made by the article's ShareClaims, where every link of the article is made and listed.
  const rec = await claimsOf(env, hash).create(draft, { slug: Boolean(input.slug) }, actor)
  if (!rec) {
    if (input.slug) throw new ApiError('slug_taken', `'${input.slug}' is taken`)
    throw new ApiError('unavailable', 'could not find a free code; try again', { 'Retry-After': '1' })
  }
  // This isolate may hold the code's last generation (deleted, then purged): the new one replaces it.
  keepLink(env.LINKS, rec)
  return rec
}

export async function changeLink(env: Env, config: Config, code: string, patch: PatchInput, actor: Actor): Promise<LinkRecord> {
  const change: LinkChange = definedOnly({
    title: patch.title,
    description: patch.description,
    image: patch.image === undefined || patch.image === null ? patch.image : checkImage(patch.image, config),
    expiresAt: patch.expiresAt === undefined || patch.expiresAt === null ? patch.expiresAt : futureTime(patch.expiresAt),
    disabled: patch.disabled,
  })
  return cachedAndAnswered(env, code, await ownerOf(env, code).change(change, actor))
}

/** Marks the link deleted: it answers 410 from now on; its stats stay readable. */
export async function deleteLink(env: Env, code: string, actor: Actor): Promise<void> {
  await cachedAndAnswered(env, code, await ownerOf(env, code).remove(actor))
}

/** Reads the article again; hand-set metadata stays; a failed read keeps the card the link has. */
export async function refreshLink(env: Env, config: Config, rec: LinkRecord, actor: Actor): Promise<LinkRecord> {
  const { meta } = await readArticle(config, new URL(rec.url))
  return cachedAndAnswered(env, rec.code, await ownerOf(env, rec.code).refreshed(meta, actor))
}

/**
 * What the owner answered (null: no live link), as the API answers it, after this isolate's
 * caches learn it: the isolate holds the new record at once (KV takes a second or more to show
 * it: its owner paces writes to a key), and this location's cached preview page is dropped.
 */
async function cachedAndAnswered(env: Env, code: string, rec: LinkRecord | null): Promise<LinkRecord> {
  if (rec) keepLink(env.LINKS, rec)
  else forgetLink(env.LINKS, code)
  await forgetPreview(configOf(env).baseUrl, code)
  if (!rec) throw new ApiError('not_found', `no link '${code}'`)
  return rec
}
