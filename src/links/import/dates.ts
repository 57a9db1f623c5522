/** @module Dates as exports write them, read into ISO 8601 UTC. */

// Never Date.parse: what it makes of anything but strict ISO 8601 differs between engines, and Bitly
// writes offsets as +0000, which ISO's date-time string format does not allow.
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/** Year 9999's last second: beyond it toISOString writes a six-digit year nobody means. */
const MAX_SECONDS = 253_402_300_799

/**
 * `value` as an ISO 8601 UTC string: a string `YYYY-MM-DD[( |T)hh:mm[:ss[.fff]]][Z|±hh[:]mm]` (no zone is
 * read as UTC), or a number of Unix seconds. `undefined` when there is no date, null when there is one
 * this can't read.
 */
export function isoUtc(value: unknown): string | null | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value <= MAX_SECONDS ? new Date(value * 1000).toISOString() : null
  }
  if (typeof value !== 'string') return null
  const m = DATE.exec(value.trim())
  if (!m) return value.trim() ? null : undefined
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number]
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3))
  const local = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms))
  // Date.UTC rolls 31 April into 1 May: a date that does not survive the round trip was never a date.
  if (local.getUTCFullYear() !== y || local.getUTCMonth() !== mo - 1 || local.getUTCDate() !== d || local.getUTCHours() !== h) return null
  const offset = offsetMinutes(m[8])
  if (mi > 59 || s > 59 || Math.abs(offset) > 18 * 60) return null
  return new Date(local.getTime() - offset * 60_000).toISOString()
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0
  const digits = zone.slice(1).replace(':', '')
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)
  return zone[0] === '-' ? -minutes : minutes
}
