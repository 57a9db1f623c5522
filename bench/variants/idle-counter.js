/**
 * Stands in for src/clicks/counter.ts where src/index.ts exports the ClickCounter class, in the
 * "counter idle" variant of Section B (see lib/build.mjs): the redirect still builds each hit,
 * batches it and calls its link's counter, which answers at once and keeps nothing. What is left
 * is the redirect's own share of counting; the counter's work runs, in production, on the
 * object's machine, not the redirect's.
 */
import { ClickCounter as Counter } from '../../src/clicks/counter.ts'

export * from '../../src/clicks/counter.ts'

export class ClickCounter extends Counter {
  /** Takes the batch (the RPC call and its arguments are paid) and does nothing with it. */
  async record() {}
}
