/** @module Telling link-preview fetchers and crawlers from people. */
import { isbot } from 'isbot'
import { Bounded } from '../util/bounded'

// Preview fetchers isbot's list misses (checked against real user agents in test/platforms.test.ts).
const EXTRA = /viber\/|snap url preview|kakaotalk-scrap|mattermost-bot|zalo/i

/**
 * Verdicts by user agent, per isolate. A few hundred strings (browser builds) are nearly all the
 * traffic, and isbot's one large pattern costs microseconds per call on every click. Bounded,
 * so a flood of made-up user agents costs only the pattern.
 */
const verdicts = new Bounded<string, boolean>(2_000)
/** Longer strings are judged every time rather than kept. */
const MAX_KEPT_LENGTH = 512

/**
 * True for crawlers and preview fetchers. A request with no user agent at all is a script,
 * not a browser: it gets the preview page, whose link and refresh still bring a person along.
 */
export function isBot(userAgent: string | null | undefined): boolean {
  if (!userAgent) return true
  let verdict = verdicts.get(userAgent)
  if (verdict === undefined) {
    verdict = isbot(userAgent) || EXTRA.test(userAgent)
    if (userAgent.length <= MAX_KEPT_LENGTH) verdicts.set(userAgent, verdict)
  }
  return verdict
}

/** A speculative load (link prefetch, prerender): the person has not clicked yet. */
export function isPrefetch(headers: Headers): boolean {
  const purpose = headers.get('Sec-Purpose') ?? headers.get('Purpose') ?? headers.get('X-Purpose') ?? ''
  return /prefetch|preview|prerender/i.test(purpose) || headers.get('X-Moz') === 'prefetch'
}
