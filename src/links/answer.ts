/**
 * @module What a short link answers a request: the one decision the hot path (a click on a link the
 * isolate holds, answered before the router) and the route both take, so they can never answer
 * differently.
 */
import type { Config } from '../config'
import { isBot, isPrefetch } from '../preview/bots'
import { destinationOf } from './redirect'
import { goneReason, type LinkRecord } from './schema'

export type Answer =
  /** A 302 to the article (with UTM tags); counted as a click unless a prefetch or HEAD. */
  | { kind: 'person'; destination: string; counted: boolean }
  /** The preview page; counted as a preview unless a prefetch or HEAD. */
  | { kind: 'crawler'; counted: boolean }
  /** 410, with why, for people. */
  | { kind: 'gone'; why: string }
  | { kind: 'not_found' }

const WHY_GONE = { deleted: 'This link has been deleted.', disabled: 'This link has been disabled.', expired: 'This link has expired.' }

/** The answer to `request` for the link `rec` (null: no link at the code). */
export function answerOf(rec: LinkRecord | null, request: Request, config: Config, now = Date.now()): Answer {
  if (!rec) return { kind: 'not_found' }
  const reason = goneReason(rec, now)
  if (reason) return { kind: 'gone', why: WHY_GONE[reason] }
  // A host taken off ALLOWED_HOSTS (a lapsed domain, say) is no longer sent readers or crawlers.
  const destination = destinationOf(rec, config)
  if (destination === null) return { kind: 'gone', why: 'This link no longer works.' }
  const counted = request.method === 'GET' && !isPrefetch(request.headers)
  if (!isBot(request.headers.get('User-Agent'))) return { kind: 'person', destination, counted }
  if (!isWayOn(request.url)) return { kind: 'crawler', counted }
  // A bot's user agent on the preview page's way on: a browser taken for a crawler, or a crawler
  // following the page's refresh. Both are sent on; only a browser's navigation (Fetch Metadata,
  // which browsers send and crawlers do not) counts as a click.
  return { kind: 'person', destination, counted: counted && request.headers.get('Sec-Fetch-Mode') === 'navigate' }
}

/**
 * The preview page's way on for a person shown the card by mistake (a browser taken for a
 * crawler): back through the short link, so they arrive with UTM tags and are counted.
 */
export const WAY_ON_QUERY = 'via=preview'

export function isWayOn(url: string): boolean {
  return url.endsWith(`?${WAY_ON_QUERY}`)
}
