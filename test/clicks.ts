/** Helpers for tests that click links and read their counts. */
import { createExecutionContext, createScheduledController, runDurableObjectAlarm, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { expect, vi } from 'vitest'
import type { MeteredClickCounter } from '../bench/workers/metered-counter'
import { counterOf } from '../src/clicks/send'
import type { Counts } from '../src/clicks/types'
import { ownerOf } from '../src/links/owner'
import { admin, BROWSER_UA, call, htmlPage, stubOrigin } from './helpers'
import worker from './limits/entry'

export type Stats = Counts & { code: string }

/** Makes `n` links to articles news.test/<prefix>/<i> through the admin API. */
export async function makeLinks(n: number, prefix: string, channel = 'x'): Promise<string[]> {
  const routes: Record<string, ReturnType<typeof htmlPage>> = {}
  for (let i = 0; i < n; i++) routes[`https://news.test/${prefix}/${i}`] = htmlPage(`<title>${prefix} ${i}</title>`)
  stubOrigin(routes)
  const codes: string[] = []
  for (let i = 0; i < n; i++) {
    const res = await admin('/api/links', { method: 'POST', body: { url: `https://news.test/${prefix}/${i}`, channel } })
    expect(res.status).toBe(201)
    codes.push((await res.json<{ code: string }>()).code)
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

export function click(code: string, init: Click = {}): Promise<Response> {
  const ip = init.ip === undefined ? newReader() : init.ip
  return call(`/${code}`, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: { 'User-Agent': init.ua ?? BROWSER_UA, ...(ip ? { 'CF-Connecting-IP': ip } : {}), ...init.headers },
    cf: { country: init.country ?? 'US' },
  } as RequestInit)
}

export async function stats(code: string, fresh: boolean): Promise<Stats> {
  const res = await admin(`/api/links/${code}/stats${fresh ? '?fresh=1' : ''}`)
  expect(res.status).toBe(200)
  return res.json()
}

/** Waits until the counters hold at least `clicks + repeats` for every code (hits travel after the responses). */
export async function settle(expected: Record<string, number>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const got = await Promise.all(
      Object.keys(expected).map(async (code) => {
        const s = await stats(code, true)
        return s.clicks + s.repeats
      }),
    )
    if (Object.values(expected).every((n, i) => got[i]! >= n)) return
    if (Date.now() > deadline) throw new Error(`counts did not arrive: ${JSON.stringify(got)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** The counter of a link, by its code, with the bench's meter the tests run it with (test/limits/entry.ts). */
export async function counterFor(code: string) {
  const rec = await ownerOf(env, code).get()
  if (!rec) throw new Error(`no link ${code}`)
  return counterOf(env, rec.id) as unknown as DurableObjectStub<MeteredClickCounter>
}

/** Runs the due flush alarm of each link's counter, as the runtime would. Returns how many ran. */
export async function flush(codes: string[]): Promise<number> {
  let ran = 0
  for (const code of codes) if (await runDurableObjectAlarm(await counterFor(code))) ran++
  return ran
}

/** Runs the minutely cron (the merge of stranded batches). */
export async function runScheduled(cron = '* * * * *'): Promise<void> {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ cron }), env, ctx)
  await waitOnExecutionContext(ctx)
}
