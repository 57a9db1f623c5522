/**
 * Moving in and out (issue 24): POST /api/links/import makes the links of another service's
 * export, under their codes where free, on ALLOWED_HOSTS only, and a second import makes nothing;
 * GET /api/links/export gives every link with its all-time figures, in the form import takes back.
 */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { parseImport } from '../src/links/import'
import { IMPORT_ROWS_PER_CALL } from '../src/links/import/apply'
import { toCsv } from '../src/routes/csv'
import { clicks, flush, makeLinks } from './clicks'
import bitlyCsv from './fixtures/import/bitly.csv?raw'
import bitlyJson from './fixtures/import/bitly.json?raw'
import dubCsv from './fixtures/import/dub.csv?raw'
import dubJson from './fixtures/import/dub.json?raw'
import sharelinkCsv from './fixtures/import/sharelink.csv?raw'
import sharelinkJson from './fixtures/import/sharelink.json?raw'
import shlinkCsv from './fixtures/import/shlink.csv?raw'
import sinkJson from './fixtures/import/sink.json?raw'
import { AS_ADMIN, adminApi, anError, call, htmlPage, KEY, ok, stubOrigin } from './helpers'

const FIXTURES = {
  'bitly.csv': bitlyCsv,
  'bitly.json': bitlyJson,
  'dub.csv': dubCsv,
  'dub.json': dubJson,
  'sink.json': sinkJson,
  'shlink.csv': shlinkCsv,
  'sharelink.csv': sharelinkCsv,
  'sharelink.json': sharelinkJson,
}

interface Report {
  format: string
  created: number
  skipped: number
  remaining: number
  problems: { row: number; reason: string }[]
  notes: { row: number; reason: string }[]
}

