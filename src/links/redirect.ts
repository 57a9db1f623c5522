/** @module Where a person's click goes: the article, with UTM tags naming the channel. */
import type { Channel } from './channels'

/**
 * Merges utm_source=<channel>, utm_medium and utm_campaign=share into the article URL,
 * keeping its other parameters. An empty `medium` turns tagging off.
 */
export function redirectTarget(url: URL, channel: Channel | null, medium: string | undefined): string {
  if (!medium) return url.href
  url.searchParams.set('utm_source', channel ?? 'sharelink')
  url.searchParams.set('utm_medium', medium)
  url.searchParams.set('utm_campaign', 'share')
  return url.href
}
