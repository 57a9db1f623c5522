/**
 * Exact counts under `wrangler dev`, where each request is its own context, as in production: hits
 * of one batch come from several requests, and each batch must be sent from a request still alive.
 * (The Workers-runtime tests can't show this; a lost batch here once cost a click in three.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type DevServer, startDev, startOrigin } from './dev-server'

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'

let dev: DevServer
let origin: Awaited<ReturnType<typeof startOrigin>>

beforeAll(async () => {
  origin = await startOrigin({ '/counted': { type: 'text/html', body: '<title>Counted</title>' } })
  dev = await startDev({ ALLOWED_HOSTS: '127.0.0.1:*' })
})

afterAll(async () => {
  await dev?.stop()
  await origin?.close()
})

const click = (code: string, ip: string) =>
  fetch(`${dev.url}/${code}`, { headers: { 'User-Agent': BROWSER_UA, 'CF-Connecting-IP': ip }, redirect: 'manual' }).then(async (r) => {
    await r.body?.cancel()
    return r.status
  })

it('counts every click, sequential or concurrent, and folds a reader’s repeats', async () => {
  const res = await fetch(`${dev.url}/api/links`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${dev.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: `${origin.url}/counted` }),
  })
  const { code } = (await res.json()) as { code: string }
  const statuses: number[] = []
  for (let i = 0; i < 30; i++) statuses.push(await click(code, `198.51.100.${i}`))
  statuses.push(...(await Promise.all(Array.from({ length: 200 }, (_, i) => click(code, `203.0.${i >> 8}.${i & 255}`)))))
  for (let i = 0; i < 20; i++) statuses.push(await click(code, '192.0.2.99'))
  expect(statuses.every((s) => s === 302)).toBe(true)
  const stats = async () =>
    (await (await fetch(`${dev.url}/api/links/${code}/stats?fresh=1`, { headers: { Authorization: `Bearer ${dev.apiKey}` } })).json()) as {
      clicks: number
      repeats: number
    }
  await expect
    .poll(
      async () => {
        const s = await stats()
        return s.clicks + s.repeats
      },
      { timeout: 15_000, interval: 200 },
    )
    .toBe(250)
  expect(await stats()).toMatchObject({ clicks: 231, repeats: 19 })
})
