/** @module The opaque cursor of a keyset page: the last row's time and id, which the next page starts after. */
import { ApiError } from '../errors'

export function encodeCursor(at: string, id: string): string {
  return btoa(JSON.stringify([at, id])).replace(/=+$/, '')
}

/** A cursor back as (time, id); anything this API did not hand out is a 400. */
export function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(atob(cursor))
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string]
  } catch {}
  throw new ApiError('invalid_request', 'cursor is not one this API returned')
}
