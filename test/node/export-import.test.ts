/**
 * Issue 24's round trip, as a publisher moving services does it: `GET /api/links/export` from one
 * running service, saved to a file, then `npm run import -- FILE --to URL` into a fresh one gives
 * the same links; a second import makes nothing. Once with the JSON export, once with the CSV, each
 * into a fresh service of its own (three `wrangler dev`, each with its own state).
 *
 * What the export carries and the import takes back: code, url, channel, title, description,
 * createdAt, expiresAt, disabled, and which card fields were set by hand (they stay the link's own
 * when the new service reads the article); a link on a channel becomes that channel's share-button
 * link there unless one holds it. What it does not: the figures (clicks, repeats, previews, shares
 * are the old service's; the import reads `clicks` for its report only, so the new service starts
 * every link at 0), and the card the article gives (image, siteName, unfurledAt: read again from
 * the article when a crawler first asks, so until then no image, the host for a site name, and
 * unfurledAt null). See docs/import-formats.md.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type DevServer, startDev, startOrigin } from './dev-server'

const ROOT = join(import.meta.dirname, '..', '..')
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'

function article(title: string, description: string): { type: string; body: string } {
  return {
    type: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta property="og:title" content="${title}"><meta property="og:description" content="${description}">
<meta property="og:site_name" content="The Daily Example"></head><body><h1>${title}</h1></body></html>`,
  }
}

/** The fields of an exported link, with its figures. */
interface Exported {
  code: string
  shortUrl: string
  url: string
  channel: string | null
  title: string
  description: string
  image: string | null
  siteName: string
  createdAt: string
  expiresAt: string | null
  disabled: boolean
  unfurledAt: string | null
  clicks: number
  repeats: number
  previews: number
  shares: number
  setByHand: string[]
}

/** What a round trip keeps of a link: everything but its short URL's host, its card and its figures. */
const CARRIED = ['code', 'url', 'channel', 'title', 'description', 'createdAt', 'expiresAt', 'disabled', 'setByHand'] as const
const carried = (links: Exported[]) => links.map((l) => Object.fromEntries(CARRIED.map((k) => [k, l[k]])))

let origin: Awaited<ReturnType<typeof startOrigin>>
/** The service the links are made on, and the fresh ones each export is imported into. */
let source: DevServer
let fromJson: DevServer
let fromCsv: DevServer
const scratch = mkdtempSync(join(tmpdir(), 'sharelink-export-'))

beforeAll(async () => {
  origin = await startOrigin({
    '/2026/11/budget': article('Budget 2027 explained', 'The measures, line by line.'),
    '/2026/11/storm': article('Storm warning for the coast', 'Gusts up to 120 km/h.'),
    '/2026/11/rail': article('Rail strike called off', 'Trains run as normal from Monday.'),
    '/2026/11/cup': article('Cup final: a late goal', 'Match report and ratings.'),
    '/2026/11/election': article('Election night, live', 'Results as they come in.'),
  })
  // FLUSH_SECONDS 1: the export's figures are the counters' last flush.
  const vars = { ALLOWED_HOSTS: '127.0.0.1:*', FLUSH_SECONDS: '1' }
  // One after another: each wrangler dev runs the asset build into public/ as it starts, and two at once collide there.
  source = await startDev(vars)
  fromJson = await startDev(vars)
  fromCsv = await startDev(vars)
})

afterAll(async () => {
  await Promise.all([source?.stop(), fromJson?.stop(), fromCsv?.stop()])
  await origin?.close()
  rmSync(scratch, { recursive: true, force: true })
})

