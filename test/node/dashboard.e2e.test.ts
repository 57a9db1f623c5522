/**
 * The publisher's dashboard (GET /dashboard, static assets built from dashboard/) in Chromium,
 * against the worker under `wrangler dev`: sign in (a wrong key first), create a link through the
 * form, see human clicks in the list (figures the listing carries) and in the detail view and its
 * chart, act on the link, page the list and search it (the server searches), see a link whose
 * article could not be read flagged, all under the page's strict CSP, and at desktop and phone width.
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
const SHOTS = join(ROOT, 'artifacts', 'screenshots')

/** What a person's browser sends: counted as a click, not a preview. */
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

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
  for (const file of readdirSync(join(ROOT, 'dashboard')).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(ROOT, 'dashboard', file), 'utf8')
    // The route types (.types/, emitted by `npm run typecheck`, gitignored) are types only: the build needs none.
    for (const line of source.split('\n').filter((l) => /^import\b.*\.types\//.test(l))) expect(line, file).toMatch(/^import type /)
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
    })
    page = await ctx.newPage()
    // Every CSP violation, script error or failed load is a bug here.
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`))
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`))
    page.on('request', (r) => {
      const url = new URL(r.url())
      if (url.pathname.startsWith('/api/')) apiCalls.push(`${r.method()} ${url.pathname}${url.search}`)
    })
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

  async function createByApi(body: Record<string, unknown>): Promise<{ code: string; shortUrl: string }> {
    const res = await admin('/api/links', { method: 'POST', body: JSON.stringify(body) })
    expect(res.status, await res.clone().text()).toBe(201)
    return (await res.json()) as { code: string; shortUrl: string }
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

  const text = (selector: string) => page.locator(selector).textContent()
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true })

  it('serves /dashboard as a static page under a strict CSP', async () => {
    const res = await page.goto(`${dev.url}/dashboard`)
    expect(res?.status()).toBe(200)
    const headers = res!.headers()
    const csp = headers['content-security-policy'] ?? ''
    for (const directive of [
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "img-src 'self' data:",
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
    await expect.poll(() => page.locator('#list-view').isVisible()).toBe(true)
    // Kept for this tab only, and never put in a URL.
    expect(await page.evaluate(() => sessionStorage.getItem('sharelink.apiKey'))).toBe(dev.apiKey)
    expect(page.url()).not.toContain(dev.apiKey)
    await expect.poll(() => page.locator('.empty').textContent()).toContain('No links yet')
    await shot('dashboard-empty.png')
  })

  let code = ''
  let shortUrl = ''
  const TITLE = 'Budget 2027 <b>explained</b> <img src=x onerror="document.title=1">'

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

    await dialog.getByLabel('Article URL').fill(`${origin.url}/2026/11/budget-explained`)
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
    const today = new Date().toISOString().slice(0, 10)
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
    // The chart: a canvas drawn by uPlot, and the same series as text in a table for screen readers.
    await expect.poll(() => page.locator('#chart canvas').count()).toBe(1)
    expect(await page.locator('#chart').getAttribute('data-total')).toBe('3')
    expect(await page.locator('#chart').getAttribute('aria-label')).toContain('3 clicks in all')
    const todayRow = page.locator('#day-body tr', { has: page.locator(`th:text-is("${today}")`) })
    expect(await todayRow.locator('td').textContent()).toBe('3')
    expect(await page.locator('#day-body tr').count()).toBeGreaterThanOrEqual(14)
    const canvas = await page.locator('#chart canvas').boundingBox()
    expect(canvas!.width).toBeGreaterThan(300)
    // Breakdowns: the link's channel, the placeholder country of local dev, no referrer.
    expect(await page.locator('#by-channel tbody tr').allTextContents()).toEqual(['X3'])
    expect(await page.locator('#by-referrer tbody tr').allTextContents()).toEqual(['Direct or unknown3'])
    expect(await page.locator('#by-country tbody tr').count()).toBe(1)
    // The QR code is the worker's SVG, loaded.
    const qr = page.locator('#qr-img')
    expect(await qr.getAttribute('src')).toBe(`/${code}/qr.svg`)
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    expect(await page.locator('#qr-png').getAttribute('href')).toBe(`/${code}/qr.png`)
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
    expect(await page.locator('#qr-img').isVisible()).toBe(false)
    expect(await humanClick(shortUrl)).toBe(410)
    await page.getByRole('button', { name: 'Enable link' }).click()
    await expect.poll(() => text('#d-state')).toBe('Active')
    expect(await humanClick(shortUrl)).toBe(302)
  })

  it('lists links newest first with their clicks, and searches them', async () => {
    // More links, older ones first, so the new link is no longer alone.
    const storm = await createByApi({ url: `${origin.url}/2026/11/storm-warning`, channel: 'facebook' })
    await createByApi({ url: `${origin.url}/2026/11/cup-final`, channel: 'whatsapp' })
    await createByApi({ url: `${origin.url}/2026/11/rail-strike`, slug: 'rail-strike' })
    for (let i = 0; i < 2; i++) expect(await humanClick(storm.shortUrl, 'https://www.facebook.com/')).toBe(302)

    const listCalls = apiCalls.length
    await page.getByRole('link', { name: '← All links' }).click()
    await page.waitForURL(/#\/$/)
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
    // Newest first: the three made by the API after the one made by the form.
    expect(await page.locator('#links-body tr').first().getAttribute('data-code')).toBe('rail-strike')
    expect(await row.locator('.row-title').textContent()).toBe(TITLE)
    expect(await row.locator('.row-title b, .row-title img').count()).toBe(0)
    await shot('dashboard-list-desktop.png')

    // Search by title, and by article URL: the server searches (`q`), and its rows carry their figures too.
    await page.getByLabel('Search by article URL or title').fill('storm')
    await expect.poll(() => page.locator('#links-body tr').count()).toBe(1)
    expect(await page.locator('#links-body tr').getAttribute('data-code')).toBe(storm.code)
    expect(await text('#list-message')).toBe('1 link matches “storm”.')
    expect(apiCalls).toContain('GET /api/links?limit=20&q=storm')
    expect(await stormRow.locator('td.num').first().textContent()).toBe('2')
    await page.getByLabel('Search by article URL or title').fill('/2026/11/budget')
    await expect.poll(() => page.locator('#links-body tr').getAttribute('data-code')).toBe(code)
    await page.getByLabel('Search by article URL or title').fill('no such story')
    await expect.poll(() => text('#list-message')).toBe('No links match “no such story”.')
    expect(await page.locator('#links-body tr').count()).toBe(0)
    await page.getByLabel('Search by article URL or title').fill('')
    await expect.poll(() => page.locator('#links-body tr').count()).toBe(4)
  })

  it('looks right at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.waitForTimeout(300)
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await shot('dashboard-list-phone.png')
    await page.locator(`#links-body tr[data-code="${code}"] .row-title`).click()
    await expect.poll(() => text('#d-clicks')).toBe('4')
    await expect.poll(() => page.locator('#chart canvas').count()).toBe(1)
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    const canvas = await page.locator('#chart canvas').boundingBox()
    expect(canvas!.width).toBeLessThanOrEqual(390)
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
    await page.goto(`${dev.url}/dashboard#/`)
    await page.reload()
    await expect.poll(() => page.locator('#links-body tr').count()).toBe(20)
    expect(await page.locator('#sign-in').isVisible()).toBe(false)
    expect(await page.locator('#links-body tr').first().getAttribute('data-code')).toBe('part-20')
    expect(await text('#page-label')).toBe('Page 1')
    expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true)
    await page.getByRole('button', { name: 'Next' }).click()
    await expect.poll(() => text('#page-label')).toBe('Page 2')
    expect(await page.locator('#links-body tr').count()).toBe(4)
    expect(await page.locator('#links-body tr').last().getAttribute('data-code')).toBe(code)
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true)
    await page.getByRole('button', { name: 'Previous' }).click()
    await expect.poll(() => text('#page-label')).toBe('Page 1')
    expect(await page.locator('#links-body tr').first().getAttribute('data-code')).toBe('part-20')
    // Search reaches links beyond the first page.
    await page.getByLabel('Search by article URL or title').fill('cup final')
    await expect.poll(() => page.locator('#links-body tr').count()).toBe(1)
    // And pages by cursor when more match than fit: the 20 parts and the story itself.
    await page.getByLabel('Search by article URL or title').fill('rail-strike')
    await expect.poll(() => text('#list-message')).toBe('Links 1 to 20 of those matching “rail-strike”.')
    expect(await text('#page-label')).toBe('Page 1')
    await page.getByRole('button', { name: 'Next' }).click()
    await expect.poll(() => text('#list-message')).toBe('Link 21 of those matching “rail-strike”.')
    expect(await page.locator('#links-body tr').getAttribute('data-code')).toBe('rail-strike')
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true)
    await page.getByLabel('Search by article URL or title').fill('')
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
    await page.waitForURL(/#\/$/)
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
    // Links whose article was read carry no flag.
    expect(await page.locator('#links-body tr[data-code="rail-strike"] .badge-note').count()).toBe(0)

    await row.locator('.row-title').click()
    await expect.poll(() => text('#d-short')).toBe(late.shortUrl)
    expect(await page.locator('#d-unread').isVisible()).toBe(true)
    expect(await text('#d-unread')).toBe('Card not read yet')
    expect(await page.locator('#d-unread-note').isVisible()).toBe(true)
    // Still not there: said so, and the flag stays.
    await page.getByRole('button', { name: 'Refresh preview' }).click()
    await expect.poll(() => text('#status')).toBe('The article could not be read: previews still show its address. Try again later.')
    expect(await page.locator('#d-unread').isVisible()).toBe(true)
    await shot('dashboard-detail-unread.png')

    // Published: the next refresh reads it, and the flag goes, here and in the list.
    ARTICLES[path] = article('Late edition: the count goes on', 'Results as they come in.')
    await page.getByRole('button', { name: 'Refresh preview' }).click()
    await expect.poll(() => text('#status')).toBe('Preview refreshed from the article: “Late edition: the count goes on”.')
    expect(await page.locator('#d-unread').isVisible()).toBe(false)
    expect(await page.locator('#d-unread-note').isVisible()).toBe(false)
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
    await page.keyboard.press('Escape')

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
  })

  it('had no CSP violation, script error or failed request on the way', () => {
    // Expected: the wrong keys' 401s and the taken slug's 409 (answers, not failures), and
    // requests a page load cut short (ERR_ABORTED).
    expect(problems.filter((p) => !/the server responded with a status of (401|409)|net::ERR_ABORTED$/.test(p))).toEqual([])
  })
})
