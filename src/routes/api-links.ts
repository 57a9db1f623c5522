/** @module Admin API: create, list, read, update, delete and refresh links; read their stats. */
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { linkCounts } from '../clicks/stats'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { adminLink, changeLink, createLink, deleteLink, isPublicFile, refreshLink } from '../links/admin'
import { articleUrl } from '../links/canonical'
import { listLinks } from '../links/catalog'
import { exportLinks } from '../links/export'
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, parseImport } from '../links/import'
import { IMPORT_ROWS_PER_CALL, importLinks } from '../links/import/apply'
import { Code, CreateBody, FiguresByKey, Link, PatchBody, toLink } from '../links/schema'
import { articleHash } from '../links/store'
import { fileBody } from './body'
import { op } from './operation'
import { validate } from './validate'

const CodeParams = z.object({ code: Code })
export const Stats = z.object({
  code: z.string(),
  clicks: z.number(),
  repeats: z.number(),
  previews: z.number(),
  shares: z.number(),
  /** Fetches by search engines' crawlers (no card: apart from the previews). */
  crawls: z.number(),
  /** Clicks by day of REPORT_TIMEZONE. */
  byDay: FiguresByKey,
  byChannel: FiguresByKey,
  byCountry: FiguresByKey,
  byReferrer: FiguresByKey,
  /** Previews by the platform whose crawler fetched the card. */
  byPlatform: FiguresByKey,
  /** Crawls by search engine. */
  bySearchEngine: FiguresByKey,
})
const ListQuery = z.object({
  cursor: z.optional(z.string().check(z.maxLength(1024))),
  limit: z._default(z.coerce.number<string>().check(z.int(), z.minimum(1), z.maximum(100)), 20),
  q: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  url: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
})
const ListedLink = z.extend(Link, { clicks: z.number(), repeats: z.number(), previews: z.number(), shares: z.number() })
const ExportQuery = z.object({ format: z._default(z.enum(['json', 'csv']), 'json') })
/** `setByHand`: the card fields the publisher wrote (PATCH), which an import keeps over the article's own. */
const ExportFile = z.object({
  links: z.array(z.extend(ListedLink, { setByHand: z.array(z.enum(['title', 'description', 'image'])) })),
})
const IMPORT_TYPES = ['text/csv', 'application/json', 'text/plain'] as const
const Note = z.object({ row: z.number(), reason: z.string() })
const ImportAnswer = z.object({
  format: z.enum(['bitly', 'dub', 'sink', 'shlink', 'sharelink']),
  created: z.number(),
  skipped: z.number(),
  remaining: z.number(),
  problems: z.array(Note),
  notes: z.array(Note),
})
const LinkList = z.object({ links: z.array(ListedLink), cursor: z.nullable(z.string()) })

