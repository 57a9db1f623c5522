/**
 * Reading other link shorteners' exports: the CSV reader, each format's fixture end to end (written by
 * hand from the formats docs/import-formats.md documents), detection from content, every edge a real
 * file brings, and the bounds that refuse a file whole.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { detectFormat, type ImportResult, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, type ParsedImport, parseImport } from '../src/links/import'
import { parseCsv, UnclosedQuote } from '../src/links/import/csv'
import { isoUtc } from '../src/links/import/dates'
import { toCsv } from '../src/routes/csv'
import bitlyCsv from './fixtures/import/bitly.csv?raw'
import bitlyJson from './fixtures/import/bitly.json?raw'
import dubCsv from './fixtures/import/dub.csv?raw'
import dubJson from './fixtures/import/dub.json?raw'
import sharelinkCsv from './fixtures/import/sharelink.csv?raw'
import sharelinkJson from './fixtures/import/sharelink.json?raw'
import shlinkCsv from './fixtures/import/shlink.csv?raw'
import sinkJson from './fixtures/import/sink.json?raw'

describe('the CSV reader', () => {
  it('reads plain cells, quoted cells with commas, "" escapes and line breaks, and any line end', () => {
    expect(parseCsv('a,b\r\nc,d\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ])
    expect(parseCsv('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ])
    expect(parseCsv('a\rb\r')).toEqual([['a'], ['b']])
    expect(parseCsv('"x, y","say ""hi""","two\r\nlines",""\n')).toEqual([['x, y', 'say "hi"', 'two\r\nlines', '']])
  })

  it('drops a leading BOM, and only a leading one', () => {
    expect(parseCsv('\uFEFFLink,Title\n')).toEqual([['Link', 'Title']])
    expect(parseCsv('a,\uFEFFb')).toEqual([['a', '\uFEFFb']])
  })

  it('ends a record at a final line end without opening an empty one; keeps empty lines and empty last cells', () => {
    expect(parseCsv('')).toEqual([])
    expect(parseCsv('\uFEFF')).toEqual([])
    expect(parseCsv('a\n\nb\n')).toEqual([['a'], [''], ['b']])
    expect(parseCsv('a,')).toEqual([['a', '']])
    expect(parseCsv('a,\n,')).toEqual([
      ['a', ''],
      ['', ''],
    ])
  })

  it('keeps what RFC 4180 does not allow as it is written: a stray quote, text after a closing quote', () => {
    expect(parseCsv('ab"c,d')).toEqual([['ab"c', 'd']])
    expect(parseCsv('"ab"c,d')).toEqual([['abc', 'd']])
  })

  it('refuses a quote that never closes, naming the row it opened on', () => {
    expect(() => parseCsv('a\nb\n"never closed,\nc')).toThrow(UnclosedQuote)
    expect(() => parseCsv('a\nb\n"never closed,\nc')).toThrow('a quoted cell that starts on row 3 is never closed')
  })

  // Cells a spreadsheet would run as a formula get a ' in front from toCsv (routes/csv.ts): the round trip keeps it.
  const guarded = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)
  const cell = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'Z', '0', ',', '"', '\r', '\n', ' ', "'", '=', '-', '@', 'é', '😀', '\uFEFF') }),
    fc.string({ unit: 'binary' }),
  )

  it('reads back any table written by toCsv', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 6 })),
        fc.array(cell, { minLength: 5, maxLength: 5 }),
        (rows, names) => {
          const width = rows[0]?.length ?? names.length
          const columns = names.slice(0, width)
          const text = toCsv(columns, rows, (row, column) => row[columns.indexOf(column)])
          // A file that starts with U+FEFF starts with a BOM, whatever its writer meant by it.
          fc.pre(!text.startsWith('\uFEFF'))
          // indexOf finds the first of two equal names: compare with what toCsv was actually given.
          const written = rows.map((row) => columns.map((c) => row[columns.indexOf(c)]!))
          expect(parseCsv(text)).toEqual([columns, ...written].map((r) => r.map(guarded)))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('reads any text without throwing, except for a quote left open', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', '\uFEFF') }), (text) => {
        try {
          const rows = parseCsv(text)
          expect(rows.every((row) => row.length > 0)).toBe(true)
        } catch (err) {
          expect(err).toBeInstanceOf(UnclosedQuote)
        }
      }),
      { numRuns: 1000 },
    )
  })
})

/** The result as a parsed file, failing the test with the refusal's reason when it is one. */
function parsed(result: ImportResult): ParsedImport {
  if ('error' in result) expect.fail(`refused: ${result.error}`)
  return result
}

