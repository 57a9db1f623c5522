/** /openapi.json documents exactly the routes the app has: every handler, no phantom. */
import { describe, expect, it } from 'vitest'
import { app } from '../src/index'
import { call } from './helpers'

type Doc = { openapi: string; paths: Record<string, Record<string, { responses: object }>> }

/** Served from public/ before the Worker runs (checked against wrangler dev in test/node/openapi.test.ts). */
const STATIC = ['GET /dashboard', 'GET /docs', 'GET /embed.js']

describe('the OpenAPI document', () => {
  it('lists every route the Worker handles, and the static ones, and nothing else', async () => {
    const doc = await (await call('/openapi.json')).json<Doc>()
    expect(doc.openapi).toBe('3.1.0')
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    // Each route appears once per handler (its describe, validators and handler): one entry each.
    const handled = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`))
    expect(new Set(documented).size).toBe(documented.length)
    expect([...handled, ...STATIC].sort()).toEqual([...documented].sort())
    // Every operation says what it answers.
    for (const ops of Object.values(doc.paths))
      for (const op of Object.values(ops)) expect(Object.keys(op.responses).length).toBeGreaterThan(0)
  })
})
