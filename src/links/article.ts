/** @module Reading an article for its card, and settling which URL names it. */
import type { Config } from '../config'
import { type ArticleMeta, unfurl } from '../unfurl'
import { canonicalUrl, parseArticleUrl, refusal } from './canonical'

export interface ReadArticle {
  /** Canonical URL of the article: the address asked for, or the page's canonical link (see below). */
  url: string
  /** Its card, or null when it could not be read. */
  meta: ArticleMeta | null
  /** The article's server said it has no such page (404 or 410), as opposed to a blocked or slow read. */
  missing?: true
}

/**
 * Fetches the article within bounds (every hop on ALLOWED_HOSTS and off the service's own
 * addresses) and reads its card. A canonical link that differs from the page names the article
 * only if the canonical page itself can be read, and then the card is that page's: a page must
 * never give its card to another article's link.
 */
export async function readArticle(config: Config, address: URL): Promise<ReadArticle> {
  const limits = { allowed: (url: URL) => refusal(url, config) === null, userAgent: `sharelink/1.0 (+${config.baseUrl})` }
  const page = await unfurl(address, limits)
  if (typeof page === 'string') {
    console.warn(`article ${address.href} could not be read (${page}); its card falls back to its address until a later read`)
    return { url: address.href, meta: null, ...(page === 'missing' ? { missing: true as const } : {}) }
  }
  const named = page.meta.canonical ? safeArticleUrl(page.meta.canonical, config) : null
  if (!named || named.href === address.href) return { url: address.href, meta: page.meta }
  const canonical = await unfurl(named, limits)
  if (typeof canonical === 'string') {
    console.warn(`canonical ${named.href} of ${address.href} could not be read (${canonical}); the address names the article`)
    return { url: address.href, meta: page.meta }
  }
  return { url: named.href, meta: canonical.meta }
}

/** A URL a page named, held to the rules a caller's URL is held to, in canonical form; null if it fails them. */
function safeArticleUrl(href: string, config: Config): URL | null {
  try {
    const url = parseArticleUrl(href)
    return refusal(url, config) ? null : new URL(canonicalUrl(url))
  } catch {
    return null
  }
}