const newCode = (row: number, code: string) => ({
  row,
  reason: `code ${JSON.stringify(code)} is not a valid sharelink code (3 to 64 of A-Z a-z 0-9 _ -): it will get a new code`,
})
const taken = (row: number, code: string, by: number) => ({
  row,
  reason: `code "${code}" is already taken by row ${by}: it will get a new code`,
})
const notHttp = (row: number, url: string) => ({ row, reason: `url ${JSON.stringify(url)} is not an http(s) address` })

describe('each export, end to end', () => {
  it('Bitly CSV (the Links page export): a BOM, a custom back-half over the random one, a title over two lines', () => {
    // ?raw keeps the BOM: the reader is what drops it.
    expect(bitlyCsv.charCodeAt(0)).toBe(0xfeff)
    expect(parseImport(bitlyCsv)).toEqual({
      format: 'bitly',
      rows: [
        {
          row: 2,
          code: '3xYz9Ab',
          domain: 'bit.ly',
          url: 'https://news.example.com/2024/03/01/budget-vote',
          title: 'Budget vote: what changes for you',
          createdAt: '2024-03-01T09:15:00.000Z',
          clicks: 1204,
        },
        {
          row: 3,
          code: 'flood-live',
          domain: 'nws.example',
          url: 'https://www.example.com/live/floods',
          title: 'Floods, storms and "the worst week" in years',
          createdAt: '2024-03-02T18:40:12.000Z',
          clicks: 88,
        },
        {
          row: 6,
          code: '3multi1',
          domain: 'bit.ly',
          url: 'https://news.example.com/elections/results',
          title: 'Election night: results as they come in',
          clicks: 5120,
        },
        {
          row: 7,
          code: null,
          domain: 'nws.example',
          url: 'https://news.example.com/reader-documents',
          title: 'Reader documents',
          createdAt: '2024-03-06T10:00:00.000Z',
          clicks: 17,
        },
      ],
      problems: [notHttp(4, 'mailto:desk@news.example.com'), { row: 5, reason: 'url is empty' }],
      notes: [
        { row: 6, reason: 'creation date "03/05/2024" is not a date this import reads: it will carry the date of the import' },
        { row: 7, reason: 'code "docs" is a path sharelink uses for its own pages: it will get a new code' },
      ],
    })
  })

  it('Bitly JSON (a page of GET /v4/groups/{guid}/bitlinks): +0000 offsets, custom domains, a link listed twice', () => {
    expect(parseImport(bitlyJson)).toEqual({
      format: 'bitly',
      rows: [
        {
          row: 1,
          code: '3xYz9Ab',
          domain: 'bit.ly',
          url: 'https://news.example.com/2024/03/01/budget-vote?utm_source=bitly',
          title: 'Budget vote: what changes for you',
          createdAt: '2024-03-01T09:15:00.000Z',
        },
        {
          row: 2,
          code: 'flood-live',
          domain: 'nws.example',
          url: 'https://www.example.com/live/floods',
          // Text, not markup: the preview escapes it like any title.
          title: '<b>Live:</b> floods & "storm" updates',
          createdAt: '2024-03-02T17:40:12.000Z',
        },
        {
          row: 5,
          code: null,
          domain: 'nws.example',
          url: 'https://news.example.com/2024/03/05/z%C3%BCrich-%C3%B6konomen',
          title: 'Zürich: Ökonomen warnen 📉 — 経済ニュース',
          createdAt: '2024-03-05T12:30:00.000Z',
        },
        {
          row: 6,
          code: null,
          domain: 'nws.example',
          url: 'https://www.example.com/sport/cup-final',
          title: 'Cup final: the late winner',
          createdAt: '2024-03-06T08:00:00.000Z',
        },
      ],
      problems: [
        notHttp(3, 'ftp://files.example.com/report.pdf'),
        { row: 4, reason: 'url is empty' },
        { row: 7, reason: 'the same link as row 1 (code "3xYz9Ab", same url)' },
      ],
      notes: [newCode(5, 'zk'), taken(6, '3xYz9Ab', 1)],
    })
  })

  it('Dub CSV (the dashboard export): no titles in it, a root link, a key on a second domain, a unicode key', () => {
    expect(parseImport(dubCsv)).toEqual({
      format: 'dub',
      rows: [
        {
          row: 2,
          code: 'budget-2024',
          domain: 'dub.sh',
          url: 'https://news.example.com/2024/03/01/budget-vote',
          createdAt: '2024-03-01T09:15:00.000Z',
          clicks: 1204,
        },
        { row: 3, code: null, domain: 'news.example', url: 'https://www.example.com/', createdAt: '2024-03-02T10:00:00.000Z', clicks: 40 },
        {
          row: 5,
          code: null,
          domain: 'dub.sh',
          url: 'https://news.example.com/2024/03/04/short-read',
          createdAt: '2024-03-04T10:00:00.000Z',
          clicks: 9,
        },
        {
          row: 6,
          code: null,
          domain: 'news.example',
          url: 'https://www.example.com/opinion/budget-2024',
          createdAt: '2024-03-05T10:00:00.000Z',
          clicks: 77,
        },
        {
          row: 7,
          code: null,
          domain: 'dub.sh',
          url: 'https://news.example.com/fact-check/%E2%9C%93',
          createdAt: '2024-03-06T10:00:00.000Z',
          clicks: 310,
        },
      ],
      problems: [notHttp(4, 'javascript:alert(1)')],
      notes: [
        { row: 3, reason: 'no short code in the file: it will get a new code' },
        newCode(5, 'a1'),
        taken(6, 'budget-2024', 2),
        newCode(7, '✓-checked'),
      ],
    })
  })

  it('Dub JSON (GET /api/links): descriptions, expiry, a password, disabledAt as disabled (archived is not)', () => {
    expect(parseImport(dubJson)).toEqual({
      format: 'dub',
      rows: [
        {
          row: 1,
          code: 'budget-2024',
          domain: 'dub.sh',
          url: 'https://news.example.com/2024/03/01/budget-vote',
          title: 'Budget vote: what changes for you',
          description: "Seven things in this year's budget, and who pays for them.",
          createdAt: '2024-03-01T09:15:00.000Z',
          clicks: 1204,
          disabled: false,
        },
        {
          row: 2,
          code: null,
          domain: 'news.example',
          url: 'https://www.example.com/',
          createdAt: '2024-03-02T10:00:00.000Z',
          clicks: 40,
          disabled: false,
        },
        {
          row: 3,
          code: 'members-only',
          domain: 'news.example',
          url: 'https://news.example.com/members/letter',
          title: 'A letter to our members',
          createdAt: '2024-03-03T10:00:00.000Z',
          expiresAt: '2025-01-01T00:00:00.000Z',
          clicks: 12,
          disabled: false,
        },
        {
          row: 4,
          code: null,
          domain: 'dub.sh',
          url: 'https://www.example.com/kultur/café-müller',
          title: 'Café Müller: the last night',
          description: "Ein Abend im Café — and a city's memory.",
          createdAt: '2024-03-04T10:00:00.000Z',
          clicks: 98,
          disabled: true,
        },
        {
          row: 6,
          code: null,
          domain: 'news.example',
          url: 'https://www.example.com/opinion/budget-2024',
          title: 'Opinion: a budget for nobody',
          createdAt: '2024-03-06T10:00:00.000Z',
          clicks: 77,
          disabled: false,
        },
      ],
      problems: [notHttp(5, 'data:text/html,<script>alert(1)</script>')],
      notes: [
        { row: 2, reason: 'no short code in the file: it will get a new code' },
        { row: 3, reason: 'the link asked for a password in Dub; sharelink links have none, so it will open for anyone' },
        newCode(4, 'café-müller'),
        taken(6, 'budget-2024', 1),
      ],
    })
  })

  it('Sink JSON (the dashboard export): Unix-second dates, a slug too short, one sharelink reserves, a protected link', () => {
    expect(parseImport(sinkJson)).toEqual({
      format: 'sink',
      rows: [
        {
          row: 1,
          code: 'budget-vote',
          url: 'https://news.example.com/2024/03/01/budget-vote',
          title: 'Budget vote: what changes for you',
          // A line break in a description means nothing on a card.
          description: "Seven things in this year's budget, and who pays for them.",
          createdAt: '2024-03-01T09:15:00.000Z',
        },
        { row: 2, code: null, url: 'https://www.example.com/world/asia/typhoon', createdAt: '2024-03-02T09:15:00.000Z' },
        {
          row: 4,
          code: 'members',
          url: 'https://news.example.com/members/letter',
          title: 'A letter to our members',
          createdAt: '2024-03-04T09:15:00.000Z',
          expiresAt: '2030-01-01T00:00:00.000Z',
        },
        {
          row: 5,
          code: null,
          url: 'https://www.example.com/opinion/budget-vote',
          title: 'Opinion: a budget for nobody',
          createdAt: '2024-03-05T09:15:00.000Z',
        },
        {
          row: 6,
          code: null,
          url: 'https://news.example.com/data/stats-explained',
          title: 'Statistics, explained',
          createdAt: '2024-03-06T09:15:00.000Z',
        },
        {
          row: 7,
          code: 'tokyo-2024',
          url: 'https://news.example.com/2024/03/07/%E6%9D%B1%E4%BA%AC',
          title: '東京: a city after the quake 🏙️',
          description: 'Reporting from Shinjuku — day three.',
          createdAt: '2024-03-07T09:15:00.000Z',
        },
      ],
      problems: [notHttp(3, 'mailto:letters@news.example.com')],
      notes: [
        newCode(2, 'ty'),
        { row: 4, reason: 'the link asked for a password in Sink; sharelink links have none, so it will open for anyone' },
        taken(5, 'budget-vote', 1),
        { row: 6, reason: 'code "docs" is a path sharelink uses for its own pages: it will get a new code' },
      ],
    })
  })

  it('Shlink CSV (the web client export): every string quoted, offsets, a multi-segment slug, a code on two domains', () => {
    expect(parseImport(shlinkCsv)).toEqual({
      format: 'shlink',
      rows: [
        {
          row: 2,
          code: 'bv24x',
          domain: 's.news.example',
          url: 'https://news.example.com/2024/03/01/budget-vote',
          title: 'Budget vote: what changes for you',
          createdAt: '2024-03-01T09:15:00.000Z',
          clicks: 1204,
        },
        {
          row: 3,
          code: null,
          domain: 's.news.example',
          url: 'https://news.example.com/elections/2024',
          title: 'Election 2024: "every seat, every count"',
          createdAt: '2024-03-02T18:40:12.000Z',
          clicks: 5120,
        },
        {
          row: 6,
          code: 'flood',
          domain: 's.news.example',
          url: 'https://www.example.com/live/floods',
          title: 'Floods, live: the river peaks tonight',
          createdAt: '2024-03-05T07:00:00.000Z',
          clicks: 88,
        },
        {
          row: 7,
          code: null,
          domain: 'nws.example',
          url: 'https://www.example.com/opinion/budget-2024',
          title: '<i>Opinion</i>: a budget for nobody',
          createdAt: '2024-03-06T07:00:00.000Z',
          clicks: 77,
        },
        {
          row: 8,
          code: null,
          domain: 's.news.example',
          url: 'https://news.example.com/culture/na%C3%AFve-art',
          title: 'Naïve art, now',
          createdAt: '2024-03-07T07:00:00.000Z',
          clicks: 12,
        },
      ],
      problems: [notHttp(4, 'tel:+15550100'), { row: 5, reason: 'url is empty' }],
      notes: [newCode(3, '2024/election'), taken(7, 'bv24x', 2), newCode(8, 'naïve')],
    })
  })

  const longTitle =
    "The long read: how one small newsroom spent a year tracing where the city's water goes, who pays for the pipes, why the meters lie, " +
    'and what the council knew all along — a story told in eleven chapters, forty interviews, three thousand invoices and one leaking ' +
    'reservoir at the edge of a town that ha'
  const sharelinkRows = [
    {
      row: 1,
      code: 'Xy7pQ2a',
      domain: 'share.news.example',
      url: 'https://news.example.com/2024/03/01/budget-vote',
      channel: 'x',
      title: 'Budget vote: what changes for you',
      description: "Seven things in this year's budget, and who pays for them.",
      // Set by hand in the old service: kept over what the article says.
      overrides: { title: 'Budget vote: what changes for you', image: 'https://news.example.com/img/budget.jpg' },
      createdAt: '2024-03-01T09:15:00.000Z',
      clicks: 1204,
      disabled: false,
    },
    {
      row: 2,
      code: 'budget-explained',
      domain: 'share.news.example',
      url: 'https://www.example.com/explainers/budget',
      title: '-30% fares: what the budget means for commuters',
      description: 'Fares fall, "for now", says the minister.',
      createdAt: '2024-03-02T10:00:00.000Z',
      expiresAt: '2030-01-01T00:00:00.000Z',
      clicks: 88,
      disabled: true,
    },
    {
      row: 5,
      code: null,
      domain: 'share.news.example',
      url: 'https://www.example.com/sport/cup-final',
      channel: 'facebook',
      title: 'Cup final: the late winner',
      createdAt: '2024-03-05T10:00:00.000Z',
      clicks: 310,
      disabled: false,
    },
    {
      row: 6,
      code: null,
      domain: 'share.news.example',
      url: 'https://news.example.com/tech/old-networks',
      title: "<script>alert('x')</script> & more",
      createdAt: '2024-03-06T10:00:00.000Z',
      clicks: 7,
      disabled: false,
    },
    {
      row: 7,
      code: 'Zu3rich_1',
      domain: 'share.news.example',
      url: 'https://news.example.com/2024/03/07/z%C3%BCrich',
      channel: 'whatsapp',
      title: 'Zürich: Ökonomen warnen 📉',
      description: '経済ニュース — München, São Paulo, Zürich',
      createdAt: '2024-03-07T10:00:00.000Z',
      clicks: 45,
      disabled: false,
    },
    {
      row: 8,
      code: 'long-read',
      domain: 'share.news.example',
      url: 'https://www.example.com/long-read/water',
      channel: 'linkedin',
      title: longTitle,
      createdAt: '2024-03-08T10:00:00.000Z',
      clicks: 12,
      disabled: false,
    },
  ]

  it("sharelink's own JSON export: channels kept, an unknown one dropped, a title cut to 300", () => {
    expect(longTitle).toHaveLength(300)
    expect(parseImport(sharelinkJson)).toEqual({
      format: 'sharelink',
      rows: sharelinkRows,
      problems: [notHttp(3, 'javascript:void(0)'), { row: 4, reason: 'url is empty' }],
      notes: [
        taken(5, 'Xy7pQ2a', 1),
        newCode(6, 'k9'),
        { row: 6, reason: 'channel "myspace" is not one sharelink knows: it is imported without a channel' },
        { row: 8, reason: 'title is longer than 300 characters: cut to 300' },
      ],
    })
  })

  it("sharelink's own CSV export gives the same links one row down (the header), its formula guard taken off", () => {
    expect(sharelinkCsv).toContain("'-30% fares")
    const json = parsed(parseImport(sharelinkJson))
    const down = <T extends { row: number }>(list: T[]) => list.map((item) => ({ ...item, row: item.row + 1 }))
    expect(parseImport(sharelinkCsv)).toEqual({
      format: 'sharelink',
      rows: down(json.rows),
      problems: down(json.problems),
      notes: [
        taken(6, 'Xy7pQ2a', 2),
        newCode(7, 'k9'),
        { row: 7, reason: 'channel "myspace" is not one sharelink knows: it is imported without a channel' },
        { row: 9, reason: 'title is longer than 300 characters: cut to 300' },
      ],
    })
  })
})

