/**
 * Stands in for src/preview/bots.ts where src/routes/short-link.ts imports it, in the "no bot
 * detection" variants of Section B (see lib/build.mjs): every caller is taken for a person, so
 * the isbot library's pattern never runs. isPrefetch and anything else bots.ts exports stay real.
 * Only the human redirect is timed against these variants (a person is what it says anyway).
 */
export * from '../../src/preview/bots.ts'

export function isBot() {
  return false
}
