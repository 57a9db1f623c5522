/** @module Public share API: the link for (article, channel) and the platform's share intent. */
import { type Context, Hono } from 'hono'
import * as z from 'zod/mini'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { type Channel, shareIntent } from '../links/channels'
import { ChannelSchema, ShareBody, ShareLink, toLink } from '../links/schema'
import { articleFrom, shareLink } from '../links/service'
import { HTML_HEADERS, messagePage } from '../preview/html'
import { hasApiKey } from './auth'
import { clientKey } from './client'
import { errors, route } from './openapi'

const app = new Hono<AppEnv>()

/** Public creation is limited per client; callers with an admin key are not. */
function limitCreation(c: Context<AppEnv>) {
  return async () => {
    if (!c.env.SHARE_LIMITER || (await hasApiKey(c.env, c.req.header('Authorization')))) return
    const { success } = await c.env.SHARE_LIMITER.limit({ key: clientKey(c) })
    if (!success) throw new ApiError('rate_limited', 'too many new links from this client; try again in a minute', { 'Retry-After': '60' })
  }
}

async function share(c: Context<AppEnv>, url: string, channel: Channel) {
  const article = articleFrom(c.env, url)
  const { link, created } = await shareLink({ env: c.env }, article, channel, limitCreation(c))
  const view = toLink(link, c.env.PUBLIC_BASE_URL)
  return { body: { ...view, shareUrl: shareIntent(channel, view.shortUrl, link.title) }, created }
}

route(
  app,
  {
    method: 'post',
    path: '/api/share',
    tag: 'share',
    summary: 'Get or create the short link for (article, channel)',
    description:
      'Title, description and image always come from the article page, never from the caller. Creation is rate-limited per client.',
    body: ShareBody,
    responses: {
      200: { description: 'The link existed', json: ShareLink },
      201: { description: 'The link was created', json: ShareLink },
      ...errors(400, 403, 413, 415, 429),
    },
  },
  async (c, { body }) => {
    const { body: link, created } = await share(c, body.url, body.channel)
    return c.json(link, created ? 201 : 200)
  },
)

route(
  app,
  {
    method: 'get',
    path: '/share/{channel}',
    tag: 'share',
    summary: "Get or create the link, then 302 to the platform's share intent: a share button without script",
    params: z.object({ channel: ChannelSchema }),
    query: z.object({ url: z.string().check(z.minLength(1), z.maxLength(2048)) }),
    responses: {
      200: { description: 'For `copy`: a page showing the short link', html: true },
      302: { description: "Redirect to the platform's share intent" },
      ...errors(400, 403, 429),
    },
  },
  async (c, { params, query }) => {
    const { body } = await share(c, query.url, params.channel)
    // `copy` has no platform to go to, and following the short link would count the sharer as
    // a reader: show the link to copy instead.
    if (params.channel === 'copy') {
      return new Response(messagePage('Copy this link', body.shortUrl), {
        headers: { ...HTML_HEADERS, 'Cache-Control': 'private, no-store' },
      })
    }
    c.header('Cache-Control', 'private, no-store')
    return c.redirect(body.shareUrl, 302)
  },
)

export default app
