/**
 * The publisher's dashboard (GET /dashboard, static assets built from dashboard/) in Chromium,
 * against the worker under `wrangler dev`. Each test opens its own browser context, signs in and
 * seeds what it needs through the API, so any one runs alone and in any order. Three services, one
 * per kind of view, because some views show everything a service holds:
 * - a new service, never written to: the first visit, a wrong key, the empty views;
 * - a service for working on links, where each test makes links (and keys) of its own and looks
 *   only at them: the form, human clicks in the detail view and its chart, the link's actions and
 *   its history, paging and search (the server searches), deletion, a link whose article could not
 *   be read, errors in words, Now showing the last hour's clicks and shares within the minute, what
 *   a viewer and an editor are offered, keys made and revoked on the Access page;
 * - a service in another time zone (REPORT_TIMEZONE=Asia/Kathmandu, +05:45), holding one day of
 *   traffic seeded once through the worker (clicks by distinct readers, cards fetched by the
 *   platforms' crawlers and a search engine's crawl, the counters flushed) and only read by its
 *   tests: Now, the overview in one call, today by the hour of that zone, a comparison, sections and
 *   authors, the CSV download, the article page with each link's card and its warnings, the list
 *   with its figures and its export (CSV and JSON, as a viewer), phone width, the figures refreshing themselves while the tab shows, axe.
 * Every browser runs in yet another zone (America/Los_Angeles): what the dashboard shows is the
 * newsroom's time, never the browser's. Every page runs under its strict CSP: a violation, script
 * error or failed request fails its test.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { CHANNELS } from '../../src/links/channels'
import { axe, describeFindings } from './axe'
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
/** The seeded service's newsroom: +05:45 all year (no daylight saving), so its hours start at :15 UTC. */
const ZONE = 'Asia/Kathmandu'
const ZONE_OFFSET_MS = (5 * 60 + 45) * 60_000
/** Where every test's browser is: far from both the newsroom and UTC. */
const BROWSER_ZONE = 'America/Los_Angeles'

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
  // A search engine: it indexes the page and draws no card, so it counts as a crawl, not a preview.
  google: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
}

