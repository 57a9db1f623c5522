/**
 * Reading other link shorteners' exports: the CSV reader, each format's fixture end to end (written by
 * hand from the formats docs/import-formats.md documents), detection from content, every edge a real
 * file brings, and the bounds that refuse a file whole.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsv, UnclosedQuote } from '../src/links/import/csv'
import { toCsv } from '../src/routes/csv'

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
