#!/usr/bin/env node
// `npm run keys`: named API keys from the command line, as POST/GET/DELETE /api/keys make them.
//
//   npm run keys -- create --name "Sports desk" --role viewer   make a key; it is printed this once
//   npm run keys -- list                                        the live keys (never their secrets)
//   npm run keys -- revoke <id>                                 revoke one: 401 everywhere within a minute
//
// Local by default (the D1 database `npm start` uses, in .wrangler/state); `--remote` works on the
// production database ([env.production] in wrangler.toml; needs `wrangler login`). `--persist-to
// DIR` names another local state folder. Keys are stored as their SHA-256 only, as the API does.
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ROOT } from './lib/config.mjs'

const ROLES = ['viewer', 'editor', 'admin']
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function usage(message) {
  if (message) console.error(`keys: ${message}`)
  console.error('usage: npm run keys -- create --name "Sports desk" --role viewer|editor|admin [--remote]')
  console.error('       npm run keys -- list [--remote]')
  console.error('       npm run keys -- revoke <id> [--remote]')
  process.exit(2)
}

function random(length) {
  let out = ''
  while (out.length < length) for (const b of randomBytes(length * 2)) if (b < 248 && out.length < length) out += BASE62[b % 62]
  return out
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { name: { type: 'string' }, role: { type: 'string' }, remote: { type: 'boolean' }, 'persist-to': { type: 'string' } },
    })
  } catch (err) {
    return usage(err.message)
  }
})()
const [command, id] = positionals

/** Runs SQL on the database (local or remote); the rows of its last statement. */
function sql(statement) {
  const where = values.remote ? ['--remote', '--env', 'production'] : ['--local', '--persist-to', values['persist-to'] ?? '.wrangler/state']
  const run = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'wrangler'),
    ['d1', 'execute', 'ANALYTICS', ...where, '--json', '--command', statement],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    },
  )
  if (run.status !== 0) {
    console.error(`keys: the database refused: ${run.stderr || run.stdout}`)
    if (/no such table/.test(run.stderr + run.stdout)) console.error('keys: apply the D1 migrations first (npm start does, locally)')
    process.exit(1)
  }
  const results = JSON.parse(run.stdout)
  return results.at(-1)?.results ?? []
}

const text = (s) => (s === null ? 'NULL' : `'${String(s).replace(/'/g, "''")}'`)
const actor = { kind: 'cli', name: userInfo().username || 'command line' }

if (command === 'create') {
  const name = values.name?.trim()
  if (!name || name.length > 100) usage('--name is 1 to 100 characters')
  if (!ROLES.includes(values.role)) usage(`--role is one of ${ROLES.join(', ')}`)
  const keyId = random(12)
  const key = `sl_${keyId}_${random(32)}`
  const at = new Date().toISOString()
  const after = JSON.stringify({ id: keyId, name, role: values.role })
  sql(
    `INSERT INTO api_keys (id, name, role, hash, created_at) VALUES (${text(keyId)}, ${text(name)}, ${text(values.role)}, ${text(createHash('sha256').update(key).digest('hex'))}, ${text(at)});
     INSERT INTO audit (id, at, actor_kind, actor_name, action, code, before, after) VALUES (${text(`key:${keyId}:create`)}, ${text(at)}, ${text(actor.kind)}, ${text(actor.name)}, 'key.create', NULL, NULL, ${text(after)})`,
  )
  console.log(`key ${keyId} (${values.role}) for "${name}": ${key}`)
  console.log('It is shown this once: hand it over now. It is stored as a hash only.')
} else if (command === 'list') {
  const rows = sql('SELECT id, name, role, created_at, last_used_at FROM api_keys WHERE revoked_at IS NULL ORDER BY created_at DESC')
  if (!rows.length) console.log('no live keys')
  for (const r of rows)
    console.log(`${r.id}  ${r.role.padEnd(6)}  ${r.name}  (made ${r.created_at}, last used ${r.last_used_at ?? 'never'})`)
} else if (command === 'revoke') {
  if (!/^[0-9A-Za-z]{12}$/.test(id ?? '')) usage('revoke takes a key id (12 characters, as list prints)')
  const [row] = sql(`SELECT name, role FROM api_keys WHERE id = ${text(id)} AND revoked_at IS NULL`)
  if (!row) {
    console.error(`keys: no live key ${id}`)
    process.exit(1)
  }
  const at = new Date().toISOString()
  const before = JSON.stringify({ id, name: row.name, role: row.role })
  sql(
    `UPDATE api_keys SET revoked_at = ${text(at)} WHERE id = ${text(id)};
     INSERT INTO audit (id, at, actor_kind, actor_name, action, code, before, after) VALUES (${text(`key:${id}:revoke`)}, ${text(at)}, ${text(actor.kind)}, ${text(actor.name)}, 'key.revoke', NULL, ${text(before)}, NULL)`,
  )
  console.log(`revoked ${id} ("${row.name}"): it answers 401 everywhere within a minute`)
} else usage(command ? `unknown command '${command}'` : undefined)
