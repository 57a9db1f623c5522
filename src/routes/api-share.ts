/** @module Public share API: the link for (article, channel) and the platform's share intent. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { shareIntent, type Channel } from '../links/channels'
import { ChannelSchema, ShareBody, ShareLink, toLink } from '../links/schema'
import { articleFrom, shareLink } from '../links/service'
import { hasApiKey } from './auth'
import { clientKey } from './client'
import { errors, validationHook } from './openapi'

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

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

app.openapi(
  createRoute({
    method: 'post',
    path: '/api/share',
    tags: ['share'],
    summary: 'Get or create the short link for (article, channel)',
    description: 'Title, description and image always come from the article page, never from the caller.',
    request: { body: { content: { 'application/json': { schema: ShareBody } }, required: true } },
    responses: {
      200: { description: 'The link existed', content: { 'application/json': { schema: ShareLink } } },
      201: { description: 'The link was created', content: { 'application/json': { schema: ShareLink } } },
      ...errors(400, 403, 413, 415, 429),
    },
  }),
  async (c) => {
    const { url, channel } = c.req.valid('json')
    const { body, created } = await share(c, url, channel)
    return created ? c.json(body, 201) : c.json(body, 200)
  },
)

app.openapi(
  createRoute({
    method: 'get',
    path: '/share/{channel}',
    tags: ['share'],
    summary: 'Get or create the link, then redirect to the platform: a share button without script',
    request: {
      params: z.object({ channel: ChannelSchema.openapi({ param: { name: 'channel', in: 'path' } }) }),
      query: z.object({ url: z.string().min(1).max(2048) }),
    },
    responses: { 302: { description: "Redirect to the platform's share intent" }, ...errors(400, 403, 429) },
  }),
  async (c) => {
    const { body } = await share(c, c.req.valid('query').url, c.req.valid('param').channel)
    c.header('Cache-Control', 'private, no-store')
    return c.redirect(body.shareUrl, 302)
  },
)

export default app
