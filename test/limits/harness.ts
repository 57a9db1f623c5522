/**
 * @module The production-limits harness: the bindings every Workers-runtime test uses, held to
 * the limits of ./limits.ts that the local runtime does not enforce itself. Installed once per
 * test file (test/setup.ts) by patching the bindings' prototypes, so the Worker, its Durable
 * Objects and the tests' own seeding all meet the limits; per-invocation limits count within an
 * invocation (./entry.ts opens one for every fetch, cron and Durable Object call).
 */

import { runInDurableObject } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { AsyncLocalStorage } from 'node:async_hooks'
import { LIMITS, type Limit } from './limits'

/** What one invocation has spent so far. */
interface Budget {
  where: string
  d1Calls: number
  kvOperations: number
  serviceCalls: number
  fetches: number
  cacheCalls: number
}

const invocation = new AsyncLocalStorage<Budget>()

/** Runs `fn` as one invocation (a request, a cron run, a Durable Object call) with a budget of its own. */
export function asInvocation<T>(where: string, fn: () => T): T {
  return invocation.run({ where, d1Calls: 0, kvOperations: 0, serviceCalls: 0, fetches: 0, cacheCalls: 0 }, fn)
}

/** What the current invocation has spent (undefined outside one: a test's own calls). */
export function spent(): Readonly<Budget> | undefined {
  return invocation.getStore()
}

class LimitError extends Error {
  constructor(limit: Limit, detail: string) {
    // Production's text first, so code that reads the message reads what it would there.
    super(`${limit.error} (production limit: ${detail}; ${limit.source})`)
  }
}

function spend(kind: Exclude<keyof Budget, 'where'>, limit: Limit, n = 1): void {
  const budget = invocation.getStore()
  if (!budget) return
  budget[kind] += n
  if (budget[kind] > limit.value) throw new LimitError(limit, `${limit.value} per invocation; ${budget.where} made ${budget[kind]}`)
}

const encoder = new TextEncoder()
const bytes = (s: string) => encoder.encode(s).byteLength

function checkStatement(sql: string, limit: Limit): void {
  const n = bytes(sql)
  if (n > limit.value) throw new LimitError(limit, `statements of at most ${limit.value} bytes; this one has ${n}`)
}

/** Outbound fetches the tests' stub origin answers (test/helpers.ts) count as subrequests. */
export function countFetch(): void {
  spend('fetches', LIMITS.fetchesPerInvocation)
}

/** A call to KV, D1 or a Durable Object. */
function serviceCall(kind?: 'd1Calls' | 'kvOperations'): void {
  if (kind === 'd1Calls') spend(kind, LIMITS.d1CallsPerInvocation)
  if (kind === 'kvOperations') spend(kind, LIMITS.kvOperationsPerInvocation)
  spend('serviceCalls', LIMITS.serviceCallsPerInvocation)
}

/** When each KV key was last written (ms), across invocations: production allows one write a second per key. */
const lastWrite = new Map<string, number>()

function checkKeyWrite(key: string): void {
  const now = Date.now()
  const last = lastWrite.get(key)
  if (last !== undefined && now - last < 1000) {
    throw new LimitError(LIMITS.kvWritesPerKeyPerSecond, `one write per second to a key; '${key}' was written ${now - last} ms ago`)
  }
  lastWrite.set(key, now)
}

/** Stubs handed out by the patched namespaces, and the runtime's own behind them. */
const stubs = new WeakMap<object, DurableObjectStub>()

/** The runtime's own stub behind a counted one (cloudflare:test's evictDurableObject takes only those). */
export function realStub<T extends DurableObjectStub>(stub: T): T {
  return (stubs.get(stub) as T | undefined) ?? stub
}

