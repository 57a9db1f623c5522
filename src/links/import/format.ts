/** @module The shape of a format module: how it recognises its export, and what it reads from each link. */
import type { SourceRow } from './rows'
import type { ImportFormat } from './types'

export type Fields = Record<string, unknown>

export interface Format {
  name: ImportFormat
  json?: {
    /** The export's list of links when `data` is this format's JSON export, else undefined. */
    links(data: unknown): unknown[] | undefined
    read(link: Fields): SourceRow
  }
  csv?: {
    /** Whether a header with these columns (trimmed, lower-cased) is this format's. */
    matches(columns: ReadonlySet<string>): boolean
    /** `cell` gives a column's value in the record ('' when the column or the cell is missing). */
    read(cell: (column: string) => string): SourceRow
    /** The exporter puts a ' before a cell that starts with = + - @ tab or CR (a spreadsheet formula guard). */
    formulaGuard?: boolean
  }
}

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The first link of a list that is an object: the one a format is recognised by. */
export function firstFields(list: unknown[]): Fields | undefined {
  return list.find(isFields)
}

/** An object export's `links` list, when it has one. */
export function linksOf(data: unknown): unknown[] | undefined {
  return isFields(data) && Array.isArray(data.links) ? data.links : undefined
}

export function hasAny(columns: ReadonlySet<string>, names: string[]): boolean {
  return names.some((name) => columns.has(name))
}
