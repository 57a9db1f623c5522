/**
 * The card corpus (test/fixtures/cards/): every page, served as the bytes a publisher's server
 * sends with its Content-Type, through the real unfurler (fetch within bounds, HTMLRewriter)
 * and cardOf, gives exactly the card its table entry says.
 */
import { describe, expect, it } from 'vitest'
import { parseHostList } from '../src/links/hosts'
import { cardOf } from '../src/links/record'
import { unfurl } from '../src/unfurl'
import { CARDS } from './fixtures/cards/cards'
import { stubOrigin } from './helpers'

// The files as bytes: `?raw` would read them as UTF-8 text and spoil the legacy encodings;
// `?url&inline` gives each file's own bytes, base64 in a data: URL.
const files = import.meta.glob<string>('./fixtures/cards/*.html', { query: '?url&inline', import: 'default', eager: true })

function bytesOf(file: string): Uint8Array {
  const dataUrl = files[`./fixtures/cards/${file}`]
  if (!dataUrl) throw new Error(`no fixture ${file}`)
  return Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(',') + 1)), (c) => c.charCodeAt(0))
}

const allowed = parseHostList('news.test,*.example-news.test,*.example.com').matcher

describe('the card of each page in the corpus', () => {
  it('has at least 40 pages, each listed once, each file listed', () => {
    expect(CARDS.length).toBeGreaterThanOrEqual(40)
    expect(new Set(CARDS.map((c) => c.file)).size).toBe(CARDS.length)
    expect(
      Object.keys(files)
        .map((f) => f.replace('./fixtures/cards/', ''))
        .sort(),
    ).toEqual(CARDS.map((c) => c.file).sort())
  })

  it.each(CARDS.map((c) => [c.file, c] as const))('%s', async (_, c) => {
    const body = bytesOf(c.file)
    stubOrigin({ [c.url]: () => new Response(body, { headers: { 'Content-Type': c.contentType } }) })
    const got = await unfurl(new URL(c.url), { allowed })
    if (typeof got === 'string') throw new Error(`${c.url} could not be read: ${got}`)
    expect(cardOf(c.url, got.meta)).toEqual(c.card)
  })
})
