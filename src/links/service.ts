/** @module Making and keeping links: the rules between HTTP and KV, free of both. */
import type { Env } from '../env'
import { ApiError } from '../errors'
import { forgetPreview } from '../preview/cache'
import { type ArticleMeta, unfurl } from '../unfurl'
import { assertAllowed, canonicalUrl, parseArticleUrl } from './canonical'
import type { Channel } from './channels'
import { claimsOf } from './claims'
import { isReserved, randomCode } from './codes'
import { allowedHosts, type HostMatcher } from './hosts'
import { goneReason, type LinkRecord } from './schema'
import { findShareCode, getHotLink, getLink, insertLink, markDeleted, putShareAlias, saveLink, saveLinkAndIndexes } from './store'

/** What the domain functions need from the world; tests pass a stubbed `fetch`. */
export interface Deps {
  env: Env
  fetch?: typeof fetch
}

export interface Article {
  url: URL
  allowed: HostMatcher
}

/** Validates a caller's article URL: http(s), no credentials, on ALLOWED_HOSTS. */
export function articleFrom(env: Env, input: string): Article {
  const url = parseArticleUrl(input)
  // A short link to a short link would count one click twice; the demo article is the exception.
  if (url.origin === new URL(env.PUBLIC_BASE_URL).origin && url.pathname !== '/demo') {
    throw new ApiError('invalid_url', 'url must be an article, not an address of this service')
  }
  const allowed = allowedHosts(env.ALLOWED_HOSTS)
  assertAllowed(url, allowed)
  return { url: new URL(canonicalUrl(url)), allowed }
}

/** The live share link of (article, channel), if one exists. */
export async function findShare(env: Env, url: string, channel: Channel): Promise<LinkRecord | null> {
  const code = await findShareCode(env.LINKS, url, channel)
  // Share buttons ask again for every reader who presses them: the record may come from the isolate.
  const rec = code ? await getHotLink(env.LINKS, code) : null
  return rec && !goneReason(rec) ? rec : null
}

/**
 * Reads the article and settles its canonical URL: the page's own canonical link when it is on
 * an allowed host, else the URL asked for.
 */
async function readArticle(deps: Deps, article: Article): Promise<{ url: string; meta: ArticleMeta | null }> {
  const got = await unfurl(article.url, {
    allowed: article.allowed,
    fetch: deps.fetch,
    userAgent: `sharelink/1.0 (+${deps.env.PUBLIC_BASE_URL})`,
  })
  let url = article.url.href
  if (got?.meta.canonical) {
    const canonical = safeArticleUrl(got.meta.canonical)
    if (canonical && article.allowed(canonical)) url = canonicalUrl(canonical)
  }
  return { url, meta: got?.meta ?? null }
}

/** A URL a page named, held to the same rules as one a caller sends; null if it fails them. */
function safeArticleUrl(href: string): URL | null {
  try {
    return parseArticleUrl(href)
  } catch {
    return null
  }
}

/** Get or create the share link for (article, channel); `beforeCreate` may refuse (rate limit). */
export async function shareLink(
  deps: Deps,
  article: Article,
  channel: Channel,
  beforeCreate: () => Promise<void> = async () => {},
): Promise<{ link: LinkRecord; created: boolean }> {
  const existing = await findShare(deps.env, article.url.href, channel)
  if (existing) return { link: existing, created: false }
  await beforeCreate()
  const { url, meta } = await readArticle(deps, article)
  // Shared from a non-canonical address: the article may already have its link.
  const alias = url !== article.url.href ? article.url.href : null
  if (alias) {
    const again = await findShare(deps.env, url, channel)
    if (again) {
      await putShareAlias(deps.env.LINKS, alias, again)
      return { link: again, created: false }
    }
  }
  const rec = newRecord(await freeCode(deps.env), url, channel, meta, article.allowed)
  const claims = await claimsOf(deps.env, url)
  const holder = await claims.claim(channel, rec.code)
  if (holder !== rec.code) {
    // Another reader pressed the same button a moment earlier: theirs is the link.
    const theirs = await awaitLink(deps.env, holder)
    if (theirs && !goneReason(theirs)) return { link: theirs, created: false }
    // Its maker never wrote it, or it was disabled or expired since: take the slot over.
    if ((await claims.claim(channel, rec.code, holder)) !== rec.code) {
      throw new ApiError('unavailable', 'another request is creating this link; try again', { 'Retry-After': '1' })
    }
  }
  await insertLink(deps.env.LINKS, rec, true)
  if (alias) await putShareAlias(deps.env.LINKS, alias, rec)
  return { link: rec, created: true }
}

