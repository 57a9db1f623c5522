/** @module Admin API: create, list, read, update, delete and refresh links; read their stats. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { linkCounts } from '../clicks/stats'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { Code, CreateBody, Link, LinkList, ListQuery, PatchBody, toLink, type LinkRecord } from '../links/schema'
import { createLink, refreshLink, updateLink } from '../links/service'
import { getLink, listLinks, markDeleted } from '../links/store'
import { forgetPreview } from '../preview/cache'
import { requireApiKey } from './auth'
import { bearer, errors, validationHook } from './openapi'

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
app.use('*', requireApiKey)

const CodeParams = z.object({ code: Code })
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

const Stats = z
  .object({
    code: z.string(),
    clicks: z.number().int(),
    previews: z.number().int(),
    byDay: z.record(z.string(), z.number().int()),
    byChannel: z.record(z.string(), z.number().int()),
    byCountry: z.record(z.string(), z.number().int()),
    byReferrer: z.record(z.string(), z.number().int()),
  })
  .openapi('LinkStats')

/** A link that exists (deleted ones included only where `withDeleted`). */
async function load(kv: KVNamespace, code: string, withDeleted = false): Promise<LinkRecord> {
  const rec = await getLink(kv, code)
  if (!rec || (rec.deletedAt && !withDeleted)) throw new ApiError('not_found', `no link '${code}'`)
  return rec
}

app.openapi(
  createRoute({
    method: 'post',
    path: '/',
    tags: ['links'],
    summary: 'Create a link; given metadata overrides the article',
    security: bearer,
    request: { body: { content: { 'application/json': { schema: CreateBody } }, required: true } },
    responses: { 201: json(Link, 'Created'), ...errors(400, 401, 403, 409, 413, 415) },
  }),
  async (c) => {
    const rec = await createLink({ env: c.env }, c.req.valid('json'))
    return c.json(toLink(rec, c.env.PUBLIC_BASE_URL), 201)
  },
)

app.openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags: ['links'],
    summary: 'List links, newest first',
    security: bearer,
    request: { query: ListQuery },
    responses: { 200: json(LinkList, 'A page of links'), ...errors(400, 401) },
  }),
  async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const page = await listLinks(c.env.LINKS, limit, cursor)
    return c.json({ links: page.links.map((l) => toLink(l, c.env.PUBLIC_BASE_URL)), cursor: page.cursor }, 200)
  },
)

app.openapi(
  createRoute({
    method: 'get',
    path: '/{code}',
    tags: ['links'],
    summary: 'Read one link',
    security: bearer,
    request: { params: CodeParams },
    responses: { 200: json(Link, 'The link'), ...errors(400, 401, 404) },
  }),
  async (c) => {
    const rec = await load(c.env.LINKS, c.req.valid('param').code)
    return c.json(toLink(rec, c.env.PUBLIC_BASE_URL), 200)
  },
)

app.openapi(
  createRoute({
    method: 'patch',
    path: '/{code}',
    tags: ['links'],
    summary: 'Change metadata, expiresAt or disabled',
    security: bearer,
    request: { params: CodeParams, body: { content: { 'application/json': { schema: PatchBody } }, required: true } },
    responses: { 200: json(Link, 'The updated link'), ...errors(400, 401, 404, 413, 415) },
  }),
  async (c) => {
    const rec = await load(c.env.LINKS, c.req.valid('param').code)
    const next = await updateLink({ env: c.env }, rec, c.req.valid('json'))
    await forgetPreview(c.env, next.code)
    return c.json(toLink(next, c.env.PUBLIC_BASE_URL), 200)
  },
)

app.openapi(
  createRoute({
    method: 'delete',
    path: '/{code}',
    tags: ['links'],
    summary: 'Delete a link; it then answers 410, its stats stay readable',
    security: bearer,
    request: { params: CodeParams },
    responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 404) },
  }),
  async (c) => {
    const rec = await load(c.env.LINKS, c.req.valid('param').code)
    await markDeleted(c.env.LINKS, rec)
    await forgetPreview(c.env, rec.code)
    return c.body(null, 204)
  },
)

app.openapi(
  createRoute({
    method: 'post',
    path: '/{code}/refresh',
    tags: ['links'],
    summary: 'Read the article again now',
    security: bearer,
    request: { params: CodeParams },
    responses: { 200: json(Link, 'The updated link'), ...errors(400, 401, 404) },
  }),
  async (c) => {
    const rec = await load(c.env.LINKS, c.req.valid('param').code)
    const next = await refreshLink({ env: c.env }, rec)
    await forgetPreview(c.env, next.code)
    return c.json(toLink(next, c.env.PUBLIC_BASE_URL), 200)
  },
)

app.openapi(
  createRoute({
    method: 'get',
    path: '/{code}/stats',
    tags: ['links'],
    summary: 'Clicks and previews of a link (deleted ones too)',
    description: 'Reads the counts last flushed to KV (at most FLUSH_SECONDS old); `fresh=1` asks the counters for the exact figures.',
    security: bearer,
    request: { params: CodeParams, query: z.object({ fresh: z.enum(['0', '1', 'true', 'false']).optional() }) },
    responses: { 200: json(Stats, 'Counts'), ...errors(400, 401, 404) },
  }),
  async (c) => {
    const { code } = c.req.valid('param')
    const { fresh } = c.req.valid('query')
    await load(c.env.LINKS, code, true)
    const counts = await linkCounts(c.env, code, fresh === '1' || fresh === 'true')
    return c.json({ code, ...counts }, 200)
  },
)

export default app