/** Every call through a stub is a subrequest of the invocation that makes it. */
function countedStub(stub: DurableObjectStub): DurableObjectStub {
  const counted = new Proxy(stub, {
    get(target, prop) {
      const value = Reflect.get(target, prop)
      if (typeof value !== 'function' || prop === 'constructor') return value
      return (...args: unknown[]) => {
        try {
          serviceCall()
        } catch (err) {
          return Promise.reject(err)
        }
        // An RPC method is itself a stub: call it through its owner, never through Function.prototype.
        return (target as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>)[prop]!(...args)
      }
    },
  })
  stubs.set(counted, stub)
  return counted
}

// biome-ignore lint/suspicious/noExplicitAny: each check reads its own method's arguments.
type Check = (self: any, args: any) => void

/**
 * Runs `check` before a binding's method (on its prototype, so every instance has it). Production
 * refuses asynchronously what returns a promise, so a refusal then is a rejected promise, not a
 * throw; `sync` methods throw.
 */
function guard(proto: object, names: string[], check: Check, sync = false): void {
  const methods = proto as Record<string, (...args: unknown[]) => unknown>
  for (const name of names) {
    const real = methods[name]!
    const value = function (this: never, ...args: never[]) {
      try {
        check(this, args)
      } catch (err) {
        if (sync) throw err
        return Promise.reject(err)
      }
      return real.apply(this, args)
    }
    // A plain property, not vi.spyOn: vi.restoreAllMocks (after every test) must not take the limits off.
    Object.defineProperty(proto, name, { value, writable: true, configurable: true })
  }
}

/** A D1 statement as the runtime keeps it: its SQL is readable. */
type Statement = D1PreparedStatement & { statement: string }

let installed = false

/** Patches the bindings' prototypes; once per test file (each file has its own isolate). */
export async function installLimits(): Promise<void> {
  if (installed) return
  installed = true

  guard(Object.getPrototypeOf(env.ANALYTICS.prepare('SELECT 1')), ['first', 'run', 'all', 'raw'], (self: Statement) => {
    checkStatement(self.statement, LIMITS.d1StatementBytes)
    serviceCall('d1Calls')
  })
  const d1 = Object.getPrototypeOf(env.ANALYTICS)
  // Each statement of a batch is held to the statement limits; the batch is one call.
  guard(d1, ['batch'], (_, [statements]: [Statement[]]) => {
    for (const s of statements) checkStatement(s.statement, LIMITS.d1StatementBytes)
    serviceCall('d1Calls')
  })
  guard(d1, ['exec'], (_, [sql]: [string]) => {
    checkStatement(sql, LIMITS.d1StatementBytes)
    serviceCall('d1Calls')
  })

  const kv = Object.getPrototypeOf(env.LINKS)
  guard(kv, ['get', 'getWithMetadata', 'list'], () => serviceCall('kvOperations'))
  guard(kv, ['put', 'delete'], (_, [key]: [string]) => {
    serviceCall('kvOperations')
    checkKeyWrite(key)
  })

  guard(Object.getPrototypeOf(caches.default), ['match', 'put', 'delete'], () => spend('cacheCalls', LIMITS.cacheCallsPerInvocation))

  // Stubs count their calls (a call is a subrequest); getting one is not a call.
  const namespace = Object.getPrototypeOf(env.CLICK_COUNTER) as Record<'get' | 'getByName', (...args: unknown[]) => DurableObjectStub>
  for (const name of ['get', 'getByName'] as const) {
    const real = namespace[name]
    Object.defineProperty(namespace, name, {
      value(this: DurableObjectNamespace, ...args: unknown[]) {
        return countedStub(real.apply(this, args))
      },
      writable: true,
      configurable: true,
    })
  }

  // SqlStorage has no global: take its prototype from a Durable Object's storage.
  const sql = await runInDurableObject(env.LINK_OWNER.get(env.LINK_OWNER.idFromName('limits harness')), async (_, state) =>
    Object.getPrototypeOf(state.storage.sql),
  )
  guard(sql, ['exec'], (_, [query]: [string]) => checkStatement(query, LIMITS.doStatementBytes), true)
}
