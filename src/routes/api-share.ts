/** @module Public sharing: the link for (article, channel) and the platform's share intent. */
import { type Context, Hono } from 'hono'
import * as z from 'zod/mini'
import { keyHolder } from '../auth/keys'
import { roleAtLeast } from '../auth/roles'
import { isApiKey } from '../auth/sign-in'
import { hitOf } from '../clicks/hits'
import { recordHit } from '../clicks/send'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { articleUrl } from '../links/canonical'
import { type Channel, shareIntent } from '../links/channels'
import { ChannelSchema, ShareBody, ShareLink, ShareQuery, toLink } from '../links/schema'
import { liveShare, shareLink } from '../links/share'
import { HTML_HEADERS, messagePage } from '../preview/html'
import { clientKey } from './client'
import { op } from './operation'
import { validate } from './validate'

/** Public creation is limited per client; callers with a key that may create links (an editor's, an admin's) are not. */
function limitCreation(c: Context<AppEnv>) {
  return async () => {
    if (!c.env.SHARE_LIMITER || (await mayCreate(c))) return
    const { success } = await c.env.SHARE_LIMITER.limit({ key: clientKey(c) })
    if (!success) throw new ApiError('rate_limited', 'too many new links from this client; try again in a minute', { 'Retry-After': '60' })
  }
}

async function mayCreate(c: Context<AppEnv>): Promise<boolean> {
  const key = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '')?.[1]
  if (!key) return false
  if (await isApiKey(c.get('config'), key)) return true
  const holder = await keyHolder(c.env.ANALYTICS, key)
  return holder !== null && roleAtLeast(holder.role, 'editor')
}

async function share(c: Context<AppEnv>, url: string, channel: Channel) {
  const config = c.get('config')
  const { link, created } = await shareLink(c.env, config, articleUrl(url, config), channel, limitCreation(c))
  // A press of the button: one share of the link, de-duplicated per reader as clicks are.
  recordHit(c.env, c.executionCtx, link, hitOf('share', c.req.raw))
  const view = toLink(link, config.baseUrl)
  return { body: { ...view, shareUrl: shareIntent(channel, view.shortUrl, link.title) }, created }
}

/**
 * Whether a plain GET may make a link: any web page can make its readers' browsers call it, so
 * only a press on an allowed host's page (its Referer), on this site or a sister one, or typed in
 * (Sec-Fetch-Site) does. A link that exists is shared whoever asks.
 */
function fromAllowedPage(c: Context<AppEnv>): boolean {
  const site = c.req.header('Sec-Fetch-Site')
  if (site === 'same-origin' || site === 'same-site' || site === 'none') return true
  try {
    return c.get('config').allowed(new URL(c.req.header('Referer') ?? ''))
  } catch {
    return false
  }
}

const app = new Hono<AppEnv>()
  .post(
    '/api/share',
    op({
      id: 'createShareLink',
      tag: 'share',
      summary: 'Get or create the short link for (article, channel)',
      description:
        'Title, description and image always come from the article page, never from the caller. Creation is rate-limited per client.',
      responses: {
        200: { description: 'The link existed', json: ShareLink },
        201: { description: 'The link was created', json: ShareLink },
      },
      errors: ['host_not_allowed', 'rate_limited'],
    }),
    validate('json', ShareBody),
    async (c) => {
      const { url, channel } = c.req.valid('json')
      const { body, created } = await share(c, url, channel)
      return created ? c.json(body, 201) : c.json(body, 200)
    },
  )
  .get(
    '/share/:channel',
    op({
      id: 'shareVia',
      tag: 'share',
      summary: "Get or create the link, then 302 to the platform's share intent: a share button without script",
      responses: {
        200: { description: 'For `copy`: a page showing the short link', html: true },
        302: { description: "Redirect to the platform's share intent" },
      },
      errors: ['host_not_allowed', 'rate_limited'],
    }),
    validate('param', z.object({ channel: ChannelSchema })),
    validate('query', ShareQuery),
    async (c) => {
      const { channel } = c.req.valid('param')
      const config = c.get('config')
      const { url } = c.req.valid('query')
      let shared: { shortUrl: string; shareUrl: string }
      if (fromAllowedPage(c)) shared = (await share(c, url, channel)).body
      else {
        // Nothing is made for a press from elsewhere; the reader still reaches the platform, with
        // the short link if there is one, else the article's own address.
        const address = articleUrl(url, config)
        const link = await liveShare(c.env, address.href, channel)
        if (link) recordHit(c.env, c.executionCtx, link, hitOf('share', c.req.raw))
        const shortUrl = link ? toLink(link, config.baseUrl).shortUrl : address.href
        shared = { shortUrl, shareUrl: shareIntent(channel, shortUrl, link?.title ?? '') }
      }
      // `copy` has no platform to go to, and following the short link would count the sharer as
      // a reader: show the link to copy instead.
      if (channel === 'copy') {
        return c.html(messagePage('Copy this link', shared.shortUrl), 200, { ...HTML_HEADERS, 'Cache-Control': 'private, no-store' })
      }
      c.header('Cache-Control', 'private, no-store')
      return c.redirect(shared.shareUrl, 302)
    },
  )

export default app
