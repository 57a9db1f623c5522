import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // Test settings: a known key pair (rotation), hosts of the fixture articles.
        bindings: {
          API_KEY: 'test-key-old,test-key',
          PUBLIC_BASE_URL: 'https://share.example.com',
          ALLOWED_HOSTS: 'internewscast.com,news.test,*.example-news.test,localhost:9999',
          FLUSH_SECONDS: '30',
          UTM_MEDIUM: 'social',
        },
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    // open-graph-scraper (the independent parser the preview tests use) ships CommonJS with
    // extensionless imports that the Workers module loader can't resolve: let Vite bundle it.
    deps: { optimizer: { ssr: { enabled: true, include: ['open-graph-scraper'] } } },
  },
})
