/** The OpenAPI document validates against the OpenAPI 3.1 schema; the static routes it lists exist. */
import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type DevServer, startDev } from './dev-server'

let dev: DevServer
beforeAll(async () => {
  dev = await startDev()
})
afterAll(async () => {
  await dev?.stop()
})

it('is a valid OpenAPI 3.1 document', async () => {
  const doc = await (await fetch(`${dev.url}/openapi.json`)).json()
  const validator = new Validator()
  const result = await validator.validate(doc as Parameters<Validator['validate']>[0])
  expect(result.errors ?? []).toEqual([])
  expect(result.valid).toBe(true)
  expect(validator.version).toBe('3.1')
})

it('its static routes are served, the docs page under a CSP', async () => {
  for (const path of ['/docs', '/embed.js', '/dashboard', '/docs.js']) {
    const res = await fetch(`${dev.url}${path}`, { redirect: 'manual' })
    expect([path, res.status]).toEqual([path, 200])
  }
  const docs = await fetch(`${dev.url}/docs`)
  expect(docs.headers.get('Content-Security-Policy')).toContain("script-src 'self'")
  expect(await docs.text()).toContain('/openapi.json')
})
