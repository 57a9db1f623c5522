/** @module Where a person's click goes: the article, with UTM tags naming the channel. */

import { withoutParams } from './canonical'
import type { Channel } from './channels'

const UTM = new Set(['utm_source', 'utm_medium', 'utm_campaign'])

/**
 * The article URL with utm_source=<channel>, utm_medium and utm_campaign=share appended (any
 * UTM tags it had for those three are replaced). The rest of the query reaches the article byte
 * for byte. An empty `medium` turns tagging off.
 */
export function redirectTarget(articleUrl: string, channel: Channel | null, medium: string): string {
  if (!medium) return articleUrl
  const hashAt = articleUrl.indexOf('#')
  const hash = hashAt < 0 ? '' : articleUrl.slice(hashAt)
  const beforeHash = hashAt < 0 ? articleUrl : articleUrl.slice(0, hashAt)
  const queryAt = beforeHash.indexOf('?')
  const path = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt)
  const query = withoutParams(queryAt < 0 ? '' : beforeHash.slice(queryAt), (name) => UTM.has(name.toLowerCase()))
  const tags = `utm_source=${channel ?? 'sharelink'}&utm_medium=${encodeURIComponent(medium)}&utm_campaign=share`
  return `${path}${query ? `${query}&` : '?'}${tags}${hash}`
}
