/**
 * Cloudflare's KV as its locations see it: a write shows at once in the location that made it,
 * and everywhere else only `delayMs` later by the clock (Cloudflare: up to 60 s; tests move the
 * clock with `settle()` or advanceClock in test/helpers.ts). Miniflare's KV is strongly
 * consistent, so without this a test can't see what production will.
 *
 * A test runs requests "in a location" through `fetchAt(location, request)`: the Worker gets a
 * KV binding of that location (and so its own isolate caches, which are kept per binding).
 * Durable Objects write through the real binding, patched here, from a location of their own.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { vi } from 'vitest'
import { advanceClock } from './helpers'
import worker from './limits/entry'

interface Write {
  at: number
  location: string
  /** null: a delete. */
  value: string | null
}

/** Where the Durable Objects' writes come from. */
export const OWNERS = 'owners'

export interface EventualKv {
  /** The Worker's answer to `request`, made in `location`. */
  fetchAt(location: string, request: Request): Promise<Response>
  /** The value of `key` as `location` sees it now. */
  readAt(location: string, key: string): Promise<string | null>
  /** Every write to `key` so far, in order. */
  writes(key: string): Write[]
  /** Time passes (the clock moves `delayMs` on) until every write so far is visible everywhere. */
  settle(): void
}

export function eventualKv(delayMs: number): EventualKv {
  const proto = Object.getPrototypeOf(env.LINKS) as KVNamespace
  // The overloads of get are more than this needs: one key, as text.
  const realGet = proto.get as unknown as (this: KVNamespace, key: string, type: 'text') => Promise<string | null>
  const realPut = proto.put
  const realDelete = proto.delete
  const log = new Map<string, Write[]>()
  /** Values from before a key's first write in this test, as every location saw them. */
  const before = new Map<string, string | null>()

  /** Writes through to Miniflare's KV and logs who wrote what when. */
  async function write(kv: KVNamespace, key: string, location: string, value: string | null, store: () => Promise<void>) {
    if (!log.has(key)) {
      log.set(key, [])
      before.set(key, await realGet.call(kv, key, 'text'))
    }
    await store()
    log.get(key)!.push({ at: Date.now(), location, value })
  }

  function visible(key: string, location: string): { known: boolean; value: string | null } {
    const writes = log.get(key)
    if (!writes) return { known: false, value: null }
    const now = Date.now()
    const seen = writes.filter((w) => w.location === location || now - w.at >= delayMs)
    return { known: true, value: seen.length ? seen.at(-1)!.value : (before.get(key) ?? null) }
  }

  // The real binding: what Durable Objects (and anything outside a location) write and read.
  vi.spyOn(proto, 'put').mockImplementation(async function (
    this: KVNamespace,
    key: string,
    value: unknown,
    options?: KVNamespacePutOptions,
  ) {
    await write(this, key, OWNERS, String(value), () => realPut.call(this, key, value as string, options))
  })
  vi.spyOn(proto, 'delete').mockImplementation(async function (this: KVNamespace, key: string) {
    await write(this, key, OWNERS, null, () => realDelete.call(this, key))
  })

  function at(location: string): KVNamespace {
    const read = async (key: string) => {
      const { known, value } = visible(key, location)
      return known ? value : await realGet.call(env.LINKS, key, 'text')
    }
    const decode = (raw: string | null, type: unknown) => {
      const kind = typeof type === 'string' ? type : (type as { type?: string } | undefined)?.type
      return raw === null ? null : kind === 'json' ? JSON.parse(raw) : raw
    }
    return {
      async get(key: string | string[], type?: unknown) {
        if (Array.isArray(key)) return new Map(await Promise.all(key.map(async (k) => [k, decode(await read(k), type)] as const)))
        return decode(await read(key), type)
      },
      put: (key: string, value: string, options?: KVNamespacePutOptions) =>
        write(env.LINKS, key, location, value, () => realPut.call(env.LINKS, key, value, options)),
      delete: (key: string) => write(env.LINKS, key, location, null, () => realDelete.call(env.LINKS, key)),
      list: (options?: KVNamespaceListOptions) => env.LINKS.list(options),
      getWithMetadata: () => {
        throw new Error('getWithMetadata is not simulated')
      },
    } as unknown as KVNamespace
  }

  const bindings = new Map<string, KVNamespace>()
  return {
    async fetchAt(location, request) {
      if (!bindings.has(location)) bindings.set(location, at(location))
      // An env of its own per location, as each location's isolates have.
      const ctx = createExecutionContext()
      const res = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, LINKS: bindings.get(location)! }, ctx)
      await waitOnExecutionContext(ctx)
      return res
    },
    async readAt(location, key) {
      const { known, value } = visible(key, location)
      return known ? value : await realGet.call(env.LINKS, key, 'text')
    },
    writes: (key) => log.get(key) ?? [],
    // Visibility follows the clock (see `visible`), so a faked one settles KV without a wait.
    settle: () => advanceClock(delayMs),
  }
}
