/**
 * The OpenAPI document validates against the OpenAPI 3.1 schema; the static routes it lists exist; and
 * its reference page (/docs: Swagger UI from public/docs/) draws it in Chromium under the page's CSP at a
 * phone's width, with an operation's recorded examples, fetching nothing from anywhere but this origin.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { Validator } from '@seriousme/openapi-schema-validator'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launch, watchPage } from './browser'
import { type DevServer, startDev } from './dev-server'

const SHOTS = join(import.meta.dirname, '..', '..', 'artifacts', 'screenshots')

let dev: DevServer
beforeAll(async () => {
  dev = await startDev()
})
afterAll(async () => {
  await dev?.stop()
})

it('is a valid OpenAPI 3.1 document', async () => {
  const doc = await (await fetch(`${dev.url}/openapi.json`)).json()
  const validator = new Validator()
  const result = await validator.validate(doc as Parameters<Validator['validate']>[0])
  expect(result.errors ?? []).toEqual([])
  expect(result.valid).toBe(true)
  expect(validator.version).toBe('3.1')
})

it('its static routes are served, the docs page under a CSP with no unsafe-inline', async () => {
  for (const path of ['/docs', '/embed.js', '/dashboard', '/docs.js', '/docs.css', '/favicon.ico', '/favicon.svg']) {
    const res = await fetch(`${dev.url}${path}`, { redirect: 'manual' })
    expect([path, res.status]).toEqual([path, 200])
  }
  const docs = await fetch(`${dev.url}/docs`)
  const csp = docs.headers.get('Content-Security-Policy')
  expect(csp).toContain("script-src 'self'")
  expect(csp).toContain("style-src 'self'")
  expect(csp).not.toContain('unsafe-')
  expect(await docs.text()).toContain('/docs/swagger-ui-bundle.js')
})

it('Swagger UI is served from this origin: what it adds to public/', async () => {
  let raw = 0
  let gzipped = 0
  for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
    const res = await fetch(`${dev.url}/docs/${file}`)
    expect([file, res.status]).toEqual([file, 200])
    const body = Buffer.from(await res.arrayBuffer())
    raw += body.byteLength
    gzipped += gzipSync(body, { level: 9 }).byteLength
  }
  console.log(`Swagger UI: ${raw} bytes, ${gzipped} bytes gzipped`)
  // Swagger UI 5.x is about 475 KiB gzipped: a version that grows much past it should be looked at.
  expect(gzipped).toBeLessThan(520 * 1024)
})

describe.skipIf(!hasChromium)('/docs in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
    mkdirSync(SHOTS, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('draws createShareLink with its examples at 390 px, without horizontal scroll or a CSP violation', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 })
    // Every violation, whether or not the browser also logs it; and every request that leaves this origin.
    const report = await watchPage(page, dev.url)

    // A deep link opens the operation.
    await page.goto(`${dev.url}/docs#/share/createShareLink`)
    const op = page.locator('#operations-share-createShareLink')
    await op.locator('.opblock-body').waitFor()
    const text = (await op.textContent()) ?? ''
    expect(text).toContain('createShareLink')
    expect(text).toContain('/api/share')
    // The recorded request body and the recorded 201 answer (scripts/openapi/examples.json).
    expect(text).toContain('"url": "https://news.example.com/2026/11/storm-warning"')
    expect(text).toContain('"title": "Storm warning for the coast"')
    expect(text).toContain('"shortUrl": "https://share.example.com/Ex4mpl3"')

    // Nothing wider than the screen: the page does not scroll sideways.
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth])
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!)
    await page.screenshot({ path: join(SHOTS, 'docs-390.png') })

    // Try it out on an operation that needs no key: the API call goes through the page's connect-src.
    const health = page.locator('#operations-service-getHealth')
    await health.locator('.opblock-summary-control').click()
    await health.getByRole('button', { name: 'Try it out' }).click()
    await health.getByRole('button', { name: 'Execute' }).click()
    await expect.poll(() => health.locator('.live-responses-table tr.response .response-col_status').first().textContent()).toBe('200')
    expect(await health.locator('.curl-command').textContent()).toContain(`curl -X 'GET'`)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    expect(await report()).toEqual({ csp: [], errors: [], elsewhere: [] })
    await page.close()
  })
})