describe('telling the format from the content', () => {
  it('names each fixture', () => {
    const fixtures = { bitlyCsv, bitlyJson, dubCsv, dubJson, sinkJson, shlinkCsv, sharelinkJson, sharelinkCsv }
    const named = Object.fromEntries(Object.entries(fixtures).map(([name, text]) => [name, detectFormat(text)]))
    expect(named).toEqual({
      bitlyCsv: 'bitly',
      bitlyJson: 'bitly',
      dubCsv: 'dub',
      dubJson: 'dub',
      sinkJson: 'sink',
      shlinkCsv: 'shlink',
      sharelinkJson: 'sharelink',
      sharelinkCsv: 'sharelink',
    })
  })

  it('reads CSV headers by name, in any order and case, with only the columns an exporter let the user keep', () => {
    expect(detectFormat(' destination url ,SHORT LINK\n')).toBe('dub')
    // Dub lets the user leave out the short link; the file still imports, with new codes.
    expect(detectFormat('Destination URL,Clicks\nhttps://www.example.com/a,3\n')).toBe('dub')
    expect(detectFormat('Bitlink,Long URL,Title\n')).toBe('bitly')
    expect(detectFormat('Title,Destination URL,Link\n')).toBe('bitly')
    expect(detectFormat('longUrl,shortCode\n')).toBe('shlink')
    expect(detectFormat('url,code\n')).toBe('sharelink')
  })

  it('reads JSON by its fields: empty lists too, when the wrapper says whose they are', () => {
    expect(detectFormat('{"version":"1.0","links":[]}')).toBe('sink')
    expect(detectFormat('{"links":[],"pagination":{"next":""}}')).toBe('bitly')
    expect(detectFormat('{"links":[]}')).toBe('sharelink')
    expect(detectFormat('[{"long_url":"https://www.example.com/a","link":"https://bit.ly/abc"}]')).toBe('bitly')
    expect(detectFormat('  \n[{"domain":"dub.sh","key":"abc","url":"https://www.example.com/a"}]')).toBe('dub')
  })

  it('names nothing it does not know, and never goes by a file name', () => {
    for (const text of [
      '',
      '   ',
      'bitly.csv',
      'url,slug\nhttps://www.example.com/a,abc\n',
      '[]',
      '[1,2]',
      '{"links":[{"slug":"abc","url":"https://www.example.com/a"}]}',
      '{"shortUrls":{"data":[]}}',
      '{"links":',
      '"a,b\n',
    ]) {
      expect([text, detectFormat(text)]).toEqual([text, null])
    }
  })
})

