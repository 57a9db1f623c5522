/**
 * @module The admin API as the dashboard uses it: the app's own typed client (hc<AppType>), the
 * Bearer key in a header, errors in words. Every type of what goes in and out is read off the
 * app's routes (the Worker's sources are a project the dashboard's references: `tsc -b dashboard`);
 * none is declared here.
 */
import { type ClientResponse, hc, type InferRequestType, type InferResponseType } from 'hono/client'
import type { SuccessStatusCode } from 'hono/utils/http-status'
import type { AppType } from '../src/index'

const client = (key: string) =>
  hc<AppType>('/', {
    headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' },
    init: { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' },
  })

type Client = ReturnType<typeof client>['api']
type Links = Client['links']
type AnalyticsGet = Client['analytics']['$get']
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

/** What GET /api/analytics takes. */
export type AnalyticsQuery = InferRequestType<AnalyticsGet>['query']
export type GroupBy = NonNullable<AnalyticsQuery['groupBy']>
/** Its JSON answer (the other 200 is format=csv's text). */
export type Report = Exclude<InferResponseType<AnalyticsGet, 200>, string>
type AnyRow = Report['rows'][number]
/** The rows each groupBy answers, picked out of the route's union by their key field. */
export interface Rows {
  articles: Extract<AnyRow, { url: string }>
  channels: Extract<AnyRow, { channel: string | null }>
  timeseries: Extract<AnyRow, { day: string }>
  countries: Extract<AnyRow, { country: string }>
  referrers: Extract<AnyRow, { referrer: string }>
  platforms: Extract<AnyRow, { platform: string }>
}
/** A report whose rows are those of its groupBy. */
export type ReportOf<G extends GroupBy> = Omit<Report, 'rows'> & { rows: Rows[G][] }
/** The filters of an analytics call, without what the call itself sets. */
export type Scope = Omit<AnalyticsQuery, 'groupBy' | 'format'>

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

async function errorOf(res: Response | ClientResponse<unknown>): Promise<ApiError> {
  let body: unknown = null
  try {
    body = await res.json()
  } catch {}
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error
  const code = typeof err?.code === 'string' ? err.code : `http_${res.status}`
  const message =
    typeof err?.message === 'string' && err.message
      ? err.message
      : `the server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`
  return new ApiError(res.status, code, message)
}

/** Waits for a request of the client: the response when it succeeded, or an ApiError in words. */
async function sent<R extends ClientResponse<unknown, number, string>>(request: Promise<R>): Promise<R> {
  let res: R
  try {
    res = await request
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check the connection, then try again.')
  }
  if (!res.ok) throw await errorOf(res)
  return res
}

/** Its success body, read as JSON (`undefined` for a 204). */
async function answer<R extends ClientResponse<unknown, number, string>>(request: Promise<R>): Promise<Ok<R>> {
  const res = await sent(request)
  if (res.status === 204) return undefined as Ok<R>
  try {
    return (await res.json()) as Ok<R>
  } catch {
    throw new ApiError(res.status, 'bad_response', 'The server sent an answer the dashboard could not read.')
  }
}

export class Api {
  private readonly api: Client

  constructor(key: string) {
    this.api = client(key).api
  }

  /**
   * A page of links, newest first; `q` keeps those whose title, URL or code contains it (the
   * server searches); `url` keeps one article's links.
   */
  list(limit: number, cursor?: string | null, q?: string, url?: string): Promise<LinkPage> {
    return answer(this.api.links.$get({ query: { limit: String(limit), cursor: cursor || undefined, q: q || undefined, url } }))
  }

  get(code: string): Promise<Link> {
    return answer(this.api.links[':code'].$get({ param: param(code) }))
  }

  /** A link's figures: as last flushed, or (`fresh`) the counter's exact ones now. */
  stats(code: string, fresh: boolean): Promise<Stats> {
    return answer(this.api.links[':code'].stats.$get({ param: param(code), query: fresh ? { fresh: '1' } : {} }))
  }

  create(input: CreateInput): Promise<Link> {
    return answer(this.api.links.$post({ json: input }))
  }

  setDisabled(code: string, disabled: boolean): Promise<Link> {
    return answer(this.api.links[':code'].$patch({ param: param(code), json: { disabled } }))
  }

  async remove(code: string): Promise<void> {
    await answer(this.api.links[':code'].$delete({ param: param(code) }))
  }

  refresh(code: string): Promise<Link> {
    return answer(this.api.links[':code'].refresh.$post({ param: param(code) }))
  }

  /** One analytics report over a period (UTC days), its rows typed by `groupBy`. */
  async analytics<G extends GroupBy>(groupBy: G, scope: Scope): Promise<ReportOf<G>> {
    const report = await answer(this.api.analytics.$get({ query: { ...scope, groupBy } }))
    return report as Exclude<typeof report, string> as ReportOf<G>
  }

  /**
   * The same report as CSV (format=csv), with the name the server gives it. Fetched with the
   * key like any call (a plain link could not carry the Authorization header), for a Blob to save.
   */
  async csv(groupBy: GroupBy, scope: Scope): Promise<{ blob: Blob; filename: string }> {
    const res = await sent(this.api.analytics.$get({ query: { ...scope, groupBy, format: 'csv' } }))
    const named = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')
    return { blob: await res.blob(), filename: named?.[1] ?? `sharelink-${groupBy}-${scope.start}-${scope.end}.csv` }
  }
}
