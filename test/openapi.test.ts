/**
 * The OpenAPI document (built from the app's routes at build time) documents exactly the routes
 * the app has, each with the role it needs and every error code it can answer.
 */
import { describe, expect, it } from 'vitest'
import { app } from '../src/index'
import { ASSET_ROUTES } from '../src/routes/assets'
import { buildDocument } from '../src/routes/document'
import { call } from './helpers'

type Operation = {
  operationId: string
  tags: string[]
  responses: Record<
    string,
    { content?: Record<string, { schema: { properties?: { error?: { properties: { code: { enum: string[] } } } } } }> }
  >
  security: unknown[]
  'x-role'?: string
}
type Doc = { openapi: string; tags: { name: string }[]; paths: Record<string, Record<string, Operation>> }

const doc = buildDocument(app as never, ASSET_ROUTES) as Doc
const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
)
const byId = Object.fromEntries(operations.map(({ route, op }) => [op.operationId, { route, op }]))
/** The codes an operation's error replies may carry, by status. */
const codesOf = (op: Operation) =>
  Object.fromEntries(
    Object.entries(op.responses)
      .map(([status, r]) => [status, r.content?.['application/json']?.schema.properties?.error?.properties.code.enum] as const)
      .filter(([, codes]) => codes),
  )

describe('the OpenAPI document', () => {
  it('lists every route the Worker handles and every file route, once, and nothing else', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(operations.map((o) => o.route).sort()).toEqual(
      [
        'POST /api/share',
        'GET /share/{channel}',
        'GET /api/counts',
        'POST /api/links',
        'GET /api/links',
        'GET /api/links/{code}',
        'PATCH /api/links/{code}',
        'DELETE /api/links/{code}',
        'POST /api/links/{code}/refresh',
        'GET /api/links/{code}/stats',
        'GET /api/analytics',
        'GET /api/analytics/overview',
        'GET /api/links/export',
        'POST /api/links/import',
        'GET /api/me',
        'GET /api/keys',
        'POST /api/keys',
        'DELETE /api/keys/{id}',
        'GET /api/audit',
        'GET /{code}',
        'GET /{code}/qr.svg',
        'GET /{code}/qr.png',
        'GET /healthz',
        'GET /robots.txt',
        'GET /demo',
        'GET /openapi.json',
        'GET /docs',
        'GET /embed.js',
        'GET /dashboard',
      ].sort(),
    )
    expect(new Set(operations.map((o) => o.op.operationId)).size).toBe(operations.length)
  })

  it('opens on sharing, then links and analytics', () => {
    const sections = ['share', 'links', 'analytics', 'access', 'short link', 'service']
    expect(doc.tags.map((t) => t.name)).toEqual(sections)
    expect([...new Set(operations.map((o) => o.op.tags[0]))]).toEqual(sections)
  })

  it('names the role each admin operation needs, and no role for the public ones', () => {
    const roles = Object.fromEntries(operations.map(({ op }) => [op.operationId, op['x-role'] ?? 'public']))
    expect(roles).toMatchObject({
      createShareLink: 'public',
      getArticleCounts: 'public',
      followShortLink: 'public',
      listLinks: 'viewer',
      getLink: 'viewer',
      getLinkStats: 'viewer',
      getAnalytics: 'viewer',
      getAnalyticsOverview: 'viewer',
      exportLinks: 'viewer',
      importLinks: 'admin',
      createLink: 'editor',
      updateLink: 'editor',
      refreshLink: 'editor',
      deleteLink: 'admin',
      getMe: 'viewer',
      getAudit: 'editor',
      listKeys: 'admin',
      createKey: 'admin',
      revokeKey: 'admin',
    })
    for (const { op } of operations) expect(op.security).toEqual(op['x-role'] ? [{ bearerAuth: [] }] : [])
  })

  it('lists the error codes each operation can answer, by status', () => {
    expect(codesOf(byId.createLink!.op)).toEqual({
      400: ['invalid_request', 'invalid_url'],
      401: ['unauthorized'],
      403: ['forbidden', 'host_not_allowed'],
      409: ['slug_taken'],
      413: ['too_large'],
      422: ['article_not_found'],
      415: ['unsupported_media_type'],
      429: ['rate_limited'],
      503: ['misconfigured', 'unavailable'],
    })
    expect(codesOf(byId.followShortLink!.op)).toEqual({ 404: ['not_found'], 410: ['gone'], 503: ['misconfigured', 'unavailable'] })
    expect(codesOf(byId.createShareLink!.op)).toMatchObject({ 403: ['host_not_allowed'], 429: ['rate_limited'] })
    // Files served before the Worker answer no error of the Worker's.
    expect(codesOf(byId.getEmbedScript!.op)).toEqual({})
  })

  it('asks for a key exactly where the Worker does: every operation with a role answers 401 without one, no other does', async () => {
    const files = new Set(ASSET_ROUTES.map((r) => `GET ${r.path}`))
    for (const { route, op } of operations) {
      // Files are served before the Worker runs.
      if (files.has(route)) continue
      const [method, template] = route.split(' ') as [string, string]
      const path = template.replace('{code}', 'nope123').replace('{channel}', 'x').replace('{id}', 'nope')
      // Raw, with no key and an empty body: only the key decides a 401, before any input is read.
      const withBody = method === 'POST' || method === 'PATCH'
      const res = await call(path, {
        method,
        redirect: 'manual',
        ...(withBody ? { headers: { 'Content-Type': 'application/json' }, body: '{}' } : {}),
      })
      await res.body?.cancel()
      expect([route, res.status === 401]).toEqual([route, op['x-role'] !== undefined])
    }
  })
})
