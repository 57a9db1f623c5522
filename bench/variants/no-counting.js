/**
 * Stands in for src/clicks/record.ts where src/routes/short-link.ts imports it, in the
 * "no counting" variants of Section B (see lib/build.mjs): a click is neither described nor
 * batched nor sent to a ClickCounter. Every other importer of record.ts keeps the real module,
 * and so does every other name it exports (the re-export below; the local names win over it).
 */
export * from '../../src/clicks/record.ts'

/** No batch, no waitUntil, no Durable Object call. */
export function recordHit() {}

/** The hit is not built either (date, country, referrer): it would only be thrown away. */
export function hitOf() {
  return null
}