/** POST the file, as `npm run import` does. */
async function importFile(text: string, type = 'text/csv', key = KEY): Promise<Response> {
  return call('/api/links/import', { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': type }, body: text })
}

async function imported(text: string, type?: string): Promise<Report> {
  const res = await importFile(text, type)
  expect(res.status, await res.clone().text()).toBe(200)
  return res.json()
}

/** Hosts the tests allow (vitest.config.ts): the fixtures' www.example.com and news.example.com are; news.example is not. */
const allowed = (url: string) => /^https?:\/\/([a-z0-9-]+\.)*example\.com(\/|$)|^https?:\/\/news\.test\//.test(url)

describe('POST /api/links/import', () => {
  for (const [name, text] of Object.entries(FIXTURES)) {
    it(`${name}: makes every link on the allowed hosts under its code where free, reports the rest; a second import makes nothing`, async () => {
      const parsed = parseImport(text)
      if ('error' in parsed) throw new Error(parsed.error)
      const type = name.endsWith('.json') ? 'application/json' : 'text/csv'
      const first = await imported(text, type)
      const expired = (r: { expiresAt?: string }) => r.expiresAt !== undefined && Date.parse(r.expiresAt) <= Date.now()
      const onHosts = parsed.rows.filter((r) => allowed(r.url) && !expired(r))
      expect(first.format).toBe(name.split('.')[0])
      // Every row is accounted for: made (or skipped, for a code another fixture of the same links made), or a problem.
      expect(first.created + first.skipped).toBe(onHosts.length)
      expect(first.problems.map((p) => p.row).sort((a, b) => a - b)).toEqual(
        [...parsed.problems.map((p) => p.row), ...parsed.rows.filter((r) => !allowed(r.url) || expired(r)).map((r) => r.row)].sort(
          (a, b) => a - b,
        ),
      )
      for (const p of first.problems) {
        const row = parsed.rows.find((r) => r.row === p.row)
        if (row)
          expect([p.row, p.reason]).toEqual([p.row, expect.stringMatching(expired(row) ? /^expired on / : /is not on ALLOWED_HOSTS/)])
      }
      // Under their own codes, where the notes say nothing else.
      const renamed = new Set(first.notes.filter((n) => /imported as/.test(n.reason)).map((n) => n.row))
      for (const row of onHosts.filter((r) => r.code && !renamed.has(r.row))) {
        const link = await ok(adminApi.links[':code'].$get({ param: { code: row.code! } }), 200)
        expect([row.row, new URL(link.url).host]).toEqual([row.row, new URL(row.url).host])
      }
      const again = await imported(text, type)
      expect([again.created, again.skipped, again.remaining]).toEqual([0, onHosts.length, 0])
    })
  }

  it('gives a code taken here another, says so, and still makes nothing the second time', async () => {
    stubOrigin({ 'https://news.test/already-here': htmlPage('<title>Here first</title>') })
    await ok(adminApi.links.$post({ json: { url: 'https://news.test/already-here', slug: 'taken-code' } }), 201)
    const file = toCsv(
      ['code', 'url', 'title'],
      [['taken-code', 'https://news.test/moving-in', 'Moving in']],
      (r, c) => r[['code', 'url', 'title'].indexOf(c)],
    )
    const first = await imported(file)
    expect(first).toMatchObject({ created: 1, problems: [] })
    expect(first.notes).toEqual([{ row: 2, reason: expect.stringMatching(/^code taken-code is taken here: imported as [0-9A-Za-z]{7}$/) }])
    const code = /imported as (\w+)/.exec(first.notes[0]!.reason)![1]!
    expect(await ok(adminApi.links[':code'].$get({ param: { code } }), 200)).toMatchObject({
      url: 'https://news.test/moving-in',
      title: 'Moving in',
      unfurledAt: null,
    })
    expect(await imported(file)).toMatchObject({ created: 0, skipped: 1 })
    // The link that held the code is as it was.
    expect(await ok(adminApi.links[':code'].$get({ param: { code: 'taken-code' } }), 200)).toMatchObject({
      url: 'https://news.test/already-here',
    })
  })

  it(`makes at most ${IMPORT_ROWS_PER_CALL} links a call; the same file again makes the rest`, async () => {
    const n = IMPORT_ROWS_PER_CALL + 20
    const rows = Array.from({ length: n }, (_, i) => [`bulk-${i}`, `https://news.test/bulk/${i}`])
    const file = toCsv(['code', 'url'], rows, (r, c) => r[c === 'code' ? 0 : 1])
    expect(await imported(file)).toMatchObject({ created: IMPORT_ROWS_PER_CALL, skipped: 0, remaining: 20 })
    expect(await imported(file)).toMatchObject({ created: 20, skipped: IMPORT_ROWS_PER_CALL, remaining: 0 })
    expect(await imported(file)).toMatchObject({ created: 0, skipped: n, remaining: 0 })
  }, 60_000)

  it(`keeps a full call of ${IMPORT_ROWS_PER_CALL} rows whose codes are all held inside an invocation's calls`, async () => {
    // Each row's code is held by another link: its dearest path (is it a file, the slug refused, who
    // holds it, a new code), under the limits harness's 1,000 calls.
    const n = IMPORT_ROWS_PER_CALL
    const codes = Array.from({ length: n }, (_, i) => `held-${i}`)
    const holders = toCsv(['code', 'url'], codes, (code, c) => (c === 'code' ? code : `https://news.test/holder/${code}`))
    expect(await imported(holders)).toMatchObject({ created: n, remaining: 0 })
    const moving = toCsv(['code', 'shortUrl', 'url'], codes, (code, c) =>
      c === 'code' ? code : c === 'shortUrl' ? `https://old.example/${code}` : `https://news.test/moved/${code}`,
    )
    const report = await imported(moving)
    expect([report.created, report.remaining, report.problems]).toEqual([n, 0, []])
    expect(report.notes).toHaveLength(n)
  }, 120_000)

  it('refuses what is not an export, a file over 5 MiB, a form, and any role but admin', async () => {
    const res = await importFile('just some words\n')
    expect([res.status, await res.json()]).toEqual([400, anError('invalid_request')])
    const huge = await importFile(`code,url\n${'x,https://news.test/x\n'.repeat(260_000)}`)
    expect([huge.status, await huge.json()]).toEqual([413, anError('too_large', 'the file is over 5 MiB: split it into smaller files')])
    const form = await call('/api/links/import', {
      method: 'POST',
      headers: { ...AS_ADMIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=b',
    })
    expect([form.status, await form.json()]).toEqual([
      415,
      anError('unsupported_media_type', 'send the file as text/csv, application/json, text/plain'),
    ])
    const editor = await ok(adminApi.keys.$post({ json: { name: 'Import desk', role: 'editor' } }), 201)
    const refused = await importFile(sharelinkCsv, 'text/csv', editor.key)
    expect([refused.status, (await refused.json<{ error: { code: string } }>()).error.code]).toEqual([403, 'forbidden'])
  })
})

describe('GET /api/links/export', () => {
  it('gives every live link with its all-time figures, as JSON and CSV, which import reads back as the same links', {
    timeout: 30_000,
  }, async () => {
    const codes = await makeLinks(3, 'exported')
    await clicks(codes[0]!, 4)
    await clicks(codes[1]!, 1)
    await flush(codes)
    const json = await call('/api/links/export', { headers: AS_ADMIN })
    expect(json.headers.get('Content-Type')).toBe('application/json; charset=utf-8')
    expect(json.headers.get('Content-Disposition')).toMatch(/^attachment; filename="sharelink-links-\d{4}-\d{2}-\d{2}\.json"$/)
    const { links } = await json.json<{ links: { code: string; url: string; clicks: number; shares: number }[] }>()
    const mine = links.filter((l) => codes.includes(l.code))
    expect(mine.map((l) => [l.code, l.clicks]).sort()).toEqual(
      [
        [codes[0], 4],
        [codes[1], 1],
        [codes[2], 0],
      ].sort(),
    )
    // Every live link, once.
    const live = await env.ANALYTICS.prepare('SELECT COUNT(*) AS n FROM links WHERE live = 1').first<{ n: number }>()
    expect(new Set(links.map((l) => l.code)).size).toBe(live!.n)
    expect(links).toHaveLength(live!.n)

    const csv = await (await call('/api/links/export?format=csv', { headers: AS_ADMIN })).text()
    for (const parsed of [parseImport(JSON.stringify({ links })), parseImport(csv)]) {
      if ('error' in parsed) throw new Error(parsed.error)
      expect(parsed.format).toBe('sharelink')
      expect(parsed.problems).toEqual([])
      expect(parsed.rows.map((r) => [r.code, r.url, r.clicks]).sort()).toEqual(links.map((l) => [l.code, l.url, l.clicks]).sort())
    }
    // Brought back into the service it came from, it makes nothing: those links are here.
    // (Native links are checked code by code, IMPORT_ROWS_PER_CALL a call, hence the calls.)
    let report = await imported(csv)
    let skipped = report.skipped
    while (report.remaining) {
      expect(report).toMatchObject({ created: 0, problems: [] })
      report = await imported(csv)
      skipped = report.skipped
    }
    expect([report.created, skipped]).toEqual([0, links.length])
  })

  it('is for any signed-in role, and no one else', async () => {
    const viewer = await ok(adminApi.keys.$post({ json: { name: 'Export desk', role: 'viewer' } }), 201)
    expect((await call('/api/links/export', { headers: { Authorization: `Bearer ${viewer.key}` } })).status).toBe(200)
    expect((await call('/api/links/export')).status).toBe(401)
  })
})
