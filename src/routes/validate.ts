/**
 * @module Request validation: a Standard Schema validator (zod/mini schemas) whose failures take
 * the contract's error shape, and which leaves its schema on the middleware for /openapi.json.
 */
import { sValidator } from '@hono/standard-validator'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { ValidationTargets } from 'hono'
import type * as z from 'zod/mini'
import { ApiError } from '../errors'

/** Where a validator keeps what it checks, for the document builder (routes/openapi.ts). */
export const VALIDATES = Symbol('validates')

export interface Validates {
  target: keyof ValidationTargets
  schema: z.ZodMiniType
}

/** Validates one part of the request; a failure is 400 `invalid_request` (`invalid_url` for the url field) naming the field. */
export function validate<T extends keyof ValidationTargets, S extends z.ZodMiniType>(target: T, schema: S) {
  const middleware = sValidator(target, schema, (result) => {
    if (result.success) return
    const issue = result.error[0] as z.core.$ZodIssue
    // Thrown, like every refusal: onError answers it in the shape the caller prefers (a page for a person).
    throw new ApiError(issue.path[0] === 'url' ? 'invalid_url' : 'invalid_request', describeIssue(issue))
  })
  return Object.assign(middleware, { [VALIDATES]: { target, schema } satisfies Validates })
}

/** zod/mini carries no message catalogue (it would cost bytes): say what is wrong in our own words. */
export function describeIssue(issue: z.core.$ZodIssue): string {
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

export type { StandardSchemaV1 }
