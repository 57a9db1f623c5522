/** @module Error codes of the HTTP contract, the one JSON shape they take, and their page for people. */
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { HTML_HEADERS, messagePage } from './preview/html'

/** Every error the API answers, by its code, with its status. */
export const STATUS = {
  invalid_request: 400,
  invalid_url: 400,
  unauthorized: 401,
  forbidden: 403,
  host_not_allowed: 403,
  not_found: 404,
  article_not_found: 422,
  slug_taken: 409,
  gone: 410,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  misconfigured: 503,
} as const satisfies Record<string, ContentfulStatusCode>

export type ErrorCode = keyof typeof STATUS

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

export function errorBody<C extends ErrorCode>(code: C, message: string) {
  return { error: { code, message } }
}

const TITLES: Partial<Record<ErrorCode, string>> = {
  not_found: 'Not found',
  forbidden: 'Not allowed',
  gone: 'Link no longer available',
  host_not_allowed: 'This site is not set up for sharing',
  rate_limited: 'Too many links at once',
  unavailable: 'Try again shortly',
  misconfigured: 'Not set up yet',
}

/** Pages people open (short links, share buttons' fallback links) answer them a page; the rest JSON. */
export function prefersHtml(request: Request): boolean {
  const path = new URL(request.url).pathname
  if (path.startsWith('/api/')) return false
  const accept = request.headers.get('Accept') ?? ''
  return /text\/html/i.test(accept) && !/^application\/json/i.test(accept)
}

export function errorResponse(err: ApiError, request?: Request): Response {
  // An error is about this request: no cache anywhere may keep it, or answer it to another.
  const headers = { 'Cache-Control': 'private, no-store', ...err.headers }
  if (request && prefersHtml(request)) {
    return new Response(messagePage(TITLES[err.code] ?? 'Something is wrong with this request', err.message), {
      status: err.status,
      headers: { ...HTML_HEADERS, ...headers },
    })
  }
  return Response.json(errorBody(err.code, err.message), { status: err.status, headers })
}
