/** Headless Chromium from Debian's package, driven by playwright-core; tests skip plainly without it. */
import { existsSync } from 'node:fs'
import { type Browser, chromium, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)

if (!hasChromium) {
  console.warn(
    `\n[e2e] SKIPPED: no Chromium at ${CHROMIUM}. Install it with \`apt-get install chromium\` (as root) to run the browser tests.\n`,
  )
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // No sandbox as root; no background traffic on a machine without internet.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/**
 * Watches `page` from before its first script: the CSP violations it reports, the errors it logs,
 * and the requests that leave `origin`. The answer reads them when asked.
 */
export async function watchPage(page: Page, origin: string) {
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { cspViolations: string[] }).cspViolations = seen
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`))
  })
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message))
  const elsewhere: string[] = []
  page.on('request', (r) => !r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:') && elsewhere.push(r.url()))
  return async () => ({
    csp: await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    errors,
    elsewhere,
  })
}
