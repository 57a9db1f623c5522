/** @module Telling link-preview fetchers and crawlers from people. */
import { isbot } from 'isbot'

// Preview fetchers isbot's list misses (checked against real user agents in test/bots.test.ts).
const EXTRA = /viber\/|snap url preview|kakaotalk-scrap|mattermost-bot|zalo/i

/**
 * True for crawlers and preview fetchers. A request with no user agent at all is a script,
 * not a browser: it gets the preview page, whose link and refresh still bring a person along.
 */
export function isBot(userAgent: string | null | undefined): boolean {
  if (!userAgent) return true
  return isbot(userAgent) || EXTRA.test(userAgent)
}

/** A speculative load (link prefetch, prerender): the person has not clicked yet. */
export function isPrefetch(headers: Headers): boolean {
  const purpose = headers.get('Sec-Purpose') ?? headers.get('Purpose') ?? headers.get('X-Purpose') ?? ''
  return /prefetch|preview|prerender/i.test(purpose) || headers.get('X-Moz') === 'prefetch'
}