const admin = (server: DevServer, path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${server.apiKey}`, 'Content-Type': 'application/json', ...init.headers },
  })

async function created(server: DevServer, body: Record<string, unknown>): Promise<Exported> {
  const res = await admin(server, '/api/links', { method: 'POST', body: JSON.stringify(body) })
  expect(res.status, await res.clone().text()).toBe(201)
  return (await res.json()) as Exported
}

async function exported(server: DevServer, format: 'json' | 'csv'): Promise<string> {
  const res = await admin(server, `/api/links/export?format=${format}`)
  expect(res.status).toBe(200)
  return res.text()
}

const exportedLinks = async (server: DevServer) => (JSON.parse(await exported(server, 'json')) as { links: Exported[] }).links

/** `npm run import -- FILE --to URL` with the service's key in API_KEY; what it made and found made before. */
async function runImport(file: string, server: DevServer): Promise<{ made: number; before: number; output: string }> {
  const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'import', '--', file, '--to', server.url], {
    cwd: ROOT,
    env: { ...process.env, API_KEY: server.apiKey },
  })
  const [, made, before, problems] = /\[import\] done: (\d+) links made, (\d+) imported before, (\d+) not imported/.exec(stdout) ?? []
  expect(problems, stdout).toBe('0')
  return { made: Number(made), before: Number(before), output: stdout }
}

describe('export, then import into a fresh service', () => {
  let links: Exported[]
  let json: string
  let csv: string

  beforeAll(async () => {
    const url = (path: string) => `${origin.url}/2026/11/${path}`
    // A custom slug, a channel, and a card's title and description set by hand: a title a
    // spreadsheet would take for a formula, with a comma and quotes (the CSV quotes and guards it).
    await created(source, {
      url: url('budget'),
      slug: 'budget-email',
      channel: 'email',
      title: '=Budget 2027, "explained" for renters',
      description: '-20% for first-time buyers',
    })
    // A random code on a channel, the card as the article gives it.
    const storm = await created(source, { url: url('storm'), channel: 'x' })
    // One that expires in a month; one disabled after it was made.
    await created(source, { url: url('rail'), expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })
    const cup = await created(source, { url: url('cup'), slug: 'cup-final', channel: 'facebook' })
    const patched = await admin(source, `/api/links/${cup.code}`, { method: 'PATCH', body: JSON.stringify({ disabled: true }) })
    expect(patched.status).toBe(200)
    // A share button's link, which counts the press as a share.
    const share = await fetch(`${source.url}/api/share`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': BROWSER_UA },
      body: JSON.stringify({ url: url('election'), channel: 'whatsapp' }),
    })
    expect(share.status).toBe(201)
    // A reader's click on the storm link.
    const click = await fetch(storm.shortUrl, { headers: { 'User-Agent': BROWSER_UA }, redirect: 'manual' })
    expect(click.status).toBe(302)
    await click.body?.cancel()
    // The figures are the counters' last flush (every FLUSH_SECONDS): wait until the export has them.
    // (vi.waitFor: expect.poll is for tests, not hooks.)
    await vi.waitFor(
      async () =>
        expect((await exportedLinks(source)).map((l) => [l.code, l.clicks, l.shares])).toEqual([
          [expect.any(String), 0, 1],
          ['cup-final', 0, 0],
          [expect.any(String), 0, 0],
          [storm.code, 1, 0],
          ['budget-email', 0, 0],
        ]),
      { timeout: 20_000, interval: 250 },
    )
    json = await exported(source, 'json')
    csv = await exported(source, 'csv')
    links = (JSON.parse(json) as { links: Exported[] }).links
    writeFileSync(join(scratch, 'links.json'), json)
    writeFileSync(join(scratch, 'links.csv'), csv)
  })

  it('exports every link with what was set on it', () => {
    expect(carried(links)).toEqual([
      {
        code: expect.any(String),
        url: `${origin.url}/2026/11/election`,
        channel: 'whatsapp',
        title: 'Election night, live',
        description: 'Results as they come in.',
        createdAt: expect.any(String),
        expiresAt: null,
        disabled: false,
        setByHand: [],
      },
      expect.objectContaining({ code: 'cup-final', channel: 'facebook', disabled: true, title: 'Cup final: a late goal' }),
      expect.objectContaining({ url: `${origin.url}/2026/11/rail`, channel: null, expiresAt: expect.stringMatching(/Z$/) }),
      expect.objectContaining({ url: `${origin.url}/2026/11/storm`, channel: 'x', title: 'Storm warning for the coast' }),
      expect.objectContaining({
        code: 'budget-email',
        channel: 'email',
        title: '=Budget 2027, "explained" for renters',
        description: '-20% for first-time buyers',
        setByHand: ['description', 'title'],
      }),
    ])
    // The CSV: the same links, one a row, a cell that starts a formula guarded with a '.
    const rows = csv.trimEnd().split('\r\n')
    expect(rows[0]).toBe(
      'code,shortUrl,url,channel,title,description,image,siteName,createdAt,expiresAt,disabled,unfurledAt,setByHand,clicks,repeats,previews,shares',
    )
    expect(rows).toHaveLength(links.length + 1)
    expect(rows[5]).toContain(
      `budget-email,${source.url}/budget-email,${origin.url}/2026/11/budget,email,"'=Budget 2027, ""explained"" for renters",'-20% for first-time buyers,`,
    )
  })

  it.each([
    ['JSON', 'links.json', () => fromJson],
    ['CSV', 'links.csv', () => fromCsv],
  ])('the %s export imported makes the same links, and a second import nothing', async (_, file, target) => {
    const server = target()
    const first = await runImport(join(scratch, file), server)
    expect(first, first.output).toMatchObject({ made: links.length, before: 0 })
    // The listing is the links' copy in D1, written by each link's owner: read until it holds them all.
    await expect.poll(async () => (await exportedLinks(server)).length, { timeout: 10_000, interval: 200 }).toBe(links.length)
    const again = await exportedLinks(server)
    // Every field set on a link, the same, in the same order (newest first: createdAt came along).
    expect(carried(again)).toEqual(carried(links))
    for (const link of again) {
      // Under the new service's address.
      expect(link.shortUrl).toBe(`${server.url}/${link.code}`)
      // The figures stay with the old service: the import reads clicks for its report only.
      expect([link.clicks, link.repeats, link.previews, link.shares]).toEqual([0, 0, 0, 0])
      // The card is read again from the article when a crawler first asks: until then none.
      expect([link.image, link.siteName, link.unfurledAt]).toEqual([null, '127.0.0.1', null])
    }
    // The links work there: a click on the storm link goes to the article; the disabled one answers 410.
    const storm = again.find((l) => l.channel === 'x')!
    const click = await fetch(storm.shortUrl, { headers: { 'User-Agent': BROWSER_UA }, redirect: 'manual' })
    expect(click.status).toBe(302)
    expect(click.headers.get('Location')).toMatch(new RegExp(`^${origin.url}/2026/11/storm\\?`))
    await click.body?.cancel()
    const off = await fetch(`${server.url}/cup-final`, { headers: { 'User-Agent': BROWSER_UA }, redirect: 'manual' })
    expect(off.status).toBe(410)
    await off.body?.cancel()
    // What the publisher wrote stays theirs when the new service reads the article.
    const refreshed = await admin(server, '/api/links/budget-email/refresh', { method: 'POST' })
    expect(refreshed.status).toBe(200)
    expect(await refreshed.json()).toMatchObject({
      title: '=Budget 2027, "explained" for renters',
      description: '-20% for first-time buyers',
      siteName: 'The Daily Example',
    })
    // The share button gives out the link readers already have, not a new one.
    const election = again.find((l) => l.channel === 'whatsapp')!
    const share = await fetch(`${server.url}/api/share`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': BROWSER_UA },
      body: JSON.stringify({ url: election.url, channel: 'whatsapp' }),
    })
    expect([share.status, ((await share.json()) as { code: string }).code]).toEqual([200, election.code])

    // The same file again: every link is there already.
    const second = await runImport(join(scratch, file), server)
    expect(second, second.output).toMatchObject({ made: 0, before: links.length })
    expect(carried(await exportedLinks(server))).toEqual(carried(links))
  })
})
