/** @module From an export's text to its format and its records (JSON links or CSV rows), without checking any link. */
import { parseCsv, UnclosedQuote } from './csv'
import type { Format } from './format'
import { FORMATS } from './formats'
import type { ImportRefusal } from './types'

export type Decoded =
  | { format: Format; json: unknown[] }
  | {
      format: Format
      /** The records after the header, each with its row number as a spreadsheet shows it (the header is row 1). */
      csv: [row: number, cells: string[]][]
      /** Trimmed, lower-cased column name → cell index. */
      columns: Map<string, number>
    }

export const NOT_AN_EXPORT =
  'this is not an export this import reads: it takes Bitly, Dub, Sink, Shlink and sharelink exports, in CSV or JSON'

/** Which format `text` is in, told from its content alone (JSON field names, CSV header), and its records. */
export function decode(text: string): Decoded | ImportRefusal {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const start = body.trimStart()[0]
  if (start === undefined) return { error: 'the file is empty' }
  return start === '{' || start === '[' ? decodeJson(body) : decodeCsv(body)
}

function decodeJson(body: string): Decoded | ImportRefusal {
  let data: unknown
  try {
    data = JSON.parse(body)
  } catch {
    return { error: 'the file starts like JSON but is not valid JSON' }
  }
  for (const format of FORMATS) {
    const links = format.json?.links(data)
    if (links) return { format, json: links }
  }
  return { error: NOT_AN_EXPORT }
}

function decodeCsv(body: string): Decoded | ImportRefusal {
  let records: string[][]
  try {
    records = parseCsv(body)
  } catch (err) {
    if (err instanceof UnclosedQuote) return { error: `the CSV is broken: ${err.message}` }
    throw err
  }
  const columns = new Map<string, number>()
  records[0]?.forEach((name, i) => {
    const key = name.trim().toLowerCase()
    if (!columns.has(key)) columns.set(key, i)
  })
  const names = new Set(columns.keys())
  const format = FORMATS.find((f) => f.csv?.matches(names))
  if (!format) return { error: NOT_AN_EXPORT }
  const csv: [number, string[]][] = []
  // A blank line (one empty cell) is no link, not even a broken one; it still counts as a row.
  records.forEach((cells, i) => {
    if (i > 0 && (cells.length > 1 || cells[0]?.trim())) csv.push([i + 1, cells])
  })
  return { format, csv, columns }
}
