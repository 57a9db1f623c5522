/**
 * Stands in for src/clicks/send.ts where src/routes/short-link.ts imports it, in the "no
 * counting" variants of Section B (see lib/build.mjs): no batch is opened, no waitUntil, no call
 * to a ClickCounter. Every other importer of send.ts keeps the real module, and so does every
 * other name it exports (the re-export below; the local names win over it).
 */
export * from '../../src/clicks/send.ts'

/** No batch, no waitUntil, no Durable Object call. */
export function recordHit() {}