/** The record of a code just claimed by another request, once it is written (a few ms, usually). */
async function awaitLink(env: Env, code: string, timeoutMs = 3000): Promise<LinkRecord | null> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const rec = await getLink(env.LINKS, code)
    if (rec || Date.now() > deadline) return rec
    await scheduler.wait(25)
  }
}

export interface CreateInput {
  url: string
  slug?: string
  channel?: Channel
  title?: string
  description?: string
  image?: string
  expiresAt?: string
}

/** An admin-made link: a chosen slug, and metadata that overrides the article's. */
export async function createLink(deps: Deps, input: CreateInput): Promise<LinkRecord> {
  const article = articleFrom(deps.env, input.url)
  const expiresAt = input.expiresAt ? futureTime(input.expiresAt) : null
  const image = input.image !== undefined ? checkImage(input.image, article.allowed) : undefined
  let code: string
  if (input.slug) {
    if (isReserved(input.slug)) throw new ApiError('slug_taken', `'${input.slug}' is reserved for a route`)
    if (await getLink(deps.env.LINKS, input.slug)) throw new ApiError('slug_taken', `'${input.slug}' is taken`)
    code = input.slug
  } else {
    code = await freeCode(deps.env)
  }
  const { url, meta } = await readArticle(deps, article)
  const overrides = definedOnly({ title: input.title, description: input.description, image })
  const rec = applyOverrides(newRecord(code, url, input.channel ?? null, meta, article.allowed), overrides)
  rec.expiresAt = expiresAt
  await insertLink(deps.env.LINKS, rec)
  return rec
}

export interface PatchInput {
  title?: string
  description?: string
  image?: string | null
  expiresAt?: string | null
  disabled?: boolean
}

export async function updateLink(deps: Deps, rec: LinkRecord, patch: PatchInput): Promise<LinkRecord> {
  const allowed = allowedHosts(deps.env.ALLOWED_HOSTS)
  const image = patch.image === undefined || patch.image === null ? patch.image : checkImage(patch.image, allowed)
  const next = applyOverrides({ ...rec }, definedOnly({ title: patch.title, description: patch.description, image }))
  if (patch.expiresAt !== undefined) next.expiresAt = patch.expiresAt === null ? null : futureTime(patch.expiresAt)
  if (patch.disabled !== undefined) next.disabled = patch.disabled
  if (next.expiresAt !== rec.expiresAt) await saveLinkAndIndexes(deps.env.LINKS, next)
  else await saveLink(deps.env.LINKS, next)
  await forgetPreview(deps.env, next.code)
  return next
}

/** Marks the link deleted: it answers 410 from now on; its stats stay readable. */
export async function deleteLink(deps: Deps, rec: LinkRecord): Promise<void> {
  await markDeleted(deps.env.LINKS, rec)
  // The next share of this (article, channel) makes a new link.
  if (rec.channel) await (await claimsOf(deps.env, rec.url)).release(rec.channel, rec.code)
  await forgetPreview(deps.env, rec.code)
}

/**
 * Reads the article again; hand-set metadata stays, and the link keeps its URL (its identity).
 * The result is written onto the record as KV holds it now, not as the caller last saw it, so a
 * refresh racing an edit or a delete never undoes it. If the article can't be read, the card
 * the link has is kept.
 */
