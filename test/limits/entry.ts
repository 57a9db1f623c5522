/**
 * @module The Worker as the Workers-runtime tests run it (vitest.config.ts `main`): the app and
 * its Durable Objects, unchanged, with every invocation (a request, a cron run, a call to an
 * object, an alarm) counted on its own against production's per-invocation limits (./harness.ts).
 */

import { MeteredClickCounter } from '../../bench/workers/metered-counter'
import worker, * as src from '../../src/index'
import { asInvocation } from './harness'

type Handler = Required<Pick<typeof worker, 'fetch' | 'scheduled'>>

export default {
  fetch: (request, env, ctx) => asInvocation(`fetch ${new URL(request.url).pathname}`, () => worker.fetch(request, env, ctx)),
  scheduled: (controller, env, ctx) => asInvocation(`cron ${controller.cron}`, () => worker.scheduled(controller, env, ctx)),
} satisfies Handler

/** A subclass whose every method (RPC calls and the alarm) runs as an invocation of its own. */
function perInvocation<C extends abstract new (...args: never[]) => object>(base: C): C {
  const counted = class extends (base as unknown as new (...args: never[]) => object) {} as unknown as C
  const methods = base.prototype as Record<string, (...args: unknown[]) => unknown>
  for (const name of Object.getOwnPropertyNames(methods)) {
    if (name === 'constructor' || typeof methods[name] !== 'function') continue
    Object.defineProperty(counted.prototype, name, {
      value(this: object, ...args: unknown[]) {
        // Looked up at each call: a test may spy on the app's class (vi.spyOn(LinkOwner.prototype, ...)).
        return asInvocation(`${base.name}.${name}`, () => methods[name]!.apply(this, args))
      },
    })
  }
  return counted
}

// Metered as the bench meters it (the production object carries no meter): tests read it with reading().
export const ClickCounter = perInvocation(MeteredClickCounter)
export const ShareClaims = perInvocation(src.ShareClaims)
export const LinkOwner = perInvocation(src.LinkOwner)
