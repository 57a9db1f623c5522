/** @module An RFC 4180 CSV reader: quoted cells, "" escapes, CRLF/LF/CR line ends, line breaks inside quotes, a leading BOM. */

// Hand-written rather than a dependency: papaparse (no dependencies) would add ~20 KB of streaming, worker
// and file-reading code a Worker never runs, d3-dsv brings commander, iconv-lite and rw, csv-simple-parser
// brings detect-eol; reading one string into rows is a single pass that slices the text.

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13

/** A quoted cell that is never closed: without this, the rest of the file would silently become one cell. */
export class UnclosedQuote extends Error {
  constructor(readonly row: number) {
    super(`a quoted cell that starts on row ${row} is never closed`)
  }
}

/** Where the unquoted part of a cell that starts at `i` ends: at a comma, a line end or the end of the text. */
function cellEnd(text: string, i: number): number {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === COMMA || c === LF || c === CR) return i
  }
  return i
}

/**
 * The records of `text`, each a list of cells. A line end closes a record; a final one does not open an
 * empty record after it, but an empty line elsewhere is a record of one empty cell. Lenient where RFC 4180
 * is silent: a stray quote inside an unquoted cell, or text after a closing quote, is kept as written.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  while (i < text.length) {
    let cell = ''
    if (text.charCodeAt(i) === QUOTE) {
      for (let from = i + 1; ; ) {
        const q = text.indexOf('"', from)
        if (q < 0) throw new UnclosedQuote(rows.length + 1)
        cell += text.slice(from, q)
        if (text.charCodeAt(q + 1) !== QUOTE) {
          i = q + 1
          break
        }
        cell += '"'
        from = q + 2
      }
    }
    const end = cellEnd(text, i)
    row.push(end > i ? cell + text.slice(i, end) : cell)
    i = end
    if (text.charCodeAt(i) === COMMA) {
      // A comma always opens one more cell, even as the last character of the text.
      if (++i === text.length) row.push('')
      continue
    }
    if (i < text.length) i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1
    rows.push(row)
    row = []
  }
  if (row.length) rows.push(row)
  return rows
}
