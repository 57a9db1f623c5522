/**
 * The API reference (/docs: Swagger UI, themed by public/docs.css and mended by public/docs.js) passes
 * axe-core: no serious or critical failure at a desktop's and a phone's width, in the light and the dark
 * theme, with every operation closed; with createShareLink in Try it out (its response's Schema tab
 * open), getAnalytics' parameters to fill and a health check executed; with the Authorize dialog open,
 * before and after a key is given; and after an admin route is tried with that key. The operations open
 * on share, then links and analytics; the page's CSP reports nothing, and nothing is fetched elsewhere.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axe, BLOCKING, describeFindings } from './axe'
import { hasChromium, launch, watchPage } from './browser'
import { type DevServer, startDev } from './dev-server'

const SHOTS = join(import.meta.dirname, '..', '..', 'artifacts', 'screenshots')
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]
const SCHEMES = ['light', 'dark'] as const

describe.skipIf(!hasChromium)('/docs in Chromium, checked by axe-core', () => {
  let dev: DevServer
  let browser: Browser
  beforeAll(async () => {
    dev = await startDev()
    browser = await launch()
    mkdirSync(SHOTS, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
    await dev?.stop()
  })

  for (const viewport of VIEWPORTS) {
    for (const colorScheme of SCHEMES) {
      // Five axe runs over a page of twenty operations take 20 s on a quiet machine, twice that on a busy one:
      // more than the project's 60 s would allow.
      it(`${viewport.width} px, ${colorScheme}: no serious or critical failure, closed, trying out or authorizing`, async () => {
        const page = await browser.newPage({ viewport, colorScheme, deviceScaleFactor: 1 })
        const report = await watchPage(page, dev.url)
        // Every blocking failure of every state, listed at the end; the others are printed.
        const failures: string[] = []
        const check = async (state: string, within?: string) => {
          const findings = await axe(page, within)
          const blocking = findings.filter((f) => BLOCKING.includes(f.impact))
          failures.push(...describeFindings(blocking).map((line) => `${state}: ${line}`))
          const minor = describeFindings(findings.filter((f) => !BLOCKING.includes(f.impact)))
          if (minor.length) console.log(`[axe] ${viewport.width} px ${colorScheme}, ${state}, not blocking:\n  ${minor.join('\n  ')}`)
        }

        // Every operation closed. The document is drawn at once: its last operation there means all are.
        await page.goto(`${dev.url}/docs`)
        await page.locator('#operations-service-getDashboard').waitFor()
        expect(await page.evaluate(() => document.documentElement.classList.contains('dark-mode'))).toBe(colorScheme === 'dark')
        const tags = await page.locator('h3.opblock-tag').evaluateAll((hs) => hs.map((h) => h.getAttribute('data-tag')))
        // What integrators use most comes first (soft: axe's findings are listed too when it fails).
        expect.soft(tags).toEqual(['share', 'links', 'analytics', 'access', 'short link', 'service'])
        expect.soft(await page.locator('.opblock').first().getAttribute('id')).toBe('operations-share-createShareLink')
        await check('closed')
        await page.screenshot({ path: join(SHOTS, `docs-${viewport.width}-${colorScheme}.png`) })

        // createShareLink in Try it out. Its path is text, not a link, in its toggle; opening it still
        // gives the page its address.
        const share = page.locator('#operations-share-createShareLink')
        await share.locator('.opblock-summary-control').click()
        await share.getByRole('button', { name: 'Try it out' }).click()
        await share.getByRole('button', { name: 'Execute' }).waitFor()
        await expect.poll(() => page.url()).toBe(`${dev.url}/docs#/share/createShareLink`)
        await share.locator('.responses-wrapper').getByRole('tab', { name: 'Schema' }).first().click()
        await share.locator('.responses-wrapper .json-schema-2020-12').first().waitFor()
        // Parameters to fill, selects among them.
        const analytics = page.locator('#operations-analytics-getAnalytics')
        await analytics.locator('.opblock-summary-control').click()
        await analytics.getByRole('button', { name: 'Try it out' }).click()
        await analytics.locator('tr[data-param-name="groupBy"] select').waitFor()
        // A live response: its body, headers and curl command.
        const health = page.locator('#operations-service-getHealth')
        await health.locator('.opblock-summary-control').click()
        await health.getByRole('button', { name: 'Try it out' }).click()
        await health.getByRole('button', { name: 'Execute' }).click()
        await health.locator('.live-responses-table tr.response .response-col_status').waitFor()
        await check('trying out')

        // The Authorize dialog, then the key given. Found by Swagger UI's classes, not by role and name:
        // those are what axe checks, and its findings should be listed when they are wrong.
        await page.locator('.auth-wrapper .btn.authorize').click()
        const dialog = page.locator('.dialog-ux .modal-ux')
        await dialog.waitFor()
        // The page behind it was checked above; a modal dialog hides it from a screen reader.
        await check('Authorize dialog', '.dialog-ux')
        await dialog.locator('#auth-bearer-value').fill(dev.apiKey)
        await dialog.locator('.auth-btn-wrapper button[type="submit"]').click()
        await dialog.locator('.auth-btn-wrapper button', { hasText: 'Logout' }).waitFor()
        await check('Authorize dialog, key given', '.dialog-ux')
        await dialog.locator('.btn-done').click()
        await dialog.waitFor({ state: 'detached' })

        // An admin route tried with that key.
        const list = page.locator('#operations-links-listLinks')
        await list.locator('.opblock-summary-control').click()
        await list.getByRole('button', { name: 'Try it out' }).click()
        await list.getByRole('button', { name: 'Execute' }).click()
        await expect.poll(() => list.locator('.live-responses-table tr.response .response-col_status').textContent()).toBe('200')
        expect(await list.locator('.curl-command').textContent()).toContain(`Authorization: Bearer ${dev.apiKey}`)
        await check('admin route tried')

        expect(failures).toEqual([])
        expect(await report()).toEqual({ csp: [], errors: [], elsewhere: [] })
        await page.close()
      }, 120_000)
    }
  }
})
