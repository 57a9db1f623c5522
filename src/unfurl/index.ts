/** @module Unfurling: an article URL in, its preview metadata out (or null when it can't be read). */
import type { HostMatcher } from '../links/hosts'
import { type FetchLimits, fetchArticle } from './fetch-article'
import { type ArticleMeta, readMeta } from './read-meta'

export type { ArticleMeta }

export interface Unfurled {
  /** The page that was read, after redirects. */
  finalUrl: URL
  meta: ArticleMeta
}

/** Fetches and reads an article; null when it can't be read (the caller falls back). Never throws. */
export async function unfurl(url: URL, limits: FetchLimits): Promise<Unfurled | null> {
  const page = await fetchArticle(url, limits)
  if (typeof page === 'string') return null
  try {
    return { finalUrl: page.url, meta: await readMeta(page.body, page.url) }
  } catch {
    return null
  }
}

export type { FetchLimits, HostMatcher }