const app = new Hono<AppEnv>()
  .post(
    '/api/links',
    op({
      id: 'createLink',
      tag: 'links',
      role: 'editor',
      summary: 'Create a link; given metadata overrides what the article says',
      description:
        'An article that answers 404 or 410 is refused (422 article_not_found) unless `force` is true; one that cannot be read otherwise (blocked, slow) gets a card from its address, read again later.',
      responses: { 201: { description: 'Created', json: Link } },
      errors: ['host_not_allowed', 'slug_taken', 'article_not_found'],
    }),
    validate('json', CreateBody),
    async (c) => {
      const config = c.get('config')
      return c.json(toLink(await createLink(c.env, config, c.req.valid('json'), c.get('signedIn').actor), config.baseUrl), 201)
    },
  )
  .get(
    '/api/links',
    op({
      id: 'listLinks',
      tag: 'links',
      role: 'viewer',
      summary: 'List links newest first, with their counts as last flushed; `q` finds a title, URL or code containing it',
      description: 'Pass `cursor` back for the next page. `url` lists the links of one article (canonicalised as for share).',
      responses: { 200: { description: 'A page of links', json: LinkList } },
      errors: ['host_not_allowed'],
    }),
    validate('query', ListQuery),
    async (c) => {
      const { limit, cursor, q, url } = c.req.valid('query')
      const config = c.get('config')
      const article = url ? await articleHash(articleUrl(url, config).href) : undefined
      const page = await listLinks(c.env.ANALYTICS, { limit, cursor, q: q || undefined, article })
      const links = page.links.map((l) => ({
        ...toLink(l, config.baseUrl),
        clicks: l.clicks,
        repeats: l.repeats,
        previews: l.previews,
        shares: l.shares,
      }))
      return c.json({ links, cursor: page.cursor }, 200)
    },
  )
  .get(
    '/api/links/export',
    op({
      id: 'exportLinks',
      tag: 'links',
      role: 'viewer',
      summary: 'Every link with its all-time clicks, repeats, previews and shares, as JSON or CSV',
      description:
        'The file `POST /api/links/import` takes back (into this service or another): JSON `{"links": [...]}`, or CSV with the same names as columns.',
      responses: {
        200: { description: 'The export, as a file to save', json: ExportFile, type: 'text/csv' },
      },
    }),
    validate('query', ExportQuery),
    (c) => {
      const { format } = c.req.valid('query')
      const config = c.get('config')
      const day = config.zone.dateOf(Date.now())
      return c.body(exportLinks(c.env.ANALYTICS, config.baseUrl, format), 200, {
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="sharelink-links-${day}.${format}"`,
      })
    },
  )
  .post(
    '/api/links/import',
    op({
      id: 'importLinks',
      tag: 'links',
      role: 'admin',
      summary: 'Import the links of a Bitly, Dub, Sink, Shlink or sharelink export, keeping their codes where free',
      description: `The file as exported (CSV or JSON; the format is told from its content), at most 5 MiB and ${MAX_IMPORT_ROWS.toLocaleString('en')} links. Links to hosts off ALLOWED_HOSTS are not imported. One call makes at most ${IMPORT_ROWS_PER_CALL} links; while \`remaining\` is above 0, send the same file again (\`npm run import\` does). A second import of a file makes nothing. Cards are read from the articles when a crawler first asks.`,
      file: { types: IMPORT_TYPES, description: 'The export file, as the other service wrote it' },
      responses: { 200: { description: 'What the call made, skipped and could not take', json: ImportAnswer } },
    }),
    fileBody('/api/links/import', IMPORT_TYPES, MAX_IMPORT_BYTES),
    async (c) => {
      const parsed = parseImport(await c.req.text())
      if ('error' in parsed) throw new ApiError('invalid_request', parsed.error)
      const config = c.get('config')
      const report = await importLinks(c.env, config, parsed, c.get('signedIn').actor, (name) => isPublicFile(c.env, config, name))
      return c.json(report, 200)
    },
  )
  .get(
    '/api/links/:code',
    op({
      id: 'getLink',
      tag: 'links',
      role: 'viewer',
      summary: 'Read one link',
      responses: { 200: { description: 'The link', json: Link } },
      errors: ['not_found'],
    }),
    validate('param', CodeParams),
    async (c) => c.json(toLink(await adminLink(c.env, c.req.valid('param').code), c.get('config').baseUrl), 200),
  )
  .patch(
    '/api/links/:code',
    op({
      id: 'updateLink',
      tag: 'links',
      role: 'editor',
      summary: 'Change metadata, expiresAt or disabled',
      responses: { 200: { description: 'The updated link', json: Link } },
      errors: ['invalid_url', 'not_found'],
    }),
    validate('param', CodeParams),
    validate('json', PatchBody),
    async (c) => {
      const config = c.get('config')
      const link = await changeLink(c.env, config, c.req.valid('param').code, c.req.valid('json'), c.get('signedIn').actor)
      return c.json(toLink(link, config.baseUrl), 200)
    },
  )
  .delete(
    '/api/links/:code',
    op({
      id: 'deleteLink',
      tag: 'links',
      role: 'admin',
      summary: 'Delete a link: it then answers 410; its stats stay readable',
      responses: { 204: { description: 'Deleted' } },
      errors: ['not_found'],
    }),
    validate('param', CodeParams),
    async (c) => {
      await deleteLink(c.env, c.req.valid('param').code, c.get('signedIn').actor)
      return c.body(null, 204)
    },
  )
  .post(
    '/api/links/:code/refresh',
    op({
      id: 'refreshLink',
      tag: 'links',
      role: 'editor',
      summary: 'Read the article again now',
      responses: { 200: { description: 'The updated link', json: Link } },
      errors: ['not_found'],
    }),
    validate('param', CodeParams),
    async (c) => {
      const config = c.get('config')
      const rec = await adminLink(c.env, c.req.valid('param').code)
      return c.json(toLink(await refreshLink(c.env, config, rec, c.get('signedIn').actor), config.baseUrl), 200)
    },
  )
  .get(
    '/api/links/:code/stats',
    op({
      id: 'getLinkStats',
      tag: 'links',
      role: 'viewer',
      summary: 'Clicks, repeats and previews of a link (deleted ones too)',
      description: 'Reads the counts last flushed to KV (at most FLUSH_SECONDS old); `fresh=1` asks the counter for the exact figures now.',
      responses: { 200: { description: 'FiguresByKey', json: Stats } },
      errors: ['not_found'],
    }),
    validate('param', CodeParams),
    validate('query', z.object({ fresh: z.optional(z.enum(['0', '1', 'true', 'false'])) })),
    async (c) => {
      const rec = await adminLink(c.env, c.req.valid('param').code, true)
      const { fresh } = c.req.valid('query')
      const counts = await linkCounts(c.env, rec, fresh === '1' || fresh === 'true')
      return c.json({ code: rec.code, ...counts }, 200)
    },
  )

export default app