/** An article page; its section and author, when given, are what analytics group it by. */
function article(title: string, description: string, by?: { section: string; author: string }): { type: string; body: string } {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const meta = by ? `<meta property="article:section" content="${esc(by.section)}"><meta name="author" content="${esc(by.author)}">` : ''
  return {
    type: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta property="og:title" content="${esc(title)}"><meta property="og:description" content="${esc(description)}">
<meta property="og:site_name" content="The Daily Example">${meta}</head><body><h1>${esc(title)}</h1><p>${esc(description)}</p></body></html>`,
  }
}

const BUDGET_STORY = article('Budget 2027 explained: what changes for renters', 'The measures, line by line.', {
  section: 'Politics',
  author: 'Ana Lopez',
})

/**
 * The articles the local origin serves. The seeded service's stories come first; then each test
 * that works on links has its own (a search or a list of one test never meets another's links).
 */
const ARTICLES: Record<string, { type: string; body: string }> = {
  '/2026/11/budget-explained': BUDGET_STORY,
  '/2026/11/storm-warning': article('Storm warning for the north coast this weekend', 'Gusts up to 120 km/h are expected.', {
    section: 'Weather',
    author: 'Ben Okafor',
  }),
  '/2026/11/cup-final': article('Cup final: late goal settles a tense night', 'Match report and ratings.', {
    section: 'Sport',
    author: 'Chris Duval',
  }),
  '/2026/11/rail-strike': article('Rail strike called off after overnight talks', 'Trains run as normal from Monday.'),
  '/form/budget-explained': BUDGET_STORY,
  '/clicks/budget-explained': BUDGET_STORY,
  '/copy/budget-explained': BUDGET_STORY,
  '/toggle/budget-explained': BUDGET_STORY,
  '/delete/budget-explained': BUDGET_STORY,
  '/errors/budget-explained': BUDGET_STORY,
  '/history/budget-explained': BUDGET_STORY,
  '/now/budget-explained': BUDGET_STORY,
  '/roles/budget-explained': BUDGET_STORY,
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
    /** How many of `calls` came before the view the test opened (open() sets it). */
    mark: number
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
   * The 401 of the question the dashboard asks first, with no key (GET /api/me): behind Cloudflare
   * Access its cookie would sign the browser in; here nothing does, and Chromium logs the answer.
   */
  const ACCESS_PROBE = /status of 401 \(Unauthorized\) at \S+\/api\/me$/

  /**
   * A new context (no key, no storage shared with any other test) and its page, in the browser's
   * zone. Requests a page load cuts short (ERR_ABORTED) and the sign-in's question without a key
   * are expected anywhere; a test names any other failure it causes.
   */
  async function newTab(options: { viewport?: { width: number; height: number }; allow?: RegExp } = {}): Promise<Tab> {
    // Headless Chromium says "HeadlessChrome" and would be taken for a bot: browse as a person.
    const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`
    const context = await browser.newContext({
      userAgent,
      viewport: options.viewport ?? DESKTOP,
      timezoneId: BROWSER_ZONE,
      permissions: ['clipboard-read', 'clipboard-write'],
      acceptDownloads: true,
    })
    const page = await context.newPage()
    const expected = `net::ERR_ABORTED$|${ACCESS_PROBE.source}`
    const allowed = new RegExp(options.allow ? `${expected}|${options.allow.source}` : expected)
    const tab: Tab = { page, calls: [], mark: 0, problems: [], allowed }
    tabs.push(tab)
    page.on('console', (m) => m.type() === 'error' && tab.problems.push(`console: ${m.text()} at ${m.location().url}`))
    page.on('pageerror', (e) => tab.problems.push(`pageerror: ${e.message}`))
    page.on('requestfailed', (r) => tab.problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`))
    page.on('request', (r) => {
      const url = new URL(r.url())
      if (url.pathname.startsWith('/api/')) tab.calls.push(`${r.method()} ${url.pathname}${url.search}`)
    })
    return tab
  }

  /**
   * A tab on `hash` of `server`'s dashboard, signed in through the form with `key` (the server's
   * own by default). It signs in on an address that is no view (nothing is read there), then goes
   * to the view by its address, as a reader's click would: the view's calls are those after
   * `mark`, and the "Signed in." notice is gone (a change of view clears it) from what the
   * screenshots show.
   */
  async function open(server: DevServer, hash: string, options: Parameters<typeof newTab>[0] & { key?: string } = {}): Promise<Tab> {
    const tab = await newTab(options)
    const { page } = tab
    await page.goto(`${server.url}/dashboard#/start`)
    await page.fill('#api-key', options.key ?? server.apiKey)
    await page.keyboard.press('Enter')
    await page.getByText('This address is not a page of the dashboard.').waitFor()
    tab.mark = tab.calls.length
    await page.evaluate((h) => {
      location.hash = h
    }, hash)
    return tab
  }

  /** The calls the view made since open() went to it, or since `from`. */
  const viewCalls = (tab: Tab, from = tab.mark) => tab.calls.slice(from)

  const admin = (server: DevServer, path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${server.apiKey}`, 'Content-Type': 'application/json', ...init.headers },
    })

  /** A call with a named key instead of the admin's. */
  const withKey = (server: DevServer, key: string, path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' } })

  /** A named key, made by the admin through the API. */
  async function makeKey(server: DevServer, name: string, role: 'viewer' | 'editor' | 'admin'): Promise<{ id: string; key: string }> {
    const res = await admin(server, '/api/keys', { method: 'POST', body: JSON.stringify({ name, role }) })
    expect(res.status, await res.clone().text()).toBe(201)
    return (await res.json()) as { id: string; key: string }
  }

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

  /** A reader's press of a share button on an article: one share of its link for `channel` (each press another reader's). */
  let sharers = 0
  async function share(server: DevServer, url: string, channel: string): Promise<{ code: string; shortUrl: string }> {
    const res = await fetch(`${server.url}/api/share`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': BROWSER_UA, 'CF-Connecting-IP': `192.0.2.${++sharers}` },
      body: JSON.stringify({ url, channel }),
    })
    expect(res.ok, await res.clone().text()).toBe(true)
    return (await res.json()) as { code: string; shortUrl: string }
  }

  const text = (page: Page, selector: string) => page.locator(selector).first().textContent()
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.id)
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true })
  const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)
  /** A UTC date, `offset` days from today: the days of the services in UTC. */
  const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
  /** The same in the seeded newsroom's zone (+05:45): its dates and the start of its hour holding `t`. */
  const zoneDay = (offset = 0) => new Date(Date.now() + ZONE_OFFSET_MS + offset * 86_400_000).toISOString().slice(0, 10)
  const zoneHour = (t: number) => `${new Date(t + ZONE_OFFSET_MS).toISOString().slice(0, 13)}:00:00+05:45`
  /** A date as the dashboard writes it: "6 Dec", "6 Dec 2026". */
  const shortDate = (date: string) =>
    new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.parse(date))
  const longDate = (date: string) =>
    new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.parse(date))

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
      // Now comes first, its heading focused, nothing counted yet; who is signed in, with which role.
      await expect.poll(() => focused(page)).toBe('now-title')
      expect(await text(page, '#who-name')).toBe('API_KEY')
      expect(await text(page, '#who-role')).toBe('admin')
      // Kept for this tab only, and never put in a URL.
      expect(await page.evaluate(() => sessionStorage.getItem('sharelink.apiKey'))).toBe(blank.apiKey)
      expect(page.url()).not.toContain(blank.apiKey)
      await expect.poll(() => text(page, '#now-clicks'), SLOW).toBe('0')
      expect(await text(page, '#now-top')).toContain('No article has had clicks or previews in the last hour.')
      await page.getByRole('link', { name: 'Overview', exact: true }).click()
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('0')
      expect(await text(page, '#top-articles')).toContain('No article had clicks or previews in this period.')
      await page.getByRole('link', { name: 'Links', exact: true }).click()
      await expect.poll(() => page.locator('.empty').textContent()).toContain('No links yet')
      await shot(page, 'dashboard-empty.png')
    })

    it('opens without a key behind Cloudflare Access, its cookie signing the browser in, and signs out through Access', async () => {
      const tab = await newTab()
      const { page } = tab
      // Cloudflare Access, played by the test: its cookie on the browser; a request that carries it
      // and no key is the Access user's (the admin key stands in for the token the Worker would verify).
      await page.context().addCookies([{ name: 'CF_Authorization', value: 'signed-by-access', url: blank.url }])
      const keys: (string | undefined)[] = []
      await page.route('**/api/**', (route) => {
        const request = route.request()
        const headers = request.headers()
        keys.push(headers.authorization)
        if (headers.authorization || !headers.cookie?.includes('CF_Authorization=signed-by-access')) return route.continue()
        if (new URL(request.url()).pathname === '/api/me')
          return route.fulfill({ json: { actor: { kind: 'access', name: 'ed@paper.example' }, role: 'editor' } })
        return route.continue({ headers: { ...headers, authorization: `Bearer ${blank.apiKey}` } })
      })
      await page.route('**/cdn-cgi/access/logout', (route) =>
        route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Signed out</title><p>Signed out of Access.</p>' }),
      )
      await page.goto(`${blank.url}/dashboard`)
      // No key asked: Now, the Access user named with their role.
      await expect.poll(() => focused(page), SLOW).toBe('now-title')
      expect(await page.locator('#sign-in').count()).toBe(0)
      expect(await text(page, '#who-name')).toBe('ed@paper.example')
      expect(await text(page, '#who-role')).toBe('editor')
      await expect.poll(() => text(page, '#now-clicks'), SLOW).toBe('0')
      // An editor's menu: no Access page.
      expect(await page.getByRole('link', { name: 'Access' }).count()).toBe(0)
      // No key anywhere: none kept, none sent.
      expect(await page.evaluate(() => sessionStorage.getItem('sharelink.apiKey'))).toBe(null)
      expect(keys.length).toBeGreaterThanOrEqual(2)
      expect(keys.every((k) => k === undefined)).toBe(true)
      // Signing out is Access's to do: the page goes to its logout.
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL(/\/cdn-cgi\/access\/logout$/)
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
      // Two stories, then a series of twenty parts: the newest twenty links on the service. The origin
      // has no page for a part (it answers 404 to the query), so each is made anyway (`force`).
      const cup = await createLink(dev, { url: `${origin.url}/paging/cup-final`, channel: 'whatsapp' })
      await createLink(dev, { url: `${origin.url}/paging/rail-strike`, slug: 'rail-strike' })
      for (let i = 1; i <= 20; i++)
        await createLink(dev, {
          url: `${origin.url}/paging/rail-strike?part=${i}`,
          slug: `part-${String(i).padStart(2, '0')}`,
          title: `Part ${i} of the series`,
          force: true,
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
      // Not published yet: the origin answers 404, so the link is made anyway (`force`), its address as its card.
      const path = '/unread/late-edition'
      const late = await createLink(dev, { url: `${origin.url}${path}`, slug: 'late-edition', force: true })
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

    it('shows a link’s history: who changed what, before and after, a page at a time', async () => {
      const link = await createLink(dev, { url: `${origin.url}/history/budget-explained`, channel: 'x', title: 'First title' })
      const tab = await open(dev, `#/link/${link.code}`)
      const { page } = tab
      const rows = page.locator('#history-table tbody tr')
      const actions = () => rows.evaluateAll((rs) => rs.map((r) => (r as HTMLElement).dataset.action))
      await expect.poll(actions, SLOW).toEqual(['link.create'])
      // Its making: who, when (the newsroom's time, UTC here), and what it set.
      const made = rows.first()
      expect(await made.locator('.actor').textContent()).toBe('API_KEY')
      expect(await made.locator('.action').textContent()).toBe('Created')
      expect(await made.locator('time').textContent()).toMatch(/^\d{1,2} \w{3} \d{4}, \d\d:\d\d UTC$/)
      expect(await made.locator('[data-field="title"] .change-after').textContent()).toBe('First title')
      expect(await made.locator('[data-field="channel"] .change-after').textContent()).toBe('X')

      // A change made on the page: its history reads it at once, the field before and after.
      await page.getByRole('button', { name: 'Disable link' }).click()
      await expect.poll(actions).toEqual(['link.update', 'link.create'])
      const edit = rows.first()
      expect(await edit.locator('.change-field').allTextContents()).toEqual(['Disabled'])
      expect(await edit.locator('.change-before').textContent()).toBe('no')
      expect(await edit.locator('.change-after').textContent()).toBe('yes')
      // Said in words to a screen reader too.
      expect(await edit.locator('[data-field="disabled"]').textContent()).toBe('Disabled no →  changed to yes')

      // Ten more changes, through the API: the page shows the newest ten, the rest a press away.
      for (let i = 1; i <= 10; i++) {
        const res = await admin(dev, `/api/links/${link.code}`, { method: 'PATCH', body: JSON.stringify({ title: `Title ${i}` }) })
        expect(res.status).toBe(200)
      }
      await page.reload()
      await expect.poll(() => rows.count(), SLOW).toBe(10)
      expect(await rows.first().locator('.change-before').textContent()).toBe('Title 9')
      expect(await rows.first().locator('.change-after').textContent()).toBe('Title 10')
      await page.getByRole('button', { name: 'Older changes' }).click()
      await expect.poll(actions).toEqual([...Array(11).fill('link.update'), 'link.create'])
      // The last page read: the button is gone from under the focus, which is on the table.
      expect(await page.getByRole('button', { name: 'Older changes' }).count()).toBe(0)
      expect(await focused(page)).toBe('history-table')
      // One page of ten, then the next by its cursor.
      const reads = tab.calls.filter((c) => c.startsWith('GET /api/audit?'))
      expect(reads.at(-2)).toBe(`GET /api/audit?code=${link.code}&limit=10`)
      expect(reads.at(-1)).toMatch(new RegExp(`^GET /api/audit\\?code=${link.code}&limit=10&cursor=.+`))
      await shot(page, 'dashboard-history-desktop.png')
    })

    it('opens on Now: the last hour’s clicks and shares, read again within the minute', async () => {
      const url = `${origin.url}/now/budget-explained`
      const tab = await newTab()
      const { page } = tab
      // A clock the test moves: the minute's read again comes when the test says.
      await page.clock.install()
      await page.goto(`${dev.url}/dashboard`)
      await page.clock.resume()
      await page.fill('#api-key', dev.apiKey)
      await page.keyboard.press('Enter')
      await expect.poll(() => focused(page)).toBe('now-title')
      await expect.poll(() => text(page, '#now-clicks'), SLOW).toMatch(/^\d+$/)
      const row = page.locator(`#now-articles-table tbody tr[data-url="${url}"]`)
      expect(await row.count()).toBe(0)

      // Two readers press the WhatsApp button (two shares of one link), three open it.
      const link = await share(dev, url, 'whatsapp')
      expect((await share(dev, url, 'whatsapp')).code).toBe(link.code)
      for (let i = 0; i < 3; i++) expect(await humanClick(link.shortUrl)).toBe(302)
      // Once the counters have flushed (FLUSH_SECONDS, 2 s here), the API has them...
      await expect
        .poll(
          async () => {
            const now = (await (await admin(dev, '/api/analytics/overview?last=60m')).json()) as {
              articles: { url: string; clicks: number; shares: number }[]
            }
            const a = now.articles.find((x) => x.url === url)
            return a && { clicks: a.clicks, shares: a.shares }
          },
          { timeout: 20_000 },
        )
        .toEqual({ clicks: 3, shares: 2 })
      // ...and the page, read again a minute later, shows them: no reload, no press.
      await page.clock.fastForward(61_000)
      await expect.poll(() => row.locator('td.clicks').textContent(), SLOW).toBe('3')
      expect(await row.locator('td.shares').textContent()).toBe('2')
      expect(await row.locator('td.per-share').textContent()).toBe('1.5')
      // Nothing in the hour before: new.
      expect(await row.locator('.change').textContent()).toBe('new vs previous 60 minutes')
      // Its line over the last 3 hours, in five-minute steps, oldest first; in words for a screen reader.
      const spark = row.locator('svg.spark')
      const values = (await spark.getAttribute('data-values'))!.split(',').map(Number)
      expect(values).toHaveLength(36)
      expect(values.reduce((a, b) => a + b, 0)).toBe(3)
      expect(await spark.getAttribute('role')).toBe('img')
      expect(await spark.getAttribute('aria-label')).toMatch(/^Clicks per five minutes over the last 3 hours: 3 in all/)
      // The view is one call, read again each minute.
      const reads = tab.calls.filter((c) => c.startsWith('GET /api/analytics'))
      expect(new Set(reads)).toEqual(new Set(['GET /api/analytics/overview?last=60m&compare=previous']))
      expect(reads.length).toBeGreaterThanOrEqual(2)

      // Its article: the channel's shares, and the clicks each share brought.
      await row.locator('.row-title').click()
      const whatsappRow = page.locator('#article-channels-table tbody tr[data-key="whatsapp"]')
      await expect.poll(() => whatsappRow.locator('.value').textContent(), SLOW).toBe('3')
      expect(await whatsappRow.locator('td.more').allTextContents()).toEqual(['2', '1.5'])
      expect(await text(page, '#article-shares')).toBe('2')
    })

    it('shows a viewer who they are and offers nothing to change, which the API refuses anyway; an editor no deletion', async () => {
      const link = await createLink(dev, { url: `${origin.url}/roles/budget-explained`, channel: 'x' })
      const viewer = await makeKey(dev, 'Sports desk', 'viewer')
      const tab = await open(dev, '#/links', { key: viewer.key })
      const { page } = tab
      expect(await text(page, '#who-name')).toBe('Sports desk')
      expect(await text(page, '#who-role')).toBe('viewer')
      expect(await text(page, '#who')).toBe('Signed in as Sports desk · , role viewer')
      await page.locator(`#links-body tr[data-code="${link.code}"]`).waitFor()
      // No making links, no keys; the export is anyone's.
      expect(await page.locator('#list-view .view-head button').allTextContents()).toEqual(['Export CSV', 'Export JSON'])
      expect(await page.getByRole('button', { name: 'New link' }).count()).toBe(0)
      expect(await page.locator('#create-dialog').count()).toBe(0)
      expect(await page.getByRole('link', { name: 'Access' }).count()).toBe(0)
      // Its link: to copy, nothing else; and no history (the audit log is an editor's to read).
      await page.locator(`#links-body tr[data-code="${link.code}"] .row-title`).click()
      await expect.poll(() => text(page, '#d-short')).toBe(link.shortUrl)
      expect(await page.locator('#detail-view .actions button').allTextContents()).toEqual(['Copy short link'])
      expect(await page.locator('#history').count()).toBe(0)
      expect(await page.locator('#delete-dialog').count()).toBe(0)
      await shot(page, 'dashboard-viewer-desktop.png')
      // The Access page, by its address: an admin's, said so, nothing read.
      await page.evaluate(() => {
        location.hash = '#/access'
      })
      await expect.poll(() => text(page, '#access')).toContain('Keys are managed by an admin.')
      expect(tab.calls.filter((c) => c.includes('/api/audit') || c.includes('/api/keys'))).toEqual([])
      // What the page does not offer, the API refuses.
      for (const [method, path, body] of [
        ['DELETE', `/api/links/${link.code}`],
        ['PATCH', `/api/links/${link.code}`, { disabled: true }],
        ['POST', `/api/links/${link.code}/refresh`],
        ['POST', '/api/links', { url: `${origin.url}/roles/budget-explained` }],
        ['GET', `/api/audit?code=${link.code}`],
        ['POST', '/api/keys', { name: 'Mine now', role: 'admin' }],
      ] as const) {
        const res = await withKey(dev, viewer.key, path, { method, body: body && JSON.stringify(body) })
        expect(res.status, `${method} ${path}`).toBe(403)
      }
      expect(await (await admin(dev, `/api/links/${link.code}`)).json()).toMatchObject({ disabled: false })

      // An editor: changes the link and reads its history; deletes nothing, manages no key.
      const editor = await makeKey(dev, 'Night desk', 'editor')
      const other = await open(dev, `#/link/${link.code}`, { key: editor.key })
      await expect
        .poll(() => other.page.locator('#detail-view .actions button').allTextContents(), SLOW)
        .toEqual(['Copy short link', 'Disable link', 'Refresh preview'])
      expect(await text(other.page, '#who-role')).toBe('editor')
      await other.page.locator('#history-table').waitFor()
      expect(await other.page.getByRole('link', { name: 'Access' }).count()).toBe(0)
      expect((await withKey(dev, editor.key, `/api/links/${link.code}`, { method: 'DELETE' })).status).toBe(403)
    })

    it('lets an admin make a key, shown once, and revoke it: it signs in no more', async () => {
      const tab = await open(dev, '#/access')
      const { page } = tab
      await page.getByLabel('Name').fill('Weekend desk')
      await page.getByLabel('Role').selectOption('editor')
      await page.getByRole('button', { name: 'Make key' }).click()
      const secret = page.locator('#new-secret-key')
      await expect.poll(() => secret.textContent(), SLOW).toMatch(/^sl_[0-9A-Za-z]{12}_[0-9A-Za-z]{32}$/)
      const key = (await secret.textContent())!
      expect(await text(page, '#new-secret')).toContain('Copy it now: you will not see it again.')
      expect(await focused(page)).toBe('new-secret-title')
      await page.getByRole('button', { name: 'Copy key' }).click()
      await expect.poll(() => text(page, '#status')).toBe('Copied the key for “Weekend desk”.')
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key)
      // It signs in, as the form said.
      expect(await (await withKey(dev, key, '/api/me')).json()).toEqual({
        actor: { kind: 'key', name: 'Weekend desk' },
        role: 'editor',
        timezone: 'UTC',
      })
      // Listed with its role, never its secret.
      const row = page.locator('#keys-table tbody tr', { hasText: 'Weekend desk' })
      await row.waitFor()
      expect(await row.locator('.pill').textContent()).toBe('editor')
      expect(await text(page, '#keys-table')).not.toContain(key.slice(3))
      await shot(page, 'dashboard-access-desktop.png')
      await page.getByRole('button', { name: 'Done: hide it' }).click()
      expect(await page.locator('#new-secret').count()).toBe(0)
      expect(await page.content()).not.toContain(key.slice(3))

      // Revoked after a confirmation whose first answer is Cancel.
      await row.getByRole('button', { name: 'Revoke Weekend desk' }).click()
      const dialog = page.getByRole('dialog', { name: 'Revoke this key?' })
      await dialog.waitFor()
      expect(await focused(page)).toBe('revoke-cancel')
      expect(await text(page, '#revoke-what')).toBe('Weekend desk')
      await dialog.getByRole('button', { name: 'Revoke key' }).click()
      await expect.poll(() => text(page, '#status')).toBe('Key “Weekend desk” revoked: it no longer signs anyone in.')
      await expect.poll(() => row.count()).toBe(0)
      // The API refuses it, and so does the sign-in form.
      expect((await withKey(dev, key, '/api/me')).status).toBe(401)
      const { page: other } = await newTab({ allow: /the server responded with a status of 401/ })
      await other.goto(`${dev.url}/dashboard`)
      await other.fill('#api-key', key)
      await other.keyboard.press('Enter')
      await expect.poll(() => text(other, '#sign-in-error')).toBe('That API key was not accepted. Check it and enter it again.')
    })
  })

  describe('the figures of a newsroom in Kathmandu, over one day of traffic seeded through the worker and only read by the tests', () => {
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
    /** When the seeding started and ended: its clicks fall in the newsroom's hours between. */
    const seeded = { from: 0, to: 0 }

    beforeAll(async () => {
      dev = await startDev({ ...VARS, REPORT_TIMEZONE: ZONE })
      seeded.from = Date.now()
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
      // The story passed around in chats: its cards fetched by WhatsApp, Slack and Discord; and on the
      // public networks. And Googlebot indexing it: a crawl, not a card.
      for (const [link, platform] of [
        [whatsapp, 'whatsapp'],
        [whatsapp, 'whatsapp'],
        [whatsapp, 'slack'],
        [facebook, 'discord'],
        [facebook, 'facebook'],
        [x, 'x'],
        [x, 'linkedin'],
        [x, 'google'],
      ] as const)
        expect(await crawl(link.shortUrl, platform)).toBe(200)
      seeded.to = Date.now()
      // The counters flush every FLUSH_SECONDS (2 here): the tests read D1's rollups (the analytics) and
      // the listing's copies of each link's figures, so wait until both hold it all.
      // (vi.waitFor: expect.poll is for tests, not hooks.)
      await vi.waitFor(
        async () => {
          const totals = ((await (await admin(dev, '/api/analytics?groupBy=channels')).json()) as { totals: unknown }).totals
          const { links } = (await (await admin(dev, '/api/links?limit=20')).json()) as { links: { clicks: number; previews: number }[] }
          // Newest first: WhatsApp's and Facebook's budget links, the rail and cup stories, the storm, X's budget link.
          expect({ totals, listed: links.map((l) => [l.clicks, l.previews]) }).toEqual({
            totals: { clicks: 11, previews: 7, shares: 0, crawls: 1 },
            listed: LISTED,
          })
        },
        { timeout: 20_000, interval: 250 },
      )
    })

    afterAll(async () => {
      await dev?.stop()
    })

    it('counts the traffic in the API: the budget story first, by channel, its title, section and author its newest link’s', async () => {
      const report = (await (await admin(dev, '/api/analytics?groupBy=articles')).json()) as {
        timezone: string
        end: string
        rows: { url: string }[]
      }
      expect(report.timezone).toBe(ZONE)
      expect(report.end).toBe(zoneDay())
      // The two stories read or crawled; the two nobody read have no row.
      expect(report.rows.map((r) => r.url)).toEqual([BUDGET(), `${origin.url}/2026/11/storm-warning`])
      expect(report.rows[0]).toEqual({
        url: BUDGET(),
        // The article's current title is its newest link's.
        title: LONG_TITLE,
        section: 'Politics',
        author: 'Ana Lopez',
        clicks: 9,
        previews: 7,
        shares: 0,
        byChannel: { x: 4, facebook: 3, whatsapp: 2 },
      })
    })

    it('opens on Now: the last hour’s top articles, each with its line over 3 hours, in the newsroom’s time', async () => {
      const before = Date.now()
      const tab = await open(dev, '#/')
      const { page } = tab
      await expect.poll(() => text(page, '#now-clicks'), SLOW).toBe('11')
      // Against the hour before, when nothing happened.
      expect(await text(page, '#now-clicks-change')).toBe('new vs previous 60 minutes')
      expect(await text(page, '#now-previews')).toBe('7')
      const first = page.locator('#now-articles-table tbody tr').first()
      expect(await first.getAttribute('data-url')).toBe(BUDGET())
      expect(await first.locator('td.clicks').textContent()).toBe('9')
      expect(await first.locator('td.per-share').textContent()).toBe('—')
      expect(await first.locator('.row-meta-links a').allTextContents()).toEqual(['Politics', 'Ana Lopez'])
      const spark = first.locator('svg.spark')
      expect(
        (await spark.getAttribute('data-values'))!
          .split(',')
          .map(Number)
          .reduce((a, b) => a + b, 0),
      ).toBe(9)
      expect(await spark.getAttribute('aria-label')).toMatch(
        /^Clicks per five minutes over the last 3 hours: 9 in all, at most \d+ in five minutes/,
      )
      // Five-minute steps of the newsroom's clock (+05:45), the latest the five minutes now running.
      const chart = page.locator('#now-chart')
      expect(await chart.getAttribute('data-total')).toBe('11')
      expect(await chart.getAttribute('data-steps')).toBe('12')
      const steps = await chart.locator('g.step').evaluateAll((gs) => gs.map((g) => (g as HTMLElement).dataset.at!))
      const fiveMinutes = (t: number) =>
        `${new Date(Math.floor(t / 300_000) * 300_000 + ZONE_OFFSET_MS).toISOString().slice(0, 16)}:00+05:45`
      expect([fiveMinutes(before), fiveMinutes(Date.now())]).toContain(steps.at(-1))
      expect(await chart.locator('.figures tbody th').last().textContent()).toBe(steps.at(-1)!.slice(11, 16))
      expect(await text(page, '#now-period')).toContain(ZONE)
      expect(await text(page, '#now .fetched-at')).toMatch(/^\d\d:\d\d:\d\d GMT\+5:45$/)
      // One call, which the view makes.
      expect(viewCalls(tab)).toEqual(['GET /api/analytics/overview?last=60m&compare=previous'])
      await shot(page, 'dashboard-now-desktop.png')
    })

    it('shows the overview in one call: totals, clicks per day by channel, the top article and its channel split, cards apart from crawls', async () => {
      const tab = await open(dev, '#/overview')
      const { page } = tab
      const first = page.locator('#top-articles-table tbody tr').first()
      await expect.poll(() => first.locator('.row-title').textContent(), SLOW).toBe(LONG_TITLE)
      expect(await first.getAttribute('data-url')).toBe(BUDGET())
      expect(await first.locator('td.num').allTextContents()).toEqual(['9', '0', '—', '7'])
      // Its channel split, in words beside the bar; its section and author, each a way to the overview kept to it.
      expect(await first.locator('.split-part').allTextContents()).toEqual(['X 4', 'Facebook 3', 'WhatsApp 2'])
      expect(await first.locator('.split-bar rect').count()).toBe(3)
      expect(await first.locator('.row-meta-links a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
        '#/overview?section=Politics',
        '#/overview?author=Ana+Lopez',
      ])
      // The storm story second, with its Facebook clicks; the two stories nobody read are not there.
      expect(await page.locator('#top-articles-table tbody tr').nth(1).locator('.split-part').allTextContents()).toEqual(['Facebook 2'])
      expect(await page.locator('#top-articles-table tbody tr').count()).toBe(2)

      // Totals: every click and card seeded; Googlebot's fetch a crawl, apart.
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('11')
      expect(await text(page, '#total-previews')).toBe('7')
      expect(await text(page, '#total-shares')).toBe('0')
      expect(await text(page, '#total-crawls')).toBe('1')
      // Previews in private chats: WhatsApp ×2, Slack, Discord.
      expect(await text(page, '#total-chat-previews')).toBe('4')
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
      // Google is no card: its crawl is the search engines', never among the previews.
      expect(await page.locator('#search-table tbody tr th').allTextContents()).toEqual(['Google Search (Googlebot)'])
      expect(await page.locator('#search-table tbody tr .value').allTextContents()).toEqual(['1'])
      // Clicks per day stacked by channel, days of the newsroom: today's bar in three colours.
      const chart = page.locator('#series-chart')
      expect(await chart.getAttribute('data-total')).toBe('11')
      expect(await chart.getAttribute('data-steps')).toBe('7')
      const today = chart.locator(`g.step[data-at="${zoneDay()}"]`)
      // Stacked in the channels' order, most clicks first (Facebook has the storm story's too).
      expect(await today.locator('rect:not(.hit)').evaluateAll((rs) => rs.map((r) => r.getAttribute('class')))).toEqual([
        'ch-facebook',
        'ch-x',
        'ch-whatsapp',
      ])
      expect(await chart.locator('.legend li').allTextContents()).toEqual(['Facebook 5', 'X 4', 'WhatsApp 2'])
      // Channels: their clicks, shares and clicks per share (none shared: "—").
      const channels = page.locator('#channels-table tbody tr')
      expect(await channels.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.key))).toEqual(['facebook', 'x', 'whatsapp'])
      expect(await channels.first().locator('td.more').allTextContents()).toEqual(['0', '—'])
      // Referrers and countries.
      expect(await page.locator('#referrers-table tbody tr th').allTextContents()).toContain('facebook.com')
      expect(await page.locator('#countries-table tbody tr').count()).toBe(1)
      // The newsroom's days and zone, not the browser's.
      expect(await text(page, '#period-text')).toBe(`The last 7 days, today included: ${longDate(zoneDay(-6))} – ${longDate(zoneDay())}.`)
      expect(await text(page, '#period-zone')).toBe(`Days and hours of ${ZONE}, the newsroom’s time zone.`)
      // One call, the overview's: the sign-in's GET /api/me named the newsroom's zone, so the first
      // call asks for its days, whatever the browser's zone (Los Angeles) makes of today.
      const made = viewCalls(tab)
      expect(made).toHaveLength(1)
      expect(made.every((c) => c.startsWith('GET /api/analytics/overview?'))).toBe(true)
      expect(made.at(-1)).toBe(`GET /api/analytics/overview?start=${zoneDay(-6)}&end=${zoneDay()}&interval=day`)
      // How fresh, in words, by the newsroom's clock.
      expect(await text(page, '#overview .freshness')).toMatch(
        /^Figures as of \d\d:\d\d:\d\d GMT\+5:45: .*FLUSH_SECONDS \(60 s by default\).*Read again every minute while this tab is open\./,
      )
      await shot(page, 'dashboard-overview-desktop.png')
    })

    it('shows today hour by hour in the newsroom’s zone, the last 24 hours, a custom period, and a wrong one in words', async () => {
      const tab = await open(dev, '#/overview')
      const { page } = tab
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('11')
      const chart = page.locator('#series-chart')
      const before = tab.calls.length
      await page.getByRole('button', { name: 'Today', exact: true }).click()
      expect(await page.getByRole('button', { name: 'Today', exact: true }).getAttribute('aria-pressed')).toBe('true')
      await expect.poll(() => text(page, '#period-text')).toBe(`Today, ${longDate(zoneDay())}, hour by hour.`)
      await expect.poll(() => chart.getAttribute('data-steps'), SLOW).toBe('24')
      expect(viewCalls(tab, before)).toEqual([`GET /api/analytics/overview?start=${zoneDay()}&end=${zoneDay()}&interval=hour`])
      expect(await chart.getAttribute('data-total')).toBe('11')
      // The newsroom's hours (its clock at +05:45: they start at :15 UTC), as its clock reads them.
      const steps = await chart.locator('g.step').evaluateAll((gs) => gs.map((g) => (g as HTMLElement).dataset.at!))
      expect(steps[0]).toBe(`${zoneDay()}T00:00:00+05:45`)
      expect(steps[23]).toBe(`${zoneDay()}T23:00:00+05:45`)
      const hours = chart.locator('.figures tbody th')
      expect(await hours.first().textContent()).toBe(`${shortDate(zoneDay())} 00:00`)
      expect(await hours.last().textContent()).toBe(`${shortDate(zoneDay())} 23:00`)
      expect(await chart.locator('.figures thead th').first().textContent()).toBe(`Hour (${ZONE})`)
      // The clicks in the hours of the seeding, as the newsroom's clock had them.
      const clicked = await chart
        .locator('g.step')
        .evaluateAll((gs) => gs.filter((g) => g.querySelector('rect:not(.hit)')).map((g) => (g as HTMLElement).dataset.at))
      expect(clicked.length).toBeGreaterThan(0)
      for (const hour of clicked) expect([zoneHour(seeded.from), zoneHour(seeded.to)]).toContain(hour)
      await shot(page, 'dashboard-today-desktop.png')

      // The last 24 hours, hour by hour: the time just past, by the server's clock.
      const last24 = tab.calls.length
      await page.getByRole('button', { name: '24 h' }).click()
      await expect
        .poll(() => text(page, '#period-text'))
        .toMatch(/^The last 24 hours, hour by hour: \d+ \w{3} \d\d:\d\d – \d+ \w{3} \d\d:\d\d\.$/)
      expect(viewCalls(tab, last24)).toEqual(['GET /api/analytics/overview?last=24h&interval=hour'])
      await expect.poll(() => chart.getAttribute('data-total'), SLOW).toBe('11')

      // A period long past: nothing in it.
      await page.getByRole('button', { name: 'Custom' }).click()
      await expect.poll(() => focused(page)).toBe('period-start')
      await page.getByLabel('From', { exact: true }).fill('2020-01-01')
      await page.getByLabel('To', { exact: true }).fill('2020-01-31')
      await page.getByRole('button', { name: 'Show', exact: true }).click()
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('0')
      expect(await text(page, '#period-text')).toBe('1 Jan 2020 – 31 Jan 2020, both days included.')
      expect(tab.calls).toContain('GET /api/analytics/overview?start=2020-01-01&end=2020-01-31&interval=day')
      expect(await text(page, '#top-articles')).toContain('No article had clicks or previews in this period.')
      // Backwards, or longer than the API allows: said in words, nothing asked.
      const calls = tab.calls.length
      await page.getByLabel('From', { exact: true }).fill('2020-02-10')
      await page.getByRole('button', { name: 'Show', exact: true }).click()
      await expect.poll(() => text(page, '#custom-period .field-error')).toBe('The period must end on or after the day it starts.')
      await page.getByLabel('From', { exact: true }).fill('2018-01-01')
      await page.getByRole('button', { name: 'Show', exact: true }).click()
      await expect.poll(() => text(page, '#custom-period .field-error')).toBe('A period can span at most 400 days.')
      expect(tab.calls.length).toBe(calls)

      await page.getByRole('button', { name: '7 d' }).click()
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('11')
      expect(await page.locator('#custom-period').isVisible()).toBe(false)
    })

    it('compares a period with the one just before: totals and every row', async () => {
      const tab = await open(dev, '#/overview')
      const { page } = tab
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('11')
      expect(await page.locator('.change').count()).toBe(0)
      const before = tab.calls.length
      await page.getByLabel('Compare with the time just before').check()
      await expect.poll(() => text(page, '#total-clicks-change'), SLOW).toBe('new vs previous 7 days')
      expect(viewCalls(tab, before)).toEqual([
        `GET /api/analytics/overview?start=${zoneDay(-6)}&end=${zoneDay()}&interval=day&compare=previous`,
      ])
      expect(await text(page, '#total-shares-change')).toBe('±0 % vs previous 7 days')
      // Each article and channel against its own clicks before: a column of its own.
      expect(await page.locator('#top-articles-table thead th').allTextContents()).toContain('vs previous 7 days')
      const first = page.locator('#top-articles-table tbody tr').first()
      expect(await first.locator('.change').textContent()).toBe('new vs previous 7 days')
      expect(await page.locator('#channels-table thead th').allTextContents()).toContain('vs previous 7 days')
      // A day against the day before.
      await page.getByRole('button', { name: 'Today', exact: true }).click()
      await expect.poll(() => text(page, '#total-clicks-change'), SLOW).toBe('new vs the day before')
      expect(tab.calls.at(-1)).toBe(`GET /api/analytics/overview?start=${zoneDay()}&end=${zoneDay()}&interval=hour&compare=previous`)
      await shot(page, 'dashboard-compare-desktop.png')
      await page.getByLabel('Compare with the time just before').uncheck()
      await expect.poll(() => page.locator('.change').count()).toBe(0)
    })

    it('shows sections and authors, each a way to the overview kept to it', async () => {
      const tab = await open(dev, '#/sections')
      const { page } = tab
      const rows = (table: string) => page.locator(`#${table} tbody tr`)
      const names = (table: string) => rows(table).evaluateAll((rs) => rs.map((r) => (r as HTMLElement).dataset.name))
      await expect.poll(() => names('sections-table'), SLOW).toEqual(['Politics', 'Weather'])
      expect(await rows('sections-table').locator('td.clicks').allTextContents()).toEqual(['9', '2'])
      expect(await rows('sections-table').locator('td.per-share').allTextContents()).toEqual(['—', '—'])
      expect(await names('authors-table')).toEqual(['Ana Lopez', 'Ben Okafor'])
      expect(await rows('authors-table').locator('td.previews').allTextContents()).toEqual(['7', '0'])
      // Two calls (both again, at most, if the browser's zone gave other days than the newsroom's).
      const made = viewCalls(tab)
      expect(made.length).toBeLessThanOrEqual(4)
      expect(made.slice(-2).sort()).toEqual([
        `GET /api/analytics?start=${zoneDay(-6)}&end=${zoneDay()}&interval=day&limit=20&groupBy=authors`,
        `GET /api/analytics?start=${zoneDay(-6)}&end=${zoneDay()}&interval=day&limit=20&groupBy=sections`,
      ])
      await shot(page, 'dashboard-sections-desktop.png')

      // A section's overview: its articles only, said so, with a way back to all.
      await rows('sections-table').first().getByRole('link', { name: 'Politics' }).click()
      await page.waitForURL(/#\/overview\?section=Politics$/)
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('9')
      expect(await page.locator('#top-articles-table tbody tr').count()).toBe(1)
      expect(await text(page, '.filter[data-filter="section"]')).toBe('Section: Politics Remove the section filter')
      expect(tab.calls.at(-1)).toBe(`GET /api/analytics/overview?start=${zoneDay(-6)}&end=${zoneDay()}&interval=day&section=Politics`)
      await page.getByRole('link', { name: 'Remove the section filter' }).click()
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('11')
      expect(await page.locator('.filter').count()).toBe(0)
    })

    it('downloads what the overview shows as CSV, with the key, under the CSP', async () => {
      const tab = await open(dev, '#/overview')
      const { page } = tab
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('11')
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#top-articles').getByRole('button', { name: 'Download CSV of the top articles' }).click(),
      ])
      expect(download.suggestedFilename()).toBe(`sharelink-articles-${zoneDay(-6)}-${zoneDay()}.csv`)
      const csv = readFileSync((await download.path())!, 'utf8')
      // The same as the API's own CSV of the same call.
      const query = `start=${zoneDay(-6)}&end=${zoneDay()}&interval=day&limit=10&groupBy=articles&format=csv`
      const direct = await (await admin(dev, `/api/analytics?${query}`)).text()
      expect(csv).toBe(direct)
      const [header, first] = csv.split('\r\n')
      expect(header).toBe(`url,title,section,author,clicks,previews,shares,${CHANNELS.map((c) => `clicks_${c}`).join(',')},clicks_none`)
      const byChannel: Record<string, number> = { x: 4, facebook: 3, whatsapp: 2 }
      expect(first).toBe(`${BUDGET()},"${LONG_TITLE}",Politics,Ana Lopez,9,7,0,${CHANNELS.map((c) => byChannel[c] ?? 0).join(',')},0`)
      await expect.poll(() => text(page, '#status')).toBe(`Downloaded sharelink-articles-${zoneDay(-6)}-${zoneDay()}.csv.`)
      // The download was the API call with the key, format=csv.
      expect(tab.calls).toContain(`GET /api/analytics?${query}`)
    })

    it('opens the article page in at most three calls: its figures per channel, every link with its card, warnings and QR', async () => {
      const tab = await open(dev, '#/overview')
      const { page } = tab
      await expect.poll(() => text(page, '#top-articles-table tbody tr .row-title'), SLOW).toBe(LONG_TITLE)
      const mark = tab.calls.length
      await page.locator('#top-articles-table tbody tr').first().locator('.row-title').click()
      await page.waitForURL(/#\/article\//)
      expect(decodeURIComponent(page.url().split('#/article/')[1]!)).toBe(BUDGET())
      await expect.poll(() => focused(page), SLOW).toBe('article-title')
      await expect.poll(() => text(page, '#article-clicks'), SLOW).toBe('9')
      // Its title is its newest link's: the other call's.
      await expect.poll(() => text(page, '#article-title'), SLOW).toBe(LONG_TITLE)
      expect(await text(page, '#article-previews')).toBe('7')
      expect(await text(page, '#article-crawls')).toBe('1')
      // The per-channel chart and its day chart.
      const channels = page.locator('#article-channels-table tbody tr')
      expect(await channels.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.key))).toEqual(['x', 'facebook', 'whatsapp'])
      expect(await channels.locator('.value').allTextContents()).toEqual(['4', '3', '2'])
      expect(await page.locator('#article-series-chart').getAttribute('data-total')).toBe('9')
      expect(await page.locator('#article-search-table tbody tr th').allTextContents()).toEqual(['Google Search (Googlebot)'])
      // Two calls: the article's overview, and its links.
      const cards = page.locator('.link-card')
      await expect
        .poll(() => cards.evaluateAll((cs) => cs.map((c) => (c as HTMLElement).dataset.code)), SLOW)
        .toEqual([whatsapp.code, facebook.code, x.code])
      expect(viewCalls(tab, mark).sort()).toEqual([
        `GET /api/analytics/overview?start=${zoneDay(-6)}&end=${zoneDay()}&interval=day&url=${encodeURIComponent(BUDGET())}`,
        `GET /api/links?limit=100&url=${encodeURIComponent(BUDGET())}`,
      ])

      // Every link of the article, newest first, each with its card and QR code.
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
      // (Before it: who the page is signed in as, asked without a key, then with it.)
      expect(tab.calls).toEqual(['GET /api/me', 'GET /api/me', 'GET /api/links?limit=20'])
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

    it('exports every link from the list as CSV and as JSON, a viewer too, as the API gives them', async () => {
      const viewer = await makeKey(dev, 'Export desk', 'viewer')
      const tab = await open(dev, '#/links', { key: viewer.key })
      const { page } = tab
      await page.locator('#links-body tr').first().waitFor()
      const save = async (name: string) => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()])
        return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') }
      }
      const csv = await save('Export CSV')
      // The name the server gives it (Content-Disposition), with the newsroom's day.
      expect(csv.name).toBe(`sharelink-links-${zoneDay()}.csv`)
      await expect.poll(() => text(page, '#status')).toBe(`Downloaded ${csv.name}.`)
      const [header, ...rows] = csv.text.trimEnd().split('\r\n')
      expect(header).toBe(
        'code,shortUrl,url,channel,title,description,image,siteName,createdAt,expiresAt,disabled,unfurledAt,setByHand,clicks,repeats,previews,shares',
      )
      // Every link, newest first (a code is the first cell, and has no comma).
      expect(rows.map((r) => r.split(',')[0])).toEqual(newestFirst())
      const json = await save('Export JSON')
      expect(json.name).toBe(csv.name.replace(/csv$/, 'json'))
      const { links } = JSON.parse(json.text) as { links: { code: string; clicks: number; previews: number }[] }
      expect(links.map((l) => [l.code, l.clicks, l.previews])).toEqual(newestFirst().map((code, i) => [code, ...LISTED[i]!]))
      // Each download was the API's export, with the key: the same file as the API gives it.
      expect(viewCalls(tab).filter((c) => c.includes('/export'))).toEqual([
        'GET /api/links/export?format=csv',
        'GET /api/links/export?format=json',
      ])
      expect(csv.text).toBe(await (await withKey(dev, viewer.key, '/api/links/export?format=csv')).text())
    })

    it('looks right at phone width', async () => {
      const { page } = await open(dev, `#/article/${encodeURIComponent(BUDGET())}`)
      await expect.poll(() => page.locator('.link-card').count(), SLOW).toBe(3)
      await page.locator('#article-series-chart svg').waitFor()
      // Turned to a phone's width: the charts draw again to fit, and nothing is wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 })
      await expect.poll(async () => Number(await page.locator('#article-series-chart svg').getAttribute('width'))).toBeLessThanOrEqual(390)
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390)
      await shot(page, 'dashboard-article-phone.png')
      await page.getByRole('link', { name: 'Overview', exact: true }).click()
      await expect.poll(() => page.locator('#top-articles-table tbody tr').count(), SLOW).toBe(2)
      // Drawn once its width is measured.
      const chart = page.locator('#series-chart svg')
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
      await page.getByRole('link', { name: 'Now', exact: true }).click()
      await page.locator('#now-chart svg').waitFor()
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390)
      await shot(page, 'dashboard-now-phone.png')
    })

    it('reads Now again every minute while the tab shows, not while it is hidden', async () => {
      const tab = await newTab()
      const { page } = tab
      // A clock the test moves; and a count of Now's reads kept in the page, which a read bumps the
      // moment it starts (a request event reaches the test later, so could not show that none was made).
      await page.clock.install()
      await page.addInitScript(() => {
        const counted = window as unknown as { reads: number }
        counted.reads = 0
        const fetch = window.fetch
        window.fetch = (input, init) => {
          const url = String(input instanceof Request ? input.url : input)
          if (url.includes('/api/analytics/overview?last=60m')) counted.reads++
          return fetch(input, init)
        }
      })
      await page.goto(`${dev.url}/dashboard#/`)
      // Time flows as usual (the views draw on animation frames), and jumps when the test says.
      await page.clock.resume()
      await page.fill('#api-key', dev.apiKey)
      await page.keyboard.press('Enter')
      await expect.poll(() => text(page, '#now-clicks'), SLOW).toBe('11')
      const reads = () => page.evaluate(() => (window as unknown as { reads: number }).reads)
      expect(await reads()).toBe(1)
      const at = await page.locator('#now .fetched-at').getAttribute('datetime')

      await page.clock.fastForward(61_000)
      await expect.poll(reads).toBe(2)
      await expect.poll(() => page.locator('#now .fetched-at').getAttribute('datetime'), SLOW).not.toBe(at)
      // The calls the test saw agree: Now's one call, twice.
      await expect.poll(() => tab.calls.filter((c) => c === 'GET /api/analytics/overview?last=60m&compare=previous').length).toBe(2)

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

    it('passes axe on every view: no failure of WCAG 2.2 A and AA or of its best practices', async () => {
      const tab = await open(dev, '#/')
      const { page } = tab
      const failures: string[] = []
      const check = async (view: string) => failures.push(...describeFindings(await axe(page)).map((line) => `${view}: ${line}`))
      const go = (hash: string) =>
        page.evaluate((h) => {
          location.hash = h
        }, hash)
      await expect.poll(() => text(page, '#now-clicks'), SLOW).toBe('11')
      await check('Now')
      await go('#/overview')
      await expect.poll(() => text(page, '#total-clicks'), SLOW).toBe('11')
      await page.getByLabel('Compare with the time just before').check()
      await expect.poll(() => page.locator('#total-clicks-change').count(), SLOW).toBe(1)
      await page.getByRole('button', { name: 'Custom' }).click()
      await check('the overview, compared, the custom period open')
      await page.getByRole('button', { name: 'Today', exact: true }).click()
      await expect.poll(() => page.locator('#series-chart').getAttribute('data-steps'), SLOW).toBe('24')
      await page.locator('#series .figures summary').click()
      await check('today by the hour, its figures open')
      await go('#/sections')
      await page.locator('#sections-table').waitFor()
      await check('sections and authors')
      await go(`#/article/${encodeURIComponent(BUDGET())}`)
      await expect.poll(() => page.locator('.link-card').count(), SLOW).toBe(3)
      await check('the article')
      await go(`#/link/${x.code}`)
      await page.locator('#history-table').waitFor()
      await check('a link with its history')
      await go('#/links')
      await page.locator('#links-body tr').first().waitFor()
      await check('the links')
      await go('#/access')
      await page.getByLabel('Name').fill('Accessibility desk')
      await page.getByRole('button', { name: 'Make key' }).click()
      await page.locator('#new-secret').waitFor()
      await check('access, a new key shown')
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.getByRole('heading', { name: 'Sign in' }).waitFor()
      await check('the sign-in')
      expect(failures).toEqual([])
    })
  })
})
