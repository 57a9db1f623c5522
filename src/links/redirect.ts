/** @module Where a person's click goes: the article, with UTM tags naming the channel. */

import type { Config } from '../config'
import { withoutParams } from './canonical'
import type { Channel } from './channels'
import type { LinkRecord } from './schema'

const UTM = new Set(['utm_source', 'utm_medium', 'utm_campaign'])

/**
 * The article URL with utm_source=<channel>, utm_medium and utm_campaign appended (any UTM tags
 * it had for those three are replaced). The rest of the query reaches the article byte for byte.
 * An empty `medium` turns tagging off.
 */
function redirectTarget(articleUrl: string, channel: Channel | null, medium: string, campaign: string): string {
  if (!medium) return articleUrl
  const hashAt = articleUrl.indexOf('#')
  const hash = hashAt < 0 ? '' : articleUrl.slice(hashAt)
  const beforeHash = hashAt < 0 ? articleUrl : articleUrl.slice(0, hashAt)
  const queryAt = beforeHash.indexOf('?')
  const path = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt)
  const query = withoutParams(queryAt < 0 ? '' : beforeHash.slice(queryAt), (name) => UTM.has(name.toLowerCase()))
  const tags = `utm_source=${channel ?? 'sharelink'}&utm_medium=${encodeURIComponent(medium)}&utm_campaign=${encodeURIComponent(campaign)}`
  return `${path}${query ? `${query}&` : '?'}${tags}${hash}`
}

/**
 * Where people are sent for `rec`, or null when its host is no longer allowed (a lapsed domain
 * taken off ALLOWED_HOSTS). Kept per record object: a link's record lives a few seconds in the
 * isolate (store.ts) and is never changed in place, while the check and the tags each parse the
 * URL, on every click.
 */
export function destinationOf(
  rec: Pick<LinkRecord, 'url' | 'channel' | 'section' | 'publishedTime' | 'createdAt'>,
  config: Config,
): string | null {
  const known = destinations.get(rec)
  if (known?.config === config) return known.location
  const location = config.allowed(new URL(rec.url))
    ? redirectTarget(rec.url, rec.channel, config.utmMedium, campaignOf(rec, config.utmCampaign))
    : null
  destinations.set(rec, { config, location })
  return location
}

const destinations = new WeakMap<object, { config: Config; location: string | null }>()

/**
 * UTM_CAMPAIGN for this article: `{section}` is its section as a slug ("none" without one), `{date}`
 * the day it was published (or, unknown, the day its link was made), so a campaign report in the
 * publisher's analytics can group stories by either.
 */
export function campaignOf(rec: Pick<LinkRecord, 'section' | 'publishedTime' | 'createdAt'>, template: string): string {
  if (!template.includes('{')) return template
  const section =
    (rec.section ?? '')
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'none'
  const date = (rec.publishedTime ?? rec.createdAt).slice(0, 10)
  return template.replaceAll('{section}', section).replaceAll('{date}', date)
}