describe('what each row may bring', () => {
  const one = (text: string) => parsed(parseImport(text))

  it('a URL over 2048 characters is a problem; one of exactly 2048 is taken', () => {
    const base = 'https://www.example.com/'
    const at = (length: number) => base + 'a'.repeat(length - base.length)
    const result = one(`code,url\nabc,${at(2049)}\nabd,${at(2048)}\n`)
    expect(result.problems).toEqual([{ row: 2, reason: 'url is longer than 2048 characters' }])
    expect(result.rows.map((r) => [r.row, r.url.length])).toEqual([[3, 2048]])
  })

  it('a URL that is no address at all, or only spaces, is a problem', () => {
    const result = one('code,url\nabc,not a url\nabd,   \nabe, https://www.example.com/trimmed \n')
    expect(result.problems).toEqual([
      { row: 2, reason: 'url "not a url" is not a web address' },
      { row: 3, reason: 'url is empty' },
    ])
    expect(result.rows).toEqual([{ row: 4, code: 'abe', url: 'https://www.example.com/trimmed' }])
  })

  it('a JSON entry that is not an object is a problem, and the rows after it keep their numbers', () => {
    const result = one('{"links":[null,"https://www.example.com/a",{"code":"abc","url":"https://www.example.com/b"}]}')
    expect(result.problems).toEqual([
      { row: 1, reason: 'not a link (not an object)' },
      { row: 2, reason: 'not a link (not an object)' },
    ])
    expect(result.rows).toEqual([{ row: 3, code: 'abc', url: 'https://www.example.com/b' }])
  })

  it('fields of the wrong type are read as absent, never trusted', () => {
    const result = one(
      '{"links":[{"code":42,"url":"https://www.example.com/a","title":["x"],"createdAt":true,"clicks":"many","disabled":"yes","channel":7}]}',
    )
    expect(result.rows).toEqual([{ row: 1, code: null, url: 'https://www.example.com/a' }])
    expect(result.notes).toEqual([
      { row: 1, reason: 'no short code in the file: it will get a new code' },
      { row: 1, reason: 'creation date "true" is not a date this import reads: it will carry the date of the import' },
    ])
  })

  it('blank lines hold no link, yet count as rows, as in a spreadsheet', () => {
    const result = one('code,url\r\n\r\nabc,https://www.example.com/a\r\n   \r\n,\r\n')
    expect(result.rows).toEqual([{ row: 3, code: 'abc', url: 'https://www.example.com/a' }])
    // "," is two empty cells: a row someone left empty, not a blank line.
    expect(result.problems).toEqual([{ row: 5, reason: 'url is empty' }])
  })

  it('a code on the reserved list is refused in any case; a code at the length bounds is kept', () => {
    const result = one(
      `code,url\nAPI,https://www.example.com/a\nabc,https://www.example.com/b\n${'z'.repeat(64)},https://www.example.com/c\n${'z'.repeat(65)},https://www.example.com/d\n`,
    )
    expect(result.rows.map((r) => r.code)).toEqual([null, 'abc', 'z'.repeat(64), null])
    expect(result.notes.map((n) => n.reason)).toEqual([
      'code "API" is a path sharelink uses for its own pages: it will get a new code',
      `code "${'z'.repeat(65)}" is not a valid sharelink code (3 to 64 of A-Z a-z 0-9 _ -): it will get a new code`,
    ])
  })

  it('codes differ by case, as sharelink codes do', () => {
    const result = one('code,url\nAbcde,https://www.example.com/a\nabcde,https://www.example.com/b\n')
    expect(result.rows.map((r) => r.code)).toEqual(['Abcde', 'abcde'])
  })

  it('a code read from a short link is decoded, and its domain lower-cased', () => {
    const result = one(
      'Link,Destination URL\nHTTPS://NWS.Example/Story%2DOne,https://www.example.com/a\nbit.ly/abcd,https://www.example.com/b\n',
    )
    expect(result.rows).toEqual([
      { row: 2, code: 'Story-One', domain: 'nws.example', url: 'https://www.example.com/a' },
      { row: 3, code: 'abcd', domain: 'bit.ly', url: 'https://www.example.com/b' },
    ])
  })

  it('descriptions are cut at 1000, never inside a surrogate pair; broken Unicode is mended, not refused', () => {
    const description = `${'d'.repeat(999)}😀 and more`
    const result = one(
      JSON.stringify({ links: [{ code: 'abc', url: 'https://www.example.com/a', description, title: 'lone \uD800 surrogate' }] }),
    )
    expect(result.rows[0]!.description).toBe('d'.repeat(999))
    expect(result.rows[0]!.title).toBe('lone \uFFFD surrogate')
    expect(result.notes).toEqual([{ row: 1, reason: 'description is longer than 1000 characters: cut to 1000' }])
  })

  it('an expiry it cannot read is said, and the link comes without one', () => {
    const result = one('{"links":[{"code":"abc","url":"https://www.example.com/a","expiresAt":"next Tuesday"}]}')
    expect(result.rows).toEqual([{ row: 1, code: 'abc', url: 'https://www.example.com/a' }])
    expect(result.notes).toEqual([
      { row: 1, reason: 'expiry date "next Tuesday" is not a date this import reads: it is imported without an expiry' },
    ])
  })

  it('a quote in front of a formula-like cell is taken off only where the exporter puts it', () => {
    const sharelink = one("code,url,title\nabc,https://www.example.com/a,'=SUM(A1)\nabd,https://www.example.com/b,'quoted\n")
    expect(sharelink.rows.map((r) => r.title)).toEqual(['=SUM(A1)', "'quoted"])
    const shlink = one("shortCode,longUrl,title\nabc,https://www.example.com/a,'=SUM(A1)\n")
    expect(shlink.rows[0]!.title).toBe("'=SUM(A1)")
  })

  it('clicks are whole numbers or nothing', () => {
    const result = one(
      'code,url,clicks\naaa,https://www.example.com/a, 12 \naab,https://www.example.com/b,1.5\naac,https://www.example.com/c,-3\n',
    )
    expect(result.rows.map((r) => r.clicks)).toEqual([12, undefined, undefined])
  })
})

