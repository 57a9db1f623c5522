/** The OpenAPI document (built from the app's routes at build time) documents exactly the routes the app has. */
import { describe, expect, it } from 'vitest'
import { app } from '../src/index'
import { buildDocument } from '../src/routes/openapi'
import { STATIC_ROUTES } from '../src/routes/static'

type Doc = { openapi: string; paths: Record<string, Record<string, { operationId: string; responses: object; security: unknown[] }>> }

describe('the OpenAPI document', () => {
  it('lists every route the Worker handles, and the static ones, and nothing else', () => {
    const doc = buildDocument(app as never, STATIC_ROUTES) as Doc
    expect(doc.openapi).toBe('3.1.0')
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    // Each route appears once per handler (its describe, validators and handler): one entry each.
    const handled = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`))
    const statics = STATIC_ROUTES.map((r) => `GET ${r.path}`)
    expect(new Set(documented).size).toBe(documented.length)
    expect([...handled, ...statics].sort()).toEqual([...documented].sort())
    const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops))
    // Every operation: a unique operationId, what it answers, and its security (none or the bearer key).
    expect(new Set(operations.map((op) => op.operationId)).size).toBe(operations.length)
    for (const op of operations) {
      expect(Object.keys(op.responses).length).toBeGreaterThan(0)
      expect(op.security).toBeInstanceOf(Array)
    }
  })

  it('says which operations need the admin key', () => {
    const doc = buildDocument(app as never, STATIC_ROUTES) as Doc
    expect(doc.paths['/api/links']!.get!.security).toEqual([{ bearerAuth: [] }])
    expect(doc.paths['/api/share']!.post!.security).toEqual([])
  })
})
