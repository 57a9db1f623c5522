/**
 * A database without this version's tables (a plain `wrangler dev`, a deploy that skipped the
 * migrations) is a setup to fix: /healthz and every call that needs the tables say so, and how.
 */
import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../src/migrations'
import { adminApi, anError, ok, refused, site } from './helpers'

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

    expect(await refused(site.healthz.$get(), 503)).toEqual({
      ok: false,
      problems: [
        {
          variable: 'ANALYTICS',
          message: expect.stringMatching(
            /missing D1 migrations 0001_links\.sql, 0002_rollups\.sql, .*: run npx wrangler d1 migrations apply ANALYTICS --local/,
          ),
        },
      ],
    })
    for (const [name, res] of [
      ['links', await adminApi.links.$get({ query: {} })],
      ['analytics', await adminApi.analytics.$get({ query: { groupBy: 'articles' } })],
    ] as const) {
      expect([name, res.headers.get('Retry-After')]).toEqual([name, '60'])
      const error = await refused(res, 503)
      expect([name, error]).toEqual([name, anError('misconfigured', expect.stringContaining('wrangler d1 migrations apply ANALYTICS'))])
    }
    // Short links need no D1: they still work.
    expect((await site['robots.txt'].$get()).status).toBe(200)

    await applyD1Migrations(env.ANALYTICS, env.TEST_MIGRATIONS)
    expect(await ok(site.healthz.$get(), 200)).toEqual({ ok: true })
    expect((await ok(adminApi.links.$get({ query: {} }), 200)).links).toEqual([])
  })
})
