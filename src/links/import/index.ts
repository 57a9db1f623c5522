/**
 * @module Reading another link shortener's export (or sharelink's own) into links to import: pure, so
 * the import route and the command line share it. Formats and their sources: docs/import-formats.md.
 */
import { type Decoded, decode } from './decode'
import { isFields } from './format'
import { collect, type SourceRow } from './rows'
import type { ImportFormat, ImportResult } from './types'

export type { ImportFormat, ImportRefusal, ImportResult, ImportRow, ParsedImport, RowNote } from './types'

/** Bigger files are refused whole: split them. The bounds keep one import within a Worker's memory and time. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024
export const MAX_IMPORT_ROWS = 10_000

/** The format of an export, told from its content (never its file name), or null when it is none this reads. */
export function detectFormat(text: string): ImportFormat | null {
  const decoded = decode(text)
  return 'error' in decoded ? null : decoded.format.name
}

/**
 * The links of an export, checked one by one. Never throws: a file that can't be read as a whole
 * (over the bounds, broken, not an export) gives `{ error }`; a link that can't be imported goes to
 * `problems`, one imported with a change goes to `notes`.
 */
export function parseImport(text: string): ImportResult {
  if (utf8Bytes(text) > MAX_IMPORT_BYTES) return { error: 'the file is larger than 5 MiB: split it into smaller files' }
  const decoded = decode(text)
  if ('error' in decoded) return decoded
  const count = 'json' in decoded ? decoded.json.length : decoded.csv.length
  if (count > MAX_IMPORT_ROWS) {
    return {
      error: `the file has ${count.toLocaleString('en')} links, more than ${MAX_IMPORT_ROWS.toLocaleString('en')}: split it into smaller files`,
    }
  }
  return collect(decoded.format.name, sources(decoded))
}

function* sources(decoded: Decoded): Generator<[number, SourceRow | string]> {
  const { json, csv } = decoded.format
  if ('json' in decoded) {
    for (const [i, link] of decoded.json.entries()) {
      yield [i + 1, isFields(link) ? json!.read(link) : 'not a link (not an object)']
    }
    return
  }
  const { columns } = decoded
  for (const [row, cells] of decoded.csv) {
    const cell = (column: string) => {
      const value = cells[columns.get(column) ?? -1] ?? ''
      return csv!.formulaGuard && /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value
    }
    yield [row, csv!.read(cell)]
  }
}

/** UTF-8 length without encoding the text: the bound is on what was uploaded, which is bytes. */
function utf8Bytes(text: string): number {
  // Every UTF-16 unit is at least one byte: a text that long in units is over already.
  if (text.length > MAX_IMPORT_BYTES) return text.length
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    // 2 bytes below U+0800, 3 up to U+FFFF, 4 for a surrogate pair (2 units, so 1 more each).
    if (c >= 0x80) bytes += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2
  }
  return bytes
}
