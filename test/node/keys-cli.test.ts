/**
 * `npm run keys`: a named key made from the command line signs in with its role, is listed
 * without its secret, and once revoked is no longer listed. Run on the local database that a
 * running `wrangler dev` uses, as `npm start`'s is.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevServer, startDev } from './dev-server'

const ROOT = join(import.meta.dirname, '..', '..')
let dev: DevServer

async function keys(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'keys', '--', ...args, '--persist-to', dev.state], { cwd: ROOT })
  return stdout
}

beforeAll(async () => {
  dev = await startDev()
})
afterAll(async () => {
  await dev?.stop()
})

describe('npm run keys', () => {
  it('makes a key that signs in with its role, lists it without the secret, and revokes it', async () => {
    const made = await keys('create', '--name', 'Sports desk', '--role', 'viewer')
    const [, id, key] = /key ([0-9A-Za-z]{12}) \(viewer\) for "Sports desk": (sl_\S+)/.exec(made) ?? []
    expect(key).toMatch(/^sl_[0-9A-Za-z]{12}_[0-9A-Za-z]{32}$/)
    const me = await fetch(`${dev.url}/api/me`, { headers: { Authorization: `Bearer ${key}` } })
    expect(await me.json()).toEqual({ actor: { kind: 'key', name: 'Sports desk' }, role: 'viewer', timezone: 'UTC' })
    const listed = await keys('list')
    expect(listed).toContain(`${id}  viewer  Sports desk`)
    expect(listed).not.toContain(key!.slice(16))
    // The admin API lists it too, and its audit log names who made it.
    const api = await (await fetch(`${dev.url}/api/keys`, { headers: { Authorization: `Bearer ${dev.apiKey}` } })).json()
    expect(api).toEqual({ keys: [expect.objectContaining({ id, name: 'Sports desk', role: 'viewer' })] })
    const audit = await (await fetch(`${dev.url}/api/audit`, { headers: { Authorization: `Bearer ${dev.apiKey}` } })).json()
    expect(audit.entries[0]).toMatchObject({
      action: 'key.create',
      actor: { kind: 'cli' },
      after: { id, name: 'Sports desk', role: 'viewer' },
    })
    expect(await keys('revoke', id!)).toContain(`revoked ${id}`)
    expect(await keys('list')).toContain('no live keys')
  })

  it('refuses a role that is none, and says how to call it', async () => {
    await expect(keys('create', '--name', 'X', '--role', 'owner')).rejects.toMatchObject({
      stderr: expect.stringContaining('--role is one of viewer, editor, admin'),
    })
  })
})
