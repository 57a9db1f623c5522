/**
 * @module Routes described once: the same spec registers the handler, validates its input, and
 * becomes its entry in /openapi.json (OpenAPI 3.1, from zod's own JSON Schema output).
 */
import type { Context, Hono } from 'hono'
import * as z from 'zod/mini'
import type { AppEnv } from '../env'
import { ApiError, type ErrorCode } from '../errors'
import { ErrorSchema } from '../links/schema'

type Schema = z.ZodMiniType
type Out<S> = S extends Schema ? z.output<S> : undefined

interface Reply {
  description: string
  json?: Schema
  html?: true
}

export interface RouteSpec<P, Q, B> {
  method: 'get' | 'post' | 'patch' | 'delete'
  /** OpenAPI form: `/api/links/{code}`. */
  path: string
  tag: string
  summary: string
  description?: string
  /** Needs `Authorization: Bearer <API_KEY>` (the middleware that checks it is mounted separately). */
  admin?: boolean
  params?: P
  query?: Q
  /** Documented only: the handler reads its own input (the hot path, where every parse counts). */
  raw?: true
  /** Served from public/ by the assets binding; the Worker has no handler for it. */
  static?: true
  body?: B
  responses: Record<number, Reply>
}

export interface Input<P, Q, B> {
  params: Out<P>
  query: Out<Q>
  body: Out<B>
}

/** Every route registered through `route`, in order: the source of the OpenAPI document. */
export const specs: RouteSpec<unknown, unknown, unknown>[] = []

export function route<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(app: Hono<AppEnv>, spec: RouteSpec<P, Q, B>, handler: (c: Context<AppEnv>, input: Input<P, Q, B>) => Response | Promise<Response>): void {
  specs.push(spec)
  const honoPath = spec.path.replace(/\{(\w+)\}/g, ':$1')
  if (spec.raw) {
    app.on(spec.method.toUpperCase(), honoPath, (c) => handler(c, {} as Input<P, Q, B>))
    return
  }
  app.on(spec.method.toUpperCase(), honoPath, async (c) => {
    const input = {
      params: spec.params ? check(spec.params, c.req.param()) : undefined,
      query: spec.query ? check(spec.query, c.req.query()) : undefined,
      body: spec.body ? check(spec.body, await jsonBody(c)) : undefined,
    } as Input<P, Q, B>
    return handler(c, input)
  })
}

/** A route the assets binding serves before the Worker runs: documented, not handled here. */
export function staticRoute(spec: RouteSpec<undefined, undefined, undefined>): void {
  specs.push({ ...spec, static: true })
}

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json()
  } catch {
    throw new ApiError('invalid_request', 'the body must be a JSON object')
  }
}

/** Parses `value` or throws the contract's 400, naming the field at fault. */
export function check<S extends Schema>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const code: ErrorCode = issue.path[0] === 'url' ? 'invalid_url' : 'invalid_request'
  throw new ApiError(code, describe(issue))
}

/** zod/mini carries no message catalogue (it would cost bytes): say what is wrong in our own words. */
function describe(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join('.') : 'request'
  const custom = issue.message && issue.message !== 'Invalid input' ? issue.message : null
  switch (issue.code) {
    case 'invalid_type':
      return `${where}: expected ${issue.expected}`
    case 'too_small':
      return `${where}: must be at least ${issue.minimum}${issue.origin === 'string' ? ' characters' : ''}`
    case 'too_big':
      return `${where}: must be at most ${issue.maximum}${issue.origin === 'string' ? ' characters' : ''}`
    case 'invalid_format':
      return custom
        ? `${where}: ${custom}`
        : `${where}: must be ${issue.format === 'datetime' ? 'an ISO 8601 time with offset' : `a valid ${issue.format}`}`
    case 'invalid_value':
      return `${where}: must be one of ${issue.values.map(String).join(', ')}`
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`
    default:
      return `${where}: ${custom ?? 'invalid value'}`
  }
}

const jsonSchema = (s: Schema) => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
  return rest
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
  503: 'Storage briefly unavailable; see Retry-After',
}

/** An error reply in the one JSON shape, by status. */
export function errors(...statuses: number[]): Record<number, Reply> {
  return Object.fromEntries(statuses.map((s) => [s, { description: ERRORS[s]!, json: ErrorSchema }]))
}

let built: Record<string, unknown> | undefined

/** The OpenAPI 3.1 document of every route registered through `route`. Built once per isolate. */
export function openApiDocument(serverUrl: string): Record<string, unknown> {
  built ??= build()
  return { ...built, servers: [{ url: serverUrl }] }
}

function build(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const spec of specs) {
    const parameters: unknown[] = []
    for (const [where, schema] of [
      ['path', spec.params],
      ['query', spec.query],
    ] as const) {
      const shape = (schema as z.ZodMiniObject | undefined)?._zod.def.shape ?? {}
      for (const [name, field] of Object.entries(shape)) {
        const required = where === 'path' || (field as Schema)._zod.optin !== 'optional'
        parameters.push({ name, in: where, required, schema: jsonSchema(field as Schema) })
      }
    }
    const responses = Object.fromEntries(
      Object.entries(spec.responses).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.json ? { content: { 'application/json': { schema: jsonSchema(r.json) } } } : {}),
          ...(r.html ? { content: { 'text/html': { schema: { type: 'string' } } } } : {}),
        },
      ]),
    )
    ;(paths[spec.path] ??= {})[spec.method] = {
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.admin ? { security: [{ apiKey: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body as Schema) } } } }
        : {}),
      responses,
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'sharelink', version: '1.0.0', description: 'Share links, Open Graph previews and exact click counts.' },
    paths,
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API_KEY' } } },
  }
}
