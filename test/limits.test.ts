/**
 * Production's limits, each shown firing on the bindings every test uses: the ones workerd
 * refuses itself and the ones the harness (test/limits/) adds. A limit that stopped firing here
 * would let code through that production refuses.
 */
import { runInDurableObject } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { advanceClock, htmlPage, stubOrigin } from './helpers'
import { asInvocation } from './limits/harness'
import { LIMITS } from './limits/limits'

/**
 * A thousand real calls to the bindings take a second or two, several on a machine busy with
 * other work: more than vitest's default 5 s would allow them. A limit for the runner, not a bound
 * anything is tested against.
 */
const THOUSAND_CALLS_MS = 60_000

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ')
const numbers = (n: number) => Array.from({ length: n }, (_, i) => i)
const sqlOfBytes = (n: number) => `SELECT '${'a'.repeat(n - "SELECT ''".length)}'`

describe('D1', () => {
  it('takes 100 bound parameters, not 101', async () => {
    await expect(
      env.ANALYTICS.prepare(`SELECT ${marks(100)}`)
        .bind(...numbers(100))
        .raw(),
    ).resolves.toEqual([numbers(100)])
    await expect(
      env.ANALYTICS.prepare(`SELECT ${marks(101)}`)
        .bind(...numbers(101))
        .all(),
    ).rejects.toThrow(LIMITS.d1BoundParameters.error)
  })

  it('takes statements of 100,000 bytes, not more, alone or in a batch', async () => {
    expect(Object.values((await env.ANALYTICS.prepare(sqlOfBytes(100_000)).first())!)).toEqual(['a'.repeat(100_000 - "SELECT ''".length)])
    await expect(env.ANALYTICS.prepare(sqlOfBytes(100_001)).first()).rejects.toThrow(LIMITS.d1StatementBytes.error)
    await expect(env.ANALYTICS.batch([env.ANALYTICS.prepare('SELECT 1'), env.ANALYTICS.prepare(sqlOfBytes(100_001))])).rejects.toThrow(
      LIMITS.d1StatementBytes.error,
    )
  })

  it('takes LIKE and GLOB patterns of 50 bytes, not 51 (counted in UTF-8)', async () => {
    await expect(env.ANALYTICS.prepare("SELECT 'x' LIKE ? AS m").bind('a'.repeat(50)).first()).resolves.toEqual({ m: 0 })
    await expect(env.ANALYTICS.prepare("SELECT 'x' LIKE ?").bind('a'.repeat(51)).first()).rejects.toThrow(LIMITS.d1LikePatternBytes.error)
    await expect(env.ANALYTICS.prepare("SELECT 'x' GLOB ?").bind('é'.repeat(26)).first()).rejects.toThrow(LIMITS.d1LikePatternBytes.error)
  })

  it('takes 1,000 calls in one invocation, a batch being one', { timeout: THOUSAND_CALLS_MS }, async () => {
    await asInvocation('a test', async () => {
      await env.ANALYTICS.batch(numbers(1500).map(() => env.ANALYTICS.prepare('SELECT 1')))
      for (let i = 1; i < 1000; i++) await env.ANALYTICS.prepare('SELECT 1').first()
      await expect(env.ANALYTICS.prepare('SELECT 1').first()).rejects.toThrow(LIMITS.d1CallsPerInvocation.error)
    })
  })
})

describe('Durable Object SQLite', () => {
  it('takes 100 bound parameters, statements of 100,000 bytes and 50-byte patterns, no more', async () => {
    await runInDurableObject(env.LINK_OWNER.get(env.LINK_OWNER.idFromName('limits')), async (_, state) => {
      const sql = state.storage.sql
      expect(sql.exec(`SELECT ${marks(100)}`, ...numbers(100)).toArray()).toHaveLength(1)
      expect(() => sql.exec(`SELECT ${marks(101)}`, ...numbers(101))).toThrow(LIMITS.doBoundParameters.error)
      expect(sql.exec(sqlOfBytes(100_000)).toArray()).toHaveLength(1)
      expect(() => sql.exec(sqlOfBytes(100_001))).toThrow(LIMITS.doStatementBytes.error)
      expect(() => sql.exec("SELECT 'x' LIKE ?", 'a'.repeat(51))).toThrow(LIMITS.doLikePatternBytes.error)
    })
  })
})

