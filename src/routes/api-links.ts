/** @module Admin API: create, list, read, update, delete and refresh links; read their stats. */
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { linkCounts } from '../clicks/stats'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { Code, CreateBody, Link, LinkList, type LinkRecord, ListQuery, PatchBody, toLink } from '../links/schema'
import { createLink, deleteLink, refreshLink, updateLink } from '../links/service'
import { getLink, listLinks } from '../links/store'
import { requireApiKey } from './auth'
import { errors, route } from './openapi'

const app = new Hono<AppEnv>()
app.use('/api/links', requireApiKey)
app.use('/api/links/*', requireApiKey)

const CodeParams = z.object({ code: Code })
const Counts = z.record(z.string(), z.number())
const Stats = z.object({
  code: z.string(),
  clicks: z.number(),
  previews: z.number(),
  byDay: Counts,
  byChannel: Counts,
  byCountry: Counts,
  byReferrer: Counts,
})

/** A link that exists (deleted ones too where `withDeleted`: their stats stay readable). */
async function load(kv: KVNamespace, code: string, withDeleted = false): Promise<LinkRecord> {
  const rec = await getLink(kv, code)
  if (!rec || (rec.deletedAt && !withDeleted)) throw new ApiError('not_found', `no link '${code}'`)
  return rec
}

route(
  app,
  {
    method: 'post',
    path: '/api/links',
    tag: 'links',
    admin: true,
    summary: 'Create a link; given metadata overrides what the article says',
    body: CreateBody,
    responses: { 201: { description: 'Created', json: Link }, ...errors(400, 401, 403, 409, 413, 415) },
  },
  async (c, { body }) => c.json(toLink(await createLink({ env: c.env }, body), c.env.PUBLIC_BASE_URL), 201),
)

route(
  app,
  {
    method: 'get',
    path: '/api/links',
    tag: 'links',
    admin: true,
    summary: 'List links, newest first; pass `cursor` back for the next page',
    query: ListQuery,
    responses: { 200: { description: 'A page of links', json: LinkList }, ...errors(400, 401) },
  },
  async (c, { query }) => {
    const page = await listLinks(c.env.LINKS, query.limit, query.cursor)
    return c.json({ links: page.links.map((l) => toLink(l, c.env.PUBLIC_BASE_URL)), cursor: page.cursor })
  },
)

route(
  app,
  {
    method: 'get',
    path: '/api/links/{code}',
    tag: 'links',
    admin: true,
    summary: 'Read one link',
    params: CodeParams,
    responses: { 200: { description: 'The link', json: Link }, ...errors(400, 401, 404) },
  },
  async (c, { params }) => c.json(toLink(await load(c.env.LINKS, params.code), c.env.PUBLIC_BASE_URL)),
)

route(
  app,
  {
    method: 'patch',
    path: '/api/links/{code}',
    tag: 'links',
    admin: true,
    summary: 'Change metadata, expiresAt or disabled',
    params: CodeParams,
    body: PatchBody,
    responses: { 200: { description: 'The updated link', json: Link }, ...errors(400, 401, 404, 413, 415) },
  },
  async (c, { params, body }) => {
    const next = await updateLink({ env: c.env }, await load(c.env.LINKS, params.code), body)
    return c.json(toLink(next, c.env.PUBLIC_BASE_URL))
  },
)

route(
  app,
  {
    method: 'delete',
    path: '/api/links/{code}',
    tag: 'links',
    admin: true,
    summary: 'Delete a link: it then answers 410; its stats stay readable',
    params: CodeParams,
    responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 404) },
  },
  async (c, { params }) => {
    await deleteLink({ env: c.env }, await load(c.env.LINKS, params.code))
    return c.body(null, 204)
  },
)

route(
  app,
  {
    method: 'post',
    path: '/api/links/{code}/refresh',
    tag: 'links',
    admin: true,
    summary: 'Read the article again now',
    params: CodeParams,
    responses: { 200: { description: 'The updated link', json: Link }, ...errors(400, 401, 404) },
  },
  async (c, { params }) => {
    const next = await refreshLink({ env: c.env }, await load(c.env.LINKS, params.code))
    return c.json(toLink(next, c.env.PUBLIC_BASE_URL))
  },
)

route(
  app,
  {
    method: 'get',
    path: '/api/links/{code}/stats',
    tag: 'links',
    admin: true,
    summary: 'Clicks and previews of a link (deleted ones too)',
    description: 'Reads the counts last flushed to KV (at most FLUSH_SECONDS old); `fresh=1` asks the counters for the exact figures now.',
    params: CodeParams,
    query: z.object({ fresh: z.optional(z.enum(['0', '1', 'true', 'false'])) }),
    responses: { 200: { description: 'Counts', json: Stats }, ...errors(400, 401, 404) },
  },
  async (c, { params, query }) => {
    await load(c.env.LINKS, params.code, true)
    const counts = await linkCounts(c.env, params.code, query.fresh === '1' || query.fresh === 'true')
    return c.json({ code: params.code, ...counts })
  },
)

export default app
