/**
 * The publisher's dashboard (GET /dashboard, static assets built from dashboard/) in Chromium,
 * against the worker under `wrangler dev`. Each test opens its own browser context, signs in and
 * seeds what it needs through the API, so any one runs alone and in any order. Three services, one
 * per kind of view, because some views show everything a service holds:
 * - a new service, never written to: the first visit, a wrong key, the empty views;
 * - a service for working on links, where each test makes links of its own and looks only at them:
 *   the form, human clicks in the detail view and its chart, the link's actions, paging and search
 *   (the server searches), deletion, a link whose article could not be read, errors in words;
 * - a service holding one day of traffic, seeded once through the worker (clicks by distinct
 *   readers, crawls by the platforms' crawlers, the counters flushed) and only read by its tests:
 *   the overview with the top article and its channel split, a change of period, the CSV download,
 *   the article page with each link's card and its warnings, the list with its figures, phone width,
 *   the figures refreshing themselves while the tab shows.
 * Every page runs under its strict CSP: a violation, script error or failed request fails its test.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { CHANNELS } from '../../src/links/channels'
import { hasChromium, launch } from './browser'
import { type DevServer, startDev, startOrigin } from './dev-server'

const ROOT = join(import.meta.dirname, '..', '..')
/** For what waits on the analytics API: a view's figures take several calls, some after others. */
const SLOW = { timeout: 10_000 }
// Each test's first page load is a new context's, and a view's API calls go to wrangler dev on a
// machine busy with other suites: 1 s (expect.poll's default bound) is too short. A poll ends as
// soon as what it waits for holds, so the longer bound costs nothing when the page is quick.
vi.setConfig({ expect: { poll: { timeout: 5_000 } } })
afterAll(() => vi.resetConfig())
const SHOTS = join(ROOT, 'artifacts', 'screenshots')
/** Every service here: the articles come from the local origin (127.0.0.1, another port). */
const VARS = { ALLOWED_HOSTS: '127.0.0.1:*' }
const DESKTOP = { width: 1280, height: 800 }

/** What a person's browser sends: counted as a click, not a preview. */
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

/** The platforms' link-preview fetchers, as they name themselves: counted as previews, by platform. */
const CRAWLERS = {
  whatsapp: 'WhatsApp/2.23.20.0 A',
  slack: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  discord: 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
  x: 'Twitterbot/1.0',
  facebook: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  linkedin: 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
}

