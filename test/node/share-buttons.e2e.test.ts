/**
 * The share buttons in a real browser, against the worker under `wrangler dev`, on a publisher's
 * article page served by this test (another origin, as in production) with the snippet and the
 * Content-Security-Policy from docs/share-buttons.md exactly as written there, nonce added: the
 * buttons draw their icons at desktop and phone widths, a reader shares on X and copies the link, a
 * crawler fetches the card, another reader clicks through, and the counts show on the buttons. When
 * the service refuses or cannot be reached, the buttons still share the article's own URL.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launch } from './browser'
import { type DevServer, startDev } from './dev-server'

const ROOT = join(import.meta.dirname, '..', '..')
const SHOTS = join(ROOT, 'artifacts', 'screenshots')
const BUDGET = 8 * 1024

it(`embed.js builds to under ${BUDGET / 1024} KB gzipped, with its usage comment on top`, () => {
  // Built elsewhere, as in a fresh clone (public/embed.js is built by `wrangler dev`), without
  // touching what a dev server serves.
  const out = mkdtempSync(join(tmpdir(), 'sharelink-embed-'))
  try {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-assets.mjs'), 'embed'], {
      cwd: ROOT,
      env: { ...process.env, EMBED_OUTDIR: out },
      encoding: 'utf8',
    })
    expect(run.status, run.stderr).toBe(0)
    console.log(run.stdout.trim())
    expect(readdirSync(out)).toEqual(['embed.js'])
    const js = readFileSync(join(out, 'embed.js'))
    expect(js.toString('utf8')).toMatch(/^\/\*! sharelink share buttons\./)
    const size = gzipSync(js, { level: 9 }).byteLength
    console.log(`embed.js: ${js.byteLength} bytes, ${size} bytes gzipped (budget ${BUDGET})`)
    expect(size).toBeLessThan(BUDGET)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})

/** The snippet and the policy from the docs, as a publisher copies them: the first html and http blocks. */
const DOC = readFileSync(join(ROOT, 'docs', 'share-buttons.md'), 'utf8')
const SNIPPET = /```html\n([\s\S]*?)```/.exec(DOC)![1]!
const POLICY = /```http\nContent-Security-Policy: (.*)\n```/.exec(DOC)![1]!
const DOC_HOST = 'https://share.example.com'
const DOC_ARTICLE = 'https://news.example.com/story'
const TITLE = 'Harbour town opens its new library on the old ferry pier'

/** The publisher's article page: the snippet with this service and this page put in, under the policy. */
function articlePage(service: string, article: string, nonce: string, extra = ''): string {
  const snippet = SNIPPET.replaceAll(encodeURIComponent(DOC_ARTICLE), encodeURIComponent(article))
    .replaceAll(DOC_HOST, service)
    .replaceAll('NONCE', nonce)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark">
<title>${TITLE} | Harbour Gazette</title>
<meta property="og:title" content="${TITLE}">
<meta property="og:description" content="Four years after the last ferry left, the pier has shelves, a reading room and a café.">
<meta property="og:site_name" content="Harbour Gazette">
<link rel="canonical" href="${article}">
</head><body><main><article><h1>${TITLE}</h1>
${snippet}${extra}
<p>Four years after the last ferry left, the pier has shelves, a reading room and a café.</p>
</article></main></body></html>`
}

interface Publisher {
  /** The article's URL on the origin in ALLOWED_HOSTS (127.0.0.1). */
  url: string
  /** The same article on an origin that is not (localhost). */
  refusedUrl: string
  close(): Promise<void>
}

/**
 * The publisher's site: /story is the article under the documented policy with a fresh nonce per
 * response (any query, such as UTM tags, is the same article); /story-bad-nonce carries a nonce
 * the policy does not name, to show a violation would be seen; /elsewhere shares an article on a
 * host outside ALLOWED_HOSTS.
 */
async function startPublisher(service: () => string): Promise<Publisher> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const article = `http://${req.headers.host}/story`
    const nonce = randomBytes(16).toString('base64')
    const policy = POLICY.replaceAll(DOC_HOST, service()).replaceAll('NONCE', nonce)
    let body: string
    if (path === '/story') body = articlePage(service(), article, nonce)
    else if (path === '/story-bad-nonce') body = articlePage(service(), article, 'not-the-nonce')
    else if (path === '/elsewhere') {
      body = articlePage(service(), article, nonce, '<sharelink-buttons url="https://elsewhere.example/story"></sharelink-buttons>')
    } else return res.writeHead(404).end('not found')
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': policy }).end(body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/story`,
    refusedUrl: `http://localhost:${port}/story`,
    close: () => new Promise((r) => server.close(() => r())),
  }
}

