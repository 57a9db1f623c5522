/** @module Who may do what: the caller's own sign-in, the named keys (admin), and the audit log of changes (editor). */
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { ACTIONS, readAudit } from '../audit/log'
import { createKey, listKeys, revokeKey } from '../auth/keys'
import { ROLES } from '../auth/roles'
import type { AppEnv } from '../env'
import { Code } from '../links/schema'
import { op } from './operation'
import { validate } from './validate'

const Actor = z.object({ kind: z.enum(['key', 'access', 'api_key', 'share', 'system', 'cli']), name: z.string() })
const Role = z.enum(ROLES)
/** `timezone`: REPORT_TIMEZONE, whose days and hours every figure is in (the dashboard needs it before its first report). */
const Me = z.object({ actor: Actor, role: Role, timezone: z.string() })
const KeyName = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(100),
  z.refine((s) => s.isWellFormed(), 'must be valid Unicode text'),
)
const NewKey = z.strictObject({ name: KeyName, role: Role })
const KeyInfo = z.object({ id: z.string(), name: z.string(), role: Role, createdAt: z.string(), lastUsedAt: z.nullable(z.string()) })
const CreatedKey = z.object({ id: z.string(), name: z.string(), role: Role, key: z.string(), createdAt: z.string() })
const KeyParams = z.object({ id: z.string().check(z.regex(/^[0-9A-Za-z]{12}$/, 'a key id is 12 of A-Z a-z 0-9')) })
const AuditQuery = z.object({
  code: z.optional(Code),
  cursor: z.optional(z.string().check(z.maxLength(1024))),
  limit: z._default(z.coerce.number<string>().check(z.int(), z.minimum(1), z.maximum(100)), 50),
})
const AuditPage = z.object({
  entries: z.array(
    z.object({
      at: z.string(),
      actor: Actor,
      action: z.enum(ACTIONS),
      code: z.nullable(z.string()),
      before: z.nullable(z.record(z.string(), z.unknown())),
      after: z.nullable(z.record(z.string(), z.unknown())),
    }),
  ),
  cursor: z.nullable(z.string()),
})

const app = new Hono<AppEnv>()
  .get(
    '/api/me',
    op({
      id: 'getMe',
      tag: 'access',
      role: 'viewer',
      summary: 'Who is signed in, and with which role (a named key, an Access user, or API_KEY); the zone figures are counted in',
      responses: { 200: { description: 'The caller', json: Me } },
    }),
    (c) => {
      const { actor, role } = c.get('signedIn')
      return c.json({ actor, role, timezone: c.get('config').zone.name }, 200)
    },
  )
  .get(
    '/api/keys',
    op({
      id: 'listKeys',
      tag: 'access',
      role: 'admin',
      summary: 'The named keys that are live (never their secrets)',
      responses: { 200: { description: 'The keys', json: z.object({ keys: z.array(KeyInfo) }) } },
    }),
    async (c) => c.json({ keys: await listKeys(c.env.ANALYTICS) }, 200),
  )
  .post(
    '/api/keys',
    op({
      id: 'createKey',
      tag: 'access',
      role: 'admin',
      summary: 'Make a named key with a role; the key is in this answer and nowhere else',
      responses: { 201: { description: 'The key, shown this once', json: CreatedKey } },
    }),
    validate('json', NewKey),
    async (c) => {
      const { name, role } = c.req.valid('json')
      const { lastUsedAt: _, ...made } = await createKey(c.env.ANALYTICS, name, role, c.get('signedIn').actor)
      return c.json(made, 201)
    },
  )
  .delete(
    '/api/keys/:id',
    op({
      id: 'revokeKey',
      tag: 'access',
      role: 'admin',
      summary: 'Revoke a named key: it answers 401 everywhere within a minute',
      responses: { 204: { description: 'Revoked' } },
      errors: ['not_found'],
    }),
    validate('param', KeyParams),
    async (c) => {
      await revokeKey(c.env.ANALYTICS, c.req.valid('param').id, c.get('signedIn').actor)
      return c.body(null, 204)
    },
  )
  .get(
    '/api/audit',
    op({
      id: 'getAudit',
      tag: 'access',
      role: 'editor',
      summary: 'Who changed what and when, newest first: links made, edited, refreshed and deleted; keys made and revoked',
      description: '`code` keeps one link’s history. Pass `cursor` back for the next page.',
      responses: { 200: { description: 'A page of entries', json: AuditPage } },
    }),
    validate('query', AuditQuery),
    async (c) => c.json(await readAudit(c.env.ANALYTICS, c.req.valid('query')), 200),
  )

export default app
