/**
 * @module /openapi.json, built from the app itself at build time (scripts/openapi/entry.ts): each
 * route's op() says what it does, who may call it and which errors it answers, its validators say
 * what its input must be, and the document is read off `app.routes`, so it can't list a route the
 * app lacks or miss one it has. Schemas become JSON Schema through zod's own `toJSONSchema`; none
 * of this is in the Worker's bundle.
 */
import type { Hono } from 'hono'
import * as z from 'zod/mini'
import { type ErrorCode, STATUS } from '../errors'
import { type AssetRoute, OPERATION, type Operation, type Reply, TAGS } from './operation'
import { VALIDATES, type Validates } from './validate'

/** A call recorded from real traffic (test/node/api-examples.test.ts), shown as the operation's example. */
export interface Example {
  query?: Record<string, string>
  body?: unknown
  status: number
  response?: unknown
}

/** What each error code means, said once for every operation that can answer it. */
const MEANING: Record<ErrorCode, string> = {
  invalid_request: 'the request is not what the operation takes (the message names the field)',
  invalid_url: 'the URL is not an http(s) article address, or it is one of this service',
  unauthorized: 'no valid key or sign-in',
  forbidden: "the caller's role is not enough (the message names the role needed)",
  host_not_allowed: 'the article is not on ALLOWED_HOSTS',
  not_found: 'no such link (or key)',
  article_not_found: 'the article answers 404 or 410 (send "force": true to make the link anyway)',
  slug_taken: 'the slug is taken, or reserved for a route',
  gone: 'the link was deleted, disabled or has expired',
  too_large: 'the body is over its size limit',
  unsupported_media_type: 'the body is not of a media type the operation takes',
  rate_limited: 'too many at once: see Retry-After',
  unavailable: 'briefly unavailable: see Retry-After',
  misconfigured: 'the service is not set up yet: the message names the variable or the step',
}

const jsonSchema = (schema: z.ZodMiniType, io: 'input' | 'output') => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>
  return rest
}

/** A query value (always text on the wire) as the parameter's schema types it. */
function asSchemaValue(value: string, schema: unknown): unknown {
  const type = (schema as { type?: string }).type
  return (type === 'number' || type === 'integer') && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value
}

/** Every error code an operation can answer: its own, and those its role, validators and body bring. */
export function errorCodesOf(op: Operation, validates: Validates[]): ErrorCode[] {
  const codes = new Set<ErrorCode>(op.errors)
  if (validates.length) codes.add('invalid_request')
  if (validates.some((v) => 'url' in ((jsonSchema(v.schema, 'input') as { properties?: object }).properties ?? {})))
    codes.add('invalid_url')
  if (op.file) codes.add('invalid_request')
  if (op.file || validates.some((v) => v.target === 'json')) {
    codes.add('too_large')
    codes.add('unsupported_media_type')
  }
  if (op.role) {
    codes.add('unauthorized')
    codes.add('forbidden')
    codes.add('rate_limited')
  }
  if (!op.always) codes.add('misconfigured')
  codes.add('unavailable')
  return [...codes].sort((a, b) => STATUS[a] - STATUS[b] || a.localeCompare(b))
}

/** The error replies of an operation, by status: each lists the codes it may carry and what they mean. */
function errorReplies(codes: ErrorCode[]): Record<number, unknown> {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of codes) byStatus.set(STATUS[code], [...(byStatus.get(STATUS[code]) ?? []), code])
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      {
        description: list.map((c) => `\`${c}\`: ${MEANING[c]}`).join('; '),
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['error'],
              properties: {
                error: {
                  type: 'object',
                  required: ['code', 'message'],
                  properties: { code: { type: 'string', enum: list }, message: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    ]),
  )
}

/** The OpenAPI 3.1 document of `app`'s routes (and the asset ones), with recorded examples by operationId. */
export function buildDocument(app: Hono<never>, assets: AssetRoute[], examples: Record<string, Example> = {}): Record<string, unknown> {
  const found = new Map<string, { method: string; path: string; operation?: Operation; validates: Validates[] }>()
  for (const r of app.routes) {
    if (r.method === 'ALL') continue
    const key = `${r.method} ${r.path}`
    const entry = found.get(key) ?? { method: r.method.toLowerCase(), path: r.path.replace(/:(\w+)/g, '{$1}'), validates: [] }
    const handler = r.handler as unknown as Record<symbol, unknown>
    if (handler[OPERATION]) entry.operation = handler[OPERATION] as Operation
    if (handler[VALIDATES]) entry.validates.push(handler[VALIDATES] as Validates)
    found.set(key, entry)
  }
  const operations: { method: string; path: string; op: Operation; validates: Validates[]; asset?: true }[] = []
  for (const { method, path, operation, validates } of found.values()) {
    if (!operation) throw new Error(`${method.toUpperCase()} ${path} has no op(): every route is described`)
    operations.push({ method, path, op: operation, validates })
  }
  // Served before the Worker runs: they answer what the files are, no error of the Worker's.
  for (const a of assets) operations.push({ method: 'get', path: a.path, op: a, validates: [], asset: true })
  // In the order of the sections, then as the app declares them.
  const order = Object.keys(TAGS)
  operations.sort((a, b) => order.indexOf(a.op.tag) - order.indexOf(b.op.tag))

  const paths: Record<string, Record<string, unknown>> = {}
  for (const { method, path, op, validates, asset } of operations) {
    const example = examples[op.id]
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
    const replied = (status: string, r: Reply) => {
      const media = r.json ? 'application/json' : r.html ? 'text/html' : r.type
      const schema = r.json ? jsonSchema(r.json, 'output') : { type: 'string' }
      const shown = r.json && example?.status === Number(status) && example.response !== undefined ? { example: example.response } : {}
      return { description: r.description, ...(media ? { content: { [media]: { schema, ...shown } } } : {}) }
    }
    const responses = {
      ...(asset ? {} : errorReplies(errorCodesOf(op, validates))),
      ...Object.fromEntries(Object.entries(op.responses).map(([status, r]) => [status, replied(status, r)])),
    }
    paths[path] ??= {}
    paths[path][method] = {
      operationId: op.id,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description || op.role
        ? { description: [op.description, op.role && `Needs the ${op.role} role.`].filter(Boolean).join(' ') }
        : {}),
      security: op.role ? [{ bearerAuth: [] }] : [],
      ...(op.role ? { 'x-role': op.role } : {}),
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
      ...(op.file
        ? {
            requestBody: {
              required: true,
              description: op.file.description,
              content: Object.fromEntries(op.file.types.map((t) => [t, { schema: { type: 'string' } }])),
            },
          }
        : {}),
      responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
    }
  }
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
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'an API key (API_KEY, or a named key)' } },
    },
  }
}