function article(title: string, description: string): { type: string; body: string } {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return {
    type: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta property="og:title" content="${esc(title)}"><meta property="og:description" content="${esc(description)}">
<meta property="og:site_name" content="The Daily Example"></head><body><h1>${esc(title)}</h1><p>${esc(description)}</p></body></html>`,
  }
}

const BUDGET_STORY = article('Budget 2027 explained: what changes for renters', 'The measures, line by line.')

/**
 * The articles the local origin serves. The seeded service's stories come first; then each test
 * that works on links has its own (a search or a list of one test never meets another's links).
 */
const ARTICLES: Record<string, { type: string; body: string }> = {
  '/2026/11/budget-explained': BUDGET_STORY,
  '/2026/11/storm-warning': article('Storm warning for the north coast this weekend', 'Gusts up to 120 km/h are expected.'),
  '/2026/11/cup-final': article('Cup final: late goal settles a tense night', 'Match report and ratings.'),
  '/2026/11/rail-strike': article('Rail strike called off after overnight talks', 'Trains run as normal from Monday.'),
  '/form/budget-explained': BUDGET_STORY,
  '/clicks/budget-explained': BUDGET_STORY,
  '/copy/budget-explained': BUDGET_STORY,
  '/toggle/budget-explained': BUDGET_STORY,
  '/delete/budget-explained': BUDGET_STORY,
  '/errors/budget-explained': BUDGET_STORY,
  '/paging/cup-final': article('Cup final: late goal settles a tense night', 'Match report and ratings.'),
  '/paging/rail-strike': article('Rail strike called off after overnight talks', 'Trains run as normal from Monday.'),
}

/** A title with markup in it: it must show as text, everywhere. */
const TITLE = 'Budget 2027 <b>explained</b> <img src=x onerror="document.title=1">'
const LONG_TITLE = 'Budget 2027 explained: every measure for renters, landlords and first-time buyers, line by line'

it('the dashboard builds to under 40 KB gzipped, with no HTML written from data', () => {
  const out = mkdtempSync(join(tmpdir(), 'sharelink-dashboard-'))
  try {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-assets.mjs'), 'dashboard'], {
      cwd: ROOT,
      env: { ...process.env, DASHBOARD_OUTDIR: out },
      encoding: 'utf8',
    })
    expect(run.status, run.stderr).toBe(0)
    console.log(run.stdout.trim())
    const gz = (f: string) => gzipSync(readFileSync(join(out, f)), { level: 9 }).byteLength
    expect(readdirSync(out).sort()).toEqual(['app.css', 'app.js'])
    expect(gz('app.js') + gz('app.css')).toBeLessThan(40 * 1024)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
  for (const file of readdirSync(join(ROOT, 'dashboard')).filter((f) => /\.tsx?$/.test(f))) {
    const source = readFileSync(join(ROOT, 'dashboard', file), 'utf8')
    // The app itself is imported for its route types only: the dashboard never bundles the Worker.
    for (const line of source.split('\n').filter((l) => /^import\b.*'\.\.\/src\/index'/.test(l)))
      expect(line, file).toMatch(/^import type /)
    // Views are drawn by hono/jsx/dom from data: never markup from a string (the Biome rule covers the DOM's own sinks).
    expect(source, file).not.toMatch(/dangerouslySetInnerHTML/)
  }
  expect(readFileSync(join(ROOT, 'public', 'dashboard.html'), 'utf8'), 'no inline script or style').not.toMatch(
    /<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=/i,
  )
})

describe.skipIf(!hasChromium)('the dashboard in Chromium', () => {
  let origin: Awaited<ReturnType<typeof startOrigin>>
  let browser: Browser

  beforeAll(async () => {
    origin = await startOrigin(ARTICLES)
    browser = await launch()
    mkdirSync(SHOTS, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await origin?.close()
  })

  /** A browser tab of the test's own: its page, the API calls it made, and what went wrong in it. */
  interface Tab {
    page: Page
    /** The API requests the page made, as method and path with query. */
    calls: string[]
    /** Every CSP violation, script error or failed load: a bug, unless `allowed` names it. */
    problems: string[]
    allowed: RegExp
  }

  /** The tabs the running test opened: checked and closed after it, whether it passed or not. */
  const tabs: Tab[] = []

  afterEach(async () => {
    const problems = tabs.flatMap((t) => t.problems.filter((p) => !t.allowed.test(p)))
    await Promise.all(tabs.splice(0).map((t) => t.page.context().close()))
    expect(problems, 'no CSP violation, script error or failed request').toEqual([])
  })

  /**
   * A new context (no key, no storage shared with any other test) and its page. Requests a page
   * load cuts short (ERR_ABORTED) are expected anywhere; a test names any other failure it causes.
   */
  async function newTab(options: { viewport?: { width: number; height: number }; allow?: RegExp } = {}): Promise<Tab> {
    // Headless Chromium says "HeadlessChrome" and would be taken for a bot: browse as a person.
    const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`
    const context = await browser.newContext({
      userAgent,
      viewport: options.viewport ?? DESKTOP,
      permissions: ['clipboard-read', 'clipboard-write'],
      acceptDownloads: true,
    })
    const page = await context.newPage()
    const allowed = options.allow ? new RegExp(`net::ERR_ABORTED$|${options.allow.source}`) : /net::ERR_ABORTED$/
    const tab: Tab = { page, calls: [], problems: [], allowed }
    tabs.push(tab)
    page.on('console', (m) => m.type() === 'error' && tab.problems.push(`console: ${m.text()}`))
    page.on('pageerror', (e) => tab.problems.push(`pageerror: ${e.message}`))
    page.on('requestfailed', (r) => tab.problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`))
    page.on('request', (r) => {
      const url = new URL(r.url())
      if (url.pathname.startsWith('/api/')) tab.calls.push(`${r.method()} ${url.pathname}${url.search}`)
    })
    return tab
  }

  /**
   * A tab on `hash` of `server`'s dashboard, signed in through the form with the server's key. It
   * signs in on an address that is no view (nothing is read there), then goes to the view by its
   * address, as a reader's click would: the view's calls are the only ones after the sign-in's, and
   * the "Signed in." notice is gone (a change of view clears it) from what the screenshots show.
   */
  async function open(server: DevServer, hash: string, options: Parameters<typeof newTab>[0] = {}): Promise<Tab> {
    const tab = await newTab(options)
    const { page } = tab
    await page.goto(`${server.url}/dashboard#/start`)
    await page.fill('#api-key', server.apiKey)
    await page.keyboard.press('Enter')
    await page.getByText('This address is not a page of the dashboard.').waitFor()
    await page.evaluate((h) => {
      location.hash = h
    }, hash)
    return tab
  }

  const admin = (server: DevServer, path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${server.apiKey}`, 'Content-Type': 'application/json', ...init.headers },
    })

  async function createLink(server: DevServer, body: Record<string, unknown>): Promise<{ code: string; shortUrl: string; title: string }> {
    const res = await admin(server, '/api/links', { method: 'POST', body: JSON.stringify(body) })
    expect(res.status, await res.clone().text()).toBe(201)
    return (await res.json()) as { code: string; shortUrl: string; title: string }
  }

  /** A link's figures from the API: the counter's exact ones (`fresh`), or as last flushed. */
  async function stats(server: DevServer, code: string, fresh = true): Promise<{ clicks: number; previews: number }> {
    return (await (await admin(server, `/api/links/${code}/stats${fresh ? '?fresh=1' : ''}`)).json()) as {
      clicks: number
      previews: number
    }
  }

  let readers = 0
  /**
   * A person's click on a short link: a browser User-Agent, the redirect not followed. Each click
   * is another reader (CF-Connecting-IP, which Cloudflare sets), so none is folded as a repeat.
   */
  async function humanClick(shortUrl: string, referer?: string): Promise<number> {
    const res = await fetch(shortUrl, {
      headers: {
        'User-Agent': BROWSER_UA,
        Accept: 'text/html',
        'CF-Connecting-IP': `203.0.113.${++readers}`,
        ...(referer ? { Referer: referer } : {}),
      },
      redirect: 'manual',
    })
    await res.body?.cancel()
    return res.status
  }

  /** A card fetched by a platform's crawler; each fetch from an address of its own (one address counts once a half hour). */
  let crawls = 0
  async function crawl(shortUrl: string, platform: keyof typeof CRAWLERS): Promise<number> {
    const res = await fetch(shortUrl, { headers: { 'User-Agent': CRAWLERS[platform], 'CF-Connecting-IP': `198.51.100.${++crawls}` } })
    await res.text()
    return res.status
  }

  const text = (page: Page, selector: string) => page.locator(selector).first().textContent()
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.id)
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true })
  const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)
  const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

  describe('a new service, never written to', () => {
    let blank: DevServer
    beforeAll(async () => {
      blank = await startDev(VARS)
    })
    afterAll(async () => {
      await blank?.stop()
    })

    it('serves /dashboard as a static page under a strict CSP', async () => {
      const { page } = await newTab()
      const res = await page.goto(`${blank.url}/dashboard`)
      expect(res?.status()).toBe(200)
      const headers = res!.headers()
      const csp = headers['content-security-policy'] ?? ''
      for (const directive of [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        // Card previews show the articles' own images, from their hosts.
        "img-src 'self' data: https:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
      ]) {
        expect(csp).toContain(directive)
      }
      expect(headers['x-frame-options']).toBe('DENY')
      expect(headers['referrer-policy']).toBe('no-referrer')
      expect(headers['x-content-type-options']).toBe('nosniff')
      await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    })

    it('says a wrong key is wrong, takes the right one from the keyboard, and shows a service with nothing yet', async () => {
      // The wrong key's 401 is an answer, not a failure.
      const { page } = await newTab({ allow: /the server responded with a status of 401/ })
      await page.goto(`${blank.url}/dashboard`)
      await page.getByRole('heading', { name: 'Sign in' }).waitFor()
      // The key field is the first stop for Tab.
      await page.keyboard.press('Tab')
      expect(await focused(page)).toBe('api-key')
      expect(await page.getAttribute('#api-key', 'type')).toBe('password')
      await page.keyboard.type('not-the-key')
      await page.keyboard.press('Enter')
      await expect.poll(() => text(page, '#sign-in-error')).toBe('That API key was not accepted. Check it and enter it again.')
      expect(await focused(page)).toBe('api-key')
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
      await shot(page, 'dashboard-sign-in-rejected.png')

      await page.fill('#api-key', '')
      await page.keyboard.type(blank.apiKey)
      await page.keyboard.press('Enter')
      // The overview comes first, its heading focused, nothing counted yet.
      await expect.poll(() => focused(page)).toBe('overview-title')
      // Kept for this tab only, and never put in a URL.
      expect(await page.evaluate(() => sessionStorage.getItem('sharelink.apiKey'))).toBe(blank.apiKey)
      expect(page.url()).not.toContain(blank.apiKey)
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('0')
      expect(await text(page, '#top-articles')).toContain('No article had clicks or previews in this period.')
      await page.getByRole('link', { name: 'Links', exact: true }).click()
      await expect.poll(() => page.locator('.empty').textContent()).toContain('No links yet')
      await shot(page, 'dashboard-empty.png')
    })
  })

  describe('working on links: each test makes its own, on a service the others share', () => {
    let dev: DevServer
    beforeAll(async () => {
      dev = await startDev(VARS)
    })
    afterAll(async () => {
      await dev?.stop()
    })

    it('creates a link through the form, escaping a title with markup in it', async () => {
      const { page } = await open(dev, '#/links')
      await page.getByRole('button', { name: 'New link' }).click()
      const dialog = page.getByRole('dialog', { name: 'New link' })
      await dialog.waitFor()
      expect(await focused(page)).toBe('create-url')
      // The channels offered are the API's own list, after "None".
      expect(
        await dialog
          .getByLabel('Channel')
          .locator('option')
          .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
      ).toEqual(['', ...CHANNELS])
      // Required URL: said in words, nothing sent.
      await page.getByRole('button', { name: 'Create link' }).click()
      await expect.poll(() => text(page, '#create-error')).toBe('Enter the article’s URL.')

      await dialog.getByLabel('Article URL').fill(`${origin.url}/form/budget-explained`)
      await dialog.getByLabel('Channel').selectOption('x')
      await dialog.getByLabel('Title').fill(TITLE)
      await shot(page, 'dashboard-create-dialog.png')
      await page.getByRole('button', { name: 'Create link' }).click()
      await page.waitForURL(/#\/link\/[A-Za-z0-9_-]+$/)
      const code = page.url().split('/').pop()!
      await expect.poll(() => text(page, '#detail-title')).toBe(TITLE)
      expect(await page.locator('#detail-title b, #detail-title img').count()).toBe(0)
      const shortUrl = (await text(page, '#d-short'))!
      expect(shortUrl).toBe(`${dev.url}/${code}`)
      expect(await text(page, '#status')).toBe(`Link created: ${shortUrl}`)
      expect(await text(page, '#d-clicks')).toBe('0')
      // Made as the form said.
      expect(await (await admin(dev, `/api/links/${code}`)).json()).toMatchObject({
        url: `${origin.url}/form/budget-explained`,
        channel: 'x',
        title: TITLE,
      })
    })

    it('shows human clicks in the detail view, its chart and breakdowns', async () => {
      const link = await createLink(dev, { url: `${origin.url}/clicks/budget-explained`, channel: 'x', title: TITLE })
      const tab = await open(dev, `#/link/${link.code}`)
      const { page } = tab
      await expect.poll(() => text(page, '#d-clicks')).toBe('0')
      for (let i = 0; i < 3; i++) expect(await humanClick(link.shortUrl)).toBe(302)
      // Each click reaches the counter from its own request's batch: once it holds all three,
      // "Update figures" reads them again (exact figures, ?fresh=1).
      await expect.poll(async () => (await stats(dev, link.code)).clicks, SLOW).toBe(3)
      const reads = () => tab.calls.filter((c) => c === `GET /api/links/${link.code}/stats?fresh=1`).length
      const before = reads()
      await page.getByRole('button', { name: 'Update figures' }).click()
      await expect.poll(() => text(page, '#d-clicks')).toBe('3')
      expect(reads()).toBe(before + 1)
      // The chart: an SVG drawn from the data, its summary in words, and the same series as a table.
      const chart = page.locator('#chart')
      expect(await chart.getAttribute('data-total')).toBe('3')
      expect(await chart.locator('svg').getAttribute('aria-label')).toContain('3 in all')
      expect(await chart.locator('svg rect.ch-x').count()).toBe(1)
      const todayRow = chart.locator('.figures tbody tr', { has: page.locator(`th:text-is("${day()}")`) })
      expect(await todayRow.locator('td').last().textContent()).toBe('3')
      expect(await chart.locator('.figures tbody tr').count()).toBeGreaterThanOrEqual(14)
      const svg = await chart.locator('svg').boundingBox()
      expect(svg!.width).toBeGreaterThan(300)
      // Breakdowns: the link's channel, the placeholder country of local dev, no referrer.
      const rows = (panel: string) => page.locator(`#${panel} tbody tr`)
      expect(await rows('by-channel').locator('th').allTextContents()).toEqual(['X'])
      expect(await rows('by-channel').locator('.value').allTextContents()).toEqual(['3'])
      expect(await rows('by-referrer').locator('th').allTextContents()).toEqual(['Direct or unknown'])
      expect(await rows('by-country').count()).toBe(1)
      expect(await text(page, '#by-platform')).toContain('No card fetched yet.')
      // The QR code is the worker's SVG, loaded.
      const qr = page.locator('#qr-img')
      expect(await qr.getAttribute('src')).toBe(`/${link.code}/qr.svg`)
      await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
      expect(await page.locator('#qr-png').getAttribute('href')).toBe(`/${link.code}/qr.png`)
      // Its card: no image on the article, said so.
      expect(await page.locator('#card-panel [data-warning="no-image"]').count()).toBe(1)
      await shot(page, 'dashboard-detail-desktop.png')
    })

    it('copies the short link and refreshes the preview', async () => {
      const link = await createLink(dev, { url: `${origin.url}/copy/budget-explained`, channel: 'x', title: TITLE })
      const { page } = await open(dev, `#/link/${link.code}`)
      await page.getByRole('button', { name: 'Copy short link' }).click()
      await expect.poll(() => text(page, '#status')).toBe(`Copied ${link.shortUrl}`)
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link.shortUrl)

      await page.getByRole('button', { name: 'Refresh preview' }).click()
      // The title set by hand wins over the article's, on refresh too.
      await expect.poll(() => text(page, '#status')).toBe(`Preview refreshed from the article: “${TITLE}”.`)
      expect(await text(page, '#detail-title')).toBe(TITLE)
    })

    it('disables and enables the link', async () => {
      const link = await createLink(dev, { url: `${origin.url}/toggle/budget-explained`, channel: 'x' })
      const { page } = await open(dev, `#/link/${link.code}`)
      await page.getByRole('button', { name: 'Disable link' }).click()
      await expect.poll(() => text(page, '#d-state')).toBe('Disabled')
      expect(await page.locator('#qr-img').count()).toBe(0)
      expect(await humanClick(link.shortUrl)).toBe(410)
      await page.getByRole('button', { name: 'Enable link' }).click()
      await expect.poll(() => text(page, '#d-state')).toBe('Active')
      expect(await humanClick(link.shortUrl)).toBe(302)
    })

    it('pages through more links than fit on one page, and searches beyond the first', async () => {
      // Two stories, then a series of twenty parts: the newest twenty links on the service.
      const cup = await createLink(dev, { url: `${origin.url}/paging/cup-final`, channel: 'whatsapp' })
      await createLink(dev, { url: `${origin.url}/paging/rail-strike`, slug: 'rail-strike' })
      for (let i = 1; i <= 20; i++)
        await createLink(dev, {
          url: `${origin.url}/paging/rail-strike?part=${i}`,
          slug: `part-${String(i).padStart(2, '0')}`,
          title: `Part ${i} of the series`,
        })
      const { page } = await open(dev, '#/links')
      const rows = page.locator('#links-body tr')
      const codes = () => rows.evaluateAll((rs) => rs.map((r) => (r as HTMLElement).dataset.code))
      const parts = Array.from({ length: 20 }, (_, i) => `part-${String(20 - i).padStart(2, '0')}`)
      await expect.poll(codes).toEqual(parts)
      expect(await text(page, '#page-label')).toBe('Page 1')
      expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true)
      // A new page load: signed in still (the key is in this tab's sessionStorage), on page one.
      await page.reload()
      await expect.poll(codes).toEqual(parts)
      expect(await page.locator('#sign-in').count()).toBe(0)
      // Page two starts where page one ended: the two stories, newest first.
      await page.getByRole('button', { name: 'Next' }).click()
      await expect.poll(() => text(page, '#page-label')).toBe('Page 2')
      expect((await codes()).slice(0, 2)).toEqual(['rail-strike', cup.code])
      await page.getByRole('button', { name: 'Previous' }).click()
      await expect.poll(() => text(page, '#page-label')).toBe('Page 1')
      expect(await codes()).toEqual(parts)

      // Search reaches links beyond the first page.
      const search = page.getByLabel('Search by article URL, title or code')
      await search.fill('cup final')
      await expect.poll(codes).toEqual([cup.code])
      // And pages by cursor when more match than fit: the 20 parts and the story itself.
      await search.fill('rail-strike')
      await expect.poll(() => text(page, '#list-message')).toBe('Links 1 to 20 of those matching “rail-strike”.')
      expect(await codes()).toEqual(parts)
      expect(await text(page, '#page-label')).toBe('Page 1')
      await page.getByRole('button', { name: 'Next' }).click()
      await expect.poll(() => text(page, '#list-message')).toBe('Link 21 of those matching “rail-strike”.')
      expect(await codes()).toEqual(['rail-strike'])
      expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true)
      // The button pressed went away under the focus: it is back at the top, not lost.
      expect(await focused(page)).toBe('list-title')
      // The page and search on screen are kept while a link is open.
      await rows.locator('.row-title').click()
      await expect.poll(() => text(page, '#d-short')).toBe(`${dev.url}/rail-strike`)
      await page.getByRole('link', { name: '← All links' }).click()
      await expect.poll(() => text(page, '#list-message')).toBe('Link 21 of those matching “rail-strike”.')
      expect(await search.inputValue()).toBe('rail-strike')
      await search.fill('')
      await expect.poll(codes).toEqual(parts)
      expect(await text(page, '#page-label')).toBe('Page 1')
    })

    it('deletes only after a confirmation, which the keyboard can reach and cancel', async () => {
      const kept = await createLink(dev, { url: `${origin.url}/delete/budget-explained`, channel: 'facebook' })
      const link = await createLink(dev, { url: `${origin.url}/delete/budget-explained`, channel: 'x', title: TITLE })
      const { page } = await open(dev, `#/link/${link.code}`)
      await expect.poll(() => text(page, '#detail-title')).toBe(TITLE)
      await page.getByRole('button', { name: 'Delete…' }).focus()
      await page.keyboard.press('Enter')
      const dialog = page.getByRole('dialog', { name: 'Delete this link?' })
      await dialog.waitFor()
      // Cancel has the focus: Enter now would keep the link.
      expect(await focused(page)).toBe('delete-cancel')
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'hidden' })
      expect(await focused(page)).toBe('delete-link')
      expect((await admin(dev, `/api/links/${link.code}`)).status).toBe(200)

      await page.keyboard.press('Enter')
      await dialog.waitFor()
      await page.keyboard.press('Tab')
      expect(await focused(page)).toBe('delete-confirm')
      await page.keyboard.press('Enter')
      await page.waitForURL(/#\/links$/)
      await expect.poll(() => text(page, '#status')).toBe(`Link ${link.shortUrl} deleted.`)
      expect((await admin(dev, `/api/links/${link.code}`)).status).toBe(404)
      expect(await humanClick(link.shortUrl)).toBe(410)
      // The list, read again, has it no more (and still has the other link of its article).
      await page.locator(`#links-body tr[data-code="${kept.code}"]`).waitFor()
      expect(await page.locator(`#links-body tr[data-code="${link.code}"]`).count()).toBe(0)
    })

    it('flags a link whose article could not be read, until a refresh reads it', async () => {
      // Not published yet: the origin answers 404, so the link is made with its address as its card.
      const path = '/unread/late-edition'
      const late = await createLink(dev, { url: `${origin.url}${path}`, slug: 'late-edition' })
      const { page } = await open(dev, '#/links')
      const row = page.locator('#links-body tr[data-code="late-edition"]')
      await expect.poll(() => row.locator('.badge-note').textContent()).toBe('Card not read yet')

      await row.locator('.row-title').click()
      await expect.poll(() => text(page, '#d-short')).toBe(late.shortUrl)
      expect(await text(page, '#d-unread')).toBe('Card not read yet')
      expect(await page.locator('#d-unread-note').isVisible()).toBe(true)
      expect(await page.locator('#card-panel [data-warning="unread"]').count()).toBe(1)
      // Still not there: said so, and the flag stays.
      await page.getByRole('button', { name: 'Refresh preview' }).click()
      await expect
        .poll(() => text(page, '#status'))
        .toBe('The article could not be read: previews still show its address. Try again later.')
      expect(await page.locator('#d-unread').isVisible()).toBe(true)
      await shot(page, 'dashboard-detail-unread.png')

      // Published: the next refresh reads it, and the flag goes, here and in the list.
      ARTICLES[path] = article('Late edition: the count goes on', 'Results as they come in.')
      try {
        await page.getByRole('button', { name: 'Refresh preview' }).click()
        await expect.poll(() => text(page, '#status')).toBe('Preview refreshed from the article: “Late edition: the count goes on”.')
      } finally {
        delete ARTICLES[path]
      }
      expect(await page.locator('#d-unread').count()).toBe(0)
      expect(await page.locator('#d-unread-note').count()).toBe(0)
      await page.getByRole('link', { name: '← All links' }).click()
      await expect.poll(() => row.locator('.row-title').textContent()).toBe('Late edition: the count goes on')
      expect(await row.locator('.badge-note').count()).toBe(0)
    })

    it('shows API errors and a lost key in words, and signs out', async () => {
      await createLink(dev, { url: `${origin.url}/errors/budget-explained`, slug: 'already-taken' })
      // The taken slug's 409 and the lost key's 401 are answers; the network cut below is on purpose.
      const { page } = await open(dev, '#/links', { allow: /the server responded with a status of (401|409)|ERR_INTERNET_DISCONNECTED/ })
      const row = page.locator('#links-body tr[data-code="already-taken"]')
      await row.waitFor()

      // An API error, in the API's own words: a slug already taken.
      await page.getByRole('button', { name: 'New link' }).click()
      const dialog = page.getByRole('dialog', { name: 'New link' })
      await dialog.getByLabel('Article URL').fill(`${origin.url}/paging/cup-final`)
      await dialog.getByLabel('Custom slug').fill('already-taken')
      await page.keyboard.press('Enter')
      await expect.poll(() => text(page, '#create-error')).toMatch(/^Creating the link failed: .+ \(slug_taken\)\.$/)
      expect(await dialog.getByLabel('Custom slug').getAttribute('aria-invalid')).toBe('true')
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'hidden' })
      expect(await focused(page)).toBe('new-link')

      // The network down: said in words, with a way to try again.
      const fetchedAt = () => page.locator('#list-view .fetched-at').getAttribute('datetime')
      const read = await fetchedAt()
      await page.route('**/api/links?*', (r) => r.abort('internetdisconnected'))
      await page.getByRole('button', { name: 'Reload' }).click()
      await expect.poll(() => text(page, '#error')).toContain('Loading links failed: Could not reach the server.')
      await page.unroute('**/api/links?*')
      await page.locator('#error').getByRole('button', { name: 'Try again' }).click()
      await expect.poll(() => text(page, '#error')).toBe('')
      // Read again: the links on screen are new, not those from before the cut.
      await expect.poll(fetchedAt).not.toBe(read)
      await row.waitFor()

      // A key that stops working mid-session (rotated, say): asked for again, in words.
      await page.evaluate(() => sessionStorage.setItem('sharelink.apiKey', 'rotated-away'))
      await page.reload()
      await expect.poll(() => text(page, '#sign-in-error')).toBe('The API key was not accepted (it may have been changed). Enter it again.')
      expect(await page.evaluate(() => sessionStorage.getItem('sharelink.apiKey'))).toBe(null)

      await page.fill('#api-key', dev.apiKey)
      await page.keyboard.press('Enter')
      await page.locator('#list-view').waitFor()
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.getByRole('heading', { name: 'Sign in' }).waitFor()
      expect(await page.evaluate(() => sessionStorage.getItem('sharelink.apiKey'))).toBe(null)
      expect(await text(page, '#status')).toBe('Signed out.')
    })
  })

  describe('the figures, over one day of traffic seeded through the worker and only read by the tests', () => {
    let dev: DevServer
    const BUDGET = () => `${origin.url}/2026/11/budget-explained`
    /** The links, made in this order: X's by hand with a title in markup, then two more stories and two more channels of the budget story. */
    let x = { code: '', shortUrl: '' }
    let storm = { code: '', shortUrl: '' }
    let cup = { code: '', shortUrl: '' }
    let whatsapp = { code: '', shortUrl: '' }
    let facebook = { code: '', shortUrl: '' }
    /** Newest first, as the list shows them; and their clicks and previews. */
    const newestFirst = () => [whatsapp.code, facebook.code, 'rail-strike', cup.code, storm.code, x.code]
    const LISTED = [
      [2, 3],
      [3, 2],
      [0, 0],
      [0, 0],
      [2, 0],
      [4, 2],
    ]

    beforeAll(async () => {
      dev = await startDev(VARS)
      x = await createLink(dev, { url: BUDGET(), channel: 'x', title: TITLE })
      storm = await createLink(dev, { url: `${origin.url}/2026/11/storm-warning`, channel: 'facebook' })
      cup = await createLink(dev, { url: `${origin.url}/2026/11/cup-final`, channel: 'whatsapp' })
      await createLink(dev, { url: `${origin.url}/2026/11/rail-strike`, slug: 'rail-strike' })
      // The budget story on two more channels: Facebook's link with a good picture (the service's own
      // demo photo, 1200×630), WhatsApp's with a QR code for a picture (296×296) and a long title.
      facebook = await createLink(dev, { url: BUDGET(), channel: 'facebook', image: `${dev.url}/demo-photo.png` })
      whatsapp = await createLink(dev, { url: BUDGET(), channel: 'whatsapp', image: `${dev.url}/${x.code}/qr.png`, title: LONG_TITLE })
      // Readers on three channels, each a reader of their own.
      for (const [link, n, referer] of [
        [x, 4, undefined],
        [storm, 2, 'https://www.facebook.com/'],
        [facebook, 3, 'https://l.facebook.com/'],
        [whatsapp, 2, undefined],
      ] as const)
        for (let i = 0; i < n; i++) expect(await humanClick(link.shortUrl, referer)).toBe(302)
      // The story passed around in chats: its cards fetched by WhatsApp, Slack and Discord; and on the public networks.
      for (const [link, platform] of [
        [whatsapp, 'whatsapp'],
        [whatsapp, 'whatsapp'],
        [whatsapp, 'slack'],
        [facebook, 'discord'],
        [facebook, 'facebook'],
        [x, 'x'],
        [x, 'linkedin'],
      ] as const)
        expect(await crawl(link.shortUrl, platform)).toBe(200)
      // The counters flush every FLUSH_SECONDS (2 here): the tests read D1's rollups (the analytics) and
      // the listing's copies of each link's figures, so wait until both hold it all.
      // (vi.waitFor: expect.poll is for tests, not hooks.)
      await vi.waitFor(
        async () => {
          const totals = ((await (await admin(dev, '/api/analytics?groupBy=channels')).json()) as { totals: unknown }).totals
          const { links } = (await (await admin(dev, '/api/links?limit=20')).json()) as { links: { clicks: number; previews: number }[] }
          // Newest first: WhatsApp's and Facebook's budget links, the rail and cup stories, the storm, X's budget link.
          expect({ totals, listed: links.map((l) => [l.clicks, l.previews]) }).toEqual({
            totals: { clicks: 11, previews: 7 },
            listed: LISTED,
          })
        },
        { timeout: 20_000, interval: 250 },
      )
    })

    afterAll(async () => {
      await dev?.stop()
    })

    it('counts the traffic in the API: the budget story first, by channel, its title its newest link’s', async () => {
      const report = (await (await admin(dev, '/api/analytics?groupBy=articles')).json()) as {
        rows: { url: string; title: string; clicks: number; previews: number; byChannel: Record<string, number> }[]
      }
      // The two stories read or crawled; the two nobody read have no row.
      expect(report.rows.map((r) => r.url)).toEqual([BUDGET(), `${origin.url}/2026/11/storm-warning`])
      expect(report.rows[0]).toEqual({
        url: BUDGET(),
        // The article's current title is its newest link's.
        title: LONG_TITLE,
        clicks: 9,
        previews: 7,
        byChannel: { x: 4, facebook: 3, whatsapp: 2 },
      })
    })

    it('shows the overview: totals, clicks per day by channel, the top article and its channel split, platforms', async () => {
      const tab = await open(dev, '#/')
      const { page } = tab
      const first = page.locator('#top-articles-table tbody tr').first()
      await expect.poll(() => first.locator('.row-title').textContent(), SLOW).toBe(LONG_TITLE)
      expect(await first.getAttribute('data-url')).toBe(BUDGET())
      expect(await first.locator('td.num').allTextContents()).toEqual(['9', '7'])
      // Its channel split, in words beside the bar.
      expect(await first.locator('.split-part').allTextContents()).toEqual(['X 4', 'Facebook 3', 'WhatsApp 2'])
      expect(await first.locator('.split-bar rect').count()).toBe(3)
      // The storm story second, with its Facebook clicks; the two stories nobody read are not there.
      expect(await page.locator('#top-articles-table tbody tr').nth(1).locator('.split-part').allTextContents()).toEqual(['Facebook 2'])
      expect(await page.locator('#top-articles-table tbody tr').count()).toBe(2)

      // Totals: every click and crawl seeded.
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('11')
      expect(await text(page, '#total-previews')).toBe('7')
      // Previews in private chats: WhatsApp ×2, Slack, Discord.
      expect(await text(page, '#chat-previews')).toBe('4')
      expect(await page.locator('#platforms-table-private').getAttribute('data-previews')).toBe('4')
      const platforms = page.locator('#platforms-table tbody tr')
      expect(await platforms.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.key))).toEqual([
        'whatsapp',
        'discord',
        'slack',
        'facebook',
        'linkedin',
        'x',
      ])
      expect(await platforms.first().locator('.tag').textContent()).toBe('private chat')
      expect(await platforms.filter({ hasText: 'Facebook' }).locator('.tag').count()).toBe(0)
      // Clicks per day stacked by channel: today's bar in three colours.
      const chart = page.locator('#daily-chart')
      expect(await chart.getAttribute('data-total')).toBe('11')
      expect(await chart.getAttribute('data-days')).toBe('7')
      const today = chart.locator(`g.day[data-day="${day()}"]`)
      // Stacked in the channels' order, most clicks first (Facebook has the storm story's too).
      expect(await today.locator('rect:not(.hit)').evaluateAll((rs) => rs.map((r) => r.getAttribute('class')))).toEqual([
        'ch-facebook',
        'ch-x',
        'ch-whatsapp',
      ])
      expect(await chart.locator('.legend li').allTextContents()).toEqual(['Facebook 5', 'X 4', 'WhatsApp 2'])
      // Referrers and countries.
      expect(await page.locator('#referrers-table tbody tr th').allTextContents()).toContain('facebook.com')
      expect(await page.locator('#countries-table tbody tr').count()).toBe(1)
      // The fewest calls: one per breakdown, and one timeseries per channel with clicks (none for
      // links without a channel: they had no clicks).
      const made = tab.calls.filter((c) => c.startsWith('GET /api/analytics?'))
      const series = made.filter((c) => c.includes('groupBy=timeseries'))
      expect(series.map((c) => new URL(c.slice(4), dev.url).searchParams.get('channel')).sort()).toEqual(['facebook', 'whatsapp', 'x'])
      expect(made.length).toBe(5 + 3)
      // How fresh, in words.
      expect(await text(page, '#overview .freshness')).toMatch(
        /Figures as of \d\d:\d\d:\d\d: .*FLUSH_SECONDS .*Read again every minute while this tab is open\./,
      )
      await shot(page, 'dashboard-overview-desktop.png')
    })

    it('switches the period: 24 h, a custom one with nothing in it, a wrong one said in words', async () => {
      const tab = await open(dev, '#/')
      const { page } = tab
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('11')
      expect(await text(page, '#period-text')).toContain('The last 7 days, today included')
      const before = tab.calls.length
      await page.getByRole('button', { name: '24 h' }).click()
      await expect
        .poll(() => text(page, '#period-text'))
        .toMatch(/^Today and yesterday, .* \(UTC days: .*“24 h” covers up to 48 hours\)\.$/)
      expect(await page.getByRole('button', { name: '24 h' }).getAttribute('aria-pressed')).toBe('true')
      await expect.poll(() => tab.calls.slice(before).some((c) => c.includes(`start=${day(-1)}&end=${day()}`))).toBe(true)
      await expect.poll(() => page.locator('#daily-chart').getAttribute('data-days'), SLOW).toBe('2')
      expect(await text(page, '#total-clicks')).toBe('11')

      // A period long past: nothing in it.
      await page.getByRole('button', { name: 'Custom' }).click()
      await expect.poll(() => focused(page)).toBe('period-start')
      await page.getByLabel('From', { exact: true }).fill('2020-01-01')
      await page.getByLabel('To', { exact: true }).fill('2020-01-31')
      await page.getByRole('button', { name: 'Show', exact: true }).click()
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('0')
      expect(await text(page, '#period-text')).toBe('1 Jan 2020 – 31 Jan 2020 (UTC days, both included).')
      expect(tab.calls.some((c) => c.startsWith('GET /api/analytics?') && c.includes('start=2020-01-01&end=2020-01-31'))).toBe(true)
      expect(await text(page, '#top-articles')).toContain('No article had clicks or previews in this period.')
      // Backwards: said in words, nothing asked.
      const calls = tab.calls.length
      await page.getByLabel('From', { exact: true }).fill('2020-02-10')
      await page.getByRole('button', { name: 'Show', exact: true }).click()
      await expect.poll(() => text(page, '#custom-period .field-error')).toBe('The period must end on or after the day it starts.')
      expect(tab.calls.length).toBe(calls)

      await page.getByRole('button', { name: '7 d' }).click()
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('11')
      expect(await page.locator('#custom-period').isVisible()).toBe(false)
    })

    it('downloads what the overview shows as CSV, with the key, under the CSP', async () => {
      const tab = await open(dev, '#/')
      const { page } = tab
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('11')
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#top-articles').getByRole('button', { name: 'Download CSV of the top articles' }).click(),
      ])
      expect(download.suggestedFilename()).toBe(`sharelink-articles-${day(-6)}-${day()}.csv`)
      const csv = readFileSync((await download.path())!, 'utf8')
      // The same as the API's own CSV of the same call.
      const direct = await (await admin(dev, `/api/analytics?groupBy=articles&start=${day(-6)}&end=${day()}&limit=10&format=csv`)).text()
      expect(csv).toBe(direct)
      const [header, first] = csv.split('\r\n')
      expect(header).toBe(`url,title,clicks,previews,${CHANNELS.map((c) => `clicks_${c}`).join(',')}`)
      expect(first).toBe(`${BUDGET()},"${LONG_TITLE}",9,7,4,3,0,2,0,0,0,0,0,0`)
      await expect.poll(() => text(page, '#status')).toBe(`Downloaded sharelink-articles-${day(-6)}-${day()}.csv.`)
      // The download was the API call with the key, format=csv.
      expect(tab.calls).toContain(`GET /api/analytics?start=${day(-6)}&end=${day()}&limit=10&groupBy=articles&format=csv`)
    })

    it('opens the article page: its figures per channel, every link with its card, warnings and QR', async () => {
      const tab = await open(dev, '#/')
      const { page } = tab
      await expect.poll(() => text(page, '#top-articles-table tbody tr .row-title'), SLOW).toBe(LONG_TITLE)
      await page.locator('#top-articles-table tbody tr').first().locator('.row-title').click()
      await page.waitForURL(/#\/article\//)
      expect(decodeURIComponent(page.url().split('#/article/')[1]!)).toBe(BUDGET())
      await expect.poll(() => focused(page), SLOW).toBe('article-title')
      await expect.poll(() => text(page, '#article-clicks'), SLOW).toBe('9')
      expect(await text(page, '#article-title')).toBe(LONG_TITLE)
      expect(await text(page, '#article-previews')).toBe('7')
      // The per-channel chart and its day chart.
      const channels = page.locator('#article-channels-table tbody tr')
      expect(await channels.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.key))).toEqual(['x', 'facebook', 'whatsapp'])
      expect(await channels.locator('.value').allTextContents()).toEqual(['4', '3', '2'])
      expect(await page.locator('#article-daily-chart').getAttribute('data-total')).toBe('9')
      // Its analytics calls all name the article.
      expect(tab.calls.filter((c) => c.includes(`url=${encodeURIComponent(BUDGET())}`)).length).toBeGreaterThanOrEqual(5)
      expect(tab.calls).toContain(`GET /api/links?limit=100&url=${encodeURIComponent(BUDGET())}`)

      // Every link of the article, newest first, each with its card and QR code.
      const cards = page.locator('.link-card')
      await expect
        .poll(() => cards.evaluateAll((cs) => cs.map((c) => (c as HTMLElement).dataset.code)), SLOW)
        .toEqual([whatsapp.code, facebook.code, x.code])
      for (const c of [whatsapp.code, facebook.code, x.code]) {
        const qr = page.locator(`.link-card[data-code="${c}"] .qr-img`)
        await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), SLOW).toBe(true)
      }
      const warnings = (c: string) =>
        page.locator(`.link-card[data-code="${c}"] .warning`).evaluateAll((ws) => ws.map((w) => (w as HTMLElement).dataset.warning))
      // WhatsApp's: a QR code for a picture (too small, square) and a title X cuts.
      await expect.poll(() => warnings(whatsapp.code), SLOW).toEqual(['image-small', 'image-shape', 'title-x'])
      const small = page.locator(`.link-card[data-code="${whatsapp.code}"] [data-warning="image-small"]`)
      expect(await small.textContent()).toMatch(/^The image is (\d+)×\1: under 600×315, too small for a large card/)
      expect(await text(page, `.link-card[data-code="${whatsapp.code}"] [data-warning="title-x"]`)).toBe(
        `The title is ${LONG_TITLE.length} characters: X shows 70, so it is cut.`,
      )
      // X's drawing cuts the title where X does.
      expect(await text(page, `.link-card[data-code="${whatsapp.code}"] .x-title`)).toBe(`${LONG_TITLE.slice(0, 69)}…`)
      // Facebook's: a good picture, nothing to say.
      await expect.poll(() => text(page, `.link-card[data-code="${facebook.code}"] .image-size`), SLOW).toBe('1200×630')
      expect(await warnings(facebook.code)).toEqual([])
      expect(await page.locator(`.link-card[data-code="${facebook.code}"] .card-ok`).count()).toBe(1)
      // X's (made by hand): no picture at all.
      expect(await warnings(x.code)).toEqual(['no-image'])
      expect(await page.locator(`.link-card[data-code="${x.code}"] .mock-x.mock-summary`).count()).toBe(1)
      // The card as Facebook and LinkedIn would draw it: image, site, title (and Facebook's description).
      const card = page.locator(`.link-card[data-code="${whatsapp.code}"]`)
      await card.getByRole('button', { name: 'Facebook' }).click()
      expect(await card.getByRole('button', { name: 'Facebook' }).getAttribute('aria-pressed')).toBe('true')
      expect(await card.locator('.mock-facebook .mock-host').textContent()).toBe(new URL(dev.url).host.toUpperCase())
      expect(await card.locator('.mock-facebook .mock-title').textContent()).toBe(LONG_TITLE)
      expect(await card.locator('.mock-facebook .mock-desc').textContent()).toBe('The measures, line by line.')
      await card.getByRole('button', { name: 'LinkedIn' }).click()
      expect(await card.locator('.mock-linkedin .mock-img').count()).toBe(1)
      await card.getByRole('button', { name: 'X', exact: true }).click()
      await shot(page, 'dashboard-article-desktop.png')
      await card.locator('.card-preview').screenshot({ path: join(SHOTS, 'dashboard-card-preview.png') })

      // A link's own page shows its card too.
      await card.getByRole('link', { name: whatsapp.shortUrl }).click()
      await expect.poll(() => text(page, '#detail-title'), SLOW).toBe(LONG_TITLE)
      await expect
        .poll(() => page.locator('#card-panel .warning').evaluateAll((ws) => ws.map((w) => (w as HTMLElement).dataset.warning)), SLOW)
        .toEqual(['image-small', 'image-shape', 'title-x'])
      // Its previews by platform: WhatsApp's crawler twice, Slack's once.
      expect(await page.locator('#by-platform tbody tr th').allTextContents()).toEqual(['WhatsApp', 'Slack'])
      await page.getByRole('link', { name: 'Article page →' }).click()
      await expect.poll(() => text(page, '#article-title'), SLOW).toBe(LONG_TITLE)
    })

    it('lists links newest first with their figures, and searches them', async () => {
      const tab = await open(dev, '#/links')
      const { page } = tab
      const rows = page.locator('#links-body tr')
      const codes = () => rows.evaluateAll((rs) => rs.map((r) => (r as HTMLElement).dataset.code))
      await expect.poll(codes).toEqual(newestFirst())
      // The list carries each link's figures as last flushed, clicks then previews: the figures come with
      // each page, and the list asked for nothing else (no call per row).
      const figures = () => rows.evaluateAll((rs) => rs.map((r) => [...r.querySelectorAll('td.num')].map((td) => Number(td.textContent))))
      expect(await figures()).toEqual(LISTED)
      expect(tab.calls).toEqual(['GET /api/links?limit=1', 'GET /api/links?limit=20'])
      // And say when they were read.
      expect(await page.locator('#list-view .fetched-at').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/)
      // The title with markup in it, as text.
      const row = page.locator(`#links-body tr[data-code="${x.code}"]`)
      expect(await row.locator('.row-title').textContent()).toBe(TITLE)
      expect(await row.locator('.row-title b, .row-title img').count()).toBe(0)
      // Every article here was read: no row carries the "card not read yet" flag.
      expect(await page.locator('#links-body .badge-note').count()).toBe(0)
      await shot(page, 'dashboard-list-desktop.png')

      // Search by title, and by article URL: the server searches (`q`), and its rows carry their figures too.
      const search = page.getByLabel('Search by article URL, title or code')
      await search.fill('storm')
      await expect.poll(codes).toEqual([storm.code])
      expect(await text(page, '#list-message')).toBe('1 link matches “storm”.')
      expect(tab.calls).toContain('GET /api/links?limit=20&q=storm')
      expect(await figures()).toEqual([[2, 0]])
      await search.fill('/2026/11/budget')
      await expect.poll(codes).toEqual([whatsapp.code, facebook.code, x.code])
      await search.fill('no such story')
      await expect.poll(() => text(page, '#list-message')).toBe('No links match “no such story”.')
      expect(await rows.count()).toBe(0)
      await search.fill('')
      await expect.poll(codes).toEqual(newestFirst())
    })

    it('looks right at phone width', async () => {
      const { page } = await open(dev, `#/article/${encodeURIComponent(BUDGET())}`)
      await expect.poll(() => page.locator('.link-card').count(), SLOW).toBe(3)
      await page.locator('#article-daily-chart svg').waitFor()
      // Turned to a phone's width: the charts draw again to fit, and nothing is wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 })
      await expect.poll(async () => Number(await page.locator('#article-daily-chart svg').getAttribute('width'))).toBeLessThanOrEqual(390)
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390)
      await shot(page, 'dashboard-article-phone.png')
      await page.getByRole('link', { name: 'Overview', exact: true }).click()
      await expect.poll(() => page.locator('#top-articles-table tbody tr').count(), SLOW).toBe(2)
      // Drawn once its width is measured.
      const chart = page.locator('#daily-chart svg')
      await chart.waitFor()
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390)
      expect((await chart.boundingBox())!.width).toBeLessThanOrEqual(390)
      await shot(page, 'dashboard-overview-phone.png')
      await page.getByRole('link', { name: 'Links', exact: true }).click()
      await expect.poll(() => page.locator('#links-body tr').count()).toBe(6)
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390)
      await shot(page, 'dashboard-list-phone.png')
      await page.locator(`#links-body tr[data-code="${x.code}"] .row-title`).click()
      await expect.poll(() => text(page, '#d-clicks')).toBe('4')
      const svg = page.locator('#chart svg')
      await svg.waitFor()
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390)
      expect((await svg.boundingBox())!.width).toBeLessThanOrEqual(390)
      await shot(page, 'dashboard-detail-phone.png')
    })

    it('reads the figures again every minute while the tab shows, not while it is hidden', async () => {
      const tab = await newTab()
      const { page } = tab
      // A clock the test moves; and a count of the overview's reads kept in the page, which a read
      // bumps the moment it starts (a request event reaches the test later, so could not show that
      // none was made).
      await page.clock.install()
      await page.addInitScript(() => {
        const counted = window as unknown as { reads: number }
        counted.reads = 0
        const fetch = window.fetch
        window.fetch = (input, init) => {
          const url = String(input instanceof Request ? input.url : input)
          if (url.includes('/api/analytics?') && url.includes('groupBy=channels')) counted.reads++
          return fetch(input, init)
        }
      })
      await page.goto(`${dev.url}/dashboard#/`)
      // Time flows as usual (the views draw on animation frames), and jumps when the test says.
      await page.clock.resume()
      await page.fill('#api-key', dev.apiKey)
      await page.keyboard.press('Enter')
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('11')
      const reads = () => page.evaluate(() => (window as unknown as { reads: number }).reads)
      expect(await reads()).toBe(1)
      const at = await page.locator('#overview .fetched-at').getAttribute('datetime')

      await page.clock.fastForward(61_000)
      await expect.poll(reads).toBe(2)
      await expect.poll(() => page.locator('#overview .fetched-at').getAttribute('datetime'), SLOW).not.toBe(at)
      // The calls the test saw agree: the overview's channels call, twice.
      await expect.poll(() => tab.calls.filter((c) => c.startsWith('GET /api/analytics?') && c.includes('groupBy=channels')).length).toBe(2)

      // Hidden: no reads, however long. The timers due in those minutes have run by the time
      // fastForward returns, so the count read after it is final.
      const hide = (hidden: boolean) =>
        page.evaluate((h) => {
          Object.defineProperty(document, 'hidden', { configurable: true, get: () => h })
          document.dispatchEvent(new Event('visibilitychange'))
        }, hidden)
      await hide(true)
      await page.clock.fastForward(130_000)
      expect(await reads()).toBe(2)
      // Shown again, after more than a minute: read at once.
      await hide(false)
      await expect.poll(reads).toBe(3)
    })
  })
})
