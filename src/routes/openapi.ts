/**
 * @module /openapi.json, built from the app itself: each route carries a `describe` middleware
 * (what it does and answers) and its `validate` middlewares (the zod/mini schemas its input must
 * pass), and the document is read off `app.routes`, so it can't list a route the app lacks or
 * miss one it has. Schemas become JSON Schema through zod's own `toJSONSchema`.
 */
import type { Hono, MiddlewareHandler } from 'hono'
import * as z from 'zod/mini'
import { ErrorSchema } from '../links/schema'
import { VALIDATES, type Validates } from './validate'

const DESCRIBES = Symbol('describes')

/** The document's tags in the order a reader meets them (/docs): what integrators use most comes first. */
export const TAGS = [
  { name: 'share', description: "Share buttons: an article's short link on a channel, its public counts, the embed script" },
  { name: 'links', description: 'Admin: create, list, read, change and delete links, and read their clicks' },
  { name: 'analytics', description: 'Admin: clicks and previews over a period, by article, channel, day, country, referrer or crawler' },
  { name: 'short link', description: "What a short link answers (the reader's redirect, a crawler's card) and its QR code" },
  { name: 'service', description: 'Health, robots.txt, this document and its page, the dashboard and the demo' },
] as const

interface Reply {
  description: string
  json?: z.ZodMiniType
  html?: true
  /** Another media type, described in words. */
  type?: string
}

export interface Operation {
  operationId: string
  summary: string
  description?: string
  tag: (typeof TAGS)[number]['name']
  /** Needs `Authorization: Bearer <API_KEY>` (checked by middleware mounted for the path). */
  admin?: boolean
  /** Path parameters of a route that reads them itself (the hot path): documented, not validated. */
  params?: z.ZodMiniType
  responses: Record<number, Reply>
}

/** Documents the route it precedes; does nothing at run time. */
export function describe(operation: Operation): MiddlewareHandler {
  const middleware: MiddlewareHandler = (_c, next) => next()
  return Object.assign(middleware, { [DESCRIBES]: operation })
}

const ERRORS: Record<number, string> = {
  400: 'Invalid request or URL',
  401: 'Missing or wrong API key',
  403: 'Article host not allowed',
  404: 'No such link',
  409: 'Slug taken or reserved',
  410: 'Link deleted, disabled or expired',
  413: 'Body too large',
  415: 'Body is not JSON',
  429: 'Too many new links; see Retry-After',
  503: 'Briefly unavailable (see Retry-After), or misconfigured (the message names the variable)',
}

/** Error replies in the one JSON shape, by status. */
export function errors(...statuses: number[]): Record<number, Reply> {
  return Object.fromEntries(statuses.map((s) => [s, { description: ERRORS[s]!, json: ErrorSchema }]))
}

/** Routes served from public/ by the assets binding before the Worker runs: documented, not handled. */
export interface StaticRoute extends Operation {
  path: string
}

const jsonSchema = (schema: z.ZodMiniType, io: 'input' | 'output') => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>
  return rest
}

/** A call recorded from real traffic (test/node/api-examples.test.ts), shown as the operation's example. */
export interface Example {
  query?: Record<string, string>
  body?: unknown
  status: number
  response?: unknown
}

/** A query value (always text on the wire) as the parameter's schema types it. */
function asSchemaValue(value: string, schema: unknown): unknown {
  const type = (schema as { type?: string }).type
  return (type === 'number' || type === 'integer') && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value
}

/** The OpenAPI 3.1 document of `app`'s routes (and the static ones), with recorded examples by operationId. */
export function buildDocument(app: Hono<never>, statics: StaticRoute[], examples: Record<string, Example> = {}): Record<string, unknown> {
  const found = new Map<string, { method: string; path: string; operation?: Operation; validates: Validates[] }>()
  for (const r of app.routes) {
    if (r.method === 'ALL') continue
    const key = `${r.method} ${r.path}`
    const entry = found.get(key) ?? { method: r.method.toLowerCase(), path: r.path.replace(/:(\w+)/g, '{$1}'), validates: [] }
    const handler = r.handler as unknown as Record<symbol, unknown>
    if (handler[DESCRIBES]) entry.operation = handler[DESCRIBES] as Operation
    if (handler[VALIDATES]) entry.validates.push(handler[VALIDATES] as Validates)
    found.set(key, entry)
  }
  const paths: Record<string, Record<string, unknown>> = {}
  const add = (method: string, path: string, op: Operation, validates: Validates[]) => {
    const example = examples[op.operationId]
    const documented: Validates[] = op.params ? [{ target: 'param', schema: op.params }] : []
    const parameters = [...documented, ...validates].flatMap(({ target, schema }) => {
      if (target !== 'param' && target !== 'query') return []
      const shape = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] }
      const given = target === 'query' ? example?.query : undefined
      return Object.entries(shape.properties ?? {}).map(([name, s]) => ({
        name,
        in: target === 'param' ? 'path' : 'query',
        required: target === 'param' || (shape.required ?? []).includes(name),
        schema: s,
        ...(given?.[name] !== undefined ? { example: asSchemaValue(given[name]!, s) } : {}),
      }))
    })
    const body = validates.find((v) => v.target === 'json')
    const responses = Object.fromEntries(
      Object.entries(op.responses).map(([status, r]) => {
        const media = r.json ? 'application/json' : r.html ? 'text/html' : r.type
        const schema = r.json ? jsonSchema(r.json, 'output') : { type: 'string' }
        const shown = r.json && example?.status === Number(status) && example.response !== undefined ? { example: example.response } : {}
        return [status, { description: r.description, ...(media ? { content: { [media]: { schema, ...shown } } } : {}) }]
      }),
    )
    paths[path] ??= {}
    paths[path][method] = {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      security: op.admin ? [{ bearerAuth: [] }] : [],
      ...(parameters.length ? { parameters } : {}),
      ...(body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: jsonSchema(body.schema, 'input'),
                  ...(example?.body !== undefined ? { example: example.body } : {}),
                },
              },
            },
          }
        : {}),
      responses,
    }
  }
  for (const { method, path, operation, validates } of found.values()) {
    if (!operation) throw new Error(`${method.toUpperCase()} ${path} has no describe(): every route is documented`)
    add(method, path, operation, validates)
  }
  for (const s of statics) add('get', s.path, s, [])
  return {
    openapi: '3.1.0',
    info: {
      title: 'sharelink',
      version: '1.0.0',
      description: 'Share links, Open Graph previews and exact click counts for news publishers.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Served from the service's own origin (PUBLIC_BASE_URL): its paths are relative to it.
    servers: [{ url: '/', description: 'This sharelink service (PUBLIC_BASE_URL)' }],
    tags: TAGS,
    paths,
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'API_KEY' } } },
  }
}
