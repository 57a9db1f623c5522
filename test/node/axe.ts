/**
 * axe-core (pinned in package.json) run in a page: what it finds against WCAG 2.2 A and AA and its best
 * practices, as one line per failing element, for a test to list.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AxeResults, ImpactValue } from 'axe-core'
import type { Page } from 'playwright-core'

const SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

/** What a rule's failure costs a reader, as axe ranks it: a page must have none of these. */
export const BLOCKING: ImpactValue[] = ['serious', 'critical']

export interface Finding {
  id: string
  impact: ImpactValue
  target: string
  /** What axe measured (a contrast ratio and its colours, a missing name). */
  why: string
}

/**
 * Runs axe on the page (or the part a selector names) once nothing is moving. Its source is evaluated through the DevTools protocol, which the
 * page's CSP does not govern: a page that allows no inline script (script-src 'self') is checked as served.
 */
export async function axe(page: Page, within?: string): Promise<Finding[]> {
  // A control just pressed or hovered is mid-transition (Swagger UI eases every button's colours and
  // widths over 0.3 s): axe would measure colours and sizes that are on their way elsewhere. Finished
  // transitions leave getAnimations(); an endless one (a spinner) is part of the state being checked.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY))
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(SOURCE)
  const results = await page.evaluate(
    ({ tags, within }) =>
      (window as unknown as { axe: { run(c: object, o: object): Promise<AxeResults> } }).axe.run(
        within ? { include: [within] } : document,
        {
          runOnly: { type: 'tag', values: tags },
        },
      ),
    { tags: TAGS, within },
  )
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => ({
      id: v.id,
      impact: v.impact ?? null,
      target: n.target.join(' '),
      why: (n.any[0] ?? n.all[0] ?? n.none[0])?.message ?? v.help,
    })),
  )
}

/** "id (impact) target: why", one a line. */
export const describeFindings = (findings: Finding[]) => findings.map((f) => `${f.id} (${f.impact}) ${f.target}: ${f.why}`)
