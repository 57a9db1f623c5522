/** @module From the loose fields a format reads to checked import rows, or the reason a row can't be taken. */
import { CHANNELS, type Channel } from '../channels'
import { isReserved } from '../codes'
import { CODE } from '../schema'
import { isoUtc } from './dates'
import type { ImportFormat, ImportRow, ParsedImport } from './types'

/** What a format reads from one of its records, before any check: values as the file has them. */
export interface SourceRow {
  url: unknown
  /** The code as the export names it; when absent, it is read from `shortUrl`'s path. */
  code?: unknown
  shortUrl?: unknown
  /** When absent, the host of `shortUrl`. */
  domain?: unknown
  title?: unknown
  description?: unknown
  /** sharelink's own export only: the card's image, and which of title, description and image were set by hand. */
  image?: unknown
  setByHand?: unknown
  createdAt?: unknown
  expiresAt?: unknown
  channel?: unknown
  clicks?: unknown
  disabled?: unknown
  /** The old service asked for a password before redirecting: sharelink links have none. */
  passwordProtected?: boolean
}

/** The lengths sharelink's own schema allows (links/schema.ts), in UTF-16 code units as zod counts them. */
const MAX_URL = 2048
const MAX_TITLE = 300
const MAX_DESCRIPTION = 1000

const NAMES: Record<ImportFormat, string> = { bitly: 'Bitly', dub: 'Dub', sink: 'Sink', shlink: 'Shlink', sharelink: 'sharelink' }

/** Checks each source row in file order; a code seen earlier is not given twice. */
export function collect(format: ImportFormat, sources: Iterable<[row: number, source: SourceRow | string]>): ParsedImport {
  const out: ParsedImport = { format, rows: [], problems: [], notes: [] }
  const taken = new Map<string, ImportRow>()
  for (const [row, source] of sources) {
    if (typeof source === 'string') {
      out.problems.push({ row, reason: source })
      continue
    }
    const note = (reason: string) => out.notes.push({ row, reason })
    const url = checkUrl(source.url)
    if (!url.ok) {
      out.problems.push({ row, reason: url.reason })
      continue
    }
    const link: ImportRow = { row, code: null, url: url.url }
    const { code, domain } = codeAndDomain(source)
    if (domain) link.domain = domain
    const earlier = code ? taken.get(code) : undefined
    if (earlier && earlier.url === link.url) {
      out.problems.push({ row, reason: `the same link as row ${earlier.row} (code ${show(code)}, same url)` })
      continue
    }
    const refused = codeRefusal(code, earlier)
    if (refused) note(`${refused}: it will get a new code`)
    else if (code) {
      link.code = code
      taken.set(code, link)
    }
    text(link, 'title', source.title, MAX_TITLE, note)
    text(link, 'description', source.description, MAX_DESCRIPTION, note)
    handSet(link, source, note)
    date(link, 'createdAt', source.createdAt, note, 'it will carry the date of the import')
    date(link, 'expiresAt', source.expiresAt, note, 'it is imported without an expiry')
    if (typeof source.channel === 'string' && source.channel.trim()) {
      const channel = source.channel.trim()
      if (isChannel(channel)) link.channel = channel
      else note(`channel ${show(channel)} is not one sharelink knows: it is imported without a channel`)
    }
    const clicks = count(source.clicks)
    if (clicks !== undefined) link.clicks = clicks
    const disabled = flag(source.disabled)
    if (disabled !== undefined) link.disabled = disabled
    if (source.passwordProtected)
      note(`the link asked for a password in ${NAMES[format]}; sharelink links have none, so it will open for anyone`)
    out.rows.push(link)
  }
  return out
}

type UrlCheck = { ok: true; url: string } | { ok: false; reason: string }

function checkUrl(value: unknown): UrlCheck {
  const url = typeof value === 'string' ? value.trim() : ''
  if (!url) return { ok: false, reason: 'url is empty' }
  if (url.length > MAX_URL) return { ok: false, reason: `url is longer than ${MAX_URL} characters` }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { ok: false, reason: `url ${show(url)} is not a web address` }
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return { ok: false, reason: `url ${show(url)} is not an http(s) address` }
  return { ok: true, url }
}

