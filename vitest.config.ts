import { join } from 'node:path'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

/** Test settings: a key pair (as during a rotation: keys of 32+ random characters, as /healthz asks) and the hosts of the fixture articles. */
export const testVars = {
  API_KEY: 'test-key-old-4Tq9ZpXw2LmNc8RvYb3KdHs7,test-key-new-9fGh2JkL5mNp8QrSt3VwXy6Z',
  PUBLIC_BASE_URL: 'https://share.example.com',
  ALLOWED_HOSTS: 'internewscast.com,news.test,*.example-news.test,localhost:9999,*.example.com',
  FLUSH_SECONDS: '30',
  DEDUP_SECONDS: '1800',
  DEDUP_PER_ADDRESS: '5',
  UTM_MEDIUM: 'social',
}

/** Zones whose calendars are hard: clocks that change twice a year, and an offset of +05:45. */
const ZONES = { london: 'Europe/London', kathmandu: 'Asia/Kathmandu' }

export default defineConfig(async () => {
  // The same SQL the deploy applies; test/setup.ts applies it to each test file's own D1.
  const migrations = await readD1Migrations(join(import.meta.dirname, 'migrations'))
  return {
    test: {
      reporters: ['default', './test/summary-reporter.ts'],
      projects: [
        {
          // Most tests: inside the Workers runtime, against the app's routes and real bindings.
          plugins: [
            cloudflareTest({
              // The Worker with production's per-invocation limits counted (test/limits/).
              main: './test/limits/entry.ts',
              wrangler: { configPath: './wrangler.toml' },
              miniflare: { bindings: { ...testVars, TEST_MIGRATIONS: migrations } },
            }),
          ],
          test: { name: 'workers', include: ['test/*.test.ts'], setupFiles: ['./test/setup.ts'] },
        },
        // The same, in a report zone of its own (REPORT_TIMEZONE is read by the Worker and the counters alike).
        ...Object.entries(ZONES).map(([name, zone]) => ({
          plugins: [
            cloudflareTest({
              main: './test/limits/entry.ts',
              wrangler: { configPath: './wrangler.toml' },
              miniflare: { bindings: { ...testVars, REPORT_TIMEZONE: zone, TEST_MIGRATIONS: migrations } },
            }),
          ],
          test: { name: `zone-${name}`, include: [`test/zones/${name}.test.ts`], setupFiles: ['./test/setup.ts'] },
        })),
        {
          // Tests that need Node: the worker served by `wrangler dev`, read by Node-only tools. One file
          // at a time: each starts its own wrangler dev (and some a Chromium), and two cores shared
          // with the Workers-runtime tests make timings flaky when several run at once.
          test: {
            name: 'node',
            include: ['test/node/*.test.ts'],
            environment: 'node',
            testTimeout: 60_000,
            hookTimeout: 90_000,
            fileParallelism: false,
          },
        },
      ],
    },
  }
})
