/** @module Shared pieces of the OpenAPI routes: the validation hook, error responses, security. */
import type { Hook } from '@hono/zod-openapi'
import { ErrorSchema } from '../links/schema'
import { ApiError, type ErrorCode } from '../errors'

/** Turns a failed schema check into the contract's 400, naming the first field at fault. */
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (result.success) return
  const issue = result.error.issues[0]
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
  const code: ErrorCode = issue?.path[0] === 'url' ? 'invalid_url' : 'invalid_request'
  throw new ApiError(code, `${where}${issue?.message ?? 'invalid request'}`)
}

const DESCRIPTIONS: Partial<Record<number, string>> = {
  400: 'Invalid request or URL',
  401: 'Missing or wrong API key',
  403: 'Article host not allowed',
  404: 'No such link',
  409: 'Slug taken or reserved',
  410: 'Link deleted, disabled or expired',
  413: 'Body too large',
  415: 'Body is not JSON',
  429: 'Too many links created; see Retry-After',
  503: 'Storage unavailable; see Retry-After',
}

/** The error responses a route can give, in the one JSON shape. */
export function errors(...statuses: (keyof typeof DESCRIPTIONS)[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: DESCRIPTIONS[s]!, content: { 'application/json': { schema: ErrorSchema } } }]),
  )
}

export const bearer = [{ apiKey: [] as string[] }]
