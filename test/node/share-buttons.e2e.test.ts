/**
 * The whole journey in a real browser, against the worker under `wrangler dev`: a reader presses
 * share on the demo article, a crawler fetches the card, another reader clicks through, and the
 * clicks and previews show up in the stats.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launch } from './browser'
import { type DevServer, startDev } from './dev-server'

const ROOT = join(import.meta.dirname, '..', '..')
const SHOTS = join(ROOT, 'artifacts', 'screenshots')

it('embed.js builds to under 5 KB gzipped, with its usage comment on top', () => {
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
    console.log(`embed.js: ${size} bytes gzipped`)
    expect(size).toBeLessThan(5 * 1024)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})

describe.skipIf(!hasChromium)('share buttons in Chromium', () => {
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

  /** A browser context where the platforms' sites answer locally: this machine has no internet. */
  async function context(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
    // Headless Chromium says "HeadlessChrome" and is rightly taken for a bot: browse as a person.
    const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`
    const ctx = await browser.newContext({ userAgent, ...options })
    await ctx.route(/^https:\/\/(x\.com|www\.facebook\.com|www\.linkedin\.com|wa\.me)\//, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>platform</title>' }),
    )
    return ctx
  }

  async function stats(code: string, fresh: boolean): Promise<{ clicks: number; previews: number; byChannel: Record<string, number> }> {
    const res = await fetch(`${dev.url}/api/links/${code}/stats${fresh ? '?fresh=1' : ''}`, {
      headers: { Authorization: `Bearer ${dev.apiKey}` },
    })
    expect(res.status).toBe(200)
    return (await res.json()) as { clicks: number; previews: number; byChannel: Record<string, number> }
  }

  async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
    const deadline = Date.now() + ms
    for (;;) {
      const v = await read()
      if (ok(v) || Date.now() > deadline) return v
      await new Promise((r) => setTimeout(r, 200))
    }
  }

  it('share on X and copy, a crawler gets the card, a person lands with UTM tags, and the stats say so', async () => {
    const ctx = await context({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 900, height: 700 } })
    const page = await ctx.newPage()
    const cspErrors: string[] = []
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && cspErrors.push(m.text()))

    await page.goto(`${dev.url}/demo`)
    const x = page.getByRole('link', { name: 'Share on X' })
    await expect.poll(() => x.count()).toBe(1)
    // The rendered buttons: accessible names for every default channel.
    for (const name of [
      'Share on Facebook',
      'Share on LinkedIn',
      'Share on WhatsApp',
      'Share on Telegram',
      'Share on Reddit',
      'Share on Bluesky',
      'Share on Email',
    ]) {
      expect(await page.getByRole('link', { name }).count()).toBe(1)
    }
    await page.locator('sharelink-buttons').screenshot({ path: join(SHOTS, 'share-buttons.png') })

    // Press X: a new window opens the platform's intent carrying the short link.
    const [popup] = await Promise.all([ctx.waitForEvent('page'), x.click()])
    await popup.waitForURL(/^https:\/\/x\.com\/intent\/post/)
    const xShort = new URL(popup.url()).searchParams.get('url')!
    expect(xShort).toMatch(new RegExp(`^${dev.url}/[0-9A-Za-z]{7}$`))
    expect(new URL(popup.url()).searchParams.get('text')).toContain('Millrace Bridge opens')

    // Press copy: the short link is on the clipboard and the page says so.
    await page.getByRole('link', { name: 'Copy link' }).click()
    const status = page.getByRole('status')
    await expect.poll(() => status.textContent()).toMatch(/^Link copied: /)
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toMatch(new RegExp(`^${dev.url}/[0-9A-Za-z]{7}$`))
    expect(copied).not.toBe(xShort)
    expect(cspErrors).toEqual([])

    // A person follows the copied link and lands on the article with UTM tags.
    const reader = await ctx.newPage()
    await reader.goto(copied)
    expect(reader.url()).toBe(`${dev.url}/demo?utm_source=copy&utm_medium=social&utm_campaign=share`)

    // Facebook's crawler fetches the X link and gets the card.
    const card = await fetch(xShort, {
      headers: { 'User-Agent': 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)' },
      redirect: 'manual',
    })
    expect(card.status).toBe(200)
    const html = await card.text()
    expect(html).toContain('<meta property="og:title" content="Millrace Bridge opens: Eastbank to the station in ten minutes by bike">')
    expect(html).toContain(`<meta property="og:url" content="${xShort}">`)
    expect(html).toContain(`<meta property="og:image" content="${dev.url}/demo-photo.png">`)

    // The stats: exactly one click on the copied link, exactly one preview of the X link.
    const copyCode = copied.slice(copied.lastIndexOf('/') + 1)
    const xCode = xShort.slice(xShort.lastIndexOf('/') + 1)
    const copyStats = await eventually(
      () => stats(copyCode, true),
      (s) => s.clicks >= 1,
    )
    const xStats = await eventually(
      () => stats(xCode, true),
      (s) => s.previews >= 1,
    )
    expect(copyStats).toMatchObject({ clicks: 1, previews: 0, byChannel: { copy: 1 } })
    expect(xStats).toMatchObject({ clicks: 0, previews: 1 })
    // And after a flush (FLUSH_SECONDS=2 here), the same from KV.
    expect(
      await eventually(
        () => stats(copyCode, false),
        (s) => s.clicks === 1,
      ),
    ).toMatchObject({ clicks: 1 })

    // The buttons set no cookies.
    expect(await ctx.cookies()).toEqual([])
    await ctx.close()
  })

  it('without JavaScript, the plain links still share', async () => {
    const ctx = await context({ javaScriptEnabled: false })
    const page = await ctx.newPage()
    await page.goto(`${dev.url}/demo`)
    await page.getByRole('link', { name: 'Share on LinkedIn' }).click()
    await page.waitForURL(/^https:\/\/www\.linkedin\.com\/sharing\/share-offsite\//)
    const short = new URL(page.url()).searchParams.get('url')!
    expect(short).toMatch(new RegExp(`^${dev.url}/[0-9A-Za-z]{7}$`))
    await ctx.close()
  })
})
