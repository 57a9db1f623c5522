/** @module Unfurling: an article URL in, its preview metadata out, or why it could not be read. */
import { type FetchFailure, type FetchLimits, fetchArticle } from './fetch-article'
import { type ArticleMeta, readMeta } from './read-meta'

export type { ArticleMeta, FetchLimits }

export interface Unfurled {
  /** The page that was read, after redirects. */
  finalUrl: URL
  meta: ArticleMeta
}

export type UnfurlFailure = FetchFailure | 'unreadable'

/** Fetches and reads an article; never throws. */
export async function unfurl(url: URL, limits: FetchLimits): Promise<Unfurled | UnfurlFailure> {
  const page = await fetchArticle(url, limits)
  if (typeof page === 'string') return page
  try {
    return { finalUrl: page.url, meta: await readMeta(page.body, page.url, page.charset) }
  } catch {
    return 'unreadable'
  }
}
