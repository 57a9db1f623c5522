/**
 * The bench's metered ClickCounter under the name the Worker exports (bench/lib/build.mjs swaps it
 * in for src/clicks/counter.ts's): the production object carries no meter of its own.
 */
import { MeteredClickCounter } from '../workers/metered-counter'

export class ClickCounter extends MeteredClickCounter {}
