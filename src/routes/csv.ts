/** @module CSV as spreadsheets read it (RFC 4180), safe to open: no cell can start a formula. */

function cell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return String(value)
  let text = String(value)
  // Article titles come from the articles: a leading = + - @ would run as a formula in a spreadsheet.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One line of cells, ended as RFC 4180 ends it. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(cell).join(',')}\r\n`
}

/** A header row, then one row per record, each cell read by `pick`. */
export function toCsv<T>(columns: string[], rows: T[], pick: (row: T, column: string) => unknown): string {
  return csvLine(columns) + rows.map((row) => csvLine(columns.map((c) => pick(row, c)))).join('')
}