describe('dates', () => {
  it('reads ISO 8601 with any offset, Bitly +0000, no zone as UTC, and Unix seconds', () => {
    expect(isoUtc('2024-03-01T09:15:00Z')).toBe('2024-03-01T09:15:00.000Z')
    expect(isoUtc('2024-03-01T09:15:00.5+01:00')).toBe('2024-03-01T08:15:00.500Z')
    expect(isoUtc('2024-03-01T09:15:00-0530')).toBe('2024-03-01T14:45:00.000Z')
    expect(isoUtc('2024-03-01T09:15:00+0000')).toBe('2024-03-01T09:15:00.000Z')
    expect(isoUtc('2024-03-01 09:15')).toBe('2024-03-01T09:15:00.000Z')
    expect(isoUtc('2024-03-01')).toBe('2024-03-01T00:00:00.000Z')
    expect(isoUtc('2024-02-29T23:59:59.999999Z')).toBe('2024-02-29T23:59:59.999Z')
    expect(isoUtc(1709284500)).toBe('2024-03-01T09:15:00.000Z')
    expect(isoUtc(0)).toBe('1970-01-01T00:00:00.000Z')
  })

  it('tells "no date" (undefined) from "a date it cannot read" (null)', () => {
    for (const absent of [undefined, null, '', '   ']) expect(isoUtc(absent)).toBeUndefined()
    for (const bad of [
      '2023-02-29',
      '2024-04-31T00:00:00Z',
      '2024-03-01T24:00:00Z',
      '2024-03-01T12:60:00Z',
      '2024-03-01T12:00:60Z',
      '2024-03-01T12:00:00+25:00',
      '0099-01-01',
      '03/01/2024',
      'Mar 1, 2024',
      '1709284500',
      -1,
      1.5,
      Number.NaN,
      1e15,
      true,
      {},
    ]) {
      expect([bad, isoUtc(bad)]).toEqual([bad, null])
    }
  })
})

