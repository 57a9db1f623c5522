/**
 * Helpers for tests that click links and read their counts. A click goes to the Worker with an
 * execution context of its own, so a test that awaits it knows its hit has reached the counter:
 * no polling, no sleeping.
 */
import {
  createExecutionContext,
  createScheduledController,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { vi } from 'vitest'
import type { MeteredClickCounter } from '../bench/workers/metered-counter'
import { counterOf } from '../src/clicks/send'
import type { Channel } from '../src/links/channels'
import { ownerOf } from '../src/links/owner'
import { adminApi, BASE, BROWSER_UA, backgroundDone, htmlPage, ok, stubOrigin } from './helpers'
import worker from './limits/entry'

/** Makes `n` links to articles news.test/<prefix>/<i> through the admin API. */
export async function makeLinks(n: number, prefix: string, channel: Channel = 'x'): Promise<string[]> {
  const routes: Record<string, ReturnType<typeof htmlPage>> = {}
  for (let i = 0; i < n; i++) routes[`https://news.test/${prefix}/${i}`] = htmlPage(`<title>${prefix} ${i}</title>`)
  stubOrigin(routes)
  const codes: string[] = []
  for (let i = 0; i < n; i++) {
    const link = await ok(adminApi.links.$post({ json: { url: `https://news.test/${prefix}/${i}`, channel } }), 201)
    codes.push(link.code)
  }
  vi.restoreAllMocks()
  return codes
}

let readers = 0

/** A new reader: a client address nobody has clicked from yet (CF-Connecting-IP, as Cloudflare sets it). */
export function newReader(): string {
  readers++
  return `198.51.${(readers >> 8) & 255}.${readers & 255}`
}

export interface Click {
  ua?: string
  method?: string
  headers?: Record<string, string>
  country?: string
  /** The client address; a new reader each click unless given. */
  ip?: string | null
}

/**
 * Every click's work after its response, chained: when one settles, so has every click sent
 * before it. A click that joins a batch another click opened has its hit carried in that
 * click's `waitUntil`, not its own.
 */
let delivered: Promise<unknown> = Promise.resolve()

export interface Sent {
  /** The Worker's answer, as soon as it has one. */
  response: Promise<Response>
  /** Settles once the Worker's work after the response is done: the hit (if it counts) is in its counter, or kept in KV. */
  counted: Promise<void>
}

/**
 * A reader's click, through the limits harness's entry (each a production invocation) with an
 * execution context of its own. The response comes at once; the hit travels after it in a batch
 * that waits 20 to 200 ms for company (src/clicks/send.ts), which `counted` waits out.
 */
export function send(code: string, init: Click = {}): Sent {
  const ip = init.ip === undefined ? newReader() : init.ip
  const request = new Request(`${BASE}/${code}`, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: { 'User-Agent': init.ua ?? BROWSER_UA, ...(ip ? { 'CF-Connecting-IP': ip } : {}), ...init.headers },
    cf: { country: init.country ?? 'US' },
  } as RequestInit)
  const ctx = createExecutionContext()
  const response = Promise.resolve(worker.fetch(request as Parameters<typeof worker.fetch>[0], env, ctx))
  const counted = Promise.all([delivered, backgroundDone(), response.then(() => waitOnExecutionContext(ctx))]).then(() => {})
  delivered = counted.catch(() => {})
  return { response, counted }
}

/** A reader's click; resolves with the Worker's answer once the click is counted (see `send`). */
export async function click(code: string, init: Click = {}): Promise<Response> {
  const { response, counted } = send(code, init)
  await counted
  return response
}

/**
 * `n` new readers' clicks at once, resolved when all are counted: they share a batch, where one
 * awaited after another would each wait out a batch of its own (200 ms on a busy link).
 */
export function clicks(code: string, n: number, init: Omit<Click, 'ip'> = {}): Promise<Response[]> {
  return Promise.all(Array.from({ length: n }, () => click(code, init)))
}

/** A link’s figures: as last flushed to D1, or exact from its counter (`fresh`). */
export async function stats(code: string, fresh: boolean) {
  await backgroundDone()
  return ok(adminApi.links[':code'].stats.$get({ param: { code }, query: fresh ? { fresh: '1' } : {} }), 200)
}

/** The counter of a link, by its code, with the bench's meter the tests run it with (test/limits/entry.ts). */
export async function counterFor(code: string) {
  const rec = await ownerOf(env, code).get()
  if (!rec) throw new Error(`no link ${code}`)
  return counterOf(env, rec.id) as unknown as DurableObjectStub<MeteredClickCounter>
}

/**
 * Runs each link's flush alarm now, as the runtime would once it is due. Returns how many ran. An
 * alarm set more than an hour ahead is not a flush but the trim that drops a week-old day's salt
 * and readers (clicks/flush.ts): it is left for its day.
 */
export async function flush(codes: string[]): Promise<number> {
  let ran = 0
  for (const code of codes) {
    const counter = await counterFor(code)
    const at = await runInDurableObject(counter, (_, state) => state.storage.getAlarm())
    if (at !== null && at - Date.now() <= HOUR_MS && (await runDurableObjectAlarm(counter))) ran++
  }
  return ran
}

const HOUR_MS = 3_600_000

/** Runs the minutely cron (the merge of stranded batches). */
export async function runScheduled(cron = '* * * * *'): Promise<void> {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ cron }), env, ctx)
  await waitOnExecutionContext(ctx)
}
