/**
 * Stands in for src/clicks/hits.ts where src/routes/short-link.ts imports it, in the "no
 * counting" variants of Section B (see lib/build.mjs), beside no-counting.js: the hit is not
 * described either (date, country, referrer, reader), since it would only be thrown away.
 */
export * from '../../src/clicks/hits.ts'

export function hitOf() {
  return null
}