describe('files refused whole', () => {
  it('an empty file, broken JSON, a quote never closed, or no export this reads: each with its reason', () => {
    expect(parseImport('')).toEqual({ error: 'the file is empty' })
    expect(parseImport('\uFEFF \r\n')).toEqual({ error: 'the file is empty' })
    expect(parseImport('{"links": [')).toEqual({ error: 'the file starts like JSON but is not valid JSON' })
    expect(parseImport('code,url\nabc,"https://www.example.com/a\n')).toEqual({
      error: 'the CSV is broken: a quoted cell that starts on row 2 is never closed',
    })
    const notAnExport = {
      error: 'this is not an export this import reads: it takes Bitly, Dub, Sink, Shlink and sharelink exports, in CSV or JSON',
    }
    expect(parseImport('name,email\nA,a@example.com\n')).toEqual(notAnExport)
    expect(parseImport('{"shortUrls":{"data":[]}}')).toEqual(notAnExport)
  })

  it('over 5 MiB, counted in UTF-8 bytes as uploaded', () => {
    const header = 'code,url,title\n'
    const fill = (bytes: number, char: string, size: number) => char.repeat(Math.floor((bytes - header.length) / size))
    // "é" is two bytes: half as many characters reach the bound.
    const justUnder = header + fill(MAX_IMPORT_BYTES, 'é', 2)
    expect(parseImport(justUnder)).not.toHaveProperty('error')
    expect(parseImport(`${justUnder}é`)).toEqual({ error: 'the file is larger than 5 MiB: split it into smaller files' })
    expect(parseImport(header + fill(MAX_IMPORT_BYTES + 3, '€', 3))).toEqual({
      error: 'the file is larger than 5 MiB: split it into smaller files',
    })
  })

  it('over 10,000 links, a CSV or a JSON list; exactly 10,000 is read', () => {
    const csv = (n: number) => `code,url\r\n${Array.from({ length: n }, (_, i) => `c${i}xx,https://www.example.com/${i}`).join('\r\n')}\r\n`
    const all = parsed(parseImport(csv(MAX_IMPORT_ROWS)))
    expect(all.rows).toHaveLength(10_000)
    expect(all.rows.at(-1)).toEqual({ row: 10_001, code: 'c9999xx', url: 'https://www.example.com/9999' })
    expect(parseImport(csv(MAX_IMPORT_ROWS + 1))).toEqual({
      error: 'the file has 10,001 links, more than 10,000: split it into smaller files',
    })
    const json = JSON.stringify({ links: Array.from({ length: MAX_IMPORT_ROWS + 1 }, () => ({ code: 'abc' })) })
    expect(parseImport(json)).toEqual({ error: 'the file has 10,001 links, more than 10,000: split it into smaller files' })
  })

  it('never throws, whatever the text or whatever the JSON of each format holds', () => {
    const shapes = (link: unknown) => [
      JSON.stringify({ links: [link] }),
      JSON.stringify({ version: '1.0', links: [{ slug: 'abc' }, link] }),
      JSON.stringify({ links: [{ long_url: 'x' }, link], pagination: {} }),
      JSON.stringify([{ key: 'k', domain: 'd', url: 'u' }, link]),
    ]
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.jsonValue(),
        fc.dictionary(
          fc.constantFrom(
            'code',
            'url',
            'slug',
            'long_url',
            'key',
            'title',
            'createdAt',
            'expiration',
            'created_at',
            'custom_bitlinks',
            'disabledAt',
            'password',
            'clicks',
            'channel',
          ),
          fc.jsonValue(),
        ),
        (text, value, link) => {
          for (const input of [text, JSON.stringify(value), `code,url\n${text}`, `shortCode,longUrl\n${text}`, ...shapes(link)]) {
            const result = parseImport(input)
            expect('error' in result || Array.isArray(result.rows)).toBe(true)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
