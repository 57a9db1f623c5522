/**
 * The publisher's dashboard (GET /dashboard, static assets built from dashboard/) in Chromium,
 * against the worker under `wrangler dev`: sign in (a wrong key first), create a link through the
 * form, see human clicks in the detail view and its chart, act on the link, list and search links
 * (the server searches); then, with traffic seeded through the worker (clicks by distinct readers,
 * crawls by the platforms' crawlers, the counters flushed), the overview with the top article and
 * its channel split, a change of period, the CSV download, the article page with each link's card
 * and its warnings; paging, deletion, a link whose article could not be read, errors in words, the
 * figures refreshing themselves while the tab shows; all under the page's strict CSP, at desktop
 * and phone width.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHANNELS } from '../../src/links/channels'
import { hasChromium, launch } from './browser'
import { type DevServer, startDev, startOrigin } from './dev-server'

const ROOT = join(import.meta.dirname, '..', '..')
/** For what waits on the analytics API: a view's figures take several calls, some after others. */
const SLOW = { timeout: 10_000 }
const SHOTS = join(ROOT, 'artifacts', 'screenshots')

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

const ARTICLES: Record<string, { type: string; body: string }> = {
  '/2026/11/budget-explained': article('Budget 2027 explained: what changes for renters', 'The measures, line by line.'),
  '/2026/11/storm-warning': article('Storm warning for the north coast this weekend', 'Gusts up to 120 km/h are expected.'),
  '/2026/11/cup-final': article('Cup final: late goal settles a tense night', 'Match report and ratings.'),
  '/2026/11/rail-strike': article('Rail strike called off after overnight talks', 'Trains run as normal from Monday.'),
}

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
  let dev: DevServer
  let origin: Awaited<ReturnType<typeof startOrigin>>
  let browser: Browser
  let ctx: BrowserContext
  let page: Page
  const problems: string[] = []
  /** The API requests the page made, as method and path with query. */
  const apiCalls: string[] = []

  /** Every CSV violation, script error or failed load of `p` is a bug here. */
  function watch(p: Page) {
    p.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`))
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    p.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`))
    p.on('request', (r) => {
      const url = new URL(r.url())
      if (url.pathname.startsWith('/api/')) apiCalls.push(`${r.method()} ${url.pathname}${url.search}`)
    })
  }

  beforeAll(async () => {
    origin = await startOrigin(ARTICLES)
    dev = await startDev({ ALLOWED_HOSTS: '127.0.0.1:*' })
    browser = await launch()
    mkdirSync(SHOTS, { recursive: true })
    // Headless Chromium says "HeadlessChrome" and would be taken for a bot: browse as a person.
    const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`
    ctx = await browser.newContext({
      userAgent,
      viewport: { width: 1280, height: 800 },
      permissions: ['clipboard-read', 'clipboard-write'],
      acceptDownloads: true,
    })
    page = await ctx.newPage()
    watch(page)
  })

  afterAll(async () => {
    await browser?.close()
    await dev?.stop()
    await origin?.close()
  })

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${dev.url}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${dev.apiKey}`, 'Content-Type': 'application/json', ...init.headers },
    })

  async function createByApi(body: Record<string, unknown>): Promise<{ code: string; shortUrl: string; title: string }> {
    const res = await admin('/api/links', { method: 'POST', body: JSON.stringify(body) })
    expect(res.status, await res.clone().text()).toBe(201)
    return (await res.json()) as { code: string; shortUrl: string; title: string }
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

  /** A platform's crawler fetching the card: a preview, counted for that platform. */
  /** A card fetched by a platform's crawler; each fetch from an address of its own (one address counts once a half hour). */
  let crawls = 0
  async function crawl(shortUrl: string, platform: keyof typeof CRAWLERS): Promise<number> {
    const res = await fetch(shortUrl, { headers: { 'User-Agent': CRAWLERS[platform], 'CF-Connecting-IP': `198.51.100.${++crawls}` } })
    await res.text()
    return res.status
  }

  const text = (selector: string) => page.locator(selector).first().textContent()
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true })
  const scrollWidth = () => page.evaluate(() => document.documentElement.scrollWidth)
  const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

  it('serves /dashboard as a static page under a strict CSP', async () => {
    const res = await page.goto(`${dev.url}/dashboard`)
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
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true)
  })

  it('says a wrong key is wrong, and takes the right one from the keyboard', async () => {
    // The key field is the first stop for Tab.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('api-key')
    expect(await page.getAttribute('#api-key', 'type')).toBe('password')
    await page.keyboard.type('not-the-key')
    await page.keyboard.press('Enter')
    await expect.poll(() => text('#sign-in-error')).toBe('That API key was not accepted. Check it and enter it again.')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('api-key')
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
    await shot('dashboard-sign-in-rejected.png')

    await page.fill('#api-key', '')
    await page.keyboard.type(dev.apiKey)
    await page.keyboard.press('Enter')
    // The overview comes first, its heading focused, nothing counted yet.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('overview-title')
    // Kept for this tab only, and never put in a URL.
    expect(await page.evaluate(() => sessionStorage.getItem('sharelink.apiKey'))).toBe(dev.apiKey)
    expect(page.url()).not.toContain(dev.apiKey)
    await expect.poll(() => text('#total-clicks'), SLOW).toBe('0')
    expect(await text('#top-articles')).toContain('No article had clicks or previews in this period.')
    await page.getByRole('link', { name: 'Links', exact: true }).click()
    await expect.poll(() => page.locator('.empty').textContent()).toContain('No links yet')
    await shot('dashboard-empty.png')
  })

  let code = ''
  let shortUrl = ''
  const TITLE = 'Budget 2027 <b>explained</b> <img src=x onerror="document.title=1">'
  const BUDGET = () => `${origin.url}/2026/11/budget-explained`

  it('creates a link through the form, escaping a title with markup in it', async () => {
    await page.getByRole('button', { name: 'New link' }).click()
    const dialog = page.getByRole('dialog', { name: 'New link' })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('create-url')
    // The channels offered are the API's own list, after "None".
    expect(
      await dialog
        .getByLabel('Channel')
        .locator('option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(['', ...CHANNELS])
    // Required URL: said in words, nothing sent.
    await page.getByRole('button', { name: 'Create link' }).click()
    await expect.poll(() => text('#create-error')).toBe('Enter the article’s URL.')

    await dialog.getByLabel('Article URL').fill(BUDGET())
    await dialog.getByLabel('Channel').selectOption('x')
    await dialog.getByLabel('Title').fill(TITLE)
    await shot('dashboard-create-dialog.png')
    await page.getByRole('button', { name: 'Create link' }).click()
    await page.waitForURL(/#\/link\/[A-Za-z0-9_-]+$/)
    code = page.url().split('/').pop()!
    await expect.poll(() => text('#detail-title')).toBe(TITLE)
    expect(await page.locator('#detail-title b, #detail-title img').count()).toBe(0)
    shortUrl = (await text('#d-short'))!
    expect(shortUrl).toBe(`${dev.url}/${code}`)
    expect(await text('#status')).toBe(`Link created: ${shortUrl}`)
    expect(await text('#d-clicks')).toBe('0')
  })

  it('shows human clicks in the detail view, its chart and breakdowns', async () => {
    for (let i = 0; i < 3; i++) expect(await humanClick(shortUrl)).toBe(302)
    // The detail view reads exact figures (?fresh=1); "Update figures" reads them again.
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Update figures' }).click()
          await page.waitForTimeout(300)
          return text('#d-clicks')
        },
        { timeout: 15_000 },
      )
      .toBe('3')
    expect(apiCalls).toContain(`GET /api/links/${code}/stats?fresh=1`)
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
    expect(await text('#by-platform')).toContain('No card fetched yet.')
    // The QR code is the worker's SVG, loaded.
    const qr = page.locator('#qr-img')
    expect(await qr.getAttribute('src')).toBe(`/${code}/qr.svg`)
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    expect(await page.locator('#qr-png').getAttribute('href')).toBe(`/${code}/qr.png`)
    // Its card: no image on the article, said so.
    expect(await page.locator('#card-panel [data-warning="no-image"]').count()).toBe(1)
  })

  it('copies the short link and refreshes the preview', async () => {
    await page.getByRole('button', { name: 'Copy short link' }).click()
    await expect.poll(() => text('#status')).toBe(`Copied ${shortUrl}`)
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shortUrl)

    await page.getByRole('button', { name: 'Refresh preview' }).click()
    // The title set by hand wins over the article's, on refresh too.
    await expect.poll(() => text('#status')).toBe(`Preview refreshed from the article: “${TITLE}”.`)
    await shot('dashboard-detail-desktop.png')
  })

  it('disables and enables the link', async () => {
    await page.getByRole('button', { name: 'Disable link' }).click()
    await expect.poll(() => text('#d-state')).toBe('Disabled')
    expect(await page.locator('#qr-img').count()).toBe(0)
    expect(await humanClick(shortUrl)).toBe(410)
    await page.getByRole('button', { name: 'Enable link' }).click()
    await expect.poll(() => text('#d-state')).toBe('Active')
    expect(await humanClick(shortUrl)).toBe(302)
  })

  let storm = { code: '', shortUrl: '' }

  it('lists links newest first with their clicks, and searches them', async () => {
    // More links, older ones first, so the new link is no longer alone.
    storm = await createByApi({ url: `${origin.url}/2026/11/storm-warning`, channel: 'facebook' })
    await createByApi({ url: `${origin.url}/2026/11/cup-final`, channel: 'whatsapp' })
    await createByApi({ url: `${origin.url}/2026/11/rail-strike`, slug: 'rail-strike' })
    for (let i = 0; i < 2; i++) expect(await humanClick(storm.shortUrl, 'https://www.facebook.com/')).toBe(302)

    await page.getByRole('link', { name: '← All links' }).click()
    await page.waitForURL(/#\/links$/)
    const listCalls = apiCalls.length
    await expect.poll(() => page.locator('#list-view').isVisible()).toBe(true)
    // The list carries each link's figures as last flushed (every FLUSH_SECONDS=2 here): reload until they arrive.
    const row = page.locator(`#links-body tr[data-code="${code}"]`)
    const stormRow = page.locator(`#links-body tr[data-code="${storm.code}"]`)
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Reload' }).click()
          await page.waitForTimeout(400)
          return [await row.locator('td.num').first().textContent(), await stormRow.locator('td.num').first().textContent()]
        },
        { timeout: 20_000 },
      )
      .toEqual(['4', '2'])
    expect(await page.locator('#links-body tr').count()).toBe(4)
    // The figures come with each page: the list asked for nothing else (no call per row).
    expect(apiCalls.slice(listCalls).filter((c) => !c.startsWith('GET /api/links?limit=20'))).toEqual([])
    // And say when they were read.
    expect(await page.locator('#list-view .fetched-at').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    // Newest first: the three made by the API after the one made by the form.
    expect(await page.locator('#links-body tr').first().getAttribute('data-code')).toBe('rail-strike')
    expect(await row.locator('.row-title').textContent()).toBe(TITLE)
    expect(await row.locator('.row-title b, .row-title img').count()).toBe(0)
    // Every article here was read: no row carries the "card not read yet" flag.
    expect(await page.locator('#links-body .badge-note').count()).toBe(0)
    await shot('dashboard-list-desktop.png')

    // Search by title, and by article URL: the server searches (`q`), and its rows carry their figures too.
    const search = page.getByLabel('Search by article URL, title or code')
    await search.fill('storm')
    await expect.poll(() => page.locator('#links-body tr').count()).toBe(1)
    expect(await page.locator('#links-body tr').getAttribute('data-code')).toBe(storm.code)
    expect(await text('#list-message')).toBe('1 link matches “storm”.')
    expect(apiCalls).toContain('GET /api/links?limit=20&q=storm')
    expect(await stormRow.locator('td.num').first().textContent()).toBe('2')
    await search.fill('/2026/11/budget')
    await expect.poll(() => page.locator('#links-body tr').getAttribute('data-code')).toBe(code)
    await search.fill('no such story')
    await expect.poll(() => text('#list-message')).toBe('No links match “no such story”.')
    expect(await page.locator('#links-body tr').count()).toBe(0)
    await search.fill('')
    await expect.poll(() => page.locator('#links-body tr').count()).toBe(4)
  })

  /** The budget article's analytics as the API answers them, once seeded. */
  let top: { url: string; title: string; clicks: number; previews: number; byChannel: Record<string, number> }
  let whatsapp = { code: '', shortUrl: '' }
  let facebook = { code: '', shortUrl: '' }
  const LONG_TITLE = 'Budget 2027 explained: every measure for renters, landlords and first-time buyers, line by line'

  it('seeds traffic through the worker: readers on three channels, crawlers of six platforms', async () => {
    // The budget story on two more channels: Facebook's link with a good picture (the service's own
    // demo photo, 1200×630), WhatsApp's with a QR code for a picture (296×296) and a long title.
    facebook = await createByApi({ url: BUDGET(), channel: 'facebook', image: `${dev.url}/demo-photo.png` })
    whatsapp = await createByApi({ url: BUDGET(), channel: 'whatsapp', image: `${dev.url}/${code}/qr.png`, title: LONG_TITLE })
    for (let i = 0; i < 3; i++) expect(await humanClick(facebook.shortUrl, 'https://l.facebook.com/')).toBe(302)
    for (let i = 0; i < 2; i++) expect(await humanClick(whatsapp.shortUrl)).toBe(302)
    // The story passed around in chats: its cards fetched by WhatsApp, Slack and Discord; and on the public networks.
    for (const [link, platform] of [
      [whatsapp, 'whatsapp'],
      [whatsapp, 'whatsapp'],
      [whatsapp, 'slack'],
      [facebook, 'discord'],
      [facebook, 'facebook'],
      [{ shortUrl }, 'x'],
      [{ shortUrl }, 'linkedin'],
    ] as const)
      expect(await crawl(link.shortUrl, platform)).toBe(200)
    // The counters flush every FLUSH_SECONDS (2 here): wait for D1's rollups to hold it all.
    await new Promise((r) => setTimeout(r, 3000))
    await expect
      .poll(
        async () => {
          const report = (await (await admin('/api/analytics?groupBy=articles')).json()) as { rows: (typeof top)[] }
          top = report.rows[0]!
          return { url: top.url, byChannel: top.byChannel, previews: top.previews }
        },
        { timeout: 20_000 },
      )
      .toEqual({ url: BUDGET(), byChannel: { x: 4, facebook: 3, whatsapp: 2 }, previews: 7 })
    expect(top.clicks).toBe(9)
    // The article's current title is its newest link's.
    expect(top.title).toBe(LONG_TITLE)
  })

  it('shows the overview: totals, clicks per day by channel, the top article and its channel split, platforms', async () => {
    const before = apiCalls.length
    await page.getByRole('link', { name: 'Overview', exact: true }).click()
    await page.waitForURL(/#\/$/)
    const first = page.locator('#top-articles-table tbody tr').first()
    await expect.poll(() => first.locator('.row-title').textContent(), { timeout: 10_000 }).toBe(LONG_TITLE)
    expect(await first.getAttribute('data-url')).toBe(BUDGET())
    expect(await first.locator('td.num').allTextContents()).toEqual(['9', '7'])
    // Its channel split, in words beside the bar.
    expect(await first.locator('.split-part').allTextContents()).toEqual(['X 4', 'Facebook 3', 'WhatsApp 2'])
    expect(await first.locator('.split-bar rect').count()).toBe(3)
    // The storm story second, with its Facebook clicks.
    expect(await page.locator('#top-articles-table tbody tr').nth(1).locator('.split-part').allTextContents()).toEqual(['Facebook 2'])

    // Totals as the API has them.
    const totals = ((await (await admin('/api/analytics?groupBy=channels')).json()) as { totals: { clicks: number; previews: number } })
      .totals
    expect(totals).toEqual({ clicks: 11, previews: 7 })
    expect(await text('#total-clicks')).toBe('11')
    expect(await text('#total-previews')).toBe('7')
    // Previews in private chats: WhatsApp ×2, Slack, Discord.
    expect(await text('#chat-previews')).toBe('4')
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
    const made = apiCalls.slice(before).filter((c) => c.startsWith('GET /api/analytics?'))
    const series = made.filter((c) => c.includes('groupBy=timeseries'))
    expect(series.map((c) => new URL(c.slice(4), dev.url).searchParams.get('channel')).sort()).toEqual(['facebook', 'whatsapp', 'x'])
    expect(made.length).toBe(5 + 3)
    // How fresh, in words.
    expect(await text('#overview .freshness')).toMatch(
      /Figures as of \d\d:\d\d:\d\d: .*FLUSH_SECONDS .*Read again every minute while this tab is open\./,
    )
    await shot('dashboard-overview-desktop.png')
  })

  it('switches the period: 24 h, a custom one with nothing in it, a wrong one said in words', async () => {
    const text7 = await text('#period-text')
    expect(text7).toContain('The last 7 days, today included')
    const before = apiCalls.length
    await page.getByRole('button', { name: '24 h' }).click()
    await expect.poll(() => text('#period-text')).toMatch(/^Today and yesterday, .* \(UTC days: .*“24 h” covers up to 48 hours\)\.$/)
    expect(await page.getByRole('button', { name: '24 h' }).getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => apiCalls.slice(before).some((c) => c.includes(`start=${day(-1)}&end=${day()}`))).toBe(true)
    await expect.poll(() => page.locator('#daily-chart').getAttribute('data-days'), SLOW).toBe('2')
    expect(await text('#total-clicks')).toBe('11')

    // A period long past: nothing in it.
    await page.getByRole('button', { name: 'Custom' }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('period-start')
    await page.getByLabel('From', { exact: true }).fill('2020-01-01')
    await page.getByLabel('To', { exact: true }).fill('2020-01-31')
    await page.getByRole('button', { name: 'Show', exact: true }).click()
    await expect.poll(() => text('#total-clicks'), SLOW).toBe('0')
    expect(await text('#period-text')).toBe('1 Jan 2020 – 31 Jan 2020 (UTC days, both included).')
    expect(apiCalls.some((c) => c.startsWith('GET /api/analytics?') && c.includes('start=2020-01-01&end=2020-01-31'))).toBe(true)
    expect(await text('#top-articles')).toContain('No article had clicks or previews in this period.')
    // Backwards: said in words, nothing asked.
    const calls = apiCalls.length
    await page.getByLabel('From', { exact: true }).fill('2020-02-10')
    await page.getByRole('button', { name: 'Show', exact: true }).click()
    await expect.poll(() => text('#custom-period .field-error')).toBe('The period must end on or after the day it starts.')
    expect(apiCalls.length).toBe(calls)

    await page.getByRole('button', { name: '7 d' }).click()
    await expect.poll(() => text('#total-clicks'), SLOW).toBe('11')
    expect(await page.locator('#custom-period').isVisible()).toBe(false)
  })

  it('downloads what the overview shows as CSV, with the key, under the CSP', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#top-articles').getByRole('button', { name: 'Download CSV of the top articles' }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`sharelink-articles-${day(-6)}-${day()}.csv`)
    const csv = readFileSync((await download.path())!, 'utf8')
    // The same as the API's own CSV of the same call.
    const direct = await (await admin(`/api/analytics?groupBy=articles&start=${day(-6)}&end=${day()}&limit=10&format=csv`)).text()
    expect(csv).toBe(direct)
    const [header, first] = csv.split('\r\n')
    expect(header).toBe(`url,title,clicks,previews,${CHANNELS.map((c) => `clicks_${c}`).join(',')}`)
    expect(first).toBe(`${BUDGET()},"${LONG_TITLE}",9,7,4,3,0,2,0,0,0,0,0,0`)
    await expect.poll(() => text('#status')).toBe(`Downloaded sharelink-articles-${day(-6)}-${day()}.csv.`)
    // The download was the API call with the key, format=csv.
    expect(apiCalls).toContain(`GET /api/analytics?start=${day(-6)}&end=${day()}&limit=10&groupBy=articles&format=csv`)
  })

  it('opens the article page: its figures per channel, every link with its card, warnings and QR', async () => {
    await page.locator('#top-articles-table tbody tr').first().locator('.row-title').click()
    await page.waitForURL(/#\/article\//)
    expect(decodeURIComponent(page.url().split('#/article/')[1]!)).toBe(BUDGET())
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), SLOW).toBe('article-title')
    await expect.poll(() => text('#article-clicks'), SLOW).toBe('9')
    expect(await text('#article-title')).toBe(LONG_TITLE)
    expect(await text('#article-previews')).toBe('7')
    // The per-channel chart and its day chart.
    const channels = page.locator('#article-channels-table tbody tr')
    expect(await channels.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.key))).toEqual(['x', 'facebook', 'whatsapp'])
    expect(await channels.locator('.value').allTextContents()).toEqual(['4', '3', '2'])
    expect(await page.locator('#article-daily-chart').getAttribute('data-total')).toBe('9')
    // Its analytics calls all name the article.
    expect(apiCalls.filter((c) => c.includes(`url=${encodeURIComponent(BUDGET())}`)).length).toBeGreaterThanOrEqual(5)
    expect(apiCalls).toContain(`GET /api/links?limit=100&url=${encodeURIComponent(BUDGET())}`)

    // Every link of the article, newest first, each with its card and QR code.
    const cards = page.locator('.link-card')
    await expect
      .poll(() => cards.evaluateAll((cs) => cs.map((c) => (c as HTMLElement).dataset.code)), SLOW)
      .toEqual([whatsapp.code, facebook.code, code])
    for (const c of [whatsapp.code, facebook.code, code]) {
      const qr = page.locator(`.link-card[data-code="${c}"] .qr-img`)
      await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), SLOW).toBe(true)
    }
    const warnings = (c: string) =>
      page.locator(`.link-card[data-code="${c}"] .warning`).evaluateAll((ws) => ws.map((w) => (w as HTMLElement).dataset.warning))
    // WhatsApp's: a QR code for a picture (too small, square) and a title X cuts.
    await expect.poll(() => warnings(whatsapp.code), SLOW).toEqual(['image-small', 'image-shape', 'title-x'])
    const small = page.locator(`.link-card[data-code="${whatsapp.code}"] [data-warning="image-small"]`)
    expect(await small.textContent()).toMatch(/^The image is (\d+)×\1: under 600×315, too small for a large card/)
    expect(await text(`.link-card[data-code="${whatsapp.code}"] [data-warning="title-x"]`)).toBe(
      `The title is ${LONG_TITLE.length} characters: X shows 70, so it is cut.`,
    )
    // X's drawing cuts the title where X does.
    expect(await text(`.link-card[data-code="${whatsapp.code}"] .x-title`)).toBe(`${LONG_TITLE.slice(0, 69)}…`)
    // Facebook's: a good picture, nothing to say.
    await expect.poll(() => text(`.link-card[data-code="${facebook.code}"] .image-size`), SLOW).toBe('1200×630')
    expect(await warnings(facebook.code)).toEqual([])
    expect(await page.locator(`.link-card[data-code="${facebook.code}"] .card-ok`).count()).toBe(1)
    // X's (made by the form): no picture at all.
    expect(await warnings(code)).toEqual(['no-image'])
    expect(await page.locator(`.link-card[data-code="${code}"] .mock-x.mock-summary`).count()).toBe(1)
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
    await shot('dashboard-article-desktop.png')
    await card.locator('.card-preview').screenshot({ path: join(SHOTS, 'dashboard-card-preview.png') })

    // A link's own page shows its card too.
    await card.getByRole('link', { name: whatsapp.shortUrl }).click()
    await expect.poll(() => text('#detail-title'), SLOW).toBe(LONG_TITLE)
    await expect
      .poll(() => page.locator('#card-panel .warning').evaluateAll((ws) => ws.map((w) => (w as HTMLElement).dataset.warning)), SLOW)
      .toEqual(['image-small', 'image-shape', 'title-x'])
    // Its previews by platform: WhatsApp's crawler twice, Slack's once.
    expect(await page.locator('#by-platform tbody tr th').allTextContents()).toEqual(['WhatsApp', 'Slack'])
    await page.getByRole('link', { name: 'Article page →' }).click()
    await expect.poll(() => text('#article-title'), SLOW).toBe(LONG_TITLE)
  })

  it('looks right at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.waitForTimeout(300)
    // Nothing wider than the screen.
    expect(await scrollWidth()).toBeLessThanOrEqual(390)
    await shot('dashboard-article-phone.png')
    await page.getByRole('link', { name: 'Overview', exact: true }).click()
    await expect.poll(() => page.locator('#top-articles-table tbody tr').count(), SLOW).toBe(2)
    await page.waitForTimeout(300)
    expect(await scrollWidth()).toBeLessThanOrEqual(390)
    const chart = await page.locator('#daily-chart svg').boundingBox()
    expect(chart!.width).toBeLessThanOrEqual(390)
    await shot('dashboard-overview-phone.png')
    await page.getByRole('link', { name: 'Links', exact: true }).click()
    await expect.poll(() => page.locator('#links-body tr').count()).toBe(6)
    expect(await scrollWidth()).toBeLessThanOrEqual(390)
    await shot('dashboard-list-phone.png')
    await page.locator(`#links-body tr[data-code="${code}"] .row-title`).click()
    await expect.poll(() => text('#d-clicks')).toBe('4')
    await page.waitForTimeout(300)
    expect(await scrollWidth()).toBeLessThanOrEqual(390)
    const svg = await page.locator('#chart svg').boundingBox()
    expect(svg!.width).toBeLessThanOrEqual(390)
    await shot('dashboard-detail-phone.png')
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  it('pages through more links than fit on one page', async () => {
    for (let i = 1; i <= 20; i++)
      await createByApi({
        url: `${origin.url}/2026/11/rail-strike?part=${i}`,
        slug: `part-${String(i).padStart(2, '0')}`,
        title: `Part ${i} of the series`,
      })
    // A new page load: signed in still (the key is in this tab's sessionStorage), on the list.
    await page.goto(`${dev.url}/dashboard#/links`)
    await page.reload()
    await expect.poll(() => page.locator('#links-body tr').count()).toBe(20)
    expect(await page.locator('#sign-in').count()).toBe(0)
    expect(await page.locator('#links-body tr').first().getAttribute('data-code')).toBe('part-20')
    expect(await text('#page-label')).toBe('Page 1')
    expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true)
    await page.getByRole('button', { name: 'Next' }).click()
    await expect.poll(() => text('#page-label')).toBe('Page 2')
    expect(await page.locator('#links-body tr').count()).toBe(6)
    expect(await page.locator('#links-body tr').last().getAttribute('data-code')).toBe(code)
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true)
    // The button pressed went away under the focus: it is back at the top, not lost.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('list-title')
    await page.getByRole('button', { name: 'Previous' }).click()
    await expect.poll(() => text('#page-label')).toBe('Page 1')
    expect(await page.locator('#links-body tr').first().getAttribute('data-code')).toBe('part-20')
    // Search reaches links beyond the first page.
    const search = page.getByLabel('Search by article URL, title or code')
    await search.fill('cup final')
    await expect.poll(() => page.locator('#links-body tr').count()).toBe(1)
    // And pages by cursor when more match than fit: the 20 parts and the story itself.
    await search.fill('rail-strike')
    await expect.poll(() => text('#list-message')).toBe('Links 1 to 20 of those matching “rail-strike”.')
    expect(await text('#page-label')).toBe('Page 1')
    await page.getByRole('button', { name: 'Next' }).click()
    await expect.poll(() => text('#list-message')).toBe('Link 21 of those matching “rail-strike”.')
    expect(await page.locator('#links-body tr').getAttribute('data-code')).toBe('rail-strike')
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true)
    // The page and search on screen are kept while a link is open.
    await page.locator('#links-body tr .row-title').click()
    await expect.poll(() => text('#d-short')).toBe(`${dev.url}/rail-strike`)
    await page.getByRole('link', { name: '← All links' }).click()
    await expect.poll(() => text('#list-message')).toBe('Link 21 of those matching “rail-strike”.')
    expect(await search.inputValue()).toBe('rail-strike')
    await search.fill('')
    await expect.poll(() => page.locator('#links-body tr').first().getAttribute('data-code')).toBe('part-20')
    expect(await text('#page-label')).toBe('Page 1')
  })

  it('deletes only after a confirmation, which the keyboard can reach and cancel', async () => {
    await page.goto(`${dev.url}/dashboard#/link/${code}`)
    await expect.poll(() => text('#detail-title')).toBe(TITLE)
    await page.getByRole('button', { name: 'Delete…' }).focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Delete this link?' })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    // Cancel has the focus: Enter now would keep the link.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('delete-cancel')
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.isVisible()).toBe(false)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('delete-link')
    expect((await admin(`/api/links/${code}`)).status).toBe(200)

    await page.keyboard.press('Enter')
    await expect.poll(() => dialog.isVisible()).toBe(true)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('delete-confirm')
    await page.keyboard.press('Enter')
    await page.waitForURL(/#\/links$/)
    await expect.poll(() => text('#status')).toBe(`Link ${shortUrl} deleted.`)
    expect((await admin(`/api/links/${code}`)).status).toBe(404)
    expect(await humanClick(shortUrl)).toBe(410)
    await expect.poll(() => page.locator(`#links-body tr[data-code="${code}"]`).count()).toBe(0)
  })

  it('flags a link whose article could not be read, until a refresh reads it', async () => {
    // Not published yet: the origin answers 404, so the link is made with its address as its card.
    const path = '/2026/11/late-edition'
    const late = await createByApi({ url: `${origin.url}${path}`, slug: 'late-edition' })
    await page.getByRole('button', { name: 'Reload' }).click()
    const row = page.locator('#links-body tr[data-code="late-edition"]')
    await expect.poll(() => row.locator('.badge-note').textContent()).toBe('Card not read yet')

    await row.locator('.row-title').click()
    await expect.poll(() => text('#d-short')).toBe(late.shortUrl)
    expect(await text('#d-unread')).toBe('Card not read yet')
    expect(await page.locator('#d-unread-note').isVisible()).toBe(true)
    expect(await page.locator('#card-panel [data-warning="unread"]').count()).toBe(1)
    // Still not there: said so, and the flag stays.
    await page.getByRole('button', { name: 'Refresh preview' }).click()
    await expect.poll(() => text('#status')).toBe('The article could not be read: previews still show its address. Try again later.')
    expect(await page.locator('#d-unread').isVisible()).toBe(true)
    await shot('dashboard-detail-unread.png')

    // Published: the next refresh reads it, and the flag goes, here and in the list.
    ARTICLES[path] = article('Late edition: the count goes on', 'Results as they come in.')
    await page.getByRole('button', { name: 'Refresh preview' }).click()
    await expect.poll(() => text('#status')).toBe('Preview refreshed from the article: “Late edition: the count goes on”.')
    expect(await page.locator('#d-unread').count()).toBe(0)
    expect(await page.locator('#d-unread-note').count()).toBe(0)
    await page.getByRole('link', { name: '← All links' }).click()
    await expect.poll(() => row.locator('.row-title').textContent()).toBe('Late edition: the count goes on')
    expect(await row.locator('.badge-note').count()).toBe(0)
  })

  it('shows API errors and a lost key in words, and signs out', async () => {
    // An API error, in the API's own words: a slug already taken.
    await page.getByRole('button', { name: 'New link' }).click()
    const dialog = page.getByRole('dialog', { name: 'New link' })
    await dialog.getByLabel('Article URL').fill(`${origin.url}/2026/11/cup-final`)
    await dialog.getByLabel('Custom slug').fill('rail-strike')
    await page.keyboard.press('Enter')
    await expect.poll(() => text('#create-error')).toMatch(/^Creating the link failed: .+ \(slug_taken\)\.$/)
    expect(await dialog.getByLabel('Custom slug').getAttribute('aria-invalid')).toBe('true')
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.isVisible()).toBe(false)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-link')

    // The network down: said in words, with a way to try again.
    const before = problems.length
    await page.route('**/api/links?*', (r) => r.abort('internetdisconnected'))
    await page.getByRole('button', { name: 'Reload' }).click()
    await expect.poll(() => text('#error')).toContain('Loading links failed: Could not reach the server.')
    await page.unroute('**/api/links?*')
    await page.locator('#error').getByRole('button', { name: 'Try again' }).click()
    await expect.poll(() => text('#error')).toBe('')
    await expect.poll(() => page.locator('#links-body tr').count()).toBe(20)
    problems.splice(before) // the aborted requests, on purpose

    // A key that stops working mid-session (rotated, say): asked for again, in words.
    await page.evaluate(() => sessionStorage.setItem('sharelink.apiKey', 'rotated-away'))
    await page.reload()
    await expect.poll(() => text('#sign-in-error')).toBe('The API key was not accepted (it may have been changed). Enter it again.')
    expect(await page.evaluate(() => sessionStorage.getItem('sharelink.apiKey'))).toBe(null)

    await page.fill('#api-key', dev.apiKey)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('#list-view').isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true)
    expect(await page.evaluate(() => sessionStorage.getItem('sharelink.apiKey'))).toBe(null)
    expect(await text('#status')).toBe('Signed out.')
  })

  it('reads the figures again every minute while the tab shows, not while it is hidden', async () => {
    // A tab of its own with a clock the test moves (the key is per tab: sign in again).
    const tab = await ctx.newPage()
    watch(tab)
    await tab.clock.install()
    await tab.goto(`${dev.url}/dashboard#/`)
    // Time flows as usual (the views draw on animation frames), and jumps when the test says.
    await tab.clock.resume()
    await tab.fill('#api-key', dev.apiKey)
    await tab.keyboard.press('Enter')
    await expect.poll(() => tab.locator('#total-clicks').textContent(), SLOW).toBe('11')
    const analytics = () => apiCalls.filter((c) => c.startsWith('GET /api/analytics?') && c.includes('groupBy=channels')).length
    const read = analytics()
    const at = await tab.locator('#overview .fetched-at').getAttribute('datetime')

    await tab.clock.fastForward(61_000)
    await expect.poll(analytics, SLOW).toBe(read + 1)
    await expect.poll(() => tab.locator('#overview .fetched-at').getAttribute('datetime'), SLOW).not.toBe(at)

    // Hidden: no reads, however long.
    const hide = (hidden: boolean) =>
      tab.evaluate((h) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => h })
        document.dispatchEvent(new Event('visibilitychange'))
      }, hidden)
    await hide(true)
    await tab.clock.fastForward(130_000)
    await tab.waitForTimeout(500)
    expect(analytics()).toBe(read + 1)
    // Shown again, after more than a minute: read at once.
    await hide(false)
    await expect.poll(analytics, SLOW).toBe(read + 2)
    await tab.close()
  })

  it('had no CSP violation, script error or failed request on the way', () => {
    // Expected: the wrong keys' 401s and the taken slug's 409 (answers, not failures), and
    // requests a page load cut short (ERR_ABORTED).
    expect(problems.filter((p) => !/the server responded with a status of (401|409)|net::ERR_ABORTED$/.test(p))).toEqual([])
  })
})
