/**
 * The demo article (GET /demo): a made-up story with pictures drawn for it (docs/demo-images/). Its card
 * names an image of the size it says; every picture is small; and in Chromium the page renders at a
 * phone's width under its per-request nonce CSP, its pictures loaded and the share links filled in.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launch } from './browser'
import { type DevServer, startDev } from './dev-server'

const ROOT = join(import.meta.dirname, '..', '..')
const PUBLIC = join(ROOT, 'public')
const SHOTS = join(ROOT, 'artifacts', 'screenshots')
const HTML = readFileSync(join(PUBLIC, 'demo-article.html'), 'utf8')

function meta(property: string): string | undefined {
  return new RegExp(`<meta property="${property}" content="([^"]*)">`).exec(HTML)?.[1]
}

function pngSize(file: string): { width: number; height: number } {
  const { width, height } = PNG.sync.read(readFileSync(join(PUBLIC, file)))
  return { width, height }
}

it('the card names a 1200x630 picture with its alt text, and every picture is what the page says and small', () => {
  expect(meta('og:image')).toBe('/demo-photo.png')
  expect(pngSize('demo-photo.png')).toEqual({ width: Number(meta('og:image:width')), height: Number(meta('og:image:height')) })
  expect(pngSize('demo-photo.png')).toEqual({ width: 1200, height: 630 })
  expect(meta('og:image:alt')?.length).toBeGreaterThan(20)
  expect(meta('article:published_time')).toMatch(/^\d{4}-\d{2}-\d{2}T/)
  expect(meta('article:author')).toBeTruthy()

  const images = [...HTML.matchAll(/<img src="\/([^"]+)" width="(\d+)" height="(\d+)" alt="([^"]+)">/g)]
  expect(images.map((m) => m[1])).toEqual(['demo-photo.png', 'demo-map.png'])
  for (const [, file, width, height] of images) {
    expect([file, pngSize(file!)]).toEqual([file, { width: Number(width), height: Number(height) }])
  }
  for (const file of ['demo-photo.png', 'demo-map.png', 'favicon.ico', 'favicon.svg']) {
    const bytes = statSync(join(PUBLIC, file)).size
    console.log(`public/${file}: ${bytes} bytes`)
    expect([file, bytes < 150 * 1024]).toEqual([file, true])
  }

  // The favicon: an ICO holding one 32x32 PNG.
  const ico = readFileSync(join(PUBLIC, 'favicon.ico'))
  expect([ico.readUInt16LE(2), ico.readUInt16LE(4), ico[6], ico[7]]).toEqual([1, 1, 32, 32])
  const inner = PNG.sync.read(ico.subarray(ico.readUInt32LE(18)))
  expect([inner.width, inner.height]).toEqual([32, 32])
})

describe.skipIf(!hasChromium)('/demo in Chromium', () => {
  let dev: DevServer
  let browser: Browser

  beforeAll(async () => {
    dev = await startDev({ ALLOWED_HOSTS: '127.0.0.1:*' })
    browser = await launch()
    mkdirSync(SHOTS, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await dev?.stop()
  })

  it('renders at 390 px under its nonce CSP, pictures loaded, share links filled in', async () => {
    const res = await fetch(`${dev.url}/demo`)
    expect(res.headers.get('Content-Security-Policy')).toMatch(/script-src 'nonce-[^']+'/)
    const html = await res.text()
    const demo = encodeURIComponent(`${dev.url}/demo`)
    for (const channel of ['x', 'facebook', 'linkedin', 'whatsapp', 'email']) {
      expect(html).toContain(`<a href="/share/${channel}?url=${demo}">`)
    }
    expect(html).not.toContain('__DEMO_URL__')

    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 })
    await page.addInitScript(() => {
      const seen: string[] = []
      ;(window as unknown as { cspViolations: string[] }).cspViolations = seen
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`))
    })
    await page.goto(`${dev.url}/demo`)
    await expect.poll(() => page.evaluate(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0))).toBe(true)
    expect(await page.locator('h1').textContent()).toContain('Millrace Bridge')
    // The article's own styles applied (its <style> carries the nonce).
    expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('672px')
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth])
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!)
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([])
    await page.screenshot({ path: join(SHOTS, 'demo-390.png') })
    await page.close()
  })
})