/** The code the row names, or the path of its short link; and the short link's domain. */
function codeAndDomain(source: SourceRow): { code: string; domain: string | undefined } {
  let code = typeof source.code === 'string' ? source.code.trim() : ''
  let domain = typeof source.domain === 'string' ? source.domain.trim().toLowerCase() : ''
  const short = typeof source.shortUrl === 'string' ? source.shortUrl.trim() : ''
  if (short && (!code || !domain)) {
    // Bitly's ids ("bit.ly/abc") and some CSVs leave out the scheme.
    const parsed = URL.parse(/^[a-z][a-z\d+.-]*:\/\//i.test(short) ? short : `https://${short}`)
    if (parsed) {
      domain ||= parsed.host
      code ||= decodePath(parsed.pathname.slice(1))
    }
  }
  return { code, domain: domain || undefined }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/** Why `code` can't be kept, or null when it can. */
function codeRefusal(code: string, earlier: ImportRow | undefined): string | null {
  if (!code) return 'no short code in the file'
  if (!CODE.test(code)) return `code ${show(code)} is not a valid sharelink code (3 to 64 of A-Z a-z 0-9 _ -)`
  if (isReserved(code)) return `code ${show(code)} is a path sharelink uses for its own pages`
  if (earlier) return `code ${show(code)} is already taken by row ${earlier.row}`
  return null
}

function text(link: ImportRow, field: 'title' | 'description', value: unknown, max: number, note: (reason: string) => void): void {
  if (typeof value !== 'string') return
  // Line breaks and runs of spaces (a cell typed in a spreadsheet) mean nothing on a card.
  let clean = value.replace(/\s+/g, ' ').trim().toWellFormed()
  if (!clean) return
  if (clean.length > max) {
    // Cut where no surrogate pair is split, so the text stays valid Unicode.
    const end = clean.charCodeAt(max - 1) >= 0xd800 && clean.charCodeAt(max - 1) <= 0xdbff ? max - 1 : max
    clean = clean.slice(0, end).trimEnd()
    note(`${field} is longer than ${max} characters: cut to ${max}`)
  }
  link[field] = clean
}

function date(link: ImportRow, field: 'createdAt' | 'expiresAt', value: unknown, note: (reason: string) => void, instead: string): void {
  const iso = isoUtc(value)
  if (iso) link[field] = iso
  else if (iso === null)
    note(`${field === 'createdAt' ? 'creation date' : 'expiry date'} ${show(String(value))} is not a date this import reads: ${instead}`)
}

function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value)
}

function count(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined
  if (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) return Number(value)
  return undefined
}

function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value !== 'string') return undefined
  const word = value.trim().toLowerCase()
  return word === 'true' ? true : word === 'false' ? false : undefined
}

/** A value quoted for a sentence, kept short: a code or URL from a file can be anything. */
function show(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 79)}…` : value)
}

const HAND_SET = ['title', 'description', 'image'] as const

/**
 * The fields sharelink's export names in `setByHand` (a JSON list, or names apart by spaces in CSV)
 * become the link's overrides again: a re-read of the article must not replace a headline the
 * publisher wrote for sharing.
 */
function handSet(link: ImportRow, source: SourceRow, note: (reason: string) => void): void {
  const names = Array.isArray(source.setByHand)
    ? source.setByHand
    : typeof source.setByHand === 'string'
      ? source.setByHand.split(/[\s,]+/).filter(Boolean)
      : []
  const overrides: NonNullable<ImportRow['overrides']> = {}
  for (const name of names) {
    if (name === 'title' && link.title) overrides.title = link.title
    else if (name === 'description' && link.description) overrides.description = link.description
    else if (name === 'image' && typeof source.image === 'string' && checkUrl(source.image).ok) overrides.image = source.image
    else
      note(
        `setByHand names ${show(String(name))}, which this row has no valid value for (${HAND_SET.join(', ')} can be): it is read from the article`,
      )
  }
  if (Object.keys(overrides).length) link.overrides = overrides
}
