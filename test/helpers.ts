/** Test helpers: the app through its real fetch handler (raw, and as its typed client), and a stubbed article origin. */
import { createExecutionContext, runDurableObjectAlarm, waitOnExecutionContext } from 'cloudflare:test'
import { env, exports } from 'cloudflare:workers'
import { type ApplyGlobalResponse, type ClientResponse, hc } from 'hono/client'
import type { ClientErrorStatusCode, ServerErrorStatusCode, SuccessStatusCode } from 'hono/utils/http-status'
import { afterEach, expect, vi } from 'vitest'
import type { ErrorCode, errorBody } from '../src/errors'
import type { AppType } from '../src/index'
import { ownerOf } from '../src/links/owner'
import { KV_WRITE_SPACING_MS } from '../src/links/store'
import worker from './limits/entry'
import { countFetch } from './limits/harness'

export const BASE = 'https://share.example.com'
/** The newer of API_KEY's two keys (vitest.config.ts). */
export const KEY = 'test-key-new-9fGh2JkL5mNp8QrSt3VwXy6Z'
export const OLD_KEY = 'test-key-old-4Tq9ZpXw2LmNc8RvYb3KdHs7'

/** A request to the worker, as the internet would send it. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, BASE), init))
}

/**
 * Any error, from any route, is the one shape `onError` answers (src/errors.ts); the routes' own
 * types carry their successes (and their validators' 400) only, so the client is told of the rest here.
 */
type ErrorBody = ReturnType<typeof errorBody<ErrorCode>>
type App = ApplyGlobalResponse<AppType, { [S in ClientErrorStatusCode | ServerErrorStatusCode]: { json: ErrorBody } }>

/**
 * The app's typed clients over `send` (a request to the Worker, however the test delivers it):
 * `api` and `adminApi` (with the admin key) for /api/*, `site` for the service's other routes.
 */
export function clientsOf(send: (request: Request) => Promise<Response>) {
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => send(new Request(input, init))
  const site = hc<App>(BASE, { fetch })
  return { site, api: site.api, adminApi: hc<App>(BASE, { fetch, headers: { Authorization: `Bearer ${KEY}` } }).api }
}

/**
 * The app, typed by its routes, through the limits harness's entry (each call a production
 * invocation): `api` as a share button calls it, `adminApi` with the admin key, `site` for
 * /healthz and the like.
 */
export const { site, api, adminApi } = clientsOf(async (request) => {
  const ctx = createExecutionContext()
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], env, ctx)
  background.push(waitOnExecutionContext(ctx))
  return response
})

/** The work the typed clients' requests left behind them (their `waitUntil`): a share's hit, in a batch a click may join. */
const background: Promise<unknown>[] = []

/** Settles once every typed client's request so far has finished its work after the response. */
export async function backgroundDone(): Promise<void> {
  while (background.length) await Promise.all(background.splice(0))
}

type Answer = ClientResponse<unknown, number, string>
/** The JSON body a route declares for `status` (a route may answer a status in another form too: text, CSV). */
type BodyFor<R, S> = R extends ClientResponse<infer T, infer U, infer F> ? (U extends S ? (F extends 'json' ? T : never) : never) : never

async function bodyOf<R extends Answer, S extends number>(answer: R | Promise<R>, status: S): Promise<BodyFor<R, S>> {
  const res = await answer
  // The body in the message: a wrong status says why.
  expect(res.status, await res.clone().text()).toBe(status)
  expect(res.headers.get('Content-Type'), 'a JSON body').toMatch(/^application\/json\b/)
  // What `if (res.status === 201)` narrows to at a call site; TypeScript can't narrow a generic
  // union by a value, so the checks above stand in for it.
  return res.json() as Promise<BodyFor<R, S>>
}

/** Expects the answer's status to be `status` (a success its route declares) and returns its body, typed by the route. */
export function ok<R extends Answer, S extends Extract<R['status'], SuccessStatusCode>>(answer: R | Promise<R>, status: S) {
  return bodyOf(answer, status)
}

/** Expects the answer to be an error of `status` and returns its `{ error: { code, message } }`. */
export function refused<R extends Answer, S extends Extract<R['status'], ClientErrorStatusCode | ServerErrorStatusCode>>(
  answer: R | Promise<R>,
  status: S,
) {
  return bodyOf(answer, status)
}

/** The error body with `code`, and any message unless one is given (a string, or a matcher such as expect.stringMatching). */
export function anError(code: ErrorCode, message: unknown = expect.any(String)) {
  return { error: { code, message } }
}

/** The admin key's header, for raw calls (the typed `adminApi` sends it itself). */
export const AS_ADMIN = { Authorization: `Bearer ${KEY}` }

/**
 * A raw JSON request, for bodies the typed client would refuse to send (wrong types, unknown
 * fields, a padded body): the test is then about what the Worker does with them.
 */
export function callJson(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return call(path, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) })
}

export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'
/** What a person's browser sends when they open a link. */
export const BROWSER = {
  'User-Agent': BROWSER_UA,
  Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
}
export const FACEBOOK_UA = 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'

/**
 * A stub response, made afresh for every fetch: a Response built in the test's context can't be
 * read from the worker's request context.
 */
export type Route = (req: Request) => Response | Promise<Response>

/**
 * Replaces outbound fetch with a stub origin that serves `routes` (by exact URL) and fails the
 * test on any other address, so nothing unexpected is ever fetched. Returns the URLs fetched.
 */
export function stubOrigin(routes: Record<string, Route>): string[] {
  const fetched: string[] = []
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init)
    // A subrequest of the invocation that makes it, as in production.
    countFetch()
    fetched.push(req.url)
    const route = routes[req.url]
    if (!route) {
      unexpected.push(req.url)
      throw new TypeError(`unexpected outbound fetch: ${req.url}`)
    }
    return route(req)
  })
  return fetched
}

/**
 * Time passes: the clock (Date only; timers and I/O run as they do) moves `ms` ahead, as when a
 * test waits for what happens a second later without sleeping through it.
 */
export function advanceClock(ms: number): void {
  if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
  vi.setSystemTime(Date.now() + ms)
}

const unexpected: string[] = []
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  const seen = unexpected.splice(0)
  expect(seen, 'unexpected outbound fetches').toEqual([])
})

export function htmlPage(body: string, headers: Record<string, string> = {}): Route {
  return () => new Response(body, { headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers } })
}

export function respond(body: string | null, init: ResponseInit = {}): Route {
  return () => new Response(body, init)
}

export function redirectTo(location: string, status = 302): Route {
  return () => new Response(null, { status, headers: { Location: location } })
}

/**
 * A second later (KV takes one write a second to a key, so a link's owner waits its turn to copy
 * a change), each link's owner has written the KV copy it was waiting to write.
 */
export async function kvCopiesWritten(...codes: string[]): Promise<void> {
  advanceClock(KV_WRITE_SPACING_MS)
  for (const code of codes) await runDurableObjectAlarm(ownerOf(env, code))
}
