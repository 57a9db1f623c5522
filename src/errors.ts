/** @module Error codes of the HTTP contract and the one JSON shape they take. */
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export type ErrorCode =
  | 'invalid_request'
  | 'invalid_url'
  | 'unauthorized'
  | 'host_not_allowed'
  | 'not_found'
  | 'gone'
  | 'slug_taken'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_request: 400,
  invalid_url: 400,
  unauthorized: 401,
  host_not_allowed: 403,
  not_found: 404,
  gone: 410,
  slug_taken: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
}

/** An error the client can act on; `onError` turns it into `{error: {code, message}}`. */
export class ApiError extends HTTPException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(STATUS[code], { message })
  }
}

export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } }
}

export function errorResponse(err: ApiError): Response {
  return Response.json(errorBody(err.code, err.message), {
    status: err.status,
    headers: { 'Cache-Control': 'no-store', ...err.headers },
  })
}
