/**
 * A database without this version's tables (a plain `wrangler dev`, a deploy that skipped the
 * migrations) is a setup to fix: /healthz and every call that needs the tables say so, and how.
 */
import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../src/migrations'
import { admin, call } from './helpers'

describe('the D1 migrations', () => {
  it('are the files of migrations/, in order', () => {
    expect(MIGRATIONS).toEqual(env.TEST_MIGRATIONS.map((m) => m.name))
  })

  it('missing: /healthz and the API answer 503 misconfigured naming them and the command, until they are applied', async () => {
    // This file's database, stripped to what a fresh `wrangler dev` has: nothing.
    const { results } = await env.ANALYTICS.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf%' ESCAPE '\\' AND name != 'sqlite_sequence'",
    ).all<{
      name: string
    }>()
    await env.ANALYTICS.batch(results.map((t) => env.ANALYTICS.prepare(`DROP TABLE "${t.name}"`)))

    const health = await call('/healthz')
    expect(health.status).toBe(503)
    const { problems } = await health.json<{ problems: { variable: string; message: string }[] }>()
    expect(problems).toEqual([
      {
        variable: 'ANALYTICS',
        message: expect.stringMatching(
          /missing D1 migrations 0001_links\.sql, 0002_rollups\.sql, .*: run npx wrangler d1 migrations apply ANALYTICS --local/,
        ),
      },
    ])
    for (const path of ['/api/links', '/api/analytics?groupBy=articles']) {
      const res = await admin(path)
      expect([path, res.status, res.headers.get('Retry-After')]).toEqual([path, 503, '60'])
      const { error } = await res.json<{ error: { code: string; message: string } }>()
      expect(error.code).toBe('misconfigured')
      expect(error.message).toContain('wrangler d1 migrations apply ANALYTICS')
    }
    // Short links need no D1: they still work.
    expect((await call('/robots.txt')).status).toBe(200)

    await applyD1Migrations(env.ANALYTICS, env.TEST_MIGRATIONS)
    expect((await call('/healthz')).status).toBe(200)
    expect((await admin('/api/links')).status).toBe(200)
  })
})
