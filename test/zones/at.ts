/** Clicks and reports at a given instant: the Worker and its counters read the test's clock (one isolate). */
import { vi } from 'vitest'
import { click, makeLinks } from '../clicks'
import { adminApi, ok } from '../helpers'

/** Runs `work` with the clock standing at `iso`. */
export async function at<T>(iso: string, work: () => Promise<T>): Promise<T> {
  const clock = vi.spyOn(Date, 'now').mockReturnValue(Date.parse(iso))
  try {
    return await work()
  } finally {
    clock.mockRestore()
  }
}

/** A new link, clicked once by a new reader at each instant. */
export async function clickedAt(prefix: string, instants: string[]): Promise<string> {
  const [code] = await makeLinks(1, prefix)
  for (const t of instants) await at(t, () => click(code!))
  return code!
}

type Query = Parameters<typeof adminApi.analytics.$get>[0]['query']

/** The JSON report for `query`. */
export const analytics = (query: Query) => ok(adminApi.analytics.$get({ query }), 200)

/** A timeseries' rows as [label, clicks]. */
export const series = (rows: Record<string, unknown>[]) => rows.map((r) => [r.day ?? r.hour ?? r.at, r.clicks])
