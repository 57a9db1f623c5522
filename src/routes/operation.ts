/**
 * @module A route's one description: what it does, who may call it, what it answers and which
 * errors. `op()` is the first middleware of every route: it enforces the role it names and carries
 * the description for the OpenAPI document (routes/document.ts, built at build time), so the role,
 * the document and the route table in the README are one fact, stated once.
 */
import type { MiddlewareHandler } from 'hono'
import { createMiddleware } from 'hono/factory'
import type * as z from 'zod/mini'
import type { Role } from '../auth/roles'
import { blockingProblem } from '../config'
import type { AppEnv } from '../env'
import { ApiError, type ErrorCode } from '../errors'
import { requireRole } from './auth'

/** The document's sections, in the order integrators reach for them. */
export const TAGS = {
  share: 'Share buttons: a short link per article and channel, and the public counts',
  links: 'Links: create, list, read, change, delete and refresh them; their figures',
  analytics: 'Analytics over a period: articles, channels, days, countries, referrers, crawler platforms',
  access: 'Who may do what: the caller, named keys with their roles, and the audit log of changes',
  'short link': 'What a short link answers: the card for crawlers, the article for people, its QR code',
  service: 'The service: health, robots, the demo, the dashboard, this reference',
} as const

export type Tag = keyof typeof TAGS

/** Who may call an operation (the roles are cumulative: an admin may do what an editor may). */
export type { Role } from '../auth/roles'

export interface Reply {
  description: string
  json?: z.ZodMiniType
  html?: true
  /** Another media type, described in words. */
  type?: string
}

export interface Operation {
  id: string
  tag: Tag
  summary: string
  description?: string
  /** The role it needs; absent: public. */
  role?: Role
  /** Answers even while a variable is wrong (health says what is; robots needs none). */
  always?: true
  /** Path parameters of a route that reads them itself (the short link): documented, not validated. */
  params?: z.ZodMiniType
  /** A body that is a file (routes/body.ts fileBody), not JSON: its media types and what it holds. */
  file?: { types: readonly string[]; description: string }
  /** What it answers when it succeeds (and its own pages, which are not the JSON error shape). */
  responses: Record<number, Reply>
  /**
   * The error codes it can answer beyond those every route can (misconfigured, unavailable), those
   * of a role (unauthorized, forbidden, rate_limited) and of its validators and body
   * (invalid_request, too_large, unsupported_media_type): the document adds each of those itself.
   */
  errors?: readonly ErrorCode[]
}

/** Where op() keeps the operation, for the document builder. */
export const OPERATION = Symbol('operation')

/**
 * Describes the route it precedes, and lets through only what it may answer: not while a variable
 * it needs is wrong (503 misconfigured, naming it), and only callers with its role.
 */
export function op(operation: Operation): MiddlewareHandler<AppEnv> {
  const role = operation.role && requireRole(operation.role)
  const middleware = createMiddleware<AppEnv>(async function operationGate(c, next) {
    const problem = operation.always ? undefined : blockingProblem(c.get('config'))
    if (problem) throw new ApiError('misconfigured', `${problem.variable} ${problem.message}`, { 'Retry-After': '60' })
    if (role) return role(c, next)
    await next()
  })
  return Object.assign(middleware, { [OPERATION]: operation })
}

/** Routes served from public/ by the assets binding before the Worker runs: documented, not handled. */
export interface AssetRoute extends Operation {
  path: string
}
