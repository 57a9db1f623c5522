/** @module What reading an export yields: its format, the links it holds, and what could not be taken as it was. */
import type { Channel } from '../channels'

/** The exports this import reads; docs/import-formats.md says where each one's shape comes from. */
export type ImportFormat = 'bitly' | 'dub' | 'sink' | 'shlink' | 'sharelink'

/** One link of the export, checked: its URL is an http(s) address, its code (when kept) a valid, unused sharelink code. */
export interface ImportRow {
  /**
   * Where the link is in the file, counted as a person would find it: in a CSV the record number as a
   * spreadsheet shows it (the header is row 1, so the first link is row 2, whatever line breaks its cells
   * hold); in JSON the link's position in its list, from 1.
   */
  row: number
  /** The short code as the old service had it (the path after its domain), or null when it can't be kept. */
  code: string | null
  /** The old short link's domain, when the export names it: codes were unique per domain there, not here. */
  domain?: string
  /** The long URL (the article), as written in the file. */
  url: string
  title?: string
  description?: string
  /** The card's fields set by hand in sharelink (its own export's `setByHand`): kept over what the article says. */
  overrides?: { title?: string; description?: string; image?: string }
  /** ISO 8601 UTC. */
  createdAt?: string
  /** ISO 8601 UTC; may be in the past (sharelink then answers 410 for it). */
  expiresAt?: string
  /** Only sharelink's own export has channels. */
  channel?: Channel
  /** All-time clicks, when the export has them: for the import's report, never as sharelink's own counts. */
  clicks?: number
  disabled?: boolean
}

/** A row, and a sentence a person understands about it. */
export interface RowNote {
  row: number
  reason: string
}

export interface ParsedImport {
  format: ImportFormat
  /** The links that can be imported. */
  rows: ImportRow[]
  /** Rows that can't be imported (no URL, not http(s), not a link at all): they are left out of `rows`. */
  problems: RowNote[]
  /** Rows that are imported, but not quite as they were: a new code, a title cut short, a date not read. */
  notes: RowNote[]
}

/** A file refused as a whole: too big, too many rows, unreadable, or not an export this import knows. */
export interface ImportRefusal {
  error: string
}

export type ImportResult = ParsedImport | ImportRefusal
