/**
 * The demo article (GET /demo): a made-up story with pictures drawn for it (docs/demo-images/). Its card
 * names an image of the size it says, and says what the page itself says (headline, byline, date,
 * picture); every picture is small; shared through its own buttons, the service's card for it is
 * that card, with the picture's address, size and description, and a reader lands back on it with
 * UTM tags; and in Chromium the page renders at a phone's width under its per-request nonce CSP, its
 * pictures loaded and the share links filled in.
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

/** The page's first match of `re`, its one group. */
function find(re: RegExp): string | undefined {
  return re.exec(HTML)?.[1]
}

function pngSize(file: string): { width: number; height: number } {
  const { width, height } = PNG.sync.read(readFileSync(join(PUBLIC, file)))
  return { width, height }
}

it('the card names a 1200x630 picture with its alt text, says what the page says, and every picture is what the page says and small', () => {
  expect(meta('og:image')).toBe('/demo-photo.png')
  expect(pngSize('demo-photo.png')).toEqual({ width: Number(meta('og:image:width')), height: Number(meta('og:image:height')) })
  expect(pngSize('demo-photo.png')).toEqual({ width: 1200, height: 630 })
  // The card, the page and its JSON-LD tell one story: the headline, the byline's author and time,
  // and the picture described as the page's own <img> describes it.
  const ld = JSON.parse(find(/<script type="application\/ld\+json">(.*?)<\/script>/)!) as Record<string, unknown>
  expect(find(/<h1>(.*?)<\/h1>/)).toBe(meta('og:title'))
  expect(ld.headline).toBe(meta('og:title'))
  expect(meta('og:image:alt')).toBe(find(/<img src="\/demo-photo\.png" [^>]*alt="([^"]+)">/))
  expect(meta('article:author')).toBe('Ruth Calloway')
  expect(find(/<p class="byline">By <strong>([^<]+)<\/strong>/)).toBe('Ruth Calloway')
  expect(ld.author).toEqual({ '@type': 'Person', name: 'Ruth Calloway' })
  expect(meta('article:published_time')).toBe('2026-11-20T08:30:00+00:00')
  expect(find(/<p class="byline">.*<time datetime="([^"]+)">/)).toBe('2026-11-20T08:30:00+00:00')
  expect(ld.datePublished).toBe('2026-11-20T08:30:00+00:00')
  expect(ld.image).toEqual(['/demo-photo.png'])

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

/** The <meta> tags of a page the service wrote, by property or name, their values unescaped. */
function metaTags(html: string): Record<string, string> {
  const decode = (s: string) =>
    s.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (_, ref: string) =>
      ref[0] === '#'
        ? String.fromCodePoint(ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1)))
        : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[ref.toLowerCase()]!,
    )
  return Object.fromEntries([...html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g)].map(([, k, v]) => [k!, decode(v!)]))
}

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'

// A service of its own: the click below would show as "Reads via shares: 1" under the buttons of
// the page the next test renders and photographs for the docs.
describe('/demo shared through its own buttons', () => {
  let dev: DevServer

  beforeAll(async () => {
    dev = await startDev({ ALLOWED_HOSTS: '127.0.0.1:*' })
  })

  afterAll(async () => {
    await dev?.stop()
  })

  it('makes a short link whose card is the demo photo at its size, and which takes a reader back to the demo with UTM tags', async () => {
    const demo = `${dev.url}/demo`
    // A reader's browser following the page's "Share on X" link: the service makes the link, then sends it to X.
    const press = await fetch(`${dev.url}/share/x?url=${encodeURIComponent(demo)}`, {
      headers: { 'User-Agent': BROWSER_UA, Referer: demo, 'Sec-Fetch-Site': 'same-origin' },
      redirect: 'manual',
    })
    expect(press.status).toBe(302)
    const intent = new URL(press.headers.get('Location')!)
    expect(`${intent.origin}${intent.pathname}`).toBe('https://x.com/intent/post')
    const shortUrl = intent.searchParams.get('url')!
    expect(shortUrl).toMatch(new RegExp(`^${dev.url}/[0-9A-Za-z]{7}$`))

    // What a platform's crawler gets: the demo's own card, its picture as an absolute address.
    const card = await fetch(shortUrl, { headers: { 'User-Agent': 'facebookexternalhit/1.1' }, redirect: 'manual' })
    expect(card.status).toBe(200)
    expect(metaTags(await card.text())).toMatchObject({
      'og:url': shortUrl,
      'og:title': meta('og:title'),
      'og:description': meta('og:description'),
      'og:site_name': 'The Larkford Courier',
      'og:image': `${dev.url}/demo-photo.png`,
      'og:image:width': '1200',
      'og:image:height': '630',
      'og:image:alt': meta('og:image:alt'),
      'article:author': 'Ruth Calloway',
      'article:published_time': '2026-11-20T08:30:00+00:00',
      'twitter:card': 'summary_large_image',
      'twitter:image': `${dev.url}/demo-photo.png`,
    })

    // What a person gets: the demo, tagged as a share on X.
    const visit = await fetch(shortUrl, { headers: { 'User-Agent': BROWSER_UA, 'CF-Connecting-IP': '203.0.113.9' }, redirect: 'manual' })
    expect(visit.status).toBe(302)
    expect(visit.headers.get('Location')).toBe(`${demo}?utm_source=x&utm_medium=social&utm_campaign=share`)
  })
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
    expect(await page.locator('h1').textContent()).toBe(meta('og:title'))
    // The article's own styles applied (its <style> carries the nonce).
    expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('672px')
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth])
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!)
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([])
    await page.screenshot({ path: join(SHOTS, 'demo-390.png') })
    await page.close()
  })
})
