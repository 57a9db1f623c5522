/**
 * @module The admin API as the dashboard uses it: the app's own typed client (hc<AppType>), the
 * Bearer key in a header, errors in words. Every type of what goes in and out is read off the
 * app's routes (`npm run typecheck` emits them into .types/ first); none is declared here.
 */
import { type ClientResponse, hc, type InferRequestType, type InferResponseType } from 'hono/client'
import type { SuccessStatusCode } from 'hono/utils/http-status'
import type { AppType } from '../.types/src/index'

const client = (key: string) =>
  hc<AppType>('/', {
    headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' },
    init: { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' },
  })

type Links = ReturnType<typeof client>['api']['links']
/** A code as a path parameter (codes are [A-Za-z0-9_-], so this only guards against a stray one). */
const param = (code: string) => ({ code: encodeURIComponent(code) })

/** A page of GET /api/links: links newest first, each with its figures as last flushed, and the next page's cursor. */
export type LinkPage = InferResponseType<Links['$get'], 200>
/** A link as the list has it: a link and its clicks, repeats and previews as last flushed. */
export type ListedLink = LinkPage['links'][number]
/** A link as GET /api/links/:code returns it. */
export type Link = InferResponseType<Links[':code']['$get'], 200>
/** A link's figures, from GET /api/links/:code/stats. */
export type Stats = InferResponseType<Links[':code']['stats']['$get'], 200>
/** What POST /api/links takes. */
export type CreateInput = InferRequestType<Links['$post']>['json']

/** The body of a request's answer when it succeeds (`undefined` for a 204). */
type Ok<R> = R extends ClientResponse<infer T, infer S, infer _F> ? ([Extract<S, SuccessStatusCode>] extends [never] ? never : T) : never

/**
 * A failed call. `status` 0 is a network failure (no answer at all); otherwise `code` and
 * `message` are the API's own `{"error": {"code", "message"}}` where it sent them.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

function errorOf(status: number, statusText: string, body: unknown): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error
  const code = typeof err?.code === 'string' ? err.code : `http_${status}`
  const message =
    typeof err?.message === 'string' && err.message ? err.message : `the server answered ${status}${statusText ? ` ${statusText}` : ''}`
  return new ApiError(status, code, message)
}

/** Waits for a request of the client: its success body, or an ApiError in words. */
async function answer<R extends ClientResponse<unknown, number, string>>(request: Promise<R>): Promise<Ok<R>> {
  let res: R
  try {
    res = await request
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check the connection, then try again.')
  }
  if (res.status === 204) return undefined as Ok<R>
  let data: unknown = null
  try {
    data = await res.json()
  } catch {
    if (res.ok) throw new ApiError(res.status, 'bad_response', 'The server sent an answer the dashboard could not read.')
  }
  if (!res.ok) throw errorOf(res.status, res.statusText, data)
  return data as Ok<R>
}

export class Api {
  private readonly links: Links

  constructor(key: string) {
    this.links = client(key).api.links
  }

  /** A page of links, newest first; `q` keeps those whose title or URL contains it (the server searches). */
  list(limit: number, cursor?: string | null, q?: string): Promise<LinkPage> {
    return answer(this.links.$get({ query: { limit: String(limit), cursor: cursor || undefined, q: q || undefined } }))
  }

  get(code: string): Promise<Link> {
    return answer(this.links[':code'].$get({ param: param(code) }))
  }

  stats(code: string, fresh: boolean): Promise<Stats> {
    return answer(this.links[':code'].stats.$get({ param: param(code), query: fresh ? { fresh: '1' } : {} }))
  }

  create(input: CreateInput): Promise<Link> {
    return answer(this.links.$post({ json: input }))
  }

  setDisabled(code: string, disabled: boolean): Promise<Link> {
    return answer(this.links[':code'].$patch({ param: param(code), json: { disabled } }))
  }

  async remove(code: string): Promise<void> {
    await answer(this.links[':code'].$delete({ param: param(code) }))
  }

  refresh(code: string): Promise<Link> {
    return answer(this.links[':code'].refresh.$post({ param: param(code) }))
  }
}