describe('KV', () => {
  it('takes one write a second to a key, deletes included, and answers the rest 429', async () => {
    await env.LINKS.put('limits:key', '1')
    await expect(env.LINKS.put('limits:key', '2')).rejects.toThrow(LIMITS.kvWritesPerKeyPerSecond.error)
    await expect(env.LINKS.delete('limits:key')).rejects.toThrow(LIMITS.kvWritesPerKeyPerSecond.error)
    // Other keys are not held back.
    await env.LINKS.put('limits:other', '1')
    advanceClock(1_000)
    await env.LINKS.put('limits:key', '3')
    expect(await env.LINKS.get('limits:key')).toBe('3')
  })

  it('takes keys of 512 bytes, metadata of 1,024 and values of 25 MiB, no more', async () => {
    await env.LINKS.put('k'.repeat(512), '1')
    await expect(env.LINKS.put('k'.repeat(513), '1')).rejects.toThrow(LIMITS.kvKeyBytes.error)
    await expect(env.LINKS.put('limits:meta', '1', { metadata: { m: 'a'.repeat(1100) } })).rejects.toThrow(LIMITS.kvMetadataBytes.error)
    await expect(env.LINKS.put('limits:big', 'a'.repeat(LIMITS.kvValueBytes.value + 1))).rejects.toThrow(LIMITS.kvValueBytes.error)
  })

  it('reads 100 keys at once, not 101; 1,000 operations in one invocation, not more', { timeout: THOUSAND_CALLS_MS }, async () => {
    const keys = numbers(101).map((i) => `limits:${i}`)
    expect((await env.LINKS.get(keys.slice(0, 100))).size).toBe(100)
    await expect(env.LINKS.get(keys)).rejects.toThrow(LIMITS.kvKeysPerBulkGet.error)
    await asInvocation('a test', async () => {
      for (let i = 0; i < 1000; i++) await env.LINKS.get(keys.slice(0, 100))
      await expect(env.LINKS.get('limits:0')).rejects.toThrow(LIMITS.kvOperationsPerInvocation.error)
    })
  })
})

describe('one invocation', () => {
  it('makes 1,000 calls to KV, D1 and Durable Objects together, not more', { timeout: THOUSAND_CALLS_MS }, async () => {
    await asInvocation('a test', async () => {
      for (let i = 0; i < 400; i++) await env.LINKS.get('limits:0')
      for (let i = 0; i < 400; i++) await env.ANALYTICS.prepare('SELECT 1').first()
      const owner = env.LINK_OWNER.get(env.LINK_OWNER.idFromName('limits'))
      for (let i = 0; i < 200; i++) await owner.get()
      await expect(owner.get()).rejects.toThrow(LIMITS.serviceCallsPerInvocation.error)
    })
  })

  it('fetches 50 times and calls the Cache API 50 times, no more', async () => {
    stubOrigin({ 'https://news.test/limits': htmlPage('<title>Limits</title>') })
    await asInvocation('a test', async () => {
      for (let i = 0; i < 50; i++) await fetch('https://news.test/limits')
      await expect(fetch('https://news.test/limits')).rejects.toThrow(LIMITS.fetchesPerInvocation.error)
    })
    await asInvocation('a test', async () => {
      for (let i = 0; i < 50; i++) await caches.default.match('https://share.example.com/limits')
      await expect(caches.default.match('https://share.example.com/limits')).rejects.toThrow(LIMITS.cacheCallsPerInvocation.error)
    })
  })
})