export async function refreshLink(deps: Deps, rec: LinkRecord): Promise<LinkRecord> {
  const allowed = allowedHosts(deps.env.ALLOWED_HOSTS)
  const { meta } = await readArticle(deps, { url: new URL(rec.url), allowed })
  const current = (await getLink(deps.env.LINKS, rec.code)) ?? rec
  if (current.deletedAt) return current
  const triedAt = new Date().toISOString()
  let next: LinkRecord = { ...current, triedAt }
  if (meta) {
    const fresh = newRecord(rec.code, rec.url, rec.channel, meta, allowed)
    next = applyOverrides({ ...current, ...pickMeta(fresh), unfurledAt: fresh.unfurledAt, triedAt }, current.overrides ?? {})
  }
  await saveLink(deps.env.LINKS, next)
  await forgetPreview(deps.env, next.code)
  return next
}

function pickMeta(r: LinkRecord) {
  const { title, description, image, imageWidth, imageHeight, imageAlt, siteName, twitterSite } = r
  return { title, description, image, imageWidth, imageHeight, imageAlt, siteName, twitterSite }
}

function newRecord(code: string, url: string, channel: Channel | null, meta: ArticleMeta | null, allowed: HostMatcher): LinkRecord {
  const u = new URL(url)
  const host = u.hostname.replace(/^www\./, '')
  const now = new Date().toISOString()
  const rec: LinkRecord = {
    code,
    url,
    channel,
    // Fallbacks when the page can't be read or says nothing: still a complete card.
    title: meta?.title || `${host}${u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '')}`,
    description: meta?.description ?? '',
    image: meta?.image ? checkImage(meta.image, allowed, false) : null,
    siteName: meta?.siteName || host,
    createdAt: now,
    expiresAt: null,
    disabled: false,
    unfurledAt: meta ? now : null,
    triedAt: now,
  }
  if (rec.image && meta) {
    if (meta.imageWidth) rec.imageWidth = meta.imageWidth
    if (meta.imageHeight) rec.imageHeight = meta.imageHeight
    if (meta.imageAlt) rec.imageAlt = meta.imageAlt
  }
  if (meta?.twitterSite) rec.twitterSite = meta.twitterSite
  return rec
}

function applyOverrides(rec: LinkRecord, overrides: NonNullable<LinkRecord['overrides']>): LinkRecord {
  const merged = { ...rec.overrides, ...overrides }
  if (Object.keys(merged).length === 0) return rec
  const out: LinkRecord = { ...rec, ...merged, overrides: merged }
  if (overrides.image !== undefined) {
    // A hand-set image: the article's dimensions and alt text describe another picture.
    delete out.imageWidth
    delete out.imageHeight
    delete out.imageAlt
  }
  return out
}

/**
 * An image a preview may show: absolute https anywhere, or http on an allowed host.
 * Caller-given bad images are an error; bad ones read from a page are dropped.
 */
function checkImage(src: string, allowed: HostMatcher, strict = true): string | null {
  let url: URL | null = null
  try {
    url = new URL(src)
  } catch {}
  const ok = url && !url.username && !url.password && (url.protocol === 'https:' || (url.protocol === 'http:' && allowed(url)))
  if (ok) return url!.href
  if (strict) throw new ApiError('invalid_url', 'image must be an absolute https URL (or http on an allowed host)')
  return null
}

function futureTime(iso: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) throw new ApiError('invalid_request', 'expiresAt must be an ISO 8601 time')
  if (t <= Date.now()) throw new ApiError('invalid_request', 'expiresAt must be in the future')
  return new Date(t).toISOString()
}

/** A random code nobody holds. At 62^7 codes a clash is rare; five in a row means something is wrong. */
async function freeCode(env: Env): Promise<string> {
  for (let i = 0; i < 5; i++) {
    const code = randomCode()
    if (!(await getLink(env.LINKS, code))) return code
  }
  throw new ApiError('unavailable', 'could not find a free code; try again')
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
