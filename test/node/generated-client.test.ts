/**
 * The OpenAPI document is a contract integrators generate clients from: openapi-typescript turns
 * the served /openapi.json into types, a small client (generated-client/client.ts) must type-check
 * against them, and then create a link, read it and its stats on the local service.
 */
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import openapiTS, { astToString } from 'openapi-typescript'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type DevServer, startDev, startOrigin } from './dev-server'

const DIR = join(import.meta.dirname, 'generated-client')
const ROOT = join(import.meta.dirname, '..', '..')

let dev: DevServer
let origin: Awaited<ReturnType<typeof startOrigin>>

beforeAll(async () => {
  origin = await startOrigin({ '/generated': { type: 'text/html', body: '<title>Generated</title>' } })
  dev = await startDev({ ALLOWED_HOSTS: '127.0.0.1:*' })
})

afterAll(async () => {
  await dev?.stop()
  await origin?.close()
})

it('types generated from /openapi.json type-check a client that then works', async () => {
  const doc = await (await fetch(`${dev.url}/openapi.json`)).json()
  writeFileSync(join(DIR, 'schema.d.ts'), astToString(await openapiTS(doc)))
  // The client against the generated types: a wrong field or path is a compile error.
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc')
  const args = [
    '--noEmit',
    '--strict',
    '--target',
    'es2022',
    '--module',
    'esnext',
    '--moduleResolution',
    'bundler',
    '--skipLibCheck',
    '--types',
    'node',
  ]
  await promisify(execFile)(tsc, [...args, join(DIR, 'client.ts')], { cwd: ROOT }).catch((err: { stdout: string }) => {
    throw new Error(`the client does not type-check against the generated types:\n${err.stdout}`)
  })
  // Imported by a path the type checker does not follow: the types it needs are generated above.
  const client = './generated-client/client.ts'
  const { roundTrip } = (await import(/* @vite-ignore */ client)) as typeof import('./generated-client/client-shape')
  const { link, read, stats } = await roundTrip(dev.url, dev.apiKey, `${origin.url}/generated`)
  expect(link).toMatchObject({ title: 'Made by a generated client', channel: 'email', url: `${origin.url}/generated` })
  expect(read).toEqual(link)
  expect(stats).toMatchObject({ code: link.code, clicks: 0, previews: 0 })
})
