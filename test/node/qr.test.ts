/** QR codes served by the worker decode, with an independent decoder (jsQR), to the short link. */
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launch } from './browser'
import { type DevServer, startDev, startOrigin } from './dev-server'

let dev: DevServer
let origin: Awaited<ReturnType<typeof startOrigin>>
let shortUrl: string
let code: string

beforeAll(async () => {
  origin = await startOrigin({ '/story': { type: 'text/html', body: '<title>QR story</title>' } })
  dev = await startDev({ ALLOWED_HOSTS: '127.0.0.1:*' })
  const res = await fetch(`${dev.url}/api/links`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${dev.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: `${origin.url}/story`, slug: 'qr-story' }),
  })
  expect(res.status).toBe(201)
  ;({ shortUrl, code } = (await res.json()) as { shortUrl: string; code: string })
})

afterAll(async () => {
  await dev?.stop()
  await origin?.close()
})

function decodePng(bytes: Buffer): string | undefined {
  const png = PNG.sync.read(bytes)
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data
}

it('qr.png decodes to the short link', async () => {
  const res = await fetch(`${dev.url}/${code}/qr.png`)
  expect(res.status).toBe(200)
  expect(res.headers.get('Content-Type')).toBe('image/png')
  expect(decodePng(Buffer.from(await res.arrayBuffer()))).toBe(shortUrl)
})

it('unknown links have no QR code', async () => {
  expect((await fetch(`${dev.url}/nope123/qr.svg`)).status).toBe(404)
  expect((await fetch(`${dev.url}/nope123/qr.png`)).status).toBe(404)
})

describe.skipIf(!hasChromium)('qr.svg', () => {
  it('rendered by Chromium, decodes to the short link', async () => {
    const res = await fetch(`${dev.url}/${code}/qr.svg`)
    expect(res.headers.get('Content-Type')).toBe('image/svg+xml')
    const browser = await launch()
    try {
      const page = await browser.newPage({ viewport: { width: 400, height: 400 } })
      await page.goto(`${dev.url}/${code}/qr.svg`)
      const shot = await page.locator('svg').screenshot()
      expect(decodePng(shot)).toBe(shortUrl)
    } finally {
      await browser.close()
    }
  })
})