describe.skipIf(!hasChromium)('share buttons in Chromium', () => {
  let dev: DevServer
  let publisher: Publisher
  let browser: Browser

  beforeAll(async () => {
    publisher = await startPublisher(() => dev.url)
    // localhost is another host than 127.0.0.1 to the list: the page served from it is refused.
    dev = await startDev({ ALLOWED_HOSTS: '127.0.0.1:*' })
    browser = await launch()
    mkdirSync(SHOTS, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await dev?.stop()
    await publisher?.close()
  })

  /** A browser context where the platforms' sites answer locally: this machine has no internet. */
  async function context(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
    // Headless Chromium says "HeadlessChrome" and is rightly taken for a bot: browse as a person.
    const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`
    const ctx = await browser.newContext({ userAgent, ...options })
    await ctx.route(/^https:\/\/(x\.com|www\.facebook\.com|www\.linkedin\.com|wa\.me)\//, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>platform</title>' }),
    )
    // Every CSP violation, from the page or the buttons' shadow roots (the event is composed).
    await ctx.addInitScript(() => {
      const seen: string[] = []
      Object.defineProperty(window, 'cspViolations', { value: seen })
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`), true)
    })
    return ctx
  }

  /** The page's CSP violations: the events, and Chromium's console reports of them. */
  function watchCsp(page: Page): () => Promise<string[]> {
    const logged: string[] = []
    page.on('console', (m) => /Content Security Policy|Trusted Type/i.test(m.text()) && logged.push(m.text()))
    return async () => [...logged, ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))]
  }

  /** The page's sharelink warnings. */
  function watchWarnings(page: Page): string[] {
    const warnings: string[] = []
    page.on('console', (m) => m.type() === 'warning' && m.text().startsWith('sharelink:') && warnings.push(m.text()))
    return warnings
  }

  /** Every button drew its icon: an SVG of the size's width, with a path that has a shape. */
  async function expectIcons(page: Page, count: number): Promise<void> {
    const icons = await page
      .locator('sharelink-buttons')
      .first()
      .evaluate((el) =>
        [...el.shadowRoot!.querySelectorAll('[data-channel]')].map((b) => {
          const path = b.querySelector('svg path') as SVGPathElement | null
          const box = path?.getBBox()
          return {
            channel: (b as HTMLElement).dataset.channel,
            width: b.querySelector('svg')?.getBoundingClientRect().width,
            shape: box && box.width * box.height,
          }
        }),
      )
    expect(icons).toHaveLength(count)
    for (const i of icons) {
      expect(i.width, i.channel).toBe(20)
      expect(i.shape, i.channel).toBeGreaterThan(20)
    }
  }

  async function stats(code: string, fresh: boolean): Promise<{ clicks: number; previews: number; byChannel: Record<string, number> }> {
    const res = await fetch(`${dev.url}/api/links/${code}/stats${fresh ? '?fresh=1' : ''}`, {
      headers: { Authorization: `Bearer ${dev.apiKey}` },
    })
    expect(res.status).toBe(200)
    return (await res.json()) as { clicks: number; previews: number; byChannel: Record<string, number> }
  }

  const NAMES = [
    'Share on X',
    'Share on Facebook',
    'Share on LinkedIn',
    'Share on WhatsApp',
    'Share on Telegram',
    'Share on Reddit',
    'Share on Bluesky',
    'Share by email',
  ]

  it('the documented snippet under the documented CSP: icons at 1000 and 390 px, light and dark, no violation', async () => {
    for (const [width, scheme] of [
      [1000, 'light'],
      [1000, 'dark'],
      [390, 'light'],
      [390, 'dark'],
    ] as const) {
      const ctx = await context({ viewport: { width, height: 700 }, colorScheme: scheme })
      const page = await ctx.newPage()
      const violations = watchCsp(page)
      await page.goto(publisher.url)
      await expect.poll(() => page.getByRole('link', { name: 'Share on X' }).count()).toBe(1)
      for (const name of NAMES) expect(await page.getByRole('link', { name, exact: true }).count(), name).toBe(1)
      expect(await page.getByRole('button', { name: 'Copy link', exact: true }).count()).toBe(1)
      // Chromium on Linux has no share sheet: no Share button.
      expect(await page.getByRole('button', { name: 'Share', exact: true }).count()).toBe(0)
      await expectIcons(page, 9)
      // The buttons wrap, never widen the page.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
      // Cropped to the buttons, with a margin of the page around them.
      const clip = await page.locator('sharelink-buttons').evaluate((el) => {
        const boxes = [...el.shadowRoot!.querySelectorAll('[data-channel]')].map((b) => b.getBoundingClientRect())
        const [x, y] = [Math.min(...boxes.map((b) => b.left)) - 12, Math.min(...boxes.map((b) => b.top)) - 12]
        return { x, y, width: Math.max(...boxes.map((b) => b.right)) + 12 - x, height: Math.max(...boxes.map((b) => b.bottom)) + 12 - y }
      })
      await page.screenshot({ path: join(SHOTS, `share-buttons-${width}-${scheme}.png`), clip })
      expect(await violations()).toEqual([])
      await ctx.close()
    }
  })

  it('a wrong nonce is seen: the script is blocked, and only the plain links show', async () => {
    const ctx = await context()
    const page = await ctx.newPage()
    const violations = watchCsp(page)
    await page.goto(publisher.url.replace('/story', '/story-bad-nonce'))
    await expect.poll(violations).not.toEqual([])
    expect((await violations()).join('\n')).toMatch(/script-src/)
    expect(await page.locator('sharelink-buttons').evaluate((el) => el.shadowRoot)).toBeNull()
    await ctx.close()
  })

  it('share on X and copy, a crawler gets the card, a person lands with UTM tags, and the stats say so', async () => {
    const ctx = await context({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1000, height: 700 } })
    const page = await ctx.newPage()
    const violations = watchCsp(page)
    const warnings = watchWarnings(page)
    await page.goto(publisher.url)
    const x = page.getByRole('link', { name: 'Share on X' })
    await expect.poll(() => x.count()).toBe(1)

    // Press X: a new window opens the platform's intent carrying the short link.
    const [popup] = await Promise.all([ctx.waitForEvent('page'), x.click()])
    await popup.waitForURL(/^https:\/\/x\.com\/intent\/post/)
    const xShort = new URL(popup.url()).searchParams.get('url')!
    expect(xShort).toMatch(new RegExp(`^${dev.url}/[0-9A-Za-z]{7}$`))
    expect(new URL(popup.url()).searchParams.get('text')).toBe(TITLE)

    // Press copy: the short link is on the clipboard and the page says so.
    await page.getByRole('button', { name: 'Copy link' }).click()
    const status = page.getByRole('status')
    await expect.poll(() => status.textContent()).toMatch(/^Link copied: /)
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toMatch(new RegExp(`^${dev.url}/[0-9A-Za-z]{7}$`))
    expect(copied).not.toBe(xShort)
    expect(await violations()).toEqual([])
    expect(warnings).toEqual([])

    // A person follows the copied link and lands on the article with UTM tags.
    const reader = await ctx.newPage()
    await reader.goto(copied)
    expect(reader.url()).toBe(`${publisher.url}?utm_source=copy&utm_medium=social&utm_campaign=share`)

    // Facebook's crawler fetches the X link and gets the card.
    const card = await fetch(xShort, {
      headers: { 'User-Agent': 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)' },
      redirect: 'manual',
    })
    expect(card.status).toBe(200)
    const html = await card.text()
    expect(html).toContain(`<meta property="og:title" content="${TITLE}">`)
    expect(html).toContain(`<meta property="og:url" content="${xShort}">`)

    // The stats: exactly one click on the copied link, exactly one preview of the X link; each
    // reaches its counter from the request that made it, so they are polled for, as the counter has them.
    const copyCode = copied.slice(copied.lastIndexOf('/') + 1)
    const xCode = xShort.slice(xShort.lastIndexOf('/') + 1)
    const POLL = { timeout: 15_000 }
    await expect.poll(() => stats(copyCode, true), POLL).toMatchObject({ clicks: 1, previews: 0, byChannel: { copy: 1 } })
    await expect.poll(() => stats(xCode, true), POLL).toMatchObject({ clicks: 0, previews: 1 })
    // And after a flush (FLUSH_SECONDS=2 here), the same from KV: the public counts show it.
    await expect.poll(() => stats(copyCode, false), POLL).toMatchObject({ clicks: 1 })
    await expect
      .poll(async () => (await fetch(`${dev.url}/api/counts?url=${encodeURIComponent(publisher.url)}`)).json(), POLL)
      .toMatchObject({ clicks: 1 })

    // The snippet's show-count: the total under the buttons.
    await page.reload()
    await expect.poll(() => page.locator('sharelink-buttons').getByText('Reads via shares: 1').count()).toBe(1)

    // Each channel's count on its button, a share sheet where the device has one, and texts in German.
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'share', {
        value: (data: ShareData) => {
          ;(window as unknown as { shared: ShareData }).shared = data
          return Promise.resolve()
        },
      })
    })
    await page.reload()
    await page.evaluate(() => {
      const el = document.createElement('sharelink-buttons')
      for (const [k, v] of Object.entries({
        'show-count': 'channels',
        channels: 'share,x,copy',
        'label-x': 'Auf X teilen',
        'text-share': 'Teilen',
        'text-copy': 'Link kopieren',
      }))
        el.setAttribute(k, v)
      document.querySelector('h1')!.after(el)
    })
    const german = page.locator('sharelink-buttons').first()
    await expect.poll(() => german.getByRole('button', { name: 'Link kopieren (1)' }).count()).toBe(1)
    expect(await german.getByRole('link', { name: 'Auf X teilen', exact: true }).count()).toBe(1)
    await german.getByRole('button', { name: 'Teilen' }).click()
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { shared?: ShareData }).shared))
      .toEqual({ url: copied, title: TITLE })
    await german.screenshot({ path: join(SHOTS, 'share-buttons-german-counts.png') })
    expect(await violations()).toEqual([])

    // The buttons set no cookies.
    expect(await ctx.cookies()).toEqual([])
    await ctx.close()
  })

  /** Presses X and copy on the page; answers the X popup's shared URL, the clipboard, and the warnings. */
  async function shareWithout(url: string, setup?: (ctx: BrowserContext) => Promise<unknown>) {
    const ctx = await context({ permissions: ['clipboard-read', 'clipboard-write'] })
    await setup?.(ctx)
    const page = await ctx.newPage()
    const violations = watchCsp(page)
    const warnings = watchWarnings(page)
    await page.goto(url)
    const buttons = page.locator('sharelink-buttons').last()
    const x = buttons.getByRole('link', { name: 'Share on X' })
    await expect.poll(() => x.count()).toBe(1)
    const [popup] = await Promise.all([ctx.waitForEvent('page'), x.click()])
    await popup.waitForURL(/^https:\/\/x\.com\/intent\/post/)
    const intent = new URL(popup.url())
    await buttons.getByRole('button', { name: 'Copy link' }).click()
    await expect.poll(() => page.getByRole('status').last().textContent()).toMatch(/^Link copied: /)
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(await violations()).toEqual([])
    await ctx.close()
    return { shared: intent.searchParams.get('url'), text: intent.searchParams.get('text'), copied, warnings }
  }

  it("when the service refuses the page's origin, the buttons share the article's own URL and say why", async () => {
    const got = await shareWithout(publisher.refusedUrl)
    expect(got.shared).toBe(publisher.refusedUrl)
    expect(got.text).toBe(TITLE)
    expect(got.copied).toBe(publisher.refusedUrl)
    // One warning, however many presses.
    expect(got.warnings).toEqual([
      `sharelink: this page's origin (${new URL(publisher.refusedUrl).origin}) is not in the ALLOWED_HOSTS of ${dev.url} (or see ${dev.url}/healthz); sharing the article URL instead`,
    ])
  })

  it('when the service answers 403 host_not_allowed for the article, the same, naming the host', async () => {
    const got = await shareWithout(publisher.url.replace('/story', '/elsewhere'))
    expect(got.shared).toBe('https://elsewhere.example/story')
    expect(got.copied).toBe('https://elsewhere.example/story')
    expect(got.warnings).toEqual([
      `sharelink: ${dev.url} does not share articles from elsewhere.example: it is not in ALLOWED_HOSTS; sharing the article URL instead`,
    ])
  })

  it('when the service answers 429, or cannot be reached, the same', async () => {
    const limited = await shareWithout(publisher.url, (ctx) =>
      ctx.route(`${dev.url}/api/share`, (route) =>
        route.fulfill(
          route.request().method() === 'OPTIONS'
            ? {
                status: 204,
                headers: {
                  'Access-Control-Allow-Origin': '*',
                  'Access-Control-Allow-Headers': 'Content-Type',
                  'Access-Control-Allow-Methods': 'POST',
                },
              }
            : {
                status: 429,
                headers: { 'Access-Control-Allow-Origin': '*', 'Retry-After': '30' },
                contentType: 'application/json',
                body: JSON.stringify({ error: { code: 'rate_limited', message: 'too many links made; try again in 30 s' } }),
              },
        ),
      ),
    )
    expect(limited.shared).toBe(publisher.url)
    expect(limited.warnings).toEqual([
      `sharelink: ${dev.url} answered 429 rate_limited: too many links made; try again in 30 s; sharing the article URL instead`,
    ])

    // Down: everything but the script itself (already in the reader's cache, say) fails to connect.
    const down = await shareWithout(publisher.url, (ctx) =>
      ctx.route(
        (u) => u.origin === dev.url && u.pathname !== '/embed.js',
        (route) => route.abort('connectionrefused'),
      ),
    )
    expect(down.shared).toBe(publisher.url)
    expect(down.copied).toBe(publisher.url)
    expect(down.warnings).toEqual([
      `sharelink: ${dev.url} cannot be reached (offline, or the page's Content-Security-Policy has no connect-src for it); sharing the article URL instead`,
    ])
  })

  it('without JavaScript, the plain links still share', async () => {
    const ctx = await context({ javaScriptEnabled: false })
    const page = await ctx.newPage()
    await page.goto(publisher.url)
    await page.getByRole('link', { name: 'Share on Facebook' }).click()
    await page.waitForURL(/^https:\/\/www\.facebook\.com\/sharer\/sharer\.php/)
    const short = new URL(page.url()).searchParams.get('u')!
    expect(short).toMatch(new RegExp(`^${dev.url}/[0-9A-Za-z]{7}$`))
    await ctx.close()
  })
})
