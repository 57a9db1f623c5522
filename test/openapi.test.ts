/**
 * The OpenAPI document (built from the app's routes at build time) says what the service does:
 * checked against a list written out here by hand, and against what the Worker answers, never
 * against the app's own routes read back.
 */
import { describe, expect, it } from 'vitest'
import { app } from '../src/index'
import { buildDocument } from '../src/routes/openapi'
import { STATIC_ROUTES } from '../src/routes/static'
import { call } from './helpers'

interface Expected {
  operationId: string
  /** Needs the admin key. */
  admin?: true
  /** Takes a JSON body. */
  body?: true
  /** Its parameters, as `in:name`, `!` when required. */
  params?: string[]
  /** What it answers when it works (the errors are checked by rule below). */
  answers: number[]
}

/** Every operation of the service, from its route table (src/index.ts) and static assets. */
const OPERATIONS: Record<string, Expected> = {
  'POST /api/share': { operationId: 'createShareLink', body: true, answers: [200, 201] },
  'GET /share/{channel}': { operationId: 'shareVia', params: ['path:channel!', 'query:url!'], answers: [200, 302] },
  'GET /api/counts': { operationId: 'getArticleCounts', params: ['query:url!'], answers: [200] },
  'POST /api/links': { operationId: 'createLink', admin: true, body: true, answers: [201] },
  'GET /api/links': {
    operationId: 'listLinks',
    admin: true,
    params: ['query:cursor', 'query:limit', 'query:q', 'query:url'],
    answers: [200],
  },
  'GET /api/links/{code}': { operationId: 'getLink', admin: true, params: ['path:code!'], answers: [200] },
  'PATCH /api/links/{code}': { operationId: 'updateLink', admin: true, body: true, params: ['path:code!'], answers: [200] },
  'DELETE /api/links/{code}': { operationId: 'deleteLink', admin: true, params: ['path:code!'], answers: [204] },
  'POST /api/links/{code}/refresh': { operationId: 'refreshLink', admin: true, params: ['path:code!'], answers: [200] },
  'GET /api/links/{code}/stats': { operationId: 'getLinkStats', admin: true, params: ['path:code!', 'query:fresh'], answers: [200] },
  'GET /api/analytics': {
    operationId: 'getAnalytics',
    admin: true,
    params: ['query:groupBy', 'query:start', 'query:end', 'query:url', 'query:channel', 'query:limit', 'query:format'],
    answers: [200],
  },
  'GET /healthz': { operationId: 'getHealth', answers: [200] },
  'GET /robots.txt': { operationId: 'getRobots', answers: [200] },
  'GET /demo': { operationId: 'getDemo', answers: [200] },
  'GET /{code}/qr.svg': { operationId: 'getQrSvg', params: ['path:code!'], answers: [200] },
  'GET /{code}/qr.png': { operationId: 'getQrPng', params: ['path:code!'], answers: [200] },
  'GET /{code}': { operationId: 'followShortLink', params: ['path:code!'], answers: [200, 302] },
  // Served from public/ before the Worker runs.
  'GET /openapi.json': { operationId: 'getOpenApiDocument', answers: [200] },
  'GET /docs': { operationId: 'getDocsPage', answers: [200] },
  'GET /embed.js': { operationId: 'getEmbedScript', answers: [200] },
  'GET /dashboard': { operationId: 'getDashboard', answers: [200] },
}

interface Operation {
  operationId: string
  security: unknown[]
  parameters?: { name: string; in: string; required: boolean }[]
  requestBody?: unknown
  responses: Record<string, unknown>
}

/** The document's operations, by `METHOD /path`. */
function documented(): Record<string, Operation> {
  const doc = buildDocument(app as never, STATIC_ROUTES) as { openapi: string; paths: Record<string, Record<string, Operation>> }
  expect(doc.openapi).toBe('3.1.0')
  return Object.fromEntries(
    Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op])),
  )
}

describe('the OpenAPI document', () => {
  it('lists exactly the service’s operations, each with its id, key, body, parameters and answers', () => {
    const ops = documented()
    expect(Object.keys(ops).sort()).toEqual(Object.keys(OPERATIONS).sort())
    for (const [name, op] of Object.entries(ops)) {
      const expected = OPERATIONS[name]!
      const statuses = Object.keys(op.responses).map(Number)
      expect([name, op.operationId]).toEqual([name, expected.operationId])
      expect([name, op.security]).toEqual([name, expected.admin ? [{ bearerAuth: [] }] : []])
      expect([name, op.requestBody !== undefined]).toEqual([name, expected.body === true])
      expect([name, (op.parameters ?? []).map((p) => `${p.in}:${p.name}${p.required ? '!' : ''}`)]).toEqual([name, expected.params ?? []])
      expect([name, statuses.filter((s) => s < 400)]).toEqual([name, expected.answers])
      // Errors by rule: a missing key for the admin operations, and a bad or unwelcome body for those that take one.
      expect([name, statuses.includes(401)]).toEqual([name, expected.admin === true])
      if (expected.body) expect([name, [400, 413, 415].filter((s) => statuses.includes(s))]).toEqual([name, [400, 413, 415]])
    }
  })

  it('asks for the key exactly where the Worker does: every admin operation answers 401 without one, no other does', async () => {
    const ops = documented()
    const statics = new Set(STATIC_ROUTES.map((r) => `GET ${r.path}`))
    for (const [name, op] of Object.entries(ops)) {
      // The static routes never reach the Worker.
      if (statics.has(name)) continue
      const [method, template] = name.split(' ') as [string, string]
      const path = template.replace('{code}', 'nope123').replace('{channel}', 'x')
      // Raw, with no key and an empty body: only the key decides a 401, before any input is read.
      const withBody = method === 'POST' || method === 'PATCH'
      const res = await call(path, {
        method,
        redirect: 'manual',
        ...(withBody ? { headers: { 'Content-Type': 'application/json' }, body: '{}' } : {}),
      })
      await res.body?.cancel()
      expect([name, res.status === 401]).toEqual([name, op.security.length > 0])
    }
  })
})
