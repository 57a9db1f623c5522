/**
 * @module Salting readers: each day (of REPORT_TIMEZONE) of a link has a secret salt of its own, made by its counter
 * and dropped after a week, and a reader is their prehash hashed again with SipHash-2-4 keyed by
 * it. Only that salted number is ever stored.
 */

import type { Zone } from '../time'
import type { Who } from './days'
import { base64url, prehashes } from './hits'
import { sipHash24, sipKey } from './siphash'
import type { Batch, Hit } from './types'

const encoder = new TextEncoder()

export class Salts {
  /** Salts of days that have no row yet (made now, stored with the day's first row). */
  private readonly fresh = new Map<string, string>()
  /** SipHash keys by salt: today's and yesterday's, nearly always. */
  private readonly keys = new Map<string, Uint32Array>()

  /** `stored(date)`: the salt in the day's row, if it has one. */
  constructor(private readonly stored: (date: string) => string | undefined) {}

  /** The salt of `date`: its row's, or a new one until the row is written. */
  saltOf(date: string): string {
    const salt = this.stored(date) ?? this.fresh.get(date)
    if (salt) return salt
    const made = base64url(crypto.getRandomValues(new Uint8Array(16)))
    this.fresh.set(date, made)
    return made
  }

  /** The day's row now holds its salt. */
  kept(date: string): void {
    this.fresh.delete(date)
  }

  /**
   * Who each hit is, salted with its day's salt: numbers (53 bits of SipHash), keyed by the hit,
   * since a raw and a sealed hit of one reader meet here and are named alike (their prehashes).
   */
  async who(batches: Batch[], zone: Zone): Promise<Map<Hit, Who>> {
    const out = new Map<Hit, Who>()
    for (const batch of batches) {
      for (const hit of batch.hits) {
        const { reader, client } = prehashes(hit, zone)
        if (reader === undefined) continue
        const salt = this.saltOf(zone.dateOf(hit.t))
        // Known keys without an await: a turn of the microtask queue per hit adds up on a busy link.
        const key = this.keys.get(salt) ?? (await this.keyOf(salt))
        out.set(hit, { reader: salted(key, reader), client: client === undefined ? undefined : salted(key, client) })
      }
    }
    return out
  }

  /** The SipHash key of a day's salt: the first 16 bytes of its SHA-256. */
  private async keyOf(salt: string): Promise<Uint32Array> {
    const key = sipKey(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(salt)), 0, 16))
    if (this.keys.size >= 4) this.keys.clear()
    this.keys.set(salt, key)
    return key
  }
}

function salted(key: Uint32Array, text: string): string {
  const [hi, lo] = sipHash24(key, encoder.encode(text))
  return String((hi & 0x1fffff) * 2 ** 32 + lo)
}
