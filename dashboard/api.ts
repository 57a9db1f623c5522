/**
 * @module The admin API as the dashboard uses it: the app's own typed client (hc<AppType>), a
 * Bearer key in a header or, behind Cloudflare Access, the browser's Access cookie; errors in
 * words. Every type of what goes in and out is read off the app's routes (the Worker's sources
 * are a project the dashboard's references: `tsc -b dashboard`); none is declared here.
 */
import { type ClientResponse, hc, type InferRequestType, type InferResponseType } from 'hono/client'
import type { SuccessStatusCode } from 'hono/utils/http-status'
import type { AppType } from '../src/index'

/**
 * A client with `key`, or with none: then the browser's own credentials, the CF_Authorization
 * cookie that Cloudflare Access sets, sign the calls in. Same-origin credentials either way:
 * behind Access its edge asks for that cookie on every request, whatever else it carries.
 */
const client = (key: string | null) =>
  hc<AppType>('/', {
    headers: key ? { Authorization: `Bearer ${key}`, Accept: 'application/json' } : { Accept: 'application/json' },
    init: { cache: 'no-store', credentials: 'same-origin', referrerPolicy: 'no-referrer' },
  })

type Client = ReturnType<typeof client>['api']
type Links = Client['links']
type AnalyticsGet = Client['analytics']['$get']
type OverviewGet = Client['analytics']['overview']['$get']
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
/** The formats of GET /api/links/export. */
export type ExportFormat = NonNullable<InferRequestType<Links['export']['$get']>['query']['format']>

/** An answer to save as a file: its bytes, and the name the server gives it (Content-Disposition). */
export interface SavedFile {
  blob: Blob
  filename: string
}

/** Who is signed in, and with which role (GET /api/me). */
export type Me = InferResponseType<Client['me']['$get'], 200>
export type Role = Me['role']
/** A named key as GET /api/keys lists it (never its secret). */
export type KeyInfo = InferResponseType<Client['keys']['$get'], 200>['keys'][number]
/** A key just made: its secret is in this answer only. */
export type CreatedKey = InferResponseType<Client['keys']['$post'], 201>
/** A page of the audit log (GET /api/audit), newest first. */
export type AuditPage = InferResponseType<Client['audit']['$get'], 200>
export type AuditEntry = AuditPage['entries'][number]

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
  // Articles carry a section and an author too: a section's row is the one without a URL.
  sections: Exclude<Extract<AnyRow, { section: string | null }>, { url: string }>
  authors: Exclude<Extract<AnyRow, { author: string | null }>, { url: string }>
  /** A day, an hour or five minutes, as the interval asked. */
  timeseries: Extract<AnyRow, { day: string } | { hour: string } | { at: string }>
  countries: Extract<AnyRow, { country: string }>
  referrers: Extract<AnyRow, { referrer: string }>
  platforms: Extract<AnyRow, { platform: string }>
}
/** A report whose rows are those of its groupBy. */
export type ReportOf<G extends GroupBy> = Omit<Report, 'rows'> & { rows: Rows[G][] }
/** The filters of an analytics call, without what the call itself sets. */
export type Scope = Omit<AnalyticsQuery, 'groupBy' | 'format' | 'sparkline'>

/** What GET /api/analytics/overview takes: a period and filters, as the analytics call. */
export type OverviewQuery = InferRequestType<OverviewGet>['query']
type OverviewAnswer = InferResponseType<OverviewGet, 200>
type Breakdowns = 'series' | 'channels' | 'articles' | 'platforms' | 'countries' | 'referrers'
/** The overview in one answer, each list with the rows of its kind. */
export type Overview = Omit<OverviewAnswer, Breakdowns> & {
  series: Rows['timeseries'][]
  channels: Rows['channels'][]
  articles: Rows['articles'][]
  platforms: Rows['platforms'][]
  countries: Rows['countries'][]
  referrers: Rows['referrers'][]
}

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

/** An answer as a file: the name from its Content-Disposition, else `fallback`. */
async function fileOf(res: Response | ClientResponse<unknown>, fallback: string): Promise<SavedFile> {
  const named = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')
  return { blob: await res.blob(), filename: named?.[1] ?? fallback }
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

  /** `key` null: signed in by Cloudflare Access (its cookie), not by a key. */
  constructor(key: string | null) {
    this.api = client(key).api
  }

  /** Who the server takes the caller for: 401 when nobody. */
  me(): Promise<Me> {
    return answer(this.api.me.$get())
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

  /** One link's changes (or all), newest first, a page at a time. */
  audit(code: string | undefined, limit: number, cursor?: string | null): Promise<AuditPage> {
    return answer(this.api.audit.$get({ query: { code, limit: String(limit), cursor: cursor || undefined } }))
  }

  keys(): Promise<KeyInfo[]> {
    return answer(this.api.keys.$get()).then((r) => r.keys)
  }

  createKey(name: string, role: Role): Promise<CreatedKey> {
    return answer(this.api.keys.$post({ json: { name, role } }))
  }

  async revokeKey(id: string): Promise<void> {
    await answer(this.api.keys[':id'].$delete({ param: { id } }))
  }

  /** What the overview shows, in one call: totals, a timeseries by channel and every breakdown. */
  async overview(query: OverviewQuery): Promise<Overview> {
    return (await answer(this.api.analytics.overview.$get({ query }))) as Overview
  }

  /** One analytics report over a period, its rows typed by `groupBy`. */
  async analytics<G extends GroupBy>(groupBy: G, scope: Scope): Promise<ReportOf<G>> {
    const report = await answer(this.api.analytics.$get({ query: { ...scope, groupBy } }))
    return report as Exclude<typeof report, string> as ReportOf<G>
  }

  /**
   * The same report as CSV (format=csv), with the name the server gives it. Fetched with the
   * key like any call (a plain link could not carry the Authorization header), for a Blob to save.
   */
  async csv(groupBy: GroupBy, scope: Scope): Promise<SavedFile> {
    return fileOf(await sent(this.api.analytics.$get({ query: { ...scope, groupBy, format: 'csv' } })), `sharelink-${groupBy}.csv`)
  }

  /**
   * Every link with its all-time figures (GET /api/links/export), as CSV or JSON, the file import
   * takes back: signed in like any call, for a Blob to save.
   */
  async exportLinks(format: ExportFormat): Promise<SavedFile> {
    return fileOf(await sent(this.api.links.export.$get({ query: { format } })), `sharelink-links.${format}`)
  }
}
