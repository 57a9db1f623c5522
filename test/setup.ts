/**
 * Runs before each test file in the Workers runtime: its own D1 gets the repository's migrations,
 * the bindings are held to production's limits (test/limits/), and a programming error logged by the Worker (see onError in src/index.ts) fails the test.
 */
import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { afterEach, beforeEach, expect, vi } from 'vitest'
import { installLimits } from './limits/harness'

await applyD1Migrations(env.ANALYTICS, env.TEST_MIGRATIONS)
// Every binding held to production's limits from here on (test/limits/).
await installLimits()

const programmingErrors: string[] = []
const consoleError = console.error.bind(console)

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    const text = args.map(String).join(' ')
    if (text.includes('programming error')) programmingErrors.push(text)
    consoleError(...args)
  })
})

afterEach(() => {
  const seen = programmingErrors.splice(0)
  expect(seen, 'programming errors logged by the Worker').toEqual([])
})
