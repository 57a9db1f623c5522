/**
 * @module Count maps keyed by strings from the outside world (referrer hosts, countries). Plain
 * objects would read `__proto__` or `constructor` as their prototype's; these have none, and
 * serialise as their own properties only.
 */

export type Tally = Record<string, number>

/** Keys and when each was last seen (ms): readers, clients. The same safe map, holding instants, not counts. */
export type Stamps = Record<string, number>

export function tally(from?: Record<string, unknown> | null): Tally {
  const out: Tally = Object.create(null)
  if (from) for (const key of Object.keys(from)) if (typeof from[key] === 'number') out[key] = from[key] as number
  return out
}

export function bump(t: Tally, key: string, n = 1): void {
  t[key] = (t[key] ?? 0) + n
}

/** Adds `from` into `into`. */
export function addTally(into: Tally, from: Tally): void {
  for (const key of Object.keys(from)) bump(into, key, from[key]!)
}
