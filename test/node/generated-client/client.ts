/**
 * A small client written against the types openapi-typescript generates from /openapi.json
 * (schema.d.ts, made by test/node/generated-client.test.ts): what an integrator in another
 * codebase would write. It must type-check against the generated types, and work.
 */
import type { paths } from './schema'

type CreateBody = paths['/api/links']['post']['requestBody']['content']['application/json']
type Link = paths['/api/links']['post']['responses']['201']['content']['application/json']
type Stats = paths['/api/links/{code}/stats']['get']['responses']['200']['content']['application/json']

export async function roundTrip(base: string, key: string, url: string): Promise<{ link: Link; read: Link; stats: Stats }> {
  const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }
  const body: CreateBody = { url, title: 'Made by a generated client', channel: 'email' }
  const created = await fetch(`${base}/api/links`, { method: 'POST', headers, body: JSON.stringify(body) })
  if (created.status !== 201) throw new Error(`create answered ${created.status}: ${await created.text()}`)
  const link = (await created.json()) as Link
  const code: paths['/api/links/{code}']['get']['parameters']['path']['code'] = link.code
  const read = (await (await fetch(`${base}/api/links/${code}`, { headers })).json()) as Link
  const stats = (await (await fetch(`${base}/api/links/${code}/stats?fresh=1`, { headers })).json()) as Stats
  return { link, read, stats }
}
