import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

/** Test settings: a key pair (as during a rotation) and the hosts of the fixture articles. */
export const testVars = {
  API_KEY: 'test-key-old,test-key',
  PUBLIC_BASE_URL: 'https://share.example.com',
  ALLOWED_HOSTS: 'internewscast.com,news.test,*.example-news.test,localhost:9999',
  FLUSH_SECONDS: '30',
  UTM_MEDIUM: 'social',
}

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        // Most tests: inside the Workers runtime, against the app's routes and real bindings.
        plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' }, miniflare: { bindings: testVars } })],
        test: { name: 'workers', include: ['test/*.test.ts'] },
      },
      {
        // Tests that need Node: the worker served by `wrangler dev`, read by Node-only tools.
        test: { name: 'node', include: ['test/node/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 90_000 },
      },
    ],
  },
})
